"""Quotations of a search's matching articles, with their speakers (``artindex quotes``).

Quotes are extracted at index time (:mod:`artindex.analysis.quotes`) and stored per article as
``[text, speaker, title]``; a search lists those of its matching articles in the articles'
order (best first, or by date), each article's quotes in text order, optionally only one
speaker's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..analysis.quotes import Quote
from ..text.keys import name_key


@dataclass(frozen=True, slots=True)
class Quotation:
    """One quote with its speaker (empty when none is named) and the article it is from."""

    quote: str
    speaker: str
    speaker_title: str
    id: str
    title: str
    date: datetime | None
    source: str = ""
    url: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "speaker": self.speaker,
            "speaker_title": self.speaker_title,
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "url": self.url,
        }


@dataclass(frozen=True, slots=True)
class QuoteResult:
    """What :meth:`artindex.Index.quotes` returns. ``total`` counts every quote (of
    ``speaker``, when given) in the matching articles; ``articles`` counts those articles."""

    query: str
    total: int
    articles: int
    took_ms: float
    quotes: tuple[Quotation, ...] = ()
    speaker: str = ""
    offset: int = 0
    filters: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Any:
        return iter(self.quotes)

    def __len__(self) -> int:
        return len(self.quotes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "speaker": self.speaker or None,
            "total": self.total,
            "articles": self.articles,
            "offset": self.offset,
            "took_ms": round(self.took_ms, 3),
            "filters": self.filters,
            "quotes": [q.to_dict() for q in self.quotes],
        }


def stored_quotes(stored: dict[str, Any]) -> list[Quote]:
    return [Quote.from_stored(v) for v in stored.get("quotes") or ()]


def collect(
    docnums: Sequence[int],
    stored: Callable[[int], dict[str, Any]],
    article: Callable[[dict[str, Any]], Any],
    speaker: str | None,
    limit: int,
    offset: int = 0,
) -> tuple[list[Quotation], int, int]:
    """The page ``[offset, offset + limit)`` of the quotes of ``docnums`` (in that order), the
    number of quotes and the number of articles quoting (``speaker`` only, when given)."""
    want = name_key(speaker) if speaker else ""
    page: list[Quotation] = []
    total = articles = 0
    seen: set[tuple[str, str]] = set()  # the same quote in a reprinted story is listed once
    for docnum in docnums:
        fields = stored(docnum)
        quotes = []
        for q in stored_quotes(fields):
            key = (" ".join(q.text.split()), name_key(q.speaker))
            if (want and key[1] != want) or key in seen:
                continue
            seen.add(key)
            quotes.append(q)
        if not quotes:
            continue
        articles += 1
        meta = article(fields)
        for q in _page_part(quotes, total, offset, limit):
            page.append(
                Quotation(q.text, q.speaker, q.title, meta.id, meta.title, meta.date,
                          meta.source, meta.url)
            )  # fmt: skip
        total += len(quotes)
    return page, total, articles


def _page_part(quotes: list[Quote], seen: int, offset: int, limit: int) -> Iterable[Quote]:
    lo = max(0, offset - seen)
    hi = max(0, offset + limit - seen)
    return quotes[lo:hi]
