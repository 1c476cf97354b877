"""Dates printed on a page: published and updated datetimes from labelled lines.

Not to be confused with :mod:`.dates`, which reads date phrases of a query as ranges."""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from .dates import KST
from .hangul import HANGUL_RE

__all__ = ["KST", "DateInfo", "parse_date", "parse_dates"]

_ZONE_NAMES = {
    name: hours * 3600
    for name, hours in (
        ("KST", 9), ("JST", 9), ("EST", -5), ("EDT", -4), ("CST", -6), ("CDT", -5),
        ("MST", -7), ("MDT", -6), ("PST", -8), ("PDT", -7), ("BST", 1), ("CET", 1), ("CEST", 2),
    )
}  # fmt: skip

_EN_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# a month is known by its first three letters, so common misspellings (Febuary, Septmber,
# Octobre) still read; the rest of the word may be any letters
_MONTH_NAME = r"(?P<mon>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,7})\.?"
_WEEKDAY = r"(?:\s*[(\[]?\s*(?:[월화수목금토일](?:요일)?|[A-Za-z]{3})\s*[)\]]?)?"
_AMPM_KO = r"(?P<ampm>오전|오후|새벽|낮|밤|저녁|아침)"
_AMPM_EN = r"(?P<ampm2>[AaPp]\.?[Mm]\.?)"
_TIME = (
    rf"(?:[\sT,]*(?:{_AMPM_KO}\s*)?"
    r"(?:(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"|(?P<h2>\d{1,2})\s*시(?:\s*(?P<mi2>\d{1,2})\s*분)?(?:\s*(?P<s2>\d{1,2})\s*초)?)"
    rf"(?:\s*{_AMPM_EN}(?![A-Za-z]))?)?"
)
_ZONE = (
    r"(?:\s*\(?\s*(?P<tz>KST|JST|UTC|GMT|[ECMP][SD]T|BST|CES?T|Z|[+-]\d{2}:?\d{2})(?![A-Za-z])\)?"
    r"(?:\s*\(?(?P<tzo>[+-]\d{2}:?\d{2})\)?)?)?"
)
_DATE_FORMS = [
    # 2024-01-05, 2024.01.05, 2024/1/5, 2024. 1. 5.
    rf"(?<!\d)(?P<y>\d{{4}})\s*(?P<sep>[-./])\s*(?P<m>\d{{1,2}})\s*(?P=sep)\s*(?P<d>\d{{1,2}})(?!\d)"
    rf"\.?{_WEEKDAY}{_TIME}{_ZONE}",
    # 2024년 1월 5일
    rf"(?<!\d)(?P<y>\d{{4}})\s*년\s*(?P<m>\d{{1,2}})\s*월\s*(?P<d>\d{{1,2}})\s*일{_WEEKDAY}{_TIME}{_ZONE}",
    # Jan. 5, 2024 / January 5, 2024 3:30 PM
    rf"(?<![A-Za-z]){_MONTH_NAME}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)"
    rf"{_TIME}{_ZONE}",
    # 5 January 2024
    rf"(?<!\d)(?P<d>\d{{1,2}})\s+{_MONTH_NAME}\s+(?P<y>\d{{4}})(?!\d){_TIME}{_ZONE}",
]
_DATE_RES = [re.compile(form, re.IGNORECASE) for form in _DATE_FORMS]


def _zone(match: re.Match[str], default_tz: tzinfo) -> tzinfo:
    name = match.group("tzo") or match.group("tz")
    if not name:
        return default_tz
    upper = name.upper()
    if upper == "KST":
        return KST
    if upper in ("UTC", "GMT", "Z"):
        return UTC
    if upper in _ZONE_NAMES:
        return timezone(timedelta(seconds=_ZONE_NAMES[upper]))
    sign = -1 if name[0] == "-" else 1
    digits = name[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return timezone(sign * offset)


def _hour(match: re.Match[str]) -> tuple[int, int, int] | None:
    raw = match.group("h") or match.group("h2")
    if raw is None:
        return (0, 0, 0)
    hour = int(raw)
    minute = int(match.group("mi") or match.group("mi2") or 0)
    second = int(match.group("s") or match.group("s2") or 0)
    marker = (match.group("ampm") or match.group("ampm2") or "").lower().replace(".", "")
    pm = marker in ("오후", "pm", "밤", "저녁") or (marker == "낮" and hour < 6)
    am = marker in ("오전", "am", "새벽", "아침")
    if marker and hour > 12:
        pm = am = False  # "오후 15:30": the 24-hour clock wins
    if pm and hour < 12:
        hour += 12
    elif am and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return (hour, minute, second)


def _to_datetime(match: re.Match[str], default_tz: tzinfo) -> datetime | None:
    groups = match.groupdict()
    # the first three letters name every month ("Sept." → sep, "Oct." → oct)
    month = _EN_MONTHS.get(groups["mon"].lower()[:3]) if groups.get("mon") else None
    if month is None and groups.get("m") is None:
        return None
    month = month or int(groups["m"])
    year, day = int(groups["y"]), int(groups["d"])
    hms = _hour(match)
    if hms is None or not 1900 <= year <= 2200:
        return None
    try:
        return datetime(year, month, day, *hms, tzinfo=_zone(match, default_tz))
    except ValueError:  # month 13, February 30
        return None


def _find_dates(text: str, default_tz: tzinfo) -> list[tuple[int, int, datetime | None]]:
    """Every date expression in ``text`` as (start, end, value); value None when impossible."""
    found: list[tuple[int, int, datetime | None]] = []
    iso = _ISO_RE
    for match in iso.finditer(text):
        found.append((match.start(), match.end(), _iso_datetime(match.group(0), default_tz)))
    for pattern in _DATE_RES:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e, _ in found):
                continue
            found.append((match.start(), match.end(), _to_datetime(match, default_tz)))
    return sorted(found, key=lambda item: item[0])


