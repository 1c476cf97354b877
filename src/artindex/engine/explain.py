"""A hit's score broken into parts that add up to it (``explain=True``, ``--explain``).

For a plain-words query each word is scored again on its own, split over the fields it
matched in by each field's share of the word's weighted term frequency (BM25F saturates the
combined frequency once); then the bigram and proximity parts; ``coordination`` is what the
share of query words matched took off their sum; ``feedback`` and ``recency`` are what the
second pass and the recency boost added. Other queries list each top-level clause.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from whoosh import query as wq

from .schema import BIGRAM_FIELD
from .scoring import CoordOr, MatchOnly, Paraphrase, ScoreOnly, WordQuery, scores_at


def explain_parts(
    searcher: Any,
    query: Any,
    docnum: int,
    base: float,
    feedback: float,
    recency: float,
    score_of: Callable[[Any, int], float] | None = None,
) -> list[tuple[str, float]]:
    """(part, score) pairs; they sum to ``base + feedback + recency``. ``score_of(clause,
    docnum)`` scores one clause (default: its Whoosh matcher, one document at a time)."""
    children = list(query.subqueries) if isinstance(query, wq.CompoundQuery) else [query]
    parts: list[tuple[str, float]] = []
    for child in children:
        score = score_of(child, docnum) if score_of else _score(searcher, child, docnum)
        if score == 0.0:
            continue
        if isinstance(child, WordQuery):
            parts.extend(_word_parts(searcher, child, docnum, score))
        elif _expanded(child):
            for sub in child.subqueries:
                sub_score = score_of(sub, docnum) if score_of else _score(searcher, sub, docnum)
                if sub_score:
                    parts.extend(_word_parts(searcher, sub, docnum, sub_score * child.boost))
        else:
            parts.append((_label(child), score))
    rest = base - sum(s for _, s in parts)
    if abs(rest) > 1e-9:
        parts.append(("coordination" if isinstance(query, CoordOr) else "other", rest))
    if abs(feedback) > 1e-9:
        parts.append(("feedback", feedback))
    if recency:
        parts.append(("recency", recency))
    return parts


def _expanded(query: Any) -> bool:
    """A query word OR'ed with its paraphrases (``search/expand.py``)."""
    return (
        type(query) is wq.Or
        and all(isinstance(q, WordQuery) for q in query.subqueries)
        and any(isinstance(q, Paraphrase) for q in query.subqueries)
    )


def _score(searcher: Any, query: Any, docnum: int) -> float:
    for _, score in scores_at(query.matcher(searcher), [docnum]):
        return score
    return 0.0


def _word_parts(
    searcher: Any, word: WordQuery, docnum: int, score: float
) -> list[tuple[str, float]]:
    """Split one word's score over its fields by weighted term frequency."""
    reader = searcher.reader()
    shares: list[tuple[str, float]] = []
    for fieldname, text, weight in word.terms:
        btext = WordQuery.schema_bytes(searcher, fieldname, text)
        if btext is None or (fieldname, btext) not in reader:
            continue
        postings = reader.postings(fieldname, btext)
        postings.skip_to(docnum)
        if not (postings.is_active() and postings.id() == docnum):
            continue
        b = word.b.get(fieldname, 0.0)
        avg = searcher.avg_field_length(fieldname) or 1.0
        norm = 1.0 - b + b * reader.doc_field_length(docnum, fieldname, 1) / avg
        shares.append((f"{text} in {fieldname}", weight * postings.weight() / norm))
    total = sum(s for _, s in shares)
    if isinstance(word, Paraphrase):  # 알츠하이머 in body (paraphrase of 치매)
        shares = [(f"{label} (paraphrase of {word.of})", share) for label, share in shares]
    if not shares or total <= 0:
        return [(word.terms[0][1], score)]
    return [(label, score * share / total) for label, share in shares]


def _label(query: Any) -> str:
    if isinstance(query, (ScoreOnly, MatchOnly)):
        query = query.child
    if isinstance(query, wq.Or) and query.subqueries:
        if all(isinstance(q, wq.Term) and q.fieldname == BIGRAM_FIELD for q in query.subqueries):
            return "bigrams"
        if all(isinstance(q, wq.Phrase) for q in query.subqueries):
            return "proximity"
        terms = [q for q in query.subqueries if isinstance(q, wq.Term)]
        if terms and len(terms) == len(query.subqueries):
            return " / ".join(f"{t.text} in {t.fieldname}" for t in terms)
    return str(query)
