"""analysis: Korean morphemes, Latin stemming, bigrams, offsets, and the pickled analyzer."""

from __future__ import annotations

import itertools
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artindex.analysis.morphology import analyze, stem_latin, tokens
from artindex.engine.analyzers import ArtindexAnalyzer, PreAnalyzed


def morph_texts(text: str, user_dictionary: str = "") -> list[str]:
    return [t.text for t in tokens(text, user_dictionary)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("고객에게", ["고객"]),  # dative particle dropped
        ("예산안을", ["예산안"]),  # object particle dropped
        ("창조경제박람회는", ["창조", "경제", "박람회"]),  # topic particle dropped
        ("유전자가위로", ["유전자", "가위"]),
        ("처리했다", ["처리"]),  # light verb and endings dropped
    ],
)
def test_particles_and_endings_are_dropped(text: str, expected: list[str]) -> None:
    """Particles, endings and light verbs never become morph tokens; the nouns remain."""
    assert morph_texts(text) == expected


def test_nouns_stems_foreign_words_and_numbers_are_kept() -> None:
    """A mixed sentence keeps its nouns (NN*), verb stems (VV), Latin words (SL) and numbers."""
    toks = tokens("CRISPR 치료를 받았다 652조원")
    tags = {t.text: t.tag for t in toks}
    assert tags["crispr"] == "SL"
    assert tags["치료"].startswith("NN")
    assert tags["받"] == "VV"
    assert tags["652"] == "SN"
    assert "를" not in tags and "았" not in tags


@pytest.mark.parametrize(
    "text",
    [
        "피해를 입은 모든 고객에게 진심으로 사과드린다",
        "CRISPR running 치료를 받았다",
        "The runners were running 42.195 km",
        "  공백   많은\n\n텍스트\t입니다  ",
    ],
)
def test_token_offsets_slice_the_original_text(text: str) -> None:
    """Each morph token's [start:end] is the part of the input it came from: the same word for
    nouns, Latin words and numbers; for a verb stem fused with its ending (드린 = 드리 + ㄴ),
    the syllables the stem was read from."""
    for t in tokens(text):
        surface = text[t.start : t.end]
        if t.tag.startswith(("NN", "SL", "SN")):
            assert t.text in (surface.lower(), stem_latin(surface)), (t, surface)
        else:
            assert surface and surface[0] == t.text[0], (t, surface)


_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # Hangul syllables
        st.characters(min_codepoint=0x3131, max_codepoint=0x318E),  # compatibility jamo
        st.sampled_from(list("abcXYZ 0123456789.,!?-\n\t…·'\"()")),
        st.characters(codec="utf-8"),  # any character but lone surrogates
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_every_token_slices_the_input_and_positions_increase(text: str) -> None:
    """For any text, every token of every stream is a non-empty slice of the input, and morph
    positions increase, except that a number written whole (``6-4``) shares its position with
    its pieces, which lie inside it."""
    result = analyze(text)
    for stream in (result.morph, result.exact, result.bigram, result.parts):
        for _, _, start, end in stream:
            assert 0 <= start < end <= len(text)
            assert text[start:end].strip()
    for (_, a, _, _), (_, b, b_start, b_end) in itertools.pairwise(result.morph):
        assert a <= b
        if a == b:  # a piece of the serial number that holds the position
            whole = next(t for t in result.morph if t[1] == a)
            assert whole[2] <= b_start and b_end <= whole[3]
    for t in tokens(text):
        assert text[t.start : t.end]


@pytest.mark.parametrize("text", ["running", "The runners were running", "CRISPR running 치료"])
def test_latin_words_are_lowercased_and_stemmed_in_morph_but_not_in_exact(text: str) -> None:
    """morph has the Snowball stem ('running' -> 'run'); exact keeps the lowercased surface,
    on both the regex path (no Hangul) and the Kiwi path (with Hangul)."""
    result = analyze(text)
    assert "run" in [t[0] for t in result.morph]
    assert "running" not in [t[0] for t in result.morph]
    assert "running" in [t[0] for t in result.exact]
    assert "run" not in [t[0] for t in result.exact]


def test_uppercase_latin_is_lowercased() -> None:
    """Capitalised Latin words are indexed lower-case in both morph and exact."""
    result = analyze("Samsung Electronics")
    assert [t[0] for t in result.morph] == ["samsung", "electron"]
    assert [t[0] for t in result.exact] == ["samsung", "electronics"]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("창조경제박람회는", {"박람", "람회", "경제"}, {"회는"}),  # particle cut before bigrams
        ("유전자가위로", {"유전", "전자", "자가", "가위"}, {"위로"}),
        ("유전자 가위", {"유전", "전자", "가위"}, {"자가", "자 "}),  # no bigram across a space
        ("고객에게", {"고객"}, {"객에", "에게"}),
    ],
)
def test_hangul_bigrams_cover_word_content_only(
    text: str, present: set[str], absent: set[str]
) -> None:
    """Bigrams run over each word's content part: not across spaces, not into particles."""
    grams = {g for g, _, _, _ in analyze(text).bigram}
    assert present <= grams
    assert not (absent & grams)


def test_lone_syllable_word_is_a_unigram() -> None:
    """A one-syllable content word still yields a bigram-stream token (itself)."""
    grams = [g for g, _, _, _ in analyze("빛을 봤다").bigram]
    assert "빛" in grams


def test_analyzer_pickles_small_and_without_kiwi() -> None:
    """A used analyzer pickles as its settings only (no Kiwi state) and round-trips."""
    analyzer = ArtindexAnalyzer("morph")
    list(analyzer("고객에게 사과했다"))  # forces Kiwi to load
    data = pickle.dumps(analyzer)
    assert len(data) < 300
    assert b"kiwi" not in data.lower()
    clone = pickle.loads(data)
    assert clone == analyzer
    assert [t.text for t in clone("고객에게 사과했다")] == ["고객", "사과"]


def test_analyzer_pickle_keeps_kind_and_dictionary() -> None:
    """Unpickling restores the stream kind and user dictionary path."""
    clone = pickle.loads(pickle.dumps(ArtindexAnalyzer("bigram", "dict.yaml")))
    assert (clone.kind, clone.user_dictionary) == ("bigram", "dict.yaml")
    assert clone != ArtindexAnalyzer("bigram")


def test_unknown_analyzer_kind_is_refused() -> None:
    """Only morph, exact and bigram analyzers exist."""
    with pytest.raises(ValueError, match="unknown analyzer kind"):
        ArtindexAnalyzer("stem")


def test_preanalyzed_tokens_are_replayed_unchanged() -> None:
    """The analyzer replays PreAnalyzed tokens verbatim (text, position and offsets shifted only
    by start_pos/start_char) instead of re-running Kiwi."""
    quads = [("zzz", 0, 3, 6), ("불가능한단어", 4, 10, 16)]
    got = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in ArtindexAnalyzer("morph")(
            PreAnalyzed(quads), positions=True, chars=True, start_pos=2, start_char=100
        )
    ]
    assert got == [("zzz", 2, 103, 106), ("불가능한단어", 6, 110, 116)]


def test_user_dictionary_keeps_a_word_whole(tmp_path: Path) -> None:
    """A word listed in the user dictionary YAML is one token instead of several."""
    path = tmp_path / "words.yaml"
    path.write_text("words: [미르텔레콤, 솔빛일보]\n", encoding="utf-8")
    text = "미르텔레콤이 솔빛일보에"
    assert morph_texts(text) != ["미르텔레콤", "솔빛일보"]
    assert morph_texts(text, str(path)) == ["미르텔레콤", "솔빛일보"]
