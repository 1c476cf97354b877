"""Near-duplicate collapsing: one wire story on several sites shows once.

Going down the ranking, a document whose body fingerprint (64-bit SimHash, see
``text.simhash.simhash``) is within ``distance`` bits of a better-ranked kept document joins that
one's duplicates instead of taking a place of its own. Whether a document is kept depends only
on the documents ranked above it, so pages cut from the collapsed list are stable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

VECTOR_FROM = 512  # ranked documents from which each is compared with numpy (exports, trends)


@dataclass(slots=True)
class Group:
    """A kept document (its ranking entry) and the near-duplicates ranked below it."""

    docnum: int
    score: float
    duplicates: list[int] = field(default_factory=list)


def collapse(
    ranked: Sequence[tuple[int, float]],
    fingerprints: Sequence[int | None],
    distance: int,
) -> list[Group]:
    """Groups in ranking order. A document without a fingerprint is never collapsed."""
    if len(ranked) > VECTOR_FROM:
        return _collapse_many(ranked, fingerprints, distance)
    groups: list[Group] = []
    kept: list[tuple[int, Group]] = []  # (fingerprint, group)
    for docnum, score in ranked:
        fp = fingerprints[docnum]
        if not fp:
            groups.append(Group(docnum, score))
            continue
        for other, group in kept:
            if (fp ^ other).bit_count() <= distance:
                group.duplicates.append(docnum)
                break
        else:
            group = Group(docnum, score)
            kept.append((fp, group))
            groups.append(group)
    return groups


def _collapse_many(
    ranked: Sequence[tuple[int, float]],
    fingerprints: Sequence[int | None],
    distance: int,
) -> list[Group]:
    """:func:`collapse` for a long ranking (a whole match set): each document is compared with
    every kept fingerprint at once, joining the first (best-ranked) one within ``distance``,
    so it takes seconds fewer than pairwise Python comparisons on thousands of hits."""
    import numpy as np

    groups: list[Group] = []
    kept: list[Group] = []
    prints = np.zeros(len(ranked), dtype=np.uint64)
    for docnum, score in ranked:
        fp = fingerprints[docnum]
        if not fp:
            groups.append(Group(docnum, score))
            continue
        if kept:
            near = np.flatnonzero(np.bitwise_count(prints[: len(kept)] ^ np.uint64(fp)) <= distance)
            if near.size:
                kept[int(near[0])].duplicates.append(docnum)
                continue
        group = Group(docnum, score)
        prints[len(kept)] = fp
        kept.append(group)
        groups.append(group)
    return groups
