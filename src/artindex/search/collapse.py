"""Near-duplicate collapsing: one wire story on several sites shows once.

Going down the ranking, a document whose body fingerprint (64-bit SimHash, see
``normalize.simhash``) is within ``distance`` bits of a better-ranked kept document joins that
one's duplicates instead of taking a place of its own. Whether a document is kept depends only
on the documents ranked above it, so pages cut from the collapsed list are stable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


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
