"""Inverting pre-analyzed documents in memory, and writing their postings a block at a time.

Whoosh's segment writer turns every token into a ``Token`` object, every posting into a tuple
in a sorting pool, and then feeds the postings one by one to its codec: on a Korean corpus
that per-posting Python work cost about as much CPU as Kiwi itself. :class:`InvertingWriter`
keeps the same segment format but

- groups an article's pre-analyzed tokens by term directly (no ``Token`` objects),
- keeps each term's postings in arrays per field instead of one global sorted pool, and
- hands the codec whole blocks of up to ``blocklimit`` postings, which its own block writer
  encodes: the files are byte for byte those Whoosh writes for the same documents
  (``tests/test_engine_inverter.py`` compares them).

Anything it does not handle itself (fields with term vectors or spelling, postings that a
merge adds from other segments) goes through Whoosh's own path unchanged. Pinned, like
``engine/segments.py``, to whoosh-reloaded 2.7.5: it sets the private block buffers of
``W3PostingsWriter``."""

from __future__ import annotations

import functools
import heapq
import itertools
import pickle
import struct
import tempfile
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pickle import dumps
from typing import IO, Any

from whoosh import formats
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode
from whoosh.writing import SegmentWriter

from ..analysis.morphology import Quad
from . import formats as packed_formats
from .analyzers import PreAnalyzed

# (term bytes, frequency, weight, value bytes), as a field's ``index`` method yields them.
Item = tuple[bytes, int, float, bytes]


class _Postings:
    """One term's postings in one field: document numbers, weights and encoded values."""

    __slots__ = ("docs", "values", "weights")

    def __init__(self) -> None:
        self.docs = array("I")
        self.weights = array("d")
        self.values: list[bytes] = []


Terms = dict[bytes, _Postings]


def _post(terms: Terms, tbytes: bytes, docnum: int, weight: float, value: bytes) -> None:
    """Add one posting to a term, making the term on its first."""
    postings = terms.get(tbytes)
    if postings is None:
        postings = terms[tbytes] = _Postings()
    postings.docs.append(docnum)
    postings.weights.append(weight)
    postings.values.append(value)


# Each adds one document's pre-analyzed tokens to a field's terms, as Whoosh's format of that
# name would encode them (``word_values``), and returns the field length (tokens counted) and
# the number of postings added.


def _frequencies(
    terms: Terms, docnum: int, tokens: Sequence[Quad], fb: float, boost: float
) -> tuple[int, int]:
    counts: dict[str, int] = {}
    for token in tokens:
        counts[token[0]] = counts.get(token[0], 0) + 1
    for text, n in counts.items():
        _post(terms, text.encode("utf-8"), docnum, float(n) * fb * boost, pack_uint(n))
    return len(tokens), len(counts)


def _positions(
    terms: Terms, docnum: int, tokens: Sequence[Quad], fb: float, boost: float
) -> tuple[int, int]:
    return _positions_as(terms, docnum, tokens, fb, boost, _pickled_positions)


def _pickled_positions(poslist: list[int]) -> bytes:
    # formats.Positions.encode: the count, then the pickled position deltas
    deltas, base = [], 0
    for pos in poslist:
        deltas.append(pos - base)
        base = pos
    return bytes(pack_uint(len(deltas)) + dumps(deltas, 2))


def _positions_as(
    terms: Terms,
    docnum: int,
    tokens: Sequence[Quad],
    fb: float,
    boost: float,
    encode: Callable[[list[int]], bytes],
) -> tuple[int, int]:
    places: dict[str, list[int]] = {}
    for text, pos, _start, _end in tokens:
        found = places.get(text)
        if found is None:
            places[text] = [pos]
        else:
            found.append(pos)
    for text, poslist in places.items():
        value = encode(poslist)
        _post(terms, text.encode("utf-8"), docnum, float(len(poslist)) * fb * boost, value)
    return len(tokens), len(places)


