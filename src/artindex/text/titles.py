"""Tags and titles: section or keyword lines as tags, a page title without its site name."""

from __future__ import annotations

import re

from .clean import clean_text, dedupe

__all__ = ["split_tags", "strip_site_suffix"]

_TAG_SPLIT = re.compile(r"\s*[·・ㆍ>›»＞/,，、|#;]+\s*")


def split_tags(text: str) -> tuple[str, ...]:
    """Section or keyword line → tags: ``경제 > 금융`` → ("경제", "금융")."""
    parts = (" ".join(part.split()) for part in _TAG_SPLIT.split(clean_text(text)))
    return dedupe(parts)


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
