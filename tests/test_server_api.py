"""The JSON API, driven in-process: same shapes as the CLI's --json, one place that validates
parameters, clear errors, caps, no writes, and a new generation picked up without restart."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette", reason="the server extra (artindex[server]) is not installed")
from starlette.testclient import TestClient

import artindex
from artindex import Index, Settings
from artindex.cli import main
from artindex.server import create_app
from serverdata import ARTICLES, FutureIndex, build_server_index, expo_article


@pytest.fixture(scope="module")
def server_index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_server_index(tmp_path_factory.mktemp("server") / "index")


@pytest.fixture(scope="module")
def client(server_index_path: Path) -> Iterator[TestClient]:
    with Index.open(server_index_path, Settings()) as idx:
        yield TestClient(create_app(idx))


@pytest.fixture(scope="module")
def future_client(server_index_path: Path) -> Iterator[TestClient]:
    with FutureIndex.open(server_index_path, Settings()) as idx:
        yield TestClient(create_app(idx))


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def without_timing(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "took_ms"}


def test_search_answers_with_the_cli_json_shape(client: TestClient, server_index_path: Path):
    """/api/search answers `부산 박람회` with the same JSON as `search --json`."""
    response = client.get("/api/search", params={"q": "부산 박람회", "limit": "3"})
    assert response.status_code == 200
    cli = cli_json("search", "부산 박람회", "--index", str(server_index_path), "-n", "3", "--json")
    assert without_timing(response.json()) == without_timing(cli)
    assert response.json()["hits"][0]["title"].startswith("부산 ")


def test_article_and_stats_match_show_and_stats(client: TestClient, server_index_path: Path):
    """/api/articles and /api/stats answer as `show --json` and `stats --json` do."""
    index = str(server_index_path)
    assert client.get("/api/articles/expo-03").json() == cli_json(
        "show", "expo-03", "--index", index, "--json"
    )
    stats = client.get("/api/stats").json()
    assert stats == cli_json("stats", "--index", index, "--json")
    assert stats["articles"] == len(ARTICLES)
    assert client.get("/healthz").json() == {"status": "ok", "articles": len(ARTICLES)}


@pytest.mark.parametrize(
    ("query", "param", "status"),
    [
        ({"q": "박람회", "colour": "red"}, "colour", 400),
        ({"q": "박람회", "limit": "many"}, "limit", 400),
        ({"q": "박람회", "limit": "0"}, "limit", 400),
        ({"q": "박람회", "limit": "101"}, "limit", 400),
        ({"q": "박람회", "snippets": "maybe"}, "snippets", 400),
        ({"limit": "3"}, "q", 400),
        ({"q": "박람회", "offset": "-1"}, "offset", 400),
        ({"q": "x" * 501}, "q", 400),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(
    client: TestClient, query: dict[str, str], param: str, status: int
):
    """A bad search parameter gets an error status and a message naming it."""
    response = client.get("/api/search", params=query)
    assert response.status_code == status
    assert response.json()["parameter"] == param
    assert repr(param) in response.json()["error"]


def test_a_repeated_single_valued_parameter_is_refused(client: TestClient):
    """A single-valued parameter given twice (limit) is refused with 400."""
    response = client.get("/api/search?q=박람회&limit=2&limit=3")
    assert response.status_code == 400 and response.json()["parameter"] == "limit"


def test_an_unparseable_query_is_a_400_on_q(client: TestClient):
    """A query the parser refuses is a 400 naming `q`, never a server error."""
    response = client.get("/api/search", params={"q": "제*"})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["parameter"] == "q"


def test_new_search_arguments_pass_through_by_name_and_type(future_client: TestClient):
    """An argument the Index's search accepts is passed as the annotated type: a repeated tag
    as a tuple, since as a datetime, offset as an int."""
    every = future_client.get("/api/search", params={"q": "박람회", "limit": "100"}).json()
    robots = future_client.get("/api/search?q=박람회&tag=과학&tag=박람회&limit=100").json()
    assert 0 < robots["total"] < every["total"]
    assert all("과학" in h["tags"] for h in robots["hits"])
    page2 = future_client.get("/api/search?q=박람회&offset=5&limit=5").json()
    assert [h["id"] for h in page2["hits"]] == [h["id"] for h in every["hits"][5:10]]
    recent = future_client.get("/api/search?q=박람회&since=2025-10-01&limit=100").json()
    assert recent["total"] > 0 and all(h["date"] >= "2025-10-01" for h in recent["hits"])
    bad = future_client.get("/api/search?q=박람회&since=last-tuesday")
    assert bad.status_code == 400 and bad.json()["parameter"] == "since"
    assert future_client.get("/api/search?q=박람회&sort=date").json()["parameter"] == "sort"


def test_openapi_lists_exactly_the_arguments_the_index_takes(
    client: TestClient, future_client: TestClient
):
    """OpenAPI lists exactly Index.search's arguments as /api/search parameters."""

    def search_params(c: TestClient) -> list[str]:
        doc = c.get("/openapi.json").json()
        assert set(doc["paths"]) >= {"/api/search", "/api/articles/{id}", "/healthz"}
        return [p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]]

    assert search_params(client) == [  # Index.search's arguments, its **options included
        *("q", "limit", "offset", "sort", "since", "until", "when", "tag", "source", "byline"),
        *(
            "lang",
            "person",
            "org",
            "place",
            "url",
            "expand",
            "facets",
            "recent",
            "collapse",
            "now",
            "explain",
        ),
        *("correct", "snippets"),
    ]
    assert search_params(future_client) == [
        "q",
        "limit",
        "offset",
        "since",
        "tag",
        "facets",
        "snippets",
    ]


