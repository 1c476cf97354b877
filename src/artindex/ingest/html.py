"""HTML pages: trafilatura finds the main text and metadata; normalize adds the Korean rules.

trafilatura misses most Korean dates (``입력 2024.01.05 오후 3:30``) and reporter lines, so the
page's own meta tags and labelled date lines are read here too. Nothing is ever downloaded.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

import trafilatura

from ..errors import IngestError
from ..models import Article
from ..text.bylines import Byline, parse_byline, strip_dateline
from ..text.clean import clean_text
from ..text.hangul import SYLLABLE_RE
from ..text.language import detect_lang
from ..text.page_dates import KST, parse_date, parse_dates
from ..text.titles import split_tags, strip_site_suffix
from .html_body import clean_body, loose_texts, restore_loose_text, split_deck
from .html_signals import (
    NOT_NAMES,
    PageSignals,
    aside_texts,
    byline_names,
    deck_lines,
    drop_hidden,
    page_source,
    read_signals,
)

__all__ = ["DEFAULT_OPTIONS", "HtmlOptions", "extract_html"]


@dataclass(frozen=True, slots=True)
class HtmlOptions:
    """trafilatura settings; the defaults are the best measured by ``scripts/eval_html.py``."""

    favor_precision: bool = True  # F1 0.964 against 0.959 by default on the benchmark
    favor_recall: bool = False
    include_tables: bool = True
    include_comments: bool = False
    drop_signoff: bool = True  # reporter line, copyright and "무단전재" lines at the end


DEFAULT_OPTIONS = HtmlOptions()

log = logging.getLogger(__name__)

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "article.published",
    "dc.date.issued",
    "og:regdate",
)
_UPDATED_META = ("article:modified_time", "og:updated_time", "datemodified", "article.updated")
_SIGNOFF = re.compile(
    r"무단\s*전재|재배포\s*금지|저작권자|copyrights?\s*(?:©|ⓒ|\(c\))|all rights reserved|"
    r"주요\s*뉴스$|기사\s*제공|많이\s*본\s*뉴스|클릭|바로\s*가기|보러\s*가기|"
    r"^[^\s@]{0,12}\s*(?:[가-힣]{1,6}\s*=\s*)?[가-힣]{2,4}\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+$|"
    r"^(?:©|ⓒ)|^\[?(?:사진|그래픽|자료)\s*=",
    re.IGNORECASE,
)
_BRACKET_BYLINE = re.compile(
    r"^\s*[\[【〔]\s*[^\]】〕=]{1,20}?(?:=|\s)\s*(?P<who>[가-힣]{2,4}\s*(?:기자|특파원))\s*[\]】〕]"
)
_PLACE = re.compile(r"^\s*[가-힣]{1,6}\s*=\s*(?=[가-힣]{2,4}\s*(?:기자|특파원|[\w.+-]+@))")
_DATE_LABEL = re.compile(
    r"입력|수정|승인|등록|기사입력|업데이트|송고|발행|게재|posted|published|updated|modified",
    re.IGNORECASE,
)
_SKIP_TAGS = {"script", "style", "noscript", "template"}


def _meta_values(tree: Any) -> dict[str, str]:
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        content = meta.get("content")
        if key and content:
            values.setdefault(key.strip().lower(), content.strip())
    for element in tree.iter("time"):
        if element.get("itemprop") and element.get("datetime"):
            values.setdefault(element.get("itemprop").lower(), element.get("datetime"))
    return values


def _page_lines(tree: Any) -> Iterator[str]:
    """Short visible text lines of the page, in document order."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _SKIP_TAGS:
            continue
        for chunk in (element.text, element.tail):
            if chunk and chunk.strip():
                for line in chunk.splitlines():
                    line = " ".join(line.split())
                    if line and len(line) <= 120:
                        yield line


