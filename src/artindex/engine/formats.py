"""Posting value formats that store positions and character spans as packed integers.

Whoosh's ``Positions`` and ``Characters`` formats write each posting's value as a 4-byte count
and a pickled list of deltas (about 8 bytes per occurrence for a (position, start, length)
triple, some 20 for a word seen once). These write the same deltas as one typed array: a
typecode byte (``B``, ``H`` or ``I``: the narrowest that holds every delta) and the array's
bytes, so a triple of small deltas is 3 bytes. They answer every ``decode_*`` their Whoosh
parents answer, with the same values, so phrase queries and snippets read them unchanged.
The schema pickles them by name: an index written with them needs this module to be read.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any

from whoosh import formats

_CODES = ((255, "B"), (65535, "H"))


def pack(values: Sequence[int]) -> bytes:
    """Non-negative ints as a typecode byte and the narrowest array holding them."""
    top = max(values, default=0)
    code = next((c for limit, c in _CODES if top <= limit), "I")
    return code.encode("ascii") + array(code, values).tobytes()


def unpack(value: bytes) -> array[int]:
    return array(chr(value[0]), value[1:])


def _count(value: bytes, width: int) -> int:
    return (len(value) - 1) // (array(chr(value[0])).itemsize * width)


class PackedPositions(formats.Positions):  # type: ignore[misc]
    """``formats.Positions`` with position deltas packed (see the module docstring)."""

    def encode(self, poslist: Sequence[int]) -> bytes:
        return encode_positions(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        out, position = [], 0
        for delta in unpack(valuestring):
            position += delta
            out.append(position)
        return out

    def decode_frequency(self, valuestring: bytes) -> int:
        return _count(valuestring, 1)

    def decode_weight(self, valuestring: bytes) -> float:
        return float(self.decode_frequency(valuestring) * self.field_boost)


class PackedCharacters(formats.Characters):  # type: ignore[misc]
    """``formats.Characters`` with (position delta, start delta from the previous end,
    length) triples packed (see the module docstring)."""

    def encode(self, poslist: Sequence[tuple[int, int, int]]) -> bytes:
        return encode_characters(poslist)

    def decode_characters(self, valuestring: bytes) -> list[tuple[int, int, int]]:
        codes = unpack(valuestring)
        out, position, endchar = [], 0, 0
        for i in range(0, len(codes), 3):
            position += codes[i]
            startchar = endchar + codes[i + 1]
            endchar = startchar + codes[i + 2]
            out.append((position, startchar, endchar))
        return out

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return [p for p, _, _ in self.decode_characters(valuestring)]

    def decode_frequency(self, valuestring: bytes) -> int:
        return _count(valuestring, 3)

    def decode_weight(self, valuestring: bytes) -> float:
        return float(self.decode_frequency(valuestring) * self.field_boost)


def encode_positions(poslist: Sequence[int]) -> bytes:
    deltas, base = [], 0
    for pos in poslist:
        deltas.append(pos - base)
        base = pos
    return pack(deltas)


def encode_characters(spans: Sequence[tuple[int, int, int]]) -> bytes:
    flat: list[int] = []
    posbase = charbase = 0
    for pos, start, end in spans:
        flat += (pos - posbase, start - charbase, end - start)
        posbase, charbase = pos, end
    return pack(flat)


def packed(fmt: Any) -> Any:
    """The packed counterpart of a Whoosh format (the format itself when it has none)."""
    kind = {formats.Characters: PackedCharacters, formats.Positions: PackedPositions}
    cls = kind.get(type(fmt))
    return cls(field_boost=fmt.field_boost) if cls is not None else fmt
