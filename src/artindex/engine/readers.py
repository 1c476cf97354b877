"""What identifies an open Whoosh reader's data, for caches shared by searchers (light: no
numpy, so the search side can import it at start-up)."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def reader_key(reader: Any) -> tuple[Any, ...] | None:
    """One key for every reader of the same segments with the same deletions, so caches built
    through one searcher serve the others (each concurrent search opens its own); None when
    the reader does not say (then caches are kept per reader)."""
    key: list[Any] = []
    for leaf, _offset in reader.leaf_readers():
        seg = getattr(leaf, "_segment", None)
        if seg is None or not hasattr(seg, "segment_id"):
            return None
        key.append((seg.segment_id(), int(leaf.doc_count_all()), int(leaf.doc_count())))
    return tuple(key)


class ReaderCache(Generic[T]):
    """Values built from a reader, one per :func:`reader_key` (shared by every searcher of the
    same segments; the ``size`` most recently used are kept), or per reader object, weakly,
    when the reader has no key."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._shared: OrderedDict[Any, T] = OrderedDict()
        self._private: weakref.WeakKeyDictionary[Any, T] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def peek(self, reader: Any) -> T | None:
        """The value already built for ``reader``'s segments, or None (nothing is built)."""
        key = reader_key(reader)
        with self._lock:
            if key is None:
                return self._private.get(reader)
            return self._shared.get(key)

    def get(self, reader: Any, build: Callable[[Any], T]) -> T:
        key = reader_key(reader)
        with self._lock:
            if key is None:
                value = self._private.get(reader)
                if value is None:
                    value = self._private[reader] = build(reader)
                return value
            value = self._shared.get(key)
            if value is None:
                value = self._shared[key] = build(reader)
                while len(self._shared) > self.size:
                    self._shared.popitem(last=False)
            else:
                self._shared.move_to_end(key)
            return value
