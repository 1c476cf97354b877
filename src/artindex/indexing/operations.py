"""The operations on an index: ``build``, ``update``, ``remove``, ``add_articles``,
``delete_articles`` and ``build_articles``. Each holds the writer lock, plans
(:mod:`.plan`), reads (:mod:`.read`: the files once, the site chrome learned once), writes a
new generation (:mod:`.session`, with worker parts joined by ``adopt``) and swaps the
manifest only once it is committed; a write that fails (a full disk, Ctrl-C) removes its
partial generation and leaves the previous index serving."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..compat import check_compatible
from ..engine import segments
from ..errors import (
    ConfigError,
    IndexDamagedError,
    IndexMismatchError,
    IndexNotFoundError,
    SourceError,
)
from ..ingest.pipeline import Learned, learn
from ..models import Article, BuildReport, Problem
from ..settings import Settings, load_settings
from ..store import FileRecord, IndexDir
from ..text.sources import load_source_names
from . import cluster, local
from .parts import make_tasks
from .plan import (
    merge_sources,
    missing_problems,
    orphans,
    part_count,
    plan_files,
    scope,
    scoped_plan,
    source_key,
    within,
)
from .read import Progress, code_articles, prepare, read_articles, walk
from .session import GenerationSession, Session, State, open_session

log = logging.getLogger(__name__)

DEFAULT_SOURCE = "corpus"  # what `build` indexes when given no source
DASK_SOURCES = ("auto", "shared", "send")


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
    paths = walk(sources, settings)
    recorded = merge_sources([], [source_key(s) for s in sources])
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
        carried, problems = code_articles(root, manifest)
        state = State(sources=recorded, code_ids={a.id for a in carried})
        parts = part_count(workers, paths, dask)
        learned = learn(paths, settings)
        with open_session(root, settings, base=None) as session:
            if parts > 1 or dask:
                job = (paths, carried, learned, state.files, problems)
                _write_parts(session, *job, progress, parts, dask, dask_sources)
            else:
                session.add(carried)
                files = (paths, settings, learned, state.files, problems, progress)
                session.add(read_articles(*files))
            count = session.commit(state)
    return _report(session, problems, started, root, count, state)


def _write_parts(
    session: GenerationSession,
    paths: Sequence[Path],
    carried: Sequence[Article],
    learned: Learned,
    records: dict[str, FileRecord],
    problems: list[Problem],
    progress: Progress | None,
    count: int,
    dask: str | None,
    dask_sources: str,
) -> None:
    """Fill ``session``'s generation from ``count`` shares of ``paths`` (plus the
    ``carried`` articles), written by local worker processes or on the Dask cluster at
    ``dask``, then adopted; ``records`` and ``problems`` are filled as a serial build fills
    them."""
    segments.check_whoosh()
    if dask is None:
        tasks = make_tasks(session, paths, carried, learned, count or 1, local=True)
        results = local.run_local(tasks, progress, len(paths), session.gen)
    else:
        client = cluster.connect(dask)
        try:
            count = count or cluster.worker_count(client)
            tasks = make_tasks(session, paths, carried, learned, count, local=False)
            sent = cluster.sending(client, paths, dask_sources)
            run = cluster.run_sent if sent else cluster.run_shared
            results = run(client, tasks, progress, len(paths), session.gen)
        finally:
            client.close()
    session.adopt(results, records, problems)


def _check_dask_sources(dask: str | None, dask_sources: str) -> None:
    if dask_sources not in DASK_SOURCES:
        choices = ", ".join(DASK_SOURCES)
        raise ConfigError(f"dask_sources must be one of {choices}, not {dask_sources!r}")
    if dask_sources != "auto" and not dask:
        raise ConfigError(f"dask_sources={dask_sources!r} needs a Dask scheduler (dask=ADDRESS)")


def _current(root: IndexDir, settings: Settings, *, check: bool = True) -> dict[str, Any] | None:
    """The manifest of the index (None when there is none yet), read under the writer lock,
    after removing what an interrupted writer left behind."""
    manifest = root.read_manifest() if root.exists() else None
    root.clean_partial(manifest)
    if manifest is not None and check:
        check_compatible(manifest, settings, root.root)
    return manifest


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
    plan = plan_files(paths, files)
    if plan.changes or any(rec.problems for rec in plan.keep.values()):
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
        state = State()
        with open_session(root, settings, base=None) as session:
            session.add(articles)
            state.code_ids = set(session.seen)
            count = session.commit(state)
    return _report(session, [], started, root, count, state)


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
    size and mtime (then content hash) and cost nothing. Raises IndexNotFoundError, creating
    nothing, when there is no index at ``index_path`` (a mistyped path must not become a new
    index)."""
    settings = settings or load_settings()
    root = IndexDir(index_path)
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
        state = State.read(root, _current(root, settings))
        where = scope(sources, state.sources, prune, root.root)
        paths = walk(where.walk, settings)
        plan = scoped_plan(paths, state.files, where)
        problems = missing_problems(where, state.files)
        if not plan.changes and where.sources == sorted(state.sources):
            return BuildReport(
                indexed=0,
                unchanged=plan.unchanged,
                seconds=time.perf_counter() - started,
                index_path=str(root.root),
                warnings=tuple(problems),
                sources=tuple(where.sources),
            )
        gone = orphans((state.files[k] for k in plan.delete), state.code_ids, plan.keep)
        new = State(dict(plan.keep), where.sources, state.code_ids)
        learned = learn(paths, settings, keep=plan.ingest)  # every dump of the scope
        with open_session(root, settings, base=state.base) as session:
            session.seen = {i for rec in plan.keep.values() for i in rec.ids} | state.code_ids
            session.delete_ids(gone)
            articles = read_articles(plan.ingest, settings, learned, new.files, problems, progress)
            session.add(articles)
            count = session.commit(new)
    report = _report(session, problems, started, root, count, new)
    return dataclasses.replace(
        report,
        removed=len([p for p in plan.delete if p not in new.files]),
        removed_articles=len(gone - session.seen),
        unchanged=plan.unchanged,
    )


