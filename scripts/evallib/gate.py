"""The sets ``make eval-pages`` scores, and the extraction gate's floors (in the style of
trafilatura's ``eval_gate.py``): ``tests/extraction_floors.json`` pins, per set, a floor for
each field and the sha256 digest of the data the floors were measured on.

Floors only move up: ``pin`` raises a floor to today's figure (rounded down to 0.001) and never
lowers one; the gate test also checks that no floor sits below the ``baseline`` recorded when
the gate was made (the figures before issue 9's work). To lower a floor on purpose, edit the
JSON by hand, lower its baseline too, and say why in the commit message.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import pages as ev

FLOORS = ev.ROOT / "tests" / "extraction_floors.json"


@dataclass(frozen=True)
class EvalSet:
    """One scored set: its key in the floors file, its table name, gold and data files."""

    key: str
    name: str
    gold: list[ev.Gold]
    metric: str
    files: list[Path]
    loso: bool = False  # leave one site out: each site learned without its other pages

    def digest(self) -> str:
        return ev.data_digest(self.files)

    def score(self) -> ev.SetScore:
        if self.loso:
            return ev.run_loso(self.name, self.gold, ev.site_of())
        return ev.run_set(self.name, self.gold, self.metric)


def fixtures_set() -> EvalSet:
    gold = ev.fixture_gold()
    files = [g.path for g in gold] + [g.path.with_suffix(".expected.yaml") for g in gold]
    return EvalSet("fixtures", "fixtures (invented)", gold, "bow", files)


def ko_sets() -> list[EvalSet]:
    """The real Korean pages as text dumps and as HTML, and the dumps leave-one-site-out
    (the honest figure for sites never seen); [] when ../shared is absent."""
    if not (ev.KO_PAGES / "gold.jsonl").is_file():
        return []
    out = []
    for kind, key, name in (("txt", "ko_txt", "ko txt dumps"), ("html", "ko_html", "ko html")):
        gold = ev.ko_gold(kind)
        files = [ev.KO_PAGES / "gold.jsonl", *(g.path for g in gold)]
        out.append(EvalSet(key, name, gold, "bow", files))
    txt, sites = out[0], ev.KO_PAGES / "SOURCES.tsv"  # the sites are part of the data
    name = "ko txt dumps, leave one site out"
    return [*out, EvalSet("ko_txt_loso", name, txt.gold, "bow", [*txt.files, sites], loso=True)]


def benchmark_set() -> EvalSet | None:
    """The benchmark's pages as w3m dumps (rendered once into the cache); None without data.
    Raises ``ev.W3mMissing`` when w3m is not installed."""
    if not (ev.BENCHMARK / "ground-truth.json").is_file():
        return None
    dumps = ev.render_dumps(ev.BENCHMARK / "html")
    gold = ev.benchmark_gold(dumps)
    sources = sorted((ev.BENCHMARK / "html").glob("*.html"))
    files = [ev.BENCHMARK / "ground-truth.json", *sources]
    return EvalSet("benchmark", "benchmark txt dumps", gold, "shingle", files)


def load(path: Path = FLOORS) -> dict[str, Any]:
    if not path.is_file():
        return {"floors": {}, "baseline": {}, "data_sha256": {}}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def pin(path: Path, scored: list[tuple[EvalSet, ev.SetScore]]) -> str:
    """Raise each floor to today's figure (never lower it); record the data digests."""
    data = load(path)
    changes = []
    for eval_set, score in scored:
        floors = data["floors"].setdefault(eval_set.key, {})
        digest = eval_set.digest()
        if data["data_sha256"].get(eval_set.key) not in (None, digest):
            changes.append(f"{eval_set.key}: data changed; floors reset to today's figures")
            floors.clear()
        data["data_sha256"][eval_set.key] = digest
        for field, value in score.summary().items():
            new = math.floor(value * 1000) / 1000
            if new > floors.get(field, -1.0):
                changes.append(f"{eval_set.key}.{field}: {floors.get(field)} -> {new}")
                floors[field] = new
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return "\n".join(changes) or "floors unchanged"
