"""Pure text functions shared by every ingest format: cleaning, dates, bylines, tags, ids.

Nothing here reads files or knows a format; each function takes text and returns values.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "KST",
    "Byline",
    "DateInfo",
    "clean_text",
    "detect_lang",
    "hamming",
    "make_id",
    "parse_byline",
    "parse_date",
    "parse_dates",
    "simhash",
    "split_tags",
    "strip_dateline",
    "strip_site_suffix",
]

KST: tzinfo = timezone(timedelta(hours=9), "KST")

# ---------------------------------------------------------------------------------------------
# clean_text

_DROP_CHARS = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e")
)
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """NFC text without control or invisible characters, single spaces, paragraphs split by
    one blank line. Idempotent."""
    text = _NEWLINES.sub("\n", text)
    text = text.translate(_DROP_CHARS)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)  # every whitespace except \n (tabs, NBSP, ideographic space)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    return _BLANK_RUNS.sub("\n\n", text)


def _collapse(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# ---------------------------------------------------------------------------------------------
# dates

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


_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
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
    if _HANGUL.search(text):
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
            if not _HANGUL.search(line) and len(line) <= 60:
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


# ---------------------------------------------------------------------------------------------
# bylines

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
_ROLES = (
    "객원논설위원|논설위원|편집위원|전문위원|객원기자|선임기자|전문기자|수습기자|인턴기자|"
    "사진기자|영상기자|취재기자|대기자|기자|특파원|통신원|칼럼니스트|기고|PD|앵커"
)
_ROLE_RE = re.compile(rf"^(?:{_ROLES})$")
_KO_NAME = r"[가-힣]{2,4}"
_KO_NAME_RE = re.compile(rf"^{_KO_NAME}$")
_GLUED_RE = re.compile(rf"^({_KO_NAME})({_ROLES})$")
_DATELINE_HEAD = r"[\[(【〔]\s*[^\]\)】〕=\n]{1,20}=\s*[^\]\)】〕=\n]{1,20}[\])】〕]"
_DATELINE_RE = re.compile(
    rf"^\s*(?P<head>{_DATELINE_HEAD})\s*"
    rf"(?:(?P<names>{_KO_NAME}(?:\s*[·,ㆍ・ ]\s*{_KO_NAME})*)\s*(?P<role>{_ROLES})"
    r"\s*(?:\(?\s*(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\s*\)?)?\s*)?=\s*"
)
_CREDIT_LABEL = r"(?:글|사진|영상|그래픽|취재|정리|편집|일러스트)"
_CREDIT_RE = re.compile(
    rf"(?:^|(?<=[\s·,/|ㆍ・])){_CREDIT_LABEL}(?:[·ㆍ・/]{_CREDIT_LABEL})*(?:\s*[:=]\s*|\s+)"
    rf"({_KO_NAME})(?=$|[\s·,/|ㆍ・])"
)
_OUTLET_RE = re.compile(
    r"(?:일보|신문|뉴스|통신|경제|방송|타임스|미디어|닷컴|저널|매일|투데이|데일리)$"
)
_EN_ROLE = re.compile(
    r"(?:,|\s+-\s+|^)[^,]*?\b(?:writer|reporter|correspondent|editor|columnist|contributor|"
    r"journalist|staff)s?\b.*$",
    re.IGNORECASE,
)
_EN_NAME_RE = re.compile(
    r"^(?:[A-Z][\w'’.-]*|[A-Z]\.)(?:\s+(?:[A-Z][\w'’.-]*|van|von|de|del|da|di|le|la|bin))"
    r"{0,3}$"
)
_MAX_BYLINE_CHARS = 40


@dataclass(frozen=True)
class Byline:
    """Reporter names (without role words) and e-mail addresses found on a byline."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()

    def text(self) -> str:
        return ", ".join(self.names)


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


