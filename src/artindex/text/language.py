"""The language of a text from its letters: Korean, English or unknown."""

from __future__ import annotations

from .hangul import is_conjoining_jamo, is_syllable

__all__ = ["detect_lang"]


def detect_lang(text: str) -> str:
    """``ko`` when Hangul syllables are ≥ 20% of letters, ``en`` when mostly Latin, else ``""``."""
    letters = hangul = latin = 0
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        # syllables and conjoining jamo count, not a lone compatibility jamo (ㅋㅋ is no word)
        if is_syllable(char) or is_conjoining_jamo(char):
            hangul += 1
        elif char < "\u0250":
            latin += 1
    if not letters:
        return ""
    if hangul >= 0.2 * letters:
        return "ko"
    if latin >= 0.6 * letters:
        return "en"
    return ""
