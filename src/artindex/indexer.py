"""Build and update an index: ingest files, analyze in parallel, write a new generation, swap.

``build`` writes a complete new generation from the sources. ``update`` hard-links the current
generation into a new one and only deletes and re-adds the documents of files that were added,
changed or removed since the manifest was written, inside the paths it is given (or the
sources the manifest records). ``remove`` drops a source's articles; ``add_articles`` and
``delete_articles`` change single articles from code. Every write holds the writer lock, reuses
the analysis cache, and swaps the manifest only once the new generation is committed; a write
that fails (a full disk, Ctrl-C) removes its partial generation and leaves the previous index
serving.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import gc
import hashlib
import logging
import os
import shutil
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import __version__
from .analysis.morphology import morphemes_many
from .analysis.wordtable import WordTableWriter
from .compat import analysis_signature, check_compatible
from .engine import writer as whoosh_writer
from .engine.schema import article_from_stored, document, layout
from .errors import (
    ArticleError,
    ConfigError,
    IndexDamagedError,
    IndexMismatchError,
    IndexNotFoundError,
    IndexWriteError,
    IngestError,
    SourceError,
)
from .ingest.formats import finish_article
from .ingest.pipeline import Learned, ingest_files, iter_files, learn
from .ingest.reader import SourceFile, file_digest
from .models import Article, BuildReport, Problem
from .settings import Settings, load_settings
from .store import (
    FORMAT,
    FORMAT_VERSION,
    AnalysisCache,
    FileRecord,
    IndexDir,
    link_generation,
)
from .text.sources import SourceNames, load_source_names

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (files done, files total)

DEFAULT_SOURCE = "corpus"  # what `build` indexes when given no source


def _checkpoint(name: str) -> None:
    """Failpoint for the crash-safety tests: ``ARTINDEX_CRASH_AT=name`` kills the process here
    with SIGKILL, as a power cut or the OOM killer would (``ARTINDEX_CRASH_SIGNAL=INT``:
    interrupts it with SIGINT, as Ctrl-C would)."""
    if os.environ.get("ARTINDEX_CRASH_AT") == name:
        how = os.environ.get("ARTINDEX_CRASH_SIGNAL", "KILL")  # INT: as Ctrl-C would
        os.kill(os.getpid(), signal.SIGINT if how == "INT" else signal.SIGKILL)


@dataclass
class _Plan:
    """What one write does: files to (re)ingest, paths to delete, records that stay."""

    ingest: list[Path] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    keep: dict[str, FileRecord] = field(default_factory=dict)
    unchanged: int = 0


@dataclass
class _State:
    """What the current generation holds: its files, its sources and the ids added from code."""

    files: dict[str, FileRecord] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    code_ids: set[str] = field(default_factory=set)
    base: Path | None = None

    @classmethod
    def read(cls, root: IndexDir, manifest: dict[str, Any] | None) -> _State:
        if manifest is None:
            return cls()
        base = root.generation_path(manifest)
        sources = [str(s) for s in manifest.get("sources", [])]
        return cls(root.read_files(base), sources, root.read_code_ids(base), base)


def source_key(path: str | Path) -> str:
    """The key a file or source is known by: its resolved absolute path, so one file named
    by a relative path, an absolute path or through a symlink is the same file."""
    return str(Path(path).resolve())


def _within(key: str, root: str) -> bool:
    return key == root or key.startswith(root.rstrip(os.sep) + os.sep)


def _merge_sources(recorded: Iterable[str], added: Iterable[str]) -> list[str]:
    """Recorded sources plus ``added``, without a source inside another."""
    merged: list[str] = []
    for source in [*added, *recorded]:
        if any(_within(source, other) for other in merged):
            continue
        merged = [m for m in merged if not _within(m, source)] + [source]
    return sorted(merged)


def _cache_key(signature: str, text: str) -> str:
    return hashlib.sha1(f"{signature}\x00{text}".encode(), usedforsecurity=False).hexdigest()


def limit_body(article: Article, max_chars: int) -> tuple[Article, Problem | None]:
    """``article`` with its body cut to ``max_chars`` (at a line or word break when one is
    near), and the warning saying so; unchanged when it fits."""
    body = article.body
    if max_chars <= 0 or len(body) <= max_chars:
        return article, None
    cut = body.rfind("\n", max(0, max_chars - 2000), max_chars)
    if cut < 0:
        cut = body.rfind(" ", max(0, max_chars - 200), max_chars)
    cut = cut if cut > 0 else max_chars
    warning = Problem(
        article.path or article.id,
        f"body is {len(body):,} characters, over max_body_chars ({max_chars:,}); "
        f"indexed up to character {cut:,}",
        warning=True,
    )
    return dataclasses.replace(article, body=body[:cut].rstrip()), warning


class _Writer:
    """One write session on a new generation ``gen``: feeds analyzed documents to Whoosh."""

    def __init__(self, root: IndexDir, settings: Settings, gen: Path, base: Path | None) -> None:
        self.root = root
        self.settings = settings
        self.gen = gen
        self.swapped = False  # True once the manifest names ``gen``: it must then stay
        self.cache: AnalysisCache | None = None
        self.writer: Any = None
        if base is None:
            self.ix = whoosh_writer.create_index(self.gen, settings.user_dictionary)
        else:
            link_generation(base, self.gen)
            self.ix = whoosh_writer.open_index(self.gen)
        self.writer = whoosh_writer.new_segment_writer(self.ix)
        self.cache = AnalysisCache(root.root / "cache.sqlite")
        self.merge = True  # False once worker segments are adopted (they stay as written)
        self.merge_policy: Callable[[Any, list[Any]], list[Any]] | None = None
        self.words = WordTableWriter(gen, base)
        self.used_keys: set[str] = set()
        self.full = base is None  # a full build knows every text the index holds
        self.signature = repr(sorted(analysis_signature(settings).items()))
        self.seen: set[str] = set()
        self.duplicates: list[Problem] = []
        self.warnings: list[Problem] = []
        self.added = 0

    def add(self, articles: Iterable[Article]) -> None:
        """Analyze and add ``articles``. Batches are analyzed on a background thread (the
        analysis cache first, then Kiwi's worker threads, which run outside the GIL) while
        this thread ingests the next files and writes the previous batch into Whoosh. At most
        two batches are in flight, so memory stays flat however large the corpus."""
        workers = self.settings.workers or (os.cpu_count() or 1)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="artindex-analyze") as pool:
            ahead: deque[Future[list[dict[str, Any]]]] = deque()
            for batch in _batched(self._unique(articles), 64):
                ahead.append(pool.submit(self._analyze, batch, workers))
                if len(ahead) > 1:
                    self._write(ahead.popleft().result())
            while ahead:
                self._write(ahead.popleft().result())

    def _analyze(self, batch: list[Article], workers: int) -> list[dict[str, Any]]:
        assert self.cache is not None
        lays = [layout(a) for a in batch]
        keys = [_cache_key(self.signature, lay.text) for lay in lays]
        self.used_keys.update(keys)
        found = self.cache.get_many(keys)
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        texts = {key: lay.text for key, lay in zip(keys, lays, strict=True)}
        fresh = morphemes_many([texts[k] for k in missing], self.settings.user_dictionary, workers)
        for key, morphs in zip(missing, fresh, strict=True):
            found[key] = morphs
            self.cache.put(key, morphs)
        for lay, key in zip(lays, keys, strict=True):
            self.words.add(lay.text, found[key])
        return [
            document(article, found[key], lay)
            for article, lay, key in zip(batch, lays, keys, strict=True)
        ]

    def _write(self, docs: list[dict[str, Any]]) -> None:
        for doc in docs:
            self.writer.add_document(**doc)
            self.added += 1
            if self.added == 1:
                _checkpoint("first-document")

    def _unique(self, articles: Iterable[Article]) -> Iterator[Article]:
        limit = self.settings.max_body_chars
        for article in articles:
            if article.id in self.seen:
                self.duplicates.append(
                    Problem(
                        article.path,
                        f"duplicate of article {article.id}; indexed once",
                        warning=True,
                    )
                )
                continue
            self.seen.add(article.id)
            article, warning = limit_body(article, limit)
            if warning is not None:
                self.warnings.append(warning)
            yield article

    def delete_ids(self, ids: Iterable[str]) -> int:
        """Delete the documents with these ids; returns how many there were."""
        return sum(int(self.writer.delete_by_term("id", i) or 0) for i in sorted(set(ids)))

    def commit(self, state: _State) -> int:
        _checkpoint("before-commit")
        self.writer.commit(mergetype=self.merge_policy, merge=self.merge)
        assert self.cache is not None
        if self.full:  # forget analyses of texts no longer indexed, so the cache cannot grow
            self.cache.retain(self.used_keys)
        self.cache.close()
        self.words.close()
        _checkpoint("after-commit")
        count = whoosh_writer.live_count(self.ix)
        self.root.write_files(self.gen, state.files)
        self.root.write_code_ids(self.gen, state.code_ids)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "generation": self.gen.name,
            "artindex_version": __version__,
            "analysis": analysis_signature(self.settings),
            "synonyms": self.settings.analysis_fingerprint()["synonyms"],
            "settings": {"user_dictionary": self.settings.user_dictionary},
            "sources": sorted(state.sources),
            "article_count": count,
            "file_count": len(state.files),
            "code_article_count": len(state.code_ids),
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self.root.commit(manifest)
        self.swapped = True
        _checkpoint("after-swap")
        return count

    def abort(self) -> None:
        """Give up this write: cancel Whoosh's writer, close the cache, and remove the new
        generation unless the manifest already names it. Errors here are not raised: the
        error that caused the abort is the one to report."""
        if self.writer is not None and not self.swapped:
            whoosh_writer.cancel(self.writer)
            self.writer = None  # its open files go with it (the error may outlive this write)
        if self.cache is not None:
            with contextlib.suppress(Exception):
                self.cache.close()
        with contextlib.suppress(Exception):
            self.words.abort()


_WRITE_REASONS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EIO: "input/output error",
}


def _write_error(exc: OSError, fallback: Path) -> IndexWriteError:
    reason = _WRITE_REASONS.get(exc.errno or 0) or f"cannot write ({exc.strerror or exc})"
    return IndexWriteError(str(exc.filename or fallback), reason)


@contextlib.contextmanager
def _session(root: IndexDir, settings: Settings, base: Path | None) -> Iterator[_Writer]:
    """A write on a new generation. Whatever stops it before the swap (a full disk, Ctrl-C,
    a bug) removes the partial generation, so the previous index keeps serving and nothing
    half-written stays behind; an OSError becomes a one-line IndexWriteError."""
    gen: Path | None = None
    writer: _Writer | None = None
    try:
        gen = root.new_generation()
        writer = _Writer(root, settings, gen, base)
        yield writer
    except BaseException as exc:
        if writer is not None:
            writer.abort()
        swapped = writer is not None and writer.swapped
        if gen is not None and not swapped:
            shutil.rmtree(gen, ignore_errors=True)
            # Files Whoosh opened in the new generation may still be held by the failed
            # frames' locals: drop those, or a full disk stays full while the error lives.
            traceback.clear_frames(exc.__traceback__)
            gc.collect()
        if isinstance(exc, OSError) and not swapped:
            raise _write_error(exc, gen or root.root) from exc
        raise


def _batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _walk(sources: Sequence[str | Path], settings: Settings) -> list[Path]:
    return list(iter_files(sources, follow_symlinks=settings.follow_symlinks))


def _ingest(
    paths: Sequence[Path],
    settings: Settings,
    learned: Learned,
    records: dict[str, FileRecord],
    problems: list[Problem],
    progress: Progress | None,
    *,
    read: Callable[[Path], SourceFile] | None = None,
    key: Callable[[Path], str] = source_key,
) -> Iterator[Article]:
    """Articles of ``paths`` in order, through the ingest pipeline with the repetition state
    ``learned``; fills ``records`` (keyed by resolved path) and ``problems`` as files are
    read. A file that is not a regular one, or cannot be examined, gets no record. A Dask
    worker passes ``read`` (the file's bytes came from the client) and ``key`` (the keys the
    client resolved: the worker's own folders may differ)."""
    total = len(paths)
    if progress is not None:
        progress(0, total)
    for done, item in enumerate(ingest_files(paths, settings, learned, read=read), 1):
        result = item.result
        problems.extend(result.problems)
        if item.stamp is not None:
            stamp = item.stamp
            records[key(item.path)] = FileRecord(
                stamp.size,
                stamp.mtime_ns,
                stamp.sha256,
                tuple(a.id for a in result.articles),
                tuple(str(p) for p in result.problems),
            )
        yield from result.articles
        if progress is not None:
            progress(done, total)


def _current(root: IndexDir, settings: Settings, *, check: bool = True) -> dict[str, Any] | None:
    """The manifest of the index (None when there is none yet), read under the writer lock,
    after removing what an interrupted writer left behind."""
    manifest = root.read_manifest() if root.exists() else None
    root.clean_partial(manifest)
    if manifest is not None and check:
        check_compatible(manifest, settings, root.root)
    return manifest


def build(
    sources: Sequence[str | Path] = (),
    index_path: str | Path = "index",
    settings: Settings | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    dask: str | None = None,
    dask_sources: str = "auto",
) -> BuildReport:
    """Index every article under ``sources`` (default ``corpus/``) into a new generation of
    ``index_path``, and record ``sources`` in the manifest for later updates.

    ``workers`` processes (default: one per core, for a corpus big enough to repay starting
    them) each ingest, analyze and write a Whoosh segment of a share of the files, joined
    into the one new generation; ``dask`` (a scheduler address such as
    ``tcp://host:8786``) runs those workers on a Dask cluster instead (see
    docs/scale-out.md). ``dask_sources`` says how Dask workers get the files: ``"shared"``
    (they read the same paths), ``"send"`` (this process reads them and sends the bytes) or
    ``"auto"`` (``"shared"`` when every worker sees the files as this process does). The
    index is the same either way.

    One bad file never stops the build: its problem is reported and the rest is indexed. The
    previous index stays searchable until the new one is complete. When the index already
    holds exactly these files (same content, same analysis settings, no earlier problems),
    nothing is rewritten unless ``force`` is given; any change rewrites the whole index, with
    unchanged texts taken from the analysis cache. Articles added from code
    (:func:`add_articles`) are carried over into the new index.
    """
    settings = settings or load_settings()
    started = time.perf_counter()
    _check_dask_sources(dask, dask_sources)
    root = IndexDir(index_path)
    sources = list(sources) or [DEFAULT_SOURCE]
    paths = _walk(sources, settings)
    recorded = _merge_sources([], [source_key(s) for s in sources])
    with root.write_lock(settings.lock_timeout, "artindex build"):
        manifest = _current(root, settings, check=False)
        unchanged = None if force else _unchanged(root, manifest, paths, recorded, settings)
        if unchanged is not None:
            return BuildReport(
                indexed=0,
                unchanged=unchanged,
                seconds=time.perf_counter() - started,
                index_path=str(root.root),
                sources=tuple(recorded),
            )
        carried, problems = _code_articles(root, manifest)
        state = _State(sources=recorded, code_ids={a.id for a in carried})
        parts = _parts(workers, paths, dask)
        with _session(root, settings, base=None) as writer:
            if parts > 1 or dask:
                from .parallel import build_parts

                job = (paths, carried, state.files, problems)
                build_parts(
                    writer,
                    *job,
                    progress=progress,
                    workers=parts,
                    dask=dask,
                    dask_sources=dask_sources,
                )
            else:
                writer.add(carried)
                learned = learn(paths, settings)
                writer.add(_ingest(paths, settings, learned, state.files, problems, progress))
            count = writer.commit(state)
    return _report(writer, problems, started, root, count, state)


DASK_SOURCES = ("auto", "shared", "send")


def _check_dask_sources(dask: str | None, dask_sources: str) -> None:
    if dask_sources not in DASK_SOURCES:
        choices = ", ".join(DASK_SOURCES)
        raise ConfigError(f"dask_sources must be one of {choices}, not {dask_sources!r}")
    if dask_sources != "auto" and not dask:
        raise ConfigError(f"dask_sources={dask_sources!r} needs a Dask scheduler (dask=ADDRESS)")


PART_BYTES = 4_000_000  # default workers: each share at least this much text (a Kiwi load)


def _parts(workers: int | None, paths: Sequence[Path], dask: str | None) -> int:
    """How many shares to split ``paths`` into: ``workers`` when given (at most one per
    file), else one per core but none smaller than PART_BYTES, since each worker process
    first spends about a second loading Kiwi's model."""
    if workers is not None and workers < 1:
        raise SourceError(f"workers must be 1 or more, not {workers}")
    if dask:
        return min(workers, len(paths)) if workers else 0  # 0: one per worker of the cluster
    if workers is not None:
        return max(1, min(workers, len(paths)))
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return max(1, min(os.cpu_count() or 1, total // PART_BYTES))


def _code_articles(
    root: IndexDir, manifest: dict[str, Any] | None
) -> tuple[list[Article], list[Problem]]:
    """The articles added from code to the current index, read back from its stored fields,
    so a rebuild from files keeps them."""
    if manifest is None:
        return [], []
    try:
        gen = root.generation_path(manifest)
        ids = root.read_code_ids(gen)
        if not ids:
            return [], []
        found = whoosh_writer.stored_by_id(whoosh_writer.open_index(gen), sorted(ids))
        return [article_from_stored(f) for f in found if f], []
    except Exception as exc:  # an unreadable old index must not stop the rebuild
        reason = f"articles added from code could not be carried over ({exc})"
        return [], [Problem(str(root.root), reason, warning=True)]


def _unchanged(
    root: IndexDir,
    manifest: dict[str, Any] | None,
    paths: Sequence[Path],
    sources: list[str],
    settings: Settings,
) -> int | None:
    """The number of files if the index already reflects exactly ``paths``, else None."""
    if manifest is None or sorted(manifest.get("sources", [])) != sorted(sources):
        return None
    try:
        check_compatible(manifest, settings, root.root)
        files = root.read_files(root.generation_path(manifest))
    except (IndexNotFoundError, IndexMismatchError, IndexDamagedError):
        return None
    plan = _plan(paths, files)
    if plan.ingest or plan.delete or any(rec.problems for rec in plan.keep.values()):
        return None
    if not files:  # built from articles, not files: nothing to compare with
        return None
    return plan.unchanged


def build_articles(
    articles: Iterable[Article], index_path: str | Path, settings: Settings | None = None
) -> BuildReport:
    """Replace the whole index with ``articles``, indexed exactly as given (evaluations rely
    on that; no cleaning, ids or fingerprints are added): whatever the index held before,
    files and articles alike, is gone, and no sources are recorded. To add or replace some
    articles in an index, use :func:`add_articles`; to remove some, :func:`delete_articles`."""
    settings = settings or load_settings()
    started = time.perf_counter()
    root = IndexDir(index_path)
    with root.write_lock(settings.lock_timeout, "artindex build"):
        _current(root, settings, check=False)
        state = _State()
        with _session(root, settings, base=None) as writer:
            writer.add(articles)
            state.code_ids = set(writer.seen)
            count = writer.commit(state)
    return _report(writer, [], started, root, count, state)


def _prepare(articles: Iterable[Article], names: SourceNames | None = None) -> Iterator[Article]:
    """Articles from code get what ingested ones get: clean text, language, timezone-aware
    dates, an id and a fingerprint."""
    for article in articles:
        if not isinstance(article, Article):
            raise ArticleError("article", f"expected an Article, not {type(article).__name__}")
        yield finish_article(article, article.path, names)


@dataclass
class _Scope:
    """Which part of the index one update looks at."""

    walk: list[Path]  # what to walk for files
    roots: list[str]  # resolved: recorded files inside these are compared with the walk
    sources: list[str]  # the sources recorded after this update
    missing: list[str]  # recorded sources not found (their articles stay)
    pruned: list[str]  # recorded sources not found and dropped (``prune``)


def _scope(given: Sequence[str | Path], recorded: list[str], prune: bool, root: Path) -> _Scope:
    missing = [s for s in recorded if not os.path.exists(s)]
    pruned = missing if prune else []
    if given:
        walk = [Path(p) for p in given]
        for path in walk:
            if not path.exists():
                raise IngestError(
                    str(path),
                    f"no such file or directory (to remove its articles: artindex remove {path})",
                )
    elif recorded:
        walk = [Path(s) for s in recorded if s not in missing]
    else:
        raise SourceError(
            f"the index at {root} records no sources; name them: artindex update PATH"
        )
    roots = [source_key(p) for p in walk]
    kept = [s for s in recorded if s not in pruned]
    missing = [s for s in missing if not prune]
    return _Scope(walk, roots + pruned, _merge_sources(kept, roots), missing, pruned)


def _scoped_plan(paths: Sequence[Path], files: dict[str, FileRecord], scope: _Scope) -> _Plan:
    """The plan for the files inside the scope; every record outside it is kept as it is."""
    inside = {k: r for k, r in files.items() if any(_within(k, s) for s in scope.roots)}
    plan = _plan(paths, inside)
    plan.keep.update((k, r) for k, r in files.items() if k not in inside)
    return plan


def _orphans(gone: Iterable[FileRecord], state: _State, keep: dict[str, FileRecord]) -> set[str]:
    """Ids of the articles that leave with ``gone``: not also given by a kept file (an
    article found in two files is indexed once) nor added from code."""
    held = {i for rec in keep.values() for i in rec.ids} | state.code_ids
    return {i for rec in gone for i in rec.ids} - held


def update(
    sources: Sequence[str | Path] = (),
    index_path: str | Path = "index",
    settings: Settings | None = None,
    *,
    rebuild: bool = False,
    prune: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Bring the index in line with ``sources``, or with the sources its manifest records
    when none are given: add new files, re-index changed ones, remove deleted ones, inside
    those paths only; articles from other sources or from code are never touched. A given
    path becomes a recorded source. A recorded source that no longer exists keeps its
    articles (with a warning) unless ``prune`` is set. Unchanged files are recognised by
    size and mtime (then content hash) and cost nothing. Without an index yet, this is a
    build."""
    settings = settings or load_settings()
    root = IndexDir(index_path)
    if not root.exists():
        return build(sources, index_path, settings, progress=progress)
    manifest = root.read_manifest()
    try:
        check_compatible(manifest, settings, root.root)
    except IndexMismatchError:
        if not rebuild:
            raise
        return build(sources or manifest.get("sources", []), index_path, settings, force=True)
    started = time.perf_counter()
    with root.write_lock(settings.lock_timeout, "artindex update"):
        # re-read under the lock: another writer may have won
        state = _State.read(root, _current(root, settings))
        scope = _scope(sources, state.sources, prune, root.root)
        paths = _walk(scope.walk, settings)
        plan = _scoped_plan(paths, state.files, scope)
        problems = _missing_problems(scope, state.files)
        if not plan.ingest and not plan.delete and scope.sources == sorted(state.sources):
            return BuildReport(
                indexed=0,
                unchanged=plan.unchanged,
                seconds=time.perf_counter() - started,
                index_path=str(root.root),
                warnings=tuple(problems),
                sources=tuple(scope.sources),
            )
        gone = _orphans((state.files[k] for k in plan.delete), state, plan.keep)
        new = _State(dict(plan.keep), scope.sources, state.code_ids)
        with _session(root, settings, base=state.base) as writer:
            writer.seen = {i for rec in plan.keep.values() for i in rec.ids} | state.code_ids
            writer.delete_ids(gone)
            learned = learn(paths, settings, keep=plan.ingest)  # every dump of the scope
            writer.add(_ingest(plan.ingest, settings, learned, new.files, problems, progress))
            count = writer.commit(new)
    report = _report(writer, problems, started, root, count, new)
    return dataclasses.replace(
        report,
        removed=len([p for p in plan.delete if p not in new.files]),
        removed_articles=len(gone - writer.seen),
        unchanged=plan.unchanged,
    )


def _missing_problems(scope: _Scope, files: dict[str, FileRecord]) -> list[Problem]:
    problems = []
    for source in scope.missing:
        count = sum(len(r.ids) for k, r in files.items() if _within(k, source))
        problems.append(
            Problem(
                source,
                f"source not found; its {count} articles are kept (`artindex update --prune` "
                "or `artindex remove` drops them)",
                warning=True,
            )
        )
    return problems


def remove(
    paths: Sequence[str | Path], index_path: str | Path = "index", settings: Settings | None = None
) -> BuildReport:
    """Remove from the index every article of the files under ``paths`` (which need not
    exist any more), and drop the recorded sources under them. Articles added from code and
    files elsewhere stay. Raises SourceError when nothing indexed is under ``paths``."""
    settings = settings or load_settings()
    started = time.perf_counter()
    root = IndexDir(index_path)
    roots = [source_key(p) for p in paths]
    with root.write_lock(settings.lock_timeout, "artindex remove"):
        manifest = _current(root, settings)
        if manifest is None:
            raise IndexNotFoundError(str(root.root))
        state = _State.read(root, manifest)
        inside = [k for k in state.files if any(_within(k, r) for r in roots)]
        dropped = [s for s in state.sources if any(_within(s, r) for r in roots)]
        if not inside and not dropped:
            names = ", ".join(str(p) for p in paths)
            raise SourceError(f"nothing in the index at {root.root} comes from {names}")
        keep = {k: r for k, r in state.files.items() if k not in inside}
        gone = _orphans((state.files[k] for k in inside), state, keep)
        new = _State(keep, [s for s in state.sources if s not in dropped], state.code_ids)
        with _session(root, settings, base=state.base) as writer:
            removed = writer.delete_ids(gone)
            count = writer.commit(new)
    problems = [
        Problem(r, f"still inside source {s}: the next update adds its files back", warning=True)
        for r in roots
        for s in new.sources
        if _within(r, s) and os.path.exists(r)
    ]
    report = _report(writer, problems, started, root, count, new)
    return dataclasses.replace(report, removed=len(inside), removed_articles=removed)


def add_articles(
    articles: Iterable[Article], index_path: str | Path = "index", settings: Settings | None = None
) -> BuildReport:
    """Add articles from code to the index (creating it if needed); an article whose id is
    already indexed is replaced. They get the same normalization, ids, lock and atomic swap
    as files, belong to no file source, and survive later updates and builds until
    :func:`delete_articles` removes them."""
    settings = settings or load_settings()
    started = time.perf_counter()
    root = IndexDir(index_path)
    with root.write_lock(settings.lock_timeout, "artindex add"):
        state = _State.read(root, _current(root, settings))
        with _session(root, settings, base=state.base) as writer:
            prepared = list(_prepare(articles, load_source_names(settings.sources)))
            writer.delete_ids(a.id for a in prepared)
            writer.add(prepared)
            state.code_ids |= writer.seen
            count = writer.commit(state)
    return _report(writer, [], started, root, count, state)


def delete_articles(
    ids: Iterable[str], index_path: str | Path = "index", settings: Settings | None = None
) -> BuildReport:
    """Delete the articles with these ids; ``removed_articles`` says how many there were.
    An article that came from a file comes back if that file changes and is re-indexed."""
    settings = settings or load_settings()
    started = time.perf_counter()
    root = IndexDir(index_path)
    wanted = {ids} if isinstance(ids, str) else set(ids)
    with root.write_lock(settings.lock_timeout, "artindex delete"):
        manifest = _current(root, settings)
        if manifest is None:
            raise IndexNotFoundError(str(root.root))
        state = _State.read(root, manifest)
        with _session(root, settings, base=state.base) as writer:
            removed = writer.delete_ids(wanted)
            state.code_ids -= wanted
            count = writer.commit(state)
    report = _report(writer, [], started, root, count, state)
    return dataclasses.replace(report, removed_articles=removed)


def _plan(paths: Sequence[Path], old: dict[str, FileRecord]) -> _Plan:
    plan = _Plan()
    current = {source_key(p) for p in paths}
    for path in paths:
        key = source_key(path)
        rec = old.get(key)
        if rec is not None:
            try:
                info = path.stat()
            except OSError:
                plan.ingest.append(path)
                plan.delete.append(key)
                continue
            same = info.st_size == rec.size and (
                info.st_mtime_ns == rec.mtime_ns or file_digest(path) == rec.sha256
            )
            if same:
                plan.keep[key] = FileRecord(
                    rec.size, info.st_mtime_ns, rec.sha256, rec.ids, rec.problems
                )
                plan.unchanged += 1
                continue
            plan.delete.append(key)
        plan.ingest.append(path)
    plan.delete.extend(key for key in old if key not in current)
    return plan


def _report(
    writer: _Writer,
    problems: list[Problem],
    started: float,
    root: IndexDir,
    count: int,
    state: _State,
) -> BuildReport:
    skipped = tuple(p for p in problems if not p.warning)
    warnings = tuple(p for p in problems if p.warning) + tuple(writer.warnings)
    log.info("indexed %d articles (%d in the index)", writer.added, count)
    return BuildReport(
        indexed=writer.added,
        skipped=skipped,
        duplicates=len(writer.duplicates),
        seconds=time.perf_counter() - started,
        index_path=str(root.root),
        warnings=warnings + tuple(writer.duplicates),
        sources=tuple(state.sources),
    )
