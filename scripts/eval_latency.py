"""Search latency of artindex settings on one collection's queries (limit 10, index warm).

    cd scripts && ../.venv/bin/python eval_latency.py cranfield "[{}, {'feedback_docs': 0}]"
    cd scripts && ../.venv/bin/python eval_latency.py korquad "[{}, {'coord': 0}]" 300

Each entry of the list is a set of knobs (as in ``eval_grid.py``, set inside the collection's
language profile). Every query is searched once untimed first, then the whole set is timed query
by query, the settings taking turns so that machine load falls on all of them alike. Prints the
median and 95th percentile per setting. An optional third argument keeps that many queries,
evenly spaced (KorQuAD has 5,774).
"""

from __future__ import annotations

import ast
import shutil
import statistics
import sys
import time
from pathlib import Path

import artindex
from artindex.indexer import build_articles
from artindex.settings import Settings
from eval_grid import LOADERS, configure


def main(name: str, variants_text: str, keep: int = 0, rounds: int = 3) -> None:
    coll = LOADERS[name]()
    queries = coll.queries
    if keep and keep < len(queries):
        queries = [queries[i * len(queries) // keep] for i in range(keep)]
    ix = Path(f"/tmp/artindex-latency-{name}")
    shutil.rmtree(ix, ignore_errors=True)
    articles = (
        artindex.Article(id=d.id, title=d.title, body=d.text, lang=coll.lang) for d in coll.docs
    )
    build_articles(articles, ix, Settings())
    variants = ast.literal_eval(variants_text)
    indexes = [artindex.Index.open(ix, configure(coll.lang, v)) for v in variants]
    times: list[list[float]] = [[] for _ in variants]
    for idx in indexes:
        for q in queries:
            idx.search(q.text, limit=10)
    for _ in range(rounds):
        for q in queries:
            for i, idx in enumerate(indexes):
                started = time.perf_counter()
                idx.search(q.text, limit=10)
                times[i].append((time.perf_counter() - started) * 1000)
    print(f"| settings ({name}, {len(queries)} queries x {rounds}) | median ms | p95 ms |")
    print("| --- | --- | --- |")
    for variant, ts in zip(variants, times, strict=True):
        ts.sort()
        p95 = ts[min(len(ts) - 1, int(0.95 * len(ts)))]
        print(f"| `{variant or 'defaults'}` | {statistics.median(ts):.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)
