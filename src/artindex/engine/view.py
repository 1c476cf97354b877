"""What ``search/`` and ``api`` may ask of an open Whoosh searcher, as typed Protocols: doc
frequencies and counts, stored fields, the id lookup, a plain ranked search, and the reader
(opaque: only handed back to engine functions). A Whoosh searcher satisfies them as it is;
mypy then checks every call made through them, where Whoosh's own objects are untyped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

Stored = Mapping[str, object]  # one document's stored fields


class Reader(Protocol):
    """A segment reader: passed back to the engine (query expansion, highlighting, word
    lists); search/ reads only its document count."""

    def doc_count_all(self) -> int: ...


class EngineHit(Protocol):
    """One hit of :meth:`Searcher.search`."""

    docnum: int
    score: float | None

    def fields(self) -> Stored: ...


class Searcher(Protocol):
    """The searcher of one generation."""

    @property
    def schema(self) -> object: ...

    def doc_count(self) -> int: ...

    def doc_count_all(self) -> int: ...

    def doc_frequency(self, fieldname: str, text: str) -> int: ...

    def stored_fields(self, docnum: int) -> Stored: ...

    def all_stored_fields(self) -> Iterable[Stored]: ...

    def document(self, *, id: str) -> Stored | None: ...

    def document_number(self, *, id: str) -> int | None: ...

    def search(self, q: object, *, limit: int, mask: set[int]) -> Iterable[EngineHit]: ...

    def reader(self) -> Reader: ...
