"""Whoosh query objects built and read for the search side, which never imports Whoosh.

Queries pass through ``search/`` and ``api`` as opaque values; these are the only ways to make
one (filters, related articles, match-all) or to ask what one is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage

from . import mapped
from .schema import BIGRAM_FIELD

NOTHING: Any = wq.NullQuery  # matches no document
EVERYTHING: Any = wq.Every()  # matches every document


def is_nothing(query: Any) -> bool:
    return query is wq.NullQuery


def any_value(fieldname: str, values: Iterable[str]) -> Any:
    """Documents whose ``fieldname`` holds any of ``values`` (exact, unanalyzed values)."""
    terms = [wq.Term(fieldname, v) for v in sorted(values)]
    return terms[0] if len(terms) == 1 else wq.Or(terms)


def date_range(fieldname: str, start: datetime | None, end: datetime | None) -> Any:
    """``start`` ≤ date < ``end`` (either open)."""
    return wq.DateRange(fieldname, start, end, endexcl=True)


def all_of(parts: Sequence[Any]) -> Any:
    """Documents matching every part (None when there is no part: unrestricted)."""
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(list(parts))


def term(fieldname: str, text: str, boost: float = 1.0) -> Any:
    return wq.Term(fieldname, text, boost=boost)


def any_of(parts: Sequence[Any], boost: float = 1.0) -> Any:
    """Documents matching any part, scored by the sum of the parts that match."""
    return wq.Or(list(parts), boost=boost)


def every_of(parts: Sequence[Any]) -> Any:
    """Documents matching every part (a single part is itself)."""
    return parts[0] if len(parts) == 1 else wq.And(list(parts))


def phrase(fieldname: str, words: Sequence[str], boost: float = 1.0, slop: int = 1) -> Any:
    """The words in order in ``fieldname``, at most ``slop`` positions apart."""
    return wq.Phrase(fieldname, list(words), slop=slop, boost=boost)


def weighted_terms(terms: Sequence[tuple[str, str, float]]) -> Any:
    """An OR of ``(field, term, boost)``: documents with any of the terms, scored by each."""
    if not terms:
        return NOTHING
    return wq.Or([wq.Term(f, t, boost=b) for f, t, b in terms])


def bigram_terms(query: Any) -> frozenset[str]:
    """The Hangul bigrams a plain-words query searches."""
    grams: set[str] = set()
    stack = [query]
    while stack:
        q = stack.pop()
        if isinstance(q, wq.Term) and q.fieldname == BIGRAM_FIELD:
            grams.add(q.text if isinstance(q.text, str) else q.text.decode("utf-8"))
        stack.extend(q.children())
    return frozenset(grams)


def has_word(reader: Any, fieldnames: Sequence[str], text: str) -> bool:
    """Whether any of ``fieldnames`` holds the indexed word ``text``."""
    return any(reader.doc_frequency(name, text) > 0 for name in fieldnames)


def open_index(path: str) -> Any:
    """The Whoosh index in the generation directory ``path``, for searching (its segments
    memory-mapped, read over the map: :mod:`.mapped`; :func:`.evaluate.run` keeps the mapped
    pages a process holds bounded)."""
    mapped.install()
    return FileStorage(path).open_index()
