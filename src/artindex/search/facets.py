"""Facet counts (tags, source, byline, month) over a search's whole match set, not its page."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING

from ..errors import QueryError
from .doctable import ENTITY_CARD_KEYS, DocTable

if TYPE_CHECKING:
    from .doctable import Codes

FACETS = ("tags", "source", "byline", "month", "people", "orgs", "places")
ALIASES = {"tag": "tags", "sources": "source", "bylines": "byline", "months": "month"}
ALIASES.update(person="people", org="orgs", organisations="orgs", place="places")
TOP = 20  # values listed per facet (months: all)


def parse_facets(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"tags,source"`` or ``["tags", "source"]`` as checked facet names."""
    if not value:
        return ()
    return parse_names(value, FACETS, ALIASES, "facet", "facets")


def parse_names(
    value: str | Sequence[str], allowed: Sequence[str], aliases: dict[str, str], what: str,
    parameter: str,
) -> tuple[str, ...]:  # fmt: skip
    """Comma lists (one string or several) as names of ``allowed``, each once, in the order
    given; an alias counts as its name; an unknown name is a QueryError on ``parameter``."""
    items = value.split(",") if isinstance(value, str) else [p for v in value for p in v.split(",")]
    names: list[str] = []
    for item in (i.strip().lower() for i in items):
        if not item:
            continue
        name = aliases.get(item, item)
        if name not in allowed:
            raise QueryError(f"unknown {what} {item!r}: use {', '.join(allowed)}", parameter)
        if name not in names:
            names.append(name)
    return tuple(names)


def count(
    table: DocTable, docnums: Iterable[int], names: Sequence[str], tz: tzinfo
) -> dict[str, list[tuple[str, int]]]:
    """For each facet, (value, count) pairs, most frequent first (months: newest first).

    Each facet's values are coded once per table (one generation) as two arrays, the
    document and the value code of every (document, value) pair, so counting a match set
    is one vectorised pass however large it is."""
    if not names:
        return {}
    import numpy as np  # loaded by the first search already; not at import time

    docs = docnums if isinstance(docnums, np.ndarray) else np.fromiter(docnums, dtype=np.int64)
    matched = np.zeros(len(table.ids), dtype=bool)
    matched[docs] = True
    out: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        owners, codes, values = coded(table, name, tz)
        tally = np.bincount(codes[matched[owners]], minlength=len(values))
        counts = {values[c]: int(tally[c]) for c in np.flatnonzero(tally).tolist()}
        if name == "month":
            out[name] = sorted(counts.items(), reverse=True)
            continue
        label = "tags" if name == "tags" else name
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
        out[name] = [(table.labels.get((label, k), k), n) for k, n in top]
    return out


def coded(table: DocTable, name: str, tz: tzinfo) -> Codes:
    """(document of each pair, value code of each pair, values by code) of one facet."""
    key = f"month {tz}" if name == "month" else name
    found = table._codes.get(key)
    if found is not None:
        return found
    import numpy as np

    per_doc: Sequence[Sequence[str]]
    if name == "tags":
        per_doc = table.tags
    elif name == "byline":
        per_doc = table.bylines
    elif name in ENTITY_CARD_KEYS:
        per_doc = table.entities.get(name) or [() for _ in table.ids]
    elif name == "source":
        per_doc = [(s,) for s in table.sources]
    else:
        per_doc = [(m,) for m in table.months(tz)]
    index: dict[str, int] = {}
    owners: list[int] = []
    codes: list[int] = []
    for docnum, keys in enumerate(per_doc):
        for k in keys:
            if k:  # an empty value is no facet value
                codes.append(index.setdefault(k, len(index)))
                owners.append(docnum)
    found = (np.array(owners, dtype=np.int64), np.array(codes, dtype=np.int64), list(index))
    table._codes[key] = found
    return found
