"""What an archive says about a query beyond its page of hits: its trend over time
(:mod:`.trend`) and its related words (:mod:`.related`), both computed from the query's whole
match set on one searcher, as ``Index.trend`` and ``Index.related`` ask."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from ..engine import queries
from ..engine.readers import ReaderCache
from ..errors import QueryError
from ..settings import Settings
from . import arrange, request
from . import trend as trends
from .compile import QueryCompiler
from .doctable import table_for
from .related import Related, is_noun, significant
from .trend import Trend, TrendKwargs, TrendSeries

if TYPE_CHECKING:
    from ..engine.view import Searcher

MAX_QUERIES = 8  # queries charted side by side
# Document frequencies looked up for related words, kept per generation: a term-dictionary
# lookup is the costly part of related words, and the words of related queries overlap.
MAX_KNOWN_DF = 200_000
_body_df: ReaderCache[dict[str, int]] = ReaderCache(4)


def matched(
    compiler: QueryCompiler, searcher: Searcher, query: str, opts: request.SearchOptions
) -> tuple[list[int], request.SearchOptions]:
    """Every document ``query`` matches under ``opts``' filters, best first (ties by
    document number), and the options with the query's own filter clauses merged in."""
    from ..engine import evaluate

    text, opts = request.prepare(query, opts)
    compiled = compiler.compile(text, searcher.reader()) if text else arrange.match_all()
    if queries.is_nothing(compiled.query):
        return [], opts
    compiler.check_expansion(compiled.query, searcher.reader())
    matches = evaluate.run(searcher, compiled.query, opts.filter)
    return [d for d, _ in matches.top(len(matches))], opts


def trend(
    compiler: QueryCompiler,
    searcher: Searcher,
    settings: Settings,
    query: str | Sequence[str],
    interval: str | None,
    options: TrendKwargs,
) -> Trend:
    started = time.perf_counter()
    texts = [query] if isinstance(query, str) else list(query)
    if not texts:
        raise QueryError("give at least one query", "q")
    if len(texts) > MAX_QUERIES:
        raise QueryError(f"at most {MAX_QUERIES} queries side by side, not {len(texts)}", "q")
    interval = trends.check_interval(interval)
    base = request.options(settings, 1, **options)
    table = table_for(searcher.reader())
    found: list[tuple[str, list[float], int, request.SearchOptions]] = []
    for text in texts:
        docs, opts = matched(compiler, searcher, text, base)
        if base.collapse:
            docs = trends.stories(docs, table.fingerprints, base.distance)
        dates = [ts for ts in (table.dates[d] for d in docs) if ts is not None]
        found.append((text, dates, len(docs), opts))
    # the charted span: the filters' dates when every query has them, else the matches'
    since = [o.filters.since for *_, o in found]
    until = [o.filters.until for *_, o in found]
    first = min(d for d in since if d is not None) if all(since) else None
    last = max(d for d in until if d is not None) if all(until) else None
    bounds = trends.span([ts for _, dates, _, _ in found for ts in dates], first, last, base.tz)
    if bounds is None:
        chosen = interval or "month"
        periods: list[tuple[datetime, datetime]] = []
    else:
        chosen = interval or trends.choose_interval(*bounds)
        periods = trends.periods(*bounds, chosen)
    series = tuple(
        TrendSeries(text, total, total - len(dates), trends.buckets(dates, periods, chosen))
        for text, dates, total, _ in found
    )
    took = (time.perf_counter() - started) * 1000
    return Trend(chosen, series, took, base.collapse, found[0][3].filters.to_dict())


def related(
    compiler: QueryCompiler,
    searcher: Searcher,
    settings: Settings,
    query: str,
    limit: int,
    docs: int,
    options: TrendKwargs,
) -> Related:
    started = time.perf_counter()
    if limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit}", "limit")
    if docs < 1:
        raise QueryError(f"docs must be at least 1, not {docs}", "docs")
    opts = request.options(settings, 1, **options)
    ranked, opts = matched(compiler, searcher, query, opts)
    total = len(ranked)
    top = ranked[:docs]
    if opts.collapse:  # the best ``docs`` stories, a republished one read once
        fingerprints = table_for(searcher.reader()).fingerprints
        top = trends.stories(ranked, fingerprints, opts.distance, docs)
    text, _ = request.prepare(query, opts)
    words = compiler.compile(text).words if text else ()

    known = _body_df.get(searcher.reader(), lambda reader: {})

    def df(term: str) -> int:  # in bodies: a word only ever in titles counts its hits' share
        found = known.get(term)
        if found is None:
            if len(known) >= MAX_KNOWN_DF:
                known.clear()
            found = known[term] = int(searcher.doc_frequency("body", term))
        return found

    terms = significant(
        (str(searcher.stored_fields(d).get("terms") or "") for d in top),
        doc_count=int(searcher.doc_count()),
        doc_frequency=df,
        exclude=words,
        keep=lambda term: is_noun(term, settings.user_dictionary),
        limit=limit,
    )
    took = (time.perf_counter() - started) * 1000
    return Related(query, tuple(terms), len(top), total, took)
