"""An artindex search as an OpenSearch ``_search`` request body.

Plain words become a ``cross_fields`` ``multi_match``: each query word is scored over title,
body, byline and tags together, with artindex's field boosts and one blended document frequency
per word, the nearest thing OpenSearch has to artindex's BM25F. Text in artindex's query syntax
(quotes, ``AND``/``OR``/``NOT``, ``field:value``, wildcards) becomes a ``query_string`` over the
same fields: Lucene's syntax reads those the same way. Filters go in ``bool.filter`` (they do
not change scores), facets become aggregations.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from ..analysis.morphology import needs_kiwi
from ..engine.syntax import SYNTAX as QUERY_SYNTAX
from ..errors import QueryError
from ..settings import Settings

# sort name -> OpenSearch sort clauses (artindex's relevance order needs none)
SORTS: dict[str, list[Any]] = {
    "relevance": [],
    "date:desc": [{"date": {"order": "desc", "missing": "_last"}}, "_score"],
    "date:asc": [{"date": {"order": "asc", "missing": "_last"}}, "_score"],
}
KEYWORD_FACETS = ("tags", "source", "byline", "lang")
FACETS = (*KEYWORD_FACETS, "date")
FACET_SIZE = 20


def search_fields(settings: Settings) -> list[str]:
    """The searched fields with artindex's boosts (a zero boost leaves a field out)."""
    weighted = [
        ("title", settings.title_boost),
        ("subtitle", settings.title_boost),  # artindex searches it with the title's weight
        ("body", 1.0),
        ("byline.text", settings.byline_boost),
        ("tags.text", settings.tags_boost),
    ]
    return [name if boost == 1.0 else f"{name}^{boost:g}" for name, boost in weighted if boost > 0]


def _language_settings(text: str, settings: Settings) -> Settings:
    """artindex's per-language boosts: "en" when the query has Latin letters and no Hangul."""
    latin = any(ch.isascii() and ch.isalpha() for ch in text)
    if latin and not needs_kiwi(text) and "en" in settings.languages:
        return settings.for_language("en")
    return settings


def text_query(text: str, settings: Settings) -> dict[str, Any]:
    fields = search_fields(_language_settings(text, settings))
    if QUERY_SYNTAX.search(text):
        return {"query_string": {"query": text, "fields": fields, "default_operator": "OR"}}
    return {
        "multi_match": {"query": text, "type": "cross_fields", "fields": fields, "operator": "or"}
    }


def _bound(value: date | datetime, upper: bool) -> str:
    """A range bound: a datetime as is; a date as the whole day (``||/d`` rounds an upper
    bound up to the day's end)."""
    if isinstance(value, datetime):
        return value.isoformat()
    return value.isoformat() + ("||/d" if upper else "")


def filter_clauses(
    since: date | datetime | None,
    until: date | datetime | None,
    tags: Sequence[str],
    source: Sequence[str],
) -> list[dict[str, Any]]:
    """``bool.filter`` clauses: a date range, every tag in ``tags``, any source in ``source``."""
    if since is not None and until is not None and _day(since) > _day(until):
        raise QueryError(f"since ({since.isoformat()}) is after until ({until.isoformat()})")
    clauses: list[dict[str, Any]] = []
    if since is not None or until is not None:
        bounds: dict[str, str] = {}
        if since is not None:
            bounds["gte"] = _bound(since, upper=False)
        if until is not None:
            bounds["lte"] = _bound(until, upper=True)
        clauses.append({"range": {"date": bounds}})
    clauses += [{"term": {"tags": tag}} for tag in tags]
    if source:
        clauses.append({"terms": {"source": list(source)}})
    return clauses


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def aggregations(facets: Sequence[str]) -> dict[str, Any]:
    """One aggregation per facet: top values of a keyword field, or articles per month."""
    unknown = [f for f in facets if f not in FACETS]
    if unknown:
        raise QueryError(f"unknown facet {unknown[0]!r}; choose from {', '.join(FACETS)}")
    aggs: dict[str, Any] = {}
    for facet in facets:
        if facet == "date":
            aggs[facet] = {"date_histogram": {"field": "date", "calendar_interval": "month"}}
        else:
            aggs[facet] = {"terms": {"field": facet, "size": FACET_SIZE}}
    return aggs


def search_request(
    query: str,
    settings: Settings,
    *,
    limit: int = 10,
    offset: int = 0,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    tags: Sequence[str] = (),
    source: Sequence[str] = (),
    sort: str = "relevance",
    facets: Sequence[str] = (),
) -> dict[str, Any]:
    """The ``_search`` body equivalent to ``Index.search(query, limit)`` (plus filters, sort
    and facets), for an index created from :func:`~.opensearch.index_body`."""
    text = query.strip()
    if not text:
        raise QueryError("empty query")
    if len(text) > settings.max_query_chars:
        raise QueryError(
            f"query is {len(text)} characters long; the limit is {settings.max_query_chars}"
        )
    if limit < 1 or offset < 0:
        raise QueryError(f"limit must be at least 1 and offset at least 0, not {limit}/{offset}")
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; choose from {', '.join(SORTS)}")
    body: dict[str, Any] = {
        "size": limit,
        "track_total_hits": True,
        "_source": {"excludes": ["body"]},
        "query": {
            "bool": {
                "must": [text_query(text, settings)],
                "filter": filter_clauses(since, until, tags, source),
            }
        },
        "highlight": {
            "pre_tags": ["<em>"],
            "post_tags": ["</em>"],
            "fields": {
                "title": {"number_of_fragments": 0},
                "body": {"fragment_size": settings.snippet_chars, "number_of_fragments": 1},
            },
        },
    }
    if offset:
        body["from"] = offset
    if SORTS[sort]:
        body["sort"] = SORTS[sort]
    if facets:
        body["aggs"] = aggregations(facets)
    return body
