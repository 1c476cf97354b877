"""Undo the layout of a text dump: columns side by side and wrapped lines.

``w3m -dump -cols N`` prints a two-column page (an old portal's article beside its news list)
line by line across both columns, and breaks a paragraph wider than its column into several
lines (Hangul counts two columns; a Korean word may be cut in two).

- Columns: when many lines start with the same long indent (the right column alone) and other
  lines reach past it with a gap of spaces before it, every line is cut at that column; the
  left column's lines come first, then the right column's.
- Wrapping: a line is taken for wrapped when it fills its column (the page was dumped at 80 or
  200 columns, or the left column's width), does not end a sentence and the next line goes on.
Pages without such lines are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from . import phrases as ph

__all__ = ["clean_layout", "display_width", "split_columns", "unwrap"]

_COLS = (80, 200)  # w3m's default width and the width the docs recommend
_MIN_INDENT = 40  # a right column starts at least this far in
_MIN_RIGHT_LINES = 8


_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e")
)
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def clean_layout(text: str) -> str:
    """Like ``text.clean.clean_text`` (NFC, no invisible or control characters) but keeping
    the spaces that place text in columns: tabs expanded, other spaces one column each."""
    text = _NEWLINES.sub("\n", text).translate(_INVISIBLE)
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    lines = (line.expandtabs(8).rstrip() for line in text.split("\n"))
    text = "\n".join(re.sub(r"[^\S\n\u3000]", " ", t).replace("\u3000", "  ") for t in lines)
    return text.rstrip("\n")


def display_width(text: str) -> int:
    """Columns a line takes in a terminal: wide (Hangul, CJK) characters count two."""
    return sum(2 if _wide(c) else 1 for c in text)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _cut(text: str, column: int) -> tuple[str, str]:
    """``text`` split at a display column."""
    col = 0
    for index, char in enumerate(text):
        if col >= column:
            return text[:index], text[index:]
        col += 2 if _wide(char) else 1
    return text, ""


def _gutter(texts: Sequence[str]) -> int:
    """The column where a right-hand column starts, or 0 when the page has one column."""
    indents = Counter(
        len(t) - len(t.lstrip(" ")) for t in texts if t.strip() and t.startswith(" " * _MIN_INDENT)
    )
    if not indents:
        return 0
    mode = indents.most_common(1)[0][0]
    near = sum(n for indent, n in indents.items() if abs(indent - mode) <= 4)
    if near < _MIN_RIGHT_LINES or near * 10 < sum(1 for t in texts if t.strip()):
        return 0
    return min(indent for indent in indents if abs(indent - mode) <= 4)


def split_columns(raw: Sequence[str]) -> tuple[list[tuple[int, str]], int]:
    """Numbered lines with a two-column layout undone (left column first), and the column
    where the right one starts (0 when the page has one column)."""
    texts = [t.rstrip() for t in raw]
    gutter = _gutter(texts)
    if not gutter:
        return [(i + 1, t) for i, t in enumerate(texts)], 0
    left: list[tuple[int, str]] = []
    right: list[tuple[int, str]] = []
    for i, text in enumerate(texts):
        head, tail = _cut(text, gutter)
        gap = (len(head) - len(head.rstrip(" "))) + (len(tail) - len(tail.lstrip(" ")))
        if tail.strip() and head.strip() and gap < 2:
            left.append((i + 1, text))  # text runs across the gutter: not two columns here
            continue
        left.append((i + 1, head.rstrip()))
        if tail.strip():
            right.append((i + 1, tail.rstrip()))
    return [*left, (0, ""), *right], gutter


def _dump_width(widths: Sequence[int]) -> int:
    widest = max(widths, default=0)
    return next((c for c in _COLS if c - 10 <= widest <= c), 0)


def unwrap(raw: Sequence[str]) -> list[tuple[int, str]]:
    """The logical lines of a dump: (number of its first raw line, stripped text)."""
    numbered, column = split_columns(raw)
    texts = [t for _, t in numbered]
    widths = [display_width(t) for t in texts]
    cols = column or _dump_width(widths)
    out: list[tuple[int, str]] = []
    joining = False
    for i, (number, text) in enumerate(numbered):
        stripped = " ".join(text.split())
        if joining and stripped:
            first, previous = out[-1]
            glue = "" if _wide(previous[-1]) and _wide(stripped[0]) else " "
            out[-1] = (first, previous + glue + stripped)
        else:
            out.append((number, stripped))
        joining = bool(stripped) and cols > 0 and _wrapped(text, widths[i], cols)
        joining = joining and i + 1 < len(texts) and bool(texts[i + 1].strip())
    return out


def _wrapped(text: str, width: int, cols: int) -> bool:
    slack = 3 if _wide(text[-1]) else 16  # Latin text breaks at the last space that fits
    ended = ph.SENTENCE_END.search(text) or ph.CAPTION.search(text.strip())  # a credit ends it
    rule = not re.search(r"\w", text)  # a rule (━━━, ───): a divider, never a cut paragraph
    return width >= cols - slack and not ended and not rule
