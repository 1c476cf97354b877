"""The search page's additions, read as HTML: the trend chart linking each bar to its
period, related words, title highlights, back to search with the whole query, Markdown shown
as text, tag breadcrumbs, an empty result's suggestion and tips."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("starlette", reason="the server extra (artindex[server]) is not installed")
from starlette.testclient import TestClient

import artindex
from artindex import Article, DidYouMean, Index, Settings
from artindex.server import create_app
from artindex.server.pages import snippet_html
from insightdata import ARTICLES, KST

MARKDOWN = Article(
    id="md-1",
    title="탄소중립 해설: 배출권이란",
    body="# 배출권 거래제란\n\n**탄소중립**을 위한 제도다. [환경부](https://me.example) 설명이다."
    "\n\n"
    "> 배출권은 사고팔 수 있다.\n\n- 첫째, 할당\n- 둘째, 거래",
    date=datetime(2024, 3, 28, 9, 0, tzinfo=KST),
    tags=("과학 > 의학·생명",),
    source="한빛일보",
    lang="ko",
    path="articles/md-1.md",
)


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("insight") / "index"
    artindex.add_articles([*ARTICLES, MARKDOWN], path, Settings())
    return path


@pytest.fixture(scope="module")
def client(index_path: Path) -> Iterator[TestClient]:
    with Index.open(index_path, Settings()) as idx:
        yield TestClient(create_app(idx))


def test_the_chart_has_a_bar_per_period_linking_to_its_results(client: TestClient):
    """The page carries an inline SVG chart; each non-empty bar links to the query with its
    period's since and until, and following it finds only that period's articles."""
    page = client.get("/", params={"q": "탄소중립", "source": "한빛일보"}).text
    assert '<svg class="trend-chart"' in page and "<script" not in page
    bars = page.split('<a class="bar" href="')[1:]
    links = [b.split('"')[0].replace("&amp;", "&") for b in bars]
    assert len(links) >= 2
    first = parse_qs(urlsplit(links[0]).query)
    assert first["q"] == ["탄소중립"] and first["source"] == ["한빛일보"]
    assert first["since"][0] <= first["until"][0]
    period = client.get("/api/search", params={k: v[0] for k, v in first.items()}).json()
    assert period["total"] >= 1
    assert all(first["since"][0] <= h["date"][:10] <= first["until"][0] for h in period["hits"])


def test_related_words_link_to_a_search_with_the_query(client: TestClient):
    """The related-words panel lists 배출 and links it as 'query word'."""
    page = client.get("/", params={"q": "탄소중립"}).text
    panel = page.split('class="related-words"')[1].split("</section>")[0]
    assert (
        ">배출</a>" in panel
        and "q=%ED%83%84%EC%86%8C%EC%A4%91%EB%A6%BD+%EB%B0%B0%EC%B6%9C" in panel
    )


def test_title_matches_are_highlighted(client: TestClient):
    """The query's words in a hit's title are marked."""
    page = client.get("/", params={"q": "RE100"}).text
    titles = [part.split("</h3>")[0] for part in page.split("<h3>")[1:]]
    assert titles and all("<mark>" in title for title in titles)


def test_back_to_search_keeps_the_whole_query_string(client: TestClient):
    """An article opened from a filtered, sorted second page links back to that very page."""
    search = "q=%ED%83%84%EC%86%8C%EC%A4%91%EB%A6%BD&source=%ED%95%9C%EB%B9%9B%EC%9D%BC%EB%B3%B4"
    page = client.get(f"/?{search}&sort=newest&limit=2&page=2").text
    link = page.split('<h3><a href="')[1].split('"')[0].replace("&amp;", "&")
    article = client.get(link).text
    back = article.split('<p class="back"><a href="')[1].split('"')[0].replace("&amp;", "&")
    assert back == f"/?{search}&sort=newest&limit=2&page=2"


def test_markdown_reads_as_text_in_snippets_and_the_article(client: TestClient):
    """No **, # or link brackets show in a snippet or the article; the heading becomes a
    heading, the quote a quote; the tag path shows as breadcrumbs."""
    page = client.get("/", params={"q": "배출권 거래제"}).text
    hit = page.split('<li class="hit">')[1].split("</li>")[0]
    assert "**" not in hit and "# " not in hit and "](" not in hit
    article = client.get("/articles/md-1").text
    body = article.split("<article>")[1].split("</article>")[0]
    assert (
        "<h2>배출권 거래제란</h2>" in body
        and "<blockquote>배출권은 사고팔 수 있다.</blockquote>" in body
    )
    assert "탄소중립을 위한 제도다. 환경부 설명이다." in body and "**" not in body
    assert '<span class="crumb">과학</span><span class="sep" aria-hidden="true"> › </span>' in body


def test_snippet_highlights_follow_the_words_when_marks_are_stripped():
    """Stripping ** moves the highlight onto the same word."""
    assert str(snippet_html("**탄소중립** 정책", [(2, 6)])) == "<mark>탄소중립</mark> 정책"


class SuggestingIndex(Index):
    """The real Index whose empty results carry a did-you-mean ``suggestion``."""

    def search(  # type: ignore[override]
        self, query: str, limit: int = 10, *, offset: int = 0, source: str | None = None
    ) -> Any:
        result = super().search(query, limit, offset=offset, source=source)
        if result.total:
            return result
        return replace(result, suggestion=DidYouMean("탄소중립", "spelling"))


def test_an_empty_result_shows_the_suggestion_and_tips(index_path: Path):
    """Nothing found: the page offers the result's suggestion as a link and ways to widen
    the search, including a search without the filters."""
    with SuggestingIndex.open(index_path, Settings()) as idx:
        client = TestClient(create_app(idx))
        page = client.get("/", params={"q": "탄소즁립", "source": "없는신문"}).text
    link = '<a href="/?q=%ED%83%84%EC%86%8C%EC%A4%91%EB%A6%BD">탄소중립</a>'
    assert f'<p class="suggestion">이것을 찾으셨나요? {link}' in page
    assert "검색어를 줄이거나" in page and "조건 없이 다시 검색" in page
