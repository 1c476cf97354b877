"""Keyword trends: counts per period over every match, near-duplicates counted once, several
queries on the same periods; the library, ``artindex trend`` and ``/api/trend``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from artindex import Index, QueryError, Settings
from artindex.cli import main
from artindex.search import trend as trends
from insightdata import KST, build_insight_index


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_insight_index(tmp_path_factory.mktemp("trend") / "index")


@pytest.fixture(scope="module")
def idx(index_path: Path) -> Iterator[Index]:
    with Index.open(index_path, Settings()) as opened:
        yield opened


def test_monthly_counts_cover_every_match_and_count_a_republished_story_once(idx: Index):
    """Per month, 탄소중립 has 3 stories in January, none in February and 2 in March (the
    fund story of two papers counts once); the undated explainer is counted apart."""
    result = idx.trend("탄소중립", interval="month")
    series = result.series[0]
    assert [(b.label, b.count) for b in result.buckets] == [
        ("2024-01", 3), ("2024-02", 0), ("2024-03", 2),
    ]  # fmt: skip
    assert series.total == 6 and series.undated == 1
    assert result.buckets[0].since == "2024-01-01" and result.buckets[0].until == "2024-01-31"


def test_no_collapse_counts_each_copy(idx: Index):
    """With collapse off both copies of the republished story count in March."""
    result = idx.trend("탄소중립", interval="month", collapse=False)
    assert result.series[0].counts == [3, 0, 3]


def test_counts_are_not_cut_to_a_page(idx: Index):
    """The trend counts every match, as many as the search's exact total (collapsed)."""
    found = idx.search("탄소중립", limit=1)
    result = idx.trend("탄소중립", interval="year", collapse=False)
    assert sum(result.series[0].counts) + result.series[0].undated == found.total


def test_two_queries_share_the_same_periods(idx: Index):
    """Side by side, each query gets every period from the first match of either to the
    last, empty ones with 0."""
    result = idx.trend(["탄소중립", "RE100"], interval="month")
    assert [s.query for s in result.series] == ["탄소중립", "RE100"]
    assert [s.counts for s in result.series] == [[3, 0, 2], [1, 0, 2]]


def test_filters_restrict_and_bound_the_periods(idx: Index):
    """``since``/``until`` restrict the matches and set the charted span, by day when short."""
    result = idx.trend("탄소중립", since="2024-03-01", until="2024-03-10")
    assert result.interval == "day"
    assert result.buckets[0].label == "2024-03-01" and result.buckets[-1].label == "2024-03-10"
    assert sum(result.series[0].counts) == 1


def test_interval_is_chosen_from_the_span():
    """A few weeks are charted by day, half a year by week, a few years by month, decades
    by year."""
    start = datetime(2024, 1, 1, tzinfo=KST)
    assert trends.choose_interval(start, datetime(2024, 2, 1, tzinfo=KST)) == "day"
    assert trends.choose_interval(start, datetime(2024, 5, 1, tzinfo=KST)) == "week"
    assert trends.choose_interval(start, datetime(2026, 5, 1, tzinfo=KST)) == "month"
    assert trends.choose_interval(start, datetime(2034, 5, 1, tzinfo=KST)) == "year"


def test_weeks_start_on_monday_and_carry_iso_labels():
    """A Wednesday's week starts on the Monday before it and is labelled with its ISO week."""
    start = trends.period_start(datetime(2024, 3, 20, 15, 0, tzinfo=KST), "week")
    assert start == datetime(2024, 3, 18, tzinfo=KST)
    assert trends.label(start, "week") == "2024-W12"


def test_unknown_interval_is_refused_naming_it(idx: Index):
    """An interval that is none of day, week, month, year is a QueryError naming it."""
    with pytest.raises(QueryError, match="unknown interval 'hour'"):
        idx.trend("탄소중립", interval="hour")


def test_sparkline_scales_to_the_highest_count():
    """The highest count gets the full block, an empty period the lowest, others between."""
    assert trends.sparkline([0, 1, 2, 4]) == "▁▃▅█"


