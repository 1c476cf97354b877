"""The evaluation metrics in scripts/evallib agree with hand-computed values on tiny rankings."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from evallib.metrics import (
    average_precision,
    mean_metric,
    ndcg_at,
    recall_at,
    reciprocal_rank,
)


@pytest.mark.parametrize(
    ("ranking", "relevant", "k", "expected"),
    [
        (["a", "b", "c"], {"a"}, 10, 1.0),
        (["x", "y", "a"], {"a"}, 10, 1 / 3),
        (["x", "a", "b"], {"a", "b"}, 10, 1 / 2),  # only the first relevant counts
        (["x", "y", "a"], {"a"}, 2, 0.0),  # beyond the cut-off
        ([], {"a"}, 10, 0.0),
    ],
)
def test_reciprocal_rank_is_one_over_first_relevant_rank(ranking, relevant, k, expected):
    """Reciprocal rank is 1 over the rank of the first relevant doc within k, else 0."""
    assert reciprocal_rank(ranking, relevant, k) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("ranking", "relevant", "k", "expected"),
    [
        (["a", "b"], {"a"}, 1, 1.0),
        (["b", "a"], {"a"}, 1, 0.0),
        (["b", "a"], {"a"}, 2, 1.0),
        (["a", "x", "y", "b"], {"a", "b", "c"}, 3, 1 / 3),
        (["a", "x", "y", "b"], {"a", "b", "c"}, 10, 2 / 3),
        (["a"], set(), 10, 0.0),
    ],
)
def test_recall_counts_relevant_docs_in_the_top_k(ranking, relevant, k, expected):
    """Recall@k is the share of relevant docs found in the top k."""
    assert recall_at(ranking, relevant, k) == pytest.approx(expected)


def test_ndcg_of_an_ideal_ranking_is_one():
    """nDCG of a ranking with every relevant doc first is 1."""
    assert ndcg_at(["a", "b", "x"], {"a", "b"}, 10) == pytest.approx(1.0)


def test_ndcg_by_hand_with_relevant_docs_at_ranks_two_and_three():
    # DCG = 1/log2(3) + 1/log2(4); ideal = 1/log2(2) + 1/log2(3)
    """nDCG with relevant docs at ranks 2 and 3 equals the value worked out by hand."""
    expected = (1 / math.log2(3) + 0.5) / (1 + 1 / math.log2(3))
    assert ndcg_at(["x", "a", "b"], {"a", "b"}, 10) == pytest.approx(expected)


def test_ndcg_ideal_is_capped_at_k_relevant_docs():
    # 3 relevant docs, k = 2: the ideal counts only two; ranking hits rank 1 only.
    """The ideal DCG counts at most k relevant docs."""
    assert ndcg_at(["a", "x"], {"a", "b", "c"}, 2) == pytest.approx(1 / (1 + 1 / math.log2(3)))


def test_ndcg_with_nothing_relevant_retrieved_is_zero():
    """nDCG is 0 when no relevant doc is retrieved."""
    assert ndcg_at(["x", "y"], {"a"}, 10) == 0.0


def test_average_precision_by_hand():
    # relevant at ranks 1 and 3 of 3 relevant docs: (1/1 + 2/3) / 3
    """Average precision equals the value worked out by hand, over all relevant docs."""
    assert average_precision(["a", "x", "b", "y"], {"a", "b", "c"}) == pytest.approx(
        (1 + 2 / 3) / 3
    )


def test_average_precision_ignores_hits_beyond_the_cut_off():
    """Average precision counts no relevant doc ranked beyond the cut-off k."""
    assert average_precision(["x", "a"], {"a"}, k=1) == 0.0
    assert average_precision(["x", "a"], {"a"}, k=2) == pytest.approx(0.5)


def test_mean_metric_scores_a_missing_query_as_zero():
    """A query with no run counts as 0 in the mean of a metric."""
    runs = {"q1": ["a"], "q2": ["x", "b"]}
    qrels = {"q1": {"a"}, "q2": {"b"}, "q3": {"c"}}
    assert mean_metric("MRR@10", runs, qrels, ["q1", "q2", "q3"]) == pytest.approx(
        (1 + 0.5 + 0) / 3
    )


def test_bm25_score_matches_the_formula_by_hand():
    """The reference BM25 scores and orders docs as the formula computed by hand."""
    from evallib.bm25 import BM25

    docs = [["a", "b"], ["a", "a", "c", "d"], ["e"]]
    engine = BM25(docs, k1=1.2, b=0.75)
    avgdl = 7 / 3
    idf_a = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))

    def part(tf: int, dl: int) -> float:
        return idf_a * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * dl / avgdl))

    expected = {0: part(1, 2), 1: part(2, 4)}
    ranked = engine.search(["a"], limit=10)
    assert [i for i, _ in ranked] == sorted(expected, key=lambda i: -expected[i])
    assert dict(ranked) == pytest.approx(expected)


def test_bm25_returns_only_matching_docs_up_to_the_limit():
    """The reference BM25 returns only docs with a query word, at most `limit` of them."""
    from evallib.bm25 import BM25

    engine = BM25([["x"], ["y"], ["x", "y"]])
    assert len(engine.search(["x", "y"], limit=2)) == 2
    assert engine.search(["z"], limit=10) == []


def test_rrf_sums_reciprocal_ranks():
    """Reciprocal rank fusion orders docs by their summed reciprocal ranks."""
    from evallib.baselines import rrf

    fused = rrf([{"q": ["a", "b"]}, {"q": ["b", "c"]}], limit=10, k=60)
    assert fused["q"] == ["b", "a", "c"]


DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.skipif(not (DATA / "cranfield").is_dir(), reason="evaluation data not present")
def test_cranfield_judgments_number_queries_by_position_not_label():
    """Cranfield queries are numbered by position in cran.qry, as its judgments number them."""
    from evallib.data import load_cranfield

    coll = load_cranfield(DATA)
    assert len(coll.docs) == 1400
    assert len(coll.queries) == 225
    # qrels query 3 is the third query in cran.qry, the one labelled ".I 004"
    third = coll.queries[2]
    assert third.id == "3"
    assert third.text.startswith("what problems of heat conduction in composite slabs")


@pytest.mark.skipif(not (DATA / "korquad-v1-dev").is_dir(), reason="evaluation data not present")
def test_korquad_has_964_paragraphs_and_5774_judged_questions():
    """KorQuAD dev loads as 964 paragraphs and 5774 questions, each judged."""
    from evallib.data import load_korquad

    coll = load_korquad(DATA)
    assert len(coll.docs) == 964
    assert len(coll.queries) == 5774
    assert all(coll.qrels[q.id] for q in coll.queries)
