"""People, organisations, places and quotes through the index: stored at build time, kept by
updates and parallel builds, exported to OpenSearch, and served as facets, filters, the
relation view (``entities``) and the quotations list (``quotes``) by the API, the CLI and HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

import artindex
from artindex import Article, Index, Settings
from artindex.cli import main

KST = timezone(timedelta(hours=9))


def article(id: str, day: int, title: str, body: str) -> Article:
    return Article(id=id, title=title, body=body, date=datetime(2024, 5, day, 9, tzinfo=KST),
                   source="솔빛일보")  # fmt: skip


ARTICLES = (
    article("chip-1", 2, "반도체 회복 기대",
            "박지훈 한빛전자 부회장은 서울 강남구에서 열린 간담회에서 “올해 반도체 시장은 "
            "회복될 것”이라고 말했다. 이어 “투자를 늘리겠다”고 덧붙였다. 미국과 중국의 "
            "반도체 갈등도 언급했다."),
    article("chip-2", 9, "반도체 공장 착공",
            "한빛전자는 대전에서 반도체 공장을 착공했다. 박지훈 부회장은 “대전 공장이 핵심 "
            "거점이 될 것”이라고 강조했다."),
    article("budget", 3, "예산안 처리 촉구",
            "“예산안을 조속히 처리해야 한다”라고 김민수 기획재정부 장관이 밝혔다. 김 장관은 "
            "부산에서 “국회 협조가 필요하다”고 강조했다."),
    article("port", 4, "부산 항만 물동량 증가",
            "부산항만공사는 부산 신항에서 행사를 열었다. 박영희 사장은 “물동량이 늘었다”고 "
            "말했다."),
    article("rain", 5, "제주 호우 특보",
            "기상청은 제주에 호우 특보를 내렸다. 제주도 관계자는 “외출을 자제해 달라”고 "
            "당부했다."),
)  # fmt: skip


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("entities") / "index"
    artindex.build_articles(ARTICLES, path, Settings())
    return path


@pytest.fixture(scope="module")
def idx(index_path: Path) -> Iterator[Index]:
    with Index.open(index_path, Settings()) as index:
        yield index


def test_facets_count_people_orgs_and_places_over_the_matches(idx: Index) -> None:
    """``facets="people,orgs,places"`` counts each entity over every matching article."""
    result = idx.search("반도체", facets="people,orgs,places")
    assert result.facets["people"] == [("박지훈", 2)]
    assert result.facets["orgs"] == [("한빛전자", 2)]
    assert dict(result.facets["places"]) == {
        "대전": 1,
        "서울": 1,
        "강남구": 1,
        "미국": 1,
        "중국": 1,
    }


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        ({"person": "박지훈"}, {"chip-1", "chip-2"}),
        ({"person": "김민수"}, {"budget"}),
        ({"org": "기획재정부"}, {"budget"}),
        ({"place": "부산"}, {"budget", "port"}),
        ({"place": "부산", "person": "박영희"}, {"port"}),
    ],
)
def test_person_org_and_place_filter_the_matches(idx: Index, options: dict[str, str],
                                                 ids: set[str]) -> None:  # fmt: skip
    """``person``, ``org`` and ``place`` keep only the articles naming that entity."""
    result = idx.search("", limit=10, **options)  # type: ignore[arg-type]
    assert {h.id for h in result.hits} == ids and result.filters


def test_filters_written_in_the_query(idx: Index) -> None:
    """``person:박지훈`` in the query filters like the argument."""
    assert {h.id for h in idx.search("반도체 person:박지훈").hits} == {"chip-1", "chip-2"}
    assert idx.search("반도체 place:부산").total == 0


def test_the_relation_view_ranks_entities_by_how_specific_they_are_to_the_query(
    idx: Index,
) -> None:
    """``Index.entities`` counts entities over the matches and against the archive: 박지훈
    (in both 반도체 articles only) outranks nothing, 부산 is absent from 반도체's hits."""
    relations = idx.entities("반도체")
    people = relations.entities["people"]
    assert relations.total == 2 and people[0].value == "박지훈"
    assert people[0].count == 2 and people[0].background == 2 and people[0].score > 0
    assert "부산" not in [e.value for e in relations.entities["places"]]
    everything = idx.entities("", kinds="places")
    assert list(everything.entities) == ["places"]
    assert all(e.score == 0 for e in everything.entities["places"])  # no query: nothing stands out


def test_quotes_of_the_matching_articles_with_speakers(idx: Index) -> None:
    """``Index.quotes`` lists the quotes of the matches with speaker, article and date; a quote
    with no named speaker is listed with none."""
    result = idx.quotes("반도체", sort="newest")
    assert [(q.speaker, q.id) for q in result] == [
        ("박지훈", "chip-2"), ("박지훈", "chip-1"), ("박지훈", "chip-1")
    ]  # fmt: skip
    assert result.quotes[0].date == datetime(2024, 5, 9, 9, tzinfo=KST)
    assert result.total == 3 and result.articles == 2
    rain = idx.quotes("호우")
    assert [(q.quote, q.speaker) for q in rain] == [("외출을 자제해 달라", "")]


def test_quotes_of_one_speaker_and_paging(idx: Index) -> None:
    """``speaker`` keeps one person's quotes (김 장관 resolved to 김민수); ``offset`` pages."""
    mine = idx.quotes("", speaker="김민수")
    assert [q.quote for q in mine] == ["예산안을 조속히 처리해야 한다", "국회 협조가 필요하다"]
    assert mine.quotes[0].speaker_title == "장관"
    second = idx.quotes("", speaker="김민수", limit=1, offset=1)
    assert [q.quote for q in second] == ["국회 협조가 필요하다"] and second.total == 2


