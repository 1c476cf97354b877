"""Files sent to Dask workers that cannot read the sources: the client reads each share's
files (undecoded) and puts them in chunks of at most CHUNK_BYTES on the share's Dask queue
(``chunks``, ``send_next``); the worker takes them off in order as its pipeline reaches them
(``Inbox``), and decodes them as a local read would."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..ingest.pipeline import fetch_file
from ..ingest.reader import SourceBytes, SourceFile, decode_source
from ..pins import Member, check
from ..settings import Settings

DASK_PINNED = "2026.8.0"  # dask[distributed], pyproject.toml's dask extra
# The private members of distributed a worker reads to tell whether the client gave its task
# up (``given_up``); checked when a worker starts waiting for sent files, so a changed one
# fails the task at once instead of reading as "not given up" for INBOX_SECONDS.
DASK_MEMBERS = (
    Member("distributed", "Worker", "state", "sent.given_up", instance=True),
    Member("distributed", "Worker", "get_current_task", "sent.given_up"),
    Member(
        "distributed.worker_state_machine", "WorkerState", "tasks", "sent.given_up", instance=True
    ),
    Member(
        "distributed.worker_state_machine", "TaskState", "state", "sent.given_up", instance=True
    ),
)

CHUNK_BYTES = 64 * 1024 * 1024  # files sent to a Dask worker: at most this much per message
INBOX_SECONDS = 900  # a Dask worker waiting longer for its next chunk gives up: client gone


class Inbox:
    """A Dask worker's files when the client sends them: chunks of the share's files, in
    order, taken off the share's queue as the pipeline reaches them (one chunk held at a
    time) and decoded here as :func:`~..ingest.reader.read_source` decodes a file it reads."""

    def __init__(self, name: str) -> None:
        from distributed import Queue

        check_dask()
        self.queue = Queue(name)  # type: ignore[no-untyped-call]
        self.items: deque[SourceFile | SourceBytes] = deque()

    def __call__(self, path: Path) -> SourceFile:
        while not self.items:
            chunk = self._next()
            if chunk is None:  # the client stopped sending: its build failed or it is gone
                raise RuntimeError(f"{path}: not sent by the client (the build was stopped)")
            self.items.extend(chunk.result())
        item = self.items.popleft()
        if item.path != path:  # the client sends the share's files in its order
            raise RuntimeError(f"{path}: expected from the client, got {item.path}")
        return item if isinstance(item, SourceFile) else decode_source(item)

    def _next(self) -> Any:
        """The next chunk's future, or None: the client's stop mark, or this task given up
        by the client (a task that started after the client dropped its queue would
        otherwise wait on a new, empty one), or no chunk for INBOX_SECONDS."""
        deadline = time.monotonic() + INBOX_SECONDS
        while time.monotonic() < deadline and not given_up():
            try:
                return self.queue.get(timeout=2)  # type: ignore[no-untyped-call]
            except TimeoutError:
                continue
        return None

    def close(self) -> None:
        self.queue.close()  # type: ignore[no-untyped-call]


def given_up() -> bool:
    """On a Dask worker: whether the client has released the running task (its build
    failed or it disconnected); Dask cannot stop the thread, so the task checks."""
    from distributed import get_worker

    try:
        worker = get_worker()
    except ValueError:  # not on a worker: nobody can give the task up
        return False
    check_dask()  # a member gone: fail now, never read as "not given up"
    state = worker.state.tasks.get(worker.get_current_task())
    return state is None or state.state in ("cancelled", "released", "forgotten")


def check_dask() -> None:
    """Raise DependencyError (one line) when distributed lacks a member of DASK_MEMBERS."""
    check("dask[distributed]", DASK_PINNED, DASK_MEMBERS, key="distributed")


def send_next(client: Any, inbox: Any, workers: list[str] | None, chunks: Iterator[Any]) -> bool:
    """Put a share's next chunk on its queue; False when the share has been sent."""
    chunk = next(chunks, None)
    if chunk is None:
        return False
    inbox.put(client.scatter([chunk], workers=workers, hash=False)[0])
    return True


def chunks(
    paths: tuple[str, ...], settings: Settings, held: dict[Path, SourceFile]
) -> Iterator[list[SourceFile | SourceBytes]]:
    """A share's files, in order, read here (undecoded) or taken from what learning held, in
    lists of at most CHUNK_BYTES of file bytes (a bigger file goes alone). A file that cannot
    be read is sent as its problem, so the worker records it as a local build would."""
    chunk: list[SourceFile | SourceBytes] = []
    size = 0
    for name in paths:
        path = Path(name)
        item = held.pop(path, None) or fetch_file(path, settings)
        weight = item.size if isinstance(item, SourceBytes) else len(item.text.encode())
        if chunk and size + weight > CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += weight
    if chunk:
        yield chunk
