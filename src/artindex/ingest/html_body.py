"""Repairs to the main text trafilatura finds on Korean news pages.

Korean article bodies are often loose text broken by ``<br>`` inside a ``<div>``, not ``<p>``
elements; trafilatura then drops a loose paragraph now and then (typically the first, right
after a comment or a photo). And photo captions (``▲ …``) and sub-title boxes stand above the
first paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..text.clean import clean_text
from ..text.hangul import SYLLABLE_RE

__all__ = [
    "SPOKEN_SIGNOFF",
    "LooseText",
    "clean_body",
    "drop_leading_boxes",
    "loose_texts",
    "restore_loose_text",
    "split_deck",
]

_SKIP = {"script", "style", "noscript", "template", "head", "title", "p", "li", "a", "figcaption"}
_PROSE_END = re.compile(r"(?:[다요죠음함임됨까][.?!]?|[.?!])[\"'”’」』)]*$")
_HANGUL = SYLLABLE_RE  # a Korean paragraph has syllables
_WIRE_HEAD = re.compile(r"^\s*[\[(【〔][^\]\)】〕=]{1,20}=")
_CAPTION = re.compile(r"^[▲△▷▶►☞◆■□●○◇※]")
_WIRE_INSIDE = re.compile(r"[\[(【〔][^\]\)】〕=\n]{1,20}=[^\]\)】〕=\n]{1,20}[\])】〕]")


@dataclass(frozen=True)
class LooseText:
    """A prose chunk standing loose in a container, with the container's text."""

    text: str
    container: str


def _squash(text: str) -> str:
    return " ".join(text.split())


def loose_texts(tree: Any, limit: int = 200) -> list[LooseText]:
    """Prose chunks (≥ 40 characters, ending like a sentence) that are the text or tail of an
    element directly inside a ``div``-like container rather than in a paragraph element."""
    found: list[LooseText] = []
    for element in tree.iter():
        parent = element.getparent()
        chunks = [] if not isinstance(element.tag, str) else [(element.text, element)]
        chunks.append((element.tail, parent))
        for chunk, container in chunks:
            if container is None or not isinstance(container.tag, str) or not chunk:
                continue
            if container.tag in _SKIP:
                continue
            text = _squash(clean_text(chunk))
            if len(text) < 40 or not _PROSE_END.search(text):
                continue
            found.append(LooseText(text, _squash(container.text_content())))
            if len(found) >= limit:
                return found
    return found


