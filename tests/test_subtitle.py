"""The subtitle end to end: read from front matter and JSON, stored, searched with the title's
weight, shown by ``artindex show`` (text and JSON) and on the article page, kept by updates and
by the OpenSearch export. All articles are invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import artindex
from artindex import Article, Index, Settings
from artindex.cli import main
from artindex.export.bulk import article_from_source, article_source
from artindex.export.opensearch import mappings

SUBTITLE = "해오름시 공영주차장 요금 절반으로"
MARKDOWN = f"""---
title: 해오름시, 다음 달부터 도심 주차 정책 바꾼다
subtitle: {SUBTITLE}
date: 2024-05-02
source: (해오름=연합뉴스)
---
해오름시는 도심 교통 혼잡을 줄이기 위해 다음 달부터 새 정책을 시행한다고 2일 밝혔다.
시는 시민 의견을 모아 세부 계획을 정하겠다고 덧붙였다.
"""
OTHERS = [
    {
        "title": f"솔빛군 주민센터 {i}곳 새 단장",
        "body": f"솔빛군은 주민센터 {i}곳의 시설을 고치고 다음 달 다시 연다고 밝혔다.",
    }
    for i in range(2, 7)
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("subtitle")
    (root / "src").mkdir()
    (root / "src" / "parking.md").write_text(MARKDOWN, encoding="utf-8")
    (root / "src" / "others.json").write_text(json.dumps(OTHERS, ensure_ascii=False), "utf-8")
    artindex.build([root / "src"], root / "index")
    return root


def test_front_matter_and_json_subtitle_keys_are_read(tmp_path: Path) -> None:
    """A ``subtitle`` key in front matter or a JSON record becomes Article.subtitle, cleaned."""
    (tmp_path / "a.json").write_text(
        json.dumps({"title": "제목", "subtitle": "  부제목  줄 ", "body": "본문 문장이다."}),
        encoding="utf-8",
    )
    (json_article,) = artindex.parse_file(tmp_path / "a.json")
    assert json_article.subtitle == "부제목 줄"
    (tmp_path / "b.md").write_text(MARKDOWN, encoding="utf-8")
    (md_article,) = artindex.parse_file(tmp_path / "b.md")
    assert md_article.subtitle == SUBTITLE
    assert md_article.source == "연합뉴스"


def test_subtitle_words_are_searchable(corpus: Path) -> None:
    """A word found only in the subtitle (공영주차장) finds the article; the stored article
    keeps the subtitle."""
    with Index.open(corpus / "index", Settings()) as idx:
        result = idx.search("공영주차장 요금")
        assert result.total == 1
        stored = idx.get(result.hits[0].id)
    assert stored is not None and stored.subtitle == SUBTITLE


def test_subtitle_ranks_with_the_title_weight(tmp_path: Path) -> None:
    """The same word in a subtitle outranks it once in a long body (subtitle words score in
    the title field)."""
    filler = " ".join(f"해오름시 행정 문서 {i}번 항목을 정리했다." for i in range(40))
    articles = [
        Article(id="deck", title="시정 소식", subtitle="주차장 요금 인하", body=filler),
        Article(id="body", title="시정 소식", body=filler + " 주차장 요금 인하도 검토했다."),
    ]
    artindex.build_articles(articles, tmp_path / "index")
    with Index.open(tmp_path / "index", Settings()) as idx:
        hits = idx.search("주차장").hits
    assert [h.id for h in hits] == ["deck", "body"]


def test_show_prints_the_subtitle(corpus: Path) -> None:
    """``artindex show`` prints the subtitle under the title, and ``--json`` has the key."""
    with Index.open(corpus / "index", Settings()) as idx:
        article_id = idx.search("공영주차장").hits[0].id
    runner = CliRunner()
    text = runner.invoke(main, ["show", article_id, "--index", str(corpus / "index")])
    assert text.exit_code == 0, text.output
    assert text.stdout.splitlines()[1] == SUBTITLE
    raw = runner.invoke(main, ["show", article_id, "--index", str(corpus / "index"), "--json"])
    assert json.loads(raw.stdout)["subtitle"] == SUBTITLE


def test_article_page_shows_the_subtitle(corpus: Path) -> None:
    """The server's article page prints the subtitle (escaped) below the headline."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from artindex.server import create_app

    with Index.open(corpus / "index", Settings()) as idx:
        article_id = idx.search("공영주차장").hits[0].id
        page = TestClient(create_app(idx)).get(f"/articles/{article_id}").text
    assert f'<p class="subtitle">{SUBTITLE}</p>' in page


def test_update_keeps_the_subtitle(corpus: Path, tmp_path: Path) -> None:
    """After an update that re-indexes the file with a new subtitle, the new one is stored."""
    work = tmp_path / "src"
    work.mkdir()
    (work / "parking.md").write_text(MARKDOWN, encoding="utf-8")
    artindex.build([work], tmp_path / "index")
    (work / "parking.md").write_text(MARKDOWN.replace(SUBTITLE, "요금 인하 폭 확정"), "utf-8")
    artindex.update([work], tmp_path / "index")
    with Index.open(tmp_path / "index", Settings()) as idx:
        hits = idx.search("인하 폭").hits
        assert len(hits) == 1 and idx.search("공영").total == 0
        stored = idx.get(hits[0].id)
    assert stored is not None and stored.subtitle == "요금 인하 폭 확정"


def test_opensearch_maps_and_round_trips_the_subtitle() -> None:
    """The export's mapping has an analyzed ``subtitle`` (the mapping is strict) and a bulk
    document carries it back."""
    assert mappings(Settings())["properties"]["subtitle"]["type"] == "text"
    article = Article(id="x", title="제목", body="본문이다.", subtitle=SUBTITLE)
    assert article_from_source("x", article_source(article)) == article
