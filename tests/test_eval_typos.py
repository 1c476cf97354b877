"""The typo makers of scripts/eval_suggest.py: each makes the one kind of typo it names."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from artindex.analysis.morphology import morphemes
from artindex.search.suggest import distance
from artindex.text.hangul import compose, to_keys
from evallib.typos import typo

QUESTION = "창조경제박람회는 어디에서 열렸나?"


def test_keyboard_slip_is_the_whole_query_in_english_mode() -> None:
    """A keyboard slip types the whole question in English mode, and composes back."""
    slipped = typo(QUESTION, "keyboard", "q1", morphemes)
    assert slipped == "ckdwhrudwpqkrfkaghlsms djeldptj duffuTsk?"
    assert compose(slipped) == QUESTION


def test_one_jamo_of_one_content_word() -> None:
    """A jamo typo changes one syllable by one or two keys, the same for the same key."""
    for key in ("q1", "q2", "q3", "q4", "q5"):
        changed = typo(QUESTION, "jamo", key, morphemes)
        assert changed is not None and len(changed) == len(QUESTION)
        diff = [i for i, (a, b) in enumerate(zip(QUESTION, changed, strict=True)) if a != b]
        assert len(diff) == 1
        i = diff[0]
        assert 1 <= distance(to_keys(QUESTION[i]), to_keys(changed[i]), 3) <= 2
    assert typo(QUESTION, "jamo", "q1", morphemes) == typo(QUESTION, "jamo", "q1", morphemes)


def test_spaces_removed_or_added_inside_a_word() -> None:
    """Spacing typos drop every space or add one inside the longest content word."""
    assert typo(QUESTION, "nospace", "q1", morphemes) == "창조경제박람회는어디에서열렸나?"
    spaced = typo(QUESTION, "space", "q1", morphemes)
    assert spaced is not None and spaced.replace(" ", "") == QUESTION.replace(" ", "")
    assert spaced.count(" ") == QUESTION.count(" ") + 1
    assert spaced.split(" ")[0] != "창조경제박람회는"  # inside the longest content word
    assert typo("GDP", "space", "q1", morphemes) is None
