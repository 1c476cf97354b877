"""Direct quotations and their speakers (analysis/quotes.py): the speaker is the person the
sentence names as saying it, or nobody; never a wrong one."""

from __future__ import annotations

import pytest

from artindex.analysis.morphology import morphemes
from artindex.analysis.quotes import Quote, extract_quotes


def quotes(text: str) -> list[tuple[str, str, str]]:
    return [(q.text, q.speaker, q.title) for q in extract_quotes(text, morphemes(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "박지훈 솔빛전자 부회장은 이날 “올해 반도체 시장은 회복될 것”이라고 말했다.",
            [("올해 반도체 시장은 회복될 것", "박지훈", "부회장")],
        ),
        (
            "“예산안을 조속히 처리해야 한다”라고 김민수 기획재정부 장관이 밝혔다.",
            [("예산안을 조속히 처리해야 한다", "김민수", "장관")],
        ),
        (
            '정하윤 대표는 "고객에게 사과드린다"며 "보상하겠다"고 강조했다.',
            [("고객에게 사과드린다", "정하윤", "대표"), ("보상하겠다", "정하윤", "대표")],
        ),
        (
            "「모두가 함께해야 한다」라고 오세진 교수가 말했다.",
            [("모두가 함께해야 한다", "오세진", "교수")],
        ),
    ],
)
def test_the_speaker_named_in_the_sentence(text: str, expected: list[tuple[str, str, str]]) -> None:
    """A quote followed by a quotative ending takes the person named as the subject before
    it (은/는) or after it (이/가) in its sentence."""
    assert quotes(text) == expected


def test_a_surname_and_title_resolve_to_the_one_full_name() -> None:
    """``김 장관은`` is the earlier 김민수 장관; a continuation (이어 "…") keeps the speaker."""
    text = (
        "김민수 재정부 장관이 회견을 열었다. 김 장관은 “국회 협조가 필요하다”고 말했다. "
        "이어 “다음 주에 발표하겠다”고 덧붙였다."
    )
    assert [s for _, s, _ in quotes(text)] == ["김민수", "김민수"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("안민호 미래당 서울시장 후보가 왔다. 안 후보는 “경제를 살리겠다”고 말했다.", "안민호"),
        ("박수진의원이 출석했다. 박 의원은 “효력이 없다”라고 말했다.", "박수진"),
        ("손제이는 이날 “정말 행복하다”고 말했다.", "손제이"),
        ("이마트는 이날 “가격을 내리겠다”고 밝혔다.", ""),
    ],
)
def test_chained_titles_joined_titles_and_bare_names(text: str, speaker: str) -> None:
    """A title chain (서울시장 후보) and a name written with its title resolve a later
    surname; a bare name that looks like a Korean name speaks, a company name does not."""
    assert [s for _, s, _ in quotes(text)] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        "서울시 관계자는 “대체 교통수단을 이용해 달라”고 당부했다.",  # unnamed
        "그는 “다음 주에 발표하겠다”고 말했다.",  # a pronoun with no speaker before it
        "김 장관은 “국회 협조가 필요하다”고 말했다.",  # a surname with no full name to resolve
        "정시우 평론가는 배우 유아인이 “놀라운 연기”라고 평가했다.",  # 유아인: inside the clause
        "김영수 장관과 김영호 장관이 만났다. 김 장관은 “회의를 열겠다”고 말했다.",  # ambiguous
    ],
)
def test_no_speaker_rather_than_a_wrong_one(text: str) -> None:
    """Unnamed speakers, bare pronouns and ambiguous surnames leave the speaker empty."""
    found = quotes(text)
    assert found and all(speaker == "" for _, speaker, _ in found)


def test_quoted_words_that_are_not_speech_are_no_quotes() -> None:
    """Quotation marks around a term or a title (no quotative ending) make no quote."""
    assert quotes('시민들은 ‘교통 대란’을 걱정했다. 이른바 "검수완박" 법안이 통과됐다.') == []


def test_quotes_survive_storage() -> None:
    """A quote stored as [text, speaker, title] reads back equal."""
    quote = Quote("회복될 것", "박지훈", "부회장")
    assert Quote.from_stored([quote.text, quote.speaker, quote.title]) == quote
