"""The private members of Whoosh, Dask and uvicorn that artindex uses are listed in one
place per dependency and checked when an index is opened or written, or a server started:
one removed (here with monkeypatch.delattr, as an upgrade would) fails at once in one line
naming it and the pinned version."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import artindex
from artindex import Article, Settings, pins
from artindex.cli import main
from artindex.engine.private import READ, WRITE, WhooshVersionError

STORY = Article(id="pin-1", title="도서관 야간 개관", body="시립 도서관이 밤 열 시까지 문을 연다.")


@pytest.fixture(autouse=True)
def unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process does: no list checked yet."""
    monkeypatch.setattr(pins, "_checked", set())


def test_every_listed_member_is_there_in_the_pinned_versions() -> None:
    """With the pinned packages installed, every member of every list is found."""
    from artindex.indexing.sent import DASK_MEMBERS
    from artindex.server.run import UVICORN_MEMBERS

    pytest.importorskip("distributed")
    missing = [
        m.label for m in READ + WRITE + DASK_MEMBERS + UVICORN_MEMBERS if not pins.has_member(m)
    ]
    assert missing == []


def test_a_serial_build_refuses_a_whoosh_without_a_member_it_writes_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-process build with SegmentWriter._finalize_segment gone exits 1 with one line
    naming the member and whoosh-reloaded==2.7.5, and writes no generation."""
    from whoosh.writing import SegmentWriter

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("# 도서관 야간 개관\n\n시립 도서관이 문을 연다.\n", "utf-8")
    monkeypatch.delattr(SegmentWriter, "_finalize_segment")
    result = CliRunner().invoke(main, ["build", str(corpus), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert "whoosh.writing.SegmentWriter._finalize_segment" in lines[0]
    assert "whoosh-reloaded==2.7.5" in lines[0]
    assert not list((tmp_path / "ix").glob("gen-*"))


def test_opening_an_index_refuses_a_whoosh_without_a_member_search_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Index.open with MultiTerm._btexts gone raises WhooshVersionError naming it."""
    from whoosh.query import MultiTerm

    artindex.build_articles([STORY], tmp_path / "ix", Settings())
    monkeypatch.setattr(pins, "_checked", set())
    monkeypatch.delattr(MultiTerm, "_btexts")
    with pytest.raises(WhooshVersionError, match=r"whoosh\.query\.MultiTerm\._btexts.*2\.7\.5"):
        artindex.Index.open(tmp_path / "ix", Settings())


def test_a_changed_dask_internal_fails_the_wait_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a Dask worker whose distributed lacks Worker.get_current_task, asking whether the
    client gave the task up raises DependencyError naming it (the worker would otherwise
    wait INBOX_SECONDS for files that never come)."""
    distributed = pytest.importorskip("distributed")
    from artindex.indexing import sent

    monkeypatch.setattr(distributed, "get_worker", lambda: object())  # "on a worker"
    monkeypatch.delattr(distributed.Worker, "get_current_task")
    with pytest.raises(pins.DependencyError, match=r"Worker\.get_current_task.*2026\.8\.0"):
        sent.given_up()


def test_serve_refuses_a_uvicorn_without_the_protocol_it_subclasses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`artindex serve` with uvicorn's HttpToolsProtocol gone exits 1 in one line naming it
    and uvicorn==0.54.0, before opening the index."""
    pytest.importorskip("uvicorn")
    from uvicorn.protocols.http import httptools_impl

    monkeypatch.delattr(httptools_impl, "HttpToolsProtocol")
    result = CliRunner().invoke(main, ["serve", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1, result.output
    line = result.stderr.strip()
    assert "HttpToolsProtocol" in line and "uvicorn==0.54.0" in line and "\n" not in line
