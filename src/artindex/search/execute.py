"""Running a search on one searcher of one generation: the compiled query's matches scored
and ranked, pseudo-relevance feedback, the page arranged (:mod:`.arrange`), hits built with
snippets; the cheap test that decides whether a query is worth correcting; the related
articles of one. The searcher is reached through :mod:`artindex.engine.view`'s Protocols."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from ..analysis.morphology import ENGLISH_STOPWORDS, QUESTION_WORDS
from ..engine import queries
from ..engine.schema import article_from_stored
from ..engine.view import Searcher, Stored
from ..errors import QueryError
from ..models import Hit
from ..settings import Settings
from ..text.hangul import has_hangul
from . import arrange, request
from .compile import Compiled, QueryCompiler
from .feedback import FeedbackDoc, expansion_terms
from .similar import distinctive_terms, same_story, similar_query
from .snippets import make_snippet, match_spans, match_spans_of, surface_spans

STOPWORDS = ENGLISH_STOPWORDS | QUESTION_WORDS  # never added by feedback

Facets = dict[str, list[tuple[str, int]]]


def lacks_a_word(compiler: QueryCompiler, searcher: Searcher, query: str) -> bool:
    """Whether a content word of the plain ``query`` is in no title or body of this index,
    or two neighbours are one indexed word (``어머 니``): the cheap test that decides whether
    a query that found something is worth correcting (a term lookup per word, where
    suggesting reads the whole vocabulary once)."""
    try:
        words = compiler.compile(query).words
    except QueryError:
        return False

    def df(word: str) -> int:
        return int(searcher.doc_frequency("title", word)) + int(
            searcher.doc_frequency("body", word)
        )

    morphs = compiler.morphemes(query)  # the word table first: no Kiwi for seen words
    joined = (
        a.form + b.form
        for a, b in itertools.pairwise(morphs)
        if query[a.end : b.start].isspace() and has_hangul(a.form) and has_hangul(b.form)
    )
    return any(df(w) == 0 for w in words) or any(df(w) > 0 for w in joined)


def run(
    compiler: QueryCompiler,
    searcher: Searcher,
    compiled: Compiled,
    opts: request.SearchOptions,
    snippets: bool,
    settings: Settings,
) -> tuple[tuple[Hit, ...], int, Facets]:
    """The page of hits, the exact total and the facets of ``compiled`` on one searcher."""
    compiler.check_expansion(compiled.query, searcher.reader())
    ranking = compiled.settings or settings
    feedback = ranking.feedback_docs > 0 and bool(compiled.words)
    feedback = feedback and opts.sort == "relevance"
    depth = max(opts.depth, ranking.feedback_rerank) if feedback else opts.depth
    from ..engine import evaluate  # numpy loads with the first search, not with the import

    # one pass: every match under the filter, scored; the total is exact
    matches = evaluate.run(searcher, compiled.query, opts.filter)
    total = len(matches)
    ranked = matches.top(depth)
    stored: dict[int, Stored] = {}  # each document's stored fields, read once

    def fields(docnum: int) -> Stored:
        if docnum not in stored:
            stored[docnum] = searcher.stored_fields(docnum)
        return stored[docnum]

    first = dict(ranked)
    if feedback:
        ranked = rerank_with_feedback(compiler, searcher, compiled, ranking, ranked, fields)
    # sort, recency, collapsing, paging, facets, explain (search/arrange.py)
    page = arrange.Run(searcher, compiled, opts, matches, first, settings.snippet_chars)
    placed = page.page(ranked)
    terms = compiler.highlight_terms(compiled, searcher.reader()) if snippets else {}
    spans = (
        match_spans_of(searcher, (p.docnum for p in placed), "body", terms.get("body", ()))
        if snippets
        else {}
    )
    chars = settings.snippet_chars
    hits = tuple(
        page.hit(
            hit(searcher, p.docnum, fields(p.docnum), p.score, terms, snippets, chars, spans),
            p,
            dict(fields(p.docnum)),
            terms,
        )
        for p in placed
    )
    return hits, int(total), page.facets()


def rerank_with_feedback(
    compiler: QueryCompiler,
    searcher: Searcher,
    compiled: Compiled,
    settings: Settings,
    ranked: list[tuple[int, float]],
    fields: Callable[[int], Stored],
) -> list[tuple[int, float]]:
    """Pseudo-relevance feedback (see :mod:`.feedback`): words of the first pass's top
    ``feedback_docs`` documents are scored on its top ``feedback_rerank`` and added to their
    scores, which reorders them; the rest keep the first pass's order below. The matches
    are the query's own, so the ranking does not depend on ``limit``."""
    docs = [
        FeedbackDoc(score, str(fields(docnum).get("terms") or ""))
        for docnum, score in ranked[: settings.feedback_docs]
    ]
    terms = expansion_terms(
        docs,
        exclude=set(compiled.words) | STOPWORDS,
        doc_count=searcher.doc_count_all(),
        doc_frequency=lambda term: int(searcher.doc_frequency("body", term)),
        count=settings.feedback_terms,
        max_df=settings.feedback_max_df,
    )
    head = ranked[: settings.feedback_rerank]
    bonus = compiler.feedback_scores(searcher, compiled, terms, sorted(d for d, _ in head))
    if not bonus:
        return ranked
    head = sorted(head, key=lambda ds: (-(ds[1] + bonus.get(ds[0], 0.0)), ds[0]))
    return [(d, s + bonus.get(d, 0.0)) for d, s in head] + ranked[settings.feedback_rerank :]


