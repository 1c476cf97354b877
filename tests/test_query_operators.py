"""Queries answer truly: exact totals whatever the limit, every Whoosh operator works or is
refused in one line, unknown fields are refused, and NFD text finds what NFC text finds."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import artindex
from artindex import Article, Index, QueryError, Settings
from artindex.cli import main
from conftest import make_article

CITIES = ("서울", "부산", "광주", "인천", "울산", "수원", "전주", "청주", "제주", "춘천")

ARTICLES: tuple[Article, ...] = (
    *(
        make_article(f"expo-{i}", f"{city} 창업 박람회 개막", f"{city}에서 창업 박람회가 열렸다.")
        for i, city in enumerate(CITIES)
    ),
    make_article("expo-daejeon", "대전 박람회 개막", "대전에서 과학 박람회가 열렸다."),
    make_article("weather-daejeon", "대전 폭염 경보", "대전에 폭염 경보가 내려졌다."),
    make_article("rain-busan", "부산 장마 시작", "부산에 장맛비가 내린다."),
    make_article(
        "en-water", "Water supply restored", "The city restored its water supply.", lang="en"
    ),
    make_article("en-wafer", "Chip wafer output rises", "Wafer output rose again.", lang="en"),
)
EXPO_IDS = {a.id for a in ARTICLES if "박람회" in a.body}  # an expectation of our own


def found(index: Index, query: str, limit: int = 50) -> list[str]:
    return [hit.id for hit in index.search(query, limit=limit)]


# --- totals ----------------------------------------------------------------------------------


# Articles with the word, then many that hold it only inside a compound (박람회장): the plain
# query matches them all through the compound parts field, with low scores, so a top-k search
# that skips what cannot enter its heap would miss them in its count.
COUNTED: tuple[Article, ...] = (
    *(make_article(f"w{i}", f"박람회 {i}", "박람회가 열렸다. 박람회 소식.") for i in range(12)),
    *(make_article(f"b{i}", f"소식 {i}", "박람회장 관련 소식이다.") for i in range(30)),
    *(make_article(f"n{i}", f"장마 {i}", "장맛비가 내린다.") for i in range(5)),
)


@pytest.fixture(scope="module")
def counted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    path = tmp_path_factory.mktemp("counted") / "index"
    artindex.build_articles(COUNTED, path, Settings())
    with Index.open(path, Settings()) as idx:
        yield idx


@pytest.mark.parametrize("limit", [1, 5, 10, 41, 42, 100])
def test_total_is_exact_whatever_the_limit(counted: Index, limit: int) -> None:
    """`total` counts every matching article, however few hits are asked for (an estimate
    said 78 here for limits below 42)."""
    expected = sum(1 for a in COUNTED if "박람회" in a.body)
    result = counted.search("박람회", limit=limit)
    assert result.total == expected
    assert len(result.hits) == min(limit, expected)


@pytest.mark.parametrize("query", ["박람회 AND 개막", "창업 박람회는 어디서 열렸나?"])
@pytest.mark.parametrize("limit", [1, 3, 100])
def test_total_of_syntax_and_question_queries(index: Index, query: str, limit: int) -> None:
    """Syntax and natural-question queries count exactly too."""
    assert index.search(query, limit=limit).total == len(EXPO_IDS)


def test_english_total_does_not_depend_on_the_feedback_depth(index: Index) -> None:
    """An English query (reranked by feedback over its first 100) counts its own matches."""
    assert index.search("water", limit=1).total == index.search("water", limit=100).total == 1


def test_cli_prints_the_same_total_for_any_limit(index_path: Path) -> None:
    """`search -n 1` and `search -n 100` print the same total in the text and JSON output."""
    runner = CliRunner()
    totals = set()
    for limit in ("1", "100"):
        args = ["search", "박람회", "--index", str(index_path), "-n", limit]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"{len(EXPO_IDS)} results for '박람회'")
        data = json.loads(runner.invoke(main, [*args, "--json"]).stdout)
        totals.add(data["total"])
    assert totals == {len(EXPO_IDS)}


# --- operators -------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["박람회 ANDNOT 대전", "박람회 -대전", "박람회 NOT 대전"])
def test_excluding_operators_drop_articles_with_the_word(index: Index, query: str) -> None:
    """ANDNOT, a leading `-` and NOT all keep the 박람회 articles that do not mention 대전."""
    assert set(found(index, query)) == EXPO_IDS - {"expo-daejeon"}


@pytest.mark.parametrize("query", ["박람회 ANDMAYBE 대전", "+박람회 대전"])
def test_required_word_with_an_optional_one(index: Index, query: str) -> None:
    """ANDMAYBE and `+word` require 박람회; 대전 only lifts the article that has both."""
    ids = found(index, query)
    assert set(ids) == EXPO_IDS
    assert ids[0] == "expo-daejeon"


def test_without_plus_either_word_matches(index: Index) -> None:
    """The same words without `+` match articles with only one of them."""
    assert {"weather-daejeon", "expo-3"} <= set(found(index, "박람회 대전"))


def test_hyphen_inside_a_word_is_not_an_exclusion(index: Index) -> None:
    """`COVID-19`-style words keep both halves: `창업-박람회` still finds the expos."""
    assert set(found(index, "창업-박람회")) == EXPO_IDS


@pytest.mark.parametrize(("query", "expected"), [("박?회", EXPO_IDS), ("wat?r", {"en-water"})])
def test_question_mark_inside_a_word_is_one_character(
    index: Index, query: str, expected: set[str]
) -> None:
    """`?` between letters stands for any one character (Hangul or Latin)."""
    assert set(found(index, query)) == expected


def test_question_mark_ending_a_word_is_punctuation(index: Index) -> None:
    """A question ends with `?`: it does not turn its last word into a pattern."""
    assert set(found(index, "박람회?")) == set(found(index, "박람회")) == EXPO_IDS


@pytest.mark.parametrize(
    ("query", "expected"),
    [("박람휘~", EXPO_IDS), ("watr~", {"en-water"}), ("wafr~1", {"en-wafer"})],
)
def test_tilde_finds_words_one_edit_away(index: Index, query: str, expected: set[str]) -> None:
    """`word~` (and `word~N`) finds words within that edit distance, not the word's parts."""
    assert set(found(index, query)) == expected


