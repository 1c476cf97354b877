"""Compound matching without false hits and no silent misses (issue 20): a query word matches
inside a compound only on the text's morpheme boundaries, in plain, quoted, required and
boolean forms; a word the analyser reads as function words is searched whole when the index
holds it; a query of particles alone says so; numbers are found as written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import artindex
from artindex import Index, Settings
from artindex.analysis.morphology import analyze
from artindex.cli import main
from conftest import make_article

ARTICLES = (
    make_article(
        "phone",
        "통신 장애 사과",
        "미르텔레콤 휴대전화 가입자는 휴대전화 요금을 감면받는다. 휴대전화 통화가 끊겼다.",
        tags=("통신",),
        date=datetime(2024, 1, 5, tzinfo=UTC),
    ),
    make_article(
        "expo",
        "대전 박람회 개막",
        "대전컨벤션센터에서 창업 박람회가 열렸다. 대전시가 주최했다.",
        tags=("지역",),
        date=datetime(2024, 6, 1, tzinfo=UTC),
    ),
    make_article(
        "budget",
        "국회 소식",
        "국회는 내년도 예산안을 본회의에서 통과시켰다.",
        tags=("정치",),
    ),
    make_article("capital", "도시 이야기", "세종은 행정 수도 역할을 맡는다."),
    *(
        make_article(f"maybe{i}", f"날씨 {i}", "내일은 비가 올 수도 있다. 눈이 올 수도 있다.")
        for i in range(4)
    ),
    make_article(
        "game",
        "한화, 역전승",
        "한화가 두산을 6-4로 이겼다. 3·1절 기념 경기에는 COVID-19 이후 처음 관중이 가득 찼다.",
    ),
    make_article("count", "선수 명단", "6명이 먼저 오고 4명이 뒤따랐다. 3월 1일 소집."),
    make_article("civil", "전쟁사 강의", "남군과 북군이 게티즈버그에서 전투를 벌였다."),
    make_article("blame", "사설", "실패를 두고 남 탓을 했다."),
)


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("compound") / "index"
    artindex.build_articles(ARTICLES, path, Settings())
    return path


@pytest.fixture(scope="module")
def index(index_path: Path) -> Iterator[Index]:
    with Index.open(index_path, Settings()) as idx:
        yield idx


def ids(idx: Index, query: str, **kwargs: object) -> list[str]:
    result = idx.search(query, limit=50, correct=False, **kwargs)  # type: ignore[arg-type]
    assert result.total == len(result.hits)
    return [hit.id for hit in result.hits]


def test_parts_agree_with_morpheme_boundaries() -> None:
    """예산 is a part of 예산안 and 박람회 of 창조경제박람회, but 대전 is no part of 휴대|전화."""
    assert "예산" in {t for t, *_ in analyze("예산안이 통과됐다").parts}
    assert "박람회" in {t for t, *_ in analyze("창조경제박람회는").parts}
    parts = {t for t, *_ in analyze("휴대전화를 샀다").parts}
    assert {"휴대", "전화", "휴대전화"} <= parts
    assert "대전" not in parts


def test_city_does_not_match_the_phone_story(index: Index) -> None:
    """대전 finds the Daejeon article only: 휴대전화 holds the pair 대전 across a boundary."""
    assert ids(index, "대전") == ["expo"]


def test_total_facets_and_date_order_count_only_real_matches(index: Index) -> None:
    """The phone story is in neither the total, the tag facet nor the oldest-first list."""
    result = index.search("대전", facets="tags", sort="oldest", correct=False)
    assert result.total == 1
    assert [h.id for h in result.hits] == ["expo"]
    assert dict(result.facets["tags"]) == {"지역": 1}


def test_before_issue_20_bigrams_matched_the_phone_story(index_path: Path) -> None:
    """With ``compound_match: bigrams`` (the old matching) 대전 still finds the phone story."""
    with Index.open(index_path, Settings(compound_match="bigrams")) as idx:
        assert set(ids(idx, "대전")) == {"expo", "phone"}


@pytest.mark.parametrize("query", ["예산", '"예산"', "+예산 국회", "예산 AND 국회", "+예산"])
def test_a_compound_part_is_found_in_every_form(index: Index, query: str) -> None:
    """예산 finds the article about the 예산안 plain, quoted, required and with AND."""
    assert ids(index, query) == ["budget"]


def test_a_phrase_of_several_words_still_works(index: Index) -> None:
    """A quoted phrase of two words runs on the fields with positions (parts have none)."""
    assert ids(index, '"창업 박람회"') == ["expo"]


def test_a_word_read_as_function_words_is_searched_whole(index: Index) -> None:
    """수도, which the index's word table reads as 수 + 도 (할 수도 있다), finds the capital."""
    assert ids(index, "수도") == ["capital"]