def _characters(
    terms: Terms, docnum: int, tokens: Sequence[Quad], fb: float, boost: float
) -> tuple[int, int]:
    return _characters_as(terms, docnum, tokens, fb, boost, _pickled_characters)


def _pickled_characters(spanlist: list[tuple[int, int, int]]) -> bytes:
    # formats.Characters.encode: the count, then pickled (position delta, start delta from
    # the previous end, length) triples
    deltas, posbase, charbase = [], 0, 0
    for pos, start, end in spanlist:
        deltas.append((pos - posbase, start - charbase, end - start))
        posbase, charbase = pos, end
    return bytes(pack_uint(len(deltas)) + dumps(deltas, 2))


def _characters_as(
    terms: Terms,
    docnum: int,
    tokens: Sequence[Quad],
    fb: float,
    boost: float,
    encode: Callable[[list[tuple[int, int, int]]], bytes],
) -> tuple[int, int]:
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for text, pos, start, end in tokens:
        found = spans.get(text)
        if found is None:
            spans[text] = [(pos, start, end)]
        else:
            found.append((pos, start, end))
    for text, spanlist in spans.items():
        value = encode(spanlist)
        _post(terms, text.encode("utf-8"), docnum, float(len(spanlist)) * fb * boost, value)
    return len(tokens), len(spans)


INVERTERS: dict[type, Callable[..., tuple[int, int]]] = {
    formats.Frequency: _frequencies,
    formats.Positions: _positions,
    formats.Characters: _characters,
    packed_formats.PackedPositions: functools.partial(
        _positions_as, encode=packed_formats.encode_positions
    ),
    packed_formats.PackedCharacters: functools.partial(
        _characters_as, encode=packed_formats.encode_characters
    ),
}


def _items(terms: Terms, docnum: int, items: Iterable[Item], boost: float) -> tuple[int, int]:
    """Add what a field's own ``index`` method made of a value."""
    length = count = 0
    for tbytes, freq, weight, vbytes in items:
        _post(terms, tbytes, docnum, weight * boost, vbytes or b"")
        length += freq
        count += 1
    return length, count


POSTING_BYTES = 80  # memory one posting takes, about (array items, value, list slot)
TERM_BYTES = 300  # memory one new term takes, about (dict slot, key, arrays)


