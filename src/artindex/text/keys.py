"""Tags, sources, bylines and languages as exact values, normalized the same way when an article
is indexed and when a search filters on them: one tag is one value (``#경제`` = ``경제``), a
byline is its reporters' names (``김민수 기자`` → ``김민수``)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit

from .bylines import parse_byline


def norm(value: str) -> str:
    """NFC, spaces collapsed, case-folded: the base of every key."""
    return " ".join(unicodedata.normalize("NFC", value).split()).casefold()


def tag_key(tag: str) -> str:
    """A tag as one exact value: NFC, case-folded, spaces as ``_``, a leading ``#`` dropped."""
    return norm(tag).lstrip("#").replace(" ", "_").replace(",", "_")


def source_key(source: str) -> str:
    return norm(source).replace(",", " ")


def byline_names(byline: str) -> tuple[str, ...]:
    """Reporter names on a byline, role words and e-mails dropped (``김민수 기자`` → 김민수),
    parsed as ingestion parses an article's byline; otherwise its comma-separated parts."""
    text = unicodedata.normalize("NFC", byline).strip()
    if not text:
        return ()
    parsed = parse_byline(text)
    names = parsed.names if parsed and parsed.names else tuple(re.split(r"\s*[,·ㆍ]\s*", text))
    return tuple(dict.fromkeys(n for n in (" ".join(n.split()) for n in names) if n))


def byline_keys(byline: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name_key(n) for n in byline_names(byline)))


def name_key(name: str) -> str:
    return norm(name).replace(",", " ")


def lang_key(lang: str) -> str:
    return norm(lang).split("-")[0]


# A pasted URL: a scheme and a host, nothing else (no spaces).
# A pasted URL: a scheme or ``www.`` and a host, or a host ending in a letter domain followed
# by a path (``news.example/a/1``); no spaces.
URL = re.compile(
    r"^(?:(?:https?://|www\.)[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?"
    r"|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/\S*)$",
    re.IGNORECASE,
)
# Query parameters that track where a reader came from and never choose the article.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|ref|from|cmpid|ns_\w+)$", re.IGNORECASE)


def is_url(text: str) -> bool:
    """Whether ``text`` (stripped) is one web address: ``https://www.example.co.kr/news/123``."""
    return bool(URL.match(text.strip()))


def url_key(url: str) -> str:
    """A URL as one exact value, the same whichever way a reader pastes it: scheme, ``www.``,
    port 80/443, a trailing slash, the fragment and tracking parameters (``utm_*``) dropped,
    the host case-folded, the other parameters sorted. Empty for an empty URL; never raises
    (a value that is no address is keyed as written)."""
    text = unicodedata.normalize("NFC", url).strip()
    if not text:
        return ""
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:  # not an address (a bad port, brackets): the text itself is the key
        return norm(text)
    host = (parts.hostname or "").casefold().removeprefix("www.")
    if port and port not in (80, 443):
        host += f":{port}"
    path = parts.path.rstrip("/")
    params = sorted((k, v) for k, v in parse_qsl(parts.query, True) if not _TRACKING.match(k))
    query = "?" + urlencode(params) if params else ""
    return f"{host}{path}{query}"