def test_similar_and_suggest_come_from_the_library(client: TestClient, server_index_path: Path):
    """The real Index.similar and Index.suggest answer through the API, as the CLI does."""
    similar = client.get("/api/articles/expo-01/similar", params={"limit": "3"})
    assert similar.status_code == 200
    ids = [h["id"] for h in similar.json()["hits"]]
    assert ids and "expo-01" not in ids
    cli = cli_json("similar", "expo-01", "--index", str(server_index_path), "-n", "3", "--json")
    assert ids == [h["id"] for h in cli["hits"]]
    assert client.get("/api/articles/nope/similar").status_code == 404
    slip = client.get("/api/suggest", params={"q": "qkrfkaghl"})  # 박람회 typed in English mode
    assert slip.status_code == 200
    assert slip.json() is not None and slip.json()["to"] == "박람회"


def test_a_corrected_search_says_so_in_json_and_on_the_page(client: TestClient):
    """A keyboard slip is searched as its correction; the page offers the query as typed."""
    data = client.get("/api/search", params={"q": "qkrfkaghl"}).json()
    assert data["corrected"] == {"from": "qkrfkaghl", "to": "박람회", "reason": "keyboard"}
    assert data["total"] > 0
    typed = client.get("/api/search", params={"q": "qkrfkaghl", "correct": "false"}).json()
    assert typed["total"] == 0 and typed["corrected"] is None
    page = client.get("/", params={"q": "qkrfkaghl"}, headers={"Accept-Language": "ko"}).text
    assert "검색 결과: 박람회(으)로 검색했습니다." in page
    assert "correct=false" in page


def test_similar_answers_when_the_index_has_it(future_client: TestClient):
    """/api/articles/{id}/similar lists related articles, not itself; unknown ids are 404."""
    response = future_client.get("/api/articles/expo-01/similar", params={"limit": "3"})
    assert response.status_code == 200
    hits = response.json()["hits"]
    assert len(hits) == 3 and "expo-01" not in {h["id"] for h in hits}
    assert future_client.get("/api/articles/nope/similar").status_code == 404


@pytest.mark.parametrize(
    "article_id", ["nope", "..%2F..%2F..%2Fetc%2Fpasswd", "../manifest.json", "%00", "a" * 300]
)
def test_unknown_or_path_like_ids_are_404_and_never_read_a_file(
    client: TestClient, article_id: str
):
    """Unknown or path-like article ids get 404 and leak no file content."""
    response = client.get(f"/api/articles/{article_id}")
    assert response.status_code == 404
    assert response.json()["parameter"] in ("id", None)  # None: the path left /api/articles
    assert "root:" not in response.text and "generation" not in response.text


