"""Search filters: date ranges in the index's time zone and exact tag, source, byline and
language values. Filters restrict a search; they never add hits.

Tags, sources and bylines are matched as whole values (one tag is one value), normalized the
same way at index time (:func:`tag_key`, :func:`source_key`, :func:`byline_keys`) and at query
time. Dates are stored in UTC; a day such as ``2024-06-01`` is the index's time zone's day
(``timezone`` setting, Asia/Seoul unless set), turned into a UTC range before searching.

The same filters can be written in the query: ``date:2024-06-01``, ``date:>2024-01-01``,
``date:[2024-01-01 TO 2024-02-01]``, ``date:지난주``, ``tag:경제``, ``source:연합뉴스``,
``byline:"김민수 기자"``, ``lang:en``. :func:`extract` takes them out of the query text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import ConfigError, QueryError
from ..text.keys import byline_keys, is_url, lang_key, name_key, norm, source_key, tag_key, url_key

if TYPE_CHECKING:
    from ..engine.view import Query

# Exact-value fields added to the schema for filtering (see schema.make_schema).
TAG_FIELD = "f_tag"
SOURCE_FIELD = "f_source"
BYLINE_FIELD = "f_byline"
LANG_FIELD = "f_lang"
ENTITY_FIELDS = {"person": "people", "org": "orgs", "place": "places"}  # filter -> field
URL_FIELD = "f_url"
DATE_FIELD = "date"  # DATETIME, UTC, naive

DateRange = tuple[datetime | None, datetime | None]  # [start, end), aware; None: open


def zone(name: str) -> tzinfo:
    """The time zone named by the ``timezone`` setting."""
    if name.upper() in ("UTC", "Z"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"setting 'timezone': unknown time zone {name!r}") from exc


# --------------------------------------------------------------------------- dates


def to_datetime(value: str | date | datetime, tz: tzinfo, *, end: bool = False) -> datetime:
    """An ISO date or datetime as an aware datetime. A bare date is the start of that day in
    ``tz``, or with ``end`` the start of the next day (so ``until`` includes the day)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return _day_start(value + timedelta(days=1 if end else 0), tz)
    text = value.strip()
    span = iso_range(text, tz)
    if span is not None:
        start, stop = span
        return stop if end else start
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise QueryError(f"{value!r} is not a date: use YYYY-MM-DD or an ISO datetime") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def _day_start(day: date, tz: tzinfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz)


_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")
_ISO_DATEISH = re.compile(r"^\d{1,4}(?:-\d{1,2}){0,2}(?:[T ][\d:.+\-Z]*)?$")


