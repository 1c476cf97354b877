"""Score extraction from whole pages, side by side: invented fixtures, real Korean pages as text
dumps and as HTML, and the article-extraction benchmark's 181 pages as ``w3m -dump`` text dumps.

Usage: ``.venv/bin/python scripts/eval_pagedumps.py [--misses] [--misses-file FILE]
[--no-benchmark] [--pin]``

The Korean pages are also scored per site (txt and HTML) and leave-one-site-out: each site's
dumps extracted after learning repeated lines from the other sites' pages only (and the page
itself), the honest figure for a site never seen. Nothing is fitted to the gold (the weights
are set by hand), so learning repeated lines is the only thing learned from data.

Every set goes through ``artindex.ingest.ingest`` like ``artindex build`` (see
``scripts/evallib/pages.py`` for how each field is judged). A "whole page" row scores the page's
entire text as the body: the baseline an extractor has to beat. ``--misses`` prints every miss
(expected and produced); they are always written to ``--misses-file``. ``--pin`` raises the
floors of the extraction gate (``tests/extraction_floors.json``) to today's figures (never
lowers them). The data stay in ``../shared`` (``ARTINDEX_SHARED`` to move it); w3m renders are
cached in ``$ARTINDEX_EVAL_CACHE`` (default: the system temp folder).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from evallib import gate
from evallib import pages as ev


def _cell(score: ev.SetScore, name: str) -> str:
    if name == "body":
        return f"{score.body():.3f}"
    hit, total = score.count(name)
    return f"{hit / total:.2f} ({hit}/{total})" if total else "-"


def table(scores: list[ev.SetScore], first: str = "set") -> str:
    cols = ("title", "byline", "date", "section", "source", "body", "first", "last")
    head = (
        f"| {first} | pages | " + " | ".join(c if c != "body" else "body F1" for c in cols) + " |"
    )
    rows = [head, "|" + " --- |" * (len(cols) + 2)]
    for s in scores:
        cells = " | ".join(_cell(s, c) for c in cols)
        rows.append(f"| {s.name} | {len(s.pages)} | {cells} |")
    return "\n".join(rows)


def collect(
    with_benchmark: bool = True,
) -> tuple[list[tuple[gate.EvalSet, ev.SetScore]], list[ev.SetScore]]:
    """The scored sets (what the gate pins) and the whole-page baselines (for the table)."""
    sets = [gate.fixtures_set(), *gate.ko_sets()]
    if not ev.KO_PAGES.is_dir():
        print(f"(no Korean pages at {ev.KO_PAGES}: skipped)", file=sys.stderr)
    bench = gate.benchmark_set() if with_benchmark else None
    if bench is not None:
        sets.append(bench)
    scored = [(s, s.score()) for s in sets]
    baselines = [
        ev.whole_page(f"{s.name}: whole page", s.gold, s.metric)
        for s in sets
        if s.key in ("ko_txt", "benchmark")
    ]
    return scored, baselines


def per_site(scored: list[tuple[gate.EvalSet, ev.SetScore]]) -> str:
    """Per-site tables of the Korean sets: txt, HTML, and the dumps leave-one-site-out."""
    sites = ev.site_of() if (ev.KO_PAGES / "SOURCES.tsv").is_file() else {}
    out = []
    for eval_set, score in scored:
        if eval_set.key.startswith("ko_"):
            rows = [*ev.by_site(score, sites), ev.SetScore("all sites", score.pages, "bow")]
            out.append(f"\n{score.name}, per site:\n" + table(rows, "site"))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print every miss")
    parser.add_argument("--misses-file", type=Path, default=ev.CACHE / "eval-pages-misses.txt")
    parser.add_argument("--no-benchmark", action="store_true", help="skip the 181 w3m dumps")
    parser.add_argument("--pin", action="store_true", help="raise the gate's floors to today's")
    args = parser.parse_args(argv)
    logging.getLogger("artindex").setLevel(logging.CRITICAL)  # failures are listed as misses
    started = time.perf_counter()
    try:
        scored, baselines = collect(with_benchmark=not args.no_benchmark)
    except ev.W3mMissing as exc:
        print(f"eval-pages: {exc}", file=sys.stderr)
        return 2
    scores = [score for _, score in scored]
    print(table(scores + baselines))
    print(
        "\ntitle/byline/date/section/source/first/last: share of pages right (gold field present); "
        "body F1: bag of words (benchmark: the benchmark's 4-token shingle F1)."
    )
    print(per_site(scored))
    found = [line for s in scores for line in ev.misses(s)]
    args.misses_file.parent.mkdir(parents=True, exist_ok=True)
    args.misses_file.write_text("\n".join(found) + "\n", encoding="utf-8")
    if args.misses:
        print("\n" + "\n".join(found))
    print(f"\n{len(found)} misses written to {args.misses_file}")
    print(f"{time.perf_counter() - started:.0f} s")
    if args.pin:
        print(gate.pin(gate.FLOORS, scored))
    return 0


if __name__ == "__main__":
    sys.exit(main())
