"""Parallel builds (``build(workers=N)``): worker processes each write a Whoosh segment of a
share of the files, joined into one generation that answers exactly like a serial build."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import artindex
from artindex import Index, IndexWriteError, Settings
from artindex.cli import main
from artindex.engine import segments
from artindex.indexing import cluster, parts, session
from artindex.indexing import sent as sent_files
from artindex.indexing.plan import shares
from artindex.ingest import iter_files

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PRIVACY_TITLE = "data privacy bill all-night session"
QUERIES = [
    "창조경제박람회는 어디에서 열렸나?",
    "고객",
    "통신 장애 요금 감면",
    "airliner wing",
    "장마",
]


def top(index_path: Path, queries: list[str], limit: int = 10) -> list[list[tuple[str, float]]]:
    """Each query's hits as (id, score), ties put in id order (documents are numbered
    differently when split into segments, and Whoosh breaks ties by number)."""
    with Index.open(index_path, Settings()) as idx:
        return [
            sorted(
                ((h.id, round(h.score, 6)) for h in idx.search(q, limit=limit).hits),
                key=lambda x: (-x[1], x[0]),
            )
            for q in queries
        ]


def assert_same_index(a: Path, b: Path, queries: list[str]) -> None:
    ma = json.loads((a / "manifest.json").read_text())
    mb = json.loads((b / "manifest.json").read_text())
    assert ma["article_count"] == mb["article_count"] > 0
    assert ma["sources"] == mb["sources"]
    files_a = json.loads((a / ma["generation"] / "files.json").read_text())
    files_b = json.loads((b / mb["generation"] / "files.json").read_text())
    assert files_a == files_b
    for ra, rb in zip(top(a, queries), top(b, queries), strict=True):
        assert [i for i, _ in ra] == [i for i, _ in rb]
        for (_, sa), (_, sb) in zip(ra, rb, strict=True):
            assert sa == pytest.approx(sb, abs=1e-6)


def word_rows(path: Path) -> list[tuple[str, str, int]]:
    """The rows of the current generation's word-analysis table."""
    import sqlite3

    from artindex.analysis.wordtable import WORDS_FILE

    gen = path / json.loads((path / "manifest.json").read_text())["generation"]
    with sqlite3.connect(gen / WORDS_FILE) as db:
        return sorted(db.execute("SELECT word, analysis, n FROM words"))


def segment_count(path: Path) -> int:
    from whoosh import index as whoosh_index

    manifest = json.loads((path / "manifest.json").read_text())
    return segments.segment_count(whoosh_index.open_dir(str(path / manifest["generation"])))


@pytest.fixture(scope="module")
def serial_and_parallel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    base = tmp_path_factory.mktemp("parallel")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    serial, parallel = base / "serial", base / "parallel"
    artindex.build([corpus], serial, Settings(), workers=1)
    report = artindex.build([corpus], parallel, Settings(), workers=2)
    assert report.indexed > 30 and not report.skipped
    return corpus, serial, parallel


def test_two_workers_build_the_same_index_as_one(serial_and_parallel: tuple[Path, Path, Path]):
    """Same articles, same files recorded, same hits with the same scores; two segments."""
    _, serial, parallel = serial_and_parallel
    assert segment_count(serial) == 1 and segment_count(parallel) == 2
    assert_same_index(serial, parallel, QUERIES)
    gen = parallel / json.loads((parallel / "manifest.json").read_text())["generation"]
    assert not list(gen.glob("part-*")), "the workers' folders are removed after the join"


def test_two_workers_write_the_same_word_table_as_one(serial_and_parallel):
    """Each worker's word analyses are absorbed into the generation's table: a Korean query of
    corpus words composes without Kiwi, and the table holds the same rows as a serial build's."""
    import sqlite3

    from artindex.analysis.wordtable import WORDS_FILE, WordTable

    _, serial, parallel = serial_and_parallel

    def table(path: Path) -> Path:
        return path / json.loads((path / "manifest.json").read_text())["generation"] / WORDS_FILE

    def rows(path: Path) -> list[tuple[str, str, int]]:
        with sqlite3.connect(table(path)) as db:
            return sorted(db.execute("SELECT word, analysis, n FROM words"))

    assert rows(parallel) == rows(serial) and len(rows(serial)) > 100
    hangul = [w for w, _, _ in rows(parallel) if "가" <= w[0] <= "힣"]
    query = " ".join(hangul[:3])
    assert WordTable.open(table(parallel).parent).compose(query) is not None, query


