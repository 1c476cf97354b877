"""Signals Korean news pages carry in their markup, whatever the site.

Read from the parsed page: the headline without the site's name (``og:title`` minus
`` - 가상일보``), the section (``article:section``, JSON-LD ``articleSection``, Naver's
"이 기사는 언론사에서 사회 섹션으로 분류했습니다", a breadcrumb leaf, a category chip by the
headline, the highlighted menu tab) and the reporter (byline elements, JSON-LD ``author``,
author meta tags, the name shown beside the date under the headline). No site is named here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..text.bylines import parse_byline
from ..text.clean import clean_text
from ..text.hangul import SYLLABLE_RE
from ..text.page_dates import parse_date
from ..text.sources import canonical_source, default_source_names

__all__ = [
    "NOT_NAMES",
    "PageSignals",
    "drop_hidden",
    "page_source",
    "read_signals",
    "site_names",
    "strip_site_name",
]

_HANGUL = SYLLABLE_RE  # Korean text has syllables
_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta"}
_SEPARATOR = re.compile(r"\s+(?:[-|:·–—ㅣ<>«»]|::|\|\|)\s+|\s*[|ㅣ]\s*")
_SENTENCE_END = re.compile(r"[.?!。…\"“”'‘’]")


@dataclass
class PageSignals:
    """What the page's markup says about the article, each field empty when not found."""

    headline: str = ""
    section: str = ""
    sections: tuple[str, ...] = ()  # the section, then finer labels shown for it
    byline: str = ""
    sites: set[str] = field(default_factory=set)


def _key(text: str) -> str:
    return "".join(text.split()).lower()


def _own_text(element: Any) -> str:
    return " ".join(element.text_content().split()) if isinstance(element.tag, str) else ""


def _classes(element: Any) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}".lower()


def _visible(tree: Any) -> Iterator[Any]:
    """Elements outside scripts, styles and the head, in document order."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _SKIP:
            continue
        if any(a.tag in _SKIP for a in element.iterancestors() if isinstance(a.tag, str)):
            continue
        yield element


# ---------------------------------------------------------------------------------------------
# JSON-LD


def json_ld(tree: Any) -> list[dict[str, Any]]:
    """The article-like objects of the page's JSON-LD blocks (NewsArticle, Article, ...)."""
    found: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except (ValueError, RecursionError):
            continue
        stack: list[Any] = [data]
        while stack and len(found) < 20:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = " ".join(
                    map(
                        str,
                        item.get("@type", [])
                        if isinstance(item.get("@type"), list)
                        else [item.get("@type", "")],
                    )
                )
                if "article" in kind.lower() or "posting" in kind.lower():
                    found.append(item)
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity"))
    return found


def _ld_names(value: Any, depth: int = 0) -> list[str]:
    if isinstance(value, str):
        return [value]
    if depth > 4:
        return []
    if isinstance(value, dict):
        return _ld_names(value.get("name"), depth + 1)
    if isinstance(value, list):
        return [name for item in value[:20] for name in _ld_names(item, depth + 1)]
    return []


# ---------------------------------------------------------------------------------------------
# site names and headlines


def site_names(meta: dict[str, str], extra: str = "") -> set[str]:
    """The site's names as the page gives them (``og:site_name``, application name...)."""
    names = {meta.get(k, "") for k in ("og:site_name", "application-name", "twitter:site")}
    names.add(extra)
    cleaned = {clean_text(n).lstrip("@") for n in names}
    return {n for n in cleaned if n and len(n) <= 40}


def _is_site_piece(piece: str, sites: set[str]) -> bool:
    """True when ``piece`` is the site's name, a part of it, or it with a word or two
    (``가상일보 모바일``), not a headline that mentions the site."""
    key = _key(piece)
    for site in sites:
        name = _key(site)
        if len(name) >= 2 and (key in name or (name in key and len(key) <= len(name) + 8)):
            return True
    return False