def _korean_names(rest: str, bracketed: bool) -> tuple[str, ...] | None:
    credits = _CREDIT_RE.findall(rest)
    if credits and not _CREDIT_RE.sub("", rest).strip(" ·,/|ㆍ・"):
        return _dedupe(credits)
    tokens = [t for t in re.split(r"[\s·,/ㆍ・&|]+|=", rest) if t]
    names: list[str] = []
    has_role = False
    for index, token in enumerate(tokens):
        glued = _GLUED_RE.match(token)
        if _ROLE_RE.match(token):
            has_role = True
        elif index == 0 and len(tokens) >= 3 and re.search(r"(?:부|팀|국|센터|뉴스룸)$", token):
            continue  # a desk in front: "경제부 홍길동 기자"
        elif index == 0 and len(tokens) >= 3 and _OUTLET_RE.search(token):
            continue  # an outlet in front: "[한결신문 고은비 기자]", "새날경제 백승우 기자"
        elif _KO_NAME_RE.match(token):
            names.append(token)
        elif glued:  # "홍길동기자"
            names.append(glued.group(1))
            has_role = True
        elif index == 0 and (bracketed or len(tokens) >= 3):
            continue  # an outlet in front: "[아이뉴스24 홍길동 기자]"
        else:
            return None
    if not has_role or not names:
        return None
    return _dedupe(names)


def _english_names(rest: str) -> tuple[str, ...] | None:
    match = re.match(r"^\s*by\s*:?\s+(?P<names>.+)$", rest, re.IGNORECASE)
    if match:
        body = _EN_ROLE.sub("", match.group("names")).strip(" ,|")
    else:
        body = rest.strip()
        if not _EN_ROLE.search(body) or "," not in body:
            return None
        body = _EN_ROLE.sub("", body).strip(" ,|")
    parts = [p.strip() for p in re.split(r",|\band\b|&", body) if p.strip()]
    if not parts or not all(_EN_NAME_RE.match(p) for p in parts):
        return None
    return _dedupe(parts)


def parse_byline(text: str) -> Byline | None:
    """A byline from a short line (``홍길동 기자 hong@example.com``, ``By Jane Doe``), else None.

    A prose sentence that merely contains ``기자`` is not a byline: the line must be short
    (≤ 40 characters besides e-mails) unless it is a wire dateline.
    """
    text = unicodedata.normalize("NFC", text).strip()
    emails = _dedupe(_EMAIL_RE.findall(text))
    rest = _EMAIL_RE.sub(" ", text)
    rest = re.sub(r"\(\s*\)|\[\s*\]|<\s*>", " ", rest)
    dateline = _DATELINE_RE.match(rest + (" =" if not rest.rstrip().endswith("=") else ""))
    if dateline and dateline.group("names"):
        wire = re.split(r"\s*[·,ㆍ・ ]\s*", dateline.group("names"))
        return Byline(_dedupe(wire), emails)
    rest = " ".join(rest.split())
    if not rest:
        return Byline((), emails) if emails else None
    if len(rest) > _MAX_BYLINE_CHARS:
        return None
    bracketed = bool(re.match(r"^[\[(【<]", rest))
    rest = re.sub(r"[\[\]()【】<>]", " ", rest).strip(" =-–—|")
    names = _korean_names(rest, bracketed) if _HANGUL.search(rest) else _english_names(rest)
    if names is None:
        return None
    return Byline(names, emails)


def strip_dateline(paragraph: str) -> tuple[str, Byline | None]:
    """Remove a leading wire dateline (``[서울=연합뉴스] 홍길동 기자 = ``) from a paragraph.

    Returns the remaining text and the byline found in the dateline (None if it names nobody).
    """
    match = _DATELINE_RE.match(paragraph)
    if match is None:
        # "[서울=뉴시스] 본문": only when the right side is an agency name, not a column title
        # such as "[엔터미디어=정덕현의 이슈공감]"
        bare = re.match(
            r"^\s*[\[(【〔]\s*[^\]\)】〕=\n]{1,20}=\s*[^\s\])】〕=]{1,12}[\])】〕]\s*", paragraph
        )
        if bare is None or len(paragraph) <= bare.end():
            return paragraph, None
        return paragraph[bare.end() :], None
    rest = paragraph[match.end() :]
    if not rest.strip():
        return paragraph, None
    if not match.group("names"):
        return rest, None
    names = tuple(re.split(r"\s*[·,ㆍ・ ]\s*", match.group("names")))
    emails = (match.group("email"),) if match.group("email") else ()
    return rest, Byline(_dedupe(names), emails)


# ---------------------------------------------------------------------------------------------
# tags, titles, language

_TAG_SPLIT = re.compile(r"\s*[·・ㆍ>›»＞/,，、|#;]+\s*")


def split_tags(text: str) -> tuple[str, ...]:
    """Section or keyword line → tags: ``경제 > 금융`` → ("경제", "금융")."""
    parts = (" ".join(part.split()) for part in _TAG_SPLIT.split(clean_text(text)))
    return _dedupe(parts)


