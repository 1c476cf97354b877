"""Reading for a write: the one call into the ingest pipeline (each file read once, the site
chrome learned, parsed, finished) with the record a write keeps of each file; articles from
code prepared as ingested ones are; articles added from code read back from the index."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..engine import writer as whoosh_writer
from ..engine.schema import article_from_stored
from ..errors import ArticleError
from ..ingest.formats import finish_article
from ..ingest.pipeline import Learned, ingest_files, iter_files
from ..ingest.reader import SourceFile
from ..models import Article, Problem
from ..settings import Settings
from ..store import FileRecord, IndexDir
from ..text.sources import SourceNames
from .plan import source_key

Progress = Callable[[int, int], None]  # (files done, files total)


def walk(sources: Sequence[str | Path], settings: Settings) -> list[Path]:
    """The files under ``sources``, in corpus order."""
    return list(iter_files(sources, follow_symlinks=settings.follow_symlinks))


def read_articles(
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


def prepare(articles: Iterable[Article], names: SourceNames | None = None) -> Iterator[Article]:
    """Articles from code get what ingested ones get: clean text, language, timezone-aware
    dates, an id and a fingerprint."""
    for article in articles:
        if not isinstance(article, Article):
            raise ArticleError("article", f"expected an Article, not {type(article).__name__}")
        yield finish_article(article, article.path, names)


def code_articles(
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
