"""Pseudo-relevance feedback: words common in the first pass's top documents join the query.

A relevance model (RM3-style): each top document votes for its words in proportion to its share
of the top scores and the word's share of the document, ``P(w|R) = sum_d s_d/S * c(w,d)/|d|``.
Words in most of the collection carry no topic and are skipped; the best ``terms`` of the rest
are added, together weighing ``weight`` times the original query.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FeedbackDoc:
    score: float
    terms: str  # "word count word count ..." as stored at index time


def parse_terms(terms: str) -> dict[str, int]:
    parts = terms.split(" ")
    out: dict[str, int] = {}
    for i in range(0, len(parts) - 1, 2):
        try:
            out[parts[i]] = int(parts[i + 1])
        except ValueError:
            continue
    return out


def expansion_terms(
    docs: Iterable[FeedbackDoc],
    *,
    exclude: set[str],
    doc_count: int,
    doc_frequency: Callable[[str], int],
    count: int,
    max_df: float = 0.1,
) -> list[tuple[str, float]]:
    """Up to ``count`` (word, P(w|R)) pairs, best first, with P normalized to sum to 1."""
    docs = [d for d in docs if d.score > 0]
    total = sum(d.score for d in docs)
    if not docs or total <= 0:
        return []
    relevance: dict[str, float] = {}
    for doc in docs:
        counts = parse_terms(doc.terms)
        length = sum(counts.values())
        if not length:
            continue
        share = doc.score / total
        for term, c in counts.items():
            relevance[term] = relevance.get(term, 0.0) + share * c / length
    ranked = sorted(relevance.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen: list[tuple[str, float]] = []
    limit = max(1, math.floor(max_df * doc_count))
    for term, p in ranked:
        if term in exclude or (len(term) < 2 and term.isascii()):
            continue
        if doc_frequency(term) > limit:
            continue
        chosen.append((term, p))
        if len(chosen) == count:
            break
    mass = sum(p for _, p in chosen)
    return [(t, p / mass) for t, p in chosen] if mass > 0 else []