def test_shares_are_contiguous_and_balanced_by_bytes(tmp_path: Path):
    """shares() cuts the file list into contiguous runs of about equal bytes, in order, never more
    shares than files."""
    paths = []
    for i, size in enumerate([100, 100, 100, 100, 400, 100, 100]):
        path = tmp_path / f"{i}.md"
        path.write_bytes(b"x" * size)
        paths.append(path)
    runs = shares(paths, 2)
    assert [p for run in runs for p in run] == paths
    assert [len(r) for r in runs] == [5, 2]
    assert len(shares(paths[:1], 4)) == 1


def test_update_works_on_a_parallel_built_index(serial_and_parallel, tmp_path: Path):
    """Add, change and delete files after a parallel build: the index then holds what a
    serial build of the changed corpus holds, and finds the new and changed text."""
    corpus = shutil.copytree(serial_and_parallel[0], tmp_path / "corpus")
    index = tmp_path / "index"
    artindex.build([corpus], index, Settings(), workers=2)
    (corpus / "markdown" / "privacy-bill.md").unlink()
    story = corpus / "markdown" / "rainy-season-forecast.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n\n장마 전선이 북상한다.\n", "utf-8")
    (corpus / "markdown" / "new.md").write_text(
        "---\ntitle: 강변 축제 개막\n---\n올해 강변 축제는 주말 동안 열린다.\n", "utf-8"
    )
    report = artindex.update([], index, Settings())
    assert report.indexed == 2 and report.removed == 1
    fresh = tmp_path / "fresh"
    artindex.build([corpus], fresh, Settings(), workers=1)
    manifests = [json.loads((p / "manifest.json").read_text()) for p in (index, fresh)]
    assert manifests[0]["article_count"] == manifests[1]["article_count"]
    with Index.open(index, Settings()) as idx:
        assert idx.search("강변 축제").hits[0].title == "강변 축제 개막"
        assert idx.search("북상").hits[0].path.endswith("rainy-season-forecast.md")
        assert not any(h.path.endswith("privacy-bill.md") for h in idx.search(PRIVACY_TITLE).hits)
        assert idx.stats().articles == manifests[1]["article_count"]


def test_a_bad_file_and_a_duplicate_across_shares(tmp_path: Path):
    """A broken file is reported and skipped; an article in the first and the last file is
    indexed once (the first file wins), as in a serial build."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(6):
        (corpus / f"{i}.md").write_text(
            f"---\nid: art-{i}\ntitle: 기사 {i}번 제목\n---\n{i}번 기사의 본문은 시장 소식이다.\n",
            "utf-8",
        )
    (corpus / "3.json").write_text("{not json", "utf-8")
    (corpus / "9.md").write_text("---\nid: art-0\ntitle: 다른 제목\n---\n다른 본문.\n", "utf-8")
    reports = [artindex.build([corpus], tmp_path / f"ix{n}", Settings(), workers=n) for n in (1, 2)]
    for report in reports:
        assert report.indexed == 6 and report.duplicates == 1
        assert [Path(p.path).name for p in report.skipped] == ["3.json"]
    assert segment_count(tmp_path / "ix2") == 2  # the copy's share rewritten without it
    assert_same_index(tmp_path / "ix1", tmp_path / "ix2", ["시장 소식", "다른 본문", "기사"])


def test_a_killed_worker_leaves_the_previous_index_and_no_debris(
    serial_and_parallel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A worker killed mid-share (SIGKILL at its first document) fails the build in one
    line; the previous index serves, no partial generation stays, the next build works."""
    corpus, _, parallel = serial_and_parallel
    index = shutil.copytree(parallel, tmp_path / "index")
    before = sorted(p.name for p in index.iterdir())
    monkeypatch.setenv("ARTINDEX_CRASH_AT", "first-document")
    with pytest.raises(IndexWriteError, match=r"worker .* stopped .*killed by signal 9"):
        artindex.build([corpus], index, Settings(), workers=2, force=True)
    monkeypatch.delenv("ARTINDEX_CRASH_AT")
    assert sorted(p.name for p in index.iterdir()) == before
    assert top(index, QUERIES[:1]) == top(parallel, QUERIES[:1])
    assert artindex.build([corpus], index, Settings(), workers=1, force=True).indexed > 30


