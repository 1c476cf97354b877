"""Per-document values that sorting, facets and collapsing read for a whole match set.

They come from the small ``f_card`` column written at index time (see ``schema.card``), read
once per index generation and kept in memory, so a query never loads stored bodies to sort or
count. One table per open reader; a new generation gets a new table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any, Protocol

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


class Rows(Protocol):
    """What a page of hits ranked by relevance reads per document: ids (ties), dates
    (recency) and fingerprints (collapsing). :class:`DocTable` has them for every document."""

    @property
    def ids(self) -> Sequence[str]: ...

    @property
    def dates(self) -> Sequence[float | None]: ...

    @property
    def fingerprints(self) -> Sequence[int | None]: ...


class _Cards:
    """Documents' cards, each parsed when first asked for."""

    def __init__(self, reader: Reader) -> None:
        self._column = reader.column_reader("f_card") if reader.has_column("f_card") else None
        self._count = reader.doc_count_all()
        self._parsed: dict[int, dict[str, Any]] = {}

    def __len__(self) -> int:
        return self._count

    def card(self, docnum: int) -> dict[str, Any]:
        found = self._parsed.get(docnum)
        if found is None:
            raw = self._column[docnum] if self._column is not None else b""
            found = self._parsed[docnum] = json.loads(raw) if raw else {}
        return found


class _Column(Sequence[Any]):
    """One value of each document's card, read on demand."""

    def __init__(self, cards: _Cards, value: Callable[[dict[str, Any]], Any]) -> None:
        self._cards, self._value = cards, value

    def __len__(self) -> int:
        return len(self._cards)

    def __getitem__(self, docnum: Any) -> Any:
        if isinstance(docnum, slice):
            return [self[d] for d in range(len(self))[docnum]]
        return self._value(self._cards.card(int(docnum)))


class LazyRows:
    """:class:`Rows` read from the cards of only the documents a page looks at: a one-shot
    search ranked by relevance, with no facets, never builds the whole table (at 100,000
    articles that took 1.6 s, most of a shell search)."""

    def __init__(self, reader: Reader) -> None:
        cards = _Cards(reader)
        self.ids: Sequence[str] = _Column(cards, lambda c: str(c.get("i", "")))
        self.dates: Sequence[float | None] = _Column(cards, lambda c: c.get("d"))
        self.fingerprints: Sequence[int | None] = _Column(
            cards, lambda c: int(c["f"], 16) if c.get("f") else None
        )


def rows_for(reader: Reader) -> Rows:
    """The whole table when this process has built it already, else :class:`LazyRows`."""
    built = _tables.peek(reader)
    return built if built is not None else LazyRows(reader)


def table_for(reader: Reader) -> DocTable:
    """The table of ``reader``'s documents, built on first use and shared by every reader of
    the same segments (each concurrent search has its own searcher)."""
    return _tables.get(reader, _build)


def _build(reader: Reader) -> DocTable:
    count = reader.doc_count_all()
    table = DocTable([], [], [], [], [], [], {})
    column = reader.column_reader("f_card") if reader.has_column("f_card") else None
    raws = [column[docnum] if column is not None else b"" for docnum in range(count)]
    # one parse for every card (a call per card was most of a one-shot search at 100k)
    cards: list[dict[str, Any]] = json.loads(
        "[" + ",".join(raw.decode("utf-8") if raw else "{}" for raw in raws) + "]"
    )
    tag, source_of, name = _memo(tag_key), _memo(source_key), _memo(name_key)
    for card in cards:
        table.ids.append(str(card.get("i", "")))
        table.dates.append(card.get("d"))
        fp = card.get("f") or ""
        table.fingerprints.append(int(fp, 16) if fp else None)
        table.tags.append(_keys(table, "tags", card.get("t", ()), tag))
        source = str(card.get("s") or "")
        table.sources.append(_keys(table, "source", [source], source_of)[0] if source else "")
        table.bylines.append(_keys(table, "byline", card.get("b", ()), name))
        for facet, short in ENTITY_CARD_KEYS.items():
            keys = _keys(table, facet, card.get(short, ()), name)
            table.entities.setdefault(facet, []).append(keys)
    return table


def _memo(key: Callable[[str], str]) -> Callable[[str], str]:
    """``key`` remembering its answers for one build: the same sources, tags and names recur
    across an archive's documents."""
    seen: dict[str, str] = {}

    def keyed(value: str) -> str:
        found = seen.get(value)
        if found is None:
            found = seen[value] = key(value)
        return found

    return keyed


def _keys(
    table: DocTable, facet: str, values: Iterable[str], key: Callable[[str], str]
) -> tuple[str, ...]:
    keys = []
    for value in values:
        k = key(value)
        table.labels.setdefault((facet, k), value)
        keys.append(k)
    return tuple(keys)
