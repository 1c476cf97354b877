"""Date phrases, relative and absolute, as half-open ranges ``[start, end)`` in a time zone.

``parse_when("지난주", now=...)`` is the range of last week (weeks start on Monday) in the
index's time zone: KST for Korean unless set otherwise. Understood phrases:

* days: 오늘, 어제, 그제 (그저께), today, yesterday, ``3일 전``, ``3 days ago``;
* weeks, months, years: 이번 주, 지난주, 이번 달, 지난달, 올해, 작년 (지난해), this week,
  last week, this month, last month, this year, last year;
* trailing windows that end today: 최근 7일, 최근 2주, 최근 3개월, past 30 days, last 7 days,
  past 2 weeks, last 3 months (whole days: ``최근 7일`` is today and the six days before it);
* calendar dates: ``2024년``, ``2024년 11월``, ``2024년 11월 3일``, ISO ``2024``, ``2024-11``,
  ``2024-11-03``, and ISO datetimes (``2024-11-03T09:30``: that minute);
* ranges, both ends inclusive at their own precision (as in GitHub's search):
  ``2024-01-01..2024-01-31`` (all of January), ``2024-01-01..`` and ``..2024-01-31``;
  ``>2024-01-01`` (after that day), ``>=2024-01-01``, ``<2024-01-01``, ``<=2024-01-01``.

A naive datetime (given or in ``now``) is read in the range's time zone. Anything else raises
:class:`~artindex.errors.QueryError` naming the phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import QueryError

KST = timezone(timedelta(hours=9), "KST")
UTC_ZONE = UTC
DEFAULT_ZONES = {"ko": KST}  # a language's default time zone; others default to UTC


@dataclass(frozen=True, slots=True)
class DateRange:
    """``start <= t < end``; ``None`` leaves that side open. Both ends are timezone-aware."""

    start: datetime | None
    end: datetime | None
    phrase: str = ""

    def __contains__(self, moment: object) -> bool:
        if not isinstance(moment, datetime):
            return False
        if moment.tzinfo is None:
            zone = (self.start or self.end or datetime.now(UTC_ZONE)).tzinfo
            moment = moment.replace(tzinfo=zone)
        return (self.start is None or moment >= self.start) and (
            self.end is None or moment < self.end
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


def zone_for(value: str | tzinfo | None = None, lang: str = "ko") -> tzinfo:
    """A time zone from a name (``Asia/Seoul``, ``UTC``, ``KST``, ``+09:00``) or the default of
    ``lang`` (KST for Korean, UTC otherwise)."""
    if isinstance(value, tzinfo):
        return value
    if not value:
        return DEFAULT_ZONES.get(lang, UTC_ZONE)
    name = value.strip()
    if name.upper() == "KST":
        return KST
    if name.upper() in ("UTC", "Z", "GMT"):
        return UTC_ZONE
    m = re.fullmatch(r"([+-])(\d{1,2}):?(\d{2})?", name)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise QueryError(f"unknown time zone {value!r}") from exc


# --------------------------------------------------------------------------- calendar helpers


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def _days(first: date, count: int, zone: tzinfo) -> tuple[datetime, datetime]:
    return _midnight(first, zone), _midnight(first + timedelta(days=count), zone)


def _month_start(year: int, month: int) -> date:
    year += (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def _months(year: int, month: int, count: int, zone: tzinfo) -> tuple[datetime, datetime]:
    return _midnight(_month_start(year, month), zone), _midnight(
        _month_start(year, month + count), zone
    )


def _years(year: int, count: int, zone: tzinfo) -> tuple[datetime, datetime]:
    return _midnight(date(year, 1, 1), zone), _midnight(date(year + count, 1, 1), zone)


Span = tuple[datetime, datetime]
Rule = Callable[[re.Match[str], date, datetime, tzinfo], Span]


def _week_of(today: date, back: int, zone: tzinfo) -> Span:
    monday = today - timedelta(days=today.weekday() + 7 * back)
    return _days(monday, 7, zone)


def _window(unit: str, n: int, today: date, now: datetime, zone: tzinfo) -> Span:
    """The last ``n`` units up to and including today (hours: up to now)."""
    if n < 1:
        raise ValueError("a window needs at least 1")
    if unit == "hour":
        return now - timedelta(hours=n), now
    end = today + timedelta(days=1)
    if unit == "day":
        return _days(today - timedelta(days=n - 1), n, zone)
    if unit == "week":
        return _midnight(end - timedelta(days=7 * n), zone), _midnight(end, zone)
    if unit == "month":
        first = _month_start(end.year, end.month - n)
        length = (_month_start(first.year, first.month + 1) - first).days
        return _midnight(first.replace(day=min(end.day, length)), zone), _midnight(end, zone)
    if end.month == 2 and end.day == 29:
        end = end + timedelta(days=1)  # a year back from 29 February: from 1 March
    return _midnight(end.replace(year=end.year - n), zone), _midnight(end, zone)


_UNITS = {
    "일": "day", "day": "day", "days": "day",
    "주": "week", "주일": "week", "week": "week", "weeks": "week",
    "개월": "month", "달": "month", "month": "month", "months": "month",
    "년": "year", "year": "year", "years": "year",
    "시간": "hour", "hour": "hour", "hours": "hour",
}  # fmt: skip


def _ago(unit: str, n: int, today: date, now: datetime, zone: tzinfo) -> Span:
    """``3일 전``: that one day; ``2주 전``: that week; ``2달 전``: that month."""
    if unit == "day":
        return _days(today - timedelta(days=n), 1, zone)
    if unit == "week":
        return _week_of(today, n, zone)
    if unit == "month":
        return _months(today.year, today.month - n, 1, zone)
    if unit == "year":
        return _years(today.year - n, 1, zone)
    hour = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=n)
    return hour, hour + timedelta(hours=1)


_FIXED: dict[str, Callable[[date, tzinfo], Span]] = {
    "today": lambda d, z: _days(d, 1, z),
    "yesterday": lambda d, z: _days(d - timedelta(days=1), 1, z),
    "daybefore": lambda d, z: _days(d - timedelta(days=2), 1, z),
    "thisweek": lambda d, z: _week_of(d, 0, z),
    "lastweek": lambda d, z: _week_of(d, 1, z),
    "thismonth": lambda d, z: _months(d.year, d.month, 1, z),
    "lastmonth": lambda d, z: _months(d.year, d.month - 1, 1, z),
    "thisyear": lambda d, z: _years(d.year, 1, z),
    "lastyear": lambda d, z: _years(d.year - 1, 1, z),
}
_NAMES = {
    "오늘": "today", "금일": "today", "today": "today",
    "어제": "yesterday", "어저께": "yesterday", "yesterday": "yesterday",
    "그제": "daybefore", "그저께": "daybefore", "the day before yesterday": "daybefore",
    "이번주": "thisweek", "금주": "thisweek", "this week": "thisweek",
    "지난주": "lastweek", "저번주": "lastweek", "last week": "lastweek",
    "이번달": "thismonth", "이달": "thismonth", "this month": "thismonth",
    "지난달": "lastmonth", "저번달": "lastmonth", "last month": "lastmonth",
    "올해": "thisyear", "금년": "thisyear", "this year": "thisyear",
    "작년": "lastyear", "지난해": "lastyear", "last year": "lastyear",
}  # fmt: skip

_WINDOW = re.compile(
    r"(?:최근|지난|past|last)\s*(\d+)\s*(일|주일|주|개월|달|년|시간|days?|weeks?|months?|years?|hours?)"
)
_AGO = re.compile(
    r"(\d+)\s*(일|주|개월|달|년|시간|days?|weeks?|months?|years?|hours?)\s*(?:전|ago)"
)
_KOREAN_DATE = re.compile(r"(\d{4})\s*년(?:\s*(\d{1,2})\s*월(?:\s*(\d{1,2})\s*일)?)?")
_ISO = re.compile(
    r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"(Z|[+-]\d{2}:?\d{2})?)?)?)?"
)


def _calendar(parts: list[str | None], zone: tzinfo) -> Span:
    """A year, month, day or minute/second from its numeric parts; the span is its precision."""
    year, month, day, hour, minute, second, offset = (parts + [None] * 7)[:7]
    assert year is not None
    if month is None:
        return _years(int(year), 1, zone)
    if day is None:
        if not 1 <= int(month) <= 12:
            raise ValueError("month out of range")
        return _months(int(year), int(month), 1, zone)
    start_day = date(int(year), int(month), int(day))
    if hour is None:
        return _days(start_day, 1, zone)
    here = zone_for(offset) if offset else zone
    moment = datetime(
        start_day.year, start_day.month, start_day.day, int(hour), int(minute or 0),
        int(second or 0), tzinfo=here,
    )  # fmt: skip
    return moment, moment + timedelta(seconds=1 if second is not None else 60)


def _one(text: str, now: datetime, zone: tzinfo) -> Span | None:
    """The span of one phrase (no range operators), or None if it is not a date phrase."""
    key = " ".join(text.lower().split())
    today = now.astimezone(zone).date()
    name = _NAMES.get(key) or _NAMES.get(key.replace(" ", ""))
    if name:
        return _FIXED[name](today, zone)
    if m := _WINDOW.fullmatch(key):
        return _window(_UNITS[m.group(2)], int(m.group(1)), today, now.astimezone(zone), zone)
    if m := _AGO.fullmatch(key):
        return _ago(_UNITS[m.group(2)], int(m.group(1)), today, now.astimezone(zone), zone)
    if m := _KOREAN_DATE.fullmatch(key):
        return _calendar(list(m.groups()), zone)
    if m := _ISO.fullmatch(key.upper()):
        return _calendar(list(m.groups()), zone)
    return None


def _now(now: datetime | None, zone: tzinfo) -> datetime:
    if now is None:
        return datetime.now(zone)
    return now if now.tzinfo else now.replace(tzinfo=zone)


def parse_when(
    phrase: str, now: datetime | None = None, zone: str | tzinfo | None = None, lang: str = "ko"
) -> DateRange:
    """The half-open range a date phrase stands for, relative to ``now`` (default: the clock)
    in ``zone`` (default: the time zone of ``lang``)."""
    tz = zone_for(zone, lang)
    current = _now(now, tz)
    text = phrase.strip()
    try:
        span = _parse(text, current, tz)
    except ValueError as exc:  # a day or month out of range, a zero-length window
        raise QueryError(f"bad date phrase {phrase!r}: {exc}") from exc
    if span is None:
        raise QueryError(
            f"unknown date phrase {phrase!r}: use e.g. 오늘, 지난주, 최근 7일, 2024년 11월, "
            "last week, past 30 days, 2024-01-01..2024-01-31 or >2024-01-01"
        )
    start, end = span
    if start is not None and end is not None and end <= start:
        raise QueryError(f"bad date phrase {phrase!r}: the range ends before it starts")
    return DateRange(start, end, text)


def _parse(
    text: str, now: datetime, zone: tzinfo
) -> tuple[datetime | None, datetime | None] | None:
    m = re.fullmatch(r"(>=|<=|>|<)\s*(.+)", text)
    if m:
        one = _one(m.group(2), now, zone)
        if one is None:
            return None
        op = m.group(1)
        return {
            ">": (one[1], None),
            ">=": (one[0], None),
            "<": (None, one[0]),
            "<=": (None, one[1]),
        }[op]
    if ".." in text:
        left, _, right = text.partition("..")
        lo = _one(left, now, zone) if left.strip() else None
        hi = _one(right, now, zone) if right.strip() else None
        if (left.strip() and lo is None) or (right.strip() and hi is None) or not (lo or hi):
            return None
        return (lo[0] if lo else None), (hi[1] if hi else None)
    return _one(text, now, zone)