def test_cli_prints_a_table_and_sparklines_side_by_side(index_path: Path):
    """`artindex trend 탄소중립 RE100` prints one row per month with both counts and a
    sparkline per query."""
    result = CliRunner().invoke(
        main, ["trend", "탄소중립", "RE100", "--interval", "month", "--index", str(index_path)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].split() == ["period", "탄소중립", "RE100"]
    assert lines[2].split() == ["2024-01", "3", "1"]
    assert lines[3].split() == ["2024-02", "0", "0"]
    assert lines[-2].startswith("탄소중립  █▁▆") and "(+1 undated)" in lines[-2]
    assert lines[-1].startswith("RE100  ▃▁▆")


def test_cli_says_when_nothing_dated_matched(index_path: Path):
    """A query without matches prints its zero total and no table."""
    result = CliRunner().invoke(main, ["trend", "없는낱말", "--index", str(index_path)])
    assert result.exit_code == 0
    assert result.output.splitlines() == ["stories per month: '없는낱말' 0", "no dated matches"]


def test_cli_json_has_the_library_shape(index_path: Path):
    """`artindex trend --json` prints the Trend's to_dict."""
    result = CliRunner().invoke(
        main, ["trend", "탄소중립", "--interval", "year", "--json", "--index", str(index_path)]
    )
    data = json.loads(result.output)
    assert data["interval"] == "year" and data["collapse"] is True
    assert data["series"][0]["buckets"][0]["count"] == 5
    assert data["series"][0]["buckets"][0]["since"] == "2024-01-01"


def test_api_trend_takes_several_queries_and_filters(idx: Index):
    """`/api/trend?q=…&q=…&interval=month` answers the CLI's JSON; a bad interval is a 400
    naming the parameter."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from artindex.server import create_app

    client = TestClient(create_app(idx))
    params = [("q", "탄소중립"), ("q", "RE100"), ("interval", "month"), ("source", "한빛일보")]
    data = client.get("/api/trend", params=params).json()
    assert [s["query"] for s in data["series"]] == ["탄소중립", "RE100"]
    assert [b["count"] for b in data["series"][0]["buckets"]] == [2, 0, 2]
    bad = client.get("/api/trend", params=[("q", "탄소중립"), ("interval", "hour")])
    assert bad.status_code == 400 and bad.json()["parameter"] == "interval"
    assert client.get("/api/trend").status_code == 400
    described = client.get("/openapi.json").json()["paths"]
    names = [p["name"] for p in described["/api/trend"]["get"]["parameters"]]
    assert names[:2] == ["q", "interval"] and {"since", "source", "collapse"} <= set(names)
    assert {"/api/related", "/api/search.csv", "/api/search.jsonl"} <= set(described)


def test_long_rankings_collapse_exactly_as_short_ones(monkeypatch: pytest.MonkeyPatch):
    """The numpy path for whole match sets groups every document as the pairwise path does:
    the same kept documents, each copy under the first near one, unprinted ones alone; and
    :func:`trend.stories` keeps exactly the groups' heads."""
    import random

    from artindex.search import collapse as collapsing

    rnd = random.Random(3)
    base = [rnd.getrandbits(64) for _ in range(200)]
    prints: list[int | None] = [b ^ (1 << rnd.randrange(64)) for b in base for _ in range(4)]
    prints = [None if rnd.random() < 0.05 else p for p in prints]
    ranked = [(d, 1.0) for d in rnd.sample(range(len(prints)), len(prints))]
    monkeypatch.setattr(collapsing, "VECTOR_FROM", 10**9)
    pairwise = [(g.docnum, g.duplicates) for g in collapsing.collapse(ranked, prints, 6)]
    monkeypatch.setattr(collapsing, "VECTOR_FROM", 0)
    vectored = [(g.docnum, g.duplicates) for g in collapsing.collapse(ranked, prints, 6)]
    assert vectored == pairwise and 200 <= len(pairwise) < len(prints)
    assert trends.stories([d for d, _ in ranked], prints, 6) == [d for d, _ in pairwise]


def test_trend_and_related_are_artindex_types(idx: Index):
    """What trend and related return are artindex's public records, exported by the package,
    with plain values inside (aware datetimes, ints, floats, strings)."""
    import artindex

    result = idx.trend("탄소중립")
    related = idx.related("탄소중립", limit=3)
    assert isinstance(result, artindex.Trend) and isinstance(related, artindex.Related)
    assert all(isinstance(s, artindex.TrendSeries) for s in result.series)
    bucket = result.buckets[0]
    assert isinstance(bucket, artindex.TrendBucket) and bucket.start.tzinfo is not None
    assert isinstance(bucket.count, int) and isinstance(related.terms[0], artindex.RelatedTerm)
    assert isinstance(related.terms[0].score, float) and isinstance(related.terms[0].df, int)
