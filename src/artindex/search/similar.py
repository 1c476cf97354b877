"""Related articles: a query made of an article's most distinctive words.

An article's title and body word counts are stored at index time (``terms``), so no text is
re-analyzed: each word is weighed by ``(1 + log tf) * idf`` and the best :data:`TERMS` (those in
at least two articles and in at most :data:`MAX_DF` of them, or 5 in a small index) form a
weighted OR query over the title and body. The article itself and its near-duplicates (SimHash
fingerprints within :data:`NEAR_DUPLICATE_BITS` bits: the same story again, not a related one)
are left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..analysis.morphology import ENGLISH_STOPWORDS, QUESTION_WORDS
from ..engine import queries
from ..text.simhash import hamming, simhash
from .feedback import parse_terms

if TYPE_CHECKING:
    from ..engine.view import Query, Schema

TERMS = 25
MAX_DF = 0.1
MIN_DF_LIMIT = 5  # a small index keeps words in up to this many articles
NEAR_DUPLICATE_BITS = 3
TITLE_WEIGHT = 1.5
_SKIP = ENGLISH_STOPWORDS | QUESTION_WORDS


def distinctive_terms(
    terms: str,
    *,
    doc_count: int,
    doc_frequency: Callable[[str], int],
    count: int = TERMS,
    max_df: float = MAX_DF,
) -> list[tuple[str, float]]:
    """Up to ``count`` (word, weight) pairs of a stored ``terms`` string, best first."""
    limit = max(MIN_DF_LIMIT, math.floor(max_df * doc_count))
    scored: list[tuple[str, float]] = []
    for term, tf in parse_terms(terms).items():
        if term in _SKIP or len(term) < 2 or term.isdigit():
            continue
        df = doc_frequency(term)
        if df < 2 or df > limit:
            continue
        idf = math.log(1 + (doc_count - df + 0.5) / (df + 0.5))
        scored.append((term, (1 + math.log(tf)) * idf))
    scored.sort(key=lambda tw: (-tw[1], tw[0]))
    return scored[:count]


def similar_query(weighted: list[tuple[str, float]], schema: Schema) -> Query:
    """A weighted OR over the body (and title, if indexed) of each word."""
    if not weighted:
        return queries.NOTHING
    top = weighted[0][1]
    terms: list[tuple[str, str, float]] = []
    for term, weight in weighted:
        boost = weight / top
        terms.append(("body", term, boost))
        if "title" in schema:
            terms.append(("title", term, boost * TITLE_WEIGHT))
    return queries.weighted_terms(terms)


def fingerprint(stored: dict[str, Any]) -> str:
    """A document's stored fingerprint, or one computed from its stored body if it has none."""
    value = str((stored.get("meta") or {}).get("fingerprint") or "")
    return value or (simhash(stored["body"]) if stored.get("body") else "")


def same_story(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two documents' stored fields are near-duplicates: bodies of about the same length
    (within a quarter: cheap, and SimHash of very unequal texts is never close) and close
    fingerprints."""
    la, lb = len(a.get("body") or ""), len(b.get("body") or "")
    if min(la, lb) < 0.75 * max(la, lb):
        return False
    return is_near_duplicate(fingerprint(a), fingerprint(b))


def is_near_duplicate(a: str, b: str, bits: int = NEAR_DUPLICATE_BITS) -> bool:
    """True if two fingerprints are within ``bits`` bits (empty fingerprints never are)."""
    if not a or not b:
        return False
    try:
        return hamming(a, b) <= bits
    except ValueError:
        return False
