"""The one ingest pipeline: walk → read bytes once → decode → learn → parse → finish.

``build``, ``update``, the ``ingest`` command, :func:`ingest` and :func:`parse_file` all go
through here. Each file is read once (:func:`~.reader.read_source`, which also gives the size,
mtime and digest an index records). Plain-text page dumps are read first, so the page-dump
extractor can learn each site's repeated lines; their text is held until they are parsed
(up to ``HOLD_BYTES``), so learning costs no second read. Parsing never raises: whatever goes
wrong with a file is a Problem naming it, so one bad file never stops a build.
"""

from __future__ import annotations

import importlib
import logging
import os
import stat
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ArtindexError, IngestError
from ..models import Article, FileResult, Problem
from ..settings import Settings
from ..text.sources import SourceNames, load_source_names
from .formats import finish_article, has_front_matter, parse_json, parse_jsonl, parse_markdown
from .html import extract_html
from .reader import FileStamp, SourceBytes, SourceFile, fetch_source, read_source

__all__ = [
    "HOLD_BYTES",
    "SUPPORTED_SUFFIXES",
    "Ingested",
    "Learned",
    "explain",
    "fetch_file",
    "ingest",
    "ingest_files",
    "iter_files",
    "learn",
    "parse_source",
]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".json", ".jsonl", ".ndjson", ".html", ".htm")
HOLD_BYTES = 512 * 1024 * 1024  # bytes of dumps held from learning to parsing; beyond: read again
_PAGEDUMP_MODULE = f"{__package__}.pagedump.extract"


# ---------------------------------------------------------------- walk


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


# ---------------------------------------------------------------- read


def _refusal(path: Path) -> str:
    if _supported(path):
        return ""
    supported = ", ".join(SUPPORTED_SUFFIXES)
    return f"unsupported file type {path.suffix.lower() or '(none)'}; use {supported}"


def _read(path: Path, settings: Settings) -> SourceFile:
    """A file's single read; a file of an unsupported type is examined but not read."""
    return read_source(path, max_bytes=settings.max_file_bytes, refuse=_refusal(path))


def fetch_file(
    path: Path, settings: Settings, *, opened: Path | None = None
) -> SourceFile | SourceBytes:
    """A file's single read without decoding (see :func:`~.reader.fetch_source`): a Dask
    build's client reads the bytes a worker cannot, the worker decodes them
    (:func:`~.reader.decode_source`), and the file is read as :func:`ingest_files` reads it."""
    max_bytes = settings.max_file_bytes
    return fetch_source(path, max_bytes=max_bytes, refuse=_refusal(path), opened=opened)


def _is_dump(path: Path, text: str) -> bool:
    return path.suffix.lower() == ".txt" and not has_front_matter(text)


# ---------------------------------------------------------------- learn


