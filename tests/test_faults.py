"""Faults a user meets on the command line end in one line and exit 1, never a traceback:
a read-only or forbidden index, an unreadable corpus file, a mistyped --index.

The tests run as root in CI, where chmod stops no write; a read-only mount or a forbidden
folder is therefore simulated by making every write-mode open or mkdir under the index
folder fail with the OSError the kernel gives (EROFS, EACCES). The real chmod test runs
only when not root."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import artindex
from artindex import Settings
from artindex.cli import main
from artindex.ingest import reader

STORY = "---\ntitle: {title}\ndate: 2025-04-0{day}\n---\n{title} 소식이다. 시민들이 반겼다.\n"
WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_one_line(result: Result, *needles: str) -> None:
    """Exit 1 with one 'artindex: ...' line and no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("artindex: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus of two Korean stories and the index built from it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for day, title in enumerate(["도서관 개관", "벚꽃 축제"], 1):
        (corpus / f"s{day}.md").write_text(STORY.format(title=title, day=day), encoding="utf-8")
    index = tmp_path / "index"
    artindex.build([corpus], index, Settings())
    return corpus, index


def refuse_writes_under(
    monkeypatch: pytest.MonkeyPatch, folder: Path, code: int
) -> Callable[[], int]:
    """Make every write-mode os.open and every mkdir under ``folder`` fail with ``code``
    (what a read-only mount or a folder without write permission does); returns how many
    writes were refused."""
    refused = [0]
    real_open, real_mkdir = os.open, os.mkdir
    inside = str(folder.resolve())

    def under(path: Any) -> bool:
        return str(Path(os.fsdecode(path)).resolve()).startswith(inside)

    def fake_open(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        if flags & WRITES and under(path):
            refused[0] += 1
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real_open(path, flags, *args, **kw)

    def fake_mkdir(path: Any, *args: Any, **kw: Any) -> None:
        if under(path):
            refused[0] += 1
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        real_mkdir(path, *args, **kw)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "mkdir", fake_mkdir)
    return lambda: refused[0]


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.EROFS, "read-only file system"), (errno.EACCES, "permission denied")],
)
@pytest.mark.parametrize("command", [["update"], ["build", "--force"]])
def test_an_unwritable_index_is_one_line_and_stays_searchable(
    built: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    code: int,
    reason: str,
) -> None:
    """`update` and `build --force` on a read-only or forbidden index exit 1 with one line
    naming the reason, and the index still answers as before."""
    corpus, index = built
    (corpus / "s1.md").write_text(STORY.format(title="도서관 휴관", day=1), encoding="utf-8")
    refused = refuse_writes_under(monkeypatch, index, code)
    result = run(*command, corpus, "--index", index)
    monkeypatch.undo()
    assert_one_line(result, reason, "the previous index is unchanged")
    assert refused() >= 1
    with artindex.Index.open(index, Settings()) as idx:
        assert [h.title for h in idx.search("도서관")] == ["도서관 개관"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permissions")
def test_a_folder_without_write_permission_is_one_line(built: tuple[Path, Path]) -> None:
    """With the index folder really chmod'ed read-only, update exits 1 in one line."""
    corpus, index = built
    (corpus / "s1.md").write_text(STORY.format(title="도서관 휴관", day=1), encoding="utf-8")
    index.chmod(0o555)
    try:
        assert_one_line(run("update", corpus, "--index", index), "permission denied")
    finally:
        index.chmod(0o755)


@pytest.mark.parametrize("command", ["update", "remove"])
def test_a_mistyped_index_is_refused_not_created(
    built: tuple[Path, Path], tmp_path: Path, command: str
) -> None:
    """`update` and `remove` with an --index where no index is exit 1 in one line and
    create no folder there."""
    corpus, _ = built
    typo = tmp_path / "indx"
    assert_one_line(run(command, corpus, "--index", typo), f"no artindex index at {typo}")
    assert not typo.exists()


def test_an_unreadable_corpus_file_is_skipped_not_fatal(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A corpus file that cannot be read (permission denied, simulated: root reads
    anything) is one skipped line in `update`, even when it changed in place and only its
    hash would tell, and the other files are indexed."""
    corpus, index = built
    locked = corpus / "s2.md"
    stat = locked.stat()
    (corpus / "s3.md").write_text(STORY.format(title="시장 선거", day=3), encoding="utf-8")
    os.utime(locked, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # touched: hash checked
    real_open, real_read = open, Path.read_bytes

    def deny(path: Any) -> None:
        if Path(path).name == locked.name:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))

    def fake_open(path: Any, *args: Any, **kw: Any) -> Any:
        deny(path)
        return real_open(path, *args, **kw)

    def fake_read_bytes(self: Path) -> bytes:
        deny(self)
        return real_read(self)

    monkeypatch.setattr(reader, "open", fake_open, raising=False)
    monkeypatch.setattr(Path, "read_bytes", fake_read_bytes)
    result = run("update", corpus, "--index", index)
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert f"skipped {locked}: cannot read (Permission denied)" in result.stderr
    with artindex.Index.open(index, Settings()) as idx:
        assert [h.title for h in idx.search("시장 선거")] == ["시장 선거"]


def test_a_missing_corpus_is_one_line(tmp_path: Path) -> None:
    """`build` of a source that does not exist exits 1 naming it."""
    assert_one_line(run("build", tmp_path / "nope", "--index", tmp_path / "ix"), "nope")
    shutil.rmtree(tmp_path / "ix", ignore_errors=True)
