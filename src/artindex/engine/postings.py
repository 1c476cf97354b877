"""One index segment's postings and field lengths as numpy arrays, for term-at-a-time scoring.

Whoosh hands out postings one document at a time through matchers, which costs a Python call
per document and per term. Its W3 codec stores them in blocks of up to 128 documents, each
block a pickled tuple (delta-coded ids, weights, values); this module decodes whole blocks
into arrays. That reads private attributes of ``whoosh.codec.whoosh3.W3LeafMatcher`` as
written in whoosh-reloaded 2.7.5 (pinned in pyproject.toml); any other matcher is walked
through its public interface, so a change in Whoosh costs speed, not correctness.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

from .readers import ReaderCache

Array = np.ndarray[Any, Any]

# Decoded postings kept in memory, all segments together, most recently used first: a byte
# budget, so what a searching process holds does not grow with the index (a posting is 4 bytes
# of document number and 4 of weight; a frequent word of 100,000 articles is some 0.5 MB).
# Everything else is read from the segment files (Whoosh memory-maps them) when a query needs it.
POSTINGS_CACHE_BYTES = 48 * 1024 * 1024

# byte -> field length as Whoosh decodes the one-byte length it stores per document and field
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


class _SegmentData:
    """What is kept of one segment (with one set of deletions): its document count, deleted
    documents and coded field lengths (one byte per document and field). Shared by every
    reader of that segment, so each searcher a generation opens (one per concurrent search)
    reuses what the others read; it holds no reader itself."""

    def __init__(self, reader: Any) -> None:
        self.key = object()  # names this segment (and deletions) in the postings cache
        self.size = int(reader.doc_count_all())
        self.live: Array = np.ones(self.size, dtype=bool)
        if reader.has_deletions():
            for docnum in range(self.size):
                if reader.is_deleted(docnum):
                    self.live[docnum] = False
        self._lengths: dict[str, Array] = {}  # one byte per document (Whoosh's coded length)
        self._lock = threading.Lock()


class Segment:
    """One segment reader's view of its segment's cached data (see :func:`segment`).

    Field lengths are read once per segment and kept while the segment is in use."""

    def __init__(self, data: _SegmentData, reader: Any) -> None:
        self._data = data
        # weak: a view kept by a caller must not keep a closed generation's reader alive
        self._reader = weakref.ref(reader)
        self.size = data.size
        self.live = data.live
        self._lengths = data._lengths
        self._lock = data._lock

    @property
    def reader(self) -> Any:
        reader = self._reader()
        if reader is None:
            raise RuntimeError("the segment's reader is gone")
        return reader

    def lengths(self, fieldname: str, ids: Array) -> Array:
        """The lengths of documents ``ids`` in ``fieldname`` as ``doc_field_length(d, field,
        1)`` says (1 where the field has no length column), as float64. Kept per segment as
        Whoosh's one-byte code (decoded on use), not as 8-byte floats."""
        found = self._lengths.get(fieldname)
        if found is None:
            with self._lock:
                found = self._lengths.get(fieldname)
                if found is None:
                    found = self._read_lengths(fieldname)
                    self._lengths[fieldname] = found
        if found.dtype == np.uint8:
            return _LENGTH_OF_BYTE[found[ids]]
        return found[ids]

    def _read_lengths(self, fieldname: str) -> Array:
        perdoc = getattr(self.reader, "_perdoc", None)
        column = _length_column(perdoc, fieldname) if perdoc is not None else None
        if column is not None:
            return np.frombuffer(bytes(column[d] for d in range(self.size)), dtype=np.uint8)
        out = np.empty(self.size, dtype=np.float64)
        for d in range(self.size):
            value = self.reader.doc_field_length(d, fieldname, 1)
            out[d] = 0.0 if value is None else float(value)
        return out

    def postings(self, fieldname: str, btext: bytes) -> tuple[Array, Array]:
        """(docnums, weights) of a term in this segment, deleted documents included (the
        caller masks them), docnums ascending; empty arrays when the term is absent.

        Read from the segment's files; the most recently used are kept in one cache of
        POSTINGS_CACHE_BYTES shared by every segment (a term's postings never change within a
        segment)."""
        key = (self._data.key, fieldname, btext)
        found = _postings_cache.get(key)
        if found is None:
            found = self._read_postings(fieldname, btext)
            _postings_cache.put(key, found)
        return found

    def doc_frequency(self, fieldname: str, btext: bytes) -> int:
        """Postings of the term in this segment, deleted documents included (what Whoosh's
        ``doc_frequency`` counts): the cached postings' count, else from the term table
        (no posting decoded)."""
        found = _postings_cache.get((self._data.key, fieldname, btext))
        if found is not None:
            return int(found[0].size)
        return int(self.reader.doc_frequency(fieldname, btext))

    def _read_postings(self, fieldname: str, btext: bytes) -> tuple[Array, Array]:
        if (fieldname, btext) not in self.reader:
            return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float32)
        matcher = self.reader.postings(fieldname, btext)
        if isinstance(matcher, FilterMatcher):  # the deleted-documents wrapper, which has
            matcher = matcher.child  # already moved its child past deleted documents
            matcher.reset()
        if isinstance(matcher, W3LeafMatcher):
            return _w3_arrays(matcher)
        return _walk(matcher)