class InvertingWriter(SegmentWriter):  # type: ignore[misc]
    """A Whoosh segment writer that inverts documents itself (see the module docstring).

    Postings stay in memory up to ``limitmb`` (as Whoosh's pool does); past it they are
    written, sorted, to an unnamed temporary file beside the index (a run), and the runs are
    merged term by term when the segment is written."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fields: dict[str, Terms] = {}
        self._budget = int(kwargs.get("limitmb", 128)) * 1024 * 1024
        self._size = 0
        self._runs: list[IO[bytes]] = []
        # Term vectors and spelling words take Whoosh's own path for every document.
        self._whoosh_only = any(f.vector or f.separate_spelling() for _, f in self.schema.items())

    def add_document(self, **fields: Any) -> None:
        if self._whoosh_only:
            super().add_document(**fields)
            return
        self._check_state()
        schema, docnum, pdw = self.schema, self.docnum, self.perdocwriter
        docboost = self._doc_boost(fields)
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        pdw.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, name, docboost)
                    terms = self._fields.setdefault(name, {})
                    known = len(terms)
                    fmt = field.format
                    invert = INVERTERS.get(type(fmt))
                    if invert is not None and isinstance(value, PreAnalyzed):
                        length, added = invert(terms, docnum, value.tokens, fmt.field_boost, boost)
                    else:
                        length, added = _items(terms, docnum, field.index(value), boost)
                    self._size += added * POSTING_BYTES + (len(terms) - known) * TERM_BYTES
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{name}", value)
                pdw.add_field(name, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    pdw.add_column_value(name, column, field.to_column_value(stored))
        except Exception:
            pdw.cancel_doc()
            raise
        pdw.finish_doc()
        self._added = True
        self.docnum += 1
        if self._size > self._budget:
            self._spill()

    def _spill(self) -> None:
        """Write the postings held so far to a run, in field and term order."""
        # closed (and so freed: it has no name) when the segment is written or cancelled
        folder = getattr(self.storage, "folder", None)  # beside the index; else the temp dir
        run = tempfile.TemporaryFile(prefix="artindex-run-", dir=folder)  # noqa: SIM115
        self._runs.append(run)
        for item in _sorted_postings(self._fields):
            pickle.dump(item, run, pickle.HIGHEST_PROTOCOL)
        run.seek(0)
        self._fields.clear()
        self._size = 0

    def _merged(self) -> Iterator[tuple[str, bytes, _Postings]]:
        """Every (field, term, postings), in order, from the runs and memory; a term's postings
        in several of them are joined (earlier runs hold earlier documents)."""
        streams = [_read_run(run) for run in self._runs] + [_sorted_postings(self._fields)]
        merged = heapq.merge(*streams, key=lambda item: (item[0], item[1]))
        for (name, tbytes), group in itertools.groupby(merged, key=lambda i: (i[0], i[1])):
            parts = [postings for _, _, postings in group]
            if len(parts) > 1:
                whole = _Postings()
                for part in parts:
                    whole.docs.extend(part.docs)
                    whole.weights.extend(part.weights)
                    whole.values.extend(part.values)
                parts = [whole]
            yield name, tbytes, parts[0]

    def _flush_segment(self) -> None:
        try:
            if self.pool.current or self.pool.runs:  # a merge added postings of other segments
                self._to_pool()
                super()._flush_segment()
                return
            self.perdocwriter.close()
            lengths = self.per_document_reader()
            try:
                self._write_fields(lengths)
            finally:
                lengths.close()
            self.fieldwriter.close()
        finally:
            self._close_runs()

    def cancel(self) -> None:
        self._close_runs()
        super().cancel()

    def _close_runs(self) -> None:
        for run in self._runs:
            run.close()  # unnamed: closing frees it
        self._runs = []
        self._fields.clear()

    def _to_pool(self) -> None:
        """Hand the postings to Whoosh's pool, which sorts them with the merged ones."""
        for name, tbytes, postings in self._merged():
            for docnum, weight, vbytes in zip(
                postings.docs, postings.weights, postings.values, strict=True
            ):
                self.pool.add((name, tbytes, docnum, weight, vbytes or None))
        self._fields.clear()

    def _write_fields(self, lengths: Any) -> None:
        """What ``FieldWriter.add_postings`` does, fields and terms in the same sorted order,
        each term's postings encoded here a block at a time (:class:`_TermWriter`)."""
        fw = self.fieldwriter
        count = self.docnum
        read = lengths.doc_field_length
        for name, items in itertools.groupby(self._merged(), key=lambda item: item[0]):
            fieldobj = self.schema[name]
            fw.start_field(name, fieldobj)
            out = _TermWriter(fw, fieldobj.format, [read(d, name, 0) for d in range(count)])
            for _, tbytes, postings in items:
                out.write(tbytes, postings)
            fw.finish_field()


def _sorted_postings(fields: dict[str, Terms]) -> Iterator[tuple[str, bytes, _Postings]]:
    for name in sorted(fields):
        terms = fields[name]
        for tbytes in sorted(terms):
            yield name, tbytes, terms[tbytes]


def _read_run(run: IO[bytes]) -> Iterator[tuple[str, bytes, _Postings]]:
    while True:
        try:
            item: tuple[str, bytes, _Postings] = pickle.load(run)
        except EOFError:
            return
        yield item


