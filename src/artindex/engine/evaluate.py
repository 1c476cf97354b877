"""Term-at-a-time evaluation of a compiled query: every match and its score in one pass.

Whoosh scores document at a time, a few Python calls per candidate and per term; a Korean
query's bigrams make about a third of the index candidates. Here each segment's postings are
read as arrays (:mod:`.postings`) and each node of the query adds its scores into a dense
array over the segment's documents, with the same formulas as the Whoosh matchers it
replaces (``WordQuery``'s BM25F, Whoosh's BM25F for single terms, ``CoordOr``'s
coordination, unions and boosts; a ``ScoreOnly`` child of a union scores without matching),
so scores equal the old path's up to float rounding in the order of additions. Nodes it
does not know (phrases, syntax queries) are run by their own Whoosh matcher over the segment.
One pass gives the ranking, the exact total under a filter, the match set for facets and date
sorting, and scores for feedback's second pass.
"""

from __future__ import annotations

import contextlib
import mmap
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F

from .postings import Array, Segment, segment
from .readers import reader_key
from .scoring import CoordOr, MatchOnly, ScoreOnly, WordQuery, bm25_idf

# (scores, matched) over one segment's documents; None when nothing can match
Dense = tuple[Array, Array] | None


@dataclass(frozen=True, slots=True)
class Matches:
    """Every document a query matched (after the filter and deletions), with its score.

    ``docnums`` are the searcher's document numbers, ascending; ``scores`` line up."""

    docnums: Array
    scores: Array

    def __len__(self) -> int:
        return int(self.docnums.size)

    def docs(self) -> list[int]:
        """The matched document numbers, ascending."""
        return [int(d) for d in self.docnums.tolist()]

    def top(self, k: int) -> list[tuple[int, float]]:
        """The ``k`` best (docnum, score), by score descending then docnum ascending."""
        n = self.docnums.size
        if k <= 0 or n == 0:
            return []
        idx = np.arange(n)
        if k < n:  # keep the k best and every document tied with the k-th
            kth = np.partition(-self.scores, k - 1)[k - 1]
            idx = np.flatnonzero(-self.scores <= kth)
        order = idx[np.lexsort((self.docnums[idx], -self.scores[idx]))][:k]
        return [
            (int(d), float(s))
            for d, s in zip(self.docnums[order].tolist(), self.scores[order].tolist(), strict=True)
        ]

    def scores_at(self, docnums: Iterable[int]) -> dict[int, float]:
        """The score of each of ``docnums`` that matched."""
        wanted = np.fromiter(docnums, dtype=np.int64)
        if not self.docnums.size or not wanted.size:
            return {}
        pos = np.minimum(np.searchsorted(self.docnums, wanted), self.docnums.size - 1)
        found = self.docnums[pos] == wanted
        return {
            int(d): float(s)
            for d, s in zip(wanted[found].tolist(), self.scores[pos[found]].tolist(), strict=True)
        }


def run(searcher: Any, query: Any, restrict: Any = None) -> Matches:
    """Every document ``query`` matches on ``searcher`` among those the ``restrict`` query
    matches (None: all), scored as Whoosh's matchers score them."""
    _release_pages(searcher)
    allowed = _allowed(searcher, restrict)
    docnums: list[Array] = []
    scores: list[Array] = []
    leaves = [(sub, offset, segment(sub.reader())) for sub, offset in searcher.leaf_searchers()]
    segments = [seg for _, _, seg in leaves]
    for sub, offset, seg in leaves:
        dense = _Evaluator(searcher, sub, seg, segments).node(query)
        if dense is None:
            continue
        matched = dense[1] & seg.live
        if allowed is not None:
            matched = matched & allowed[offset : offset + seg.size]
        local = np.flatnonzero(matched)
        docnums.append(local + offset)
        scores.append(dense[0][local])
    if not docnums:
        return Matches(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))
    return Matches(np.concatenate(docnums).astype(np.int64), np.concatenate(scores))


RELEASE_EVERY = 64  # searches on one searcher between releases of its mapped pages
_runs: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()


