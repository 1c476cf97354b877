"""The index under real use: builds, incremental updates, manifest checks, locking, crash safety
and searching while a writer commits."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import artindex
from artindex.errors import IndexLockedError, IndexMismatchError, IndexNotFoundError
from artindex.settings import Settings
from artindex.store import IndexDir

ARTICLES = {
    "expo.md": (
        "창조경제박람회 대전서 개막",
        "창조경제박람회는 대전에서 열렸다. 스타트업 300곳이 참가했다.",
    ),
    "telecom.md": ("통신 장애 보상", "통신사는 피해를 본 고객에게 요금을 감면하기로 했다."),
    "budget.md": ("국회 예산안 처리", "국회는 내년도 예산안을 본회의에서 통과시켰다."),
    "wing.md": ("Wing design for efficient aircraft", "Engineers tested a longer, thinner wing."),
    "rain.md": ("장마 시작", "제주에서 장마가 시작됐다. 기상청은 많은 비를 예보했다."),
}


def write_article(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {title}\ndate: 2024-05-01\n---\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, (title, body) in ARTICLES.items():
        write_article(folder, name, title, body)
    return folder


def titles(index: Path, query: str) -> list[str]:
    with artindex.Index.open(index) as idx:
        return [hit.title for hit in idx.search(query, limit=10)]


def test_build_indexes_every_file_and_writes_a_manifest(corpus: Path, tmp_path: Path) -> None:
    """A build indexes every article and writes a manifest naming the format, the article count, the
    analysis versions and artindex's version."""
    report = artindex.build([corpus], tmp_path / "ix")
    assert report.indexed == len(ARTICLES)
    assert report.skipped == ()
    manifest = json.loads((tmp_path / "ix" / "manifest.json").read_text())
    assert manifest["format"] == "artindex-index"
    assert manifest["article_count"] == len(ARTICLES)
    for key in ("analyzer_version", "schema_version", "kiwi_version", "user_dictionary"):
        assert key in manifest["analysis"]
    assert manifest["artindex_version"] == artindex.__version__


def test_a_bad_file_is_reported_and_the_rest_indexed(corpus: Path, tmp_path: Path) -> None:
    """Invalid JSON and an empty file are each skipped with a reason; every other article is
    indexed."""
    (corpus / "broken.json").write_text("{not json", encoding="utf-8")
    (corpus / "empty.md").write_bytes(b"")
    report = artindex.build([corpus], tmp_path / "ix")
    assert report.indexed == len(ARTICLES)
    skipped = {Path(p.path).name: p.reason for p in report.skipped}
    assert set(skipped) == {"broken.json", "empty.md"}
    assert all(reason for reason in skipped.values())


def test_update_adds_changes_and_removes_only_what_changed(corpus: Path, tmp_path: Path) -> None:
    """Update indexes the new and the changed file, removes the deleted one and leaves the rest
    unchanged; the old version of a changed article is gone."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix)
    write_article(corpus, "new.md", "폭염 경보 발령", "서울에 폭염 경보가 내려졌다.")
    write_article(corpus, "rain.md", "장마 종료", "올해 장마가 끝났다. 태풍 소식은 없다.")
    (corpus / "wing.md").unlink()
    report = artindex.update([corpus], ix)
    assert (report.indexed, report.removed, report.unchanged) == (2, 1, 3)
    assert titles(ix, "폭염") == ["폭염 경보 발령"]
    assert titles(ix, "태풍") == ["장마 종료"]
    assert titles(ix, "장마 시작") == ["장마 종료"]  # the old version is gone
    assert titles(ix, "wing") == []
    with artindex.Index.open(ix) as idx:
        assert len(idx) == len(ARTICLES)


def test_update_with_nothing_changed_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    """Update with no file changed indexes nothing and leaves the manifest as it was."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix)
    before = (ix / "manifest.json").read_text()
    report = artindex.update([corpus], ix)
    assert (report.indexed, report.unchanged) == (0, len(ARTICLES))
    assert (ix / "manifest.json").read_text() == before


