"""The embeddable search API: :class:`Index` opens an index directory and answers queries.

Only artindex types cross this boundary. An open Index notices when a build or update swaps in
a new generation and moves to it before the next search, so a long-running app always searches
the last complete index.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Unpack

from .analysis.morphology import ENGLISH_STOPWORDS, QUESTION_WORDS, get_kiwi, morphemes
from .analysis.synonyms import Synonyms
from .analysis.wordtable import WordTable
from .compat import check_compatible
from .engine import queries
from .engine.schema import article_from_stored
from .engine.scoring import weighting
from .errors import IndexClosedError, IndexDamagedError, QueryError
from .models import Article, BuildReport, Hit, SearchResult
from .search import arrange, request
from .search.compile import Compiled, QueryCompiler
from .search.feedback import FeedbackDoc, expansion_terms
from .search.request import SearchKwargs
from .search.similar import distinctive_terms, same_story, similar_query
from .search.snippets import make_snippet, match_spans, match_spans_of, surface_spans
from .search.suggest import (
    FAR_FEWER,
    Suggestion,
    Vocabulary,
    kiwi_lexicon,
    should_correct,
    vocabulary,
)
from .search.suggest import suggest as suggest_query
from .settings import Settings, load_settings
from .store import IndexDir
from .text.hangul import has_hangul

STOPWORDS = ENGLISH_STOPWORDS | QUESTION_WORDS  # never added by feedback


@dataclass(frozen=True, slots=True)
class IndexStats:
    """What ``artindex stats`` shows."""

    path: str
    articles: int
    files: int
    generation: str
    built_at: str
    artindex_version: str
    kiwi_version: str
    size_bytes: int
    languages: dict[str, int]
    sources: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "articles": self.articles,
            "files": self.files,
            "generation": self.generation,
            "built_at": self.built_at,
            "artindex_version": self.artindex_version,
            "kiwi_version": self.kiwi_version,
            "size_bytes": self.size_bytes,
            "languages": self.languages,
            "sources": self.sources,
        }


class _Generation:
    """One opened generation and a pool of its searchers. Whoosh searchers are not safe to
    share between threads, so each search borrows one of its own (opening another when every
    one is busy) and returns it; nothing is locked for the length of a search. A generation
    that a newer one replaced closes its searchers as they come back."""

    def __init__(
        self,
        ix: Any,
        manifest: dict[str, Any],
        stamp: Any,
        settings: Settings,
        synonyms: Synonyms,
        words: WordTable | None = None,
    ) -> None:
        self.ix = ix
        self.manifest = manifest
        self.stamp = stamp
        self.name = str(manifest.get("generation", ""))
        self.words = words
        self.compiler = QueryCompiler(ix.schema, settings, synonyms, self.words)
        self._weighting = weighting(settings)
        self._idle: list[Any] = []
        self._lock = threading.Lock()
        self._retired = False

    @contextmanager
    def searcher(self) -> Iterator[Any]:
        with self._lock:
            searcher = self._idle.pop() if self._idle else None
        if searcher is None:
            searcher = self.ix.searcher(weighting=self._weighting)
        try:
            yield searcher
        finally:
            with self._lock:
                keep = not self._retired
                if keep:
                    self._idle.append(searcher)
            if not keep:
                searcher.close()

    def retire(self) -> None:
        """Close the idle searchers now and the busy ones when their searches end."""
        with self._lock:
            self._retired = True
            idle, self._idle = self._idle, []
        for searcher in idle:
            searcher.close()
        if self.words is not None:  # a search still composing reopens it, or falls back to Kiwi
            self.words.close()


class Index:
    """A searchable artindex index. Use :meth:`open`; close it (or use ``with``) when done.

    An Index may be shared by many threads: their searches run side by side."""

    def __init__(self, root: IndexDir, settings: Settings, preload: bool = True) -> None:
        self._root = root
        self._settings = settings
        self._lock = threading.Lock()  # held only to swap generations, never for a search
        # One search at a time (correction included); more threads wait their turn. A search
        # is mostly Python holding the GIL: two at once made 8 threads 0.78x one thread's rate
        # (168 vs 216/s, 3,000 articles), one at a time 0.97x (docs/benchmarks.md, issue 21).
        self._running = threading.BoundedSemaphore(1)
        self._synonyms = Synonyms.load(settings.synonyms, settings.user_dictionary)
        self._gen: _Generation | None = None
        self._closed = False
        self._reload()
        if preload:  # Kiwi loads its model on the first call: pay that here, not in a search
            get_kiwi(settings.user_dictionary).tokenize("가")

    @classmethod
    def open(
        cls, path: str | Path = "index", settings: Settings | None = None, *, preload: bool = True
    ) -> Index:
        """Open the index at ``path``. Raises IndexNotFoundError if there is none,
        IndexDamagedError if its generation is missing or unreadable, and IndexMismatchError
        if it was analyzed with other settings than ``settings``. ``preload=False`` leaves
        Kiwi's model (a second or more) to the first query that needs it: a one-shot
        search without Hangul never loads it."""
        return cls(IndexDir(path), settings or load_settings(), preload)

    def prepare(self, query: str) -> bool:
        """Load now what searching ``query`` will need, so that its ``took_ms`` is the
        search's own time: Kiwi's model, unless the query has no Hangul or every word of it
        is in the index's word table (then its search loads no model, unless it finds nothing
        and a correction is looked for). Returns whether the model was loaded."""
        try:
            text, _ = request.prepare(query, request.options(self._settings, 10))
        except QueryError:
            return False  # the search will report it
        if not text or not self._current().compiler.needs_model(text):
            return False
        get_kiwi(self._settings.user_dictionary).tokenize("가")
        return True

    @property
    def path(self) -> Path:
        return self._root.root

    def _manifest_stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self._root.manifest_path)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_ino

    def _reload(self) -> None:
        """Open the generation the manifest names (the caller holds ``_lock`` or is init).
        A writer may swap in a newer one and prune this one between reading the manifest and
        opening it: then the manifest has changed, and the newer generation is opened."""
        for attempt in range(_RELOAD_TRIES):
            stamp = self._manifest_stamp()
            manifest = self._root.read_manifest()
            check_compatible(manifest, self._settings, self._root.root)
            path = self._root.generation_path(manifest)
            try:
                ix = queries.open_index(str(path))
                words = WordTable.open(path)
                gen = _Generation(ix, manifest, stamp, self._settings, self._synonyms, words)
                with gen.searcher() as searcher:  # read the segments once: fail here, not later
                    searcher.doc_count()
                break
            except Exception as exc:  # Whoosh's own errors for a damaged directory
                if self._manifest_stamp() != stamp and attempt + 1 < _RELOAD_TRIES:
                    continue  # swapped and pruned meanwhile: not damage
                raise IndexDamagedError(
                    str(self._root.root), f"cannot read {path.name}: {exc}"
                ) from exc
        old, self._gen = self._gen, gen
        if old is not None:
            old.retire()

    def _current(self) -> _Generation:
        """The newest complete generation, moving to it if a writer swapped one in."""
        gen = self._gen
        if self._closed or gen is None:
            raise IndexClosedError(str(self._root.root))
        if self._manifest_stamp() != gen.stamp:
            with self._lock:
                if self._closed:
                    raise IndexClosedError(str(self._root.root))
                if self._gen is None or self._manifest_stamp() != self._gen.stamp:
                    self._reload()
                gen = self._gen
                assert gen is not None
        return gen

    @contextmanager
    def _borrow(self) -> Iterator[tuple[_Generation, Any]]:
        """The current generation and a searcher of it. Opening a searcher fails if writers
        swapped in two newer generations and pruned this one meanwhile: then move on."""
        for attempt in range(_RELOAD_TRIES):
            gen = self._current()
            borrowed = gen.searcher()
            try:
                searcher = borrowed.__enter__()
            except Exception:
                if attempt + 1 < _RELOAD_TRIES and self._manifest_stamp() != gen.stamp:
                    continue
                raise
            try:
                yield gen, searcher
            finally:
                borrowed.__exit__(None, None, None)
            return

    def refresh(self) -> None:
        """Move to the newest complete generation if a writer swapped one in."""
        self._current()

    def close(self) -> None:
        """Release the index's files. Every later call raises IndexClosedError."""
        with self._lock:
            self._closed = True
            gen, self._gen = self._gen, None
        if gen is not None:
            gen.retire()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Index:
        self._current()  # a closed index raises here too
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        with self._current().searcher() as searcher:
            return int(searcher.doc_count())

    # ------------------------------------------------------------------ search

    def search(
        self,
        query: str,
        limit: int = 10,
        *,
        snippets: bool = True,
        correct: bool = True,
        **options: Unpack[SearchKwargs],
    ) -> SearchResult:
        """Ranked hits for ``query`` (plain words or Whoosh syntax), best first.

        ``options`` (the CLI flags carry the same names; see :func:`.search.request.options`):
        filters ``since``, ``until``, ``when``, ``tag``, ``source``, ``byline``, ``lang``
        (also written in the query: ``date:2024-06-01``, ``tag:경제``...), ``sort``
        (relevance, newest, oldest), ``offset`` or ``page``, ``facets``, ``recent``,
        ``collapse``, ``explain``, ``now``.

        ``correct``: when a plain query finds nothing or has a word this index lacks, and
        :meth:`suggest` corrects it (keyboard slip, misspelling, spacing) into a query that
        finds far more (:func:`.search.suggest.should_correct`), the correction's hits are
        returned with ``corrected`` set to ``{from, to, reason}``; ``correct=False`` searches
        the query as typed."""
        with self._running:
            return self._search_and_correct(query, limit, snippets, correct, options)

    def _search_and_correct(
        self, query: str, limit: int, snippets: bool, correct: bool, options: SearchKwargs
    ) -> SearchResult:
        result = self._search(query, limit, snippets, options)
        if not correct or not _plain(query):
            return result
        if result.total > 0 and not self._lacks_a_word(query):
            return result  # every word is indexed: nothing to correct, and no Kiwi or vocabulary
        suggestion = self.suggest(query)
        if suggestion is None:
            return result
        fixed = self._search(suggestion.to, limit, snippets, options)
        if not should_correct(result.total, fixed.total, FAR_FEWER, suggestion.reason):
            return result
        return replace(fixed, corrected=suggestion.to_dict())

    def _lacks_a_word(self, query: str) -> bool:
        """Whether a content word of the plain ``query`` is in no title or body of this index,
        or two neighbours are one indexed word (``어머 니``): the cheap test that decides whether
        a query that found something is worth correcting (a term lookup per word, where
        :meth:`suggest` reads the whole vocabulary once)."""
        with self._borrow() as (gen, searcher):
            try:
                words = gen.compiler.compile(query).words
            except QueryError:
                return False

            def df(word: str) -> int:
                return int(searcher.doc_frequency("title", word)) + int(
                    searcher.doc_frequency("body", word)
                )

            morphs = gen.compiler.morphemes(query)  # the word table first: no Kiwi for seen words
            joined = (
                a.form + b.form
                for a, b in itertools.pairwise(morphs)
                if query[a.end : b.start].isspace() and has_hangul(a.form) and has_hangul(b.form)
            )
            return any(df(w) == 0 for w in words) or any(df(w) > 0 for w in joined)

    def _search(
        self, query: str, limit: int, snippets: bool, options: SearchKwargs
    ) -> SearchResult:
        # options checked, filter clauses taken out of the text (search/request.py)
        opts = request.options(self._settings, limit, **options)
        text, opts = request.prepare(query, opts)
        started = time.perf_counter()
        with self._borrow() as (gen, searcher):
            compiled = gen.compiler.compile(text) if text else arrange.match_all()
            if queries.is_nothing(compiled.query):
                took = (time.perf_counter() - started) * 1000
                return replace(arrange.empty(query, took, opts), generation=gen.name)
            hits, total, facets = self._run(gen.compiler, searcher, compiled, opts, snippets)
        took = (time.perf_counter() - started) * 1000
        result = arrange.result(query, total, took, hits, opts, facets)
        return replace(result, generation=gen.name)

    def _run(
        self,
        compiler: QueryCompiler,
        searcher: Any,
        compiled: Compiled,
        opts: request.SearchOptions,
        snippets: bool,
    ) -> tuple[tuple[Hit, ...], int, dict[str, list[tuple[str, int]]]]:
        """The page of hits, the exact total and the facets of ``compiled`` on one searcher."""
        compiler.check_expansion(compiled.query, searcher.reader())
        ranking = compiled.settings or self._settings
        feedback = ranking.feedback_docs > 0 and bool(compiled.words)
        feedback = feedback and opts.sort == "relevance"
        depth = max(opts.depth, ranking.feedback_rerank) if feedback else opts.depth
        from .engine import evaluate  # numpy loads with the first search, not with the import

        # one pass: every match under the filter, scored; the total is exact
        matches = evaluate.run(searcher, compiled.query, opts.filter)
        total = len(matches)
        ranked = matches.top(depth)
        stored: dict[int, dict[str, Any]] = {}  # each document's stored fields, read once

        def fields(docnum: int) -> dict[str, Any]:
            if docnum not in stored:
                stored[docnum] = searcher.stored_fields(docnum)
            return stored[docnum]

        first = dict(ranked)
        if feedback:
            ranked = self._rerank_with_feedback(
                compiler, searcher, compiled, ranking, ranked, fields
            )
        # sort, recency, collapsing, paging, facets, explain (search/arrange.py)
        run = arrange.Run(searcher, compiled, opts, matches, first, self._settings.snippet_chars)
        placed = run.page(ranked)
        terms = compiler.highlight_terms(compiled, searcher.reader()) if snippets else {}
        spans = (
            match_spans_of(searcher, (p.docnum for p in placed), "body", terms.get("body", ()))
            if snippets
            else {}
        )
        hits = tuple(
            run.hit(
                self._hit(searcher, p.docnum, fields(p.docnum), p.score, terms, snippets, spans),
                p,
                fields(p.docnum),
                terms,
            )
            for p in placed
        )
        return hits, int(total), run.facets()

    def _rerank_with_feedback(
        self,
        compiler: QueryCompiler,
        searcher: Any,
        compiled: Compiled,
        settings: Settings,
        ranked: list[tuple[int, float]],
        fields: Callable[[int], dict[str, Any]],
    ) -> list[tuple[int, float]]:
        """Pseudo-relevance feedback (see :mod:`.feedback`): words of the first pass's top
        ``feedback_docs`` documents are scored on its top ``feedback_rerank`` and added to their
        scores, which reorders them; the rest keep the first pass's order below. The matches
        are the query's own, so the ranking does not depend on ``limit``."""
        docs = [
            FeedbackDoc(score, fields(docnum).get("terms") or "")
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

    def _hit(
        self,
        searcher: Any,
        docnum: int,
        stored: dict[str, Any],
        score: float | None,
        terms: dict[str, frozenset[str]],
        with_snippet: bool,
        page_spans: dict[int, list[tuple[int, int]]] | None = None,
    ) -> Hit:
        snippet, highlights = "", list[tuple[int, int]]()
        if with_snippet:
            body = stored.get("body", "")
            if page_spans is not None and docnum in page_spans:
                spans = page_spans[docnum]
            else:
                spans = match_spans(searcher, docnum, "body", terms.get("body", ()))
            if not spans:
                spans = surface_spans(body, terms.get("body", ()))
            snippet, highlights = make_snippet(body, spans, self._settings.snippet_chars)
        article = article_from_stored(stored)
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

    # ------------------------------------------------------------------ lookups

    def get(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        with self._current().searcher() as searcher:
            stored = searcher.document(id=article_id)
        return article_from_stored(stored) if stored else None

    def articles(self) -> Iterator[Article]:
        """Every stored article, in index order, from the generation open when iteration
        starts (a reader of its own, so a refresh meanwhile does not cut the iteration short).
        A closed index raises here, not at the first ``next``."""
        self._current()
        return self._stored_articles()

    def _stored_articles(self) -> Iterator[Article]:
        reader = self._current().ix.reader()
        try:
            for stored in reader.all_stored_fields():
                yield article_from_stored(stored)
        finally:
            reader.close()

    def stats(self) -> IndexStats:
        languages: dict[str, int] = {}
        sources: dict[str, int] = {}
        gen = self._current()
        with gen.searcher() as searcher:
            for stored in searcher.all_stored_fields():
                meta = stored.get("meta") or {}
                lang = meta.get("lang") or "?"
                languages[lang] = languages.get(lang, 0) + 1
                source = meta.get("source") or "?"
                sources[source] = sources.get(source, 0) + 1
            count = int(searcher.doc_count())
        size = sum(f.stat().st_size for f in self._root.root.rglob("*") if f.is_file())
        m = gen.manifest
        return IndexStats(
            path=str(self._root.root),
            articles=count,
            files=int(m.get("file_count", 0)),
            generation=str(m.get("generation", "")),
            built_at=str(m.get("built_at", "")),
            artindex_version=str(m.get("artindex_version", "")),
            kiwi_version=str(m.get("analysis", {}).get("kiwi_version", "")),
            size_bytes=size,
            languages=dict(sorted(languages.items(), key=lambda kv: -kv[1])),
            sources=dict(sorted(sources.items(), key=lambda kv: -kv[1])),
        )

    # ------------------------------------------------------------------ correction, related

    def suggest(self, query: str) -> Suggestion | None:
        """A corrected ``query`` (keyboard slip, misspelling or spacing, judged by this index's
        vocabulary), or None if it looks right. See :mod:`artindex.search.suggest`."""
        user_dictionary = self._settings.user_dictionary
        return suggest_query(
            query,
            self._vocabulary(),
            lambda text: morphemes(text, user_dictionary),
            kiwi_lexicon(user_dictionary),
        )

    def _vocabulary(self) -> Vocabulary:
        """The current generation's words and frequencies (read once, cached)."""
        gen = self._current()
        with gen.searcher() as searcher:
            reader = searcher.reader()
            key = (str(self._root.root), gen.name, str(reader.doc_count_all()))
            return vocabulary(key, reader)

    def similar(self, article_id: str, limit: int = 5, *, snippets: bool = False) -> SearchResult:
        """Articles related to ``article_id`` by its most distinctive words, best first, without
        the article itself and its near-duplicates. See :mod:`artindex.search.similar`."""
        if limit < 1:
            raise QueryError(f"limit must be at least 1, not {limit}")
        started = time.perf_counter()
        gen = self._current()
        with gen.searcher() as searcher:
            docnum = searcher.document_number(id=article_id)
            if docnum is None:
                raise QueryError(f"no article with id {article_id!r} in {self._root.root}")
            stored = searcher.stored_fields(docnum)
            weighted = distinctive_terms(
                stored.get("terms") or "",
                doc_count=searcher.doc_count_all(),
                doc_frequency=lambda term: int(searcher.doc_frequency("body", term)),
            )
            words = " ".join(term for term, _ in weighted)
            hits = self._similar_hits(searcher, docnum, stored, weighted, limit, snippets)
        took = (time.perf_counter() - started) * 1000
        return SearchResult(query=words, total=len(hits), took_ms=took, hits=hits)

    def _similar_hits(
        self,
        searcher: Any,
        docnum: int,
        stored: dict[str, Any],
        weighted: list[tuple[str, float]],
        limit: int,
        snippets: bool,
    ) -> tuple[Hit, ...]:
        q = similar_query(weighted, searcher.schema)
        if queries.is_nothing(q):
            return ()
        terms = {"body": frozenset(term for term, _ in weighted)}
        hits: list[Hit] = []
        for hit in searcher.search(q, limit=limit * 3 + 10, mask={docnum}):
            fields = hit.fields()
            if same_story(stored, fields):
                continue
            hits.append(self._hit(searcher, hit.docnum, fields, hit.score, terms, snippets))
            if len(hits) == limit:
                break
        return tuple(hits)

    # ------------------------------------------------------------------ changes from code

    def add(self, articles: Iterable[Article]) -> BuildReport:
        """Add (or replace, by id) ``articles`` in this index and move to the result; see
        :func:`artindex.add_articles`."""
        from .indexer import add_articles  # the ingest stack loads only for writes

        self._current()
        report = add_articles(articles, self._root.root, self._settings)
        self.refresh()
        return report

    def delete(self, ids: Iterable[str]) -> BuildReport:
        """Delete the articles with these ids and move to the result; see
        :func:`artindex.delete_articles`."""
        from .indexer import delete_articles

        self._current()
        report = delete_articles(ids, self._root.root, self._settings)
        self.refresh()
        return report


_RELOAD_TRIES = 5  # manifest swaps survived while opening a generation


def _plain(query: str) -> bool:
    """No field, phrase or operator syntax: a correction can only be offered for plain words."""
    text = query.strip().rstrip("?？")  # a question mark that ends a question is no wildcard
    return not any(mark in text for mark in (":", '"', "*", "?", "~", "(", ")"))
