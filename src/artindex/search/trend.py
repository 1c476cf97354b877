"""Keyword trends: how many articles match a query per day, week, month or year.

Counting uses every match of the query under its filters (the same one-pass match set facets
count), never a page of hits. With collapsing on, a story republished by several sites counts
once, at the date of its best-ranked copy (the copy a search would show). Periods are the
index's time zone's calendar days, ISO weeks (Monday to Sunday), months and years; every
period between the first and the last is listed, empty ones with 0, so series line up.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, TypedDict

from ..errors import QueryError

INTERVALS = ("day", "week", "month", "year")
# The widest span (days) each interval is chosen for when none is given: 60 bars at most.
AUTO_SPAN = (("day", 62), ("week", 183), ("month", 31 * 60))
MAX_PERIODS = 5000  # a forced interval over a long span (day over 20 years) is refused


class TrendKwargs(TypedDict, total=False):
    """The keyword arguments of ``Index.trend`` beyond ``interval``: the search's filters."""

    since: str | date | datetime | None
    until: str | date | datetime | None
    when: str | tuple[datetime, datetime] | None
    now: str | datetime | None
    tag: str | Sequence[str] | None
    source: str | Sequence[str] | None
    byline: str | Sequence[str] | None
    lang: str | Sequence[str] | None
    collapse: bool


@dataclass(frozen=True, slots=True)
class TrendBucket:
    """One period and how many articles (stories, when collapsed) fall in it.
    ``start`` is inclusive and ``end`` exclusive, both in the index's time zone."""

    start: datetime
    end: datetime
    label: str
    count: int

    @property
    def since(self) -> str:
        """The period's first day, as a search's ``since``."""
        return self.start.date().isoformat()

    @property
    def until(self) -> str:
        """The period's last day, as a search's ``until`` (which includes its whole day)."""
        return (self.end - timedelta(days=1)).date().isoformat()

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "since": self.since,
            "until": self.until,
            "count": self.count,
        }


@dataclass(frozen=True, slots=True)
class TrendSeries:
    """One query's counts per period. ``total`` counts every match (collapsed: every story),
    ``undated`` those without a date, which no period holds."""

    query: str
    total: int
    undated: int
    buckets: tuple[TrendBucket, ...]

    @property
    def counts(self) -> list[int]:
        return [b.count for b in self.buckets]

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "undated": self.undated,
            "buckets": [b.to_dict() for b in self.buckets],
        }


@dataclass(frozen=True, slots=True)
class Trend:
    """Counts per period of one or more queries over the same periods."""

    interval: str
    series: tuple[TrendSeries, ...]
    took_ms: float = 0.0
    collapse: bool = True
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def buckets(self) -> tuple[TrendBucket, ...]:
        """The first query's buckets (every series has the same periods)."""
        return self.series[0].buckets if self.series else ()

    def lines(self) -> list[str]:
        """The trend as text lines (:func:`render_table`), as ``artindex trend`` prints it."""
        return render_table(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "interval": self.interval,
            "collapse": self.collapse,
            "took_ms": round(self.took_ms, 3),
            "filters": self.filters,
            "series": [s.to_dict() for s in self.series],
        }


def check_interval(interval: str | None) -> str | None:
    if interval is None or interval == "":
        return None
    if interval not in INTERVALS:
        raise QueryError(f"unknown interval {interval!r}: use {', '.join(INTERVALS)}", "interval")
    return interval


def choose_interval(first: datetime, last: datetime) -> str:
    """The finest interval that shows the span in about 60 periods or fewer."""
    days = (last - first).days
    for interval, widest in AUTO_SPAN:
        if days <= widest:
            return interval
    return "year"