@pytest.mark.parametrize(("query", "expected"), [("박람*", EXPO_IDS), ("wa*", {"en-water"})])
def test_star_matches_any_ending(index: Index, query: str, expected: set[str]) -> None:
    """`prefix*` finds every word with that prefix (wa* finds water, and wafer's stem)."""
    assert expected <= set(found(index, query))


def test_query_of_only_excluded_words_is_refused(index: Index) -> None:
    """`-대전` alone has nothing to search for: one QueryError naming the query."""
    with pytest.raises(QueryError, match="'-대전'"):
        index.search("-대전")


# --- fields ----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["sorce:테스트일보", "language:en", "박람회 AND sorce:x"])
def test_unknown_field_is_refused_naming_the_fields(index: Index, query: str) -> None:
    """A field the index does not search raises QueryError naming it and the real ones."""
    with pytest.raises(QueryError) as info:
        index.search(query)
    message = str(info.value)
    assert query in message and "title" in message and "tags" in message
    assert "filters: date, tag, source, byline, lang" in message
    assert "\n" not in message


def test_known_field_and_a_time_are_not_refused(index: Index) -> None:
    """`title:` is a field; `12:30` inside a syntax query is a time, not a field."""
    assert set(found(index, "title:대전")) == {"expo-daejeon", "weather-daejeon"}
    assert found(index, "대전 AND 12:30") == []


def test_cli_refuses_an_unknown_field_in_one_line(index_path: Path) -> None:
    """The CLI prints one error line naming the field and exits 1."""
    result = CliRunner().invoke(main, ["search", "language:en", "--index", str(index_path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "unknown field 'language'" in lines[0], result.stderr


# --- Unicode normalization -------------------------------------------------------------------


@pytest.mark.parametrize("query", ["박람회", "대전 박람회", "title:대전"])
def test_nfd_query_finds_what_nfc_finds(index: Index, query: str) -> None:
    """Hangul typed as decomposed jamo (NFD, as macOS file names give it) is searched as NFC."""
    nfd = unicodedata.normalize("NFD", query)
    assert nfd != query
    assert found(index, nfd) == found(index, query) != []
    assert index.search(nfd).total == index.search(query).total
