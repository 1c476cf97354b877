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
into a temporary folder and send the segment's bytes, word table and fresh analyses back.
Dask workers read the sources from the paths the client sees (a shared file system) or, when
they cannot, get the files' bytes from the client in chunks through a Dask queue per share.
See docs/scale-out.md.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import os
import queue
import shutil
import sys
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analysis.wordtable import WORDS_FILE, WordTableWriter
from .compat import analysis_signature
from .engine import segments
from .engine.schema import make_schema
from .engine.writer import new_segment_writer
from .errors import ConfigError, IndexWriteError
from .indexer import Progress, _ingest, _Writer, source_key
from .ingest.pipeline import Learned, fetch_file, learn
from .ingest.reader import SourceBytes, SourceFile, decode_source
from .models import Article, Problem
from .settings import Settings
from .store import AnalysisCache, FileRecord

log = logging.getLogger(__name__)

PART_LIMIT_MB = 128  # each worker's posting buffer before it spills to disk
CACHE_NAME = "cache.sqlite"
CHUNK_BYTES = 64 * 1024 * 1024  # files sent to a Dask worker: at most this much per message
INBOX_SECONDS = 900  # a Dask worker waiting longer for its next chunk gives up: client gone


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
    keys: tuple[str, ...] = ()  # Dask: each path's record key, resolved by the client
    cwd: str | None = None  # Dask: the client's working folder, for relative paths
    inbox: str | None = None  # Dask, files sent: the queue their chunks arrive on, in order


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
    cache: bytes = b""  # a Dask worker's fresh analyses (a cache.sqlite file), sent back


def ingest_part(
    task: PartTask, records: dict[str, FileRecord], problems: list[Problem], progress: Progress
) -> Iterator[Article]:
    """The worker's one call into the ingest pipeline (re-point it when that changes)."""
    paths = [Path(p) for p in task.paths]
    keys = dict(zip(paths, task.keys, strict=True)) if task.keys else None
    key = keys.__getitem__ if keys is not None else source_key
    learned, settings = task.learned, task.settings
    read = _reader(task)
    try:
        yield from _ingest(
            paths, settings, learned, records, problems, progress, read=read, key=key
        )
    finally:
        if isinstance(read, _Inbox):
            read.close()


def _reader(task: PartTask) -> Callable[[Path], SourceFile] | None:
    """How a Dask worker reads a file: from the chunks the client sends, or at the path the
    client sees (relative paths under the client's working folder); None: a local worker
    reads the path as given."""
    if task.inbox is not None:
        return _Inbox(task.inbox)
    if task.cwd is None:
        return None
    cwd, settings = Path(task.cwd), task.settings

    def read(path: Path) -> SourceFile:
        got = fetch_file(path, settings, opened=cwd / path)
        return got if isinstance(got, SourceFile) else decode_source(got)

    return read


class _Inbox:
    """A Dask worker's files when the client sends them: chunks of the share's files, in
    order, taken off the share's queue as the pipeline reaches them (one chunk held at a
    time) and decoded here as :func:`~.ingest.reader.read_source` decodes a file it reads."""

    def __init__(self, name: str) -> None:
        from distributed import Queue

        self.queue = Queue(name)  # type: ignore[no-untyped-call]
        self.items: deque[SourceFile | SourceBytes] = deque()

    def __call__(self, path: Path) -> SourceFile:
        while not self.items:
            chunk = self._next()
            if chunk is None:  # the client stopped sending: its build failed or it is gone
                raise RuntimeError(f"{path}: not sent by the client (the build was stopped)")
            self.items.extend(chunk.result())
        item = self.items.popleft()
        if item.path != path:  # the client sends the share's files in its order
            raise RuntimeError(f"{path}: expected from the client, got {item.path}")
        return item if isinstance(item, SourceFile) else decode_source(item)

    def _next(self) -> Any:
        """The next chunk's future, or None: the client's stop mark, or this task given up
        by the client (a task that started after the client dropped its queue would
        otherwise wait on a new, empty one), or no chunk for INBOX_SECONDS."""
        deadline = time.monotonic() + INBOX_SECONDS
        while time.monotonic() < deadline and not _given_up():
            try:
                return self.queue.get(timeout=2)  # type: ignore[no-untyped-call]
            except TimeoutError:
                continue
        return None

    def close(self) -> None:
        self.queue.close()  # type: ignore[no-untyped-call]


def _given_up() -> bool:
    """On a Dask worker: whether the client has released the running task (its build
    failed or it disconnected); Dask cannot stop the thread, so the task checks."""
    from distributed import get_worker

    try:
        worker = get_worker()
        state = worker.state.tasks.get(worker.get_current_task())
    except (ValueError, AttributeError, KeyError):
        return False
    return state is None or state.state in ("cancelled", "released", "forgotten")


