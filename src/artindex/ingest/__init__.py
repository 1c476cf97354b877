"""Ingest: find input files, read each by its format, and return normalized articles.

``ingest()`` walks the sources, lets the page-dump extractor learn each site's repeated lines,
then loads every file. Loading never raises: whatever goes wrong with a file is a Problem in
its FileResult, so one bad file never stops a build.
"""

from __future__ import annotations

import importlib
import logging
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import ArtindexError, IngestError
from ..models import Article, FileResult, Problem
from ..settings import Settings
from .formats import finish_article, has_front_matter, parse_json, parse_jsonl, parse_markdown
from .html import extract_html
from .reader import read_decoded

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Ingester",
    "ingest",
    "iter_files",
    "parse_file",
]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".json", ".jsonl", ".ndjson", ".html", ".htm")
_PAGEDUMP_MODULE = f"{__name__}.pagedump.extract"


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a symlink loop
        return False


def _special(entry: os.DirEntry[str]) -> bool:
    """A FIFO, socket or device: never read (it could block forever), but reported."""
    try:
        mode = entry.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _walk(folder: Path, real_root: Path, follow_symlinks: bool, seen: set[Path]) -> Iterator[Path]:
    """Supported files under ``folder``, depth first in name order (so paths come sorted)."""
    try:
        real = folder.resolve()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (OSError, RuntimeError) as exc:
        log.warning("%s: cannot list the folder (%s)", folder, exc)
        return
    if real in seen:  # a symlink loop or a folder linked twice
        return
    seen.add(real)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_symlink() and not follow_symlinks and not _inside(path, real_root):
            log.info("%s: symlink out of %s not followed", path, real_root)
            continue
        if entry.is_dir():
            yield from _walk(path, real_root, follow_symlinks, seen)
        elif (entry.is_file() and _supported(path)) or _special(entry):
            yield path  # a FIFO, socket or device is yielded so that it is reported, not read


def iter_files(sources: Iterable[str | Path], *, follow_symlinks: bool = False) -> Iterator[Path]:
    """Input files: files given directly (whatever their suffix; an unsupported one is reported
    when loaded), and supported files under directories, recursively and sorted. Hidden files
    and folders are skipped; symlinks leading out of a root are not followed unless asked.
    Raises IngestError for a source that does not exist."""
    seen: set[Path] = set()
    for source in sources:
        path = Path(source)
        if not path.exists():
            raise IngestError(str(path), "no such file or directory")
        found = (
            _walk(path, path.resolve(), follow_symlinks, set()) if path.is_dir() else iter([path])
        )
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


class Ingester:
    """Reads files of every supported format into articles, with one settings object."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._pagedump: Any = None
        try:
            module = importlib.import_module(_PAGEDUMP_MODULE)
        except ModuleNotFoundError as exc:
            if exc.name != _PAGEDUMP_MODULE:
                raise
            log.warning("page-dump extraction unavailable: %s is missing", _PAGEDUMP_MODULE)
        else:
            rules = tuple(Path(rule) for rule in self.settings.source_rules)
            page_rules = self.settings.extra.get("page_rules")  # a section of artindex.yaml
            self._pagedump = module.PageDumpExtractor(rules, rule_data=page_rules)

    def _is_dump(self, path: Path, text: str) -> bool:
        return path.suffix.lower() == ".txt" and not has_front_matter(text)

    def learn(self, paths: Sequence[Path]) -> None:
        """Let the page-dump extractor see every plain-text dump first, so it can tell a
        site's repeated lines (menus, footers) from the articles' own."""
        if self._pagedump is None:
            return
        for path in paths:
            if path.suffix.lower() != ".txt":
                continue
            try:
                text = read_decoded(path, max_bytes=self.settings.max_file_bytes)
            except ArtindexError:
                continue  # load() reports it
            if self._is_dump(path, text):
                try:
                    self._pagedump.learn(path, text)  # it keeps the layout (columns)
                except ArtindexError as exc:
                    log.warning("%s: not learned from (%s)", path, exc)

    def explain(self, path: Path) -> list[Any]:
        """The role the page-dump extractor gives each line of a dump (for debugging rules)."""
        if self._pagedump is None:
            raise IngestError(str(path), "page-dump extraction is not available")
        text = read_decoded(path, max_bytes=self.settings.max_file_bytes)
        return list(self._pagedump.explain(path, text))

    def _parse(self, path: Path) -> tuple[list[Article], list[Problem]]:
        name = str(path)
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            supported = ", ".join(SUPPORTED_SUFFIXES)
            raise IngestError(name, f"unsupported file type {suffix or '(none)'}; use {supported}")
        warnings: list[str] = []
        text = read_decoded(path, max_bytes=self.settings.max_file_bytes, warnings=warnings)
        articles, problems = self._parse_text(path, text)
        notes = [Problem(name, warning, warning=True) for warning in warnings]
        return articles, notes + problems

    def _parse_text(self, path: Path, text: str) -> tuple[list[Article], list[Problem]]:
        name = str(path)
        suffix = path.suffix.lower()
        if suffix in (".json",):
            return parse_json(text, name)
        if suffix in (".jsonl", ".ndjson"):
            return parse_jsonl(text, name)
        if suffix in (".html", ".htm"):
            return [extract_html(text, path=name)], []
        if self._is_dump(path, text):
            if self._pagedump is None:
                raise IngestError(name, "page-dump extraction is not available")
            return [self._pagedump.extract(path, text)], []
        return parse_markdown(text, name)

    def load(self, path: Path) -> FileResult:
        """The articles of one file and the problems met; never raises."""
        name = str(path)
        try:
            articles, problems = self._parse(path)
        except ArtindexError as exc:
            return FileResult(name, (), (_problem(exc, name),))
        except Exception as exc:  # a bug must not stop a build; the log keeps the traceback
            log.exception("%s: unexpected error while reading", name)
            reason = f"internal error while reading ({exc.__class__.__name__}: {exc})"
            return FileResult(name, (), (Problem(name, reason),))
        finished = tuple(finish_article(article, name) for article in articles)
        problems = list(problems)
        for article in finished:  # an extractor that returned an empty record
            if not article.body or not article.title:
                missing = "no article text" if not article.body else "no title"
                problems.append(Problem(name, f"{missing} found"))
        finished = tuple(a for a in finished if a.body and a.title)
        if not finished and not problems:
            problems = [Problem(name, "no article found")]
        return FileResult(name, finished, tuple(problems))


def _problem(exc: ArtindexError, name: str) -> Problem:
    if isinstance(exc, IngestError):
        return Problem(exc.path or name, exc.reason, exc.line)
    return Problem(name, str(exc))


def ingest(sources: Iterable[str | Path], settings: Settings | None = None) -> Iterator[FileResult]:
    """Every input file's FileResult: walk the sources, learn the dumps, load each file."""
    settings = settings or Settings()
    files = list(iter_files(sources, follow_symlinks=settings.follow_symlinks))
    ingester = Ingester(settings)
    ingester.learn(files)
    for path in files:
        yield ingester.load(path)


def parse_file(path: str | Path, settings: Settings | None = None) -> list[Article]:
    """The articles of one file. Raises IngestError (the first problem) when it yields none."""
    result = Ingester(settings).load(Path(path))
    if not result.articles:
        first = result.problems[0] if result.problems else Problem(str(path), "no article found")
        raise IngestError(first.path, first.reason, first.line)
    return list(result.articles)