_ISO_RE = re.compile(
    r"(?<!\d)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\d:])"
)


def _iso_datetime(text: str, default_tz: tzinfo) -> datetime | None:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=default_tz)


_ENGLISHY = re.compile(r"^[\x20-\x7e]{6,40}$")


def _dateutil_fallback(text: str, default_tz: tzinfo) -> datetime | None:
    """Only for short ASCII strings with a year, e.g. ``Fri, 05 Jan 2024 15:30:00 GMT``."""
    candidate = re.sub(r"^\s*[A-Za-z ]{0,20}:\s*", "", text).strip()
    if not _ENGLISHY.match(candidate) or not re.search(r"(?<!\d)(19|20)\d\d(?!\d)", candidate):
        return None
    from dateutil import parser

    try:
        # the default fills missing parts with fixed values, never with today's date
        with warnings.catch_warnings():  # an unknown zone name is read as no zone
            warnings.simplefilter("ignore")
            value = parser.parse(
                candidate, fuzzy=False, tzinfos=_ZONE_NAMES, default=datetime(2000, 1, 1)
            )
    except (ValueError, OverflowError, parser.ParserError):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=default_tz)


def parse_date(text: str, *, default_tz: tzinfo = KST) -> datetime | None:
    """The first date in ``text`` as a timezone-aware datetime, or None.

    Knows Korean forms (``2024년 1월 5일 오후 3시``, ``입력 2024.01.05 오후 3:30``), numeric ones,
    English month names and ISO 8601. ``KST`` means +09:00; an explicit offset is kept; a date
    without zone gets ``default_tz``. Impossible dates (month 13) give None.
    """
    text = unicodedata.normalize("NFC", text)
    found = _find_dates(text, default_tz)
    if found:
        return found[0][2]
    if HANGUL_RE.search(text):
        return None
    return _dateutil_fallback(text, default_tz)


_PUBLISHED = r"기사\s*입력|최초\s*입력|입력|등록|작성|게재|송고|발행|posted|published|created|date"
_UPDATED = r"최종\s*수정|수정|업데이트|갱신|updated|modified|last\s+updated|revised"
_LABEL_RE = re.compile(rf"(?P<upd>{_UPDATED})|(?P<pub>{_PUBLISHED})|(?P<ok>승인)", re.IGNORECASE)


def _label_of(prefix: str) -> str:
    """The kind of the last label in the text just before a date: pub, upd, ok or ''."""
    kind = ""
    for match in _LABEL_RE.finditer(prefix):
        kind = match.lastgroup or ""
    return kind


@dataclass(frozen=True)
class DateInfo:
    """The published and updated dates found on a page."""

    published: datetime | None = None
    updated: datetime | None = None


def parse_dates(lines: Iterable[str], *, default_tz: tzinfo = KST) -> DateInfo:
    """Published and updated dates from candidate lines, by their labels.

    ``입력``/``Posted`` → published, ``수정``/``Updated`` → updated, ``승인`` → published only
    when nothing is labelled published; an unlabelled date is published if none is found yet.
    """
    best: dict[str, datetime] = {}
    for raw in lines:
        line = unicodedata.normalize("NFC", raw)
        found = _find_dates(line, default_tz)
        if not found:
            if not HANGUL_RE.search(line) and len(line) <= 60:
                value = _dateutil_fallback(line, default_tz)
                if value is not None:
                    best.setdefault(_label_of(line) or "bare", value)
            continue
        previous_end = 0
        for start, end, value in found:
            kind = _label_of(line[previous_end:start]) or "bare"
            previous_end = end
            if value is not None:
                best.setdefault(kind, value)
    published = best.get("pub") or best.get("ok") or best.get("bare")
    return DateInfo(published=published, updated=best.get("upd"))
