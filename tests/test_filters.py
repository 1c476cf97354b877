"""Filters, sorting, paging, facets, collapsing, explain and snippets (issue 12), through the
API and the CLI, on a small Korean index with a fixed ``now``."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import artindex
from artindex import Article, Index, Settings
from artindex.cli import main
from artindex.errors import IndexMismatchError, QueryError
from artindex.text.simhash import simhash

KST = timezone(timedelta(hours=9))
WIRE = (
    "반도체 수출이 석 달 연속 늘었다. 산업통상자원부는 1일 반도체 수출액이 지난해 같은 달보다 "
    "크게 증가했다고 밝혔다. 메모리 가격 회복과 인공지능 서버 수요가 수출을 이끌었다. "
    "자동차 수출도 전기차를 중심으로 늘었고, 석유제품은 유가 하락으로 줄었다. 지역별로는 "
    "중국과 미국, 아세안 수출이 모두 증가했다. 무역수지는 넉 달째 흑자를 이어갔다. 정부는 "
    "하반기에도 수출 증가세가 이어질 것으로 내다봤다."
)


def article(
    id: str,
    title: str,
    body: str,
    *,
    date: datetime | None,
    tags: tuple[str, ...] = (),
    byline: str = "",
    source: str = "한빛일보",
    lang: str = "ko",
) -> Article:
    return Article(
        id=id, title=title, body=body, byline=byline, date=date, tags=tags, source=source,
        url=f"https://news.example/{id}", lang=lang, path=f"articles/{id}.md",
        fingerprint=simhash(body),
    )  # fmt: skip


ARTICLES = (
    article(
        "a-midnight",
        "반도체 업계 새벽 발표",
        "반도체 업계가 자정이 지나 새 투자 계획을 발표했다. 경기 회복 기대가 커졌다.",
        date=datetime(2024, 6, 1, 0, 30, tzinfo=KST),
        tags=("경제", "반도체"),
        byline="김민수 기자",
        source="연합뉴스",
    ),
    article(
        "a-haig",
        "알렉산더 헤이그 회고록과 반도체",
        "알렉산더 헤이그 전 국무장관의 회고록이 반도체 외교를 다시 조명했다.",
        date=datetime(2024, 5, 31, 23, 0, tzinfo=KST),
        tags=("알렉산더_헤이그", "국제"),
        byline="이영희 기자",
    ),
    article(
        "a-hague",
        "헤이그 협약과 반도체 공급망",
        "네덜란드 헤이그에서 열린 회의가 반도체 공급망 협약을 논의했다.",
        date=datetime(2024, 1, 15, 9, 0, tzinfo=KST),
        tags=("헤이그", "국제"),
        byline="김민수 기자",
    ),
    article(
        "a-wire1",
        "반도체 수출 석 달 연속 증가",
        WIRE,
        date=datetime(2024, 3, 1, 9, 0, tzinfo=KST),
        tags=("경제",),
        source="연합뉴스",
    ),
    article(
        "a-wire2",
        "반도체 수출 석 달 연속 증가",
        WIRE + " 끝.",
        date=datetime(2024, 3, 1, 10, 0, tzinfo=KST),
        tags=("경제",),
        source="솔빛일보",
    ),
    article(
        "a-undated",
        "반도체 인력 양성 계획",
        "정부가 반도체 인재 만 명을 키우기로 했다.",
        date=None,
        tags=("교육",),
    ),
    article(
        "a-expo",
        "창조경제박람회 폐막",
        "올해 창조경제박람회에는 사흘 동안 십만 명이 다녀갔다.",
        date=datetime(2024, 2, 10, 12, 0, tzinfo=KST),
        tags=("경제",),
    ),
    article(
        "e-chips",
        "Chip exports rise",
        "Semiconductor exports rose for a third month.",
        date=datetime(2024, 2, 10, 12, 0, tzinfo=KST),
        byline="By Jane Doe",
        source="Test Times",
        lang="en",
    ),
)
NOW = "2024-06-02T12:00:00+09:00"


@pytest.fixture(scope="module")
def ix(index_path: Path) -> Iterator[Index]:
    with Index.open(index_path, Settings()) as idx:
        yield idx


def ids(result: artindex.SearchResult) -> list[str]:
    return [hit.id for hit in result]


# ----------------------------------------------------------------------------- filters


def test_a_day_is_the_index_time_zone_day(ix: Index) -> None:
    """An article of 2024-06-01 00:30 KST (2024-05-31 in UTC) is found on 2024-06-01, and one
    of 2024-05-31 23:00 KST is not."""
    for result in (
        ix.search("반도체", since="2024-06-01", until="2024-06-01"),
        ix.search("반도체 date:2024-06-01"),
    ):
        assert ids(result) == ["a-midnight"] and result.total == 1
    assert ids(ix.search("반도체", until="2024-05-31", since="2024-05-31")) == ["a-haig"]


def test_a_utc_time_zone_setting_moves_the_day(index_path: Path) -> None:
    """With timezone UTC, `date:2024-05-31` covers the UTC day, not the KST one."""
    with Index.open(index_path, Settings(timezone="UTC")) as idx:
        assert set(ids(idx.search("반도체 date:2024-05-31"))) == {"a-midnight", "a-haig"}


def test_date_syntax_restricts(ix: Index) -> None:
    """`date:` in the query restricts hits to ranges, comparisons and months."""
    everything = ix.search("반도체", collapse=False).total
    assert everything == 6
    assert ids(ix.search("반도체 date:[2024-01-01 TO 2024-01-31]")) == ["a-hague"]
    after = ix.search("반도체 date:>2024-05-31", collapse=False)
    assert ids(after) == ["a-midnight"]
    since = ix.search("반도체 date:>=2024-05-31", collapse=False)
    assert set(ids(since)) == {"a-midnight", "a-haig"}
    before = ix.search("반도체 date:<2024-03-01", collapse=False)
    assert ids(before) == ["a-hague"]
    month = ix.search("반도체 date:2024-03", collapse=False)
    assert set(ids(month)) == {"a-wire1", "a-wire2"} and month.total == 2


def test_tag_is_one_exact_value(ix: Index) -> None:
    """tags:헤이그 restricts to the tag 헤이그, not 알렉산더_헤이그 and not every 헤이그 word."""
    for result in (ix.search("반도체 tags:헤이그"), ix.search("반도체 tag:헤이그"),
                   ix.search("반도체", tag="헤이그")):  # fmt: skip
        assert ids(result) == ["a-hague"] and result.total == 1
    assert ids(ix.search("반도체", tag="알렉산더_헤이그")) == ["a-haig"]
    assert ids(ix.search("반도체", tag="알렉산더 헤이그")) == ["a-haig"]


def test_filters_never_add_hits(ix: Index) -> None:
    """A filter whose value is everywhere in the index still keeps only the query's matches;
    a tag filter on a word the query does not contain adds nothing."""
    plain = set(ids(ix.search("헤이그 회의", collapse=False, limit=50)))
    tagged = ix.search("헤이그 회의 tags:국제", collapse=False, limit=50)
    assert set(ids(tagged)) <= plain and tagged.total == len(tagged.hits) == 2
    assert ix.search("창조경제박람회", tag="국제").total == 0


def test_any_of_several_values_and_kinds_together(ix: Index) -> None:
    """Several values of a filter match any of them; different filters must all match."""
    both = ix.search("반도체", tag=["헤이그", "교육"])
    assert set(ids(both)) == {"a-hague", "a-undated"}
    assert ids(ix.search("반도체", tag=["경제", "국제"], source="연합뉴스", collapse=False)) == [
        "a-midnight",
        "a-wire1",
    ]


def test_source_and_byline_filters(ix: Index) -> None:
    """Source and byline filters, as arguments or query syntax, keep only matching articles."""
    assert set(ids(ix.search("반도체 source:연합뉴스", collapse=False))) == {
        "a-midnight",
        "a-wire1",
    }
    for result in (
        ix.search("반도체", byline="김민수 기자"),
        ix.search('반도체 byline:"김민수 기자"'),
        ix.search("반도체 byline:김민수"),
    ):
        assert set(ids(result)) == {"a-midnight", "a-hague"}, result.filters
    assert ids(ix.search("semiconductor", byline="jane doe")) == ["e-chips"]


def test_lang_filter(ix: Index) -> None:
    """The lang filter keeps only articles in that language."""
    assert ix.search("반도체", lang="en").total == 0
    assert ids(ix.search("semiconductor exports", lang="en")) == ["e-chips"]


def test_a_query_of_filters_only_lists_newest_first(ix: Index) -> None:
    """A query of filters alone lists the matching articles newest first."""
    result = ix.search("tag:경제", collapse=False)
    assert result.sort == "newest"
    assert ids(result) == ["a-midnight", "a-wire2", "a-wire1", "a-expo"]


def test_when_takes_iso_ranges_and_explicit_spans(ix: Index) -> None:
    """`when` accepts an ISO month, an ISO range or a pair of datetimes."""
    assert ids(ix.search("반도체", when="2024-01")) == ["a-hague"]
    assert set(ids(ix.search("반도체", when="2024-05-31..2024-06-01"))) == {
        "a-midnight",
        "a-haig",
    }
    span = (datetime(2024, 6, 1, tzinfo=KST), datetime(2024, 6, 2, tzinfo=KST))
    assert ids(ix.search("반도체", when=span)) == ["a-midnight"]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("어제", {"a-midnight"}),  # now is Sunday 2024-06-02 12:00 KST
        ("이번 주", {"a-midnight", "a-haig"}),
        ("지난달", {"a-haig"}),
        ("2024년 1월", {"a-hague"}),
        ("yesterday", {"a-midnight"}),
    ],
)
def test_when_takes_korean_and_english_phrases_relative_to_now(
    ix: Index, when: str, expected: set[str]
) -> None:
    """Relative phrases are ranges of the index's days, counted from a fixed ``now``."""
    assert set(ids(ix.search("반도체", when=when, now=NOW, collapse=False))) == expected
    in_syntax = ix.search(f"반도체 date:{when.replace(' ', '')}", now=NOW, collapse=False)
    if " " not in when:  # a syntax value is one word
        assert set(ids(in_syntax)) == expected