def page_dump_extractor(settings: Settings) -> Any:
    """A fresh page-dump extractor with the settings' rules, or None (with a warning) when
    the page-dump module is missing from this installation."""
    try:
        module = importlib.import_module(_PAGEDUMP_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != _PAGEDUMP_MODULE:
            raise
        log.warning("page-dump extraction unavailable: %s is missing", _PAGEDUMP_MODULE)
        return None
    rules = tuple(Path(rule) for rule in settings.source_rules)
    page_rules = settings.extra.get("page_rules")  # a section of artindex.yaml
    return module.PageDumpExtractor(rules, rule_data=page_rules)


@dataclass
class Learned:
    """What learning over the page dumps leaves: the extractor, which holds each site's
    repeated lines (None when page-dump extraction is unavailable), and the files learning
    read that are still to be parsed, so they are not read again. It pickles, so it can be
    sent to worker processes (send each its :meth:`share`)."""

    extractor: Any
    held: dict[Path, SourceFile] = field(default_factory=dict)

    def share(self, paths: Iterable[Path]) -> Learned:
        """The same repetition state, holding only the texts of ``paths`` (one worker's
        share of the files); those texts leave this object."""
        mine = {path: held for path in paths if (held := self.held.pop(path, None)) is not None}
        return Learned(self.extractor, mine)


def learn(
    paths: Sequence[Path], settings: Settings, *, keep: Collection[Path] | None = None
) -> Learned:
    """Read every ``.txt`` file of ``paths`` once and let the page-dump extractor count the
    lines of each dump under its site, so it can tell a site's menus and footers from an
    article's own lines. The text of the files in ``keep`` (default: all of ``paths``) is
    held for :func:`ingest_files`; the rest is dropped after learning."""
    learned = Learned(page_dump_extractor(settings))
    if learned.extractor is None:
        return learned
    keep = set(paths) if keep is None else set(keep)
    budget = HOLD_BYTES
    for path in paths:
        if path.suffix.lower() != ".txt":
            continue
        source = _read(path, settings)
        size = source.stamp.size if source.stamp else 0
        if path in keep and size <= budget:
            learned.held[path] = source
            budget -= size
        elif path in keep:
            log.info("%s: over %d MB of dumps held; read again to parse", path, HOLD_BYTES >> 20)
        if source.text and _is_dump(path, source.text):
            try:
                learned.extractor.learn(path, source.text)  # it keeps the layout (columns)
            except ArtindexError as exc:
                log.warning("%s: not learned from (%s)", path, exc)
    return learned


# ---------------------------------------------------------------- parse and finish


def _parse_text(path: Path, text: str, extractor: Any) -> tuple[list[Article], list[Problem]]:
    name = str(path)
    suffix = path.suffix.lower()
    if suffix in (".json",):
        return parse_json(text, name)
    if suffix in (".jsonl", ".ndjson"):
        return parse_jsonl(text, name)
    if suffix in (".html", ".htm"):
        return [extract_html(text, path=name)], []
    if _is_dump(path, text):
        if extractor is None:
            raise IngestError(name, "page-dump extraction is not available")
        return [extractor.extract(path, text)], []
    return parse_markdown(text, name)


def _problem(exc: ArtindexError, name: str) -> Problem:
    if isinstance(exc, IngestError):
        return Problem(exc.path or name, exc.reason, exc.line)
    return Problem(name, str(exc))


def parse_source(
    source: SourceFile, extractor: Any, names: SourceNames | None = None
) -> FileResult:
    """The finished articles of one file already read, and the problems met; never raises.
    ``names``: the outlet spellings sources are canonicalised with (packaged by default)."""
    name = str(source.path)
    if not source.text:
        return FileResult(name, (), source.problems)
    try:
        articles, problems = _parse_text(source.path, source.text, extractor)
    except ArtindexError as exc:
        return FileResult(name, (), (_problem(exc, name),))
    except Exception as exc:  # a bug must not stop a build; the log keeps the traceback
        log.exception("%s: unexpected error while reading", name)
        reason = f"internal error while reading ({exc.__class__.__name__}: {exc})"
        return FileResult(name, (), (Problem(name, reason),))
    return _finish(name, articles, [*source.problems, *problems], names)


def _finish(
    name: str, articles: list[Article], problems: list[Problem], names: SourceNames | None
) -> FileResult:
    """Clean text, language, ids and fingerprints; an empty record becomes a problem."""
    finished = tuple(finish_article(article, name, names) for article in articles)
    for article in finished:  # an extractor that returned an empty record
        if not article.body or not article.title:
            missing = "no article text" if not article.body else "no title"
            problems.append(Problem(name, f"{missing} found"))
    finished = tuple(a for a in finished if a.body and a.title)
    if not finished and not problems:
        problems = [Problem(name, "no article found")]
    return FileResult(name, finished, tuple(problems))


# ---------------------------------------------------------------- the pipeline


@dataclass(frozen=True, slots=True)
class Ingested:
    """One file through the pipeline: its articles and problems, and what an index records
    of it (None when it could not be examined or is not a regular file: nothing to record)."""

    path: Path
    result: FileResult
    stamp: FileStamp | None


def ingest_files(
    paths: Sequence[Path],
    settings: Settings,
    learned: Learned,
    *,
    read: Callable[[Path], SourceFile] | None = None,
) -> Iterator[Ingested]:
    """Each of ``paths``, in order, parsed with the repetition state ``learned``: from the
    text learning held (taken out of it), else read now (by ``read`` when given: a Dask
    worker decoding the bytes the client sent, see :func:`fetch_file`). Never raises for a
    file. This is the unit of work a build worker runs on its share of the files."""
    names = load_source_names(settings.sources)
    for path in paths:
        source = learned.held.pop(path, None) or (
            read(path) if read is not None else _read(path, settings)
        )
        yield Ingested(path, parse_source(source, learned.extractor, names), source.stamp)


def ingest(sources: Iterable[str | Path], settings: Settings | None = None) -> Iterator[FileResult]:
    """Every input file's FileResult: walk the sources, learn the dumps, parse each file."""
    settings = settings or Settings()
    files = list(iter_files(sources, follow_symlinks=settings.follow_symlinks))
    learned = learn(files, settings)
    for item in ingest_files(files, settings, learned):
        yield item.result


def explain(sources: Iterable[str | Path], settings: Settings) -> Iterator[tuple[Path, list[Any]]]:
    """Each input file with the role the page-dump extractor gives each of its lines (for
    debugging rules), after learning from all of them. Raises IngestError for a file that
    cannot be read."""
    files = list(iter_files(sources, follow_symlinks=settings.follow_symlinks))
    learned = learn(files, settings)
    for path in files:
        source = learned.held.pop(path, None) or _read(path, settings)
        if learned.extractor is None:
            raise IngestError(str(path), "page-dump extraction is not available")
        if not source.text:
            first = source.problems[0]
            raise IngestError(first.path, first.reason)
        yield path, list(learned.extractor.explain(path, source.text))