def restore_loose_text(paragraphs: list[str], loose: list[LooseText]) -> list[str]:
    """Put back the loose prose chunks of the article's own container that the extraction
    missed, each before the first extracted paragraph that follows it in the container."""
    if len(paragraphs) < 2:
        return paragraphs
    result = list(paragraphs)
    for chunk in loose:
        joined = "\n".join(_squash(p) for p in result)
        if chunk.text in joined:
            continue
        inside = [p for p in result if _squash(p) in chunk.container]
        if len(inside) < max(2, len(result) // 2) or len(chunk.container) > 2 * len(joined) + 500:
            continue  # not the article's own container (a whole page holds everything)
        at = chunk.container.find(chunk.text)
        follows = [
            index
            for index, p in enumerate(result)
            if _squash(p) in chunk.container and chunk.container.find(_squash(p)) > at
        ]
        result.insert(follows[0] if follows else len(result), chunk.text)
    return result


def drop_leading_boxes(paragraphs: list[str]) -> list[str]:
    """Drop what stands above the first paragraph of a Korean article: photo captions and
    promo lines (``▲ …``) and sub-title lines that are not sentences."""
    start = 0
    for paragraph in paragraphs[:4]:
        korean = bool(_HANGUL.search(paragraph))
        caption = bool(_CAPTION.match(paragraph))
        subtitle = korean and len(paragraph) <= 100 and not _PROSE_END.search(paragraph)
        dateline = bool(_WIRE_HEAD.match(paragraph))  # "(서울=연합뉴스) 홍길동 기자 =" opens it
        if dateline or not (caption or subtitle) or start + 1 >= len(paragraphs):
            break
        start += 1
    return paragraphs[start:]


def _key(text: str) -> str:
    return "".join(text.split()).lower()


def _cut_prefix(paragraph: str, prefix: str) -> str:
    """``paragraph`` without ``prefix`` at its start, spaces aside ("" if it is all of it)."""
    want = _key(prefix)
    seen = 0
    for index, char in enumerate(paragraph):
        if not char.isspace():
            seen += 1
        if seen == len(want):
            return paragraph[index + 1 :].strip()
    return ""


_QUOTED = re.compile(r"^[\"“‘'][^.?!]{2,40}[\"”’']$")


def _deck_like(paragraph: str) -> bool:
    """A short Korean line that is no sentence (a sub-title line), or a short quote without
    a sentence's full stop (``“무역협상 영향 없다”``)."""
    if _QUOTED.match(paragraph) and _HANGUL.search(paragraph):
        return True
    return (
        bool(_HANGUL.search(paragraph))
        and len(paragraph) <= 100
        and not _PROSE_END.search(paragraph)
        and not _WIRE_HEAD.match(paragraph)
    )


def split_deck(
    paragraphs: list[str], deck: list[str], asides: set[str]
) -> tuple[list[str], list[str]]:
    """The sub-title lines standing above the body, and the body without them: the page's deck
    element's lines (also where the extraction glued them to the first paragraph) and short
    non-sentence lines, with captions, alt texts, pull quotes and summary boxes (sentences the
    body repeats) in between dropped."""
    wanted = [_key(line) for line in deck if _key(line)]
    found: list[str] = []
    matched = False
    rest = list(paragraphs)
    while rest and len(found) < 12:
        first, key = rest[0], _key(rest[0])
        if key in wanted or (_deck_like(first) and len(rest) > 1):
            found.append(first)
            matched = matched or key in wanted
            rest.pop(0)
            continue
        later = [_key(p) for p in rest[1:]]
        if len(key) >= 30 and any(key in other for other in later):  # a summary box above
            rest.pop(0)  # the body repeats the body's own sentences
            continue
        if key in asides or _CAPTION.match(first):
            wire = _WIRE_INSIDE.search(first)  # "▲ 사진 설명[가상뉴스=홍길동 기자] 본문…"
            if wire and wire.start() > 0 and len(first) - wire.start() > 60:
                rest[0] = first[wire.start() :]
                continue
            rest.pop(0)
            continue
        glued = next((w for w in wanted + sorted(asides, key=len) if key.startswith(w)), "")
        if glued and len(glued) < len(key):
            cut = _cut_prefix(first, glued)
            if glued in wanted:
                found.append(first[: len(first) - len(cut)].strip())
                matched = True
            rest[0] = cut
            continue
        break
    return (deck if matched else found), rest


# Lines of the genre that are never the article: portal notices, machine-translation
# disclaimers, copy/summary controls, camera file names, the wire's "(끝)".
_NOTICE = re.compile(
    r"본문\s*보기를\s*권장|전체\s*맥락을\s*이해|URL이\s*복사되었|해당\s*언론사로\s*(?:연결|이동)|"
    r"기계\s*번역|자동\s*번역|機械翻訳|机器翻译|機器翻譯|machine[- ]translat|"
    r"terjemahan\s*mesin|dịch\s*máy|요약은\s*.{0,30}(?:기술|AI)",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(
    r"^(?=[A-Z0-9_-]*[A-Z])[A-Z0-9_-]{0,8}\d{3,6}(?:\.(?:jpe?g|png|gif|heic))?$", re.IGNORECASE
)
# A photo caption ends with its credit: "… 경주=뉴스1", "… 2016.9.17. 연합뉴스", "(사진=가상시)"
_PHOTO_CREDIT = re.compile(
    r"(?:[가-힣]{1,6}\s*=\s*(?:[가-힣]{2,4}\s*기자|[가-힣A-Za-z0-9]{2,8})|"
    r"\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.?\s*(?:[가-힣A-Za-z0-9]{2,8}\s*)?(?:제공|사진|[가-힣]{2,8})|"
    r"[(\[]\s*(?:사진|자료|그래픽)\s*=\s*[^)\]]{1,20}[)\]])\s*$"
)
_END_MARK = re.compile(r"\s*[(（]\s*끝\s*[)）]\s*$")
# Broadcast transcripts: speaker labels ([앵커], ◀ 리포트 ▶, 【 기자 】, <앵커 멘트>)
_LABEL_WORDS = r"앵커|기자|리포트|앵커\s*멘트|기자\s*멘트|앵커\s*리포트|리포트\s*멘트|스탠드업"
_LABEL = re.compile(
    rf"^\s*(?:[\[【◀<〈《]\s*(?:{_LABEL_WORDS})\s*[\]】▶>〉》]|(?:{_LABEL_WORDS})\s*[:：])\s*"
)
# A spoken sign-off: "○○뉴스 홍길동입니다." / "KBS 뉴스 홍길동 기자입니다."
SPOKEN_SIGNOFF = re.compile(
    r"^(?:[^.?!\n]{0,24}?(?:뉴스|News|NEWS|방송|TV|라디오)|[A-Z]{2,5}|채널A)\s*,?\s*"
    r"(?P<name>[가-힣]{2,4})\s*(?:기자|특파원|앵커)?\s*입니다\.?$"
)
_SPEAKER = re.compile(
    r"^\s*[\[<(【◀〈]\s*(?:인터뷰|녹취|현장음|싱크|SYNC)[^\]>)】▶〉]{0,40}[\]>)】▶〉][^.?!]{0,30}$|"
    r"^\s*[\[<(【]?[가-힣]{2,4}\s*/\s*[가-힣A-Za-z0-9 ·]{2,20}[\]>)】]?\s*$"
)
_CREDITS = re.compile(r"^(?:영상\s*편집|영상\s*취재|촬영\s*기자|촬영|편집|그래픽|영상)\s*[:：]")


def clean_body(paragraphs: list[str], asides: set[str]) -> tuple[list[str], str]:
    """The body without notices, file names, alt texts and captions, transcript labels and
    speaker lines, a spoken sign-off and the credits after it; and the reporter that sign-off
    names."""
    kept: list[str] = []
    reporter = ""
    transcript = any(_LABEL.match(p) for p in paragraphs)
    for paragraph in paragraphs:
        text = _LABEL.sub("", _END_MARK.sub("", paragraph)).strip()
        if not text or _key(text) in asides or _FILE_NAME.match(text):
            continue
        if len(text) <= 300 and _NOTICE.search(text):
            continue
        if len(text) <= 250 and _PHOTO_CREDIT.search(text):
            continue
        if transcript and _SPEAKER.match(text):
            continue
        signoff = SPOKEN_SIGNOFF.match(text)
        if signoff and len(text) <= 60:
            reporter = reporter or signoff.group("name")
            continue
        if _CREDITS.match(text) and len(text) <= 80:
            continue
        kept.append(text)
    return kept, reporter