def remove(
    paths: Sequence[str | Path], index_path: str | Path = "index", settings: Settings | None = None
) -> BuildReport:
    """Remove from the index every article of the files under ``paths`` (which need not
    exist any more), and drop the recorded sources under them. Articles added from code and
    files elsewhere stay. Raises SourceError when nothing indexed is under ``paths``."""
    settings = settings or load_settings()
    started = time.perf_counter()
    root = IndexDir(index_path)
    root.read_manifest()  # no index there: refused before the lock would create the folder
    roots = [source_key(p) for p in paths]
    with root.write_lock(settings.lock_timeout, "artindex remove"):
        manifest = _current(root, settings)
        if manifest is None:
            raise IndexNotFoundError(str(root.root))
        state = State.read(root, manifest)
        inside = [k for k in state.files if any(within(k, r) for r in roots)]
        dropped = [s for s in state.sources if any(within(s, r) for r in roots)]
        if not inside and not dropped:
            names = ", ".join(str(p) for p in paths)
            raise SourceError(f"nothing in the index at {root.root} comes from {names}")
        keep = {k: r for k, r in state.files.items() if k not in inside}
        gone = orphans((state.files[k] for k in inside), state.code_ids, keep)
        new = State(keep, [s for s in state.sources if s not in dropped], state.code_ids)
        with open_session(root, settings, base=state.base) as session:
            removed = session.delete_ids(gone)
            count = session.commit(new)
    problems = [
        Problem(r, f"still inside source {s}: the next update adds its files back", warning=True)
        for r in roots
        for s in new.sources
        if within(r, s) and Path(r).exists()
    ]
    report = _report(session, problems, started, root, count, new)
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
        state = State.read(root, _current(root, settings))
        with open_session(root, settings, base=state.base) as session:
            prepared = list(prepare(articles, load_source_names(settings.sources)))
            session.delete_ids(a.id for a in prepared)
            session.add(prepared)
            state.code_ids |= session.seen
            count = session.commit(state)
    return _report(session, [], started, root, count, state)


def delete_articles(
    ids: Iterable[str], index_path: str | Path = "index", settings: Settings | None = None
) -> BuildReport:
    """Delete the articles with these ids; ``removed_articles`` says how many there were.
    An article that came from a file comes back if that file changes and is re-indexed."""
    settings = settings or load_settings()
    started = time.perf_counter()
    root = IndexDir(index_path)
    wanted = {ids} if isinstance(ids, str) else set(ids)
    root.read_manifest()  # no index there: refused before the lock would create the folder
    with root.write_lock(settings.lock_timeout, "artindex delete"):
        manifest = _current(root, settings)
        if manifest is None:
            raise IndexNotFoundError(str(root.root))
        state = State.read(root, manifest)
        with open_session(root, settings, base=state.base) as session:
            removed = session.delete_ids(wanted)
            state.code_ids -= wanted
            count = session.commit(state)
    report = _report(session, [], started, root, count, state)
    return dataclasses.replace(report, removed_articles=removed)


def _report(
    session: Session,
    problems: list[Problem],
    started: float,
    root: IndexDir,
    count: int,
    state: State,
) -> BuildReport:
    skipped = tuple(p for p in problems if not p.warning)
    warnings = tuple(p for p in problems if p.warning) + tuple(session.warnings)
    log.info("indexed %d articles (%d in the index)", session.added, count)
    return BuildReport(
        indexed=session.added,
        skipped=skipped,
        duplicates=len(session.duplicates),
        seconds=time.perf_counter() - started,
        index_path=str(root.root),
        warnings=warnings + tuple(session.duplicates),
        sources=tuple(state.sources),
    )
