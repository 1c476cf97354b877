"""A worker's share of a parallel build: the task it is given (``PartTask``, made by
``make_tasks``) and what it runs (``run_part``: read its files, analyze them and write one
segment). Shares are contiguous runs of the sorted file list (``plan.shares``), so "the first
file wins" for an article found in two files holds across shares after the join
(``GenerationSession.adopt``). How the tasks reach workers is the transports' business
(``local``, ``cluster``)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..engine import segments
from ..ingest.pipeline import Learned, fetch_file
from ..ingest.reader import SourceFile, decode_source
from ..models import Article
from ..settings import Settings
from ..store import CACHE
from .plan import shares, source_key
from .read import Progress, read_articles
from .sent import Inbox
from .session import GenerationSession, PartResult, PartSession


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


def make_tasks(
    session: GenerationSession,
    paths: Sequence[Path],
    carried: Sequence[Article],
    learned: Learned,
    count: int,
    *,
    local: bool,
) -> list[PartTask]:
    """One task per share; a local worker writes into the new generation and reads the
    index's analysis cache, a Dask worker writes into a temporary folder of its own."""
    cache = session.root.root / CACHE
    return [
        PartTask(
            number=i,
            paths=tuple(str(p) for p in share),
            settings=session.settings,
            learned=learned.share(share),
            articles=tuple(carried) if i == 0 else (),
            folder=str(session.gen / f"part-{i:03d}") if local else None,
            cache=str(cache) if local and cache.exists() else None,
            keys=() if local else tuple(source_key(p) for p in share),
            cwd=None if local else os.getcwd(),
        )
        for i, share in enumerate(shares(paths, count))
    ]


def run_part(task: PartTask, progress: Progress | None = None) -> PartResult:
    """Read, analyze and write one share into a segment (the worker's entry point; runs in
    a worker process or on a Dask worker). One bad file is a problem in the result, never an
    exception."""
    segments.check_whoosh()
    temporary = task.folder is None
    folder = Path(task.folder or tempfile.mkdtemp(prefix="artindex-part-"))
    try:
        session = PartSession(task.settings, folder, task.cache)
        result = PartResult(task.number, segments.Part(None, ()))
        read = _reader(task)
        try:
            session.add(task.articles)
            paths = [Path(p) for p in task.paths]
            keys = dict(zip(paths, task.keys, strict=True)) if task.keys else None
            articles = read_articles(
                paths,
                task.settings,
                task.learned,
                result.records,
                result.problems,
                progress,
                read=read,
                key=keys.__getitem__ if keys is not None else source_key,
            )
            session.add(articles)
        except BaseException:
            session.cancel()
            raise
        finally:
            if isinstance(read, Inbox):
                read.close()
        session.finish(result, ship=temporary)
        return result
    finally:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)


def _reader(task: PartTask) -> Callable[[Path], SourceFile] | None:
    """How a Dask worker reads a file: from the chunks the client sends, or at the path the
    client sees (relative paths under the client's working folder); None: a local worker
    reads the path as given."""
    if task.inbox is not None:
        return Inbox(task.inbox)
    if task.cwd is None:
        return None
    cwd, settings = Path(task.cwd), task.settings

    def read(path: Path) -> SourceFile:
        got = fetch_file(path, settings, opened=cwd / path)
        return got if isinstance(got, SourceFile) else decode_source(got)

    return read
