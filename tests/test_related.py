"""Related words: nouns over-represented in a query's hits against the whole archive (JLH);
the library, ``artindex related`` and ``/api/related``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from artindex import Index, Settings
from artindex.cli import main
from artindex.search.related import is_noun, jlh, significant
from insightdata import build_insight_index


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_insight_index(tmp_path_factory.mktemp("related") / "index")


@pytest.fixture(scope="module")
def idx(index_path: Path) -> Iterator[Index]:
    with Index.open(index_path, Settings()) as opened:
        yield opened


def test_story_words_rank_first_and_archive_wide_words_not_at_all(idx: Index):
    """For 탄소중립 the words of its story (배출, 재생, 에너지) come first; 정부 and 관계자,
    common across the archive, and the query word itself are not listed."""
    result = idx.related("탄소중립", limit=10)
    terms = [t.term for t in result.terms]
    assert set(terms[:3]) == {"배출", "재생", "에너지"}
    assert not {"정부", "관계자", "탄소", "중립", "탄소중립"} & set(terms)
    assert all(t.score > 0 and t.docs <= t.df for t in result.terms)
    assert result.total == 7 and result.docs == 6  # the fund story's copy is read once


def test_only_nouns_are_listed(idx: Index):
    """Verb and adjective stems of the hits (바꾸, 늘) never appear, nor numbers."""
    terms = {t.term for t in idx.related("탄소중립", limit=50).terms}
    assert terms and all(is_noun(t) for t in terms)
    assert not {"바꾸", "늘", "오르", "2030"} & terms


@pytest.mark.parametrize(
    ("term", "noun"),
    [("배출", True), ("기상청", True), ("에너지", True), ("강하", False), ("필요", False),
     ("바꾸", False), ("늘", False)],
)  # fmt: skip
def test_is_noun_refuses_stems_that_read_as_nouns_alone(term: str, noun: bool):
    """강하 (of 강하다) reads as a noun alone but as an adjective with 다 after it: refused."""
    assert is_noun(term) is noun


def test_jlh_rewards_words_frequent_in_the_hits_and_rare_elsewhere():
    """A word in half the hits and 1% of the archive outscores one in every hit and every
    article, which scores 0."""
    assert jlh(5, 10, 10, 1000) > jlh(10, 10, 1000, 1000) == 0.0


def test_a_word_of_one_hit_is_no_pattern():
    """With several hits, a word in only one of them is not listed."""
    found = significant(
        ["배출 2 재생 1", "배출 1 펀드 3", "배출 1"],
        doc_count=100,
        doc_frequency=lambda term: 3,
    )
    assert [t.term for t in found] == ["배출"]


def test_cli_prints_words_and_json(index_path: Path):
    """`artindex related 탄소중립` lists words with scores; --json the library's shape."""
    runner = CliRunner()
    text = runner.invoke(main, ["related", "탄소중립", "-n", "3", "--index", str(index_path)])
    assert text.exit_code == 0, text.output
    assert "words related to '탄소중립' in 6 of 7 hits" in text.output
    assert len(text.output.splitlines()) == 4
    data = json.loads(
        runner.invoke(main, ["related", "탄소중립", "--json", "--index", str(index_path)]).output
    )
    assert {t["term"] for t in data["terms"][:3]} == {"배출", "재생", "에너지"}


def test_api_related(idx: Index):
    """`/api/related?q=…&limit=2` answers two words; a second q is a 400 naming q."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from artindex.server import create_app

    client = TestClient(create_app(idx))
    data = client.get("/api/related", params={"q": "탄소중립", "limit": "2"}).json()
    assert len(data["terms"]) == 2 and data["query"] == "탄소중립"
    bad = client.get("/api/related", params=[("q", "탄소중립"), ("q", "RE100")])
    assert bad.status_code == 400 and bad.json()["parameter"] == "q"