def test_cli_entities_quotes_and_entity_filters(index_path: Path) -> None:
    """``artindex entities``, ``artindex quotes`` and ``search --person --facets`` print the
    library's answers (JSON keys as the API's)."""
    runner = CliRunner()
    out = runner.invoke(main, ["entities", "반도체", "--index", str(index_path), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["entities"]["people"][0]["value"] == "박지훈"
    out = runner.invoke(main, ["quotes", "--speaker", "박영희", "--index", str(index_path)])
    assert out.exit_code == 0 and "“물동량이 늘었다”" in out.output and "박영희 사장" in out.output
    out = runner.invoke(main, ["search", "예산안", "--person", "김민수", "--facets",
                               "people,places", "--index", str(index_path), "--json"])  # fmt: skip
    data = json.loads(out.output)
    assert data["filters"] == {"person": ["김민수"]}
    assert data["facets"]["places"] == [{"value": "부산", "count": 1}]
    out = runner.invoke(main, ["entities", "반도체", "--kinds", "planets", "--index",
                               str(index_path)])  # fmt: skip
    assert out.exit_code == 1 and "unknown entity kind 'planets'" in out.output


def write(folder: Path, name: str, title: str, body: str) -> None:
    (folder / name).write_text(f"---\ntitle: {title}\ndate: 2024-05-01\n---\n{body}\n", "utf-8")


def test_entities_survive_update_and_a_parallel_build(tmp_path: Path) -> None:
    """Files added by ``update`` get their entities, and a two-worker build stores the same
    entities and quotes as a serial one (they are made wherever documents are built, from the
    cached analysis too)."""
    src = tmp_path / "src"
    src.mkdir()
    for n, (a) in enumerate(ARTICLES):
        write(src, f"{n}.md", a.title, a.body)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    artindex.build([src], serial, Settings())
    artindex.build([src], parallel, Settings(), workers=2)
    write(src, "new.md", "항만 확장", "최수진 해양수산부 장관은 “항만을 넓히겠다”고 말했다.")
    artindex.update([src], serial, Settings())
    with Index.open(serial, Settings()) as a, Index.open(parallel, Settings()) as b:
        assert [q.speaker for q in a.quotes("항만")] == ["최수진", "박영희"]
        facets_a = a.search("", facets="people,orgs,places").facets
        facets_b = b.search("", facets="people,orgs,places").facets
        assert ("최수진", 1) in facets_a["people"]
        facets_a["people"].remove(("최수진", 1))
        facets_a["orgs"].remove(("해양수산부", 1))
        assert facets_a == facets_b
        assert sorted(q.quote for q in b.quotes("")) == sorted(
            q.quote for q in a.quotes("") if q.speaker != "최수진"
        )


def test_the_opensearch_export_carries_entities_and_quotes(
    index_path: Path, tmp_path: Path
) -> None:
    """The export maps people, orgs and places as keywords and quotes as objects, and each
    bulk document carries them."""
    out = tmp_path / "os"
    result = CliRunner().invoke(
        main, ["export", "opensearch", str(out), "--index", str(index_path)]
    )
    assert result.exit_code == 0, result.output
    props = json.loads((out / "index.json").read_text("utf-8"))["mappings"]["properties"]
    assert props["people"] == props["orgs"] == props["places"] == {"type": "keyword"}
    assert props["quotes"]["properties"]["speaker"] == {"type": "keyword"}
    lines = (out / "bulk-00001.ndjson").read_text("utf-8").splitlines()
    docs = {
        json.loads(a)["index"]["_id"]: json.loads(s)
        for a, s in zip(lines[::2], lines[1::2], strict=True)
    }
    assert docs["port"]["people"] == ["박영희"] and docs["port"]["orgs"] == ["부산항만공사"]
    assert docs["port"]["quotes"] == [
        {"text": "물동량이 늘었다", "speaker": "박영희", "title": "사장"}
    ]
    assert docs["rain"]["places"] == ["제주"]


def test_http_entities_quotes_and_the_quotes_page(idx: Index) -> None:
    """``/api/entities`` and ``/api/quotes`` answer as the CLI's JSON; ``/quotes`` lists the
    quotes; the search page links to it and shows people as filter links."""
    from starlette.testclient import TestClient

    from artindex.server import create_app

    client = TestClient(create_app(idx))
    data = client.get("/api/entities", params={"q": "반도체", "kinds": "people"}).json()
    (person,) = data["entities"]["people"]
    assert person["value"] == "박지훈" and person["count"] == person["background"] == 2
    quotes = client.get("/api/quotes", params={"q": "", "speaker": "김민수"}).json()
    assert [q["speaker"] for q in quotes["quotes"]] == ["김민수", "김민수"]
    assert client.get("/api/quotes", params={"speaker": "x", "bogus": "1"}).status_code == 400
    assert client.get("/api/search", params={"q": "항만", "place": "부산"}).json()["total"] == 1
    page = client.get("/quotes", params={"q": "항만"})
    assert page.status_code == 200 and "물동량이 늘었다" in page.text and "박영희" in page.text
    paths = client.get("/openapi.json").json()["paths"]
    params = [p["name"] for p in paths["/api/quotes"]["get"]["parameters"]]
    assert "speaker" in params and "place" in params and "/api/entities" in paths
    search = client.get("/", params={"q": "항만"})
    assert 'href="/quotes?q=%ED%95%AD%EB%A7%8C"' in search.text
    assert "person=%EB%B0%95%EC%98%81%ED%9D%AC" in search.text  # the 박영희 facet filters
