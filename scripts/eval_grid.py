"""Grid search of artindex's query-time ranking knobs on one collection's dev half.

    .venv/bin/python scripts/eval_grid.py cranfield "{'bm25_k1': [0.8, 1.2], 'body_b': [0.4, 0.75]}"

``--test`` also prints every row's test-half score (for ablations; choose on dev only).
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
from typing import Any

import artindex
from artindex.indexer import build_articles
from artindex.settings import Settings
from evallib import artindex_run, data, metrics

LOADERS = {"cranfield": data.load_cranfield, "cisi": data.load_cisi, "korquad": data.load_korquad}


def configure(lang: str, knobs: dict[str, Any]) -> Settings:
    """Defaults with ``knobs`` set for ``lang``; ``languages`` itself (e.g. ``{}`` to drop the
    English profile) is set at the top level first."""
    knobs = dict(knobs)
    base = (
        Settings().replace(languages=knobs.pop("languages")) if "languages" in knobs else Settings()
    )
    return artindex_run.with_knobs(base, lang, **knobs)


def main(name: str, grid_text: str, show_test: bool = False) -> None:
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
        settings = configure(coll.lang, dict(zip(keys, values, strict=True)))
        dev_score = score(settings, dev)
        results.append((dev_score, values))
        shown = f"dev {dev_score:.4f}"
        if show_test:
            shown += f" test {score(settings, test):.4f}"
        print(dict(zip(keys, values, strict=True)), shown, flush=True)
    best_score, best = max(results, key=lambda r: r[0])
    chosen = dict(zip(keys, best, strict=True))
    test_score = score(configure(coll.lang, chosen), test)
    print("BEST", chosen, f"dev {best_score:.4f} test {test_score:.4f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], show_test="--test" in sys.argv[3:])