def _release_pages(searcher: Any) -> None:
    """Every RELEASE_EVERY searches on a searcher, drop its memory-mapped segments' pages
    from this process (``madvise(MADV_DONTNEED)``: they stay in the page cache, and a later
    read maps them again at the cost of a minor fault). A mapped page a search touched
    otherwise counts as this process's resident memory for good, so a long-running searcher
    grew towards the size of the index. At 10,000 articles releasing after every search cost
    3 ms a query (every touched page faulted in again), after every 64th nothing measurable;
    reading the segments with file reads instead of mapping them held as little but cost
    5 ms a query."""
    reader = searcher.reader()
    count = _runs.get(reader, 0) + 1
    _runs[reader] = count % RELEASE_EVERY
    if count < RELEASE_EVERY:
        return
    for leaf, _ in reader.leaf_readers():
        storage = getattr(leaf, "_storage", None)
        for part in (storage, getattr(storage, "a", None), getattr(storage, "b", None)):
            source = getattr(part, "_source", None)  # a compound segment's map (overlaid)
            if isinstance(source, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
                with contextlib.suppress(OSError, ValueError):
                    source.madvise(mmap.MADV_DONTNEED)


def _allowed(searcher: Any, restrict: Any) -> Array | None:
    """The documents a filter lets through, as a mask; the last FILTER_MASKS filters of
    each reader (one generation, never changed) are kept, so paging or faceting a filtered
    search does not run the filter again."""
    if restrict is None:
        return None
    try:
        hash(restrict)
    except TypeError:
        return _mask(searcher, restrict)
    reader = searcher.reader()
    key = reader_key(reader) or reader  # shared by every searcher of the same segments
    with _masks_lock:
        masks = _masks.get(key)
        if masks is None:
            masks = _masks[key] = OrderedDict()
            while len(_masks) > MASKED_READERS:
                _masks.popitem(last=False)
        mask = masks.get(restrict)
        if mask is not None:
            masks.move_to_end(restrict)
            return mask
    mask = _mask(searcher, restrict)
    with _masks_lock:
        masks[restrict] = mask
        while len(masks) > FILTER_MASKS:
            masks.popitem(last=False)
    return mask


def _mask(searcher: Any, restrict: Any) -> Array:
    mask = np.zeros(int(searcher.doc_count_all()), dtype=bool)
    mask[np.fromiter(searcher.docs_for_query(restrict), dtype=np.int64)] = True
    mask.setflags(write=False)
    return mask


FILTER_MASKS = 32
MASKED_READERS = 8  # generations (segment sets) whose filter masks are kept
_masks: OrderedDict[Any, OrderedDict[Any, Array]] = OrderedDict()
_masks_lock = threading.Lock()


class _Evaluator:
    """Scores the nodes of one query on one segment (``sub``, a leaf of ``top``)."""

    def __init__(self, top: Any, sub: Any, seg: Segment, segments: Sequence[Segment]) -> None:
        self.top = top  # collection statistics come from the whole index, as in Whoosh
        self.sub = sub
        self.seg = seg
        self.segments = segments  # every segment of ``top``, ``seg`` among them

    def doc_frequency(self, fieldname: str, btext: bytes) -> int:
        """``top.doc_frequency``: postings in all segments, deleted documents included."""
        return sum(seg.doc_frequency(fieldname, btext) for seg in self.segments)

    def node(self, q: Any) -> Dense:
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return None
        if isinstance(q, CoordOr):
            return self.coord_or(q)
        if isinstance(q, WordQuery):
            return self.word(q)
        if isinstance(q, ScoreOnly):
            return self.node(q.child)
        if isinstance(q, MatchOnly):
            dense = self.node(q.child)
            return None if dense is None else (np.zeros(self.seg.size), dense[1])
        if type(q) is wq.Or and not q.minmatch and not q.scale:
            return self.union(q.subqueries, q.boost)
        if type(q) is wq.Term:
            return self.term(q)
        return self.fallback(q)

    def union(self, subs: Sequence[Any], boost: float) -> Dense:
        """Whoosh's OR: the sum of the children's scores, times the boost (which Whoosh
        drops for an OR of one child)."""
        return self._union([self.node(sub) for sub in subs], boost, subs)

    def _union(self, children: list[Dense], boost: float, subs: Sequence[Any]) -> Dense:
        if len(children) == 1:
            return children[0]
        scores = np.zeros(self.seg.size, dtype=np.float64)
        matched = np.zeros(self.seg.size, dtype=bool)
        for dense, sub in zip(children, subs, strict=True):
            if dense is not None:
                scores += dense[0]
                if not isinstance(sub, ScoreOnly):
                    matched |= dense[1]
        if not matched.any():
            return None
        if boost != 1.0:
            scores *= boost
        return scores, matched

    def coord_or(self, q: CoordOr) -> Dense:
        """The union scaled by ((1 + words matched) / (1 + words in the query)) ** coord.

        The first ``q.count`` children are the query's words (a word, or an OR of its
        synonyms); a word is matched where its child matched. That is what _CoordMatcher
        counts for words and one-word synonyms; for a synonym of several words it counts a
        phrase word its matcher happens to sit on, here the phrase must match."""
        children = [self.node(sub) for sub in q.subqueries]
        dense = self._union(children, q.boost, q.subqueries)
        if dense is None or len(children) == 1 or not (q.coord > 0 and q.count > 1):
            return dense
        scores, matched = dense
        count = np.zeros(self.seg.size, dtype=np.int64)
        for child in children[: q.count]:
            if child is not None:
                count += child[1]
        factors = np.array(
            [((1 + k) / (1 + q.count)) ** q.coord for k in range(q.count + 1)], dtype=np.float64
        )
        return scores * factors[count], matched

    def word(self, q: WordQuery) -> Dense:
        """BM25F over the word's fields, as ``_BM25FMatcher.score``."""
        top, df = self.top, 0
        leaves: list[tuple[str, Array, Array, float, float, float]] = []
        for fieldname, text, weight in q.terms:
            btext = WordQuery.schema_bytes(self.sub, fieldname, text)
            if btext is None:
                continue
            df = max(df, self.doc_frequency(fieldname, btext))
            ids, weights = self.seg.postings(fieldname, btext)
            if not ids.size:
                continue
            weights = weights.astype(np.float64)  # kept as float32 (Whoosh's own), scored as f64
            b = q.b.get(fieldname, 0.0)
            avg = top.avg_field_length(fieldname) or 1.0
            leaves.append((fieldname, ids, weights, weight, b, avg))
        if not leaves:
            return None
        idf = bm25_idf(top.doc_count_all(), df) * q.boost
        tf = np.zeros(self.seg.size, dtype=np.float64)
        matched = np.zeros(self.seg.size, dtype=bool)
        for fieldname, ids, weights, weight, b, avg in leaves:
            norm = 1.0 - b + b * self.seg.lengths(fieldname, ids) / avg
            tf[ids] += weight * weights / norm
            matched[ids] = True
        k1 = q.k1
        return idf * tf * (k1 + 1.0) / (k1 + tf), matched

    def term(self, q: Any) -> Dense:
        """One term scored by the searcher's weighting (Whoosh's BM25F: see
        ``BM25FScorer``; a field without lengths scores its weight), times its boost."""
        fieldname = q.fieldname
        weighting = self.sub.weighting
        if not isinstance(weighting, BM25F):
            return self.fallback(q)
        btext = WordQuery.schema_bytes(self.sub, fieldname, q.text)
        if btext is None:
            return None
        ids, weights = self.seg.postings(fieldname, btext)
        if not ids.size:
            return None
        values = weights = weights.astype(np.float64)
        if self.sub.schema[fieldname].scorable:
            idf = self.top.idf(fieldname, btext)
            avgfl = self.top.avg_field_length(fieldname) or 1
            k1, b = weighting.K1, weighting._field_B.get(fieldname, weighting.B)
            fl = self.seg.lengths(fieldname, ids)
            values = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * fl / avgfl)))
        scores = np.zeros(self.seg.size, dtype=np.float64)
        matched = np.zeros(self.seg.size, dtype=bool)
        scores[ids] = values * q.boost if q.boost != 1.0 else values
        matched[ids] = True
        return scores, matched

    def fallback(self, q: Any) -> Dense:
        """Any other node: its own Whoosh matcher, walked over the whole segment."""
        matcher = q.matcher(self.sub)
        if not matcher.is_active():
            return None
        scores = np.zeros(self.seg.size, dtype=np.float64)
        matched = np.zeros(self.seg.size, dtype=bool)
        while matcher.is_active():
            docnum = matcher.id()
            scores[docnum] = matcher.score()
            matched[docnum] = True
            matcher.next()
        return scores, matched