def hit(
    searcher: Searcher,
    docnum: int,
    stored: Stored,
    score: float | None,
    terms: dict[str, frozenset[str]],
    with_snippet: bool,
    snippet_chars: int,
    page_spans: dict[int, list[tuple[int, int]]] | None = None,
) -> Hit:
    """The Hit of one document: its stored fields, its score, and (``with_snippet``) a
    snippet around its matches in the body, marked."""
    snippet, highlights = "", list[tuple[int, int]]()
    if with_snippet:
        body = str(stored.get("body") or "")
        if page_spans is not None and docnum in page_spans:
            spans = page_spans[docnum]
        else:
            spans = match_spans(searcher, docnum, "body", terms.get("body", ()))
        if not spans:
            spans = surface_spans(body, terms.get("body", ()))
        snippet, highlights = make_snippet(body, spans, snippet_chars)
    article = article_from_stored(dict(stored))
    return Hit(
        id=article.id,
        title=article.title,
        byline=article.byline,
        date=article.date,
        tags=article.tags,
        source=article.source,
        url=article.url,
        path=article.path,
        lang=article.lang,
        score=float(score or 0.0),
        snippet=snippet,
        highlights=tuple(highlights),
        fingerprint=article.fingerprint,
    )


def similar(
    searcher: Searcher, article_id: str, limit: int, snippets: bool, snippet_chars: int
) -> tuple[str, tuple[Hit, ...]] | None:
    """The words that describe ``article_id`` and the articles they find best, without the
    article and its near-duplicates; None when no article has that id."""
    docnum = searcher.document_number(id=article_id)
    if docnum is None:
        return None
    stored = searcher.stored_fields(docnum)
    weighted = distinctive_terms(
        str(stored.get("terms") or ""),
        doc_count=searcher.doc_count_all(),
        doc_frequency=lambda term: int(searcher.doc_frequency("body", term)),
    )
    words = " ".join(term for term, _ in weighted)
    q = similar_query(weighted, searcher.schema)
    if queries.is_nothing(q):
        return words, ()
    terms = {"body": frozenset(term for term, _ in weighted)}
    hits: list[Hit] = []
    for found in searcher.search(q, limit=limit * 3 + 10, mask={docnum}):
        fields = found.fields()
        if same_story(dict(stored), dict(fields)):
            continue
        hits.append(
            hit(searcher, found.docnum, fields, found.score, terms, snippets, snippet_chars)
        )
        if len(hits) == limit:
            break
    return words, tuple(hits)
