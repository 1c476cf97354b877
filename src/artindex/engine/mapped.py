"""Files inside a compound segment read over the segment's memory map, not copied.

Whoosh keeps each segment as one compound file and memory-maps it; each file inside it (the
postings, the term index, the stored fields) is opened as a ``BufferFile`` over a view of the
map. whoosh-reloaded's ``BufferFile`` also wraps the view in ``io.BytesIO`` for its stream
methods, and ``BytesIO`` copies what it is given: opening a reader copied every segment's
postings and term index into the process. At 100,000 articles that was 931 MB of anonymous
memory at ``ix.reader()`` (and 1.9 GB resident with the pages the copy touched), before the
first search: the 3 GB of a searching process in issue 21.

:func:`install` makes the compound storage open its files as :class:`MappedFile`, whose
stream methods read from the view itself (seek and read slice the map; nothing is copied
until read), so a reader's memory is what its searches touch, and the pages stay the page
cache's (``evaluate._release_pages`` returns them). Installed once per process, when an
index is opened; the member it replaces is listed in :mod:`.private`.
"""

from __future__ import annotations

import io
import threading
from typing import Any

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

BUFFER = 16384  # bytes each open file reads from the map at a time
_lock = threading.Lock()
_installed = False


class ViewReader(io.RawIOBase):
    """A read-only, seekable stream over a memoryview (the part of ``BytesIO`` Whoosh uses,
    without the copy)."""

    def __init__(self, view: memoryview) -> None:
        super().__init__()
        self._view = view
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else self._pos + size
        out = bytes(self._view[self._pos : end])
        self._pos += len(out)
        return out

    def readinto(self, buffer: Any) -> int:
        chunk = self._view[self._pos : self._pos + len(buffer)]
        n = len(chunk)
        buffer[:n] = chunk
        self._pos += n
        return n

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            self._pos = offset
        elif whence == io.SEEK_CUR:
            self._pos += offset
        else:
            self._pos = len(self._view) + offset
        return self._pos

    def tell(self) -> int:
        return self._pos


class MappedFile(BufferFile):  # type: ignore[misc]
    """``BufferFile`` whose stream is a :class:`ViewReader` over the same view."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        # buffered in C: Whoosh reads postings a few bytes at a time (varints, block headers)
        self.file = io.BufferedReader(ViewReader(memoryview(buf)), BUFFER)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False


def install() -> None:
    """Make Whoosh's compound storage open its files as :class:`MappedFile` (once)."""
    global _installed
    with _lock:
        if not _installed:
            compound.BufferFile = MappedFile
            _installed = True