def test_touching_a_file_without_changing_it_does_not_reindex(corpus: Path, tmp_path: Path) -> None:
    """A file whose mtime changed but whose content did not is not re-indexed (the content hash
    decides)."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix)
    os.utime(corpus / "expo.md", (time.time() + 5, time.time() + 5))
    assert artindex.update([corpus], ix).indexed == 0


def test_update_without_an_index_is_refused_and_creates_nothing(
    corpus: Path, tmp_path: Path
) -> None:
    """Updating where no index is (a mistyped --index) raises IndexNotFoundError and leaves
    no folder behind, instead of building a new index there."""
    with pytest.raises(artindex.IndexNotFoundError, match="no artindex index at"):
        artindex.update([corpus], tmp_path / "ix")
    assert not (tmp_path / "ix").exists()


def test_same_article_in_two_files_is_indexed_once(corpus: Path, tmp_path: Path) -> None:
    """An article found in two files is indexed once and counted as one duplicate."""
    (corpus / "copy.md").write_bytes((corpus / "expo.md").read_bytes())
    report = artindex.build([corpus], tmp_path / "ix")
    assert report.indexed == len(ARTICLES)
    assert report.duplicates == 1
    assert titles(tmp_path / "ix", "박람회") == ["창조경제박람회 대전서 개막"]


def test_build_over_unchanged_files_keeps_the_index(corpus: Path, tmp_path: Path) -> None:
    """A second build of the same files rewrites nothing; a changed file rewrites it all."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix)
    manifest = (ix / "manifest.json").read_text()
    again = artindex.build([corpus], ix)
    assert (again.indexed, again.unchanged) == (0, len(ARTICLES))
    assert (ix / "manifest.json").read_text() == manifest
    write_article(corpus, "rain.md", "장마 종료", "올해 장마가 끝났다.")
    assert artindex.build([corpus], ix).indexed == len(ARTICLES)
    assert titles(ix, "장마") == ["장마 종료"]


def test_old_generations_are_pruned(corpus: Path, tmp_path: Path) -> None:
    """After several builds only the current generation and the one before it remain."""
    ix = tmp_path / "ix"
    for _ in range(4):
        artindex.build([corpus], ix, force=True)
    gens = sorted(p.name for p in ix.iterdir() if p.name.startswith("gen-"))
    assert len(gens) == 2  # the current one and the one before it, for readers in flight


def test_index_with_other_dictionary_is_refused_then_rebuilt(corpus: Path, tmp_path: Path) -> None:
    """An index built without the user dictionary is refused by open and update with it, and rebuilt
    by update --rebuild, after which the dictionary's word is found."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix)
    words = tmp_path / "words.yaml"
    words.write_text("words:\n  - 창조경제박람회\n", encoding="utf-8")
    other = Settings(user_dictionary=str(words))
    with pytest.raises(IndexMismatchError, match="artindex build"):
        artindex.Index.open(ix, other)
    with pytest.raises(IndexMismatchError):
        artindex.update([corpus], ix, other)
    report = artindex.update([corpus], ix, other, rebuild=True)
    assert report.indexed == len(ARTICLES)
    with artindex.Index.open(ix, other) as idx:
        assert idx.search("창조경제박람회").hits


def test_a_folder_without_manifest_is_not_opened(tmp_path: Path) -> None:
    """A folder holding Whoosh-looking files but no artindex manifest is refused with
    IndexNotFoundError naming the manifest."""
    (tmp_path / "ix").mkdir()
    (tmp_path / "ix" / "_MAIN_1.toc").write_bytes(b"\x80\x04not ours")
    with pytest.raises(IndexNotFoundError, match="manifest"):
        artindex.Index.open(tmp_path / "ix")


def test_second_writer_gets_a_clear_error(corpus: Path, tmp_path: Path) -> None:
    """A writer that finds the lock held fails after lock_timeout with IndexLockedError naming the
    holder's pid and command."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix)
    holder = rf"process {os.getpid()} \(artindex build\)"
    with (
        IndexDir(ix).write_lock(what="artindex build"),
        pytest.raises(IndexLockedError, match=holder),
    ):
        artindex.update([corpus], ix, Settings(lock_timeout=0.2))


def _hold_lock_forever(ix: str, ready: str) -> None:
    with IndexDir(ix).write_lock(what="artindex build"):
        Path(ready).touch()
        time.sleep(60)


