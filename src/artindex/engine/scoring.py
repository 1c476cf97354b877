"""artindex's scoring inside Whoosh: BM25F proper over a word's fields (:class:`WordQuery`), a
coordination factor over the query's words (:class:`CoordOr`), Whoosh's per-field BM25 for the
rest (:func:`weighting`), parts of an OR that only rank or only match (:class:`ScoreOnly`,
:class:`MatchOnly`), and scores at given documents (:func:`scores_at`)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from whoosh import matching, scoring
from whoosh import query as wq

from ..settings import Settings


def weighting(settings: Settings) -> Any:
    """Whoosh's per-field BM25 for what :class:`WordQuery` does not score: bigrams, phrases
    and parsed queries (all of them with ``field_scoring: whoosh``)."""
    k1 = settings.bigram_k1 if settings.field_scoring == "bm25f" else settings.bm25_k1
    return scoring.BM25F(
        B=settings.body_b, K1=k1, title_B=settings.title_b, byline_B=0.0, tags_B=0.0
    )


class CoordOr(wq.Or):  # type: ignore[misc]
    """An OR whose score is scaled by the share of the query's words a document matches."""

    def __init__(
        self,
        subqueries: list[Any],
        concepts: dict[tuple[str, str], int],
        count: int,
        coord: float,
        boost: float = 1.0,
    ) -> None:
        super().__init__(subqueries, boost=boost)
        self.concepts = concepts
        self.count = count
        self.coord = coord

    def normalize(self) -> CoordOr:
        return self

    def _matcher(self, subs: list[Any], searcher: Any, context: Any) -> Any:
        reader = searcher.reader()
        if context is not None and self.coord > 0 and self.count > 1:
            # Counting matched words needs live term matchers, not Whoosh's preloaded arrays.
            context = context.set(needs_current=True)
        m = self._tree_matcher(
            subs, matching.UnionMatcher, searcher, context, lambda q: q.estimate_size(reader)
        )
        if self.coord > 0 and self.count > 1:
            leaves = []
            for leaf in m.term_matchers():
                fieldname, text = leaf.term()
                key = (fieldname, text.decode("utf-8") if isinstance(text, bytes) else text)
                if key in self.concepts:
                    leaves.append((leaf, self.concepts[key]))
            m = _CoordMatcher(m, leaves, self.count, self.coord)
        return m


class _CoordMatcher(matching.WrappingMatcher):  # type: ignore[misc]
    """Scales the child's score by ((1 + words matched) / (1 + words in the query)) ** coord.

    It holds the tree's term matchers (leaves) with the query word each belongs to. The leaves
    are shared by every union above them and always sit at or after the current document, so a
    leaf whose id is the current document is a matching word: no walk of the tree is needed.
    """

    def __init__(self, child: Any, leaves: list[tuple[Any, int]], count: int, coord: float):
        super().__init__(child)
        self._leaves = leaves
        self._count = count
        self._coord = coord

    def _replacement(self, newchild: Any) -> Any:
        return _CoordMatcher(newchild, self._leaves, self._count, self._coord)

    def score(self) -> float:
        doc = self.child.id()
        matched = {word for leaf, word in self._leaves if leaf.is_active() and leaf.id() == doc}
        factor: float = ((1 + len(matched)) / (1 + self._count)) ** self._coord
        return float(self.child.score()) * factor


class ScoreOnly(wq.WrappingQuery):  # type: ignore[misc]
    """A part of an OR that adds its score to the documents its siblings match but matches
    none itself (Hangul bigrams rank compounds; they do not decide what matches). Alone, it
    matches where its child does (so a clause can be scored on its own, for ``--explain``)."""

    def normalize(self) -> ScoreOnly:
        return ScoreOnly(self.child.normalize())


class MatchOnly(wq.WrappingQuery):  # type: ignore[misc]
    """Matches where its child matches, with score 0 (compound parts: they let a document
    in; the bigrams rank it)."""

    def normalize(self) -> MatchOnly:
        return MatchOnly(self.child.normalize())

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        return matching.ConstantScoreWrapperMatcher(self.child.matcher(searcher, context), 0.0)


