"""Per-document values that sorting, facets and collapsing read for a whole match set.

They come from the small ``f_card`` column written at index time (see ``schema.card``), read
once per index generation and kept in memory, so a query never loads stored bodies to sort or
count. One table per open reader; a new generation gets a new table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from ..engine.readers import ReaderCache
from ..text.keys import name_key, source_key, tag_key

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from ..engine.view import Reader

    # a facet's (document of each pair, value code of each pair, values by code): facets.py
    Codes = tuple[NDArray[np.int64], NDArray[np.int64], list[str]]


@dataclass(slots=True)
class DocTable:
    """Column-wise values indexed by Whoosh document number."""

    ids: list[str]
    dates: list[float | None]  # UTC timestamps
    fingerprints: list[int | None]
    tags: list[tuple[str, ...]]  # tag keys
    sources: list[str]  # source keys
    bylines: list[tuple[str, ...]]  # byline keys
    labels: dict[tuple[str, str], str]  # (facet, key) -> the value as first written
    # "people", "orgs", "places" -> each document's entity keys (analysis/entities.py)
    entities: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    _months: dict[str, list[str]] = field(default_factory=dict)
    _codes: dict[str, Codes] = field(default_factory=dict)  # facet value codes (facets.py)

    def months(self, tz: tzinfo) -> list[str]:
        """Each document's ``YYYY-MM`` in ``tz`` ("" when undated), computed once per zone."""
        key = str(tz)
        if key not in self._months:
            self._months[key] = [
                datetime.fromtimestamp(ts, UTC).astimezone(tz).strftime("%Y-%m")
                if ts is not None
                else ""
                for ts in self.dates
            ]
        return self._months[key]


ENTITY_CARD_KEYS = {"people": "p", "orgs": "o", "places": "l"}  # facet -> key in the card
TABLES = 8  # segment sets (generations) whose tables are kept, most recently used
_tables: ReaderCache[DocTable] = ReaderCache(TABLES)


def table_for(reader: Reader) -> DocTable:
    """The table of ``reader``'s documents, built on first use and shared by every reader of
    the same segments (each concurrent search has its own searcher)."""
    return _tables.get(reader, _build)


def _build(reader: Reader) -> DocTable:
    count = reader.doc_count_all()
    table = DocTable([], [], [], [], [], [], {})
    column = reader.column_reader("f_card") if reader.has_column("f_card") else None
    for docnum in range(count):
        raw = column[docnum] if column is not None else b""
        card: dict[str, Any] = json.loads(raw) if raw else {}
        table.ids.append(str(card.get("i", "")))
        table.dates.append(card.get("d"))
        fp = card.get("f") or ""
        table.fingerprints.append(int(fp, 16) if fp else None)
        table.tags.append(_keys(table, "tags", card.get("t", ()), tag_key))
        source = str(card.get("s") or "")
        table.sources.append(_keys(table, "source", [source], source_key)[0] if source else "")
        table.bylines.append(_keys(table, "byline", card.get("b", ()), name_key))
        for facet, short in ENTITY_CARD_KEYS.items():
            keys = _keys(table, facet, card.get(short, ()), name_key)
            table.entities.setdefault(facet, []).append(keys)
    return table


def _keys(
    table: DocTable, facet: str, values: Iterable[str], key: Callable[[str], str]
) -> tuple[str, ...]:
    keys = []
    for value in values:
        k = key(value)
        table.labels.setdefault((facet, k), value)
        keys.append(k)
    return tuple(keys)
