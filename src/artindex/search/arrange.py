"""One search's arranging step, run inside ``Index.search`` under its lock: the page cut
from the ranking (or from the date order), facets over the whole filtered match set, the
near-duplicates of each hit, score explanations and the snippet fallbacks."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypedDict

from ..engine import queries
from ..engine.explain import explain_parts
from ..models import Hit, SearchResult
from . import request
from .compile import Compiled
from .doctable import DocTable, Rows, rows_for, table_for
from .facets import count as count_facets
from .request import Placed, SearchOptions
from .snippets import bigram_spans, make_snippet, title_spans

if TYPE_CHECKING:
    from ..engine.evaluate import Matches
    from ..engine.view import Searcher, Stored


class _Changes(TypedDict, total=False):
    """The fields of a :class:`Hit` that arranging fills in."""

    duplicates: tuple[str, ...]
    title_highlights: tuple[tuple[int, int], ...]
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    explain: tuple[tuple[str, float], ...]


def match_all() -> Compiled:
    """The query of a search made only of filters: every document, ranked by the sort."""
    return Compiled("", queries.EVERYTHING, {})


def empty(query: str, took: float, opts: SearchOptions) -> SearchResult:
    return result(query, 0, took, (), opts, {name: [] for name in opts.facets})


def result(
    query: str,
    total: int,
    took: float,
    hits: tuple[Hit, ...],
    opts: SearchOptions,
    facets: dict[str, list[tuple[str, int]]],
) -> SearchResult:
    return SearchResult(
        query=query,
        total=total,
        took_ms=took,
        hits=hits,
        offset=opts.offset,
        sort=opts.sort,
        filters=opts.filters.to_dict(),
        facets=facets,
    )


class Run:
    def __init__(
        self,
        searcher: Searcher,
        compiled: Compiled,
        opts: SearchOptions,
        results: Matches,
        first: dict[int, float],
        snippet_chars: int = 200,
    ) -> None:
        self.searcher = searcher
        self.compiled = compiled
        self.opts = opts
        self.results = results  # every match of the query under the filter, scored
        self.first = first  # first-pass scores (before feedback)
        self.snippet_chars = snippet_chars
        self._reader = searcher.reader()
        # a relevance-ranked page reads ids, dates and fingerprints of its own documents only
        self.rows: Rows = rows_for(self._reader)
        self._clauses: dict[int, tuple[object, Matches]] = {}  # id -> (clause kept alive, scores)

    @property
    def table(self) -> DocTable:
        """Every document's values (sorting by date, facets): built once per generation."""
        return table_for(self._reader)

    def page(self, ranked: Sequence[tuple[int, float]]) -> list[Placed]:
        if self.opts.sort != "relevance":
            ranked = self._date_ranked()
            return request.arrange(ranked, self.table, self.opts)
        return request.arrange(ranked, self.rows, self.opts)

    def _date_ranked(self) -> list[tuple[int, float]]:
        """The whole match set in date order, its first ``depth`` documents scored."""
        window = request.by_date(list(self.results.docs()), self.table, self.opts)
        window = window[: self.opts.depth]
        scores = self.results.scores_at(window)
        self.first.update(scores)
        return [(d, scores.get(d, 0.0)) for d in window]

    def _clause_score(self, clause: object, docnum: int) -> float:
        """One clause's score of a document, every clause scored once per search (term at
        a time) however many hits are explained."""
        from ..engine.evaluate import run

        key = id(clause)
        if key not in self._clauses:
            self._clauses[key] = (clause, run(self.searcher, clause))
        return self._clauses[key][1].scores_at([docnum]).get(docnum, 0.0)

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        if not self.opts.facets:
            return {}
        return count_facets(self.table, self.results.docnums, self.opts.facets, self.opts.tz)

    def hit(
        self,
        hit: Hit,
        placed: Placed,
        stored: Stored,
        terms: dict[str, frozenset[str]],
    ) -> Hit:
        changes: _Changes = {
            "duplicates": tuple(self.rows.ids[d] for d in placed.duplicates),
        }
        if terms:
            grams = queries.bigram_terms(self.compiled.query)
            changes["title_highlights"] = tuple(
                title_spans(hit.title, terms.get("title", frozenset()), grams)
            )
            if not hit.highlights and grams:
                body = str(stored.get("body", ""))  # a stored body is a str
                spans = bigram_spans(body, grams)
                if spans:
                    snippet, highlights = make_snippet(body, spans, self.snippet_chars)
                    changes["snippet"], changes["highlights"] = snippet, tuple(highlights)
        if self.opts.explain:
            base = self.first.get(placed.docnum, 0.0)
            feedback = placed.score - placed.recency - base
            changes["explain"] = tuple(
                explain_parts(
                    self.searcher,
                    self.compiled.query,
                    placed.docnum,
                    base,
                    feedback,
                    placed.recency,
                    self._clause_score,
                )
            )
        return dataclasses.replace(hit, **changes)