def strip_site_name(title: str, sites: set[str], headings: set[str] | None = None) -> str:
    """A page title without the site's name and menu path on either side.

    ``제목 - 가상일보`` and ``가상일보 모바일 :: 제목`` lose the piece naming the site;
    ``제목 : 뉴스 : 가상닷컴`` loses its trailing pieces when what is left is a headline shown
    on the page (one of ``headings``)."""
    title = clean_text(title)
    pieces = [p for p in _SEPARATOR.split(title) if p is not None]
    if len(pieces) < 2:
        return title
    while len(pieces) > 1 and _is_site_piece(pieces[-1], sites):
        pieces.pop()
    while len(pieces) > 1 and _is_site_piece(pieces[0], sites):
        pieces.pop(0)
    joined = _rejoin(title, pieces)
    if headings and _key(joined) not in headings:
        for end in range(len(pieces) - 1, 0, -1):
            candidate = _rejoin(title, pieces[:end])
            if _key(candidate) in headings:
                return candidate
        for start in range(1, len(pieces)):
            candidate = _rejoin(title, pieces[start:])
            if _key(candidate) in headings:
                return candidate
    return joined


def _rejoin(title: str, pieces: list[str]) -> str:
    """The span of ``title`` from the first to the last of ``pieces`` (separators kept)."""
    start = title.find(pieces[0])
    end = title.rfind(pieces[-1])
    if start < 0 or end < 0 or end + len(pieces[-1]) <= start:
        return " ".join(pieces)
    return title[start : end + len(pieces[-1])].strip()


def _headings(tree: Any) -> dict[str, Any]:
    """Keys of the texts of headline-like elements (h1-h4 and elements classed as titles)."""
    found: dict[str, Any] = {}
    for element in _visible(tree):
        classes = _classes(element)
        if element.tag in ("h1", "h2", "h3", "h4") or re.search(
            r"headline|(?:^|[\s_-])(?:tit|title|subject)(?:$|[\s_-])|tit_|_tit", classes
        ):
            text = _own_text(element)
            if 4 <= len(text) <= 200:
                found.setdefault(_key(text), element)
    return found


def _headline(meta: dict[str, str], tree: Any, sites: set[str], heads: dict[str, Any]) -> str:
    head = tree.find(".//title")
    page_title = clean_text(head.text_content()) if head is not None else ""
    for raw in (meta.get("og:title", ""), meta.get("twitter:title", ""), page_title):
        title = strip_site_name(raw, sites, set(heads))
        if title and not _is_site_piece(title, sites) and len(title) >= 4:
            return title
    return ""


# ---------------------------------------------------------------------------------------------
# sections

_NAVER_SECTION = re.compile(r"언론사에서\s*(\S{1,20}?)\s*섹션으로\s*분류")
_CRUMB_CLASS = re.compile(r"breadcrumb|location|navi_?path|(?:^|[\s_-])path(?:$|[\s_-])|crumb")
_CHIP_CLASS = re.compile(
    r"(?:^|[\s_-])(?:cate|category|categories|section|sect|sec)"
    r"(?:[_-]?(?:name|tit|title|txt|text|item|link|label))?(?:$|[\s_-])"
)
_ACTIVE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:on|active|is_active|is-active|selected|current|sel)(?:$|\s)"
)
_HIDDEN_CLASS = re.compile(
    r"screen_out|blind|sr-only|visually-hidden|hidden|(?:^|\s)ir(?:$|[\s_-])|offscreen"
)
_CRUMB_SPLIT = re.compile(r"\s*[>›»＞/]\s*|\s+>\s+")
_GENERIC = {
    "홈",
    "home",
    "뉴스",
    "news",
    "전체",
    "전체기사",
    "종합",
    "메인",
    "main",
    "최신",
    "최신기사",
    "기사",
    "기사본문",
    "본문",
    "많이본뉴스",
    "속보",
    "포토",
    "영상",
    "랭킹",
}
# Section labels used across Korean news sites (a vocabulary of the genre, not of one site)
_SECTIONS = {
    "정치",
    "경제",
    "사회",
    "국제",
    "세계",
    "문화",
    "스포츠",
    "연예",
    "생활",
    "라이프",
    "생활/문화",
    "IT",
    "과학",
    "IT/과학",
    "IT·과학",
    "오피니언",
    "사설",
    "칼럼",
    "부동산",
    "증권",
    "금융",
    "산업",
    "기업",
    "전국",
    "지역",
    "교육",
    "건강",
    "환경",
    "북한",
    "여행",
    "자동차",
    "테크",
}
_ENGLISH_SECTIONS = {
    "politics": "정치", "political": "정치", "economy": "경제", "economic": "경제",
    "business": "경제", "society": "사회", "social": "사회", "national": "사회",
    "world": "국제", "international": "국제", "global": "국제", "foreign": "국제",
    "culture": "문화", "sports": "스포츠", "sport": "스포츠", "entertainment": "연예",
    "enter": "연예", "life": "생활", "lifestyle": "라이프", "it": "IT", "tech": "IT",
    "technology": "IT", "science": "과학", "opinion": "오피니언", "editorial": "사설",
    "column": "칼럼", "realestate": "부동산", "estate": "부동산", "stock": "증권",
    "finance": "금융", "industry": "산업", "education": "교육", "health": "건강",
    "region": "지역", "local": "지역", "northkorea": "북한", "nk": "북한",
}  # fmt: skip


