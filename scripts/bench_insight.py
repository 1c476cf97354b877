#!/usr/bin/env python
"""What a trend, related words and a full export cost against a search, in one run.

Usage:
    python scripts/bench_insight.py INDEX [--repeat 3]

INDEX is any built index, e.g. one of the synthetic scale corpus:
    python ../shared/tools/make_scale_corpus.py 5000 /tmp/scale.jsonl
    artindex build /tmp/scale.jsonl --index /tmp/scale-index

Each query runs ``--repeat`` times per operation after a warm-up; the table shows the median
over queries of each query's median time and the ratio to the baseline (a default search, one
page of 10 hits) measured in the same run. ``export all`` writes every hit as CSV to memory
(``Index.scan`` + ``export.table``), the work of ``artindex search --format csv --all``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from artindex import Index, Settings
from artindex.export.table import write_csv

QUERIES = [
    "대한민국", "정부", "역사", "경제 성장", "영화", "사람들", "대학교 교수", "전쟁",
    "과학 기술", "조선 시대 왕", "미국 대통령", "음악 앨범", "축구 선수", "회사 설립",
]  # fmt: skip


def operations(idx: Index) -> list[tuple[str, Callable[[str], int]]]:
    def export(query: str) -> int:
        return write_csv(idx.scan(query), io.StringIO())

    return [
        ("baseline: search, 10 hits", lambda q: idx.search(q).total),
        ("trend (auto interval, collapse)", lambda q: sum(idx.trend(q).series[0].counts)),
        ("trend, no collapse", lambda q: sum(idx.trend(q, collapse=False).series[0].counts)),
        ("trend by week (about 830 periods)", lambda q: len(idx.trend(q, interval="week").buckets)),
        ("related (200 best hits)", lambda q: len(idx.related(q).terms)),
        ("export all hits as CSV", export),
    ]


def timed(call: Callable[[str], Any], query: str, repeat: int) -> tuple[float, int]:
    times, out = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        out = call(query)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), int(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with Index.open(args.index, Settings()) as idx:
        print(f"{len(idx)} articles, {len(QUERIES)} queries, median of {args.repeat} runs")
        ops = operations(idx)
        for query in QUERIES:  # warm-up: card table, word table, Kiwi, noun checks
            for _, call in ops:
                call(query)
        rows, base = [], []
        for name, call in ops:
            results = [timed(call, q, args.repeat) for q in QUERIES]
            medians = [ms for ms, _ in results]
            base = base or medians
            ratio = statistics.median(m / b for m, b in zip(medians, base, strict=True))
            out = statistics.median(n for _, n in results)
            rows.append((name, statistics.median(medians), max(medians), ratio, out))
    print()
    print("| operation | median ms | max ms | × baseline (median per query) | median output |")
    print("|---|---:|---:|---:|---:|")
    for name, median, worst, ratio, out in rows:
        print(f"| {name} | {median:.1f} | {worst:.1f} | {ratio:.2f} | {out:.0f} |")
    print("(output: total hits; articles counted; periods; words; rows written)")


if __name__ == "__main__":
    main()
