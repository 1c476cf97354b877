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

from ..text.normalize import clean_text

__all__ = ["LooseText", "drop_leading_boxes", "loose_texts", "restore_loose_text"]

_SKIP = {"script", "style", "noscript", "template", "head", "title", "p", "li", "a", "figcaption"}
_PROSE_END = re.compile(r"(?:[다요죠음함임됨까][.?!]?|[.?!])[\"'”’」』)]*$")
_HANGUL = re.compile(r"[가-힣]")
_WIRE_HEAD = re.compile(r"^\s*[\[(【〔][^\]\)】〕=]{1,20}=")
_CAPTION = re.compile(r"^[▲△▷▶►☞◆■□●○◇※]")


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
