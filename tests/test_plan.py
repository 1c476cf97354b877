"""indexing/plan.py decides what a write does with each file, without reading an article or
loading Whoosh: a new file is ingested, a changed one re-ingested and its record deleted, a
gone one deleted, a touched but identical one kept; an update looks only inside its scope."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from artindex.errors import IngestError, SourceError
from artindex.indexing.plan import (
    Scope,
    merge_sources,
    orphans,
    plan_files,
    scope,
    scoped_plan,
    source_key,
)
from artindex.store import FileRecord


def record(path: Path, *ids: str) -> FileRecord:
    """The record a build would have written for ``path`` as it is now."""
    info = path.stat()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return FileRecord(info.st_size, info.st_mtime_ns, digest, ids)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """Four small Korean stories in a folder."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    names = {
        "kept": "박람회 개막",
        "touched": "장마 시작",
        "changed": "폭염 경보",
        "new": "태풍 북상",
    }
    return {k: _write(folder / f"{k}.md", v) for k, v in names.items()}


def _write(path: Path, title: str) -> Path:
    path.write_text(f"# {title}\n\n{title} 소식이다.\n", encoding="utf-8")
    return path


def test_each_file_is_kept_ingested_or_deleted_as_it_changed(files: dict[str, Path]) -> None:
    """Kept: same size and mtime; touched: same content, new mtime (kept, new mtime
    recorded); changed: re-ingested and its old record deleted; new: ingested; a recorded
    file no longer found: deleted."""
    old = {source_key(files[k]): record(files[k], k) for k in ("kept", "touched", "changed")}
    gone = files["kept"].parent / "gone.md"
    old[source_key(gone)] = FileRecord(10, 1, "0" * 64, ("gone",))
    stat = files["touched"].stat()
    os.utime(files["touched"], ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    _write(files["changed"], "폭염 경보 해제")
    plan = plan_files(sorted(files.values()), old)
    assert sorted(p.name for p in plan.ingest) == ["changed.md", "new.md"]
    assert sorted(Path(k).name for k in plan.delete) == ["changed.md", "gone.md"]
    assert sorted(Path(k).name for k in plan.keep) == ["kept.md", "touched.md"]
    touched = plan.keep[source_key(files["touched"])]
    assert touched.mtime_ns == files["touched"].stat().st_mtime_ns and touched.ids == ("touched",)
    assert plan.unchanged == 2 and plan.changes


def test_nothing_changed_is_a_plan_without_changes(files: dict[str, Path]) -> None:
    """When every recorded file is there unchanged, the plan ingests and deletes nothing."""
    old = {source_key(p): record(p, k) for k, p in files.items()}
    plan = plan_files(sorted(files.values()), old)
    assert (plan.ingest, plan.delete, plan.unchanged, plan.changes) == ([], [], 4, False)


def test_an_update_scope_keeps_every_record_outside_it(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """Records outside the updated folder are kept even when their file is gone."""
    other = tmp_path / "other" / "memo.md"
    old = {source_key(files["kept"]): record(files["kept"], "kept")}
    old[source_key(other)] = FileRecord(5, 1, "0" * 64, ("memo",))
    corpus = str(files["kept"].parent)
    where = scope([corpus], [corpus, str(other.parent)], False, tmp_path / "ix")
    assert isinstance(where, Scope) and where.missing == [str(other.parent)]
    plan = scoped_plan(sorted(files.values()), old, where)
    assert source_key(other) in plan.keep and plan.delete == []


@pytest.mark.parametrize(
    ("given", "recorded", "error"),
    [(["없는폴더"], [], IngestError), ([], [], SourceError)],
)
def test_a_scope_that_cannot_be_walked_is_refused(
    tmp_path: Path, given: list[str], recorded: list[str], error: type[Exception]
) -> None:
    """A given path that does not exist, or no path on an index recording none, is refused."""
    with pytest.raises(error):
        scope([str(tmp_path / g) for g in given], recorded, False, tmp_path / "ix")


@pytest.mark.parametrize(
    ("recorded", "added", "merged"),
    [
        (["/c/a"], ["/c"], ["/c"]),  # a parent replaces its children
        (["/c"], ["/c/a"], ["/c"]),  # a child of a recorded source adds nothing
        (["/c/a"], ["/c/b"], ["/c/a", "/c/b"]),
        (["/c/ab"], ["/c/a"], ["/c/a", "/c/ab"]),  # a name prefix is not a parent
    ],
)
def test_sources_merge_without_one_inside_another(
    recorded: list[str], added: list[str], merged: list[str]
) -> None:
    """Recorded and added sources merge into a list where none is inside another."""
    assert merge_sources(recorded, added) == merged


def test_orphans_are_ids_no_kept_file_or_code_still_gives() -> None:
    """The ids that leave with removed files exclude those a kept file or code also gives."""
    gone = [FileRecord(1, 1, "a", ("기사-1", "기사-2", "기사-3"))]
    keep = {"/c/k.md": FileRecord(1, 1, "b", ("기사-2",))}
    assert orphans(gone, {"기사-3"}, keep) == {"기사-1"}


def test_planning_loads_no_whoosh() -> None:
    """Importing the planner loads neither Whoosh nor artindex's engine."""
    probe = (
        "import sys, artindex.indexing.plan; "
        "print([m for m in ('whoosh', 'artindex.engine') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