def test_cli_when_phrase_with_a_fixed_now(index_path: Path) -> None:
    """`search --when 어제 --now` filters to the day before the given now."""
    result = cli("search", "반도체", "--index", index_path, "--when", "어제", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 results for '반도체'")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"since": "yesterday-ish"}, "not a date"),
        ({"sort": "popular"}, "unknown sort"),
        ({"facets": "tags,colour"}, "unknown facet"),
        ({"offset": 10, "page": 2}, "offset or page"),
        ({"when": "someday"}, "unknown date phrase 'someday'"),
    ],
)
def test_bad_options_are_one_line_errors(ix: Index, kwargs: dict[str, Any], message: str) -> None:
    """Bad search options raise a QueryError naming what is wrong."""
    with pytest.raises(QueryError, match=message):
        ix.search("반도체", **kwargs)


def test_an_old_schema_asks_for_a_rebuild(index_path: Path, tmp_path: Path) -> None:
    """Opening an index of an older schema version asks for a rebuild."""
    copy = tmp_path / "old"
    shutil.copytree(index_path, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["analysis"]["schema_version"] = 2
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatchError, match="schema_version"):
        Index.open(copy, Settings())


# ----------------------------------------------------------------------------- sort, paging


def test_sort_newest_and_oldest_put_undated_last(ix: Index) -> None:
    """Sorting newest or oldest first puts undated articles last."""
    newest = ids(ix.search("반도체", sort="newest", collapse=False))
    assert newest == ["a-midnight", "a-haig", "a-wire2", "a-wire1", "a-hague", "a-undated"]
    oldest = ids(ix.search("반도체", sort="oldest", collapse=False))
    assert oldest == ["a-hague", "a-wire1", "a-wire2", "a-haig", "a-midnight", "a-undated"]


