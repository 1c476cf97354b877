"""What artindex promises a user who trusts it with an archive (docs/reliability.md), each
promise shown by a test: updates touch only what they were given, the same file is the same
file by any path, removal is explicit, articles from code survive file updates, write faults
(full disk, Ctrl-C, SIGKILL) leave the previous index serving with nothing half-written left,
special files are never read, long articles are indexed up to a limit, bad dates keep the
article."""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import artindex
from artindex import Article, ArticleError, Index, IndexWriteError, Settings, SourceError
from artindex.cli import main
from artindex.store import IndexDir

NEWS = {  # folder/name: (title, body)
    "json/expo.json": ("창조경제박람회 대전서 개막", "창조경제박람회는 대전에서 열렸다."),
    "json/telecom.json": ("통신 장애 보상", "통신사는 피해를 본 고객에게 요금을 감면했다."),
    "md/budget.md": ("국회 예산안 처리", "국회는 내년도 예산안을 본회의에서 통과시켰다."),
    "md/rain.md": ("장마 시작", "제주에서 장마가 시작됐다. 기상청은 많은 비를 예보했다."),
}
QUERIES = ("박람회", "고객", "예산안", "장마", "폭염")


def write_news(root: Path, name: str, title: str, body: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(json.dumps({"title": title, "body": body}, ensure_ascii=False), "utf-8")
    else:
        path.write_text(f"---\ntitle: {title}\ndate: 2024-05-01\n---\n\n{body}\n", "utf-8")
    return path


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for name, (title, body) in NEWS.items():
        write_news(root, name, title, body)
    return root


def titles(ix: Path, query: str) -> list[str]:
    with Index.open(ix, Settings()) as idx:
        return sorted(hit.title for hit in idx.search(query, limit=20))


def snapshot(ix: Path) -> dict[str, list[str]]:
    return {q: titles(ix, q) for q in QUERIES}


def generations(ix: Path) -> list[str]:
    return sorted(p.name for p in ix.iterdir() if p.name.startswith("gen-"))


def current_generation(ix: Path) -> str:
    return str(json.loads((ix / "manifest.json").read_text())["generation"])


def no_partial_generation(ix: Path) -> bool:
    """Nothing newer than the generation the manifest names, and no temporary manifest."""
    current = current_generation(ix)
    leftovers = [g for g in generations(ix) if g > current]
    return not leftovers and not list(ix.glob(".manifest.json.*"))


# ---------------------------------------------------------------- 1. sources and scoped updates


def test_update_of_one_folder_never_touches_articles_from_elsewhere(
    corpus: Path, tmp_path: Path
) -> None:
    """Updating one folder leaves the articles of files elsewhere, even deleted ones, until an
    update of the recorded sources removes them."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix, Settings())
    (corpus / "md" / "rain.md").unlink()  # outside the folder updated next
    write_news(corpus, "json/heat.json", "폭염 경보", "서울에 폭염 경보가 내려졌다.")
    report = artindex.update([corpus / "json"], ix, Settings())
    assert (report.indexed, report.removed, report.unchanged) == (1, 0, 2)
    assert titles(ix, "예산안") == ["국회 예산안 처리"]
    assert titles(ix, "장마") == ["장마 시작"]  # its file is gone, but it was not in scope
    assert titles(ix, "폭염") == ["폭염 경보"]
    report = artindex.update([], ix, Settings())  # the recorded source: the whole corpus
    assert (report.removed, report.removed_articles) == (1, 1)
    assert titles(ix, "장마") == []


def test_the_index_records_its_sources_resolved(corpus: Path, tmp_path: Path) -> None:
    """The manifest records sources as resolved paths, adds those an update names, and a parent
    folder replaces its children."""
    ix = tmp_path / "ix"
    artindex.build([corpus / "json"], ix, Settings())
    manifest = json.loads((ix / "manifest.json").read_text())
    assert manifest["sources"] == [str((corpus / "json").resolve())]
    report = artindex.update([corpus / "md"], ix, Settings())
    assert report.indexed == 2
    assert sorted(report.sources) == sorted(
        str(p.resolve()) for p in (corpus / "json", corpus / "md")
    )
    report = artindex.update([corpus], ix, Settings())  # a parent replaces its children
    assert report.sources == (str(corpus.resolve()),)
    assert report.indexed == 0 and report.unchanged == 4


def test_the_same_file_by_relative_absolute_or_symlinked_path_is_the_same_file(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A corpus named by a relative, an absolute or a symlinked path is the same files: nothing is
    re-indexed or removed."""
    ix = tmp_path / "ix"
    artindex.build([corpus.resolve()], ix, Settings())
    monkeypatch.chdir(tmp_path)
    report = artindex.update(["corpus"], ix, Settings())
    assert (report.indexed, report.removed, report.unchanged) == (0, 0, 4)
    link = tmp_path / "linked"
    link.symlink_to(corpus, target_is_directory=True)
    report = artindex.update([link], ix, Settings())
    assert (report.indexed, report.removed, report.unchanged) == (0, 0, 4)
    assert artindex.build(["corpus"], ix, Settings()).unchanged == 4


def test_a_missing_source_keeps_its_articles_until_pruned(corpus: Path, tmp_path: Path) -> None:
    """A recorded source that disappeared keeps its articles with a warning until update --prune
    removes them and the source."""
    ix = tmp_path / "ix"
    artindex.build([corpus / "json", corpus / "md"], ix, Settings())
    shutil.move(corpus / "json", tmp_path / "unplugged")
    report = artindex.update([], ix, Settings())
    assert report.removed == 0
    assert any("source not found; its 2 articles are kept" in str(w) for w in report.warnings)
    assert titles(ix, "박람회") == ["창조경제박람회 대전서 개막"]
    report = artindex.update([], ix, Settings(), prune=True)
    assert (report.removed, report.removed_articles) == (2, 2)
    assert report.sources == (str((corpus / "md").resolve()),)
    assert titles(ix, "박람회") == []


def test_update_of_a_path_that_does_not_exist_removes_nothing(corpus: Path, tmp_path: Path) -> None:
    """Updating a path that does not exist raises IngestError pointing at `artindex remove` and
    removes nothing."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix, Settings())
    with pytest.raises(artindex.IngestError, match="artindex remove"):
        artindex.update([corpus / "gone"], ix, Settings())
    assert len(artindex.Index.open(ix, Settings())) == 4


def test_update_without_sources_on_an_index_that_records_none_is_refused(
    tmp_path: Path,
) -> None:
    """Update without sources on an index built from articles (no sources recorded) raises
    SourceError."""
    ix = tmp_path / "ix"
    artindex.build_articles([Article(id="a", title="제목", body="본문")], ix, Settings())
    with pytest.raises(SourceError, match="records no sources"):
        artindex.update([], ix, Settings())


def test_remove_drops_a_source_and_says_how_many(corpus: Path, tmp_path: Path) -> None:
    """remove drops a source's files and articles, says how many, keeps it out of later updates, and
    refuses a second time."""
    ix = tmp_path / "ix"
    artindex.build([corpus / "json", corpus / "md"], ix, Settings())
    report = artindex.remove([corpus / "json"], ix, Settings())
    assert (report.removed, report.removed_articles) == (2, 2)
    assert report.sources == (str((corpus / "md").resolve()),)
    assert snapshot(ix)["박람회"] == [] and snapshot(ix)["예산안"] == ["국회 예산안 처리"]
    assert artindex.update([], ix, Settings()).indexed == 0  # json/ stays out
    with pytest.raises(SourceError, match="nothing in the index"):
        artindex.remove([corpus / "json"], ix, Settings())


def run_cli(*args: object) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_cli_update_remove_and_prune(corpus: Path, tmp_path: Path) -> None:
    """The update and remove commands report what they removed, and remove of nothing indexed is one
    error line."""
    ix = tmp_path / "ix"
    assert run_cli("build", corpus / "json", corpus / "md", "--index", ix).exit_code == 0
    (corpus / "md" / "rain.md").unlink()
    result = run_cli("update", corpus / "json", "--index", ix)
    assert result.exit_code == 0, result.output
    assert "removed" not in result.output and "unchanged 2" in result.output
    result = run_cli("update", "--index", ix)
    assert "removed 1 files (1 articles)" in result.output
    result = run_cli("remove", corpus / "json", "--index", ix)
    assert result.exit_code == 0
    assert "removed 2 files (2 articles)" in result.output
    result = run_cli("remove", corpus / "json", "--index", ix)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "nothing in the index" in result.output


# ---------------------------------------------------------------- 2. articles from code


def code_article(id: str, title: str, body: str, **kw: Any) -> Article:
    return Article(id=id, title=title, body=body, **kw)


def test_articles_added_from_code_survive_updates_and_builds(corpus: Path, tmp_path: Path) -> None:
    """An article added from code stays through an update, a forced rebuild and the removal of every
    file source."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix, Settings())
    report = artindex.add_articles(
        [code_article("memo-1", "폭염 특보 속보", "전국에 폭염 특보가 내려졌다.")], ix, Settings()
    )
    assert report.indexed == 1
    (corpus / "md" / "rain.md").unlink()
    assert artindex.update([corpus], ix, Settings()).removed_articles == 1
    assert titles(ix, "폭염") == ["폭염 특보 속보"]
    artindex.build([corpus], ix, Settings(), force=True)  # a full rebuild carries it over
    assert titles(ix, "폭염") == ["폭염 특보 속보"]
    assert artindex.remove([corpus], ix, Settings()).removed_articles == 3
    assert titles(ix, "폭염") == ["폭염 특보 속보"]


def test_index_add_replaces_by_id_normalizes_and_delete_removes(tmp_path: Path) -> None:
    """Index.add gives an article without an id one, replaces by id with NFC-normalized text, and
    Index.delete removes it once."""
    ix = tmp_path / "ix"
    first = Article(id="", title="박람회 개막", body="대전에서 박람회가 열렸다.", tags=["행사"])
    artindex.add_articles([first], ix, Settings())  # creates the index
    with Index.open(ix, Settings()) as idx:
        [hit] = idx.search("박람회").hits
        assert hit.id.startswith("sha1:") and idx.get(hit.id) is not None
        assert idx.get(hit.id).fingerprint  # type: ignore[union-attr]
        nfd = "\u1107\u1161\u11a8\u1105\u1161\u11b7\u1112\u116c"  # 박람회 in decomposed jamo
        idx.add([Article(id=hit.id, title=f"{nfd} 폐막", body="나흘간의 박람회가 끝났다.")])
        assert [h.title for h in idx.search("박람회")] == ["박람회 폐막"]  # replaced, NFC
        assert idx.delete([hit.id]).removed_articles == 1
        assert idx.search("박람회").total == 0
        assert idx.delete([hit.id]).removed_articles == 0


def test_build_articles_replaces_the_whole_index(tmp_path: Path) -> None:
    """build_articles replaces everything the index held with the articles given."""
    ix = tmp_path / "ix"
    artindex.build_articles([code_article("a1", "첫 기사", "첫 번째 본문이다.")], ix, Settings())
    artindex.build_articles([code_article("a2", "둘째 기사", "두 번째 본문이다.")], ix, Settings())
    with Index.open(ix, Settings()) as idx:
        assert idx.get("a1") is None and idx.get("a2") is not None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", "2024-05-01"),
        ("date", date(2024, 5, 1)),
        ("updated", 20240501),
        ("title", None),
        ("body", b"bytes"),
        ("tags", "경제,정치"),
        ("tags", ["경제", 3]),
        ("id", 7),
        ("url", None),
    ],
)
def test_wrong_field_types_raise_an_artindex_error_naming_the_field(field: str, value: Any) -> None:
    """An Article field of the wrong type raises ArticleError naming the field."""
    fields: dict[str, Any] = {"id": "x", "title": "제목", "body": "본문"}
    fields[field] = value
    with pytest.raises(ArticleError, match=rf"Article\.{field} must be") as info:
        Article(**fields)
    assert info.value.field == field
    assert isinstance(info.value, artindex.ArtindexError)


