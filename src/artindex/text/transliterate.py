"""One name in Latin and in Hangul letters (``Google`` / ``구글``, ``Samsung`` / ``삼성``): both
reduced to the same consonant skeleton.

Korean writes a foreign name by its sounds, and its consonants survive the trip far better than
its vowels (``oo`` → ``ㅜ``, an inserted ``ㅡ`` for a cluster). So each side is reduced to classes
of consonants, in order, vowels and glides dropped: K (g k c q / ㄱㄲㅋ), N, T (d t / ㄷㄸㅌ),
L (l r / ㄹ), M, P (b p f v / ㅂㅃㅍ), S (s, soft c / ㅅㅆ), J (j ch z / ㅈㅉㅊ), H, and G for the
ng sound (a final ㅇ); a final ㅅ is a t, as loanwords write it. Equal skeletons of three or
more classes, both opening with a vowel or both not, are candidates (an acronym without a vowel
is read letter by letter, so never); the index's vocabulary and its frequencies choose.
"""

from __future__ import annotations

import re

from .hangul import BASE, LEADS, TAILS, VOWELS, is_syllable

_JAMO_CLASS = {
    **dict.fromkeys("ㄱㄲㅋ", "K"),
    "ㄴ": "N",
    **dict.fromkeys("ㄷㄸㅌ", "T"),
    "ㄹ": "L",
    "ㅁ": "M",
    **dict.fromkeys("ㅂㅃㅍ", "P"),
    **dict.fromkeys("ㅅㅆ", "S"),
    **dict.fromkeys("ㅈㅉㅊ", "J"),
    "ㅎ": "H",
}
# A final cluster keeps both of its consonants (rare in loanwords).
_TAIL_CLASS = {
    **{t: _JAMO_CLASS.get(t, "") for t in TAILS if t},
    "ㅇ": "G",
    "ㅅ": "T",  # a final ㅅ writes a final t (인터넷, 로봇)
    **{"ㄳ": "KS", "ㄵ": "NJ", "ㄶ": "NH", "ㄺ": "LK", "ㄻ": "LM", "ㄼ": "LP"},
    **{"ㄽ": "LS", "ㄾ": "LT", "ㄿ": "LP", "ㅀ": "LH", "ㅄ": "PS"},
}
# Latin spellings, longest first; a vowel or glide ("" class) separates consonants.
_LATIN = [
    ("sch", "S"), ("ck", "K"), ("ch", "J"), ("sh", "S"), ("ph", "P"), ("th", "T"),
    ("ng", "G"), ("ce", "S"), ("ci", "S"), ("cy", "S"), ("x", "KS"), ("q", "K"),
    ("c", "K"), ("g", "K"), ("k", "K"), ("n", "N"), ("d", "T"), ("t", "T"), ("l", "L"),
    ("r", "L"), ("m", "M"), ("b", "P"), ("p", "P"), ("f", "P"), ("v", "P"), ("s", "S"),
    ("z", "J"), ("j", "J"), ("h", "H"),
]  # fmt: skip
_LATIN_RE = re.compile("|".join(re.escape(s) for s, _ in _LATIN) + "|.")
_LATIN_CLASS = dict(_LATIN)
MIN_CLASSES = 3
_VOWEL = re.compile("[aeiouyw]", re.IGNORECASE)


def _squeeze(parts: list[str]) -> str:
    """The classes joined, a class repeated without a vowel between kept once (``ll``, ``ㄹㄹ``);
    ``""`` marks a vowel."""
    out: list[str] = []
    previous = ""
    for part in parts:
        for cls in part:
            if cls != previous:
                out.append(cls)
            previous = cls
        if not part:
            previous = ""
    return "".join(out)


def latin_skeleton(word: str) -> str:
    """The consonant classes of a Latin word (``google`` → ``KKL``)."""
    parts: list[str] = []
    for m in _LATIN_RE.finditer(word.lower()):
        text = m.group()
        cls = _LATIN_CLASS.get(text, "")
        if text in ("ce", "ci", "cy"):  # a soft c, then its vowel
            parts += [cls, ""]
        elif text == "h" and parts and parts[-1]:  # silent after a consonant (John)
            continue
        else:
            parts.append(cls)
    return _squeeze(parts)


def hangul_skeleton(word: str) -> str:
    """The consonant classes of a Hangul word (``구글`` → ``KKL``); a ㄱ after a final ㅇ is
    the same ng sound (``잉글랜드`` as ``England``)."""
    parts: list[str] = []
    for ch in word:
        if not is_syllable(ch):
            return ""
        index = ord(ch) - BASE
        lead, tail = LEADS[index // (21 * 28)], TAILS[index % 28]
        if not (lead == "ㄱ" and parts and parts[-1] == "G"):
            parts.append(_JAMO_CLASS.get(lead, ""))
        parts.append("")  # the vowel
        if tail:
            parts.append(_TAIL_CLASS[tail])
    return _squeeze(parts)


def skeleton(word: str) -> str:
    """The consonant skeleton of a Latin or Hangul word, "" for anything else or one too short
    to tell names apart (fewer than :data:`MIN_CLASSES` classes)."""
    latin = word.isascii() and word.isalpha()
    if latin and not _VOWEL.search(word):
        return ""  # an acronym (TRT) is read letter by letter: 티아르티
    key = latin_skeleton(word) if latin else hangul_skeleton(word)
    if len(key) < MIN_CLASSES:
        return ""
    # whether the name starts with a vowel (or y, w): Hangul writes one with a silent ㅇ
    opens = _VOWEL.match(word) if latin else LEADS[(ord(word[0]) - BASE) // 588] == "ㅇ"
    return ("V" if opens else "") + key


_VOWEL_GROUP = re.compile("[aeiouy]+", re.IGNORECASE)
_EPENTHETIC = {VOWELS.index("ㅡ")}  # the vowel Korean inserts to break a consonant cluster


def vowels_fit(latin: str, hangul: str) -> bool:
    """Whether ``hangul`` has no more full vowels (any but an inserted ㅡ) than twice the vowel
    groups ``latin`` writes (each at most a diphthong, ``i`` → ``아이``): ``blues`` is not
    ``베르사유``, though both are PLS."""
    groups = len(_VOWEL_GROUP.findall(latin))
    full = sum(
        1 for ch in hangul if is_syllable(ch) and (ord(ch) - BASE) % 588 // 28 not in _EPENTHETIC
    )
    return full <= 2 * groups