def _dated_lines(tree: Any) -> list[str]:
    """Lines that carry a date label (``기사입력 : 2018-08-25 15:24``), joined with the next
    line when the date sits in a separate element."""
    lines = list(_page_lines(tree))
    found: list[str] = []
    for index, line in enumerate(lines):
        if _DATE_LABEL.search(line):
            found.append(" ".join(lines[index : index + 3]))
        if len(found) >= 20:
            break
    return found


def _paragraphs(text: str) -> list[str]:
    return [p for p in (clean_text(line) for line in text.split("\n")) if p]


def _trim_body(
    paragraphs: list[str], options: HtmlOptions, links: frozenset[str] = frozenset()
) -> tuple[list[str], Byline | None, Byline | None]:
    """Remove a wire dateline from the first paragraph and the sign-off from the end (with
    the links to other articles that follow it: a trailing paragraph that is a link's text);
    the bylines of the dateline and of the sign-off."""
    byline: Byline | None = None
    signoff: Byline | None = None
    if paragraphs:
        rest, byline = strip_dateline(paragraphs[0])
        paragraphs[0] = rest
    while options.drop_signoff and len(paragraphs) > 1:
        last = paragraphs[-1]
        found = parse_byline(_PLACE.sub("", last)) if len(last) <= 80 else None
        if found is not None:
            signoff = signoff or (found if found.names else None)
        elif not (len(last) <= 200 and (_SIGNOFF.search(last) or _key(last) in links)):
            break
        paragraphs.pop()
    return paragraphs, byline, signoff


def _described_deck(meta: dict[str, str], title: str, body: str) -> str:
    """``og:description`` when it is a deck: short, whole (not cut with ``…``), and neither
    the title nor a piece of the body (most pages put the body's first sentences there)."""
    text = clean_text(meta.get("og:description") or meta.get("description") or "")
    key, flat = _key(text), _key(body)
    if not 4 <= len(text) <= 150 or re.search(r"(?:…|\.\.\.?)$", text):
        return ""
    if key == _key(title) or key[:20] in flat or key[-20:] in flat:
        return ""
    return text if SYLLABLE_RE.search(text) else ""


def _names(byline: Byline) -> str:
    """The reporters of a byline, without role words taken for names (``김수아 인턴 기자``)."""
    return ", ".join(n for n in byline.names if n not in NOT_NAMES)


def _link_texts(tree: Any) -> frozenset[str]:
    """Keys of the texts of the page's links (related-article lists after the body)."""
    found = (" ".join(a.text_content().split()) for a in tree.iter("a"))
    return frozenset(_key(text) for text in found if 8 <= len(text) <= 120)


def _find_byline(author: str, paragraphs: list[str], lines: list[str]) -> str:
    if author:
        names = [n.strip() for n in re.split(r";|\s+and\s+", author) if n.strip()]
        parsed = [parse_byline(n) for n in names]
        cleaned = [
            p.text() if p is not None and p.names else byline_names(n, bare=True)
            for p, n in zip(parsed, names, strict=True)
        ]  # a desk or a date label (사회부, 발행일) is no name
        if any(cleaned):
            return ", ".join(dict.fromkeys(c for c in cleaned if c))
    for line in paragraphs[-3:] + paragraphs[:2] + lines:
        found = parse_byline(line) if len(line) <= 80 else None
        if found is not None and found.names:
            return found.text()
    return ""


def _title(found: str, sitename: str, meta: dict[str, str], tree: Any) -> str:
    """trafilatura's title, unless it looks like the site's name (a logo ``<h1>``, common on
    Korean pages): then ``og:title``, the ``<title>`` or another ``<h1>``."""
    title = strip_site_suffix(found, sitename or None)
    names = {_key(n) for n in (sitename, meta.get("og:site_name", "")) if n}
    head = tree.find(".//title")
    page_title = strip_site_suffix(clean_text(head.text_content() if head is not None else ""))
    logo_like = len(title) <= 12 and _key(title) not in _key(page_title) and len(page_title) > 20
    if title and _key(title) not in names and not logo_like:
        return title
    candidates = [meta.get("og:title", ""), meta.get("twitter:title", ""), page_title]
    candidates += [" ".join(h.text_content().split()) for h in tree.iter("h1")]
    for candidate in candidates:
        cleaned = strip_site_suffix(clean_text(candidate), sitename or None)
        if cleaned and _key(cleaned) not in names and _key(cleaned) != _key(title):
            return cleaned
    return title