@pytest.mark.parametrize("query", ["남군", '"남군"', "+남군"])
def test_a_word_the_index_holds_whole_is_not_split(index: Index, query: str) -> None:
    """남군, which Kiwi reads alone as 남 + 군, finds the civil war article and not 남 탓."""
    assert ids(index, query) == ["civil"]


def test_a_query_of_particles_says_so_and_finds_nothing(index: Index) -> None:
    """은 는 이 가 finds nothing and says the query holds only particles and endings."""
    result = index.search("은 는 이 가", correct=False)
    assert result.total == 0 and not result.hits
    assert result.notice and "only particles and endings" in result.notice
    assert result.to_dict()["notice"] == result.notice


def test_cli_prints_the_notice_and_the_json_key(index_path: Path) -> None:
    """The CLI prints the notice on one line above the count, and --json carries it."""
    runner = CliRunner()
    shown = runner.invoke(main, ["search", "은 는 이 가", "--index", str(index_path)])
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert "only particles and endings" in lines[0]
    assert lines[1].startswith("0 results")
    raw = runner.invoke(main, ["search", "은 는 이 가", "--json", "--index", str(index_path)])
    assert "only particles" in json.loads(raw.stdout)["notice"]


@pytest.mark.parametrize("query", ["6-4", '"6-4"', "3·1절", '"3·1절"', "COVID-19", '"COVID-19"'])
def test_numbers_are_found_as_written(index: Index, query: str) -> None:
    """6-4, 3·1절 and COVID-19 find the game report first, plain and quoted."""
    found = ids(index, query)
    assert found[0] == "game"
    if "6-4" in query or "COVID" in query:
        assert found == ["game"]  # not the article with 6명 and 4명


def test_a_number_written_whole_still_has_its_pieces(index: Index) -> None:
    """covid alone and the phrase through the number (6-4로 이겼다) find the game report."""
    assert ids(index, "covid") == ["game"]
    assert ids(index, '"6-4로 이겼다"') == ["game"]


def test_the_search_page_and_the_api_show_the_notice(index: Index) -> None:
    """The search page shows the notice of a particles-only query, and /api/search returns it."""
    pytest.importorskip("starlette", reason="the server extra is not installed")
    from starlette.testclient import TestClient

    from artindex.server import create_app

    with TestClient(create_app(index)) as client:
        page = client.get("/", params={"q": "은 는 이 가"})
        assert page.status_code == 200 and 'class="notice"' in page.text
        assert "only particles and endings" in page.text
        data = client.get("/api/search", params={"q": "은 는 이 가"}).json()
        assert data["total"] == 0 and "only particles" in data["notice"]


def test_a_word_no_article_holds_matches_through_all_its_syllable_pairs(index: Index) -> None:
    """휴대전, no word or compound part of any article, finds 휴대전화 by its pairs 휴대 and
    대전; 대전, a known word, does not."""
    assert ids(index, "휴대전") == ["phone"]
    assert "phone" not in ids(index, "대전")