def _length_column(perdoc: Any, fieldname: str) -> Any:
    """Whoosh W3's per-document length column of ``fieldname``, or None."""
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        return perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    except (AttributeError, ImportError):
        return None


def _w3_arrays(m: Any) -> tuple[Array, Array]:
    """Every block of a W3 posting list, decoded as arrays (see the module docstring)."""
    ids: list[Array] = []
    weights: list[Array] = []
    while m.is_active():
        if m._data is None:
            m._read_data()
        raw_ids, raw_weights = m._data[0], m._data[1]
        block_ids = np.asarray(raw_ids, dtype=np.int32)
        if not m._byteids:
            block_ids = np.cumsum(block_ids, dtype=np.int32)
        count = len(block_ids)
        if raw_weights is None:
            block_weights = np.ones(count, dtype=np.float32)
        elif isinstance(raw_weights, float):
            block_weights = np.full(count, raw_weights, dtype=np.float64)
        else:  # an array("f"): float32 values, kept so (exact when widened for scoring)
            block_weights = np.asarray(raw_weights, dtype=np.float32)
        ids.append(block_ids)
        weights.append(block_weights)
        m._next_block()
    if not ids:
        return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def _walk(m: Any) -> tuple[Array, Array]:
    ids: list[int] = []
    weights: list[float] = []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float64)


class _PostingsCache:
    """Decoded postings by (segment, field, term), least recently used dropped first once
    their arrays hold more than ``budget`` bytes."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.held = 0
        self._items: OrderedDict[Any, tuple[Array, Array]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> tuple[Array, Array] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Any, value: tuple[Array, Array]) -> None:
        size = value[0].nbytes + value[1].nbytes + 100
        if size > self.budget:
            return  # bigger than the whole budget: read again next time
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self.held += size
            while self.held > self.budget:
                _, (ids, weights) = self._items.popitem(last=False)
                self.held -= ids.nbytes + weights.nbytes + 100


_postings_cache = _PostingsCache(POSTINGS_CACHE_BYTES)

SHARED_SEGMENTS = 16  # segments whose data is kept (most recently used first)
_segments: ReaderCache[_SegmentData] = ReaderCache(SHARED_SEGMENTS)


def segment(reader: Any) -> Segment:
    """The :class:`Segment` of a segment reader: a view of data shared with every other reader
    of the same segment and deletions, made on first use."""
    data = _segments.get(reader, _SegmentData)
    return Segment(data, reader)