def period_start(moment: datetime, interval: str) -> datetime:
    """The start of the period holding ``moment`` (aware, in ``moment``'s zone)."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if interval == "week":
        day -= timedelta(days=day.weekday())
    elif interval == "month":
        day = day.replace(day=1)
    elif interval == "year":
        day = day.replace(month=1, day=1)
    return day


def next_start(start: datetime, interval: str) -> datetime:
    """The start of the period after the one starting at ``start`` (wall-clock arithmetic in
    its zone, so a day is a calendar day across a DST change)."""
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    if interval == "month":
        year, month = divmod(start.month, 12)
        return start.replace(year=start.year + year, month=month + 1)
    return start.replace(year=start.year + 1)


def label(start: datetime, interval: str) -> str:
    if interval == "day":
        return start.strftime("%Y-%m-%d")
    if interval == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if interval == "month":
        return start.strftime("%Y-%m")
    return start.strftime("%Y")


def periods(first: datetime, last: datetime, interval: str) -> list[tuple[datetime, datetime]]:
    """Every period from the one holding ``first`` to the one holding ``last``."""
    out: list[tuple[datetime, datetime]] = []
    start = period_start(first, interval)
    while start <= last:
        end = next_start(start, interval)
        out.append((start, end))
        if len(out) > MAX_PERIODS:
            raise QueryError(
                f"more than {MAX_PERIODS} {interval}s between {first.date()} and "
                f"{last.date()}: use a longer interval or narrower dates",
                "interval",
            )
        start = end
    return out


def span(
    dates: Sequence[float], since: datetime | None, until: datetime | None, tz: tzinfo
) -> tuple[datetime, datetime] | None:
    """The first and last moment to chart: the filter's dates where given, else the matches'
    (``until`` is exclusive, so its last moment is just before it)."""
    first = since.astimezone(tz) if since else None
    last = (until - timedelta(microseconds=1)).astimezone(tz) if until else None
    if dates:
        first = first or datetime.fromtimestamp(min(dates), UTC).astimezone(tz)
        last = last or datetime.fromtimestamp(max(dates), UTC).astimezone(tz)
    if first is None or last is None or last < first:
        return None
    return first, last


def count(dates: Sequence[float], bounds: Sequence[tuple[datetime, datetime]]) -> list[int]:
    """How many of the UTC timestamps ``dates`` fall in each [start, end) of ``bounds``."""
    stamps = sorted(dates)
    return [
        bisect.bisect_left(stamps, end.timestamp()) - bisect.bisect_left(stamps, start.timestamp())
        for start, end in bounds
    ]


def buckets(
    dates: Sequence[float], bounds: Sequence[tuple[datetime, datetime]], interval: str
) -> tuple[TrendBucket, ...]:
    counts = count(dates, bounds)
    return tuple(
        TrendBucket(start, end, label(start, interval), n)
        for (start, end), n in zip(bounds, counts, strict=True)
    )


def stories(
    ranked: Sequence[int],
    fingerprints: Sequence[int | None],
    distance: int,
    limit: int | None = None,
) -> list[int]:
    """The documents of ``ranked`` (best first) that a collapsed search would show: each one
    whose fingerprint is within ``distance`` bits of a better-ranked kept one is left out
    (as :func:`.collapse.collapse` does, compared a whole kept set at a time); the first
    ``limit`` of them when given."""
    import numpy as np

    kept: list[int] = []
    prints = np.zeros(max(16, len(ranked)), dtype=np.uint64)
    n = 0
    for docnum in ranked:
        if limit is not None and len(kept) >= limit:
            break
        fp = fingerprints[docnum]
        if not fp:
            kept.append(docnum)
            continue
        value = np.uint64(fp)
        if n and int(np.bitwise_count(prints[:n] ^ value).min()) <= distance:
            continue
        prints[n] = value
        n += 1
        kept.append(docnum)
    return kept


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(counts: Sequence[int], top: int | None = None) -> str:
    """``counts`` as Unicode block characters, scaled to ``top`` (default their maximum);
    only an empty period gets the lowest block."""
    high = top if top is not None else max(counts, default=0)
    if high <= 0:
        return SPARKS[0] * len(counts)
    return "".join(SPARKS[min(7, max(1, round(n / high * 7))) if n else 0] for n in counts)


def render_table(trend: Trend) -> list[str]:
    """The trend as text lines: a header, one row per period with each query's count, and
    each query's sparkline (one scale for all, so the lines compare)."""
    names = [s.query for s in trend.series]
    widths = [max(6, _width(n)) for n in names]
    kind = "stories" if trend.collapse else "articles"
    totals = ", ".join(f"{s.query!r} {s.total}" for s in trend.series)
    lines = [f"{kind} per {trend.interval}: {totals}"]
    if not trend.buckets:
        return [*lines, "no dated matches"]
    lines.append(_row("period", names, widths))
    for i, bucket in enumerate(trend.buckets):
        lines.append(_row(bucket.label, [str(s.buckets[i].count) for s in trend.series], widths))
    top = max((n for s in trend.series for n in s.counts), default=0)
    for s in trend.series:
        undated = f"  (+{s.undated} undated)" if s.undated else ""
        lines.append(f"{s.query}  {sparkline(s.counts, top)}{undated}")
    return lines


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (Hangul and other wide characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _row(first: str, cells: Sequence[str], widths: Sequence[int]) -> str:
    padded = [" " * (w - _width(c)) + c for c, w in zip(cells, widths, strict=True)]
    return f"{first:<10}  " + "  ".join(padded)
