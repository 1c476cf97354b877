"""Write sessions: the analysis (the cache first, then Kiwi) and the documents written into
Whoosh. ``Session`` is what every writer shares; ``GenerationSession`` writes the index's new
generation, ``adopt``s the segments workers wrote and commits; ``PartSession`` writes one
worker's segment into a folder of its own and hands it back as a ``PartResult``.
``open_session`` removes a generation that fails before its swap."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import os
import shutil
import signal
import tempfile
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from .. import __version__
from ..analysis.morphology import morphemes_many
from ..analysis.wordtable import WORDS_FILE, WordTableWriter
from ..compat import analysis_signature
from ..engine import segments
from ..engine import writer as whoosh_writer
from ..engine.schema import document, layout, make_schema
from ..models import Article, Problem
from ..search import spellfile
from ..settings import Settings
from ..store import (
    CACHE,
    FORMAT,
    FORMAT_VERSION,
    AnalysisCache,
    FileRecord,
    IndexDir,
    link_generation,
    write_error,
)

PART_LIMIT_MB = 128  # each worker's posting buffer before it spills to disk


def checkpoint(name: str) -> None:
    """Failpoint for the crash-safety tests: ``ARTINDEX_CRASH_AT=name`` kills the process here
    with SIGKILL, as a power cut or the OOM killer would (``ARTINDEX_CRASH_SIGNAL=INT``:
    interrupts it with SIGINT, as Ctrl-C would)."""
    if os.environ.get("ARTINDEX_CRASH_AT") == name:
        how = os.environ.get("ARTINDEX_CRASH_SIGNAL", "KILL")  # INT: as Ctrl-C would
        if how == "INT":
            # raised in this thread: os.kill may hand a process signal to another thread,
            # whose handler can run after this one has gone on (and committed), under load
            signal.raise_signal(signal.SIGINT)
        else:
            os.kill(os.getpid(), signal.SIGKILL)


@dataclass
class State:
    """What a generation holds: its files, its sources and the ids added from code."""

    files: dict[str, FileRecord] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    code_ids: set[str] = field(default_factory=set)
    base: Path | None = None

    @classmethod
    def read(cls, root: IndexDir, manifest: dict[str, Any] | None) -> State:
        if manifest is None:
            return cls()
        base = root.generation_path(manifest)
        sources = [str(s) for s in manifest.get("sources", [])]
        return cls(root.read_files(base), sources, root.read_code_ids(base), base)


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


def _cache_key(signature: str, text: str) -> str:
    return hashlib.sha1(f"{signature}\x00{text}".encode(), usedforsecurity=False).hexdigest()


def _batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Analyses(Protocol):
    """Where a session looks analyses up and keeps fresh ones (an :class:`AnalysisCache`,
    or a worker's :class:`PartCache`)."""

    def get_many(self, keys: list[str], texts: dict[str, str]) -> dict[str, Any]: ...

    def put(self, key: str, morphs: Any, text: str) -> None: ...

    def close(self) -> None: ...


class Session:
    """Analyzes articles and writes them as documents with Whoosh's ``writer`` into ``gen``
    (a generation, or a worker's folder), once per id, bodies cut to ``max_body_chars``."""

    def __init__(
        self,
        settings: Settings,
        gen: Path,
        ix: Any,
        writer: Any,
        cache: Analyses,
        words: WordTableWriter,
        *,
        full: bool,
    ) -> None:
        self.settings = settings
        self.gen = gen
        self.ix = ix
        self.writer = writer
        self.cache = cache
        self.words = words
        self.full = full  # a full build knows every text the index holds
        self.signature = repr(sorted(analysis_signature(settings).items()))
        self.used_keys: set[str] = set()
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
        lays = [layout(a) for a in batch]
        keys = [_cache_key(self.signature, lay.text) for lay in lays]
        self.used_keys.update(keys)
        texts = {key: lay.text for key, lay in zip(keys, lays, strict=True)}
        found = self.cache.get_many(keys, texts)
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        fresh = morphemes_many([texts[k] for k in missing], self.settings.user_dictionary, workers)
        for key, morphs in zip(missing, fresh, strict=True):
            found[key] = morphs
            self.cache.put(key, morphs, texts[key])
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
                checkpoint("first-document")

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


@dataclass
class PartResult:
    """What a worker did: its segment, the files it read, and the ids it wrote, in order."""

    number: int
    part: segments.Part
    folder: str | None = None  # where it wrote (local); None: its files were sent back (Dask)
    records: dict[str, FileRecord] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # each written article's file
    duplicates: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    used_keys: set[str] = field(default_factory=set)
    words: bytes = b""  # a Dask worker's word-analysis table, sent back (local: in its folder)
    cache: bytes = b""  # a Dask worker's fresh analyses (a cache.sqlite file), sent back


class GenerationSession(Session):
    """One write on the index's new generation ``gen``: started empty (``base`` None) or
    from hard links to the current generation ``base``; committed by :meth:`commit`."""

    cache: AnalysisCache  # the index's own: it also absorbs workers' and forgets old texts

    def __init__(self, root: IndexDir, settings: Settings, gen: Path, base: Path | None) -> None:
        self.root = root
        self.base = base  # the generation an update starts from (None: a full build)
        self.swapped = False  # True once the manifest names ``gen``: it must then stay
        self.writer: Any = None  # what abort() cancels, once there is one
        if base is None:
            ix = whoosh_writer.create_index(gen, settings.user_dictionary)
        else:
            link_generation(base, gen)
            ix = whoosh_writer.open_index(gen)
        writer = whoosh_writer.new_segment_writer(ix)
        self.writer = writer
        cache = AnalysisCache(root.root / CACHE)
        words = WordTableWriter(gen, base)
        super().__init__(settings, gen, ix, writer, cache, words, full=base is None)
        self.merge = True  # False once worker segments are adopted (they stay as written)
        self.merge_policy: Callable[[Any, list[Any]], list[Any]] | None = None

    def adopt(
        self,
        results: Sequence[PartResult],
        records: dict[str, FileRecord],
        problems: list[Problem],
    ) -> None:
        """Take in the segments workers wrote: move them into the generation (listed in its
        TOC at commit), take over their records, problems and cache entries, and delete a
        later copy of an id an earlier share (or this session) already holds."""
        for result in results:
            folder = Path(result.folder) if result.folder else None
            if folder is not None:
                self.cache.absorb(folder / CACHE)
                self.words.absorb(folder / WORDS_FILE)
            else:
                self._absorb_shipped(result)
            segments.bring_in(result.part, folder, self.gen)
            records.update(result.records)
            problems.extend(result.problems)
            self.duplicates.extend(result.duplicates)
            self.warnings.extend(result.warnings)
            self.used_keys |= result.used_keys
        segments.adopt(self.writer, [r.part for r in results])
        self.merge = False
        offset = 0
        for result in results:
            for docnum, (article_id, path) in enumerate(zip(result.ids, result.paths, strict=True)):
                if article_id in self.seen:
                    self.writer.delete_document(offset + docnum)
                    self.merge_policy = segments.purge_deleted
                    reason = f"duplicate of article {article_id}; indexed once"
                    self.duplicates.append(Problem(path, reason, warning=True))
                else:
                    self.seen.add(article_id)
                    self.added += 1
            offset += result.part.doc_count

    def _absorb_shipped(self, result: PartResult) -> None:
        """Take in the word table and fresh analyses a Dask worker sent back as bytes."""
        with tempfile.TemporaryDirectory(prefix="artindex-part-") as scratch:
            if result.words:
                words = Path(scratch) / WORDS_FILE
                words.write_bytes(result.words)
                self.words.absorb(words)
            if result.cache:
                cache = Path(scratch) / CACHE
                cache.write_bytes(result.cache)
                self.cache.absorb(cache)

    def commit(self, state: State) -> int:
        """Commit the generation with ``state``'s files, sources and code ids, and swap the
        manifest to it; returns the number of articles it holds."""
        checkpoint("before-commit")
        self.writer.commit(mergetype=self.merge_policy, merge=self.merge)
        with self.ix.reader() as reader:  # correction reads this, not the whole dictionary
            spellfile.write(self.gen, reader, self.base)
        if self.full:  # forget analyses of texts no longer indexed, so the cache cannot grow
            self.cache.retain(self.used_keys)
        self.cache.close()
        self.words.close()
        checkpoint("after-commit")
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
        checkpoint("after-swap")
        return count

    def abort(self) -> None:
        """Give up this write: cancel Whoosh's writer, close the cache, and remove the new
        generation unless the manifest already names it. Errors here are not raised: the
        error that caused the abort is the one to report."""
        if self.writer is not None and not self.swapped:
            whoosh_writer.cancel(self.writer)
            self.writer = None  # its open files go with it (the error may outlive this write)
        with contextlib.suppress(Exception):
            self.cache.close()
        with contextlib.suppress(Exception):
            self.words.abort()


@contextlib.contextmanager
def open_session(
    root: IndexDir, settings: Settings, base: Path | None
) -> Iterator[GenerationSession]:
    """A write on a new generation. Whatever stops it before the swap (a full disk, Ctrl-C,
    a bug) removes the partial generation, so the previous index keeps serving and nothing
    half-written stays behind; an OSError becomes a one-line IndexWriteError."""
    gen: Path | None = None
    session: GenerationSession | None = None
    try:
        gen = root.new_generation()
        session = GenerationSession(root, settings, gen, base)
        yield session
    except BaseException as exc:
        if session is not None:
            session.abort()
        swapped = session is not None and session.swapped
        if gen is not None and not swapped:
            shutil.rmtree(gen, ignore_errors=True)
            # Files Whoosh opened in the new generation may still be held by the failed
            # frames' locals: drop those, or a full disk stays full while the error lives.
            traceback.clear_frames(exc.__traceback__)
            gc.collect()
        if isinstance(exc, OSError) and not swapped:
            raise write_error(exc, gen or root.root) from exc
        raise


class PartCache:
    """Looks analyses up in the index's cache (read only: the parent owns it) and keeps the
    fresh ones in the worker's own file, which the parent absorbs after the join."""

    def __init__(self, shared: str | None, own: Path) -> None:
        self._shared = AnalysisCache(Path(shared), read_only=True) if shared else None
        self._own = AnalysisCache(own)

    def get_many(self, keys: list[str], texts: dict[str, str]) -> dict[str, Any]:
        return self._shared.get_many(keys, texts) if self._shared else {}

    def put(self, key: str, morphs: Any, text: str) -> None:
        self._own.put(key, morphs, text)

    def close(self) -> None:
        for cache in (self._shared, self._own):
            if cache is not None:
                cache.close()


class PartSession(Session):
    """A worker's session on its own ``folder``: the same analysis and document mapping as
    the index's, but no index directory, lock or manifest; the segment is finished, not
    committed, and the ids and files written are kept in order for the join."""

    def __init__(self, settings: Settings, folder: Path, shared_cache: str | None) -> None:
        settings = dataclasses.replace(settings, workers=1)  # one Kiwi thread
        ix = segments.create_part_index(folder, make_schema(settings.user_dictionary))
        writer = whoosh_writer.new_segment_writer(ix, PART_LIMIT_MB)
        cache = PartCache(shared_cache, folder / CACHE)
        words = WordTableWriter(folder, None)  # the parent absorbs it
        super().__init__(settings, folder, ix, writer, cache, words, full=True)
        self.ids: list[str] = []
        self.paths: list[str] = []

    def _write(self, docs: list[dict[str, Any]]) -> None:
        for doc in docs:
            self.ids.append(doc["id"])
            self.paths.append(doc["path"] or doc["id"])
        super()._write(docs)

    def finish(self, result: PartResult, *, ship: bool) -> None:
        """Finish the segment into ``result`` (with the bytes of the word table and the
        fresh analyses when ``ship``: the folder is then temporary); on failure, cancel it."""
        try:
            self.words.close()
            result.part = segments.finish_part(self.writer, self.gen, ship=ship)
            self.cache.close()  # the fresh analyses written out, then sent (Dask)
            if ship:
                result.words, result.cache = _shipped(self.gen / WORDS_FILE, self.gen / CACHE)
        except BaseException:
            self.cancel()
            raise
        result.folder = None if ship else str(self.gen)
        result.ids, result.paths, result.used_keys = self.ids, self.paths, self.used_keys
        result.duplicates, result.warnings = self.duplicates, self.warnings

    def cancel(self) -> None:
        """Give up the segment: its word table, Whoosh's writer and the caches."""
        self.words.abort()
        segments.cancel_part(self.writer)
        self.cache.close()


def _shipped(*files: Path) -> tuple[bytes, ...]:
    """The bytes of each file a Dask worker sends back (empty when it wrote none)."""
    return tuple(file.read_bytes() if file.is_file() else b"" for file in files)
