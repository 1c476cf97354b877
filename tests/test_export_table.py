"""Search results as a table: ``artindex search --format csv|jsonl|xlsx [--all]`` and
``/api/search.csv``, every hit with its fields, CSV with a BOM for Excel."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from artindex import Index, Settings
from artindex.cli import main
from artindex.export.table import BOM, columns
from insightdata import build_insight_index


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_insight_index(tmp_path_factory.mktemp("export") / "index")


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_csv_all_has_a_bom_a_header_and_every_hit_in_rank_order(index_path: Path):
    """`--format csv --all` writes every hit (not the --limit page) in the search's order,
    starting with a BOM, with tags joined and the collapsed copy named in duplicates."""
    out = run(
        "search", "탄소중립", "--format", "csv", "--all", "-n", "2", "--index", str(index_path)
    )
    assert out.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(out[1:])))
    with Index.open(index_path, Settings()) as idx:
        expected = [h.id for h in idx.search("탄소중립", limit=50).hits]
    assert [r["id"] for r in rows] == expected and len(rows) == 6
    assert [r["rank"] for r in rows] == [str(n) for n in range(1, 7)]
    fund = next(r for r in rows if r["id"] == "carbon-5a")
    assert fund["duplicates"] == "carbon-5b" and fund["tags"] == "환경, 경제 > 산업"
    assert fund["source"] == "한빛일보" and fund["date"].startswith("2024-03-20")
    assert set(rows[0]) == set(columns())


def test_without_all_the_page_is_written(index_path: Path):
    """`--format jsonl -n 2` writes the two hits of the page, as JSON objects; `--page 2`
    the next two; with `--all` paging does not apply."""
    args = ("search", "탄소중립", "--format", "jsonl", "-n", "2", "--index", str(index_path))
    records = [json.loads(line) for line in run(*args).splitlines()]
    assert len(records) == 2 and records[0]["rank"] == 1 and "snippet" in records[0]
    second = [json.loads(line) for line in run(*args, "--page", "2").splitlines()]
    assert [r["rank"] for r in second] == [3, 4]
    assert not {r["id"] for r in records} & {r["id"] for r in second}
    assert len(run(*args, "--page", "2", "--all").splitlines()) == 6


def test_all_streams_in_date_order_with_filters(index_path: Path):
    """`--all --sort newest --source 새벽신문` keeps the sort and the filter (no collapse)."""
    out = run(
        "search", "탄소중립", "--format", "jsonl", "--all", "--sort", "newest",
        "--source", "새벽신문", "--no-collapse", "--index", str(index_path),
    )  # fmt: skip
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["carbon-5b", "carbon-2"]


def test_xlsx_is_a_workbook_excel_reads(index_path: Path, tmp_path: Path):
    """`--format xlsx --all -o FILE` writes a workbook with a header row and every hit."""
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "hits.xlsx"
    run("search", "RE100", "--format", "xlsx", "--all", "-o", str(path), "--index", str(index_path))
    sheet = openpyxl.load_workbook(path).active
    values = list(sheet.values)
    assert values[0][:3] == ("rank", "id", "title") and len(values) == 4
    assert {row[1] for row in values[1:]} == {"re100-1", "re100-2", "re100-3"}


def test_xlsx_without_output_is_a_usage_error(index_path: Path):
    """A workbook is never written to the terminal: --format xlsx needs --output."""
    result = CliRunner().invoke(
        main, ["search", "RE100", "--format", "xlsx", "--index", str(index_path)]
    )
    assert result.exit_code == 2 and "--output" in result.output


def test_api_search_csv_exports_every_hit(index_path: Path):
    """`/api/search.csv?q=…` answers every hit as CSV with a BOM; `.jsonl` with `limit`
    the page."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from artindex.server import create_app

    with Index.open(index_path, Settings()) as idx:
        client = TestClient(create_app(idx))
        response = client.get("/api/search.csv", params={"q": "탄소중립"})
        assert response.status_code == 200 and response.headers["content-type"].startswith(
            "text/csv"
        )
        assert response.text.startswith(BOM) and len(response.text.strip().splitlines()) == 7
        lines = client.get("/api/search.jsonl", params={"q": "탄소중립", "limit": "2"}).text
        assert len(lines.splitlines()) == 2
        assert client.get("/api/search.csv").status_code == 400