class _TermWriter:
    """Writes one field's terms as ``W3FieldWriter`` and ``W3PostingsWriter`` would (blocks of
    ``blocklimit`` postings: a pickled info tuple, then the pickled, deflated ids, weights and
    values; the term's statistics and extent in the terms table), in one pass per term
    instead of a dozen calls per posting and block."""

    _info = struct.Struct("!BfIBBfII")  # W3TermInfo: flags, weight, df, min/max length bytes,
    # max weight, first and last id

    def __init__(self, fw: Any, fmt: Any, lengths: list[int]) -> None:
        codec = fw._codec
        if codec._inlinelimit > 1:  # terms with few postings would be inlined: not done here
            raise ValueError("inlined postings are not supported")
        self._prefix = pack_ushort(fw._fieldid)
        self._add = fw._tindex.add
        self._file = fw._postfile.file  # the StructFile's own file: one call less per write
        self._limit = codec._blocklimit
        self._level = codec._compression
        self._fixed = fmt.fixed_value_size()
        self._lengths = lengths

    def write(self, tbytes: bytes, postings: _Postings) -> None:
        lengths, limit, level, fixed = self._lengths, self._limit, self._level, self._fixed
        docs, weights, values = postings.docs, postings.weights, postings.values
        total = len(docs)
        start_offset = self._file.tell()
        out = [WHOOSH3_HEADER_MAGIC]
        term_weight: float = 0
        min_length: int | None = None
        max_length = 0
        max_weight: float = 0
        for start in range(0, total, limit):
            end = min(start + limit, total)
            ids = docs[start:end]
            block_weights = array("f", weights[start:end])
            known = [n for n in map(lengths.__getitem__, ids) if n]
            block_min = min(known) if known else None
            block_max = max(known) if known else 0
            block_max_weight = max(0, max(weights[start:end]))
            term_weight += sum(block_weights)
            if block_min is not None:  # None: the field keeps no lengths
                min_length = block_min if min_length is None else min(min_length, block_min)
            max_length = max(max_length, block_max)
            max_weight = max(max_weight, block_max_weight)
            kept = [v for v in values[start:end] if v]  # Whoosh keeps no empty values
            packed = (
                tuple(delta_encode(ids)),
                _mini_weights(block_weights),
                _mini_values(kept, fixed),
            )
            data = dumps(packed, 2)
            if level:
                data = zlib.compress(data, level)
            info = dumps(
                (
                    len(ids),
                    ids[-1],
                    block_max_weight,
                    level,
                    _length_byte(block_min),
                    _length_byte(block_max),
                ),
                2,
            )
            size = len(info) + len(data)
            out += (pack_int(-size if end == total else size), info, data)
        block = b"".join(out)
        self._file.write(block)
        stats = self._info.pack(
            0,
            term_weight,
            total,
            0 if min_length is None else _length_byte(min_length),
            _length_byte(max_length),
            max_weight,
            docs[0],
            docs[-1],
        )
        self._add(self._prefix + tbytes, stats + pack_long(start_offset) + pack_int(len(block)))


_LENGTH_BYTES: list[int] = [length_to_byte(n) for n in range(4096)]


def _length_byte(length: int | None) -> int:
    """``length_to_byte`` (a field length as one byte), from a table for common lengths."""
    if length is not None and 0 <= length < 4096:
        return _LENGTH_BYTES[length]
    byte: int = length_to_byte(length)
    return byte


def _mini_weights(weights: array[float]) -> Any:
    """``W3PostingsWriter._mini_weights``: None when all are 1, one number when all are equal,
    else all of them."""
    if all(w == 1.0 for w in weights):
        return None
    if all(w == weights[0] for w in weights):
        return weights[0]
    return tuple(weights)


def _mini_values(values: list[bytes], fixed: int | None) -> Any:
    """``W3PostingsWriter._mini_values``: a tuple of variable-size values, nothing for a
    format without values, else the fixed-size values joined."""
    if fixed is None or fixed < 0:
        return tuple(values)
    return None if fixed == 0 else b"".join(values)