class _PartWriter(_Writer):
    """A _Writer on a worker's own folder: the same analysis and document mapping, but no
    index directory, lock or manifest; the segment is finished, not committed."""

    def __init__(self, task: PartTask, folder: Path) -> None:  # no super(): no IndexDir
        self.settings = dataclasses.replace(task.settings, workers=1)  # one Kiwi thread
        self.gen = folder
        self.swapped = False
        self.ix = segments.create_part_index(folder, make_schema(self.settings.user_dictionary))
        self.writer = new_segment_writer(self.ix, PART_LIMIT_MB)
        self.cache = _PartCache(task.cache, folder / CACHE_NAME)
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

    def __init__(self, shared: str | None, own: Path) -> None:
        self._shared = AnalysisCache(Path(shared), read_only=True) if shared else None
        self._own = AnalysisCache(own)

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        return self._shared.get_many(keys) if self._shared else {}

    def put(self, key: str, morphs: Any) -> None:
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
            if writer.cache is not None:  # the fresh analyses written out, then sent (Dask)
                writer.cache.close()
            if temporary:
                result.words, result.cache = _shipped(folder / WORDS_FILE, folder / CACHE_NAME)
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


def _shipped(*files: Path) -> tuple[bytes, ...]:
    """The bytes of each file a Dask worker sends back (empty when it wrote none)."""
    return tuple(file.read_bytes() if file.is_file() else b"" for file in files)


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
    dask_sources: str = "auto",
) -> None:
    """Fill ``writer``'s new generation from ``workers`` shares of ``paths`` (plus the
    ``carried`` articles), written by local worker processes or on the Dask cluster at
    ``dask`` (which reads the files itself or is sent them: ``dask_sources``);
    ``records`` and ``problems`` are filled as a serial build fills them."""
    segments.check_whoosh()
    learned = learn(paths, writer.settings)
    if dask is None:
        tasks = _tasks(writer, paths, carried, learned, workers or 1, local=True)
        results = _run_local(tasks, progress, len(paths), writer.gen)
    else:
        client = _dask_client(dask)
        try:
            count = workers or _dask_workers(client)
            tasks = _tasks(writer, paths, carried, learned, count, local=False)
            if _sending(client, paths, dask_sources):
                results = _run_dask_sent(client, tasks, progress, len(paths), writer.gen)
            else:
                results = _run_dask(client, tasks, progress, len(paths), writer.gen)
        finally:
            client.close()
    _join(writer, tasks, results, records, problems)


def _tasks(
    writer: _Writer,
    paths: Sequence[Path],
    carried: Sequence[Article],
    learned: Learned,
    count: int,
    *,
    local: bool,
) -> list[PartTask]:
    """One task per share; a local worker writes into the new generation and reads the
    index's analysis cache, a Dask worker writes into a temporary folder of its own."""
    cache = writer.root.root / CACHE_NAME
    return [
        PartTask(
            number=i,
            paths=tuple(str(p) for p in share),
            settings=writer.settings,
            learned=learned.share(share),
            articles=tuple(carried) if i == 0 else (),
            folder=str(writer.gen / f"part-{i:03d}") if local else None,
            cache=str(cache) if local and cache.exists() else None,
            keys=() if local else tuple(source_key(p) for p in share),
            cwd=None if local else os.getcwd(),
        )
        for i, share in enumerate(shares(paths, count))
    ]


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