def test_right_field_types_are_accepted() -> None:
    """Article accepts a list of tags (kept as a tuple) and an aware datetime."""
    article = Article(
        id="x", title="제목", body="본문", tags=["a"], date=datetime(2024, 5, 1, tzinfo=UTC)
    )
    assert article.tags == ("a",)


# ---------------------------------------------------------------- 3. write faults


def fail_after(calls: int, exc: BaseException) -> Any:
    """A replacement that raises ``exc`` on its ``calls``-th call and runs the original
    before."""
    state = {"n": 0}

    def wrap(original: Any) -> Any:
        def patched(*args: Any, **kw: Any) -> Any:
            state["n"] += 1
            if state["n"] >= calls:
                raise exc
            return original(*args, **kw)

        return patched

    return wrap


ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _patch_whoosh_write(mp: pytest.MonkeyPatch, calls: int, exc: BaseException) -> None:
    from whoosh.filedb import structfile

    mp.setattr(structfile.StructFile, "write", fail_after(calls, exc)(structfile.StructFile.write))


def _patch_json_write(mp: pytest.MonkeyPatch, calls: int, exc: BaseException) -> None:
    from artindex import store

    mp.setattr(store, "_write_json_atomic", fail_after(calls, exc)(store._write_json_atomic))


def _patch_link(mp: pytest.MonkeyPatch, calls: int, exc: BaseException) -> None:
    from artindex import store

    mp.setattr(store.os, "link", fail_after(calls, exc)(os.link))
    mp.setattr(store.shutil, "copy2", fail_after(1, exc)(shutil.copy2))