_DATE_WORDS = re.compile(
    r"[\d\s.:/\-()\[\]|,]|기사\s*입력|입력|수정|승인|등록|업데이트|오전|오후|[년월일시분초]|"
    r"posted|published|updated|modified|kst|utc|gmt|[ap]m\b|"
    r"(?:jan|feb)(?:uary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"mon|tue|wed|thu|fri|sat|sun",
    re.IGNORECASE,
)


_WIRE_HEAD = re.compile(r"^\s*[\[(【〔][^\]\)】〕=]{1,20}=")


def _is_heading_chrome(paragraph: str, title: str, section: str = "") -> bool:
    """A leading paragraph that repeats the title or the section, or is only a byline or a
    date line (a wire dateline opening a paragraph is the body's start)."""
    if section and _key(paragraph) == _key(section):
        return True
    rest, _ = strip_dateline(paragraph)
    if rest != paragraph and len(rest.strip()) > 10:
        return False
    if _key(paragraph) == _key(title) or len(paragraph) > 80:
        return _key(paragraph) == _key(title)
    if parse_date(paragraph) is not None and len(_DATE_WORDS.sub("", paragraph)) <= 2:
        return True
    found = parse_byline(paragraph)
    return found is not None and bool(found.names)


def _key(text: str) -> str:
    return "".join(text.split()).lower()


_COMPACT_STAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$")


def _date(value: str | None, tz: tzinfo) -> datetime | None:
    """A meta date; compact stamps (``20240513125214``, ``20240513``) read as local time."""
    if not value:
        return None
    stamp = _COMPACT_STAMP.match(value.strip())
    if stamp:
        y, mo, d, h, mi, s = (part or "00" for part in stamp.groups())
        value = f"{y}-{mo}-{d} {h}:{mi}:{s}"
    return parse_date(value, default_tz=tz)


def _load_tree(html: str, path: str) -> Any:
    try:
        tree = trafilatura.load_html(html)
    except Exception as exc:  # lxml raises many types on broken markup
        raise IngestError(path, f"HTML could not be parsed ({exc.__class__.__name__})") from exc
    if tree is None:
        raise IngestError(path, "HTML could not be parsed")
    return tree


def _main_text(tree: Any, options: HtmlOptions, path: str) -> Any:
    try:
        return trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=options.include_comments,
            include_tables=options.include_tables,
            favor_precision=options.favor_precision,
            favor_recall=options.favor_recall,
        )
    except Exception as exc:  # trafilatura has no error hierarchy of its own
        raise IngestError(path, f"HTML extraction failed ({exc.__class__.__name__})") from exc


@dataclass(frozen=True, slots=True)
class _Body:
    """The body paragraphs, the sub-title lines above them, and the reporters found in a
    wire dateline (or a leading byline line) and in the sign-off (written or spoken)."""

    paragraphs: list[str]
    subtitle: list[str]
    wire: Byline | None
    spoken: str


def _body(
    paragraphs: list[str],
    title: str,
    signals: PageSignals,
    options: HtmlOptions,
    page: tuple[list[str], tuple[set[str], set[str]]],
    links: frozenset[str] = frozenset(),
) -> _Body:
    """The body paragraphs without heading chrome, deck, boxes, notices and sign-off."""
    deck, (captions, quotes) = page
    heading: list[tuple[str, Byline]] = []  # bylines of leading lines dropped as chrome
    paragraphs, spoken = clean_body(paragraphs, captions)
    while paragraphs and _is_heading_chrome(paragraphs[0], title, signals.section):
        line = paragraphs.pop(0)
        found = parse_byline(line)
        heading += [(line, found)] if found is not None and found.names else []
    subtitle, paragraphs = split_deck(paragraphs, deck, captions | quotes)
    paragraphs, wire, signoff = _trim_body(paragraphs, options, links)
    bracket = _BRACKET_BYLINE.match(paragraphs[0]) if paragraphs else None
    if (wire is None or not wire.names) and bracket:  # [가상뉴스=홍길동 기자] 본문…
        wire = parse_byline(bracket.group("who"))
    if wire is None or not wire.names:  # a wire dateline on a line of its own, else the page's
        wire = next((b for line, b in heading if _WIRE_HEAD.match(line)), None)
        if wire is None and not signals.byline and heading:
            wire = heading[0][1]
    return _Body(paragraphs, subtitle, wire, _names(signoff) if signoff else spoken)


