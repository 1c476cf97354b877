"""Every private member of Whoosh that artindex touches, in one list, checked when an index
is opened for search (the ``read`` ones) or written (all of them; serial, worker and Dask
builds alike). artindex also writes postings byte for byte as Whoosh does
(``inverter.py``), so it refuses any Whoosh but :data:`WHOOSH_VERSION`, pinned in
pyproject.toml (``tests/test_parallel.py`` checks the pin)."""

from __future__ import annotations

from ..pins import DependencyError, Member, check

WHOOSH_VERSION = (2, 7, 5)  # whoosh-reloaded==2.7.5: the internals listed below
PINNED = ".".join(map(str, WHOOSH_VERSION))

W3 = "whoosh.codec.whoosh3"
READ = (
    Member("whoosh.query", "MultiTerm", "_btexts", "syntax: wildcard expansion"),
    Member("whoosh.scoring", "BM25F", "_field_B", "evaluate: per-field b", instance=True),
    Member(W3, "W3LeafMatcher", "_data", "postings: posting blocks as arrays", instance=True),
    Member(W3, "W3LeafMatcher", "_read_data", "postings: posting blocks as arrays"),
    Member(W3, "W3LeafMatcher", "_byteids", "postings: posting blocks as arrays", instance=True),
    Member(W3, "W3LeafMatcher", "_next_block", "postings: posting blocks as arrays"),
    Member(W3, "W3PerDocReader", "_cached_reader", "postings: the length column"),
    Member(W3, "", "_lenfield", "postings: the length column"),
    Member("whoosh.index", "FileIndex", "_segments", "segments.segment_count"),
    Member("whoosh.filedb.compound", "", "BufferFile", "mapped: compound files over the map"),
)
WRITE = (
    Member("whoosh.writing", "SegmentWriter", "_check_state", "inverter: add_document"),
    Member("whoosh.writing", "SegmentWriter", "_doc_boost", "inverter: add_document"),
    Member("whoosh.writing", "SegmentWriter", "_field_boost", "inverter: add_document"),
    Member("whoosh.writing", "SegmentWriter", "_check_fields", "inverter: add_document"),
    Member(
        "whoosh.writing", "SegmentWriter", "_added", "inverter, segments.finish_part", instance=True
    ),
    Member("whoosh.writing", "SegmentWriter", "_flush_segment", "inverter: writing postings"),
    Member("whoosh.writing", "SegmentWriter", "_finalize_segment", "segments.finish_part"),
    Member("whoosh.writing", "SegmentWriter", "_finish", "segments.finish_part"),
    Member("whoosh.writing", "SegmentWriter", "_setup_doc_offsets", "segments.adopt"),
    Member(W3, "W3FieldWriter", "_codec", "inverter: writing postings", instance=True),
    Member(W3, "W3FieldWriter", "_fieldid", "inverter: writing postings", instance=True),
    Member(W3, "W3FieldWriter", "_tindex", "inverter: writing postings", instance=True),
    Member(W3, "W3FieldWriter", "_postfile", "inverter: writing postings", instance=True),
    Member(W3, "W3Codec", "_inlinelimit", "inverter: writing postings", instance=True),
    Member(W3, "W3Codec", "_blocklimit", "inverter: writing postings", instance=True),
    Member(W3, "W3Codec", "_compression", "inverter: writing postings", instance=True),
)


class WhooshVersionError(DependencyError):
    """The installed Whoosh is not the one whose private members artindex uses."""


def check_whoosh(*, write: bool = True) -> None:
    """Raise WhooshVersionError (one line) unless the installed Whoosh is
    :data:`WHOOSH_VERSION` and has every private member of :data:`READ` (and, to write,
    :data:`WRITE`); checked once per process."""
    import whoosh

    found = tuple(whoosh.__version__[:3])
    if found != WHOOSH_VERSION:
        raise WhooshVersionError(
            f"whoosh-reloaded {'.'.join(map(str, found))} is installed, but artindex uses "
            f"the private members of whoosh-reloaded=={PINNED} (engine/private.py): "
            f"install that version"
        )
    try:
        check("whoosh-reloaded", PINNED, READ + WRITE if write else READ, key=f"whoosh:{write}")
    except DependencyError as exc:
        raise WhooshVersionError(str(exc)) from None
