"""text.hangul: the one Hangul predicate agrees, code point by code point, with every range the
code used before it replaced them (issue 22 item 5)."""

from __future__ import annotations

import re
import unicodedata

from artindex.analysis import morphology
from artindex.text.hangul import (
    HANGUL_RE,
    SYLLABLE_RE,
    has_hangul,
    is_conjoining_jamo,
    is_hangul,
    is_jamo,
    is_syllable,
)
from artindex.text.language import detect_lang

EVERY = [chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]

# The definitions replaced, copied as they were.
OLD_NORMALIZE = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")  # dates, bylines
OLD_SYLLABLE = re.compile(r"[가-힣]")  # html_body, html_signals, html, bylines' names
OLD_SYLLABLE_U = re.compile(r"[\uac00-\ud7a3]")  # reader, snippets, morphology


def _old_detect_lang_letter(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff"


def test_syllable_predicate_agrees_with_every_old_syllable_range() -> None:
    """is_syllable and SYLLABLE_RE hold on exactly the code points the old 가-힣 ranges did."""
    differ = [
        ch
        for ch in EVERY
        if not (
            bool(OLD_SYLLABLE.match(ch))
            == bool(OLD_SYLLABLE_U.match(ch))
            == is_syllable(ch)
            == bool(SYLLABLE_RE.match(ch))
        )
    ]
    assert differ == []
    assert sum(map(is_syllable, EVERY)) == 11172


def test_any_hangul_predicate_agrees_with_the_old_range_on_assigned_code_points() -> None:
    """is_hangul and HANGUL_RE match the old dates/bylines range except its two unassigned ends."""
    differ = [
        ch
        for ch in EVERY
        if not (bool(OLD_NORMALIZE.match(ch)) == is_hangul(ch) == bool(HANGUL_RE.match(ch)))
    ]
    # U+3130 and U+318F lie inside the old range but are unassigned, so no text holds them
    assert [f"U+{ord(ch):04X}" for ch in differ] == ["U+3130", "U+318F"]
    assert all(unicodedata.category(ch) == "Cn" for ch in differ)


def test_the_three_kinds_are_distinct_and_the_text_predicates_keep_their_meaning() -> None:
    """Syllables, compatibility jamo and conjoining jamo never overlap; detect_lang counts the
    first and third, has_hangul the first and second, as the code did before."""
    for ch in EVERY:
        kinds = is_syllable(ch) + is_jamo(ch) + is_conjoining_jamo(ch)
        assert kinds <= 1
        assert (is_syllable(ch) or is_conjoining_jamo(ch)) == _old_detect_lang_letter(ch)
    assert detect_lang("ᄒᆞᆫ글 훈민정음") == "ko"  # conjoining jamo count as Korean letters
    assert detect_lang("ㅋㅋ ok fine") == "en"  # a lone compatibility jamo does not
    assert has_hangul("ㅎㅎ") and not has_hangul("ᄒ")


def test_morphology_syllable_checks_match_the_old_comparisons() -> None:
    """The analyzer's Hangul word test and bigram spans give what the inline ranges gave."""
    text = "서울 Seoul 한국은행ㄱ 金融 ᄒ 기준금리"
    for word in ["", "한국은행", "한국은행ㄱ", "金融", "Seoul", "ᄒ"]:
        old = all("\uac00" <= c <= "\ud7a3" for c in word)
        assert morphology._is_hangul(word) == old
    assert morphology.span_bigrams(text, 3, 20) == [
        ("한국", 9, 11),
        ("국은", 10, 12),
        ("은행", 11, 13),
    ]
    assert morphology.span_bigrams(text, 1, 2) == [("울", 1, 2)]  # the span's ends hold
    chars = [(i, c) for i, c in enumerate(text[3:20], 3) if "\uac00" <= c <= "\ud7a3"]
    got = [(s.start(), s.group()) for s in SYLLABLE_RE.finditer(text, 3, 20)]
    assert got == chars