FAULTS = {
    "first segment write": (_patch_whoosh_write, 1),
    "late segment write": (_patch_whoosh_write, 40),
    "files.json": (_patch_json_write, 1),
    "code ids": (_patch_json_write, 2),
    "manifest": (_patch_json_write, 3),
    "linking the base generation": (_patch_link, 1),
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("command", ["build", "update"])
def test_a_full_disk_leaves_the_previous_index_serving(
    corpus: Path, tmp_path: Path, fault: str, command: str
) -> None:
    """A full disk at any write of a build or update raises a one-line IndexWriteError and leaves
    the previous index serving, with no partial generation."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix, Settings())
    before = snapshot(ix)
    write_news(corpus, "md/heat.md", "폭염 경보", "서울에 폭염 경보가 내려졌다.")
    patch, calls = FAULTS[fault]
    if command == "build" and fault == "linking the base generation":
        pytest.skip("a build does not link the base generation")
    with pytest.MonkeyPatch.context() as mp:
        patch(mp, calls, ENOSPC)
        with pytest.raises(IndexWriteError, match=r"^no space left on device while writing "):
            if command == "build":
                artindex.build([corpus], ix, Settings(), force=True)
            else:
                artindex.update([corpus], ix, Settings())
    assert snapshot(ix) == before
    assert no_partial_generation(ix)
    assert artindex.update([corpus], ix, Settings()).indexed == 1
    assert titles(ix, "폭염") == ["폭염 경보"]


def test_the_cli_reports_a_full_disk_in_one_line(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`build --force` on a full disk exits 1 with one line naming the index, no traceback."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix, Settings())
    _patch_whoosh_write(monkeypatch, 1, ENOSPC)
    result = run_cli("build", corpus, "--index", ix, "--force")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("artindex:")]
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith(f"artindex: no space left on device while writing {ix}")


def test_ctrl_c_mid_build_leaves_the_previous_index(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the middle of a build or an update leaves the previous index as it was, and the CLI
    says so in one line with exit code 130."""
    from artindex.indexing import session

    ix = tmp_path / "ix"
    artindex.build([corpus], ix, Settings())
    before = snapshot(ix)
    write_news(corpus, "md/heat.md", "폭염 경보", "서울에 폭염 경보가 내려졌다.")
    with monkeypatch.context() as mp:
        mp.setattr(session.Session, "_write", fail_after(1, KeyboardInterrupt())(None))
        with pytest.raises(KeyboardInterrupt):
            artindex.build([corpus], ix, Settings(), force=True)
        result = run_cli("update", corpus, "--index", ix)
    assert result.exit_code == 130
    assert result.output.strip().endswith(f"artindex: interrupted; the index at {ix} is unchanged")
    assert snapshot(ix) == before
    assert no_partial_generation(ix)
    assert artindex.update([corpus], ix, Settings()).indexed == 1


def _default_sigint() -> None:
    """In the child, before exec: Ctrl-C as a shell gives it. A disposition of SIG_IGN is
    inherited across exec, and Python then installs no KeyboardInterrupt handler; something
    earlier in a full test run (a dependency's worker or server) can leave pytest ignoring it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _run_signalled(args: list[str], point: str, how: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ARTINDEX_CRASH_AT=point, ARTINDEX_CRASH_SIGNAL=how)
    return subprocess.run(
        [sys.executable, "-m", "artindex", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_default_sigint,
    )


@pytest.mark.parametrize("how", ["INT", "KILL"])
def test_a_killed_or_interrupted_process_leaves_nothing_half_written(
    corpus: Path, tmp_path: Path, how: str
) -> None:
    """SIGINT (Ctrl-C) cleans up at once; after SIGKILL the next writer removes the partial
    generation before it starts. Either way the old index answers meanwhile."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix, Settings())
    before = snapshot(ix)
    write_news(corpus, "md/heat.md", "폭염 경보", "서울에 폭염 경보가 내려졌다.")
    proc = _run_signalled(["update", str(corpus), "--index", str(ix)], "first-document", how)
    assert snapshot(ix) == before
    if how == "INT":
        assert proc.returncode == 130, proc.stderr
        assert proc.stderr.strip().splitlines()[-1].startswith("artindex: interrupted")
        assert no_partial_generation(ix)
    else:
        assert proc.returncode == -signal.SIGKILL
        assert not no_partial_generation(ix)  # the kill left it; the next writer cleans it
    assert artindex.update([corpus], ix, Settings()).indexed == 1
    assert no_partial_generation(ix)
    assert titles(ix, "폭염") == ["폭염 경보"]


@pytest.mark.parametrize("damage", ["garbage", "locked-journal"])
def test_a_broken_analysis_cache_never_blocks_the_next_update(
    corpus: Path, tmp_path: Path, damage: str
) -> None:
    """A corrupt analysis cache (garbage, or a broken WAL) is replaced and the next update
    succeeds."""
    ix = tmp_path / "ix"
    artindex.build([corpus], ix, Settings())
    cache = ix / "cache.sqlite"
    if damage == "garbage":
        cache.write_bytes(b"this is not a database" * 100)
    else:
        (ix / "cache.sqlite-wal").write_bytes(os.urandom(4096))
        (ix / "cache.sqlite-shm").write_bytes(os.urandom(4096))
    write_news(corpus, "md/heat.md", "폭염 경보", "서울에 폭염 경보가 내려졌다.")
    assert artindex.update([corpus], ix, Settings()).indexed == 1
    assert titles(ix, "폭염") == ["폭염 경보"]
    sqlite3.connect(cache).execute("SELECT count(*) FROM morphs").fetchone()


class _FailingDisk:
    """A cache connection whose writes fail as SQLite's do on a full or failing disk."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("CREATE TABLE morphs (key TEXT PRIMARY KEY, value BLOB)")

    def execute(self, *args: Any) -> Any:
        return self.db.execute(*args)

    def executemany(self, *args: Any) -> Any:
        raise sqlite3.OperationalError("disk I/O error")

    def close(self) -> None:
        self.db.close()


def test_a_cache_failing_mid_write_is_dropped_not_fatal(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An analysis cache whose disk fails during a build is dropped: the build and later updates
    still succeed."""
    from artindex.store import AnalysisCache

    ix = tmp_path / "ix"
    with monkeypatch.context() as mp:
        mp.setattr(AnalysisCache, "_connect", lambda self: _FailingDisk())
        assert artindex.build([corpus], ix, Settings()).indexed == 4
    assert titles(ix, "박람회") == ["창조경제박람회 대전서 개막"]
    write_news(corpus, "md/heat.md", "폭염 경보", "서울에 폭염 경보가 내려졌다.")
    assert artindex.update([corpus], ix, Settings()).indexed == 1


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs, as a full disk; skipped where mounting is not permitted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_real_full_disk_leaves_the_previous_index_serving(
    corpus: Path, tmp_path: Path, small_disk: Path
) -> None:
    """On a real, tiny file system an update that fills it fails in one line, leaves the previous
    index, and the next update succeeds once space is freed."""
    ix = small_disk / "ix"
    artindex.build([corpus], ix, Settings())
    before = snapshot(ix)
    big = tmp_path / "big"
    rnd = random.Random(5)
    syllables = [chr(0xAC00 + rnd.randrange(11172)) for _ in range(400)]
    for n in range(60):  # about 4 MB of words that hardly repeat: far more than the disk holds
        words = ("".join(rnd.choices(syllables, k=rnd.randint(2, 4))) for _ in range(8000))
        write_news(big, f"a{n:03d}.md", f"공청회 {n}", " ".join(words))
    with pytest.raises(IndexWriteError, match=r"^no space left on device while writing "):
        artindex.update([big], ix, Settings())
    assert snapshot(ix) == before
    assert no_partial_generation(ix)
    shutil.rmtree(big)
    write_news(corpus, "md/heat.md", "폭염 경보", "서울에 폭염 경보가 내려졌다.")
    assert artindex.update([corpus], ix, Settings()).indexed == 1
    assert titles(ix, "폭염") == ["폭염 경보"]


# ---------------------------------------------------------------- 4. special files, long articles


FIFO_SECONDS = 120  # a build of five small files takes seconds, even on a busy machine


def test_a_fifo_is_reported_and_never_read(corpus: Path, tmp_path: Path) -> None:
    """A FIFO under a source and one named directly are each one skipped line, and the
    build ends (it never opens them, which would wait for a writer forever)."""
    os.mkfifo(corpus / "md" / "pipe.md")
    os.mkfifo(tmp_path / "direct.json")
    ix = tmp_path / "ix"
    command = [sys.executable, "-m", "artindex", "build", str(corpus),
               str(tmp_path / "direct.json"), "--index", str(ix)]  # fmt: skip
    try:  # opening a FIFO no one writes to blocks forever: a build that reads one never ends
        proc = subprocess.run(command, capture_output=True, text=True, timeout=FIFO_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the build did not end in {FIFO_SECONDS} s: it opened a FIFO to read it")
    assert proc.returncode == 0, proc.stderr
    assert "indexed 4, skipped 2" in proc.stdout
    assert proc.stderr.count("not a regular file (a FIFO); skipped") == 2


def test_a_body_over_the_limit_is_indexed_up_to_it_with_a_warning(tmp_path: Path) -> None:
    """A body over max_body_chars is indexed up to the limit with one warning naming the file; the
    default limit warns about nothing here."""
    body = "\n".join(
        ["앞부분에는 박람회 소식이 실렸다."] * 40 + ["뒷부분에는 태풍 소식이 실렸다."] * 40
    )
    write_news(tmp_path / "c", "long.md", "긴 기사", body)
    ix = tmp_path / "ix"
    report = artindex.build([tmp_path / "c"], ix, Settings(max_body_chars=len(body) // 2))
    assert report.indexed == 1
    [warning] = report.warnings
    assert "over max_body_chars" in warning.reason and warning.path.endswith("long.md")
    assert titles(ix, "박람회") == ["긴 기사"]
    assert titles(ix, "태풍") == []
    result = run_cli("build", tmp_path / "c", "--index", tmp_path / "ix2")
    assert "warning" not in result.output  # the default limit is far above this article


def test_a_long_text_is_analyzed_in_pieces_whose_offsets_slice_the_original() -> None:
    """A long text is analyzed in pieces cut at line breaks, and every morpheme's offsets slice the
    original text."""
    from artindex.analysis.morphology import CHUNK_CHARS, _chunks, morphemes_many

    lines = [f"{n}번째 문단에서 박람회 관람객이 늘었다." for n in range(3000)]
    text = "\n".join(lines)
    pieces = _chunks(text)
    assert len(pieces) > 1 and "".join(p for _, p in pieces) == text
    assert all(len(p) <= CHUNK_CHARS and text[o : o + len(p)] == p for o, p in pieces)
    assert all(p.endswith("\n") for _, p in pieces[:-1])  # cut at line breaks
    [morphs] = morphemes_many([text], "", 1)
    nouns = [m for m in morphs if m.tag == "NNG"]
    assert sum(m.form == "박람회" for m in nouns) == 3000
    assert all(text[m.start : m.end] == m.form for m in nouns)
    assert _chunks("짧은 기사") == [(0, "짧은 기사")]


# ---------------------------------------------------------------- 5. bad dates


FRONT = "---\ntitle: 날짜 오류 기사\ndate: {}\n---\n\n박람회가 열렸다.\n"
RECORD = '{{"title": "날짜 오류 기사", "body": "박람회가 열렸다.", "date": "{}"}}'
BAD_DATES = {
    "front.md": FRONT.format("2024-13-45"),
    "front-time.md": FRONT.format("2024-02-30 10:00:00"),
    "record.json": RECORD.format("2024-13-45"),
    "lines.jsonl": RECORD.format("45/13/2024") + "\n",
}


@pytest.mark.parametrize("name", BAD_DATES)
def test_a_bad_date_keeps_the_article_without_a_date(tmp_path: Path, name: str) -> None:
    """An impossible date in a file keeps its article without a date, with one warning."""
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / name).write_text(BAD_DATES[name], encoding="utf-8")
    result = run_cli("build", folder, "--index", tmp_path / "ix")
    assert result.exit_code == 0, result.output
    assert "indexed 1, skipped 0" in result.output
    warnings = [line for line in result.output.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "the article is kept without it" in warnings[0]
    assert "Traceback" not in result.output
    with Index.open(tmp_path / "ix", Settings()) as idx:
        [hit] = idx.search("박람회").hits
        assert hit.title == "날짜 오류 기사" and hit.date is None


def test_the_index_dir_cleans_up_after_killed_writers_only_under_its_lock(tmp_path: Path) -> None:
    """clean_partial removes the generations newer than the current one and temporary manifests, and
    keeps the current generation."""
    root = IndexDir(tmp_path / "ix")
    (tmp_path / "ix" / "gen-000001").mkdir(parents=True)
    (tmp_path / "ix" / "gen-000002").mkdir()
    (tmp_path / "ix" / ".manifest.json.123.tmp").write_text("{")
    removed = root.clean_partial({"generation": "gen-000001"})
    assert sorted(removed) == [".manifest.json.123.tmp", "gen-000002"]
    assert generations(tmp_path / "ix") == ["gen-000001"]


def test_a_bad_html_date_keeps_the_article_without_a_guessed_date(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An impossible published date in an HTML page is logged and the article kept without a
    date."""
    folder = tmp_path / "c"
    folder.mkdir()
    paragraph = "<p>서울시는 대중교통 요금 인상안을 두고 시민 공청회를 열어 의견을 들었다.</p>" * 4
    (folder / "page.html").write_text(
        "<html><head><title>박람회 공청회</title>"
        '<meta property="article:published_time" content="2024-13-45T10:00:00+09:00">'
        f"</head><body><article><h1>박람회 공청회</h1>{paragraph}</article></body></html>",
        encoding="utf-8",
    )
    report = artindex.build([folder], tmp_path / "ix", Settings())
    assert report.indexed == 1
    assert "page.html: unrecognised date '2024-13-45T10:00:00+09:00'" in caplog.text
    with Index.open(tmp_path / "ix", Settings()) as idx:
        [hit] = idx.search("박람회").hits
        assert hit.date is None
