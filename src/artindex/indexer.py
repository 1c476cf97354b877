"""Build and update an index: ingest files, analyze in parallel, write a new generation, swap.

``build`` writes a complete new generation from the sources. ``update`` hard-links the current
generation into a new one and only deletes and re-adds the documents of files that were added,
changed or removed since the manifest was written. Both hold the writer lock, reuse the analysis
cache, and swap the manifest only once the new generation is committed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from . import __version__
from .analysis import morphemes_many
from .compat import analysis_signature, check_compatible
from .errors import IndexDamagedError, IndexMismatchError, IndexNotFoundError
from .ingest import Ingester, iter_files
from .models import Article, BuildReport, Problem
from .schema import document, layout, make_schema
from .settings import Settings, load_settings
from .store import (
    FORMAT,
    FORMAT_VERSION,
    AnalysisCache,
    FileRecord,
    IndexDir,
    link_generation,
)

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (files done, files total)


def _checkpoint(name: str) -> None:
    """Failpoint for the crash-safety tests: ``ARTINDEX_CRASH_AT=name`` kills the process here
    with SIGKILL, as a power cut or the OOM killer would."""
    if os.environ.get("ARTINDEX_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass
class _Plan:
    """What one write does: files to (re)ingest, paths to delete, records that stay."""

    ingest: list[Path] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    keep: dict[str, FileRecord] = field(default_factory=dict)
    unchanged: int = 0


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _cache_key(signature: str, text: str) -> str:
    return hashlib.sha1(f"{signature}\x00{text}".encode(), usedforsecurity=False).hexdigest()


class _LengthCache:
    """Field lengths of a segment being flushed, read once per field instead of once per
    posting (Whoosh looks one up for every posting it writes)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._lengths: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            read = self._reader.doc_field_length
            count = self._reader.doc_count_all()
            lengths = [read(i, fieldname, default) for i in range(count)]
            self._lengths[fieldname] = lengths
        return lengths[docnum]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class _SegmentWriter(SegmentWriter):  # type: ignore[misc]
    def per_document_reader(self) -> Any:
        return _LengthCache(super().per_document_reader())


class _Writer:
    """One write session on a new generation: feeds analyzed documents to Whoosh."""

    def __init__(self, root: IndexDir, settings: Settings, base: Path | None) -> None:
        self.root = root
        self.settings = settings
        self.gen = root.new_generation()
        if base is None:
            self.ix = whoosh_index.create_in(str(self.gen), make_schema(settings.user_dictionary))
        else:
            link_generation(base, self.gen)
            self.ix = whoosh_index.open_dir(str(self.gen))
        self.writer = _SegmentWriter(self.ix, limitmb=256, codec=W3Codec(compression=1))
        self.cache = AnalysisCache(root.root / "cache.sqlite")
        self.used_keys: set[str] = set()
        self.full = base is None  # a full build knows every text the index holds
        self.signature = repr(sorted(analysis_signature(settings).items()))
        self.seen: set[str] = set()
        self.duplicates: list[Problem] = []
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
            yield article

    def delete_paths(self, paths: Iterable[str]) -> None:
        for path in paths:
            self.writer.delete_by_term("path", path)

    def commit(self, files: dict[str, FileRecord]) -> int:
        _checkpoint("before-commit")
        self.writer.commit(merge=True)
        if (
            self.full
        ):  # forget analyses of texts no longer indexed, so the cache cannot grow forever
            self.cache.retain(self.used_keys)
        self.cache.close()
        _checkpoint("after-commit")
        with self.ix.searcher() as searcher:
            count = int(searcher.doc_count())
        self.root.write_files(self.gen, files)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "generation": self.gen.name,
            "artindex_version": __version__,
            "analysis": analysis_signature(self.settings),
            "synonyms": self.settings.analysis_fingerprint()["synonyms"],
            "settings": {"user_dictionary": self.settings.user_dictionary},
            "article_count": count,
            "file_count": len(files),
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self.root.commit(manifest)
        _checkpoint("after-swap")
        return count

    def abort(self) -> None:
        try:
            self.writer.cancel()
        finally:
            self.cache.close()


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
    learn_from: Sequence[Path],
    records: dict[str, FileRecord],
    problems: list[Problem],
    progress: Progress | None,
) -> Iterator[Article]:
    """Articles of ``paths`` in order; fills ``records`` and ``problems`` as files are read."""
    ingester = Ingester(settings)
    ingester.learn(list(learn_from))
    total = len(paths)
    for done, path in enumerate(paths, 1):
        key = str(path)
        try:
            stat = path.stat()
            sha = _digest(path)
        except OSError as exc:
            problems.append(Problem(key, f"cannot read ({exc.strerror})"))
            continue
        result = ingester.load(path)
        problems.extend(result.problems)
        records[key] = FileRecord(
            stat.st_size,
            stat.st_mtime_ns,
            sha,
            tuple(a.id for a in result.articles),
            tuple(str(p) for p in result.problems),
        )
        yield from result.articles
        if progress is not None:
            progress(done, total)


