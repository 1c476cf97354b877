"""Text cleaning: NFC, no control or invisible characters, collapsed whitespace."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["clean_text", "collapse", "dedupe"]

_DROP_CHARS = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e")
)
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """NFC text without control or invisible characters, single spaces, paragraphs split by
    one blank line. Idempotent."""
    text = _NEWLINES.sub("\n", text)
    text = text.translate(_DROP_CHARS)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)  # every whitespace except \n (tabs, NBSP, ideographic space)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    return _BLANK_RUNS.sub("\n\n", text)


def collapse(text: str) -> str:
    """``text`` in NFC with every run of whitespace as one space, stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def dedupe(items: Iterable[str]) -> tuple[str, ...]:
    """The non-empty ``items`` in their first order, each once."""
    return tuple(dict.fromkeys(item for item in items if item))
