"""Ingest: find input files, read each once by its format, and return normalized articles.

The pipeline (walk → read bytes once → decode → learn → parse → finish) is in
:mod:`.pipeline`; :mod:`.reader` reads and decodes, :mod:`.formats`, :mod:`.html` and
:mod:`.pagedump` parse. Loading never raises: whatever goes wrong with a file is a Problem in
its FileResult, so one bad file never stops a build.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import IngestError
from ..models import Article, FileResult, Problem
from ..settings import Settings
from .pipeline import (
    SUPPORTED_SUFFIXES,
    Learned,
    ingest,
    ingest_files,
    iter_files,
    learn,
    page_dump_extractor,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Ingester",
    "ingest",
    "iter_files",
    "parse_file",
]


class Ingester:
    """The pipeline one file at a time, with one settings object and what it has learned
    (:meth:`learn` the page dumps of a source before loading them one by one)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.learned = Learned(page_dump_extractor(self.settings))

    def learn(self, paths: Iterable[Path]) -> None:
        """Learn the repeated lines of the page dumps among ``paths`` (replacing what was
        learned before); their texts are held until loaded."""
        self.learned = learn(list(paths), self.settings)

    def load(self, path: Path) -> FileResult:
        """The articles of one file and the problems met; never raises."""
        (item,) = ingest_files([Path(path)], self.settings, self.learned)
        return item.result


def parse_file(path: str | Path, settings: Settings | None = None) -> list[Article]:
    """The articles of one file. Raises IngestError (the first problem) when it yields none."""
    result = Ingester(settings).load(Path(path))
    if not result.articles:
        first = result.problems[0] if result.problems else Problem(str(path), "no article found")
        raise IngestError(first.path, first.reason, first.line)
    return list(result.articles)
