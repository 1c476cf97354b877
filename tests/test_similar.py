"""similar: related articles from an article's distinctive words, without itself or its
near-duplicates; API and CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from artindex import Hit, Index, QueryError, SearchResult
from artindex.cli import main
from artindex.search.similar import distinctive_terms, is_near_duplicate
from artindex.text.simhash import hamming, simhash
from conftest import make_article

CHIP = (
    "반도체 수출이 석 달 연속 증가했다. 산업통상자원부는 메모리 반도체 가격이 "
    "오르면서 수출액이 작년보다 18% 늘었다고 밝혔다. 인공지능 서버에 들어가는 "
    "고대역폭 메모리 수요가 수출을 이끌었다. 정부는 하반기에도 반도체 수출 "
    "증가세가 이어질 것으로 내다봤다. 다만 미국의 수출 규제와 중국 경기 둔화는 "
    "변수로 꼽혔다. 업계는 설비 투자를 늘리고 있다. 국내 대기업들은 올해 시설 "
    "투자 규모를 작년보다 20% 이상 늘리겠다고 발표했다. 전문가들은 메모리 "
    "가격 상승이 내년 상반기까지 이어질 수 있다고 전망했다. 한편 디스플레이와 "
    "휴대전화 수출은 두 달째 줄었다."
)
ARTICLES = (
    make_article("chip", "반도체 수출 석 달 연속 증가", CHIP),
    make_article("chip-copy", "반도체 수출 증가", CHIP + " (연합뉴스)"),
    make_article(
        "chip-price",
        "메모리 가격 상승",
        "메모리 반도체 가격이 두 달째 올랐다. 고대역폭 메모리 수요가 늘면서 반도체 업체 실적이 "
        "좋아졌다. 인공지능 서버 투자가 이어지고 있다.",
    ),
    make_article(
        "chip-export",
        "대중 반도체 수출 회복",
        "중국으로 가는 반도체 수출이 회복세를 보였다. 메모리 수출액이 늘었고 서버 수요가 컸다.",
    ),
    make_article(
        "baseball",
        "프로야구 개막전 매진",
        "프로야구 개막전 다섯 경기가 모두 매진됐다. 관중은 투수와 타자의 대결에 환호했다.",
    ),
    make_article(
        "baseball-2",
        "프로야구 관중 신기록",
        "올해 프로야구 관중이 신기록을 세웠다. 투수 교체와 타자 기록이 화제였다.",
    ),
    make_article(
        "weather",
        "주말 전국 비",
        "토요일 전국에 비가 내리고 일요일 오후부터 그친다. 기온은 평년보다 낮겠다.",
    ),
    make_article(
        "weather-2",
        "다음 주 기온 뚝",
        "다음 주에는 찬 바람이 불면서 기온이 평년보다 크게 낮아지겠다. 주말 비 소식도 있다.",
    ),
)


def test_the_copy_is_a_near_duplicate() -> None:
    """A copy with a wire credit is a near duplicate; another story is not."""
    assert hamming(simhash(CHIP), simhash(CHIP + " (연합뉴스)")) <= 3
    assert is_near_duplicate(simhash(CHIP), simhash(CHIP + " (연합뉴스)"))
    assert not is_near_duplicate(simhash(CHIP), simhash(ARTICLES[4].body))
    assert not is_near_duplicate("", "")


def test_related_articles_share_the_topic(index: Index) -> None:
    """similar() ranks same-topic articles, not the article itself or its copy."""
    result = index.similar("chip")
    assert isinstance(result, SearchResult)
    ids = [hit.id for hit in result]
    assert ids[:2] and set(ids[:2]) == {"chip-price", "chip-export"}
    assert "chip" not in ids  # not itself
    assert "chip-copy" not in ids  # nor the same story again
    assert all(isinstance(hit, Hit) for hit in result)
    assert [h.score for h in result] == sorted((h.score for h in result), reverse=True)
    assert "반도체" in result.query.split() or "메모리" in result.query.split()


def test_related_articles_of_another_topic(index: Index) -> None:
    """similar() finds the other article of the same topic for each topic."""
    assert index.similar("baseball", limit=1)[0].id == "baseball-2"
    assert index.similar("weather", limit=1)[0].id == "weather-2"
    assert len(index.similar("chip", limit=1)) == 1


def test_unknown_id_and_bad_limit(index: Index) -> None:
    """similar() of an unknown id or with limit 0 raises a QueryError naming it."""
    with pytest.raises(QueryError, match="no article with id 'nope'"):
        index.similar("nope")
    with pytest.raises(QueryError, match="limit"):
        index.similar("chip", limit=0)


def test_distinctive_terms_prefer_rare_repeated_words() -> None:
    """Distinctive terms favour rare, repeated words over common and unique ones."""
    frequency = {"반도체": 3, "수출": 3, "메모리": 2, "가격": 40, "오늘": 900, "단독": 1}
    got = distinctive_terms(
        "반도체 3 수출 1 메모리 1 가격 2 오늘 1 단독 1 무엇 4",
        doc_count=1000,
        doc_frequency=lambda t: frequency.get(t, 0),
    )
    words = [w for w, _ in got]
    assert words[0] == "반도체"  # repeated and rare
    assert "단독" not in words  # in no other article: finds nothing
    assert "오늘" not in words and "무엇" not in words  # too common / a question word
    assert words.index("메모리") < words.index("가격")


def test_cli_similar(index_path: Path) -> None:
    """`similar` lists related articles as text or JSON, and names an unknown id."""
    runner = CliRunner()
    result = runner.invoke(main, ["similar", "chip", "--index", str(index_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "chip"
    assert {h["id"] for h in data["hits"][:2]} == {"chip-price", "chip-export"}
    assert "chip-copy" not in {h["id"] for h in data["hits"]}
    result = runner.invoke(main, ["similar", "chip", "--index", str(index_path), "-n", "1"])
    assert result.exit_code == 0
    assert result.stdout.startswith("1 articles like 'chip'")
    assert "메모리 가격 상승" in result.stdout or "대중 반도체 수출 회복" in result.stdout
    result = runner.invoke(main, ["similar", "nope", "--index", str(index_path)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"artindex: no article with id 'nope' in {index_path}"