def _dates(
    meta: dict[str, str], lines: list[str], doc: Any, tz: tzinfo, path: str = ""
) -> tuple[datetime | None, datetime | None]:
    """Published and updated: meta tags (they carry a zone), labelled page lines, trafilatura."""
    dates = parse_dates(lines, default_tz=tz)
    stated = next((meta[k] for k in _PUBLISHED_META if k in meta), None)
    published = _date(stated, tz) or dates.published
    if published is None and stated:  # trafilatura's guess would come from that broken value
        log.warning("%s: unrecognised date %r; the article is kept without it", path, stated)
    elif published is None:
        published = _date(getattr(doc, "date", None), tz)
    updated = _date(next((meta[k] for k in _UPDATED_META if k in meta), None), tz) or dates.updated
    return published, updated


def _tags(sections: tuple[str, ...], doc: Any) -> tuple[str, ...]:
    tags: list[str] = list(sections)
    values = list(getattr(doc, "categories", None) or []) + list(getattr(doc, "tags", None) or [])
    for value in values:
        tags.extend(split_tags(str(value)))
    return tuple(dict.fromkeys(tags))


def extract_html(html: str, *, path: str = "", options: HtmlOptions = DEFAULT_OPTIONS) -> Article:
    """One article from an HTML page. ``id``, ``fingerprint`` and ``path`` are left for the
    ingester to fill. Raises IngestError when the page has no main text."""
    html = unicodedata.normalize("NFC", html)  # a page saved with NFD Hangul reads the same
    tree = _load_tree(html, path)
    meta = _meta_values(tree)
    lines = _dated_lines(tree)
    byline_lines = [line for line in _page_lines(tree) if len(line) <= 60][:400]
    signals = read_signals(tree, meta)  # before trafilatura prunes the tree
    press = page_source(tree, meta)
    page = (deck_lines(tree), aside_texts(tree))
    links = _link_texts(tree)
    drop_hidden(tree)
    loose = loose_texts(tree)
    doc = _main_text(tree, options, path)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    sitename = clean_text(getattr(doc, "sitename", None) or "")
    title = signals.headline or _title(
        clean_text(getattr(doc, "title", None) or ""), sitename, meta, tree
    )
    found = _body(
        restore_loose_text(_paragraphs(text), loose), title, signals, options, page, links
    )
    paragraphs, wire = found.paragraphs, found.wire
    body = "\n\n".join(p for p in paragraphs if p)
    if not body:
        raise IngestError(path, "no article text found in the HTML page")
    if not title:
        raise IngestError(path, "no title found in the HTML page")
    lang = detect_lang(title + "\n" + body)
    tz: tzinfo = KST if lang == "ko" or re.search(r"\bKST\b", html[:200_000]) else UTC
    published, updated = _dates(meta, lines, doc, tz, path)
    author = clean_text(getattr(doc, "author", None) or "")
    byline = (
        _names(wire)
        if wire is not None and _names(wire)
        else signals.byline or found.spoken or _find_byline(author, paragraphs, byline_lines)
    )
    return Article(
        id="",
        title=title,
        body=body,
        byline=byline,
        date=published,
        updated=updated,
        tags=_tags(signals.sections, doc),
        source=press or sitename,
        url=clean_text(getattr(doc, "url", None) or ""),
        lang=lang,
        subtitle="\n".join(found.subtitle) or _described_deck(meta, title, body),
    )