def iso_range(text: str, tz: tzinfo) -> tuple[datetime, datetime] | None:
    """``2024-06-01`` (a day), ``2024-06`` (a month) or ``2024`` (a year) as [start, end) in
    ``tz``; None for anything else."""
    text = text.strip()
    try:
        if m := _ISO_DAY.match(text):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return _day_start(day, tz), _day_start(day + timedelta(days=1), tz)
        if m := _ISO_MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            first = date(year, month, 1)
            after = date(year + month // 12, month % 12 + 1, 1)
            return _day_start(first, tz), _day_start(after, tz)
        if m := _ISO_YEAR.match(text):
            year = int(m[1])
            return _day_start(date(year, 1, 1), tz), _day_start(date(year + 1, 1, 1), tz)
    except ValueError:
        raise QueryError(f"{text!r} is not a valid date") from None
    return None


def when_range(phrase: str, tz: tzinfo, now: datetime) -> DateRange:
    """A ``when`` phrase as [start, end) in ``tz`` (None: open on that side): ISO days,
    months, years and ``A..B`` ranges, else a Korean or English phrase (오늘, 지난주, 최근 7일,
    2024년 11월, last week, past 30 days...; :func:`artindex.text.dates.parse_when`) relative to
    ``now``."""
    text = phrase.strip()
    if ".." in text:
        left, right = (p.strip() for p in text.split("..", 1))
        if _ISO_DATEISH.match(left or "0") and _ISO_DATEISH.match(right or "0"):
            start = to_datetime(left, tz) if left else datetime.min.replace(tzinfo=UTC)
            stop = to_datetime(right, tz, end=True) if right else datetime.max.replace(tzinfo=UTC)
            return start, stop
    span = iso_range(text, tz)
    if span is not None:
        return span
    from ..text.dates import parse_when  # raises QueryError naming the phrase

    found = parse_when(text, now=now, zone=tz)
    return found.start, found.end


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True, slots=True)
class Filters:
    """What a search is restricted to. Within one group any value matches; groups, dates and
    kinds all hold together. ``since`` is inclusive, ``until`` exclusive (a bare ``until``
    date includes its whole day)."""

    since: datetime | None = None
    until: datetime | None = None
    tag: tuple[frozenset[str], ...] = ()
    source: tuple[frozenset[str], ...] = ()
    byline: tuple[frozenset[str], ...] = ()
    lang: tuple[frozenset[str], ...] = ()
    url: tuple[frozenset[str], ...] = ()
    labels: dict[str, list[str]] = field(default_factory=dict)  # as given, for JSON output
    person: tuple[frozenset[str], ...] = ()
    org: tuple[frozenset[str], ...] = ()
    place: tuple[frozenset[str], ...] = ()

    def __bool__(self) -> bool:
        kinds = (self.tag, self.source, self.byline, self.lang, self.person, self.org, self.place)
        return bool(self.since or self.until or any(kinds) or self.url)

    def within(self, start: datetime | None, end: datetime | None) -> Filters:
        """These filters, further restricted to [start, end)."""
        since = max((d for d in (self.since, start) if d), default=None)
        until = min((d for d in (self.until, end) if d), default=None)
        return replace(self, since=since, until=until)

    def merge(self, other: Filters) -> Filters:
        both = self.within(other.since, other.until)
        labels = {k: list(v) for k, v in self.labels.items()}
        for key, values in other.labels.items():
            labels.setdefault(key, []).extend(values)
        return replace(
            both,
            tag=self.tag + other.tag,
            source=self.source + other.source,
            byline=self.byline + other.byline,
            lang=self.lang + other.lang,
            person=self.person + other.person,
            org=self.org + other.org,
            place=self.place + other.place,
            url=self.url + other.url,
            labels=labels,
        )

    def query(self) -> Query:
        """The Whoosh query for ``searcher.search(filter=...)``, or None when unrestricted."""
        from ..engine import queries  # here: translating filters for OpenSearch loads no Whoosh

        parts: list[Query] = []
        for fieldname, groups in (
            (TAG_FIELD, self.tag),
            (SOURCE_FIELD, self.source),
            (BYLINE_FIELD, self.byline),
            (LANG_FIELD, self.lang),
            (ENTITY_FIELDS["person"], self.person),
            (ENTITY_FIELDS["org"], self.org),
            (ENTITY_FIELDS["place"], self.place),
            (URL_FIELD, self.url),
        ):
            for group in groups:
                parts.append(queries.any_value(fieldname, group))
        if self.since or self.until:
            parts.append(
                queries.date_range(DATE_FIELD, _utc_naive(self.since), _utc_naive(self.until))
            )
        return queries.all_of(parts)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: list(v) for k, v in self.labels.items() if v}
        if self.since:
            data["since"] = self.since.isoformat()
        if self.until:
            data["until"] = self.until.isoformat()
        return data


def _utc_naive(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC).replace(tzinfo=None) if value is not None else None


