"""Markdown read as text: marks go, words stay, highlights follow their words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from artindex.text.markup import Block, blocks, inline, plain, strip_spans


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("**탄소중립**을 위한 제도", "탄소중립을 위한 제도"),
        ("__굵게__와 *기울임*, ~~취소~~", "굵게와 기울임, 취소"),
        ("[환경부](https://me.example) 발표", "환경부 발표"),
        ("![그래프](/a.png) 설명", "그래프 설명"),
        ("`RE100` 가입", "RE100 가입"),
        ("알렉산더_헤이그 전 장관", "알렉산더_헤이그 전 장관"),
        ("2 * 3 = 6", "2 * 3 = 6"),
    ],
)  # fmt: skip
def test_inline_marks_are_removed_and_words_kept(markdown: str, text: str):
    """Emphasis, links, images and code lose their marks; lone * and _ inside words stay."""
    assert inline(markdown) == text


def test_blocks_name_headings_quotes_and_items():
    """Lines become typed plain-text blocks; rules and blank lines go, tables read as cells."""
    body = "# 제목\n\n> 인용문이다.\n- 첫째\n1. 둘째\n---\n"
    body += "| 지역 | 수 |\n|---|---|\n| 서울 | 3 |\n본문"
    assert blocks(body) == [
        Block("heading", "제목"),
        Block("quote", "인용문이다."),
        Block("item", "첫째"),
        Block("item", "둘째"),
        Block("paragraph", "지역 · 수"),
        Block("paragraph", "서울 · 3"),
        Block("paragraph", "본문"),
    ]
    assert plain("## 소제목 ##\n**본문**") == "소제목\n본문"


def test_snippet_marks_go_and_highlights_follow_their_words():
    """In a one-line snippet the marks of joined lines go and each highlight moves with its
    word; a dash inside a sentence stays."""
    snippet = "# 거래제란 **탄소중립**을 위한 제도다. > 사고판다. - 첫째, 서울 - 부산"
    text, spans = strip_spans(snippet, [(9, 11), (11, 13)])
    assert text == "거래제란 탄소중립을 위한 제도다. 사고판다. 첫째, 서울 - 부산"
    assert [text[s:e] for s, e in spans] == ["탄소", "중립"]


@given(st.text(alphabet="가나다 *_#>-[]()!`\n", max_size=60))
def test_stripping_never_invents_text(text: str):
    """Whatever the input, the stripped text is a subsequence of it and every moved span
    lies inside the result."""
    spans = [(i, i + 1) for i in range(0, len(text), 3)]
    out, moved = strip_spans(text, spans)
    rest = iter(text)
    assert all(c in rest for c in out)
    assert all(0 <= s < e <= len(out) for s, e in moved)
