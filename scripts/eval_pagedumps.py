"""Score the page-dump extractor on its fixtures: one row per fixture, then a summary.

Usage: ``.venv/bin/python scripts/eval_pagedumps.py [FIXTURE_DIR] [--no-learn]``
Title, byline, date (and updated, tags, source) must match exactly; body is scored with the
order-aware character F1 of ``artindex.ingest.pagedump_eval.char_f1`` (whitespace ignored).
Exits 1 when any fixture misses an exact field or scores below 0.98 body F1.
"""

from __future__ import annotations

import sys
from pathlib import Path

from artindex.ingest.pagedump_eval import score_fixtures

FLOOR = 0.98
DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pages"


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISS"


def main(argv: list[str]) -> int:
    learn = "--no-learn" not in argv
    args = [a for a in argv if not a.startswith("--")]
    root = Path(args[0]) if args else DEFAULT
    scores = score_fixtures(root, learn=learn)
    header = f"{'fixture':<34} {'title':>5} {'byline':>6} {'date':>5} {'upd':>4} {'tags':>4}"
    print(header + f" {'src':>4} {'body F1':>8}")
    failed = 0
    for s in scores:
        name = f"{s.path.parent.name}/{s.path.stem}"
        exact = (s.title_ok, s.byline_ok, s.date_ok, s.updated_ok, s.tags_ok, s.source_ok)
        failed += not all(exact) or s.body_f1 < FLOOR
        cells = " ".join(
            f"{_mark(ok):>{w}}" for ok, w in zip(exact, (5, 6, 5, 4, 4, 4), strict=True)
        )
        print(f"{name:<34} {cells} {s.body_f1:>8.4f}")
    mean = sum(s.body_f1 for s in scores) / max(1, len(scores))
    mode = "with learned repetition" if learn else "single files (no learning)"
    print(
        f"\n{len(scores)} fixtures, {mode}: {len(scores) - failed} pass, {failed} fail; "
        f"mean body F1 {mean:.4f}, min {min((s.body_f1 for s in scores), default=0):.4f}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
