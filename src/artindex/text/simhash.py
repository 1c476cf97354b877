"""Near-duplicate fingerprints: 64-bit SimHash over character shingles, Hamming distance."""

from __future__ import annotations

from typing import Any

from .clean import collapse

__all__ = ["hamming", "simhash"]


def simhash(text: str) -> str:
    """64-bit SimHash over character 3-shingles of the whitespace-collapsed, lower-cased text.

    Each distinct shingle (its three code points packed into one integer) is hashed by the
    SplitMix64 finaliser, all at once in numpy: hashing shingles one by one in Python cost a
    build more time than Whoosh's posting writer."""
    import numpy as np  # here, not at the top: the search side imports this module too

    text = collapse(text).lower()
    if not text:
        return "0" * 16
    points = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    if len(points) < 3:  # one shingle, the whole text, padded with code point 0
        points = np.concatenate([points, np.zeros(3 - len(points), dtype=np.uint64)])
    # Code points fit in 21 bits, so three of them pack into one 63-bit key.
    keys = (points[:-2] << np.uint64(42)) | (points[1:-1] << np.uint64(21)) | points[2:]
    keys, weights = np.unique(keys, return_counts=True)
    hashes = _splitmix64(keys)
    # Bit k of the fingerprint is bit k of the hashes: set where the shingles having that bit
    # outweigh half of all shingles.
    bits = np.unpackbits(
        hashes.astype("<u8").view(np.uint8).reshape(-1, 8), axis=1, bitorder="little"
    )
    totals = weights.astype(np.int64) @ bits
    value = 0
    for k in np.flatnonzero(totals * 2 > int(weights.sum())):
        value |= 1 << int(k)
    return f"{value:016x}"


def _splitmix64(keys: Any) -> Any:
    """SplitMix64's finaliser over a uint64 array (arithmetic wraps modulo 2**64)."""
    import numpy as np

    z = keys + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex fingerprints."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