def test_request_size_is_capped_and_nothing_writes(client: TestClient):
    """Long URLs get 414, bodies 413, and writing methods 405."""
    assert client.get("/api/search?q=" + "가" * 2000).status_code == 414
    assert client.post("/api/search?q=박람회").status_code == 405
    assert client.request("GET", "/api/search?q=박람회", content=b"x" * 10).status_code == 413
    for path in ("/api/articles/expo-01", "/api/stats", "/"):
        assert client.delete(path).status_code == 405
        assert client.put(path).status_code in (405, 413)


def test_safety_headers_are_sent(client: TestClient):
    """Responses carry nosniff and a self-only content security policy."""
    headers = client.get("/healthz").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in headers["content-security-policy"]


def test_a_new_generation_is_served_without_restart(tmp_path: Path):
    """A rebuilt index is searched by the running server without a restart."""
    path = tmp_path / "index"
    artindex.build_articles(ARTICLES[:3], path, Settings())
    with Index.open(path, Settings()) as idx:
        client = TestClient(create_app(idx))
        assert client.get("/api/search", params={"q": "제주"}).json()["total"] == 0
        artindex.build_articles([*ARTICLES[:3], expo_article(10)], path, Settings())
        found = client.get("/api/search", params={"q": "제주"}).json()
        assert [h["id"] for h in found["hits"]] == ["expo-10"]
        assert client.get("/healthz").json()["articles"] == 4


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_without_an_index_fails_with_one_line(tmp_path: Path, workers: str):
    """`serve` without an index exits 1 with a one-line message, for any worker count."""
    result = CliRunner().invoke(
        main, ["serve", "--index", str(tmp_path / "none"), "--workers", workers]
    )
    assert result.exit_code == 1
    assert result.output.strip().startswith("artindex: no artindex index at")


def test_serve_has_help_naming_its_options():
    """`serve --help` names its options and their default host and port."""
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert all(opt in result.output for opt in ("--index", "--host", "--port", "--workers"))
    assert "127.0.0.1" in result.output and "8080" in result.output


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"q": "박람회", "sort": "popular"}, "sort"),
        ({"q": "박람회", "since": "yesterday-ish"}, "since"),
        ({"q": "박람회", "when": "다음 세기"}, "when"),
        ({"q": "박람회", "facets": "colour"}, "facets"),
        ({"q": "박람회 AND sorce:x"}, "q"),
    ],
)
def test_a_bad_library_argument_gets_400_naming_it(
    client: TestClient, params: dict[str, str], parameter: str
):
    """An argument the library refuses gets a 400 naming that parameter."""
    response = client.get("/api/search", params=params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_the_library_filters_facets_and_sort_reach_the_api(client: TestClient):
    """Index.search's own options (filters, facets, sort, when with a fixed now) pass through
    by name and restrict; the facet counts cover the whole match set."""
    everything = client.get("/api/search", params={"q": "박람회", "facets": "tags"}).json()
    counts = {f["value"]: f["count"] for f in everything["facets"]["tags"]}
    assert counts["박람회"] == everything["total"] > counts["경제"] > 0
    only = client.get("/api/search", params=[("q", "박람회"), ("tag", "경제"), ("limit", "50")])
    assert only.status_code == 200 and only.json()["total"] == counts["경제"]
    assert all("경제" in hit["tags"] for hit in only.json()["hits"])
    newest = client.get("/api/search", params={"q": "박람회", "sort": "newest"}).json()["hits"]
    dates = [hit["date"] for hit in newest]
    assert dates == sorted(dates, reverse=True)
    none = client.get(
        "/api/search", params={"q": "박람회", "when": "작년", "now": "2040-01-01T00:00"}
    ).json()
    assert none["total"] == 0 and none["filters"]["when"] == ["작년"]
