"""Scoring page-dump extraction against fixtures: exact fields and body character F1.

Body F1 is order-aware: the characters of both bodies with all whitespace removed are aligned
with ``difflib.SequenceMatcher`` (no autojunk); matched characters give precision and recall.
A paragraph in the wrong place or a caption left in lowers it; a missing line break does not.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ...models import Article
from ...text.clean import clean_text
from ..reader import read_decoded
from .extract import PageDumpExtractor

__all__ = ["FixtureScore", "char_f1", "load_expected", "read_dump", "score_fixtures"]


def char_f1(predicted: str, expected: str) -> float:
    """Order-aware character F1 of two texts, whitespace ignored (1.0 when both are empty)."""
    a = "".join(predicted.split())
    b = "".join(expected.split())
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    precision, recall = same / len(a), same / len(b)
    return 0.0 if same == 0 else 2 * precision * recall / (precision + recall)


def read_dump(path: Path) -> str:
    """A dump as the ingester passes it: decoded (UTF-8, CP949, ...) and cleaned (NFC)."""
    return clean_text(read_decoded(path, max_bytes=50_000_000))


def load_expected(path: Path) -> dict[str, Any]:
    """The ``<name>.expected.yaml`` beside a ``<name>.txt`` fixture."""
    data = yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected YAML must be a mapping")
    return data


@dataclass(frozen=True)
class FixtureScore:
    """How one fixture came out."""

    path: Path
    article: Article
    expected: dict[str, Any]
    title_ok: bool
    byline_ok: bool
    date_ok: bool
    updated_ok: bool
    tags_ok: bool
    source_ok: bool
    body_f1: float


def _iso(article: Article, name: str) -> str | None:
    value = getattr(article, name)
    return value.isoformat() if value is not None else None


def score_one(path: Path, article: Article, expected: dict[str, Any]) -> FixtureScore:
    return FixtureScore(
        path=path,
        article=article,
        expected=expected,
        title_ok=article.title == expected["title"],
        byline_ok=article.byline == expected.get("byline", ""),
        date_ok=_iso(article, "date") == expected.get("date"),
        updated_ok=_iso(article, "updated") == expected.get("updated"),
        tags_ok=list(article.tags) == list(expected.get("tags", [])),
        source_ok=article.source == expected.get("source", article.source),
        body_f1=char_f1(article.body, expected["body"]),
    )


def score_fixtures(root: Path, *, learn: bool = True) -> list[FixtureScore]:
    """Extract every ``*.txt`` under ``root`` (after learning all of them) and score it."""
    paths = sorted(p for p in root.rglob("*.txt"))
    extractor = PageDumpExtractor()
    texts = {p: read_dump(p) for p in paths}
    if learn:
        for path in paths:
            extractor.learn(path, texts[path])
    return [score_one(p, extractor.extract(p, texts[p]), load_expected(p)) for p in paths]