def build(
    sources: Sequence[str | Path],
    index_path: str | Path,
    settings: Settings | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Index every article under ``sources`` into a new generation of ``index_path``.

    One bad file never stops the build: its problem is reported and the rest is indexed. The
    previous index stays searchable until the new one is complete. When the index already
    holds exactly these files (same content, same analysis settings, no earlier problems),
    nothing is rewritten unless ``force`` is given; any change rewrites the whole index, with
    unchanged texts taken from the analysis cache.
    """
    settings = settings or load_settings()
    started = time.perf_counter()
    root = IndexDir(index_path)
    paths = _walk(sources, settings)
    with root.write_lock(settings.lock_timeout, "artindex build"):
        unchanged = None if force else _unchanged(root, paths, settings)
        if unchanged is not None:
            return BuildReport(
                indexed=0,
                unchanged=unchanged,
                seconds=time.perf_counter() - started,
                index_path=str(root.root),
            )
        records: dict[str, FileRecord] = {}
        problems: list[Problem] = []
        writer = _Writer(root, settings, base=None)
        try:
            writer.add(_ingest(paths, settings, paths, records, problems, progress))
            count = writer.commit(records)
        except BaseException:
            writer.abort()
            raise
    return _report(writer, problems, started, root, count)


def _unchanged(root: IndexDir, paths: Sequence[Path], settings: Settings) -> int | None:
    """The number of files if the index already reflects exactly ``paths``, else None."""
    if not root.exists():
        return None
    try:
        manifest = root.read_manifest()
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
    """Index already-parsed articles (for embedding apps and evaluations) as a new generation."""
    settings = settings or load_settings()
    started = time.perf_counter()
    root = IndexDir(index_path)
    with root.write_lock(settings.lock_timeout, "artindex build"):
        writer = _Writer(root, settings, base=None)
        try:
            writer.add(articles)
            count = writer.commit({})
        except BaseException:
            writer.abort()
            raise
    return _report(writer, [], started, root, count)


def update(
    sources: Sequence[str | Path],
    index_path: str | Path,
    settings: Settings | None = None,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Bring the index in line with ``sources``: add new files, re-index changed ones, remove
    deleted ones. Unchanged files are recognised by size and mtime (then content hash) against
    the manifest and cost nothing. Without an index yet, this is a build."""
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
        return build(sources, index_path, settings, progress=progress)
    started = time.perf_counter()
    paths = _walk(sources, settings)
    with root.write_lock(settings.lock_timeout, "artindex update"):
        manifest = root.read_manifest()  # re-read under the lock: another writer may have won
        base = root.generation_path(manifest)
        plan = _plan(paths, root.read_files(base))
        problems: list[Problem] = []
        records = dict(plan.keep)
        if not plan.ingest and not plan.delete:
            return BuildReport(
                indexed=0,
                unchanged=plan.unchanged,
                seconds=time.perf_counter() - started,
                index_path=str(root.root),
            )
        writer = _Writer(root, settings, base=base)
        writer.seen = {i for rec in plan.keep.values() for i in rec.ids}
        try:
            writer.delete_paths(plan.delete)
            learn = [p for p in paths if p.suffix.lower() == ".txt"]
            writer.add(_ingest(plan.ingest, settings, learn, records, problems, progress))
            count = writer.commit(records)
        except BaseException:
            writer.abort()
            raise
    removed = len([p for p in plan.delete if p not in records])
    report = _report(writer, problems, started, root, count)
    return BuildReport(
        indexed=report.indexed,
        skipped=report.skipped,
        removed=removed,
        unchanged=plan.unchanged,
        duplicates=report.duplicates,
        seconds=report.seconds,
        index_path=report.index_path,
        warnings=report.warnings,
    )


def _plan(paths: Sequence[Path], old: dict[str, FileRecord]) -> _Plan:
    plan = _Plan()
    current = {str(p) for p in paths}
    for path in paths:
        key = str(path)
        rec = old.get(key)
        if rec is not None:
            try:
                stat = path.stat()
            except OSError:
                plan.ingest.append(path)
                plan.delete.append(key)
                continue
            same = stat.st_size == rec.size and (
                stat.st_mtime_ns == rec.mtime_ns or _digest(path) == rec.sha256
            )
            if same:
                plan.keep[key] = FileRecord(
                    rec.size, stat.st_mtime_ns, rec.sha256, rec.ids, rec.problems
                )
                plan.unchanged += 1
                continue
            plan.delete.append(key)
        plan.ingest.append(path)
    plan.delete.extend(key for key in old if key not in current)
    return plan


def _report(
    writer: _Writer, problems: list[Problem], started: float, root: IndexDir, count: int
) -> BuildReport:
    skipped = tuple(p for p in problems if not p.warning)
    warnings = tuple(p for p in problems if p.warning)
    log.info("indexed %d articles (%d in the index)", writer.added, count)
    return BuildReport(
        indexed=writer.added,
        skipped=skipped,
        duplicates=len(writer.duplicates),
        seconds=time.perf_counter() - started,
        index_path=str(root.root),
        warnings=warnings + tuple(writer.duplicates),
    )
