"""A small in-memory BM25 (Lucene idf) over pre-tokenized documents, scored with numpy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np


class BM25:
    """Okapi BM25 with ``idf = ln(1 + (N - df + 0.5) / (df + 0.5))``.

    Per-posting weights are precomputed at build time, so a query is one scatter-add per term.
    A query term counts once per occurrence in the query.
    """

    def __init__(self, docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.n_docs = len(docs)
        lengths = np.array([len(d) for d in docs], dtype=np.float64)
        avgdl = float(lengths.mean()) if self.n_docs and lengths.mean() > 0 else 1.0
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                ids, tfs = postings.setdefault(term, ([], []))
                ids.append(i)
                tfs.append(tf)
        norm = k1 * (1.0 - b + b * lengths / avgdl)
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, (ids, tfs) in postings.items():
            idx = np.array(ids, dtype=np.int64)
            tf = np.array(tfs, dtype=np.float64)
            df = len(ids)
            idf = np.log1p((self.n_docs - df + 0.5) / (df + 0.5))
            self._postings[term] = (idx, idf * tf * (k1 + 1.0) / (tf + norm[idx]))

    def search(self, query: Sequence[str], limit: int) -> list[tuple[int, float]]:
        """The top ``limit`` (doc index, score) pairs with a positive score, best first."""
        scores = np.zeros(self.n_docs, dtype=np.float64)
        for term, qtf in Counter(query).items():
            posting = self._postings.get(term)
            if posting is not None:
                scores[posting[0]] += qtf * posting[1]
        hit = np.flatnonzero(scores > 0)
        if hit.size > limit:
            hit = hit[np.argpartition(-scores[hit], limit - 1)[:limit]]
        order = hit[np.lexsort((hit, -scores[hit]))]
        return [(int(i), float(scores[i])) for i in order]
