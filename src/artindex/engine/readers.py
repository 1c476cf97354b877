"""What identifies an open Whoosh reader's data, for caches shared by searchers (light: no
numpy, so the search side can import it at start-up)."""

from __future__ import annotations

from typing import Any


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
