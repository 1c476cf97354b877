"""Files inside a compound segment are read over the segment's map, not copied into the
process (issue 21: a 100,000-article reader held 931 MB of copied postings before a search)."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

from artindex import Index, Settings, build_articles
from artindex.engine import mapped, queries
from conftest import SMALL_ARTICLES


def test_a_mapped_file_reads_its_view_without_copying_it() -> None:
    """Opening a MappedFile over 8 MB allocates a small buffer, not 8 MB, and its stream,
    structured and random-access reads return the view's bytes."""
    data = bytes(range(256)) * (8 * 4096)
    view = memoryview(data)
    tracemalloc.start()
    f = mapped.MappedFile(view, name="x.pst")
    allocated, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert allocated < 1_000_000
    assert isinstance(f, BufferFile)
    f.seek(1000)
    assert f.read(3) == data[1000:1003] and f.tell() == 1003
    assert f.read_byte() == data[1003]
    f.seek(-2, io.SEEK_END)
    assert f.read() == data[-2:]
    assert f.get(5_000_000, 4) == data[5_000_000:5_000_004]


def test_an_opened_index_reads_its_segments_over_the_map(tmp_path: Path) -> None:
    """Opening an index installs MappedFile for compound segments, and searches find what
    they found before (Korean words, phrases, snippets)."""
    path = tmp_path / "index"
    build_articles(SMALL_ARTICLES, path, Settings())
    with Index.open(path, Settings()) as idx:
        assert compound.BufferFile is mapped.MappedFile
        hits = idx.search('"예산안을 본회의에서"')
        assert [h.id for h in hits] == ["ko-budget"]
        assert "예산안" in hits.hits[0].snippet
    gen = sorted(path.glob("gen-*"))[-1]
    ix = queries.open_index(str(gen))
    with ix.reader() as reader:
        assert reader.doc_count() == len(SMALL_ARTICLES)