def test_lock_of_a_killed_writer_is_cleared(corpus: Path, tmp_path: Path) -> None:
    """A writer killed while holding the lock does not block the next writer."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix)
    ready = tmp_path / "ready"
    proc = multiprocessing.get_context("spawn").Process(
        target=_hold_lock_forever, args=(str(ix), str(ready))
    )
    proc.start()
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready.exists()
    os.kill(proc.pid or 0, signal.SIGKILL)
    proc.join()
    write_article(corpus, "new.md", "폭염 경보", "서울에 폭염 경보가 내려졌다.")
    assert artindex.update([corpus], ix, Settings(lock_timeout=2)).indexed == 1


def _run_crashing(args: list[str], crash_at: str) -> int:
    env = dict(os.environ, ARTINDEX_CRASH_AT=crash_at)
    proc = subprocess.run(
        [sys.executable, "-m", "artindex", *args], env=env, capture_output=True, timeout=120
    )
    return proc.returncode


QUERIES = ["박람회", "고객", "장마", "폭염", "wing"]


def _snapshot(ix: Path) -> dict[str, list[str]]:
    return {q: titles(ix, q) for q in QUERIES}


@pytest.mark.parametrize("point", ["first-document", "before-commit", "after-commit", "after-swap"])
@pytest.mark.parametrize("command", ["build", "update"])
def test_killed_writer_leaves_a_searchable_index(
    corpus: Path, tmp_path: Path, command: str, point: str
) -> None:
    """SIGKILL at each stage: the previous index answers exactly as before (or, once the
    manifest was swapped, as the new one), and the next update completes the work."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix)
    before = _snapshot(ix)
    write_article(corpus, "new.md", "폭염 경보 발령", "서울에 폭염 경보가 내려졌다.")
    (corpus / "wing.md").unlink()
    code = _run_crashing([command, str(corpus), "--index", str(ix)], point)
    assert code == -signal.SIGKILL
    after_crash = _snapshot(ix)
    if point == "after-swap":
        assert after_crash["폭염"] == ["폭염 경보 발령"]
    else:
        assert after_crash == before
    report = artindex.update([corpus], ix)
    assert report.skipped == ()
    final = _snapshot(ix)
    assert final["폭염"] == ["폭염 경보 발령"]
    assert final["wing"] == []
    assert final["박람회"] == before["박람회"]
    gens = [p for p in ix.iterdir() if p.name.startswith("gen-")]
    assert len(gens) <= 2


def _search_loop(ix: str, stop_file: str, out: str) -> None:
    idx = artindex.Index.open(ix)
    with open(out, "a", encoding="utf-8") as fh:
        while not Path(stop_file).exists():
            try:
                line = str(idx.search("폭염 OR 박람회 OR 고객", limit=10).total)
            except Exception as exc:  # any error at all fails the test
                line = f"E {exc!r}"
            fh.write(line + "\n")
            fh.flush()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split() if path.exists() else []


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.slow
def test_searches_during_an_update_see_old_or_new_state(corpus: Path, tmp_path: Path) -> None:
    """Four processes search while updates commit: no errors, and every answer is a state
    that existed (2 articles match, then 3, 4, 5 as each update lands)."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix)
    stop = tmp_path / "stop"
    ctx = multiprocessing.get_context("spawn")
    outs = [tmp_path / f"out{i}.txt" for i in range(4)]
    procs = [ctx.Process(target=_search_loop, args=(str(ix), str(stop), str(out))) for out in outs]
    for proc in procs:
        proc.start()
    try:
        assert _wait_for(lambda: all(_lines(out) for out in outs), 120), "searchers never ran"
        for i in range(3):
            write_article(corpus, f"heat{i}.md", f"폭염 {i}", f"폭염 특보 {i}호가 발령됐다.")
            artindex.update([corpus], ix)
        assert _wait_for(lambda: all(_lines(out)[-1:] == ["5"] for out in outs), 60)
    finally:
        stop.touch()
        for proc in procs:
            proc.join(60)
    for out in outs:
        lines = _lines(out)
        assert [line for line in lines if line.startswith("E")] == []
        assert set(lines) <= {"2", "3", "4", "5"}


def test_symlinks_out_of_the_sources_are_not_followed(corpus: Path, tmp_path: Path) -> None:
    """A symlink from the corpus to a folder outside it is not followed."""
    outside = tmp_path / "outside"
    outside.mkdir()
    write_article(outside, "secret.md", "비밀 문서", "외부 폴더의 문서다.")
    (corpus / "link").symlink_to(outside, target_is_directory=True)
    report = artindex.build([corpus], tmp_path / "ix")
    assert report.indexed == len(ARTICLES)
    assert titles(tmp_path / "ix", "비밀") == []


def test_a_full_build_drops_cache_entries_of_texts_no_longer_indexed(
    corpus: Path, tmp_path: Path
) -> None:
    """The analysis cache keeps what the index holds, so it does not grow without bound."""
    import sqlite3

    ix = tmp_path / "ix"
    artindex.build([corpus], ix)
    for i in range(3):
        write_article(corpus, "rain.md", f"장마 {i}", f"올해 장마가 {i}일 이어졌다.")
        artindex.build([corpus], ix)
    with sqlite3.connect(ix / "cache.sqlite") as db:
        (entries,) = db.execute("SELECT COUNT(*) FROM morphs").fetchone()
    assert entries == len(ARTICLES)
