"""Planning a write: which file is added, re-indexed, removed or kept (``plan_files``, and
``Scope``/``scoped_plan`` for the part of the index an ``update`` looks at), which ids leave
with the files removed (``orphans``), and how a parallel build cuts the files into shares
(``part_count``, ``shares``). Nothing here reads an article or touches Whoosh: files are only
examined (size, mtime, and the content hash when those disagree)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IngestError, SourceError
from ..ingest.reader import file_digest
from ..models import Problem
from ..store import FileRecord

PART_BYTES = 4_000_000  # default workers: each share at least this much text (a Kiwi load)


def source_key(path: str | Path) -> str:
    """The key a file or source is known by: its resolved absolute path, so one file named
    by a relative path, an absolute path or through a symlink is the same file."""
    return str(Path(path).resolve())


def within(key: str, root: str) -> bool:
    """Whether the file or source ``key`` is ``root`` or inside it."""
    return key == root or key.startswith(root.rstrip(os.sep) + os.sep)


def merge_sources(recorded: Iterable[str], added: Iterable[str]) -> list[str]:
    """Recorded sources plus ``added``, without a source inside another."""
    merged: list[str] = []
    for source in [*added, *recorded]:
        if any(within(source, other) for other in merged):
            continue
        merged = [m for m in merged if not within(m, source)] + [source]
    return sorted(merged)


@dataclass
class Plan:
    """What one write does: files to (re)ingest, paths to delete, records that stay."""

    ingest: list[Path] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    keep: dict[str, FileRecord] = field(default_factory=dict)
    unchanged: int = 0

    @property
    def changes(self) -> bool:
        """Whether the write has a file to ingest or a path to delete."""
        return bool(self.ingest or self.delete)


def plan_files(paths: Sequence[Path], old: dict[str, FileRecord]) -> Plan:
    """The plan that brings ``old`` (the records of the files indexed) in line with
    ``paths`` (the files found now): a file not recorded, or whose size, or mtime and
    content hash, differ is re-ingested (its old record deleted); a recorded file not found
    is deleted; the others are kept as they are."""
    plan = Plan()
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
                info.st_mtime_ns == rec.mtime_ns or _digest(path) == rec.sha256
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


def _digest(path: Path) -> str:
    """The file's content hash, or "" when it cannot be read (then it is re-read, and the
    ingest pipeline reports why it cannot be)."""
    try:
        return file_digest(path)
    except OSError:
        return ""


@dataclass
class Scope:
    """Which part of the index one update looks at."""

    walk: list[Path]  # what to walk for files
    roots: list[str]  # resolved: recorded files inside these are compared with the walk
    sources: list[str]  # the sources recorded after this update
    missing: list[str]  # recorded sources not found (their articles stay)
    pruned: list[str]  # recorded sources not found and dropped (``prune``)


def scope(given: Sequence[str | Path], recorded: list[str], prune: bool, root: Path) -> Scope:
    """The part of the index at ``root`` an update of ``given`` (or, when none are given, of
    the ``recorded`` sources) looks at."""
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
    return Scope(walk, roots + pruned, merge_sources(kept, roots), missing, pruned)


def scoped_plan(paths: Sequence[Path], files: dict[str, FileRecord], scope: Scope) -> Plan:
    """The plan for the files inside the scope; every record outside it is kept as it is."""
    inside = {k: r for k, r in files.items() if any(within(k, s) for s in scope.roots)}
    plan = plan_files(paths, inside)
    plan.keep.update((k, r) for k, r in files.items() if k not in inside)
    return plan


def orphans(
    gone: Iterable[FileRecord], code_ids: set[str], keep: dict[str, FileRecord]
) -> set[str]:
    """Ids of the articles that leave with ``gone``: not also given by a kept file (an
    article found in two files is indexed once) nor added from code (``code_ids``)."""
    held = {i for rec in keep.values() for i in rec.ids} | code_ids
    return {i for rec in gone for i in rec.ids} - held


def missing_problems(scope: Scope, files: dict[str, FileRecord]) -> list[Problem]:
    """A warning for each recorded source that is gone and whose articles are kept."""
    problems = []
    for source in scope.missing:
        count = sum(len(r.ids) for k, r in files.items() if within(k, source))
        problems.append(
            Problem(
                source,
                f"source not found; its {count} articles are kept (`artindex update --prune` "
                "or `artindex remove` drops them)",
                warning=True,
            )
        )
    return problems


def part_count(workers: int | None, paths: Sequence[Path], dask: str | None) -> int:
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
