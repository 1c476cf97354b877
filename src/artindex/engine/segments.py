"""Whoosh segments written by separate processes, joined into one index.

A parallel build has each worker write one Whoosh segment of its share of the articles into a
folder of its own; the parent moves the segment files into the new generation and lists them
all in the generation's single table of contents (TOC), so a reader sees one index whose term
statistics cover the whole corpus (Whoosh sums them over segments). This needs Whoosh's private
writer API (``SegmentWriter._finalize_segment``, the codec's segment objects, the writer's
segment list), which whoosh-reloaded does not promise to keep: those members are listed in
``engine/private.py`` with the others artindex uses, and checked before a part is written
(``check_whoosh``); ``tests/test_parallel.py`` fails loudly when the pin moves.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from . import mapped
from .private import WHOOSH_VERSION, WhooshVersionError, check_whoosh

__all__ = ["WHOOSH_VERSION", "WhooshVersionError", "check_whoosh"]  # re-exported for callers


@dataclass(frozen=True)
class Part:
    """One finished segment: Whoosh's segment object (opaque, picklable), the names of its
    files, and their bytes when it travels back from another machine."""

    segment: Any
    files: tuple[str, ...]
    data: tuple[bytes, ...] | None = None

    @property
    def doc_count(self) -> int:
        return 0 if self.segment is None else int(self.segment.doc_count_all())


def create_part_index(folder: Path, schema: Any) -> Any:
    """An empty Whoosh index in ``folder``, for one worker's segment."""
    check_whoosh()
    mapped.install()
    folder.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(folder), schema)


def finish_part(writer: Any, folder: Path, *, ship: bool = False) -> Part:
    """Write out the segment ``writer`` has buffered, without writing a TOC (the parent writes
    the only one), and close the writer. ``ship``: also read the segment's bytes."""
    segment = writer._finalize_segment() if writer._added else None
    writer._finish()
    if segment is None:
        return Part(None, ())
    names = tuple(sorted(segment.list_files(writer.storage)))
    data = tuple((folder / name).read_bytes() for name in names) if ship else None
    return Part(segment, names, data)


def cancel_part(writer: Any) -> None:
    """Give up a worker's segment (its folder is removed by whoever made it)."""
    writer.cancel()


def bring_in(part: Part, folder: Path | None, gen: Path) -> None:
    """Put a part's segment files into the generation ``gen``: renamed from ``folder`` (a
    worker on this file system), or written from the bytes that travelled back."""
    for i, name in enumerate(part.files):
        if part.data is not None:
            with open(gen / name, "wb") as out:
                out.write(part.data[i])
        else:
            assert folder is not None
            os.replace(folder / name, gen / name)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def adopt(writer: Any, parts: list[Part]) -> None:
    """Add the parts' segments, in order, to the segments ``writer`` (a SegmentWriter on the
    new generation) will list in its TOC when it commits; documents keep their order, so a
    document's number is its part's offset plus its number in the part."""
    writer.segments.extend(p.segment for p in parts if p.segment is not None)
    writer._setup_doc_offsets()


def purge_deleted(writer: Any, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy: rewrite the segments that hold deleted documents (a later
    share's copy of an article an earlier share holds) into the new segment, keep the
    others as they are. Whoosh counts deleted documents in its term statistics until their
    segment is rewritten; a serial build never writes them, so scores would differ."""
    from whoosh.reading import SegmentReader

    kept = []
    for segment in segments:
        if segment.has_deletions():
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        else:
            kept.append(segment)
    return kept


def segment_count(ix: Any) -> int:
    """How many segments an open index has (tests and reports)."""
    return len(ix._segments())
