"""Facet counts (tags, source, byline, month) over a search's whole match set, not its page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import tzinfo

from ..errors import QueryError
from .doctable import DocTable

FACETS = ("tags", "source", "byline", "month")
ALIASES = {"tag": "tags", "sources": "source", "bylines": "byline", "months": "month"}
TOP = 20  # values listed per facet (months: all)


def parse_facets(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"tags,source"`` or ``["tags", "source"]`` as checked facet names."""
    if not value:
        return ()
    items = value.split(",") if isinstance(value, str) else [p for v in value for p in v.split(",")]
    names: list[str] = []
    for item in (i.strip().lower() for i in items):
        if not item:
            continue
        name = ALIASES.get(item, item)
        if name not in FACETS:
            raise QueryError(f"unknown facet {item!r}: use {', '.join(FACETS)}", "facets")
        if name not in names:
            names.append(name)
    return tuple(names)


def count(
    table: DocTable, docnums: Iterable[int], names: Sequence[str], tz: tzinfo
) -> dict[str, list[tuple[str, int]]]:
    """For each facet, (value, count) pairs, most frequent first (months: newest first)."""
    if not names:
        return {}
    docs = list(docnums)
    out: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        if name == "tags":
            counts = Counter(k for d in docs for k in table.tags[d])
        elif name == "byline":
            counts = Counter(k for d in docs for k in table.bylines[d])
        elif name == "source":
            counts = Counter(table.sources[d] for d in docs)
        else:
            months = table.months(tz)
            counts = Counter(months[d] for d in docs)
        counts.pop("", None)
        if name == "month":
            out[name] = sorted(counts.items(), reverse=True)
            continue
        label = "tags" if name == "tags" else name
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
        out[name] = [(table.labels.get((label, k), k), n) for k, n in top]
    return out