# A broadcast programme (뉴스데스크, 8뉴스, 김현정의 뉴스쇼, 뉴스광장) is never the section.
_PROGRAMME = re.compile(
    r"\d\s*뉴스|뉴스\s*\d|뉴스\s*(?:데스크|룸|광장|투데이|쇼|특보|센터|라인|와이드|프라임|"
    r"나이트|파이터|브리핑|9)|데스크$|쇼$|광장$|라디오"
)


def _label(text: str) -> str:
    text = " ".join(text.split())
    if not 1 <= len(text) <= 15 or re.search(r"\d{2}|[.?!,…]", text):
        return ""
    if _PROGRAMME.search(text):
        return ""
    return text if _HANGUL.search(text) or text.upper() == "IT" else ""


def _crumb_leaf(text: str, title: str) -> str:
    parts = [p for p in _CRUMB_SPLIT.split(text) if p.strip()]
    for part in reversed(parts):
        label = _label(part)
        if label and _key(label) != _key(title) and _key(label) not in _GENERIC:
            return label
    return ""


_MENU_CLASS = re.compile(r"gnb|lnb|snb|nav|menu|sect|cate|depth")
_NOT_MENU_CLASS = re.compile(r"layer|lang|popup|tooltip|option|sort|tab_?list_?opt")


def _in_menu(element: Any) -> bool:
    """True for an item of the site's section menu: within a few levels of an element classed
    as a menu (gnb, lnb, nav...) and not of a pop-up layer or a language picker."""
    if element.tag not in ("li", "a", "span", "strong", "em"):
        return False
    menu = False
    for depth, ancestor in enumerate(element.iterancestors()):
        if depth >= 8:
            break
        classes = _classes(ancestor)
        if _NOT_MENU_CLASS.search(classes):
            return False
        menu = menu or ancestor.tag == "nav" or bool(_MENU_CLASS.search(classes))
    return menu


