"""An artindex search as an OpenSearch ``_search`` request body.

Plain words become a ``cross_fields`` ``multi_match``: each query word is scored over title,
body, byline and tags together, with artindex's field boosts and one blended document frequency
per word, the nearest thing OpenSearch has to artindex's BM25F. Text in artindex's query syntax
(quotes, ``AND``/``OR``/``NOT``, ``title:value``, wildcards) becomes a ``query_string`` over the
same fields: Lucene's syntax reads those the same way.

Every keyword argument of ``Index.search`` has a row in :data:`ARGUMENTS`: how it is carried
(the search's own option checks and filter resolution are reused, so ``--when 지난주`` and an
inline ``tag:경제`` become the same absolute range and the same normalized keys artindex
filters on), or why it is refused. An argument without a row (one added to ``Index.search``
later) is refused too: a translated request never silently drops part of a search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..analysis.morphology import needs_kiwi
from ..errors import QueryError
from ..search import request as search_options
from ..search.filters import Filters
from ..settings import Settings
from ..text.syntax import FIELD_NAME, is_syntax

KEYS = "keys"  # the exported object field holding artindex's filter keys (see opensearch.py)
SORTS: dict[str, list[Any]] = {
    "relevance": [],
    "newest": [{"date": {"order": "desc", "missing": "_last"}}, "_score"],
    "oldest": [{"date": {"order": "asc", "missing": "_last"}}, "_score"],
}
# artindex facet -> the exported field it counts (months: a date histogram)
FACET_FIELDS = {
    "tags": f"{KEYS}.tag",
    "source": f"{KEYS}.source",
    "byline": f"{KEYS}.byline",
    "people": "people",  # the names found at index time, as artindex's facets show them
    "orgs": "orgs",
    "places": "places",
}
FACET_SIZE = 20  # artindex lists the top 20 values of a facet (search/facets.py TOP)
COLLAPSE_FIELD = f"{KEYS}.fingerprint"
QUERY_FIELDS = frozenset({"title", "body"})  # fields a query may name that the mapping has


@dataclass(frozen=True, slots=True)
class Argument:
    """How one ``Index.search`` argument is carried: its OpenSearch form, or why it cannot be
    (``refused``: then any value but ``off`` is an error)."""

    flag: str  # the CLI flag (same name as the argument)
    form: str  # the OpenSearch form, for docs/scale-out.md
    refused: str = ""
    off: Any = None  # the value that asks nothing of a refused argument


ARGUMENTS: dict[str, Argument] = {
    "query": Argument("QUERY", "`multi_match` (cross_fields) or `query_string`; inline "
                      "`date:`/`tag:`/`source:`/`byline:`/`lang:` become filters"),
    "limit": Argument("--limit", "`size`"),
    "offset": Argument("--offset", "`from`"),
    "page": Argument("--page", "`from` = (page - 1) × limit"),
    "sort": Argument("--sort", "`sort` on `date` (newest/oldest, undated last), then `_score`"),
    "since": Argument("--since", "`range.date.gte` (resolved in the index's time zone)"),
    "until": Argument("--until", "`range.date.lt` (a bare day: up to the next day)"),
    "when": Argument("--when", "`range.date` with both bounds, resolved against `now`"),
    "now": Argument("--now", "the moment `--when` phrases are resolved against"),
    "tag": Argument("--tag", "`terms` on `keys.tag` (artindex's normalized tag keys)"),
    "source": Argument("--source", "`terms` on `keys.source`"),
    "byline": Argument("--byline", "`terms` on `keys.byline` (one key per reporter name)"),
    "lang": Argument("--lang", "`terms` on `keys.lang`"),
    "person": Argument("--person", "`terms` on `keys.person` (names found at index time)"),
    "org": Argument("--org", "`terms` on `keys.org`"),
    "place": Argument("--place", "`terms` on `keys.place`"),
    "url": Argument("--url", "`terms` on `keys.url` (the address keyed as artindex keys it)"),
    "expand": Argument("--expand", "", refused="paraphrase expansion asks Kiwi's CoNg model for "
                       "similar nouns; OpenSearch has no such model", off=(None, False)),
    "facets": Argument("--facets", "`aggs`: `terms` on `keys.*` (top 20), months a "
                       "`date_histogram` in the index's time zone"),
    "collapse": Argument("--no-collapse", "`collapse` on `keys.fingerprint` (on by default; "
                         "exact fingerprints only, artindex also folds near ones)"),
    "explain": Argument("--explain", "`explain: true`"),
    "snippets": Argument("(API)", "`highlight` on title and body (`snippet_chars`)"),
    "correct": Argument("--no-correct", "a `term` suggester on body (on by default): OpenSearch "
                        "offers the correction, the client decides to search it"),
    "recent": Argument("--recent", "", refused="artindex's recency boost reorders its best 200 "
                       "hits by a half-life; OpenSearch has no equivalent that keeps BM25's "
                       "order", off=(None, False)),
}  # fmt: skip


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


_NAMED_FIELD = re.compile(rf"(?:^|(?<=[\s(+\-])){FIELD_NAME}(?=\S)")


def text_query(text: str, settings: Settings) -> dict[str, Any]:
    """The scoring query for ``text`` (filter clauses already taken out)."""
    if not text:
        return {"match_all": {}}
    fields = search_fields(_language_settings(text, settings))
    if is_syntax(text):
        for match in _NAMED_FIELD.finditer(text):
            if match["text"] not in QUERY_FIELDS:
                raise QueryError(
                    f"query {text!r} names field {match['text']!r}, which the exported mapping "
                    f"does not search; the fields are {', '.join(sorted(QUERY_FIELDS))}; "
                    "filters: date, tag, source, byline, lang"
                )
        return {"query_string": {"query": text, "fields": fields, "default_operator": "OR"}}
    return {
        "multi_match": {"query": text, "type": "cross_fields", "fields": fields, "operator": "or"}
    }


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def filter_clauses(filters: Filters) -> list[dict[str, Any]]:
    """``bool.filter`` clauses for artindex's resolved filters: [since, until) and, per group,
    any of its normalized keys (every group must hold)."""
    clauses: list[dict[str, Any]] = []
    bounds: dict[str, str] = {}
    if filters.since is not None and filters.since.year > 1:
        bounds["gte"] = _iso(filters.since)
    if filters.until is not None and filters.until.year < 9999:
        bounds["lt"] = _iso(filters.until)
    if bounds:
        clauses.append({"range": {"date": bounds}})
    for kind, groups in (
        ("tag", filters.tag),
        ("source", filters.source),
        ("byline", filters.byline),
        ("lang", filters.lang),
        ("url", filters.url),
        ("person", filters.person),
        ("org", filters.org),
        ("place", filters.place),
    ):
        clauses += [{"terms": {f"{KEYS}.{kind}": sorted(group)}} for group in groups]
    return clauses


def aggregations(facets: tuple[str, ...], settings: Settings) -> dict[str, Any]:
    """One aggregation per artindex facet (names already checked)."""
    aggs: dict[str, Any] = {}
    for facet in facets:
        if facet == "month":
            aggs[facet] = {
                "date_histogram": {
                    "field": "date",
                    "calendar_interval": "month",
                    "time_zone": settings.timezone,
                    "format": "yyyy-MM",
                    "min_doc_count": 1,
                    "order": {"_key": "desc"},
                }
            }
        else:
            aggs[facet] = {"terms": {"field": FACET_FIELDS[facet], "size": FACET_SIZE}}
    return aggs


def _check_arguments(arguments: dict[str, Any]) -> None:
    """Refuse an argument without a translation, or a refused one that asks for something."""
    for name, value in arguments.items():
        known = ARGUMENTS.get(name)
        if known is None:
            raise QueryError(
                f"search argument {name!r} has no OpenSearch translation yet; "
                "search without it or extend artindex.export.request.ARGUMENTS",
                name,
            )
        offs = known.off if isinstance(known.off, tuple) else (known.off,)
        if known.refused and value not in offs:
            raise QueryError(f"{known.flag} cannot be translated to OpenSearch: {known.refused}")


def search_request(
    query: str,
    settings: Settings,
    limit: int = 10,
    *,
    snippets: bool = True,
    correct: bool = True,
    expand: bool = False,
    **options: Any,
) -> dict[str, Any]:
    """The ``_search`` body equivalent to ``Index.search(query, limit, **options)``, for an
    index created from :func:`~.opensearch.index_body` and loaded from its bulk files. Raises
    QueryError for what artindex would refuse, and for an argument that cannot be carried."""
    _check_arguments({**options, "expand": expand})
    opts = search_options.options(settings, limit, **options)
    if opts.half_life > 0:
        raise QueryError(
            "the recency_half_life_days setting cannot be translated to OpenSearch: "
            + ARGUMENTS["recent"].refused
        )
    text = query.strip()
    if not text:
        raise QueryError("empty query")
    if len(text) > settings.max_query_chars:
        raise QueryError(
            f"query is {len(text)} characters long; the limit is {settings.max_query_chars}"
        )
    text, opts = search_options.prepare(text, opts)
    body: dict[str, Any] = {
        "size": opts.limit,
        "track_total_hits": True,
        "_source": {"excludes": ["body", KEYS]},
        "query": {"bool": {"must": [text_query(text, settings)]}},
    }
    clauses = filter_clauses(opts.filters)
    if clauses:
        body["query"]["bool"]["filter"] = clauses
    if snippets:
        body["highlight"] = {
            "pre_tags": ["<em>"],
            "post_tags": ["</em>"],
            "fields": {
                "title": {"number_of_fragments": 0},
                "body": {"fragment_size": settings.snippet_chars, "number_of_fragments": 1},
            },
        }
    if opts.offset:
        body["from"] = opts.offset
    if SORTS[opts.sort]:
        body["sort"] = SORTS[opts.sort]
    if opts.facets:
        body["aggs"] = aggregations(opts.facets, settings)
    if opts.collapse:
        body["collapse"] = {"field": COLLAPSE_FIELD}
    if opts.explain:
        body["explain"] = True
    if correct and text and not is_syntax(text):  # artindex corrects plain queries only
        body["suggest"] = {"correction": {"text": text, "term": {"field": "body"}}}
    return body