def _sending(client: Any, paths: Sequence[Path], dask_sources: str) -> bool:
    """Whether the client sends the files' bytes: as asked, or (``auto``) unless every worker
    of the cluster sees a few of the files at the same path with the same size and mtime."""
    if dask_sources != "auto":
        return dask_sources == "send"
    samples = []
    for path in {paths[0], paths[len(paths) // 2], paths[-1]} if paths else ():
        with contextlib.suppress(OSError):
            info = path.stat()
            samples.append((str(Path.cwd() / path), info.st_size, info.st_mtime_ns))
    if not samples:
        return False
    try:
        seen = client.run(_sees, samples)
    except Exception as exc:  # a worker that cannot answer: sending works whatever it sees
        log.info("cannot ask the workers whether they see the files (%s): sending them", exc)
        return True
    if seen and all(seen.values()):
        return False
    blind = sorted(worker for worker, yes in seen.items() if not yes) or ["(no worker yet)"]
    log.info("workers %s do not see %s: sending the files", ", ".join(blind), samples[0][0])
    return True


def _sees(samples: list[tuple[str, int, int]]) -> bool:
    """On a Dask worker: whether each file is there with the size and mtime the client saw."""
    for name, size, mtime_ns in samples:
        try:
            info = os.stat(name)
        except OSError:
            return False
        if (info.st_size, info.st_mtime_ns) != (size, mtime_ns):
            return False
    return True


def _run_dask(
    client: Any, tasks: list[PartTask], progress: Progress | None, total: int, gen: Path
) -> list[PartResult]:
    """Run each share as a Dask task; workers read the sources from the same paths (a
    shared file system) and send their segment back as bytes."""
    futures = client.map(run_part, tasks, pure=False)
    return _gather(client, tasks, futures, progress, total, gen)


def _gather(
    client: Any,
    tasks: list[PartTask],
    futures: list[Any],
    progress: Progress | None,
    total: int,
    gen: Path,
) -> list[PartResult]:
    """The tasks' results, reporting progress as each share finishes; a failed task fails
    the build in one line (the write session then removes the generation ``gen``)."""
    from distributed import as_completed

    numbers = {future.key: number for number, future in enumerate(futures)}
    results: dict[int, PartResult] = {}
    done = 0
    for future in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]
        try:
            result: PartResult = future.result()
        except Exception as exc:
            share = f"share {numbers[future.key] + 1} of {len(tasks)}"
            why = f"{exc.__class__.__name__}: {exc}".splitlines()[0]
            raise IndexWriteError(str(gen), f"Dask task of {share} failed ({why})") from exc
        results[result.number] = result
        done += len(tasks[result.number].paths)
        if progress is not None:
            progress(done, total)
    return [results[t.number] for t in tasks]


def _run_dask_sent(
    client: Any, tasks: list[PartTask], progress: Progress | None, total: int, gen: Path
) -> list[PartResult]:
    """Run each share as a Dask task fed the files' bytes: this process reads them (once,
    as a local build would; page dumps learning held are not read again) and puts them on
    the share's queue in chunks of at most CHUNK_BYTES, placed on the worker that runs the
    share. The queues are released when the tasks are done (before, a task not started yet
    would lose its chunks), after a stop mark that ends a task still waiting for files."""
    from distributed import Queue

    build = uuid.uuid4().hex
    held = [task.learned.held for task in tasks]
    tasks = [
        dataclasses.replace(t, learned=Learned(t.learned.extractor), inbox=f"artindex-{build}-{i}")
        for i, t in enumerate(tasks)
    ]
    workers = sorted(client.scheduler_info(n_workers=-1).get("workers", {})) or [None]
    places = [[workers[i % len(workers)]] if workers[0] else None for i in range(len(tasks))]
    queues = [Queue(t.inbox, client=client) for t in tasks]  # type: ignore[no-untyped-call]
    futures: list[Any] = []
    try:
        futures = [
            client.submit(run_part, t, pure=False, workers=w, allow_other_workers=True)
            for t, w in zip(tasks, places, strict=True)
        ]
        parts = zip(queues, places, tasks, held, strict=True)
        streams = [(q, w, _chunks(t, h)) for q, w, t, h in parts]
        while streams and not any(f.status == "error" for f in futures):
            streams = [s for s in streams if _send_next(client, *s)]
        return _gather(client, tasks, futures, progress, total, gen)
    except BaseException:
        with contextlib.suppress(Exception):
            client.cancel(futures)  # tasks not started yet never start
        raise
    finally:
        for q in queues:
            with contextlib.suppress(Exception):
                q.put(None)  # type: ignore[no-untyped-call]
                q.close()  # type: ignore[no-untyped-call]


def _send_next(client: Any, inbox: Any, workers: list[str] | None, chunks: Iterator[Any]) -> bool:
    """Put a share's next chunk on its queue; False when the share has been sent."""
    chunk = next(chunks, None)
    if chunk is None:
        return False
    inbox.put(client.scatter([chunk], workers=workers, hash=False)[0])
    return True


def _chunks(
    task: PartTask, held: dict[Path, SourceFile]
) -> Iterator[list[SourceFile | SourceBytes]]:
    """A share's files, in order, read here (undecoded) or taken from what learning held, in
    lists of at most CHUNK_BYTES of file bytes (a bigger file goes alone). A file that cannot
    be read is sent as its problem, so the worker records it as a local build would."""
    chunk: list[SourceFile | SourceBytes] = []
    size = 0
    for name in task.paths:
        path = Path(name)
        item = held.pop(path, None) or fetch_file(path, task.settings)
        weight = item.size if isinstance(item, SourceBytes) else len(item.text.encode())
        if chunk and size + weight > CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += weight
    if chunk:
        yield chunk


def _absorb_shipped(writer: _Writer, result: PartResult) -> None:
    """Take in the word table and fresh analyses a Dask worker sent back as bytes."""
    assert writer.cache is not None
    with tempfile.TemporaryDirectory(prefix="artindex-part-") as scratch:
        if result.words:
            words = Path(scratch) / WORDS_FILE
            words.write_bytes(result.words)
            writer.words.absorb(words)
        if result.cache:
            cache = Path(scratch) / CACHE_NAME
            cache.write_bytes(result.cache)
            writer.cache.absorb(cache)


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
        else:
            _absorb_shipped(writer, result)
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
