"""'Did you mean': a correction the search does not apply is offered above the query's own hits
when it replaces a rare word by a far more frequent one (API, JSON, CLI and the page)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from artindex import DidYouMean, Index
from artindex.cli import main
from artindex.search.suggest import should_offer
from conftest import make_article

_BANK = (
    "한국은행은 기준금리를 동결했다고 밝혔다.",
    "한국은행 총재는 물가 상승을 우려했다.",
    "한국은행이 발표한 경제 전망은 밝지 않았다.",
    "한국은행은 환율 변동을 지켜보고 있다.",
    "한국은행 금융통화위원회가 열렸다.",
    "한국은행은 가계 부채를 점검했다.",
)
_KOREA = (
    "한국 축구 대표팀이 예선을 통과했다.",
    "한국 영화가 해외 영화제에서 상을 받았다.",
    "한국 관광객이 크게 늘었다.",
    "한국 반도체 수출이 회복세다.",
    "한국 선수들이 금메달을 땄다.",
    "한국 음식이 인기를 끌고 있다.",
    "한국 기업들이 채용을 늘렸다.",
)
ARTICLES = tuple(
    make_article(f"bank-{i}", f"금리 소식 {i}", body) for i, body in enumerate(_BANK)
) + tuple(make_article(f"korea-{i}", f"한국 소식 {i}", body) for i, body in enumerate(_KOREA))

# a misspelt word beside a known one: the known word (금리, in every bank title) still finds
# the articles, so the search is not corrected; alone, 한국읂행 matches nothing and is
# corrected outright (its syllable pairs are in no article since compound matching, issue 20)
TYPO = "한국읂행 금리"
FIXED = "한국은행 금리"


def test_a_typo_that_still_matches_carries_a_suggestion_and_keeps_its_hits(index: Index):
    """한국읂행 금리 finds articles through 금리, is not corrected, and offers 한국은행 금리."""
    typed = index.search(TYPO, correct=False)
    result = index.search(TYPO)
    assert result.corrected is None
    assert result.total == typed.total > 0
    assert [h.id for h in result] == [h.id for h in typed]
    assert result.suggestion == DidYouMean(FIXED, "spelling")
    assert result.to_dict()["suggestion"] == {"text": FIXED, "reason": "spelling"}


def test_a_query_the_index_knows_has_no_suggestion(index: Index):
    """A correctly spelt query carries ``suggestion: null`` in its JSON."""
    result = index.search("한국은행 기준금리")
    assert result.suggestion is None
    assert result.to_dict()["suggestion"] is None


def test_a_search_as_typed_offers_nothing(index: Index):
    """``correct=False`` searches the query as typed and offers no suggestion either."""
    assert index.search(TYPO, correct=False).suggestion is None


@pytest.mark.parametrize(
    ("replaced", "brought", "offered"),
    [
        ([0], [6], True),  # unknown word, a word in 6 articles
        ([1], [5], True),  # rare word, five times as frequent
        ([2], [9], False),  # not five times as frequent
        ([0], [3], False),  # too few articles to call frequent
        ([0], [], False),  # a re-spacing brings no word
        ([0, 1], [6, 4], False),  # every brought word must be frequent
    ],
)
def test_should_offer_needs_a_far_more_frequent_word(
    replaced: list[int], brought: list[int], offered: bool
):
    """A suggestion is offered only when every word brought is 5x as frequent as the replaced."""
    assert should_offer(replaced, brought) is offered


def test_the_cli_prints_the_suggestion_above_the_hits(index_path: Path):
    """The CLI prints '이것을 찾으셨나요? 한국은행 금리' above the hit count; JSON has the key."""
    runner = CliRunner()
    out = runner.invoke(main, ["search", TYPO, "--index", str(index_path)])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == f"이것을 찾으셨나요? {FIXED} (spelling)"
    assert f"results for '{TYPO}'" in lines[1]
    as_json = runner.invoke(main, ["search", TYPO, "--index", str(index_path), "--json"])
    assert json.loads(as_json.output)["suggestion"] == {"text": FIXED, "reason": "spelling"}


def test_the_page_links_the_suggestion(index: Index):
    """The search page shows '이것을 찾으셨나요?' with a link searching the suggested query."""
    pytest.importorskip("starlette", reason="the server extra is not installed")
    from starlette.testclient import TestClient

    from artindex.server import create_app

    page = TestClient(create_app(index)).get("/", params={"q": TYPO}).text
    assert "이것을 찾으셨나요?" in page
    assert f'href="/?{urlencode({"q": FIXED})}">{FIXED}</a>' in page