_SUFFIX_SEP = r"(?:\s+(?:[-|–—·:<]|::)\s+|\s*\|\s*)"
_SENTENCE_PUNCT = re.compile(r"[.?!。…\"“”'‘’]")


def strip_site_suffix(title: str, site: str | None = None) -> str:
    """Remove a trailing `` - 사이트명`` / `` | 사이트명`` / `` :: 사이트명`` from a page title.

    With ``site`` only that name is removed; without it, a short trailing segment (≤ 20 chars,
    no sentence punctuation) after `` | `` or `` - `` is.
    """
    title = title.strip()
    if site and site.strip():
        pattern = rf"{_SUFFIX_SEP}{re.escape(site.strip())}\s*$"
        stripped = re.sub(pattern, "", title, flags=re.IGNORECASE)
    else:
        match = re.search(r"(?:\s+(?:[-|–—]|::)\s+|\s*\|\s*)(?P<tail>[^|]{1,20})$", title)
        tail = match.group("tail") if match else ""
        stripped = title
        if match and not _SENTENCE_PUNCT.search(tail) and match.start() > 0:
            stripped = title[: match.start()]
    # CMS titles such as "제목 < 사회 < 기사본문" after the site name is gone
    while True:
        chain = re.search(r"\s+<\s+[^<>]{1,20}$", stripped)
        if chain is None or chain.start() == 0 or " < " not in stripped:
            break
        stripped = stripped[: chain.start()]
    return stripped.strip() or title


def detect_lang(text: str) -> str:
    """``ko`` when Hangul syllables are ≥ 20% of letters, ``en`` when mostly Latin, else ``""``."""
    letters = hangul = latin = 0
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        if "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff":
            hangul += 1
        elif char < "\u0250":
            latin += 1
    if not letters:
        return ""
    if hangul >= 0.2 * letters:
        return "ko"
    if latin >= 0.6 * letters:
        return "en"
    return ""


# ---------------------------------------------------------------------------------------------
# identity

_TRACKING = re.compile(
    r"^(?:utm_\w*|fbclid|gclid|dclid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl|ref_src|"
    r"cmpid|ncid|spm|sr_share|share|from|src|ref|ocid|rss)$",
    re.IGNORECASE,
)


def _canonical_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = sorted((k, v) for k, v in query if not _TRACKING.match(k))
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def make_id(
    *,
    url: str = "",
    source: str = "",
    title: str = "",
    date: datetime | None = None,
    body: str = "",
) -> str:
    """The canonical URL when known, else ``sha1:`` + 16 hex digits of source|title|date|body."""
    if url.strip():
        parts = urlsplit(url.strip())
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            try:
                return _canonical_url(url)
            except ValueError:  # a malformed port
                pass
        else:
            return url.strip()
    key = "\x1f".join(
        [_collapse(source), _collapse(title), date.isoformat() if date else "", _collapse(body)]
    )
    return "sha1:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def simhash(text: str) -> str:
    """64-bit SimHash over character 3-shingles of the whitespace-collapsed, lower-cased text.

    Each distinct shingle (its three code points packed into one integer) is hashed by the
    SplitMix64 finaliser, all at once in numpy: hashing shingles one by one in Python cost a
    build more time than Whoosh's posting writer."""
    import numpy as np  # here, not at the top: the search side imports this module too

    text = _collapse(text).lower()
    if not text:
        return "0" * 16
    points = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    if len(points) < 3:  # one shingle, the whole text, padded with code point 0
        points = np.concatenate([points, np.zeros(3 - len(points), dtype=np.uint64)])
    # Code points fit in 21 bits, so three of them pack into one 63-bit key.
    keys = (points[:-2] << np.uint64(42)) | (points[1:-1] << np.uint64(21)) | points[2:]
    keys, weights = np.unique(keys, return_counts=True)
    hashes = _splitmix64(keys)
    # Bit k of the fingerprint is bit k of the hashes: set where the shingles having that bit
    # outweigh half of all shingles.
    bits = np.unpackbits(
        hashes.astype("<u8").view(np.uint8).reshape(-1, 8), axis=1, bitorder="little"
    )
    totals = weights.astype(np.int64) @ bits
    value = 0
    for k in np.flatnonzero(totals * 2 > int(weights.sum())):
        value |= 1 << int(k)
    return f"{value:016x}"


def _splitmix64(keys: Any) -> Any:
    """SplitMix64's finaliser over a uint64 array (arithmetic wraps modulo 2**64)."""
    import numpy as np

    z = keys + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex fingerprints."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
