"""Extraction gate (in the style of trafilatura's eval_gate.py): whole-page extraction may not
score below the floors pinned in ``extraction_floors.json``.

Sets: the invented fixtures (always), the real Korean pages of ``../shared`` as text dumps and
as HTML, and the article-extraction benchmark's 181 pages as ``w3m -dump`` text dumps (rendered
once into a cache outside the repository). A set whose data are absent is skipped; a set whose
data changed (another sha256 than pinned) fails until the floors are re-pinned. Raise floors
with ``.venv/bin/python scripts/eval_pagedumps.py --pin``; it never lowers them.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from evallib import gate
from evallib import pages as ev

FLOORS = json.loads(gate.FLOORS.read_text(encoding="utf-8"))
SLACK = 1e-9


def _set(key: str) -> gate.EvalSet:
    if key == "fixtures":
        return gate.fixtures_set()
    if key == "benchmark":
        try:
            found = gate.benchmark_set()
        except ev.W3mMissing as exc:
            pytest.skip(str(exc))
        if found is None:
            pytest.skip(f"benchmark data absent ({ev.BENCHMARK})")
        return found
    sets = {s.key: s for s in gate.ko_sets()}
    if key not in sets:
        pytest.skip(f"Korean pages absent ({ev.KO_PAGES})")
    return sets[key]


@pytest.mark.parametrize("key", sorted(FLOORS["floors"]))
def test_extraction_holds_its_floors(key: str) -> None:
    """Every field of the set scores at least its pinned floor, on the pinned data."""
    eval_set = _set(key)
    pinned = FLOORS["data_sha256"][key]
    assert eval_set.digest() == pinned, (
        f"{key}: the data changed since the floors were pinned; re-pin with "
        "`.venv/bin/python scripts/eval_pagedumps.py --pin` and review the floors"
    )
    quiet = logging.getLogger("artindex")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # real pages log many warnings; the scores are the point
    try:
        score = eval_set.score()
    finally:
        quiet.setLevel(level)  # later tests read these warnings through caplog
    summary = score.summary()
    below = {
        field: f"{summary.get(field, 0.0):.3f} < floor {floor}"
        for field, floor in FLOORS["floors"][key].items()
        if summary.get(field, 0.0) + SLACK < floor
    }
    misses = "\n".join(ev.misses(score)[:30])
    assert not below, f"{key}: {below}\nmisses:\n{misses}"


def test_floors_never_sit_below_the_baseline() -> None:
    """Floors only move up: none is below the figure recorded before issue 9's work."""
    for key, baseline in FLOORS["baseline"].items():
        for field, value in baseline.items():
            assert FLOORS["floors"][key][field] >= value, (key, field)


def test_pin_raises_floors_and_never_lowers_them(tmp_path: Path) -> None:
    """Pinning raises extraction floors to better scores and never lowers them."""
    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"floors": {}, "baseline": {}, "data_sha256": {}}))
    fixtures = gate.fixtures_set()
    good = fixtures.score()
    gate.pin(path, [(fixtures, good)])
    assert json.loads(path.read_text())["floors"]["fixtures"]["title"] == 1.0
    worse = ev.SetScore(good.name, [ev.judge(p.gold, None, "bow") for p in good.pages], "bow")
    assert worse.summary()["title"] == 0.0
    gate.pin(path, [(fixtures, worse)])
    floors = json.loads(path.read_text())["floors"]["fixtures"]
    assert floors["title"] == 1.0 and floors["body"] == 1.0
