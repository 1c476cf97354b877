"""What a search does around the ranking: options (filters, sort, paging, facets, recency,
collapsing, explain) checked once, and the ranked documents arranged into one page.

``Index.search`` calls :func:`options` and :func:`prepare` before compiling the query,
passes ``opts.filter`` to Whoosh's ``searcher.search(filter=...)`` so that filters restrict
(and ``total`` counts only filtered hits), and hands its ranking to :func:`arrange`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, TypedDict

from ..errors import QueryError
from ..settings import Settings
from . import filters as search_filters
from .collapse import Group, collapse
from .doctable import DocTable, Rows
from .facets import parse_facets
from .filters import Filters

if TYPE_CHECKING:
    from ..engine.view import Query

SORTS = ("relevance", "newest", "oldest")
RECENCY_WINDOW = 200  # best first-pass hits the recency boost may reorder
DEFAULT_HALF_LIFE = 30.0  # days, for --recent when the setting is 0


@dataclass(frozen=True, slots=True)
class SearchOptions:
    limit: int = 10
    offset: int = 0
    sort: str = "relevance"
    filters: Filters = field(default_factory=Filters)
    facets: tuple[str, ...] = ()
    collapse: bool = True
    explain: bool = False
    half_life: float = 0.0  # days; 0: no recency boost
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    tz: tzinfo = UTC
    distance: int = 6

    @property
    def filter(self) -> Query:
        """The Whoosh filter query (None: unrestricted)."""
        return self.filters.query()

    @property
    def depth(self) -> int:
        """How many ranked documents the page is cut from."""
        want = self.offset + self.limit
        if self.collapse:
            want = max(3 * want, want + 30)
        if self.half_life > 0:
            want = max(want, RECENCY_WINDOW)
        return want


class SearchKwargs(TypedDict, total=False):
    """The keyword arguments of ``Index.search`` beyond ``limit`` (see :func:`options`)."""

    offset: int
    page: int | None
    sort: str
    since: str | date | datetime | None
    until: str | date | datetime | None
    when: str | tuple[datetime, datetime] | None
    now: str | datetime | None
    tag: str | Sequence[str] | None
    source: str | Sequence[str] | None
    byline: str | Sequence[str] | None
    lang: str | Sequence[str] | None
    person: str | Sequence[str] | None
    org: str | Sequence[str] | None
    place: str | Sequence[str] | None
    url: str | Sequence[str] | None
    facets: str | Sequence[str] | None
    recent: bool | float | None
    collapse: bool
    explain: bool


def options(
    settings: Settings,
    limit: int = 10,
    *,
    offset: int = 0,
    page: int | None = None,
    sort: str = "relevance",
    since: str | date | datetime | None = None,
    until: str | date | datetime | None = None,
    when: str | tuple[datetime, datetime] | None = None,
    now: str | datetime | None = None,
    tag: str | Sequence[str] | None = None,
    source: str | Sequence[str] | None = None,
    byline: str | Sequence[str] | None = None,
    lang: str | Sequence[str] | None = None,
    person: str | Sequence[str] | None = None,
    org: str | Sequence[str] | None = None,
    place: str | Sequence[str] | None = None,
    url: str | Sequence[str] | None = None,
    facets: str | Sequence[str] | None = None,
    recent: bool | float | None = None,
    collapse: bool = True,
    explain: bool = False,
) -> SearchOptions:
    """Check the search keyword arguments (the CLI flags carry the same names)."""
    if limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit}", "limit")
    if offset < 0:
        raise QueryError(f"offset must be 0 or more, not {offset}", "offset")
    if page is not None:
        if page < 1:
            raise QueryError(f"page must be at least 1, not {page}", "page")
        if offset:
            raise QueryError("give offset or page, not both", "page")
        offset = (page - 1) * limit
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}: use {', '.join(SORTS)}", "sort")
    tz = search_filters.zone(settings.timezone)
    moment = _now(now, tz)
    filters = search_filters.build(
        tz=tz, now=moment, since=since, until=until, when=when,
        tag=tag, source=source, byline=byline, lang=lang, person=person, org=org, place=place,
        url=url,
    )  # fmt: skip
    return SearchOptions(
        limit=limit,
        offset=offset,
        sort=sort,
        filters=filters,
        facets=parse_facets(facets),
        collapse=collapse,
        explain=explain,
        half_life=_half_life(recent, settings),
        now=moment,
        tz=tz,
        distance=settings.collapse_distance,
    )


def _now(now: str | datetime | None, tz: tzinfo) -> datetime:
    if now is None:
        return datetime.now(tz)
    if isinstance(now, datetime):
        return now if now.tzinfo else now.replace(tzinfo=tz)
    return search_filters.to_datetime(now, tz)


def _half_life(recent: bool | float | None, settings: Settings) -> float:
    if recent is None:
        return max(0.0, settings.recency_half_life_days)
    if recent is True:
        return settings.recency_half_life_days or DEFAULT_HALF_LIFE
    if recent is False:
        return 0.0
    if recent <= 0:
        raise QueryError(f"recent must be a half-life in days above 0, not {recent}", "recent")
    return float(recent)


def prepare(query: str, opts: SearchOptions) -> tuple[str, SearchOptions]:
    """Take filter clauses (``date:``, ``tag:``...) out of the query text: the rest is what
    gets ranked (may be empty: then every document passing the filters matches)."""
    try:
        text, found = search_filters.extract(query, opts.tz, opts.now)
    except QueryError as exc:
        raise QueryError(f"{exc} (in query {query!r})") from None
    if not found and text == " ".join(query.split()):
        return query, opts
    if not text and not (found or opts.filters):
        raise QueryError(f"query {query!r} has no words to search for")
    sort = "newest" if not text and opts.sort == "relevance" else opts.sort
    return text, replace(opts, filters=opts.filters.merge(found), sort=sort)


# --------------------------------------------------------------------------- arranging


@dataclass(slots=True)
class Placed:
    """One hit of the page: its document, final score, score parts and near-duplicates."""

    docnum: int
    score: float
    recency: float = 0.0  # the part of ``score`` the recency boost added
    duplicates: list[int] = field(default_factory=list)


def recency_factor(ts: float | None, opts: SearchOptions) -> float:
    """0.5 ** (age in days / half-life): 1 for an article of ``now``, 0 when undated."""
    if ts is None or opts.half_life <= 0:
        return 0.0
    age = max(0.0, (opts.now.timestamp() - ts) / 86400.0)
    return float(0.5 ** (age / opts.half_life))


def arrange(ranked: Sequence[tuple[int, float]], table: Rows, opts: SearchOptions) -> list[Placed]:
    """The page: recency boost, sort (ties broken by article id), collapsing, offset/limit."""
    boosted = [(d, s, s * recency_factor(table.dates[d], opts)) for d, s in ranked[: opts.depth]]
    if opts.sort == "relevance":
        boosted.sort(key=lambda e: (-(e[1] + e[2]), table.ids[e[0]]))
    else:
        boosted.sort(key=lambda e: date_key(table, e[0], newest=opts.sort == "newest"))
    extra = {d: r for d, _, r in boosted}
    order = [(d, s + r) for d, s, r in boosted]
    if opts.collapse:
        groups = collapse(order, table.fingerprints, opts.distance)
    else:
        groups = [Group(d, s) for d, s in order]
    page = groups[opts.offset : opts.offset + opts.limit]
    return [Placed(g.docnum, g.score, extra[g.docnum], g.duplicates) for g in page]


def date_key(table: Rows, docnum: int, *, newest: bool) -> tuple[bool, float, str]:
    """Sort key for date order: undated articles last, ties by id."""
    ts = table.dates[docnum]
    if ts is None:
        return True, 0.0, table.ids[docnum]
    return False, -ts if newest else ts, table.ids[docnum]


def by_date(docnums: Sequence[int], table: DocTable, opts: SearchOptions) -> list[int]:
    """Every matching document in date order (``sort`` newest or oldest)."""
    return sorted(docnums, key=lambda d: date_key(table, d, newest=opts.sort == "newest"))
