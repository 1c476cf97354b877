"""Tags, sources, bylines and languages as exact values, normalized the same way when an article
is indexed and when a search filters on them: one tag is one value (``#경제`` = ``경제``), a
byline is its reporters' names (``김민수 기자`` → ``김민수``)."""

from __future__ import annotations

import re
import unicodedata

from .normalize import parse_byline


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
