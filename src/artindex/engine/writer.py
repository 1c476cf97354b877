"""Writing a generation with Whoosh: create or open its index, the segment writer every write
uses (also a parallel build's workers), counting and reading back what was written, and
cancelling a write without leaving open files."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from . import mapped
from .inverter import InvertingWriter
from .private import check_whoosh
from .schema import make_schema


def create_index(gen: Path, user_dictionary: str = "") -> Any:
    """A new, empty Whoosh index in the generation folder ``gen`` (once the Whoosh
    installed is checked to have the private members artindex writes with)."""
    check_whoosh()
    mapped.install()  # a build's merges and joins read segments: over their maps
    return whoosh_index.create_in(str(gen), make_schema(user_dictionary))


def open_index(gen: Path) -> Any:
    """The Whoosh index in the generation folder ``gen``, to write (once the Whoosh
    installed is checked to have the private members artindex writes with)."""
    check_whoosh()
    mapped.install()  # merges read the old segments: over their maps, not copied
    return whoosh_index.open_dir(str(gen))


class _LengthCache:
    """Field lengths of a segment being flushed, read once per field instead of once per
    posting (Whoosh looks one up for every posting it writes)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._lengths: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            read = self._reader.doc_field_length
            count = self._reader.doc_count_all()
            lengths = [read(i, fieldname, default) for i in range(count)]
            self._lengths[fieldname] = lengths
        return lengths[docnum]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class _SegmentWriter(InvertingWriter):
    def per_document_reader(self) -> Any:
        return _LengthCache(super().per_document_reader())


def new_segment_writer(ix: Any, limitmb: int = 256) -> Any:
    """A Whoosh writer on ``ix`` as every write uses it (also a parallel build's workers):
    posting buffers spill to disk past ``limitmb``, light compression of stored fields."""
    return _SegmentWriter(ix, limitmb=limitmb, codec=W3Codec(compression=1))


def live_count(ix: Any) -> int:
    """How many documents ``ix`` holds (deleted ones not counted)."""
    with ix.searcher() as searcher:
        return int(searcher.doc_count())


def stored_by_id(ix: Any, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The stored fields of the documents with these ids (those found)."""
    with ix.searcher() as searcher:
        found = [searcher.document(id=i) for i in ids]
    return [f for f in found if f]


def cancel(writer: Any) -> None:
    """Give up a write. Never raises: the error that caused it is the one to report."""
    with contextlib.suppress(Exception):
        writer.cancel()
    with contextlib.suppress(Exception):  # cancel may have failed before releasing it
        writer.writelock.release()
    for part in ("perdocwriter", "fieldwriter"):  # cancel skips them once committing
        with contextlib.suppress(Exception):
            getattr(writer, part).close()
