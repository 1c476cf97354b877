"""snippets: windows around the matches, whitespace collapsing, ellipses, exact highlights."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from artindex import Index
from artindex.search.snippets import best_window, make_snippet, surface_spans

ELLIPSIS = "…"


def highlighted(snippet: str, highlights: list[tuple[int, int]]) -> list[str]:
    return [snippet[s:e] for s, e in highlights]


_CHARS = st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
    st.sampled_from(list("abcXYZ019.,…")),
    st.sampled_from([" ", "\n", "\t", "\u3000"]),
)


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A text and sorted, non-overlapping spans of 1-10 characters without whitespace."""
    text = draw(st.text(alphabet=_CHARS, min_size=1, max_size=400))
    candidates = [
        (s, e)
        for s in range(len(text))
        for e in range(s + 1, min(len(text), s + 10) + 1)
        if not any(c.isspace() for c in text[s:e])
    ]
    if not candidates:
        return text, []
    picked = draw(st.lists(st.sampled_from(candidates), max_size=8))
    spans: list[tuple[int, int]] = []
    for s, e in sorted(set(picked)):
        if not spans or s >= spans[-1][1]:
            spans.append((s, e))
    return text, spans


@settings(max_examples=300, deadline=None)
@given(text_and_spans(), st.integers(min_value=40, max_value=250))
def test_each_highlight_slices_exactly_its_original_span(
    case: tuple[str, list[tuple[int, int]]], length: int
) -> None:
    """Every returned highlight slices the snippet to exactly the text of the span it came from,
    in order, and a non-empty span list always yields at least one highlight."""
    text, spans = case
    snippet, highlights = make_snippet(text, spans, length)
    assert highlights == sorted(highlights)
    got = highlighted(snippet, highlights)
    originals = [text[s:e] for s, e in spans]
    # the highlights are a contiguous run of the spans, in order
    assert any(originals[i : i + len(got)] == got for i in range(len(originals) - len(got) + 1))
    if spans:
        assert got


def test_window_moves_to_the_matches() -> None:
    """A match far into a long text is inside the snippet, with an ellipsis on each side."""
    text = "앞부분 문장. " * 40 + "피해를 입은 모든 고객에게 사과했다. " + "뒷부분 문장. " * 40
    start = text.index("고객")
    snippet, highlights = make_snippet(text, [(start, start + 2)], 80)
    assert highlighted(snippet, highlights) == ["고객"]
    assert snippet.startswith(ELLIPSIS) and snippet.endswith(ELLIPSIS)
    assert len(snippet) <= 80 + 2 * 20 + 2


def test_window_prefers_the_densest_group_of_matches() -> None:
    """With a lone match early and three matches close together later, the window holds the
    three."""
    text = "고객 " + "가나다 " * 60 + "고객 고객 고객 " + "라마바 " * 60
    spans = [(i, i + 2) for i in range(len(text)) if text.startswith("고객", i)]
    snippet, highlights = make_snippet(text, spans, 60)
    assert highlighted(snippet, highlights) == ["고객"] * 3


def test_best_window_starts_at_the_first_match_of_the_densest_run() -> None:
    """best_window returns a window of the given length starting at the densest run."""
    assert best_window([(0, 2), (100, 102), (105, 107), (110, 112)], 20) == (100, 120)
    assert best_window([], 50) == (0, 50)


def test_short_text_has_no_ellipses_and_collapsed_whitespace() -> None:
    """A text shorter than the window comes back whole, whitespace runs collapsed to one space,
    without ellipses."""
    text = "첫 줄\n\n둘째   줄\t끝"
    snippet, highlights = make_snippet(text, [(text.index("둘째"), text.index("둘째") + 2)], 200)
    assert snippet == "첫 줄 둘째 줄 끝"
    assert highlighted(snippet, highlights) == ["둘째"]


def test_text_start_has_only_a_trailing_ellipsis() -> None:
    """A match at the very start gives a snippet with no leading ellipsis and a trailing one."""
    text = "고객 " + "다른 내용 " * 100
    snippet, _ = make_snippet(text, [(0, 2)], 50)
    assert snippet.startswith("고객")
    assert snippet.endswith(ELLIPSIS)


def test_surface_spans_find_hangul_words_inside_longer_words() -> None:
    """surface_spans finds a Hangul word inside compounds; one-letter and Latin words are
    skipped."""
    text = "창조경제박람회는 박람회장에서 expo 박"
    assert surface_spans(text, ["박람회", "박", "expo"]) == [(4, 7), (9, 12)]


# --- through the index -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "word"),
    [("고객", "고객"), ("박람회", "박람회"), ("예산", "예산"), ("유전자가위", "유전자")],
)
def test_hit_highlights_slice_the_matched_characters(
    small_index: Index, query: str, word: str
) -> None:
    """In a hit, snippet[start:end] of each highlight is exactly the matched word."""
    hit = small_index.search(query).hits[0]
    words = highlighted(hit.snippet, list(hit.highlights))
    assert word in words
    assert all(w and not w.isspace() for w in words)


def test_hit_highlights_cover_every_matched_word(small_index: Index) -> None:
    """A two-word query highlights both words in the snippet, each slicing exactly."""
    hit = small_index.search("고객 청구서").hits[0]
    assert {"고객", "청구서"} <= set(highlighted(hit.snippet, list(hit.highlights)))
