"""Dask as a transport for a parallel build: each share runs as a Dask task
(``parts.run_part``) writing into a temporary folder of its worker and sending the
segment's bytes, word table and fresh analyses back. Workers read the sources from the paths
the client sees (a shared file system) or, when they cannot, are sent the files' bytes
(``sent``). See docs/scale-out.md."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ConfigError, IndexWriteError
from ..ingest.pipeline import Learned
from .parts import PartTask, run_part
from .read import Progress
from .sent import chunks, send_next
from .session import PartResult

log = logging.getLogger(__name__)


def connect(address: str) -> Any:
    """A Dask client of the scheduler at ``address``; one-line errors when Dask is missing
    or the scheduler cannot be reached."""
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError(
            "building on a Dask cluster needs the dask extra: pip install 'artindex[dask]'"
        ) from None
    try:
        return Client(address, timeout="10s", set_as_default=False)  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address} ({exc})") from None


def worker_count(client: Any) -> int:
    """How many workers the cluster has (at least one)."""
    return max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))


def sending(client: Any, paths: Sequence[Path], dask_sources: str) -> bool:
    """Whether the client sends the files' bytes: as asked, or (``auto``) unless every worker
    of the cluster sees a few of the files at the same path with the same size and mtime."""
    if dask_sources != "auto":
        return dask_sources == "send"
    samples = []
    for path in {paths[0], paths[len(paths) // 2], paths[-1]} if paths else ():
        with contextlib.suppress(OSError):
            info = path.stat()
            samples.append((str(Path.cwd() / path), info.st_size, info.st_mtime_ns))
    if not samples:
        return False
    try:
        seen = client.run(sees, samples)
    except Exception as exc:  # a worker that cannot answer: sending works whatever it sees
        log.info("cannot ask the workers whether they see the files (%s): sending them", exc)
        return True
    if seen and all(seen.values()):
        return False
    blind = sorted(worker for worker, yes in seen.items() if not yes) or ["(no worker yet)"]
    log.info("workers %s do not see %s: sending the files", ", ".join(blind), samples[0][0])
    return True


def sees(samples: list[tuple[str, int, int]]) -> bool:
    """On a Dask worker: whether each file is there with the size and mtime the client saw."""
    for name, size, mtime_ns in samples:
        try:
            info = os.stat(name)
        except OSError:
            return False
        if (info.st_size, info.st_mtime_ns) != (size, mtime_ns):
            return False
    return True


def run_shared(
    client: Any, tasks: list[PartTask], progress: Progress | None, total: int, gen: Path
) -> list[PartResult]:
    """Run each share as a Dask task; workers read the sources from the same paths (a
    shared file system) and send their segment back as bytes."""
    futures = client.map(run_part, tasks, pure=False)
    return _gather(client, tasks, futures, progress, total, gen)


def _gather(
    client: Any,
    tasks: list[PartTask],
    futures: list[Any],
    progress: Progress | None,
    total: int,
    gen: Path,
) -> list[PartResult]:
    """The tasks' results, reporting progress as each share finishes; a failed task fails
    the build in one line (the write session then removes the generation ``gen``)."""
    from distributed import as_completed

    numbers = {future.key: number for number, future in enumerate(futures)}
    results: dict[int, PartResult] = {}
    done = 0
    for future in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]
        try:
            result: PartResult = future.result()
        except Exception as exc:
            share = f"share {numbers[future.key] + 1} of {len(tasks)}"
            why = f"{exc.__class__.__name__}: {exc}".splitlines()[0]
            raise IndexWriteError(str(gen), f"Dask task of {share} failed ({why})") from exc
        results[result.number] = result
        done += len(tasks[result.number].paths)
        if progress is not None:
            progress(done, total)
    return [results[t.number] for t in tasks]


def run_sent(
    client: Any, tasks: list[PartTask], progress: Progress | None, total: int, gen: Path
) -> list[PartResult]:
    """Run each share as a Dask task fed the files' bytes: this process reads them (once,
    as a local build would; page dumps learning held are not read again) and puts them on
    the share's queue in chunks of at most CHUNK_BYTES, placed on the worker that runs the
    share. The queues are released when the tasks are done (before, a task not started yet
    would lose its chunks), after a stop mark that ends a task still waiting for files."""
    from distributed import Queue

    build = uuid.uuid4().hex
    held = [task.learned.held for task in tasks]
    tasks = [
        dataclasses.replace(t, learned=Learned(t.learned.extractor), inbox=f"artindex-{build}-{i}")
        for i, t in enumerate(tasks)
    ]
    workers = sorted(client.scheduler_info(n_workers=-1).get("workers", {})) or [None]
    places = [[workers[i % len(workers)]] if workers[0] else None for i in range(len(tasks))]
    queues = [Queue(t.inbox, client=client) for t in tasks]  # type: ignore[no-untyped-call]
    futures: list[Any] = []
    try:
        futures = [
            client.submit(run_part, t, pure=False, workers=w, allow_other_workers=True)
            for t, w in zip(tasks, places, strict=True)
        ]
        parts = zip(queues, places, tasks, held, strict=True)
        streams = [(q, w, chunks(t.paths, t.settings, h)) for q, w, t, h in parts]
        while streams and not any(f.status == "error" for f in futures):
            streams = [s for s in streams if send_next(client, *s)]
        return _gather(client, tasks, futures, progress, total, gen)
    except BaseException:
        with contextlib.suppress(Exception):
            client.cancel(futures)  # tasks not started yet never start
        raise
    finally:
        for q in queues:
            with contextlib.suppress(Exception):
                q.put(None)  # type: ignore[no-untyped-call]
                q.close()  # type: ignore[no-untyped-call]
