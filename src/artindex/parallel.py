"""Parallel and Dask builds: workers each ingest, analyze and write one Whoosh segment of a
share of the files; the parent joins the segments into the new generation.

The parent learns the page dumps' repeated lines over the whole corpus first and hands each
worker the learned state (with the texts of its share), so a dump is cleaned the same whichever
worker reads it.
Shares are contiguous runs of the sorted file list with about equal bytes, so "the first file
wins" for an article found in two files holds across shares: after the join, a later share's
copy of an id an earlier share already holds is deleted. Local workers are processes
(``spawn``: no state inherited from a threaded parent) writing into a folder inside the new
generation, so a failed build removes their output with the generation; Dask workers write
into a temporary folder and send the segment's bytes back. See docs/scale-out.md.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import queue
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analysis.wordtable import WORDS_FILE, WordTableWriter
from .compat import analysis_signature
from .engine import segments
from .engine.schema import make_schema
from .engine.writer import new_segment_writer
from .errors import ConfigError, IndexWriteError
from .indexer import Progress, _ingest, _Writer
from .ingest.pipeline import Learned, learn
from .models import Article, Problem
from .settings import Settings
from .store import AnalysisCache, FileRecord

log = logging.getLogger(__name__)

PART_LIMIT_MB = 128  # each worker's posting buffer before it spills to disk
CACHE_NAME = "cache.sqlite"


@dataclass(frozen=True)
class PartTask:
    """One worker's share: its files (in corpus order) and what it needs to read them."""

    number: int
    paths: tuple[str, ...]
    settings: Settings
    learned: Learned  # learned over the whole corpus by the parent, this share's texts
    articles: tuple[Article, ...] = ()  # articles added from code, carried over (share 0)
    folder: str | None = None  # where to write; None: a temporary folder, bytes sent back
    cache: str | None = None  # the index's analysis cache, read only


@dataclass
class PartResult:
    """What a worker did: its segment, the files it read, and the ids it wrote, in order."""

    number: int
    part: segments.Part
    records: dict[str, FileRecord] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # each written article's file
    duplicates: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    used_keys: set[str] = field(default_factory=set)
    words: bytes = b""  # a Dask worker's word-analysis table, sent back (local: in its folder)


def ingest_part(
    task: PartTask, records: dict[str, FileRecord], problems: list[Problem], progress: Progress
) -> Iterator[Article]:
    """The worker's one call into the ingest pipeline (re-point it when that changes)."""
    paths = [Path(p) for p in task.paths]
    return _ingest(paths, task.settings, task.learned, records, problems, progress)


class _PartWriter(_Writer):
    """A _Writer on a worker's own folder: the same analysis and document mapping, but no
    index directory, lock or manifest; the segment is finished, not committed."""

    def __init__(self, task: PartTask, folder: Path) -> None:  # no super(): no IndexDir
        self.settings = dataclasses.replace(task.settings, workers=1)  # one Kiwi thread
        self.gen = folder
        self.swapped = False
        self.ix = segments.create_part_index(folder, make_schema(self.settings.user_dictionary))
        self.writer = new_segment_writer(self.ix, PART_LIMIT_MB)
        self.cache = _PartCache(task.cache, folder / CACHE_NAME if task.folder else None)
        self.words = WordTableWriter(folder, None)  # the parent absorbs it (local workers)
        self.used_keys: set[str] = set()
        self.full = True
        self.signature = repr(sorted(analysis_signature(self.settings).items()))
        self.seen: set[str] = set()
        self.duplicates: list[Problem] = []
        self.warnings: list[Problem] = []
        self.added = 0
        self.merge = False
        self.merge_policy = None
        self.ids: list[str] = []
        self.paths: list[str] = []

    def _write(self, docs: list[dict[str, Any]]) -> None:
        for doc in docs:
            self.ids.append(doc["id"])
            self.paths.append(doc["path"] or doc["id"])
        super()._write(docs)


class _PartCache(AnalysisCache):
    """Looks analyses up in the index's cache (read only: the parent owns it) and keeps the
    fresh ones in the worker's own file, which the parent absorbs after the join."""

    def __init__(self, shared: str | None, own: Path | None) -> None:
        self._shared = AnalysisCache(Path(shared), read_only=True) if shared else None
        self._own = AnalysisCache(own) if own else None

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        return self._shared.get_many(keys) if self._shared else {}

    def put(self, key: str, morphs: Any) -> None:
        if self._own is not None:
            self._own.put(key, morphs)

    def close(self) -> None:
        for cache in (self._shared, self._own):
            if cache is not None:
                cache.close()


