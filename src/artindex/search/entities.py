"""The relation view: the people, organisations and places most associated with a query.

Each entity is counted over the query's whole match set (``count``: matching articles that
name it) and over the archive (``background``), and scored by how over-represented it is in
the matches, with the JLH score of Elasticsearch's ``significant_terms``:
``(fg - bg) * (fg / bg)``, where ``fg`` and ``bg`` are the shares of matching and of all
articles naming it. An entity named everywhere scores 0; one named only around the query, high.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from .doctable import ENTITY_CARD_KEYS, DocTable
from .facets import coded, parse_names

KINDS = tuple(ENTITY_CARD_KEYS)  # people, orgs, places


@dataclass(frozen=True, slots=True)
class EntityScore:
    """One entity around a query: matching articles naming it, all articles naming it, score."""

    value: str
    count: int
    background: int
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "count": self.count,
            "background": self.background,
            "score": round(self.score, 6),
        }


@dataclass(frozen=True, slots=True)
class Relations:
    """What :meth:`artindex.Index.entities` returns: per kind, the entities best first."""

    query: str
    total: int  # articles matching the query (and filters)
    took_ms: float
    entities: dict[str, list[EntityScore]] = field(default_factory=dict)
    filters: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "took_ms": round(self.took_ms, 3),
            "filters": self.filters,
            "entities": {k: [e.to_dict() for e in v] for k, v in self.entities.items()},
        }


def parse_kinds(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"people,places"`` (or a list; singular names too) as checked kinds; None: all."""
    if not value:
        return KINDS
    aliases = {"person": "people", "org": "orgs", "place": "places"}
    return parse_names(value, KINDS, aliases, "entity kind", "kinds")


def associated(
    table: DocTable, docnums: Any, kinds: Sequence[str], limit: int, min_count: int = 1
) -> dict[str, list[EntityScore]]:
    """For each kind, the ``limit`` entities of the matched ``docnums`` scored against the
    whole table (see the module docstring), best first; ties by count, then value."""
    import numpy as np

    docs = docnums if isinstance(docnums, np.ndarray) else np.fromiter(docnums, dtype=np.int64)
    matched = np.zeros(len(table.ids), dtype=bool)
    matched[docs] = True
    n_fg, n_bg = int(matched.sum()), len(table.ids)
    out: dict[str, list[EntityScore]] = {}
    for kind in kinds:
        owners, codes, values = coded(table, kind, UTC)
        fg = np.bincount(codes[matched[owners]], minlength=len(values))
        bg = np.bincount(codes, minlength=len(values))
        scored: list[EntityScore] = []
        for c in np.flatnonzero(fg >= max(1, min_count)).tolist():
            pf, pb = fg[c] / n_fg, bg[c] / n_bg
            label = table.labels.get((kind, values[c]), values[c])
            score = float((pf - pb) * (pf / pb))
            scored.append(EntityScore(label, int(fg[c]), int(bg[c]), max(score, 0.0)))
        scored.sort(key=lambda e: (-e.score, -e.count, e.value))
        out[kind] = scored[:limit]
    return out