def test_equal_scores_are_ordered_by_id(ix: Index) -> None:
    """The two wire copies share title and (nearly) body: a tie broken by id."""
    result = ix.search("석 달 연속 증가", collapse=False, limit=2)
    assert ids(result) == ["a-wire1", "a-wire2"]


def test_pages_are_stable_and_total_exact(ix: Index) -> None:
    """Pages and offsets split the same ranking without overlap, with an exact total."""
    whole = ids(ix.search("반도체", limit=10, collapse=False))
    pages = [ids(ix.search("반도체", limit=2, page=n, collapse=False)) for n in (1, 2, 3, 4)]
    assert [i for page in pages for i in page] == whole and pages[3] == []
    second = ix.search("반도체", limit=2, offset=2, collapse=False)
    assert ids(second) == pages[1] and second.offset == 2 and second.total == 6


# ----------------------------------------------------------------------------- facets


def test_facets_count_the_whole_match_set_not_the_page(ix: Index) -> None:
    """Facets count every match, not only the page, and months list newest first."""
    result = ix.search("반도체", limit=1, facets="tags,source,byline,month", collapse=False)
    assert len(result.hits) == 1
    facets = {name: dict(values) for name, values in result.facets.items()}
    assert facets["tags"] == {
        "경제": 3, "국제": 2, "반도체": 1, "알렉산더_헤이그": 1, "헤이그": 1, "교육": 1,
    }  # fmt: skip
    assert facets["source"] == {"한빛일보": 3, "연합뉴스": 2, "솔빛일보": 1}
    assert facets["byline"] == {"김민수": 2, "이영희": 1}
    assert facets["month"] == {"2024-06": 1, "2024-05": 1, "2024-03": 2, "2024-01": 1}
    assert [m for m, _ in result.facets["month"]] == ["2024-06", "2024-05", "2024-03", "2024-01"]