def run_part(task: PartTask, progress: Progress | None = None) -> PartResult:
    """Ingest, analyze and write one share into a segment (the worker's entry point; runs in
    a worker process or on a Dask worker). One bad file is a problem in the result, never an
    exception."""
    segments.check_whoosh()
    temporary = task.folder is None
    folder = Path(task.folder or tempfile.mkdtemp(prefix="artindex-part-"))
    try:
        writer = _PartWriter(task, folder)
        result = PartResult(task.number, segments.Part(None, ()))
        try:
            writer.add(task.articles)
            files = ingest_part(task, result.records, result.problems, progress or _quiet)
            writer.add(files)
            writer.words.close()
            result.part = segments.finish_part(writer.writer, folder, ship=temporary)
            if temporary and (folder / WORDS_FILE).is_file():
                result.words = (folder / WORDS_FILE).read_bytes()
        except BaseException:
            writer.words.abort()
            segments.cancel_part(writer.writer)
            raise
        finally:
            if writer.cache is not None:
                writer.cache.close()
        result.ids, result.paths, result.used_keys = writer.ids, writer.paths, writer.used_keys
        result.duplicates, result.warnings = writer.duplicates, writer.warnings
        return result
    finally:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)


def _quiet(done: int, total: int) -> None:
    return None


def shares(paths: Sequence[Path], count: int) -> list[list[Path]]:
    """``paths`` cut into ``count`` contiguous runs of about equal bytes (order kept)."""
    sizes = []
    for path in paths:
        try:
            sizes.append(max(1, path.stat().st_size))
        except OSError:
            sizes.append(1)
    runs: list[list[Path]] = []
    run: list[Path] = []
    total, acc = sum(sizes), 0
    for path, size in zip(paths, sizes, strict=True):
        run.append(path)
        acc += size
        if acc >= total * (len(runs) + 1) / count and len(runs) < count - 1:
            runs.append(run)
            run = []
    runs.append(run)
    return [r for r in runs if r] or [[]]


def build_parts(
    writer: _Writer,
    paths: Sequence[Path],
    carried: Sequence[Article],
    records: dict[str, FileRecord],
    problems: list[Problem],
    *,
    progress: Progress | None,
    workers: int,
    dask: str | None = None,
) -> None:
    """Fill ``writer``'s new generation from ``workers`` shares of ``paths`` (plus the
    ``carried`` articles), written by local worker processes or on the Dask cluster at
    ``dask``; ``records`` and ``problems`` are filled as a serial build fills them."""
    segments.check_whoosh()
    learned = learn(paths, writer.settings)
    client = _dask_client(dask) if dask else None
    count = workers or (_dask_workers(client) if client is not None else 1)
    local = client is None
    cache = writer.root.root / CACHE_NAME
    tasks = [
        PartTask(
            number=i,
            paths=tuple(str(p) for p in share),
            settings=writer.settings,
            learned=learned.share(share),
            articles=tuple(carried) if i == 0 else (),
            folder=str(writer.gen / f"part-{i:03d}") if local else None,
            cache=str(cache) if local and cache.exists() else None,
        )
        for i, share in enumerate(shares(paths, count))
    ]
    total = len(paths)
    if client is None:
        results = _run_local(tasks, progress, total, writer.gen)
    else:
        results = _run_dask(client, tasks, progress, total)
    _join(writer, tasks, results, records, problems)


def _child(task: PartTask, messages: Any) -> None:
    """A local worker process: run one share, reporting each file read and the result."""

    def progress(done: int, total: int) -> None:
        if done:
            messages.put(("progress", task.number, 1))

    try:
        messages.put(("result", task.number, run_part(task, progress)))
    except BaseException as exc:
        messages.put(("error", task.number, f"{exc.__class__.__name__}: {exc}"))
        raise


