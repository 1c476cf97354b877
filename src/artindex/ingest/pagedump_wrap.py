"""Undo the line wrapping of a text dump: ``w3m -dump -cols N`` breaks a paragraph wider than N
columns into several lines, Hangul counting two columns, and may cut a Korean word in two.

A line is taken for wrapped when the page was dumped at a known width (the widest line is a
hair under 80 or 200 columns), the line fills that width, it does not end a sentence and the
next line goes on. Pages without such lines are left alone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from . import pagedump_phrases as ph

__all__ = ["display_width", "unwrap"]

_COLS = (80, 200)  # w3m's default width and the width the docs recommend


def display_width(text: str) -> int:
    """Columns a line takes in a terminal: wide (Hangul, CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _dump_width(widths: Sequence[int]) -> int:
    widest = max(widths, default=0)
    return next((c for c in _COLS if c - 10 <= widest <= c), 0)


def unwrap(raw: Sequence[str]) -> list[tuple[int, str]]:
    """The logical lines of a dump: (number of its first raw line, stripped text)."""
    texts = [t.rstrip() for t in raw]
    widths = [display_width(t) for t in texts]
    cols = _dump_width(widths)
    out: list[tuple[int, str]] = []
    joining = False
    for i, text in enumerate(texts):
        stripped = text.strip()
        if joining and stripped:
            number, previous = out[-1]
            glue = "" if _wide(previous[-1]) and _wide(stripped[0]) else " "
            out[-1] = (number, previous + glue + stripped)
        else:
            out.append((i + 1, stripped))
        joining = bool(stripped) and cols > 0 and _wrapped(text, widths[i], cols)
        joining = joining and i + 1 < len(texts) and bool(texts[i + 1].strip())
    return out


def _wrapped(text: str, width: int, cols: int) -> bool:
    slack = 3 if _wide(text[-1]) else 16  # Latin text breaks at the last space that fits
    ended = ph.SENTENCE_END.search(text) or ph.CAPTION.search(text.strip())  # a credit ends it
    return width >= cols - slack and not ended
