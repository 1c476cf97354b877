#!/usr/bin/env python
"""What facets, filters, date sorting and collapsing add to query time, in one run.

Usage:
    python scripts/bench_facets.py INDEX [--repeat 5]

INDEX is any built index, e.g. one of the synthetic scale corpus:
    python ../shared/tools/make_scale_corpus.py 10000 /tmp/scale.jsonl
    artindex build /tmp/scale.jsonl --index /tmp/scale-index

Each query runs ``--repeat`` times per configuration (after one warm-up run that also builds
the in-memory card table once per index generation, timed on its own); the table shows the
median over queries of each query's median time, and the overhead against the baseline
(default search: relevance, collapsing on, no facets) measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from artindex import Index, Settings
from artindex.search.doctable import table_for

QUERIES = [
    "대한민국", "정부", "역사", "경제 성장", "영화", "사람들", "대학교 교수", "전쟁",
    "과학 기술", "조선 시대 왕", "미국 대통령", "음악 앨범", "축구 선수", "회사 설립",
    "boundary layer", "heat transfer", "supersonic flow", "wing",
]  # fmt: skip

CONFIGS: list[tuple[str, dict[str, Any]]] = [
    ("baseline (relevance, collapse)", {}),
    ("facets tags,source,byline,month", {"facets": "tags,source,byline,month"}),
    ("facets tags,month", {"facets": "tags,month"}),
    ("filter tag + since", {"tag": "경제", "since": "2015-01-01"}),
    ("sort newest", {"sort": "newest"}),
    ("no collapse", {"collapse": False}),
    ("explain", {"explain": True}),
]


def timed(idx: Index, query: str, options: dict[str, Any], repeat: int) -> tuple[float, int]:
    times = []
    total = 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = idx.search(query, limit=10, **options)
        times.append((time.perf_counter() - started) * 1000)
        total = result.total
    return statistics.median(times), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with Index.open(args.index, Settings()) as idx:
        started = time.perf_counter()
        with idx._borrow() as (_, searcher):  # the searcher the single-threaded runs reuse
            table = table_for(searcher.reader())
        built = (time.perf_counter() - started) * 1000
        print(f"{len(idx)} articles; card table built in {built:.0f} ms ({len(table.ids)} rows)")
        for query in QUERIES:
            idx.search(query)
        rows = []
        base: list[float] = []
        for name, options in CONFIGS:
            medians = []
            totals = []
            for query in QUERIES:
                ms, total = timed(idx, query, options, args.repeat)
                medians.append(ms)
                totals.append(total)
            if not base:
                base = medians
            ratio = statistics.median(m / b for m, b in zip(medians, base, strict=True))
            rows.append((name, statistics.median(medians), max(medians), ratio,
                         statistics.median(totals)))  # fmt: skip
    print()
    print("| configuration | median ms | max ms | × baseline (median per query) | median total |")
    print("|---|---:|---:|---:|---:|")
    for name, median, worst, ratio, total in rows:
        print(f"| {name} | {median:.1f} | {worst:.1f} | {ratio:.2f} | {total:.0f} |")


if __name__ == "__main__":
    main()