def bm25_idf(doc_count: int, doc_frequency: int) -> float:
    """Lucene's BM25 idf, always positive: ln(1 + (N - df + 0.5) / (df + 0.5))."""
    return math.log(1.0 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


class WordQuery(wq.Or):  # type: ignore[misc]
    """One query word searched in several fields and scored by BM25F proper.

    Whoosh's BM25F scores each field's term on its own, so a word in both the title and the
    body is saturated twice and weighed by two different idfs. Here the word's frequencies are
    combined first, each field's count weighted and length-normalized (``w * tf / (1 - b + b *
    len / avglen)``), then saturated once (``tf' * (k1 + 1) / (k1 + tf')``) and multiplied by
    one idf for the word: that of its most frequent field form.
    """

    def __init__(
        self,
        terms: Sequence[tuple[str, str, float]],
        k1: float,
        b: dict[str, float],
        boost: float = 1.0,
    ) -> None:
        super().__init__([wq.Term(f, t) for f, t, _ in terms], boost=boost)
        self.terms = list(terms)
        self.k1 = k1
        self.b = b

    def normalize(self) -> WordQuery:
        return self

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, WordQuery)
            and self.terms == other.terms
            and self.boost == other.boost
            and self.k1 == other.k1
            and self.b == other.b
        )

    def __hash__(self) -> int:
        return hash((tuple(self.terms), self.boost, self.k1, tuple(sorted(self.b.items()))))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        top = searcher.get_parent()  # collection statistics come from the whole index
        leaves = []
        df = 0
        for (fieldname, text, weight), sub in zip(self.terms, self.subqueries, strict=True):
            btext = self.schema_bytes(searcher, fieldname, text)
            if btext is None:
                continue
            df = max(df, top.doc_frequency(fieldname, btext))
            if (fieldname, btext) not in reader:
                continue
            b = self.b.get(fieldname, 0.0)
            avg = top.avg_field_length(fieldname) or 1.0
            leaves.append((sub.matcher(searcher, context), fieldname, weight, b, avg))
        if not leaves:
            return matching.NullMatcher()
        idf = bm25_idf(top.doc_count_all(), df) * self.boost
        union = leaves[0][0]
        for leaf in leaves[1:]:
            union = matching.UnionMatcher(union, leaf[0])
        return _BM25FMatcher(union, leaves, reader, idf, self.k1)

    @staticmethod
    def schema_bytes(searcher: Any, fieldname: str, text: str) -> bytes | None:
        if fieldname not in searcher.schema:
            return None
        try:
            return bytes(searcher.schema[fieldname].to_bytes(text))
        except ValueError:
            return None


class Paraphrase(WordQuery):
    """A word the query did not type but means (``알츠하이머`` for ``치매``), scored as a
    :class:`WordQuery` with a lower boost; ``of`` is the typed word, for explanations."""

    def __init__(
        self,
        terms: Sequence[tuple[str, str, float]],
        k1: float,
        b: dict[str, float],
        boost: float,
        of: str,
    ) -> None:
        super().__init__(terms, k1, b, boost=boost)
        self.of = of


class _BM25FMatcher(matching.WrappingMatcher):  # type: ignore[misc]
    """Scores the current document from the frequencies of the leaves that sit on it."""

    def __init__(
        self,
        child: Any,
        leaves: list[tuple[Any, str, float, float, float]],
        reader: Any,
        idf: float,
        k1: float,
    ) -> None:
        super().__init__(child)
        self._leaves = leaves
        self._reader = reader
        self._idf = idf
        self._k1 = k1

    def _replacement(self, newchild: Any) -> Any:
        return _BM25FMatcher(newchild, self._leaves, self._reader, self._idf, self._k1)

    def supports_block_quality(self) -> bool:
        return False

    def score(self) -> float:
        doc = self.child.id()
        tf = 0.0
        for leaf, fieldname, weight, b, avg in self._leaves:
            if leaf.is_active() and leaf.id() == doc:
                norm = 1.0 - b + b * self._reader.doc_field_length(doc, fieldname, 1) / avg
                tf += weight * leaf.weight() / norm
        return self._idf * tf * (self._k1 + 1.0) / (self._k1 + tf)


def scores_at(matcher: Any, docnums: Sequence[int]) -> Iterable[tuple[int, float]]:
    """(docnum, score) for each of the sorted ``docnums`` the matcher matches."""
    for docnum in docnums:
        if not matcher.is_active():
            return
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                return
        if matcher.id() == docnum:
            yield docnum, float(matcher.score())
