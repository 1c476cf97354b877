"""Local worker processes for a parallel build: each runs one share (``parts.run_part``) in
a process of its own (``spawn``: no state inherited from a threaded parent), writing into a
folder inside the new generation, so a failed build removes their output with it."""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import IndexWriteError
from .parts import PartTask, run_part
from .read import Progress
from .session import PartResult


def _child(task: PartTask, messages: Any) -> None:
    """A local worker process: run one share, reporting each file read and the result."""

    def progress(done: int, total: int) -> None:
        if done:
            messages.put(("progress", task.number, 1))

    try:
        messages.put(("result", task.number, run_part(task, progress)))
    except BaseException as exc:
        messages.put(("error", task.number, f"{exc.__class__.__name__}: {exc}"))
        raise


def run_local(
    tasks: list[PartTask], progress: Progress | None, total: int, gen: Path
) -> list[PartResult]:
    """Run each share in its own process; a worker that dies or fails stops the build (its
    output is inside the new generation, which the write session removes)."""
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    procs = [context.Process(target=_child, args=(t, messages), daemon=True) for t in tasks]
    results: dict[int, PartResult] = {}
    done = 0
    try:
        with _main_not_rerun():
            for proc in procs:
                proc.start()
        while len(results) < len(tasks):
            try:
                kind, number, payload = messages.get(timeout=0.5)
            except queue.Empty:
                _check_alive(procs, results, gen)
                continue
            if kind == "error":
                raise IndexWriteError(
                    str(gen), f"worker {number + 1} of {len(tasks)} failed ({payload})"
                )
            if kind == "progress":
                done += payload
                if progress is not None:
                    progress(min(done, total - 1), total)
            else:
                results[number] = payload
    finally:
        for proc in procs:
            if proc.is_alive() and len(results) < len(tasks):
                proc.terminate()
            proc.join()
        messages.close()
    if progress is not None:
        progress(total, total)
    return [results[t.number] for t in tasks]


@contextlib.contextmanager
def _main_not_rerun() -> Iterator[None]:
    """While workers start, hide the main script from ``spawn``: it would run it again in
    each worker (a script calling ``artindex.build`` without an ``if __name__ ==
    "__main__"`` guard would build again there). Workers need nothing from it."""
    main = sys.modules.get("__main__")
    names = ("__file__", "__spec__")
    saved: dict[str, Any] = {k: main.__dict__[k] for k in names if main and k in main.__dict__}
    try:
        if main is not None:
            main.__dict__.pop("__file__", None)
            main.__dict__["__spec__"] = None
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)
            if "__spec__" not in saved:
                main.__dict__.pop("__spec__", None)


def _check_alive(procs: list[Any], results: dict[int, PartResult], gen: Path) -> None:
    for number, proc in enumerate(procs):
        if number not in results and proc.exitcode is not None and proc.exitcode != 0:
            how = f"killed by signal {-proc.exitcode}" if proc.exitcode < 0 else "exited"
            raise IndexWriteError(str(gen), f"worker {number + 1} of {len(procs)} stopped ({how})")