def test_cli_build_with_workers(serial_and_parallel, tmp_path: Path):
    """`build --workers 2` indexes every article into two segments, and --workers 0 is a usage
    error."""
    corpus = serial_and_parallel[0]
    out = CliRunner().invoke(
        main, ["build", str(corpus), "--index", str(tmp_path / "ix"), "--workers", "2"]
    )
    assert out.exit_code == 0, out.output
    assert "indexed 37, skipped 0" in out.output
    assert segment_count(tmp_path / "ix") == 2
    bad = CliRunner().invoke(main, ["build", str(corpus), "--workers", "0"])
    assert bad.exit_code == 2 and "--workers" in bad.output


# --- Dask --------------------------------------------------------------------------------

KORQUAD = ROOT.parent / "shared" / "data" / "korquad-v1-dev"
KORQUAD_PARAGRAPHS = 120  # a subset keeps the test short; its questions are the ones asked
KORQUAD_QUESTIONS = 200


@pytest.fixture(scope="module")
def dask_address() -> Iterator[str]:
    """A 2-worker LocalCluster of threads in this process (``processes=False``: worker
    processes would each spend tens of seconds loading Kiwi on a busy machine; the build
    code is the same, and the segments still travel back as bytes)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def korquad_corpus(folder: Path) -> list[str]:
    """The first KORQUAD_PARAGRAPHS KorQuAD paragraphs as 4 JSON Lines files in ``folder``;
    returns the questions asked about them."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from evallib.data import load_korquad

    coll = load_korquad(KORQUAD.parent)
    docs = coll.docs[:KORQUAD_PARAGRAPHS]
    kept = {d.id for d in docs}
    folder.mkdir()
    for n in range(4):
        lines = [
            json.dumps({"id": f"kq-{d.id}", "title": d.title, "body": d.text}, ensure_ascii=False)
            for d in docs[n::4]
        ]
        (folder / f"part-{n}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    asked = [q.text for q in coll.queries if coll.qrels[q.id] & kept]
    return asked[:KORQUAD_QUESTIONS]


def test_a_dask_build_equals_the_local_build(
    serial_and_parallel, dask_address: str, tmp_path: Path
):
    """On a 2-worker Dask cluster, the Korean corpus (workers reading the shared path) and,
    when ../shared/data has it, a KorQuAD subset with 200 of its questions (files sent by the
    client) build into an index equal to the local one: same articles and files, same top 10
    with the same scores."""
    corpus, serial, _ = serial_and_parallel
    on_dask = tmp_path / "dask"
    report = artindex.build([corpus], on_dask, Settings(), dask=dask_address)
    assert report.indexed == 37 and not report.skipped
    assert segment_count(on_dask) == 2
    assert_same_index(serial, on_dask, QUERIES)
    assert word_rows(on_dask) == word_rows(serial), "Dask workers send their word tables back"
    if not KORQUAD.is_dir():
        pytest.skip("KorQuAD (../shared/data/korquad-v1-dev) not present: corpus part only")
    questions = korquad_corpus(tmp_path / "korquad")
    assert len(questions) == KORQUAD_QUESTIONS
    local, remote = tmp_path / "kq-local", tmp_path / "kq-dask"
    artindex.build([tmp_path / "korquad"], local, Settings(), workers=1)
    sent = artindex.build(
        [tmp_path / "korquad"], remote, Settings(), dask=dask_address, dask_sources="send"
    )
    assert sent.indexed == KORQUAD_PARAGRAPHS
    assert_same_index(local, remote, questions)


_UNREADABLE: list[str] = []  # folders Dask worker threads may not open a file under
_HOOKED: list[bool] = []


def _deny_worker_reads(event: str, args: tuple[object, ...]) -> None:
    """An audit hook: a file under an _UNREADABLE folder opened by any thread but the main
    one (the build's client; the in-process Dask workers run tasks in threads of their own)
    fails as on a machine that cannot see the sources."""
    if event != "open" or not _UNREADABLE or threading.current_thread() is threading.main_thread():
        return
    name = args[0]
    if isinstance(name, str | bytes | os.PathLike):
        path = os.fsdecode(name)
        if any(path.startswith(folder) for folder in _UNREADABLE):
            raise PermissionError(errno.EACCES, "Permission denied (a Dask worker)", path)


@contextlib.contextmanager
def workers_cannot_read(folder: Path) -> Iterator[None]:
    if not _HOOKED:  # an audit hook cannot be removed: installed once, idle outside this block
        sys.addaudithook(_deny_worker_reads)
        _HOOKED.append(True)
    _UNREADABLE.append(str(folder.resolve()))
    try:
        yield
    finally:
        _UNREADABLE.clear()


@pytest.fixture(scope="module")
def korean_with_bad_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample corpus plus an undecodable file, a broken JSON file and an unsupported
    one, and its local one-process build."""
    base = tmp_path_factory.mktemp("dask-send")
    corpus = shutil.copytree(CORPUS, base / "corpus")
    (corpus / "binary.md").write_bytes(bytes(range(256)) * 8)
    (corpus / "broken.json").write_text('{"title": "깨진 파일", "body": ', "utf-8")
    (base / "notes.docx").write_bytes(b"PK\x03\x04 not an article")  # refused unread
    local = base / "local"
    report = artindex.build([corpus, base / "notes.docx"], local, Settings(), workers=1)
    assert len(report.skipped) == 3
    return corpus, local


def test_a_dask_build_sends_the_files_to_workers_that_cannot_read_them(
    korean_with_bad_files: tuple[Path, Path],
    dask_address: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    """Workers that cannot open the sources (an audit hook refuses them any file under the
    corpus) build from the bytes the client sends (``dask_sources="send"``): the same index
    as a local build (articles, files.json with sizes, mtimes, hashes and problems, top 10
    with scores, word table), the same one-line problems naming the bad files, and a later
    local update finds nothing changed. Reading the shared path instead fails every file but
    the page dumps the client read to learn from (sent with the task), so the hook does keep
    the workers out."""
    corpus, local = korean_with_bad_files
    sources = [corpus, corpus.parent / "notes.docx"]
    sent = tmp_path / "sent"
    monkeypatch.setattr(sent_files, "CHUNK_BYTES", 8_000)  # each share in several messages
    with workers_cannot_read(corpus):
        report = artindex.build(sources, sent, Settings(), dask=dask_address, dask_sources="send")
        blind = artindex.build(
            sources, tmp_path / "blind", Settings(), dask=dask_address, dask_sources="shared"
        )
    denied = {p.path for p in blind.skipped if "Permission denied" in p.reason}
    opened = {str(f) for f in iter_files(sources) if f.suffix not in (".txt", ".docx")}
    assert denied == opened, "the shared path fails every file learning did not hold"
    local_report = artindex.build(sources, tmp_path / "again", Settings(), workers=1)
    assert sorted(map(str, report.skipped)) == sorted(map(str, local_report.skipped))
    assert {Path(p.path).name for p in report.skipped} == {"binary.md", "broken.json", "notes.docx"}
    assert all("\n" not in str(p) for p in report.skipped)
    assert report.indexed == local_report.indexed > 30
    assert segment_count(sent) == 2
    assert_same_index(local, sent, QUERIES)
    assert word_rows(sent) == word_rows(local)
    update = artindex.update([], sent, Settings())
    assert (update.indexed, update.removed, update.removed_articles) == (0, 0, 0)
    assert update.unchanged == len(list(iter_files(sources)))


def test_files_are_sent_in_order_in_bounded_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A share's files go out in corpus order, in chunks of at most CHUNK_BYTES of file
    bytes (a bigger file alone); a file that cannot be read goes as its one problem."""
    from artindex.ingest.reader import SourceBytes, SourceFile

    monkeypatch.setattr(sent_files, "CHUNK_BYTES", 1_000)
    names = []
    for i, size in enumerate([300, 300, 300, 2_500, 100, 1_000]):
        (tmp_path / f"{i}.md").write_text("가" * (size // 3), "utf-8")
        names.append(str(tmp_path / f"{i}.md"))
    names.insert(2, str(tmp_path / "gone.md"))
    chunks = list(sent_files.chunks(tuple(names), Settings(), {}))
    assert [str(item.path) for chunk in chunks for item in chunk] == names
    assert [len(chunk) for chunk in chunks] == [4, 1, 1, 1]
    gone = chunks[0][2]
    assert isinstance(gone, SourceFile) and gone.stamp is None
    assert [str(p) for p in gone.problems] == [f"{tmp_path / 'gone.md'}: no such file or directory"]
    sizes = [sum(i.size for i in c if isinstance(i, SourceBytes)) for c in chunks]
    assert sizes == [900, 2_499, 99, 999]


def test_auto_reads_the_shared_path_when_every_worker_sees_the_files(
    korean_with_bad_files: tuple[Path, Path], dask_address: str, tmp_path: Path
):
    """``auto`` asks every worker whether it sees a few of the files with the client's size
    and mtime: the in-process workers do, so they read the path (and, kept out by the
    audit hook, fail to); a file changed or missing on a worker is not seen."""
    corpus, _ = korean_with_bad_files
    with workers_cannot_read(corpus):
        report = artindex.build([corpus], tmp_path / "ix", Settings(), dask=dask_address)
    denied = {p.path for p in report.skipped if "Permission denied" in p.reason}
    assert denied == {str(f) for f in iter_files([corpus]) if f.suffix != ".txt"}
    story = next(corpus.rglob("*.md"))
    info = story.stat()
    assert cluster.sees([(str(story), info.st_size, info.st_mtime_ns)])
    assert not cluster.sees([(str(story), info.st_size, info.st_mtime_ns + 1)])
    assert not cluster.sees([(str(corpus / "absent.md"), 1, 1)])


def test_a_dask_build_keeps_the_workers_analyses_in_the_cache(
    serial_and_parallel, dask_address: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Dask workers send their fresh analyses back with their segment: the index's cache
    holds the same entries as a local build's, and a forced local rebuild of the Dask-built
    index makes no Kiwi call (as for a locally built one)."""
    import sqlite3

    from artindex.analysis import morphology
    from test_analysis_cache import CountingKiwi

    corpus, serial, _ = serial_and_parallel

    def keys(path: Path) -> set[str]:
        with contextlib.closing(sqlite3.connect(path / "cache.sqlite")) as db:
            return {key for (key,) in db.execute("SELECT key FROM morphs")}

    counter = CountingKiwi(morphology.get_kiwi())
    monkeypatch.setattr(morphology, "get_kiwi", lambda *args, **kwargs: counter)
    on_dask = tmp_path / "dask"
    artindex.build([corpus], on_dask, Settings(), dask=dask_address, dask_sources="send")
    analyzed = counter.texts
    assert analyzed > 10  # the Korean articles
    assert keys(on_dask) == keys(serial) and len(keys(serial)) >= analyzed
    assert artindex.build([corpus], on_dask, Settings(), workers=1, force=True).indexed > 30
    assert counter.texts == analyzed, "the forced rebuild took every analysis from the cache"


def test_a_failed_dask_task_fails_the_build_in_one_line(
    serial_and_parallel, dask_address: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A share whose task raises on its worker (here: the second share's worker has no disk
    space for its segment) fails the build with one line naming the share; the previous
    index is kept and no partial generation stays."""
    corpus, _, parallel_index = serial_and_parallel
    index = shutil.copytree(parallel_index, tmp_path / "index")
    before = sorted(p.name for p in index.iterdir())

    run_part = parts.run_part

    def no_space(task: parts.PartTask) -> session.PartResult:
        if task.number == 1:
            raise OSError(errno.ENOSPC, "No space left on device\n(on the worker)")
        return run_part(task)

    monkeypatch.setattr(cluster, "run_part", no_space)
    for sources in ("shared", "send"):
        with pytest.raises(IndexWriteError) as failed:
            artindex.build(
                [corpus], index, Settings(), force=True, dask=dask_address, dask_sources=sources
            )
        assert "Dask task of share 2 of 2 failed (OSError: [Errno 28] No space" in str(failed.value)
        assert "\n" not in str(failed.value) and "previous index is unchanged" in str(failed.value)
        assert sorted(p.name for p in index.iterdir()) == before


def test_a_client_that_stops_sending_frees_the_waiting_workers(
    korean_with_bad_files: tuple[Path, Path],
    dask_address: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    """When the client fails while sending (here: its sixth read raises), the tasks already
    waiting for files stop at once (a stop mark on their queues) instead of holding their
    worker's only thread: a task given to each worker right after runs within seconds."""
    distributed = pytest.importorskip("distributed")
    corpus, _ = korean_with_bad_files
    monkeypatch.setattr(sent_files, "CHUNK_BYTES", 2_000)
    fetch_file, reads = sent_files.fetch_file, []

    def failing(path: Path, settings: Settings, **kwargs: object) -> object:
        reads.append(path)
        if len(reads) == 6:
            raise RuntimeError("the client was interrupted")
        return fetch_file(path, settings)

    monkeypatch.setattr(sent_files, "fetch_file", failing)
    with pytest.raises(RuntimeError, match="interrupted"):
        artindex.build(
            [corpus], tmp_path / "ix", Settings(), dask=dask_address, dask_sources="send"
        )
    with distributed.Client(dask_address, set_as_default=False) as client:
        for worker in client.scheduler_info(n_workers=-1)["workers"]:
            assert client.submit(len, "한글", workers=[worker], pure=False).result(timeout=30) == 2


def test_cli_build_sends_the_files_with_dask_sources_send(
    korean_with_bad_files: tuple[Path, Path], dask_address: str, tmp_path: Path
):
    """`build --dask ... --dask-sources send` builds what a local build does for workers that cannot
    read the files, reporting the undecodable file."""
    corpus, local = korean_with_bad_files
    index = tmp_path / "ix"
    args = ["build", str(corpus), "--index", str(index), "--dask", dask_address]
    with workers_cannot_read(corpus):
        out = CliRunner().invoke(main, [*args, "--dask-sources", "send"])
    assert out.exit_code == 0, out.output
    assert "binary.md: binary or undecodable bytes" in out.output
    assert "Permission denied" not in out.output
    assert top(index, QUERIES) == top(local, QUERIES)


def test_dask_sources_is_checked(tmp_path: Path):
    """A dask_sources value other than auto, shared or send, or send without a scheduler, is refused
    in one line before any index is created."""
    with pytest.raises(artindex.ArtindexError, match="dask_sources must be one of"):
        artindex.build([CORPUS], tmp_path / "ix", Settings(), dask="tcp://x:1", dask_sources="s")
    with pytest.raises(artindex.ArtindexError, match="needs a Dask scheduler"):
        artindex.build([CORPUS], tmp_path / "ix", Settings(), dask_sources="send")
    out = CliRunner().invoke(main, ["build", str(CORPUS), "--dask-sources", "send"])
    assert out.exit_code != 0 and "needs a Dask scheduler" in out.output
    assert not (tmp_path / "ix").exists()


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path):
    """A Dask scheduler that cannot be reached is one ArtindexError line and leaves no
    generation."""
    pytest.importorskip("distributed")
    with pytest.raises(artindex.ArtindexError, match="cannot reach the Dask scheduler"):
        artindex.build([CORPUS], tmp_path / "ix", Settings(), dask="tcp://127.0.0.1:9")
    assert not list((tmp_path / "ix").glob("gen-*"))


def test_the_whoosh_pin_is_the_one_segments_was_written_for(monkeypatch: pytest.MonkeyPatch):
    """engine/segments.py uses Whoosh's private writer API: the pinned whoosh-reloaded, the
    installed one and the version it was written for must agree, and any other is refused."""
    import re

    import whoosh

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pin = re.search(r'"whoosh-reloaded==([\d.]+)"', pyproject)
    assert pin is not None
    expected = tuple(int(n) for n in pin.group(1).split("."))
    assert segments.WHOOSH_VERSION == expected == tuple(whoosh.__version__[:3]), (
        "whoosh-reloaded moved: re-check src/artindex/engine/segments.py against its writer"
    )
    segments.check_whoosh()
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 6))
    with pytest.raises(segments.WhooshVersionError, match=r"2\.7\.5"):
        segments.check_whoosh()
