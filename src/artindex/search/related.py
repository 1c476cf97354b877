"""Related words of a query: nouns over-represented in its best hits compared with the whole
archive (the "significant terms" idea).

Each candidate is scored by JLH, the measure Elasticsearch's significant-terms aggregation uses
by default: with ``fg`` the share of the query's top hits holding the word and ``bg`` the
share of the whole index, ``score = (fg - bg) * fg / bg``. It rewards words both frequent in
the hits and rare elsewhere, so ``기자`` or ``지난해`` (in every article) score near zero while
the words of the story rise. Words are read from the ``terms`` each document stores at index
time (no re-analysis); only nouns (Kiwi's NNG, NNP and Hanja, at least two characters) are
kept, as a journalist expects of related words. Latin words are left out: they are indexed
stemmed (``compani``), so neither their part of speech nor their spelling is known.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..analysis.morphology import ENGLISH_STOPWORDS, QUESTION_WORDS, morphemes

NOUN_TAGS = frozenset({"NNG", "NNP", "SH"})  # Latin words are indexed stemmed: no POS
PREDICATE_TAGS = frozenset({"VV", "VA", "XSA"})  # in ``term + 다``: a stem, not a noun
DEFAULT_DOCS = 200  # best hits read


@dataclass(frozen=True, slots=True)
class RelatedTerm:
    """A word, its JLH score, how many of the hits read hold it and how many articles of the
    whole index do."""

    term: str
    score: float
    docs: int
    df: int

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "score": round(self.score, 4), "docs": self.docs, "df": self.df}


@dataclass(frozen=True, slots=True)
class Related:
    """The related words of ``query``, best first; ``docs`` hits of ``total`` were read."""

    query: str
    terms: tuple[RelatedTerm, ...]
    docs: int
    total: int
    took_ms: float = 0.0

    def __iter__(self) -> Any:
        return iter(self.terms)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "docs": self.docs,
            "took_ms": round(self.took_ms, 3),
            "terms": [t.to_dict() for t in self.terms],
        }


def doc_terms(stored: str) -> set[str]:
    """The words of a document's stored ``"word count word count"`` string."""
    parts = stored.split()
    return set(parts[0::2])


def jlh(fg: int, fg_size: int, bg: int, bg_size: int) -> float:
    """JLH significance of a word in ``fg`` of ``fg_size`` hits and ``bg`` of ``bg_size``
    articles (0 when it is no more common in the hits than in the archive)."""
    if fg_size <= 0 or bg_size <= 0:
        return 0.0
    fg_share = fg / fg_size
    bg_share = max(bg, fg) / bg_size
    if fg_share <= bg_share:
        return 0.0
    return (fg_share - bg_share) * fg_share / bg_share


def significant(
    docs: Iterable[str],
    *,
    doc_count: int,
    doc_frequency: Callable[[str], int],
    exclude: Iterable[str] = (),
    keep: Callable[[str], bool] = lambda term: True,
    limit: int = 20,
) -> list[RelatedTerm]:
    """The ``limit`` words of the stored term strings ``docs`` that score highest by
    :func:`jlh` against the archive, among those ``keep`` accepts. A word must be in two or
    more of the hits when there are two or more (one hit's oddities are no pattern).

    Words are scored from the most frequent in the hits down, and the walk stops once no
    rarer word can beat the ``limit``-th kept score: a word in ``fg`` of ``n`` hits scores
    below ``fg * doc_count / n**2`` (its archive share is at least ``fg / doc_count``), so the
    archive's document frequencies, the costly part, are looked up for a few hundred words
    rather than every word of the hits."""
    counts: Counter[str] = Counter()
    size = 0
    for stored in docs:
        size += 1
        counts.update(doc_terms(stored))
    floor = 2 if size >= 2 else 1
    skip = {w.lower() for w in exclude} | ENGLISH_STOPWORDS | QUESTION_WORDS
    candidates = sorted(
        (fg, term)
        for term, fg in counts.items()
        if fg >= floor and term not in skip and _candidate(term)
    )[::-1]
    top: list[tuple[float, str, RelatedTerm]] = []  # a min-heap of the best kept words
    for fg, term in candidates:
        if len(top) == limit and fg * doc_count / size**2 <= top[0][0]:
            break  # no rarer word can beat the limit-th kept score
        df = doc_frequency(term)
        score = jlh(fg, size, df, doc_count)
        if score <= 0 or (len(top) == limit and (score, term) <= top[0][:2]):
            continue
        if keep(term):  # asked only of words that would enter the list
            item = (score, term, RelatedTerm(term, score, fg, max(df, fg)))
            if len(top) < limit:
                heapq.heappush(top, item)
            else:
                heapq.heapreplace(top, item)
    return [item for _, _, item in sorted(top, key=lambda e: (-e[0], e[1]))]


def _candidate(term: str) -> bool:
    """Cheap checks before asking Kiwi: two characters or more, not starting with a digit."""
    return len(term) >= 2 and not term[0].isdigit()


@lru_cache(maxsize=65536)
def is_noun(term: str, user_dictionary: str = "") -> bool:
    """Whether Kiwi reads ``term`` on its own as one noun (or Hanja), and not, with ``다``
    after it, as a verb or adjective stem (``강하`` of 강하다 alone reads as the noun 강하,
    descent) or an adjective's root (``필요`` of 필요하다)."""
    found = [m for m in morphemes(term, user_dictionary) if m.start < m.end]
    if not (len(found) == 1 and found[0].tag in NOUN_TAGS and found[0].form.lower() == term):
        return False
    predicate = morphemes(term + "다", user_dictionary)
    return not any(m.tag in PREDICATE_TAGS for m in predicate)