def test_facets_follow_the_filters(ix: Index) -> None:
    """Facet counts cover only the articles left by the filters."""
    result = ix.search("반도체", facets=["source"], since="2024-03-01")
    assert dict(result.facets["source"]) == {"연합뉴스": 2, "한빛일보": 1, "솔빛일보": 1}
    assert result.total == 4


# ----------------------------------------------------------------------------- collapsing


def test_near_duplicates_collapse_into_the_best_hit(ix: Index) -> None:
    """Near-duplicate wire copies fold into the best hit unless collapse is off."""
    result = ix.search("반도체 수출 증가")
    top = result[0]
    assert top.id == "a-wire1" and top.duplicates == ("a-wire2",)
    assert "a-wire2" not in ids(result)
    off = ix.search("반도체 수출 증가", collapse=False)
    assert ids(off)[:2] == ["a-wire1", "a-wire2"] and off[0].duplicates == ()


def test_collapsing_uses_the_distance_setting(index_path: Path) -> None:
    """collapse_distance 0 keeps near duplicates apart."""
    with Index.open(index_path, Settings(collapse_distance=0)) as idx:
        assert idx.search("반도체 수출 증가")[0].duplicates == ()


# ----------------------------------------------------------------------------- explain, recency


@pytest.mark.parametrize(
    "query", ["반도체 수출 증가", "반도체", "semiconductor exports", "반도체 AND 수출", "람회"]
)
def test_explain_parts_add_up_to_the_score(ix: Index, query: str) -> None:
    """With explain, each hit's parts sum to its score."""
    result = ix.search(query, explain=True, now=NOW, recent=30.0, collapse=False)
    assert result.hits
    for hit in result:
        assert hit.explain
        assert sum(value for _, value in hit.explain) == pytest.approx(hit.score, rel=1e-9)


def test_explain_names_words_fields_bigrams_coordination_and_recency(ix: Index) -> None:
    """Explain parts name word and field, bigrams, coordination and recency."""
    hit = ix.search("반도체 업계 태풍", explain=True, recent=True, now=NOW)[0]
    parts = dict(hit.explain)
    assert hit.id == "a-midnight"
    assert {"반도체 in title", "반도체 in body", "업계 in body", "bigrams"} <= set(parts)
    assert "recency" in parts and "coordination" in parts
    assert ix.search("반도체 업계 태풍")[0].explain == ()


def test_recency_boost_prefers_newer_articles_with_a_half_life(ix: Index) -> None:
    """A recency half-life ranks newer articles higher, by the documented factor."""
    plain = ix.search("반도체", collapse=False)
    recent = ix.search("반도체", collapse=False, recent=30.0, now=NOW)
    assert ids(plain)[1] == "a-undated"
    assert ids(recent)[:2] == ["a-midnight", "a-haig"]  # newest first
    assert ids(recent).index("a-undated") > ids(recent).index("a-haig")
    explained = ix.search("반도체", explain=True, recent=30.0, now=NOW)[0]
    age = (datetime.fromisoformat(NOW) - datetime(2024, 6, 1, 0, 30, tzinfo=KST)).total_seconds()
    factor = 0.5 ** (age / 86400 / 30.0)
    assert dict(explained.explain)["recency"] == pytest.approx(
        explained.score * factor / (1 + factor)
    )


def test_recency_setting_applies_without_the_flag(index_path: Path) -> None:
    """recency_half_life_days applies with no flag and `recent=False` turns it off."""
    with Index.open(index_path, Settings(recency_half_life_days=1.0)) as idx:
        assert ids(idx.search("반도체", now=NOW, collapse=False))[0] == "a-midnight"
        assert ids(idx.search("반도체", now=NOW, collapse=False, recent=False))[1] == "a-undated"


# ----------------------------------------------------------------------------- snippets


