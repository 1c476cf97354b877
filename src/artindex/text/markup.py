"""Markdown as a reader sees it: the markup of article bodies taken out for snippets, exports
and the article page, so ``**굵게**`` reads 굵게 and ``# 제목`` reads 제목.

Only the marks news Markdown uses are handled (headings, emphasis, inline code, links and
images, block quotes, list bullets, rules, tables' pipes); the text itself is never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]+)`")
# In a snippet the body's lines are joined by spaces: a heading's # anywhere after a space, and
# a quote's > or a bullet at the start or after a sentence's end, are the marks of a line start.
_LINE_HEADING = re.compile(r"(?:^|(?<=\s))(#{1,6})\s")
_LINE_MARK = re.compile(r"(?:^|(?<=[.!?…다요]\s))([>*+-])\s")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of an article as plain text: a heading, a quote, a list item or a paragraph."""

    kind: str  # "heading", "quote", "item" or "paragraph"
    text: str


def inline(text: str) -> str:
    """``text`` without inline marks: emphasis, code, links (their text kept), images
    (their alt text kept)."""
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    for _ in range(2):  # **_nested_** marks
        text = _EMPHASIS.sub(r"\2", text)
    return text


def blocks(markdown: str) -> list[Block]:
    """The non-empty lines of ``markdown`` as plain-text blocks."""
    out: list[Block] = []
    for line in markdown.splitlines():
        if not line.strip() or _RULE.match(line) or _TABLE_RULE.match(line):
            continue
        kind = "paragraph"
        if m := _HEADING.match(line):
            kind, line = "heading", m.group(1)
        elif _QUOTE.match(line):
            kind, line = "quote", _QUOTE.sub("", line)
        elif _BULLET.match(line):
            kind, line = "item", _BULLET.sub("", line)
        if "|" in line and line.strip().startswith("|"):
            line = " · ".join(c.strip() for c in line.strip().strip("|").split("|"))
        text = inline(line).strip()
        if text:
            out.append(Block(kind, text))
    return out


def plain(markdown: str) -> str:
    """``markdown`` as plain text, one line per block."""
    return "\n".join(b.text for b in blocks(markdown))


def strip_spans(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` (one line, such as a snippet) without Markdown marks, and ``spans`` (character
    offsets of highlights into ``text``) moved to the same characters in the result; a span
    whose characters were all markup is dropped."""
    keep = [True] * len(text)
    for pattern, groups in ((_IMAGE, (1,)), (_LINK, (1,)), (_CODE, (1,)), (_EMPHASIS, (2,))):
        for m in pattern.finditer(text):
            for i in range(m.start(), m.end()):
                keep[i] = False
            for g in groups:
                for i in range(m.start(g), m.end(g)):
                    keep[i] = True
    for pattern in (_LINE_HEADING, _LINE_MARK):
        for m in pattern.finditer(text):
            for i in range(m.start(1), m.end(1) + 1):  # the mark and the space after it
                keep[i] = False
    new_pos = []
    count = 0
    for flag in keep:
        new_pos.append(count)
        count += flag
    new_pos.append(count)
    out = "".join(c for c, flag in zip(text, keep, strict=True) if flag)
    moved = [(new_pos[s], new_pos[e]) for s, e in spans if 0 <= s < e <= len(text)]
    return out, [(s, e) for s, e in moved if s < e]
