"""Ranking metrics over one query: a ranked list of doc ids and the set of relevant ids.

All are binary-relevance metrics; averages over queries are plain means (a query with no results
scores 0).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence, Set

Metric = Callable[[Sequence[str], Set[str]], float]


def reciprocal_rank(ranking: Sequence[str], relevant: Set[str], k: int = 10) -> float:
    """1 / rank of the first relevant doc within the top ``k``, else 0."""
    for rank, doc_id in enumerate(ranking[:k], 1):
        if doc_id in relevant:
            return 1.0 / rank
    return 0.0


def recall_at(ranking: Sequence[str], relevant: Set[str], k: int) -> float:
    """Share of the relevant docs found in the top ``k``."""
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def ndcg_at(ranking: Sequence[str], relevant: Set[str], k: int = 10) -> float:
    """Binary nDCG@k: gain 1 per relevant doc, discount log2(rank + 1); ideal = relevant first."""
    dcg = sum(1.0 / math.log2(r + 1) for r, d in enumerate(ranking[:k], 1) if d in relevant)
    ideal = sum(1.0 / math.log2(r + 1) for r in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal if ideal else 0.0


def average_precision(ranking: Sequence[str], relevant: Set[str], k: int = 1000) -> float:
    """AP over the top ``k``: mean of precision at each relevant hit, divided by all relevant docs
    (relevant docs not retrieved count as precision 0)."""
    if not relevant:
        return 0.0
    hits = 0
    total = 0.0
    for rank, doc_id in enumerate(ranking[:k], 1):
        if doc_id in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant)


METRICS: dict[str, Metric] = {
    "MRR@10": lambda r, rel: reciprocal_rank(r, rel, 10),
    "R@1": lambda r, rel: recall_at(r, rel, 1),
    "R@10": lambda r, rel: recall_at(r, rel, 10),
    "R@100": lambda r, rel: recall_at(r, rel, 100),
    "nDCG@10": lambda r, rel: ndcg_at(r, rel, 10),
    "MAP": lambda r, rel: average_precision(r, rel, 1000),
}


def mean_metric(
    name: str, runs: dict[str, Sequence[str]], qrels: dict[str, set[str]], qids: Sequence[str]
) -> float:
    """Mean of metric ``name`` over ``qids``; a query missing from ``runs`` scores 0."""
    if not qids:
        return 0.0
    metric = METRICS[name]
    return sum(metric(runs.get(q, ()), qrels[q]) for q in qids) / len(qids)