def test_a_hit_matched_only_through_a_compound_part_is_highlighted(ix: Index) -> None:
    """람회 is no word of the article, only a piece inside the noun 박람회 (Kiwi keeps it whole):
    it matches through the compound parts and is highlighted; 람회장, which shares only the
    syllable pair 람회, no longer matches (issue 20)."""
    assert ix.search("람회장", correct=False).total == 0
    hit = ix.search("람회", correct=False)[0]
    assert hit.id == "a-expo"
    assert hit.highlights
    assert {hit.snippet[s:e] for s, e in hit.highlights} == {"람회"}
    assert [hit.title[s:e] for s, e in hit.title_highlights] == ["람회"]


def test_title_matches_are_highlighted(ix: Index) -> None:
    """Query words found in a title are given as title highlights."""
    hit = ix.search("헤이그 협약")[0]
    assert hit.id == "a-hague"
    assert [hit.title[s:e] for s, e in hit.title_highlights] == ["헤이그", "협약"]


# ----------------------------------------------------------------------------- CLI


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_cli_filters_sort_page_and_facets(index_path: Path) -> None:
    """CLI filter, sort, page and facet flags shape the printed results."""
    result = cli(
        "search", "반도체", "--index", index_path, "--sort", "newest", "--since", "2024-03-01",
        "--tag", "경제", "--tag", "국제", "--facets", "tags,month", "-n", "2",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("4 results for '반도체', showing 1-2")
    assert "filters: tag 경제, 국제; since 2024-03-01T00:00:00+09:00" in result.stdout
    titles = re.findall(r"^ ?\d+\. (.+?)  \[", result.stdout, re.MULTILINE)
    assert titles == ["반도체 업계 새벽 발표", "알렉산더 헤이그 회고록과 반도체"]
    assert "tags: 경제 3, 국제 1, 반도체 1, 알렉산더_헤이그 1" in result.stdout
    assert "month: 2024-06 1, 2024-05 1, 2024-03 2" in result.stdout


def test_cli_json_keys_match_the_api(index_path: Path) -> None:
    """`search --json` has the API's keys for filters, facets, hits and explain."""
    result = cli(
        "search", "반도체 수출 증가", "--index", index_path, "--json", "--page", "1",
        "--byline", "김민수 기자", "--source", "연합뉴스", "--lang", "ko", "--facets", "source",
        "--explain", "--recent", "--now", NOW, "--until", "2024-12-31",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"total", "offset", "sort", "filters", "facets", "hits"} <= set(data)
    assert set(data["filters"]) == {"byline", "source", "lang", "until"}
    assert data["facets"] == {"source": [{"value": "연합뉴스", "count": 1}]}
    [hit] = data["hits"]
    assert hit["id"] == "a-midnight" and hit["duplicates"] == []
    parts = {p["part"] for p in hit["explain"]}
    assert "recency" in parts
    assert sum(p["score"] for p in hit["explain"]) == pytest.approx(hit["score"], abs=1e-4)


def test_cli_shows_collapsed_copies_and_no_collapse(index_path: Path) -> None:
    """The CLI lists collapsed copies under a hit, and `--no-collapse` lists them apart."""
    collapsed = cli("search", "반도체 수출 증가", "--index", index_path)
    assert "+1 similar: a-wire2" in collapsed.stdout
    assert "a-wire2  articles" not in collapsed.stdout
    flat = cli("search", "반도체 수출 증가", "--index", index_path, "--no-collapse")
    assert "similar" not in flat.stdout and "a-wire2  articles/a-wire2.md" in flat.stdout


def test_cli_offset_pages_and_query_syntax_filters(index_path: Path) -> None:
    """`--offset` and `--page` give the same hits under a `date:` filter in the query."""
    second = cli("search", "반도체 date:2024", "--index", index_path, "-n", "2", "--offset", "2",
                 "--no-collapse", "--json")  # fmt: skip
    page = cli("search", "반도체 date:2024", "--index", index_path, "-n", "2", "--page", "2",
               "--no-collapse", "--json")  # fmt: skip
    assert json.loads(second.stdout)["hits"] == json.loads(page.stdout)["hits"]
    assert json.loads(page.stdout)["total"] == 5


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("반도체", "--since", "2024-13-01"), "not a valid date"),
        (("반도체 date:someday",), "date:someday"),
        (("반도체", "--facets", "colour"), "unknown facet"),
    ],
)
def test_cli_bad_filters_are_one_line_errors(
    index_path: Path, args: tuple[str, ...], needle: str
) -> None:
    """A bad filter flag exits 1 with a one-line message naming it."""
    result = cli("search", *args, "--index", index_path)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr
