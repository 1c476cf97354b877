"""What ``search/`` and ``api`` may ask of an open Whoosh searcher, as typed Protocols: doc
frequencies and counts, stored fields, the id lookup, a plain ranked search, and the reader
(opaque: only handed back to engine functions). A Whoosh searcher satisfies them as it is;
mypy then checks every call made through them, where Whoosh's own objects are untyped."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol

Stored = Mapping[str, object]  # one document's stored fields
Query = object  # an engine query: built and run by engine/, only handed around by search/


class Schema(Protocol):
    """An index's schema: search/ asks only whether a field is in it."""

    def __contains__(self, fieldname: object) -> bool: ...


class Postings(Protocol):
    """A term's postings (a Whoosh matcher), walked in document order; ``value_as`` is read
    only as ``"characters"``: each occurrence's (position, start char, end char)."""

    def is_active(self) -> bool: ...

    def id(self) -> int: ...

    def skip_to(self, id: int) -> None: ...

    def value_as(self, astype: str) -> Iterable[tuple[int, int, int]]: ...


class TermInfo(Protocol):
    """One term's statistics in the term dictionary."""

    def doc_frequency(self) -> int: ...


class Column(Protocol):
    """A per-document column: its raw value by document number."""

    def __getitem__(self, docnum: int) -> bytes: ...


class Reader(Protocol):
    """A segment reader: passed back to the engine (query expansion, highlighting, word
    lists); search/ reads its document count, postings, term dictionary and columns."""

    @property
    def schema(self) -> Schema: ...

    def doc_count_all(self) -> int: ...

    def postings(self, fieldname: str, text: str) -> Postings: ...

    def iter_field(self, fieldname: str, prefix: str = "") -> Iterator[tuple[bytes, TermInfo]]: ...

    def has_column(self, fieldname: str) -> bool: ...

    def column_reader(
        self, fieldname: str, column: object = None, reverse: bool = False, translate: bool = True
    ) -> Column: ...


class EngineHit(Protocol):
    """One hit of :meth:`Searcher.search`."""

    docnum: int
    score: float | None

    def fields(self) -> Stored: ...


class Searcher(Protocol):
    """The searcher of one generation."""

    @property
    def schema(self) -> Schema: ...

    def doc_count(self) -> int: ...

    def doc_count_all(self) -> int: ...

    def doc_frequency(self, fieldname: str, text: str) -> int: ...

    def stored_fields(self, docnum: int) -> Stored: ...

    def all_stored_fields(self) -> Iterable[Stored]: ...

    def document(self, *, id: str) -> Stored | None: ...

    def document_number(self, *, id: str) -> int | None: ...

    def search(self, q: object, *, limit: int, mask: set[int]) -> Iterable[EngineHit]: ...

    def postings(
        self, fieldname: str, text: str, weighting: object = None, qf: int = 1
    ) -> Postings: ...

    def reader(self) -> Reader: ...
