"""Grid search of artindex's query-time ranking knobs on one collection's dev half.

    .venv/bin/python scripts/eval_grid.py cranfield "{'bm25_k1': [0.8, 1.2], 'body_b': [0.4, 0.75]}"

Knobs are set for the collection's language (inside ``languages.en`` for the English ones).
Builds the collection once (under /tmp), scores every combination on the dev half (even query
positions; KorQuAD: every 4th of them), then reports the best one on the test half too.
Metric: MRR@10 for KorQuAD, nDCG@10 otherwise.
"""

from __future__ import annotations

import ast
import itertools
import shutil
import statistics
import sys
from pathlib import Path

import artindex
from artindex.indexer import build_articles
from artindex.settings import Settings
from evallib import artindex_run, data, metrics

LOADERS = {"cranfield": data.load_cranfield, "cisi": data.load_cisi, "korquad": data.load_korquad}


def main(name: str, grid_text: str) -> None:
    coll = LOADERS[name]()
    ix = Path(f"/tmp/artindex-grid-{name}")
    shutil.rmtree(ix, ignore_errors=True)
    articles = (
        artindex.Article(id=d.id, title=d.title, body=d.text, lang=coll.lang) for d in coll.docs
    )
    build_articles(articles, ix, Settings())
    dev, test = data.split_halves(coll.queries)
    if name == "korquad":
        dev, test = dev[::4], test[::4]
    metric = metrics.reciprocal_rank if name == "korquad" else metrics.ndcg_at
    grid = ast.literal_eval(grid_text)
    keys = list(grid)

    def score(settings: Settings, queries: list[data.Query]) -> float:
        idx = artindex.Index.open(ix, settings)
        ranked = {q.id: [h.id for h in idx.search(q.text, snippets=False)] for q in queries}
        return statistics.mean(metric(ranked[q.id], coll.qrels[q.id]) for q in queries)

    results = []
    for values in itertools.product(*grid.values()):
        settings = artindex_run.with_knobs(
            Settings(), coll.lang, **dict(zip(keys, values, strict=True))
        )
        dev_score = score(settings, dev)
        results.append((dev_score, values))
        print(dict(zip(keys, values, strict=True)), f"dev {dev_score:.4f}", flush=True)
    best_score, best = max(results)
    chosen = dict(zip(keys, best, strict=True))
    test_score = score(artindex_run.with_knobs(Settings(), coll.lang, **chosen), test)
    print("BEST", chosen, f"dev {best_score:.4f} test {test_score:.4f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
