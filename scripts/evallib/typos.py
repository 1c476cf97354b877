"""Typo versions of a query, made deterministically in code (seeded by the query id).

* ``keyboard``: the whole query typed with the keyboard in English mode (2-beolsik keys);
* ``jamo``: one jamo (lead, vowel or final consonant) of one syllable of one content word
  (2+ syllables) replaced by another of the same kind;
* ``nospace``: every space removed;
* ``space``: a space added inside one content word of 2+ syllables (the longest).
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Sequence

from artindex.analysis.morphology import Morpheme, content_spans
from artindex.text.hangul import BASE, LEADS, VOWELS, is_syllable, to_keys

KINDS = ("keyboard", "jamo", "nospace", "space")
TAILS = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]
Analyze = Callable[[str], Sequence[Morpheme]]


def _rng(key: str, kind: str) -> random.Random:
    return random.Random(zlib.crc32(f"{kind}:{key}".encode()))


def _words(text: str, analyze: Analyze) -> list[tuple[int, int]]:
    """Content spans of 2+ Hangul syllables."""
    spans = content_spans(text, analyze(text))
    return [(s, e) for s, e in spans if e - s >= 2 and all(is_syllable(c) for c in text[s:e])]


def change_jamo(syllable: str, rng: random.Random) -> str:
    index = ord(syllable) - BASE
    lead, rest = divmod(index, 21 * 28)
    vowel, tail = divmod(rest, 28)
    part = rng.choice(["lead", "vowel", "tail"] if tail else ["lead", "vowel"])
    if part == "lead":
        lead = rng.choice([i for i in range(len(LEADS)) if i != lead])
    elif part == "vowel":
        vowel = rng.choice([i for i in range(len(VOWELS)) if i != vowel])
    else:
        tail = rng.choice([i for i in range(1, len(TAILS)) if i != tail])
    return chr(BASE + (lead * 21 + vowel) * 28 + tail)


def typo(text: str, kind: str, key: str, analyze: Analyze) -> str | None:
    """The ``kind`` typo of ``text``, or None if it has no place for one."""
    rng = _rng(key, kind)
    if kind == "keyboard":
        out = to_keys(text)
        return out if out != text else None
    if kind == "nospace":
        out = "".join(text.split())
        return out if out != text else None
    words = _words(text, analyze)
    if not words:
        return None
    if kind == "jamo":
        start, end = rng.choice(words)
        at = rng.randrange(start, end)
        return text[:at] + change_jamo(text[at], rng) + text[at + 1 :]
    start, end = max(words, key=lambda se: (se[1] - se[0], -se[0]))
    at = rng.randrange(start + 1, end)
    return text[:at] + " " + text[at:]
