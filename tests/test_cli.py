"""cli: every command driven through click's CliRunner against real temporary indexes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import artindex
from artindex import Article
from artindex.cli import main
from conftest import CORPUS, ROOT

SUMMARY = re.compile(r"^indexed (\d+), skipped (\d+)(?:, unchanged (\d+))?(?:, removed (\d+))?")


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def summary(result: Result) -> dict[str, int]:
    """The numbers of the 'indexed N, skipped M[, unchanged U][, removed R]' line."""
    m = SUMMARY.search(result.stdout)
    assert m, result.stdout
    names = ("indexed", "skipped", "unchanged", "removed")
    return {n: int(v) for n, v in zip(names, m.groups(), strict=True) if v is not None}


def assert_one_line_error(result: Result, *needles: str) -> None:
    """Exit 1 with one 'artindex: ...' line on stderr and no traceback."""
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("artindex: ")
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0]


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command: str) -> None:
    """`artindex COMMAND --help` exits 0 and prints a usage line and a description."""
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: ")
    assert f" {command} " in result.stdout.splitlines()[0]
    first_line = (main.commands[command].help or "").strip().splitlines()[0]
    assert first_line[:30] in result.stdout


def test_group_help_lists_every_command() -> None:
    """`artindex --help` lists every command."""
    result = run("--help")
    assert result.exit_code == 0
    for command in main.commands:
        assert command in result.stdout


def test_python_m_artindex_runs_the_cli() -> None:
    """`python -m artindex --help` runs the same command line."""
    proc = subprocess.run(
        [sys.executable, "-m", "artindex", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "search" in proc.stdout and "build" in proc.stdout


def test_unknown_option_is_a_usage_error() -> None:
    """An unknown option exits 2 (click's usage error)."""
    result = run("search", "고객", "--no-such-option")
    assert result.exit_code == 2
    assert "no-such-option" in result.stderr


# --- build -----------------------------------------------------------------------------------


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A folder with two good Markdown articles and one broken JSON file."""
    folder = tmp_path / "src"
    folder.mkdir()
    for name in ("startup-expo-daejeon.md", "wing-design.md"):
        shutil.copy(CORPUS / "markdown" / name, folder / name)
    (folder / "broken.json").write_text('{"title": broken', encoding="utf-8")
    return folder


def test_build_reports_a_bad_file_as_skipped_and_succeeds(sources: Path, tmp_path: Path) -> None:
    """build indexes the good files, names the bad one with its reason, and exits 0."""
    result = run("build", sources, "--index", tmp_path / "index")
    assert result.exit_code == 0, result.output
    assert summary(result) == {"indexed": 2, "skipped": 1}
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1
    assert str(sources / "broken.json") in skipped[0]
    assert "not valid JSON" in skipped[0]


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of corpus/markdown built through the CLI once for the read-only commands."""
    path = tmp_path_factory.mktemp("cli") / "index"
    result = run("build", CORPUS / "markdown", "--index", path)
    assert result.exit_code == 0, result.output
    return path


# --- search ----------------------------------------------------------------------------------


def test_search_prints_ranked_hits(cli_index: Path) -> None:
    """search prints a result count and the best hit's title first, and exits 0."""
    result = run("search", "박람회", "--index", cli_index)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("1 results for '박람회'")
    assert lines[1].startswith(" 1. 대전서 스타트업 320곳")
    assert "박람회" in result.stdout


def test_search_json_has_the_documented_keys(cli_index: Path) -> None:
    """search --json prints one JSON object with query, total, took_ms and hits."""
    result = run("search", "장마", "--index", cli_index, "--json", "--limit", "3")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"query", "total", "took_ms", "hits"} <= set(data)
    assert data["query"] == "장마"
    keys = {"id", "title", "byline", "date", "tags", "source", "url", "path", "score"}
    keys |= {"snippet", "highlights"}
    assert data["hits"] and all(keys <= set(hit) for hit in data["hits"])
    assert data["hits"][0]["path"].endswith("rainy-season-forecast.md")


def test_search_on_a_missing_index_says_to_build(tmp_path: Path) -> None:
    """search without an index exits 1 with one line telling the user to run `artindex build`."""
    result = run("search", "고객", "--index", tmp_path / "nowhere")
    assert_one_line_error(result, "artindex build")


@pytest.mark.parametrize("query", ["date:xyz", "((("])
def test_malformed_query_is_one_line_error(cli_index: Path, query: str) -> None:
    """A malformed query exits 1 with one line and no traceback."""
    assert_one_line_error(run("search", query, "--index", cli_index), query)


