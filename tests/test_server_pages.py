"""The search page and article page, rendered by the server and read as HTML: what a reader
sees, escaping of everything from the index or the URL, paging, languages, facets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the server extra (artindex[server]) is not installed")
from starlette.testclient import TestClient

from artindex import Index, Settings
from artindex.server import create_app
from serverdata import FutureIndex, build_server_index


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_server_index(tmp_path_factory.mktemp("pages") / "index")


@pytest.fixture(scope="module")
def client(index_path: Path) -> Iterator[TestClient]:
    with Index.open(index_path, Settings()) as idx:
        yield TestClient(create_app(idx))


@pytest.fixture(scope="module")
def future_client(index_path: Path) -> Iterator[TestClient]:
    with FutureIndex.open(index_path, Settings()) as idx:
        yield TestClient(create_app(idx))


class Page(HTMLParser):
    """The parts of a rendered page the tests look at: hit links, <mark> texts, other links."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.hits: list[tuple[str, str]] = []  # (href, title)
        self.marks: list[str] = []
        self.links: dict[str, str] = {}  # text -> href
        self.scripts = 0
        self._a: str | None = None
        self._in_mark = self._ui = False
        self._text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._a, self._text = dict(attrs).get("href") or "", ""
            self._ui = dict(attrs).get("class") == "lang"  # the language switch
        self._in_mark = self._in_mark or tag == "mark"
        self.scripts += tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._a is not None:
            self.links.setdefault(self._text.strip(), self._a)  # the first (related words last)
            if self._a.startswith("/articles/") and not self._ui:  # without the search it kept
                self.hits.append((self._a.split("?")[0], self._text.strip()))
            self._a = None
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        if self._a is not None:
            self._text += data
        if self._in_mark:
            self.marks.append(data)


def test_a_korean_search_shows_title_byline_date_source_and_highlighted_snippet(
    client: TestClient,
):
    """A Korean search page shows each hit's title, byline, date, source and marks."""
    response = client.get("/", params={"q": "제주 박람회"})
    assert response.status_code == 200 and response.headers["content-language"] == "ko"
    page = Page(response.text)
    assert page.hits[0] == ("/articles/expo-10", "제주 친환경 에너지 박람회 개막")
    first = response.text.split('class="hit"')[1]
    assert "이서준 기자" in first and "2025-11-11" in first and "한빛일보" in first
    assert {"제주", "박람회"} <= set(page.marks)
    total = client.get("/api/search", params={"q": "제주 박람회"}).json()["total"]
    assert f"검색 결과 {total}건" in response.text


def test_pages_hold_the_next_hits_and_keep_the_query(client: TestClient):
    """Page links keep the query and pages list the API's hits in order."""
    api = client.get("/api/search", params={"q": "박람회", "limit": "20"}).json()
    first = Page(client.get("/", params={"q": "박람회"}).text)
    assert "/?q=%EB%B0%95%EB%9E%8C%ED%9A%8C&page=2" == first.links["2"] == first.links["다음"]
    second = Page(client.get(first.links["2"]).text)
    ids = [href.rsplit("/", 1)[1] for href, _ in first.hits + second.hits]
    assert ids == [h["id"] for h in api["hits"]]
    assert second.links["1"] == "/?q=%EB%B0%95%EB%9E%8C%ED%9A%8C" == second.links["이전"]


def test_values_from_the_index_and_the_url_are_escaped(client: TestClient):
    """Values from the URL and the index are escaped, and unsafe links are dropped."""
    query = "<script>alert(1)</script> 보안"
    response = client.get("/", params={"q": query})
    page = Page(response.text)
    assert page.scripts == 0
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 보안" in response.text
    assert page.hits[0] == ("/articles/hostile", "<script>alert('제목')</script> 보안 점검")
    article = client.get("/articles/hostile")
    assert Page(article.text).scripts == 0 and "<img" not in article.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in article.text
    assert "javascript:" not in article.text  # an unsafe url is not linked


def test_the_ui_speaks_english_by_accept_language_or_lang_ui(client: TestClient):
    """The UI is English by Accept-Language, and `lang_ui` overrides it."""
    total = client.get("/api/search", params={"q": "박람회"}).json()["total"]
    english = client.get("/", params={"q": "박람회"}, headers={"accept-language": "en-US,en;q=0.9"})
    assert f"{total} results" in english.text and english.headers["content-language"] == "en"
    assert 'lang="en"' in english.text and Page(english.text).links["Next"].endswith("page=2")
    forced = client.get("/?q=박람회&lang_ui=ko", headers={"accept-language": "en"})
    assert f"검색 결과 {total}건" in forced.text
    assert Page(forced.text).links["English"] == "/?q=%EB%B0%95%EB%9E%8C%ED%9A%8C&lang_ui=en"


def test_the_article_page_shows_the_article_and_a_404_for_unknown_ids(client: TestClient):
    """The article page shows the article and its link; an unknown id gets a Korean 404."""
    response = client.get("/articles/expo-10")
    assert response.status_code == 200
    assert "<h1>제주 친환경 에너지 박람회 개막</h1>" in response.text
    assert "기업 30곳이 참가해" in response.text and "이서준 기자" in response.text
    assert 'href="https://news.example/expo/10"' in response.text
    assert client.get("/articles/nope").status_code == 404
    assert "찾는 기사가 없습니다" in client.get("/articles/nope").text


def test_bad_parameters_show_an_error_on_the_page(client: TestClient):
    """A bad value is a 400 whose message is in the page's language and names what the reader
    chose (시작일), never the parameter or an internal field name."""
    response = client.get("/", params={"q": "박람회", "since": "2024-13-45"})
    assert response.status_code == 400
    error = response.text.split('class="error" role="alert">')[1].split("</p>")[0]
    assert "시작일을(를) 이해하지 못했습니다" in error and "since" not in error
    english = client.get("/", params={"q": "박람회", "since": "x", "lang_ui": "en"})
    assert "The start date could not be understood" in english.text
    assert client.get("/", params={"q": "박람회", "page": "x"}).status_code == 400


def test_the_start_page_needs_no_query(client: TestClient):
    """The start page answers without a query and counts the indexed articles."""
    response = client.get("/")
    assert response.status_code == 200 and "색인된 기사 25건" in response.text


def test_facets_date_presets_and_related_articles_appear_when_the_index_has_them(
    future_client: TestClient,
):
    """Facet links, date presets and related articles appear when the index has them."""
    response = future_client.get("/", params={"q": "박람회"})  # facets asked for by the page
    page = Page(response.text)
    assert re.search(r"IT</a> <span class=\"count\">6</span>", response.text)
    it = page.links["IT"]
    assert it == "/?q=%EB%B0%95%EB%9E%8C%ED%9A%8C&tag=IT"
    filtered = Page(future_client.get(it).text)
    assert len(filtered.hits) == 6 and all("인공지능" in title for _, title in filtered.hits)
    assert filtered.links["tag: IT"] == "/?q=%EB%B0%95%EB%9E%8C%ED%9A%8C"
    assert "since=" in page.links["올해"]
    article = future_client.get("/articles/expo-10")
    assert "관련 기사" in article.text and len(Page(article.text).hits) == 5
