"""Hangul as keystrokes on the standard 2-beolsik (두벌식) keyboard, and back.

:func:`to_keys` spells text as the keys that type it (``안녕`` → ``dkssud``), splitting compound
vowels and double final consonants into their two keys (``ㅘ`` → ``hk``, ``ㄳ`` → ``rt``), so an
edit distance over keys is an edit distance over typed jamo. :func:`compose` does what a Korean
input method does with a key (or jamo) sequence: it builds syllables, moves a final consonant to
the next syllable when a vowel follows (``dkssud`` → ``안녕``, not ``앗ㄴ녀ㅇ``), and leaves a
jamo that cannot join a syllable on its own.
"""

from __future__ import annotations

import re

BASE = 0xAC00
LEADS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
TAILS = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]

# One key per simple jamo; shifted keys (upper case) type the tense consonants and ㅒ, ㅖ.
KEY_OF = {
    "ㄱ": "r", "ㄲ": "R", "ㄴ": "s", "ㄷ": "e", "ㄸ": "E", "ㄹ": "f", "ㅁ": "a", "ㅂ": "q",
    "ㅃ": "Q", "ㅅ": "t", "ㅆ": "T", "ㅇ": "d", "ㅈ": "w", "ㅉ": "W", "ㅊ": "c", "ㅋ": "z",
    "ㅌ": "x", "ㅍ": "v", "ㅎ": "g",
    "ㅏ": "k", "ㅐ": "o", "ㅑ": "i", "ㅒ": "O", "ㅓ": "j", "ㅔ": "p", "ㅕ": "u", "ㅖ": "P",
    "ㅗ": "h", "ㅛ": "y", "ㅜ": "n", "ㅠ": "b", "ㅡ": "m", "ㅣ": "l",
}  # fmt: skip
JAMO_OF = {key: jamo for jamo, key in KEY_OF.items()}
# Compound vowels and double finals: the two simple jamo typed for each.
PAIRS = {
    "ㅘ": "ㅗㅏ", "ㅙ": "ㅗㅐ", "ㅚ": "ㅗㅣ", "ㅝ": "ㅜㅓ", "ㅞ": "ㅜㅔ", "ㅟ": "ㅜㅣ",
    "ㅢ": "ㅡㅣ", "ㄳ": "ㄱㅅ", "ㄵ": "ㄴㅈ", "ㄶ": "ㄴㅎ", "ㄺ": "ㄹㄱ", "ㄻ": "ㄹㅁ",
    "ㄼ": "ㄹㅂ", "ㄽ": "ㄹㅅ", "ㄾ": "ㄹㅌ", "ㄿ": "ㄹㅍ", "ㅀ": "ㄹㅎ", "ㅄ": "ㅂㅅ",
}  # fmt: skip
JOIN = {pair: jamo for jamo, pair in PAIRS.items()}
CONSONANTS = frozenset(LEADS) | {j for j in TAILS if j}
VOWEL_SET = frozenset(VOWELS)


# The one definition of Hangul in artindex; every Hangul test uses these. Three kinds are kept
# apart because callers mean different things: a whole syllable (가-힣: a Korean word, a name), a
# compatibility jamo typed alone (ㄱ, ㅏ: a half-typed query), and a conjoining jamo (U+1100-11FF:
# the pieces of a decomposed syllable, e.g. from NFD text, which NFC joins back).
SYLLABLES = "\uac00-\ud7a3"
JAMO = "\u3131-\u318e"
CONJOINING = "\u1100-\u11ff"
SYLLABLE_RE = re.compile(f"[{SYLLABLES}]")  # a Hangul syllable, as a regex
HANGUL_RE = re.compile(f"[{CONJOINING}{JAMO}{SYLLABLES}]")  # any Hangul letter (is_hangul)


def is_syllable(ch: str) -> bool:
    """A precomposed Hangul syllable (가 ... 힣)."""
    return "\uac00" <= ch <= "\ud7a3"


def is_jamo(ch: str) -> bool:
    """A compatibility jamo (ㄱ ... ㆎ), as typed alone on a keyboard."""
    return "\u3131" <= ch <= "\u318e"