def _run_local(
    tasks: list[PartTask], progress: Progress | None, total: int, gen: Path
) -> list[PartResult]:
    """Run each share in its own process; a worker that dies or fails stops the build (its
    output is inside the new generation, which the write session removes)."""
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    procs = [context.Process(target=_child, args=(t, messages), daemon=True) for t in tasks]
    results: dict[int, PartResult] = {}
    done = 0
    try:
        with _main_not_rerun():
            for proc in procs:
                proc.start()
        while len(results) < len(tasks):
            try:
                kind, number, payload = messages.get(timeout=0.5)
            except queue.Empty:
                _check_alive(procs, results, gen)
                continue
            if kind == "error":
                raise IndexWriteError(
                    str(gen), f"worker {number + 1} of {len(tasks)} failed ({payload})"
                )
            if kind == "progress":
                done += payload
                if progress is not None:
                    progress(min(done, total - 1), total)
            else:
                results[number] = payload
    finally:
        for proc in procs:
            if proc.is_alive() and len(results) < len(tasks):
                proc.terminate()
            proc.join()
        messages.close()
    if progress is not None:
        progress(total, total)
    return [results[t.number] for t in tasks]


@contextlib.contextmanager
def _main_not_rerun() -> Iterator[None]:
    """While workers start, hide the main script from ``spawn``: it would run it again in
    each worker (a script calling ``artindex.build`` without an ``if __name__ ==
    "__main__"`` guard would build again there). Workers need nothing from it."""
    main = sys.modules.get("__main__")
    names = ("__file__", "__spec__")
    saved: dict[str, Any] = {k: main.__dict__[k] for k in names if main and k in main.__dict__}
    try:
        if main is not None:
            main.__dict__.pop("__file__", None)
            main.__dict__["__spec__"] = None
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)
            if "__spec__" not in saved:
                main.__dict__.pop("__spec__", None)


def _check_alive(procs: list[Any], results: dict[int, PartResult], gen: Path) -> None:
    for number, proc in enumerate(procs):
        if number not in results and proc.exitcode is not None and proc.exitcode != 0:
            how = f"killed by signal {-proc.exitcode}" if proc.exitcode < 0 else "exited"
            raise IndexWriteError(str(gen), f"worker {number + 1} of {len(procs)} stopped ({how})")


def _dask_client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError(
            "building on a Dask cluster needs the dask extra: pip install 'artindex[dask]'"
        ) from None
    try:
        return Client(address, timeout="10s", set_as_default=False)  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address} ({exc})") from None


def _dask_workers(client: Any) -> int:
    return max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))


def _run_dask(
    client: Any, tasks: list[PartTask], progress: Progress | None, total: int
) -> list[PartResult]:
    """Run each share as a Dask task; workers read the sources from the same paths (a
    shared file system) and send their segment back as bytes."""
    from distributed import as_completed

    try:
        futures = client.map(run_part, tasks, pure=False)
        results: dict[int, PartResult] = {}
        done = 0
        for future in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]
            result: PartResult = future.result()
            results[result.number] = result
            done += len(tasks[result.number].paths)
            if progress is not None:
                progress(done, total)
        return [results[t.number] for t in tasks]
    finally:
        client.close()


def _join(
    writer: _Writer,
    tasks: list[PartTask],
    results: list[PartResult],
    records: dict[str, FileRecord],
    problems: list[Problem],
) -> None:
    """Move the segments into the generation, list them in its TOC (at commit), take over
    the records, problems and cache entries, and delete later copies of repeated ids."""
    assert writer.cache is not None
    for task, result in zip(tasks, results, strict=True):
        folder = Path(task.folder) if task.folder else None
        if folder is not None:
            writer.cache.absorb(folder / CACHE_NAME)
            writer.words.absorb(folder / WORDS_FILE)
        elif result.words:
            with tempfile.TemporaryDirectory(prefix="artindex-words-") as scratch:
                shipped = Path(scratch) / WORDS_FILE
                shipped.write_bytes(result.words)
                writer.words.absorb(shipped)
        segments.bring_in(result.part, folder, writer.gen)
        records.update(result.records)
        problems.extend(result.problems)
        writer.duplicates.extend(result.duplicates)
        writer.warnings.extend(result.warnings)
        writer.used_keys |= result.used_keys
    segments.adopt(writer.writer, [r.part for r in results])
    writer.merge = False
    offset = 0
    for result in results:
        for docnum, (article_id, path) in enumerate(zip(result.ids, result.paths, strict=True)):
            if article_id in writer.seen:
                writer.writer.delete_document(offset + docnum)
                writer.merge_policy = segments.purge_deleted
                reason = f"duplicate of article {article_id}; indexed once"
                writer.duplicates.append(Problem(path, reason, warning=True))
            else:
                writer.seen.add(article_id)
                writer.added += 1
        offset += result.part.doc_count
