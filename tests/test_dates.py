"""dates: relative and absolute date phrases as half-open ranges, with a fixed ``now``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from artindex import QueryError
from artindex.text.dates import KST, DateRange, parse_when, zone_for

# Wednesday 2024-11-13 10:30 KST.
NOW = datetime(2024, 11, 13, 10, 30, tzinfo=KST)


def k(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=KST)


CASES = [
    ("오늘", k(2024, 11, 13), k(2024, 11, 14)),
    ("today", k(2024, 11, 13), k(2024, 11, 14)),
    ("어제", k(2024, 11, 12), k(2024, 11, 13)),
    ("yesterday", k(2024, 11, 12), k(2024, 11, 13)),
    ("그제", k(2024, 11, 11), k(2024, 11, 12)),
    ("그저께", k(2024, 11, 11), k(2024, 11, 12)),
    ("이번 주", k(2024, 11, 11), k(2024, 11, 18)),
    ("이번주", k(2024, 11, 11), k(2024, 11, 18)),
    ("this week", k(2024, 11, 11), k(2024, 11, 18)),
    ("지난주", k(2024, 11, 4), k(2024, 11, 11)),
    ("지난 주", k(2024, 11, 4), k(2024, 11, 11)),
    ("Last Week", k(2024, 11, 4), k(2024, 11, 11)),
    ("이번 달", k(2024, 11, 1), k(2024, 12, 1)),
    ("this month", k(2024, 11, 1), k(2024, 12, 1)),
    ("지난달", k(2024, 10, 1), k(2024, 11, 1)),
    ("last month", k(2024, 10, 1), k(2024, 11, 1)),
    ("올해", k(2024, 1, 1), k(2025, 1, 1)),
    ("this year", k(2024, 1, 1), k(2025, 1, 1)),
    ("작년", k(2023, 1, 1), k(2024, 1, 1)),
    ("지난해", k(2023, 1, 1), k(2024, 1, 1)),
    ("last year", k(2023, 1, 1), k(2024, 1, 1)),
    ("최근 7일", k(2024, 11, 7), k(2024, 11, 14)),
    ("최근7일", k(2024, 11, 7), k(2024, 11, 14)),
    ("last 7 days", k(2024, 11, 7), k(2024, 11, 14)),
    ("past 30 days", k(2024, 10, 15), k(2024, 11, 14)),
    ("past 1 day", k(2024, 11, 13), k(2024, 11, 14)),
    ("최근 2주", k(2024, 10, 31), k(2024, 11, 14)),
    ("최근 3개월", k(2024, 8, 14), k(2024, 11, 14)),
    ("최근 3시간", k(2024, 11, 13, 7, 30), k(2024, 11, 13, 10, 30)),
    ("3일 전", k(2024, 11, 10), k(2024, 11, 11)),
    ("3 days ago", k(2024, 11, 10), k(2024, 11, 11)),
    ("1주 전", k(2024, 11, 4), k(2024, 11, 11)),
    ("2달 전", k(2024, 9, 1), k(2024, 10, 1)),
    ("2024년", k(2024, 1, 1), k(2025, 1, 1)),
    ("2024년 11월", k(2024, 11, 1), k(2024, 12, 1)),
    ("2024년11월3일", k(2024, 11, 3), k(2024, 11, 4)),
    ("2024년 11월 3일", k(2024, 11, 3), k(2024, 11, 4)),
    ("2024-02", k(2024, 2, 1), k(2024, 3, 1)),
    ("2024-02-29", k(2024, 2, 29), k(2024, 3, 1)),
    ("2024-06-01T09:30", k(2024, 6, 1, 9, 30), k(2024, 6, 1, 9, 31)),
    ("2024-01-01..2024-01-31", k(2024, 1, 1), k(2024, 2, 1)),
    ("2024-01-01..2024-02", k(2024, 1, 1), k(2024, 3, 1)),
    ("2024-01-01 .. 2024-01-02", k(2024, 1, 1), k(2024, 1, 3)),
    ("2024-01-01..", k(2024, 1, 1), None),
    ("..2024-01-31", None, k(2024, 2, 1)),
    (">2024-01-01", k(2024, 1, 2), None),
    (">=2024-01-01", k(2024, 1, 1), None),
    ("<2024-01-01", None, k(2024, 1, 1)),
    ("<=2024-01", None, k(2024, 2, 1)),
    ("지난주..오늘", k(2024, 11, 4), k(2024, 11, 14)),
]


@pytest.mark.parametrize(("phrase", "start", "end"), CASES)
def test_phrases_are_half_open_kst_ranges(
    phrase: str, start: datetime | None, end: datetime | None
) -> None:
    """Each date phrase reads as its half-open [start, end) range in KST, keeping the phrase."""
    got = parse_when(phrase, now=NOW)
    assert (got.start, got.end) == (start, end)
    assert got.phrase == phrase.strip()


BOUNDARIES = [
    # now (KST), phrase, start, end: month, year and leap-year edges; Monday and Sunday.
    (k(2025, 1, 1, 0, 5), "어제", k(2024, 12, 31), k(2025, 1, 1)),
    (k(2025, 1, 15), "지난달", k(2024, 12, 1), k(2025, 1, 1)),
    (k(2025, 1, 1), "지난주", k(2024, 12, 23), k(2024, 12, 30)),
    (k(2025, 1, 1), "이번 주", k(2024, 12, 30), k(2025, 1, 6)),
    (k(2024, 11, 11), "이번 주", k(2024, 11, 11), k(2024, 11, 18)),  # a Monday
    (k(2024, 11, 17, 23, 59), "이번 주", k(2024, 11, 11), k(2024, 11, 18)),  # a Sunday
    (k(2024, 3, 1), "어제", k(2024, 2, 29), k(2024, 3, 1)),
    (k(2024, 3, 31), "최근 1개월", k(2024, 3, 1), k(2024, 4, 1)),
    (k(2024, 12, 31), "이번 달", k(2024, 12, 1), k(2025, 1, 1)),
    (k(2025, 1, 3), "최근 7일", k(2024, 12, 28), k(2025, 1, 4)),
    (k(2025, 1, 3), "3일 전", k(2024, 12, 31), k(2025, 1, 1)),
    (k(2025, 2, 10), "2달 전", k(2024, 12, 1), k(2025, 1, 1)),
]


@pytest.mark.parametrize(("now", "phrase", "start", "end"), BOUNDARIES)
def test_boundaries(now: datetime, phrase: str, start: datetime, end: datetime) -> None:
    """Relative phrases across month, year, leap-day and week edges give the right range."""
    got = parse_when(phrase, now=now)
    assert (got.start, got.end) == (start, end)


def test_today_is_the_zones_day_not_utcs() -> None:
    # 2024-06-01 00:30 KST is still 2024-05-31 in UTC.
    """`오늘` is the calendar day in KST, `today` in UTC, from one and the same instant."""
    now = datetime(2024, 5, 31, 15, 30, tzinfo=UTC)
    kst = parse_when("오늘", now=now)
    assert kst.start == k(2024, 6, 1)
    utc = parse_when("today", now=now, zone="UTC")
    assert utc.start == datetime(2024, 5, 31, tzinfo=UTC)
    assert parse_when("today", now=now, lang="en").start == utc.start
    assert k(2024, 6, 1, 0, 30) in kst and k(2024, 6, 1, 0, 30) in utc  # 5-31 15:30 UTC
    assert k(2024, 6, 1, 10, 0) in kst and k(2024, 6, 1, 10, 0) not in utc
    assert k(2024, 5, 31, 23, 0) not in kst


def test_naive_now_and_naive_dates_are_read_in_the_zone() -> None:
    """A naive `now` and naive datetimes are read as times in the given zone."""
    got = parse_when("오늘", now=datetime(2024, 11, 13, 23, 0), zone="Asia/Seoul")
    assert got.start is not None and got.start.utcoffset() == timedelta(hours=9)
    assert got.start.date().isoformat() == "2024-11-13"
    assert datetime(2024, 11, 13, 12, 0) in got


def test_explicit_offsets_win_over_the_zone() -> None:
    """A date with its own UTC offset keeps that offset rather than the default zone."""
    got = parse_when("2024-06-01T00:30+00:00", now=NOW)
    assert got.start == datetime(2024, 6, 1, 0, 30, tzinfo=UTC)


def test_contains_is_half_open() -> None:
    """A DateRange (`지난주`) holds its start but not its end, and serializes its bounds."""
    week = parse_when("지난주", now=NOW)
    assert k(2024, 11, 4) in week
    assert k(2024, 11, 10, 23, 59) in week
    assert k(2024, 11, 11) not in week
    assert "2024-11-05" not in week
    assert isinstance(week, DateRange)
    assert week.to_dict() == {
        "phrase": "지난주",
        "start": "2024-11-04T00:00:00+09:00",
        "end": "2024-11-11T00:00:00+09:00",
    }


@pytest.mark.parametrize(
    "phrase",
    ["다음주", "지난 세기", "2024-13", "2024-02-30", "최근 0일", "..", "yesterday-ish", ""],
)
def test_unknown_or_bad_phrases_name_the_phrase(phrase: str) -> None:
    """An unknown or malformed phrase is a one-line QueryError quoting the phrase."""
    with pytest.raises(QueryError) as info:
        parse_when(phrase, now=NOW)
    assert repr(phrase.strip()) in str(info.value) or repr(phrase) in str(info.value)
    assert "\n" not in str(info.value)


def test_range_ending_before_it_starts_is_an_error() -> None:
    """An ISO range whose end precedes its start is refused as ending before it starts."""
    with pytest.raises(QueryError, match="ends before it starts"):
        parse_when("2024-02-01..2024-01-01", now=NOW)


def test_zones() -> None:
    """zone_for picks KST for Korean, UTC for English, reads offsets, and names an unknown zone."""
    assert zone_for(None, "ko") is KST
    assert zone_for(None, "en") is UTC
    assert zone_for("+05:30").utcoffset(None) == timedelta(hours=5, minutes=30)
    assert zone_for(timezone.utc) is UTC  # noqa: UP017
    with pytest.raises(QueryError, match="Mars/Olympus"):
        zone_for("Mars/Olympus")