def is_conjoining_jamo(ch: str) -> bool:
    """A conjoining jamo of the Hangul Jamo block (U+1100-U+11FF), a decomposed syllable's part."""
    return "\u1100" <= ch <= "\u11ff"


def is_hangul(ch: str) -> bool:
    """Any Hangul letter: a syllable, a compatibility jamo or a conjoining jamo."""
    return is_syllable(ch) or is_jamo(ch) or is_conjoining_jamo(ch)


def has_hangul(text: str) -> bool:
    """True if ``text`` has a syllable or a compatibility jamo (what a typed query holds)."""
    return any(is_syllable(c) or is_jamo(c) for c in text)


def jamo_of(ch: str) -> str:
    """The compatibility jamo of a syllable (lead, vowel, tail) or the character itself."""
    if not is_syllable(ch):
        return ch
    index = ord(ch) - BASE
    lead, rest = divmod(index, 21 * 28)
    vowel, tail = divmod(rest, 28)
    return str(LEADS[lead] + VOWELS[vowel] + TAILS[tail])


def to_keys(text: str) -> str:
    """The 2-beolsik keys that type ``text``; characters that are not Hangul stay as they are."""
    out: list[str] = []
    for ch in text:
        for jamo in jamo_of(ch):
            for simple in PAIRS.get(jamo, jamo):
                out.append(KEY_OF.get(simple, simple))
    return "".join(out)


def _syllable(lead: str, vowel: str, tail: str = "") -> str:
    return chr(BASE + (LEADS.index(lead) * 21 + VOWELS.index(vowel)) * 28 + TAILS.index(tail))


class _Composer:
    """The input method's automaton: one syllable in progress, flushed when it cannot grow."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.lead = self.vowel = self.tail = ""

    def flush(self) -> None:
        if self.lead and self.vowel:
            self.out.append(_syllable(self.lead, self.vowel, self.tail))
        else:
            self.out.append(self.lead + self.vowel)
        self.lead = self.vowel = self.tail = ""

    def consonant(self, c: str) -> None:
        if self.lead and self.vowel:
            if not self.tail and c in TAILS:
                self.tail = c
                return
            joined = JOIN.get(self.tail + c, "") if self.tail else ""
            if joined and joined in TAILS:
                self.tail = joined
                return
        self.flush()
        self.lead = c

    def vowel_key(self, v: str) -> None:
        if self.tail:  # the final consonant (or the last of two) starts the next syllable
            moved, keep = self.tail, ""
            if moved in PAIRS:
                keep, moved = PAIRS[moved][0], PAIRS[moved][1]
            self.tail = keep
            self.flush()
            self.lead, self.vowel = moved, v
            return
        if self.vowel:
            joined = JOIN.get(self.vowel + v)
            if joined:
                self.vowel = joined
                return
            self.flush()
            self.vowel = v
            return
        if self.lead:
            self.vowel = v
            return
        self.vowel = v

    def other(self, ch: str) -> None:
        self.flush()
        self.out.append(ch)

    def text(self) -> str:
        self.flush()
        return "".join(self.out)


def compose(keys_or_jamo: str) -> str:
    """Type ``keys_or_jamo`` with the keyboard in Korean mode: 2-beolsik keys (``dkssud``) or
    compatibility jamo (``ㅇㅏㄴ``) become syllables; other characters pass through."""
    composer = _Composer()
    for ch in keys_or_jamo:
        jamo = (JAMO_OF.get(ch) or JAMO_OF.get(ch.lower(), ch)) if ch.isascii() else ch
        if jamo in VOWEL_SET:
            composer.vowel_key(jamo)
        elif jamo in CONSONANTS:
            composer.consonant(jamo)
        else:
            composer.other(ch)
    return composer.text()


def english_to_hangul(text: str) -> str:
    """What ``text`` typed in English mode was meant to be in Korean mode."""
    return compose(text)


def hangul_to_english(text: str) -> str:
    """What Hangul typed in Korean mode was meant to be in English mode (lower case: the shifted
    keys ㄲ, ㅆ, ... stand for capitals, which search ignores)."""
    return to_keys(text).lower()


def is_complete(text: str) -> bool:
    """True if every Hangul character of ``text`` is a whole syllable (no stray jamo)."""
    return not any(is_jamo(c) for c in text)