def _values(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [v for v in value if v.strip()]


def build(
    *,
    tz: tzinfo,
    now: datetime,
    since: str | date | datetime | None = None,
    until: str | date | datetime | None = None,
    when: str | tuple[datetime, datetime] | None = None,
    tag: str | Sequence[str] | None = None,
    source: str | Sequence[str] | None = None,
    byline: str | Sequence[str] | None = None,
    lang: str | Sequence[str] | None = None,
    person: str | Sequence[str] | None = None,
    org: str | Sequence[str] | None = None,
    place: str | Sequence[str] | None = None,
    url: str | Sequence[str] | None = None,
) -> Filters:
    """Filters from API arguments (each of tag/source/byline/lang/person/org/place/url: one
    value or several, any of which may match; a url matches however it is pasted, see
    ``url_key``). ``when`` is a phrase or an explicit (start, end) range."""
    try:
        start = to_datetime(since, tz) if since else None
        stop = to_datetime(until, tz, end=True) if until else None
        filters = Filters(since=start, until=stop)
        if when:
            span = when_range(when, tz, now) if isinstance(when, str) else when
            filters = filters.within(*span)
    except QueryError as exc:
        bounds = {"since": since, "until": until, "when": when}
        bad = next((k for k, v in bounds.items() if isinstance(v, str) and v in str(exc)), "")
        raise QueryError(f"{bad}: {exc}" if bad else str(exc), bad or None) from None
    labels: dict[str, list[str]] = {}
    groups: dict[str, tuple[frozenset[str], ...]] = {}
    given_values = {"tag": tag, "source": source, "byline": byline, "lang": lang}
    given_values.update(person=person, org=org, place=place, url=url)
    for name, given in given_values.items():
        values = _values(given)
        if not values:
            continue
        labels[name] = values
        keys = frozenset(k for v in values for k in _keys(name, v))
        groups[name] = (keys,) if keys else ()
    if when:
        labels["when"] = [when if isinstance(when, str) else f"{when[0]}..{when[1]}"]
    return replace(
        filters,
        labels=labels,
        tag=groups.get("tag", ()),
        source=groups.get("source", ()),
        byline=groups.get("byline", ()),
        lang=groups.get("lang", ()),
        person=groups.get("person", ()),
        org=groups.get("org", ()),
        place=groups.get("place", ()),
        url=groups.get("url", ()),
    )


def _keys(kind: str, value: str) -> tuple[str, ...]:
    if kind == "tag":
        return (tag_key(value),)
    if kind == "source":
        return (source_key(value),)
    if kind == "byline":
        return byline_keys(value) or (norm(value),)
    if kind in ENTITY_FIELDS:
        return (name_key(value),)
    if kind == "url":
        return (url_key(value),)
    return (lang_key(value),)


# --------------------------------------------------------------------------- query syntax

_FIELD = r"(?P<field>date|tags?|source|byline|lang|person|org|place|url)"
_VALUE = r'(?P<value>"[^"]*"|\[[^\]]*\]|\{[^}]*\}|[<>]=?\S+|\S+)'
_FILTER_RE = re.compile(rf"(?:^|(?<=\s)){_FIELD}:{_VALUE}", re.IGNORECASE)
# A field name with nothing after it (``title:`` alone, or ``title: 예산``).
_BARE_FIELD_RE = re.compile(
    r"(?:^|(?<=\s))(?P<field>title|body|byline|tags?|date|source|lang|url):(?=\s|$)", re.IGNORECASE
)
_RANGE_RE = re.compile(r"^[\[{]\s*(?P<a>.*?)\s+(?i:to)\s+(?P<b>.*?)\s*[\]}]$")


def extract(text: str, tz: tzinfo, now: datetime) -> tuple[str, Filters]:
    """Take ``date:``, ``tag:``, ``source:``, ``byline:``, ``lang:`` and ``url:`` clauses out of
    query text; returns the rest of the text and the filters they make. A query that is only
    a web address (pasted) is a ``url`` filter."""
    if is_url(text):
        return "", build(tz=tz, now=now, url=text.strip())
    if bare := _BARE_FIELD_RE.search(text):
        name = bare["field"].lower()
        raise QueryError(f"{name}: has nothing after it; write the value right after the colon")
    filters = Filters()
    for match in _FILTER_RE.finditer(text):
        kind = match["field"].lower().rstrip("s") if match["field"].lower() != "tags" else "tag"
        value = match["value"].strip('"')
        if kind == "date":
            filters = filters.merge(_date_clause(value, tz, now))
        else:
            filters = filters.merge(build(tz=tz, now=now, **{kind: value}))
    rest = " ".join(_FILTER_RE.sub(" ", text).split())
    return rest, filters


def _date_clause(value: str, tz: tzinfo, now: datetime) -> Filters:
    """``date:`` values: a day/month/year, ``>``/``>=``/``<``/``<=`` a date, ``[A TO B]``
    (``B`` inclusive for ``]``, exclusive for ``}``; ``*`` or ``now`` open), or a phrase."""
    label = {"date": [value]}
    if m := _RANGE_RE.match(value):
        a, b = m["a"], m["b"]
        start = None if a in ("*", "") else to_datetime(a, tz)
        if b in ("*", ""):
            stop = None
        elif b.lower() == "now":
            stop = now
        else:
            stop = to_datetime(b, tz, end=value.endswith("]"))
        return Filters(since=start, until=stop, labels=label)
    if m := re.match(r"^(>=|<=|>|<)(.+)$", value):
        op, rest = m[1], m[2]
        if op == ">":
            return Filters(since=to_datetime(rest, tz, end=True), labels=label)
        if op == ">=":
            return Filters(since=to_datetime(rest, tz), labels=label)
        if op == "<":
            return Filters(until=to_datetime(rest, tz), labels=label)
        return Filters(until=to_datetime(rest, tz, end=True), labels=label)
    start, stop = when_range(value, tz, now)
    return Filters(since=start, until=stop, labels=label)