# --- ingest ----------------------------------------------------------------------------------


def test_ingest_json_prints_one_article_per_line() -> None:
    """ingest --json prints one JSON object per article, each with every Article field."""
    path = CORPUS / "jsonl" / "wire.jsonl"
    result = run("ingest", "--json", path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    records = [json.loads(line) for line in lines]
    expected_count = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line)
    assert len(records) == expected_count > 1
    names = {f.name for f in fields(Article)}
    assert all(set(r) == names for r in records)
    assert len({r["id"] for r in records}) == len(records)


def test_ingest_explain_shows_the_role_of_each_line() -> None:
    """ingest --explain on a page dump prints one row per input line with its role; the
    headline line is given the title role."""
    path = CORPUS / "pages" / "solbit" / "exports-semiconductor.txt"
    result = run("ingest", "--explain", path)
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert len(rows) == len(path.read_text(encoding="utf-8").splitlines())
    title_rows = [r for r in rows if re.match(r"^\s*\d+ title\s", r)]
    assert len(title_rows) == 1
    assert "1월 수출 18% 늘었다" in title_rows[0]
    assert any(re.match(r"^\s*\d+ body\s", r) for r in rows)


# --- show, stats, analyze --------------------------------------------------------------------


def test_show_prints_the_stored_article(cli_index: Path) -> None:
    """show ID prints the article's title and body; --json prints its fields."""
    hit = json.loads(run("search", "박람회", "--index", cli_index, "--json").stdout)["hits"][0]
    result = run("show", hit["id"], "--index", cli_index)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(hit["title"])
    assert "창조경제박람회는" in result.stdout
    data = json.loads(run("show", hit["id"], "--index", cli_index, "--json").stdout)
    assert data["id"] == hit["id"] and data["title"] == hit["title"]


def test_show_unknown_id_is_one_line_error(cli_index: Path) -> None:
    """show with an id not in the index exits 1 with one line."""
    assert_one_line_error(run("show", "no-such-id", "--index", cli_index), "no-such-id")


def test_stats_counts_the_articles(cli_index: Path) -> None:
    """stats prints the article count; --json gives the same numbers."""
    n_files = len(list((CORPUS / "markdown").glob("*.md")))
    result = run("stats", "--index", cli_index)
    assert result.exit_code == 0, result.output
    assert f"articles    {n_files} from {n_files} files" in result.stdout
    data = json.loads(run("stats", "--index", cli_index, "--json").stdout)
    assert data["articles"] == n_files
    assert sum(data["languages"].values()) == n_files


def test_analyze_prints_tokens_with_offsets() -> None:
    """analyze prints each token with offsets that slice the input; --json likewise."""
    text = "모든 고객에게 사과했다"
    result = run("analyze", text)
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [r[0] for r in rows] == ["모든", "고객", "사과"]
    for _, _, span, surface in rows:
        start, end = map(int, span.split("-"))
        assert text[start:end] == surface
    tokens = json.loads(run("analyze", text, "--json").stdout)
    assert [(t["text"], text[t["start"] : t["end"]]) for t in tokens][1] == ("고객", "고객")


# --- update ----------------------------------------------------------------------------------


def test_update_reindexes_changed_and_removes_deleted_files(tmp_path: Path) -> None:
    """After one file changes, update reports indexed 1 and the rest unchanged; after one is
    deleted, it reports removed 1; the search results follow."""
    src = tmp_path / "corpus"
    shutil.copytree(CORPUS / "markdown", src)
    index = tmp_path / "index"
    total = len(list(src.glob("*.md")))
    assert summary(run("build", src, "--index", index))["indexed"] == total

    changed = src / "wing-design.md"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nA new paragraph about zeppelins.\n",
        encoding="utf-8",
    )
    result = run("update", src, "--index", index)
    assert result.exit_code == 0, result.output
    assert summary(result) == {"indexed": 1, "skipped": 0, "unchanged": total - 1}
    assert json.loads(run("search", "zeppelins", "--index", index, "--json").stdout)["total"] == 1

    (src / "riverside-marathon.md").unlink()
    result = run("update", src, "--index", index)
    assert result.exit_code == 0, result.output
    assert summary(result) == {"indexed": 0, "skipped": 0, "unchanged": total - 1, "removed": 1}
    stats = json.loads(run("stats", "--index", index, "--json").stdout)
    assert stats["articles"] == total - 1


def test_version_option() -> None:
    """--version prints the package version."""
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"artindex, version {artindex.__version__}"