def _crumb_text(element: Any) -> str:
    """A breadcrumb's text without its pop-up layers (hidden sub-menus of every sibling)."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            hidden = "display:none" in (child.get("style") or "").replace(" ", "")
            if not (hidden or _NOT_MENU_CLASS.search(_classes(child))):
                parts.append(" > " if child.get("class") and "arr" in _classes(child) else " ")
                parts.append(_crumb_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _shown_text(element: Any) -> str:
    """The element's text without what only screen readers get (``<span class="blind">``)."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and not _SCREEN_READER.search(_classes(child)):
            parts.append(_shown_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _markup_sections(tree: Any, title: str, heads: dict[str, Any]) -> list[str]:
    """Section labels the markup shows, best first: a breadcrumb leaf, the category chip
    nearest the headline, the first highlighted menu item, a hidden heading naming a known
    section."""
    order = {element: index for index, element in enumerate(_visible(tree))}
    anchor = order.get(heads.get(_key(title))) if title else None
    chips: list[tuple[int, str]] = []
    crumb = active = hidden = ""
    for element, index in order.items():
        classes = _classes(element)
        if not classes.strip() and element.get("aria-current") is None:
            continue
        text = _own_text(element)
        if not crumb and _CRUMB_CLASS.search(classes) and len(text) <= 400:
            shown = _crumb_text(element)
            leaf = _crumb_leaf(shown, title) if len(shown) <= 80 else ""
            if leaf and (">" in shown or "›" in shown or "»" in shown or len(element) >= 2):
                crumb = leaf
        label = _label(text)
        if not label or _key(label) in _GENERIC:
            continue
        if _CHIP_CLASS.search(classes) and len(element) <= 2 and anchor is not None:
            chips.append((abs(index - anchor), label))
        elif not active and (_ACTIVE_CLASS.search(classes) or element.get("aria-current")):
            active = _label(_shown_text(element)) if _in_menu(element) else ""
        elif not hidden and _HIDDEN_CLASS.search(classes) and element.tag in ("h2", "h3"):
            hidden = label if label in _SECTIONS else ""
    near = [chip for chip in chips if chip[0] <= 40]
    return [crumb, min(near)[1] if near else "", active, hidden]


def _section(
    tree: Any, meta: dict[str, str], ld: list[dict[str, Any]], title: str, heads: dict[str, Any]
) -> list[str]:
    """The article's section first, then finer or other labels the page shows for it."""
    text = " ".join(_visible_text(tree))
    naver = _NAVER_SECTION.search(text)
    declared = [meta.get("article:section", "")]
    for item in ld:
        value = item.get("articleSection")
        if value:
            declared += [str(value[0] if isinstance(value, list) else value)]
    labels = [_label(clean_text(value)) for value in declared]
    crumb, chip, active, hidden = _markup_sections(tree, title, heads)
    slugs = [re.sub(r"[^a-z]", "", value.lower()) for value in declared]
    english = [_ENGLISH_SECTIONS[slug] for slug in slugs if slug in _ENGLISH_SECTIONS]
    first = [naver.group(1)] if naver else []
    found = [*first, *(label for label in labels if label), crumb]
    if found and active and _key(found[0]) in _key(active):  # 생활 → the tab 생활/문화
        found.append(active)
    found += [chip, active, hidden, *english] if not any(found) else []
    return list(dict.fromkeys(f for f in found if f))[:3]


def _visible_text(tree: Any) -> Iterator[str]:
    for element in _visible(tree):
        for chunk in (element.text, element.tail):
            if chunk and chunk.strip():
                yield chunk.strip()


# ---------------------------------------------------------------------------------------------
# bylines

_BYLINE_CLASS = re.compile(
    r"byline|reporter|repoter|writer|journalist|author"
)  # repoter: a common misspelling
_NOT_BYLINE_CLASS = re.compile(r"comment|reply|subscribe|layer|authority|popup|share")
_DATE_CUT = re.compile(
    r"\s*(?:입력|수정|승인|등록|기사입력|최종|업데이트|송고|발행|게재|\d{4}[.\-/년])"
)
_DESK = re.compile(r"(?:팀|부|국|센터|데스크|취재단|편집국|뉴스룸)$")
# Labels of the date lines and controls beside a byline: never a reporter's name
_DATE_LABELS = {
    "입력", "수정", "승인", "등록", "기사입력", "최종수정", "업데이트", "송고시간", "송고",
    "발행일", "발행", "게재", "게재일", "등록일", "수정일", "입력일", "인턴", "수습", "기사",
    "기자", "뉴스", "구독", "기자구독", "이메일", "프로필", "더보기", "다른기사",
}  # fmt: skip
NOT_NAMES = frozenset(_DATE_LABELS)
_ROLE_NAME = re.compile(
    r"([가-힣]{2,4})\s*(?:인턴\s*|수습\s*|선임\s*|전문\s*|객원\s*|수석\s*)?(?:기자|특파원|통신원|논설위원)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)


def byline_names(text: str, *, bare: bool = False) -> str:
    """The names on a byline-like text: ``순천, 광양 구현모 기자 ninek@...`` → ``구현모``.

    With ``bare``, a text that is only a name or an outlet (``박상우``, ``뉴스타파``) is accepted
    as it stands (for elements the page marks as bylines)."""
    text = _EMAIL.sub(" ", clean_text(text))
    text = re.sub(r"^\s*[가-힣]{1,6}\s*=\s*", "", text)  # 제주=임재영 기자: the place goes
    text = re.sub(r"[\[\](){}<>]", " ", text)
    text = _DATE_CUT.split(text, maxsplit=1)[0]
    text = " ".join(re.split(r"\s*\|\s*", text)[0].split()).strip(" ,·/=-")
    if not text or len(text) > 40:
        return ""
    named = [n for n in _ROLE_NAME.findall(text) if n not in _DATE_LABELS]
    if named:
        return ", ".join(dict.fromkeys(named))
    found = parse_byline(text)
    names = [n for n in (found.names if found is not None else ()) if n not in _DATE_LABELS]
    if names:
        return ", ".join(names)
    if text in _DATE_LABELS or _DATE_CUT.match(text):
        return ""
    if _DESK.search(text):  # 디지털뉴스팀, 사회부: a desk, not a reporter
        return ""
    if bare and re.fullmatch(r"[가-힣]{2,10}|[A-Z][A-Za-z'.-]+(?: [A-Z][A-Za-z'.-]+){1,3}", text):
        return text
    return ""


def _element_byline(tree: Any, sites: set[str], after: Any = None) -> str:
    """The names in the first element classed as a byline (reporter, writer...), looking from
    the headline on when it is known, else from the top."""
    elements = list(_visible(tree))
    if after is not None and after in elements:
        at = elements.index(after)
        elements = elements[at:] + elements[:at]
    for element in elements:
        classes = _classes(element)
        if not _BYLINE_CLASS.search(classes) or _NOT_BYLINE_CLASS.search(classes):
            continue
        text = " ".join(" ".join(element.itertext()).split())  # "기자 정보" + "이수민 기자"
        if not text or len(text) > 120:
            continue
        names = byline_names(text, bare=True)
        if names and not _is_site_piece(names, sites):
            return names
        if names and element.tag not in ("a",) and "byline" in classes:
            return names  # a byline slot that shows only the press (뉴스타파)
    return ""


def _declared_byline(meta: dict[str, str], ld: list[dict[str, Any]], sites: set[str]) -> str:
    values = [name for item in ld for name in _ld_names(item.get("author"))]
    values += [meta.get(k, "") for k in ("author", "dable:author", "og:article:author", "byl")]
    for value in values:
        value = clean_text(value)
        if not value or "|" in value or "://" in value or _is_site_piece(value, sites):
            continue
        names = byline_names(value, bare=True)
        if names:
            return names
    return ""


def _header_byline(tree: Any, title: str, heads: dict[str, Any]) -> str:
    """The name shown beside the date just under the headline (``박상우  2024. 5. 13. 12:52``)."""
    head = heads.get(_key(title)) if title else None
    if head is None:
        return ""
    lines: list[str] = []
    for element in head.itersiblings():
        lines.extend(t for t in _visible_text(element))
        if len(lines) >= 8:
            break
    for index, line in enumerate(lines[:8]):
        dated = index + 1 < len(lines) and parse_date(lines[index + 1]) is not None
        names = byline_names(line, bare=dated)
        if names:
            return names
    return ""


_SCREEN_READER = re.compile(
    r"(?:^|\s)(?:screen_out|blind|sr-only|screen-reader-text|visually-hidden|a11y-hidden|"
    r"hidden-text|offscreen|skip)(?:$|\s)"
)


def drop_hidden(tree: Any) -> None:
    """Remove the text pages keep for screen readers only (``<h3 class="blind">기사 도구
    모음</h3>``): it labels controls, it is not the article. The tail text is kept."""
    hidden = [
        e for e in tree.iter() if isinstance(e.tag, str) and _SCREEN_READER.search(_classes(e))
    ]
    for element in hidden:
        if element.getparent() is not None and element.tag not in ("body", "html"):
            element.drop_tree()


def read_signals(tree: Any, meta: dict[str, str], sitename: str = "") -> PageSignals:
    """Every signal above from one parsed page."""
    sites = site_names(meta, sitename)
    heads = _headings(tree)
    ld = json_ld(tree)
    headline = _headline(meta, tree, sites, heads)
    if not headline:
        headline = next((clean_text(str(i.get("headline"))) for i in ld if i.get("headline")), "")
    sections = _section(tree, meta, ld, headline, heads)
    section = sections[0] if sections else ""
    for label in sections:  # "제목-정치" once the site's name is gone: the section goes too
        if headline.endswith(label) and re.search(r"\s*[-|·ㅣ:]\s*$", headline[: -len(label)]):
            headline = re.sub(r"\s*[-|·ㅣ:]\s*$", "", headline[: -len(label)])
    byline = (
        _element_byline(tree, sites, heads.get(_key(headline)) if headline else None)
        or _header_byline(tree, headline, heads)
        or _declared_byline(meta, ld, sites)
    )
    return PageSignals(headline, section, tuple(sections), byline, sites)


# ---------------------------------------------------------------------------------------------
# source: the press on a portal's page, else the site

_LOGO_HINT = re.compile(r"press|office_logo|/cp/|cp_|media_?logo|provider|source_logo")
_COPYRIGHT = re.compile(
    r"(?:ⓒ|©|copyright\s*(?:ⓒ|©|\(c\))?|저작권자\s*(?:ⓒ|©|\(c\))?)\s*(?:by\s+)?"
    r"(?P<name>[가-힣A-Za-z][가-힣A-Za-z0-9&.\-]{1,24}(?: [A-Z가-힣][A-Za-z가-힣]{1,12})?)",
    re.IGNORECASE,
)


def _logo_press(tree: Any) -> str:
    """The alt text of the first press logo image (a portal shows the press this way)."""
    for image in tree.iter("img"):
        alt = clean_text(image.get("alt") or "")
        if not alt or len(alt) > 20:
            continue
        hints = [image.get("src") or "", image.get("data-src") or "", _classes(image)]
        parent = image.getparent()
        for _ in range(2):
            if parent is None:
                break
            hints.append(_classes(parent))
            parent = parent.getparent()
        if _LOGO_HINT.search(" ".join(hints).lower()):
            return alt
    return ""


def _copyright_holders(tree: Any) -> list[str]:
    """The names after ``ⓒ``/``Copyright``/``저작권자`` on the page, in document order."""
    found: list[str] = []
    for text in _visible_text(tree):
        if len(text) <= 200:
            found += [m.group("name") for m in _COPYRIGHT.finditer(text)]
    return found


def page_source(tree: Any, meta: dict[str, str], sitename: str = "") -> str:
    """The outlet of the article: on a portal's page (Naver, Daum...) the press the page names
    (``og:article:author``, the press logo, a copyright line), else the site's own name."""
    names = default_source_names()
    sites = [meta.get(k, "") for k in ("og:site_name", "application-name")] + [sitename]
    site = next((canonical_source(s) for s in sites if canonical_source(s)), "")
    presses = [
        *re.split(r"\s*\|\s*", meta.get("og:article:author", "")),
        _logo_press(tree),
        *_copyright_holders(tree),
    ]
    outlets = [canonical_source(p) for p in presses if p and not names.is_portal(p)]
    outlets = [o for o in outlets if o and not names.is_portal(o) and not parse_byline(o)]
    if site and not names.is_portal(site):
        return site
    return outlets[0] if outlets else site


# ---------------------------------------------------------------------------------------------
# what stands beside the body: the deck (subtitle), captions, alt texts, pull quotes

_DECK_CLASS = re.compile(
    r"(?:^|[\s_-])(?:summary|subtitle|sub_title|sub-title|subtit|sub_tit|sub-tit|subhead|"
    r"sub_head|deck|standfirst|article_sub|sub_txt|sumry|head_sub)(?:$|[\s_-])"
)
_ASIDE_CLASS = re.compile(
    r"caption|img_desc|photo_desc|desc_photo|figcaption|imgcaption|photo_txt|img_txt|"
    r"(?:^|[\s_-])(?:quote|pullquote|who)(?:$|[\s_-])"
)
_CONTAINERS = {"html", "body", "main", "article", "section"}
_PHOTO_CLASS = re.compile(r"photo|(?:^|[\s_-])(?:img|image|pic|figure)(?:$|[\s_-])", re.IGNORECASE)
_QUOTE_CLASS = re.compile(r"(?:^|[\s_-])(?:quote|pullquote|who)(?:$|[\s_-])")
_NOT_DECK = re.compile(r"요약|번역|AI|OpenAI|summary_?(?:btn|button|layer)", re.IGNORECASE)


def _lines(element: Any) -> list[str]:
    """The element's text split where the page breaks it (``<br>``, blocks)."""
    lines = [" ".join(line.split()) for line in _br_text(element).split("\n")]
    return [line for line in lines if line]


def _br_text(element: Any) -> str:
    pieces: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):
            pieces.append(child.tail or "")
            continue
        pieces.append("\n" if child.tag in ("br", "p", "div", "li") else "")
        pieces.append(_br_text(child))
        pieces.append("\n" if child.tag in ("p", "div", "li") else "")
        pieces.append(child.tail or "")
    return "".join(pieces)


def deck_lines(tree: Any) -> list[str]:
    """The lines of the first deck element (a subtitle box above the body: ``<strong
    class="summary">``, ``<h2 class="subtitle">``...), not inside a link, list or control."""
    for element in _visible(tree):
        if element.tag not in ("strong", "b", "h2", "h3", "h4", "p", "div", "em", "span"):
            continue
        classes = _classes(element)
        if not _DECK_CLASS.search(classes) or _NOT_DECK.search(classes):
            continue
        if any(a.tag in ("a", "li", "button", "ul") for a in element.iterancestors()):
            continue
        if element.find(".//button") is not None or element.find(".//a") is not None:
            continue
        lines = [clean_text(line) for line in _lines(element)]
        lines = [line for line in lines if line]
        text = " ".join(lines)
        if 6 <= len(text) <= 300 and _HANGUL.search(text) and not _NOT_DECK.search(text):
            return lines
    return []


def aside_texts(tree: Any) -> tuple[set[str], set[str]]:
    """Keys of texts that are not body paragraphs: photo captions and images' alt texts
    (wherever they stand), and pull quotes with their speaker lines (a pull quote repeats a
    body sentence, so it only goes where it stands above the body)."""
    captions: set[str] = set()
    quotes: set[str] = set()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        classes = _classes(element)
        if element.tag == "img":
            alt = clean_text(element.get("alt") or "")
            if len(alt) >= 4 and _HANGUL.search(alt):
                captions.add(_key(alt))
        elif element.tag not in _CONTAINERS and _PHOTO_CLASS.search(classes):
            if element.find(".//img") is not None:  # a photo box: its text is the caption
                lines = [line for line in _lines(element) if len(line) >= 2]
                if sum(map(len, lines)) <= 600:
                    captions.update(_key(clean_text(line)) for line in lines)
        elif element.tag == "figcaption" or (
            element.tag not in _CONTAINERS and _ASIDE_CLASS.search(classes)
        ):
            lines = _lines(element)
            if sum(map(len, lines)) <= 300:  # a caption or pull quote, not a quoted passage
                found = quotes if _QUOTE_CLASS.search(classes) else captions
                found.update(_key(clean_text(line)) for line in lines if len(line) >= 2)
    return captions, quotes
