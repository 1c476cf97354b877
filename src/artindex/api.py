"""The embeddable search API: :class:`Index` opens an index directory and answers queries.

Only artindex types cross this boundary. An open Index notices when a build or update swaps in
a new generation and moves to it before the next search, so a long-running app always searches
the last complete index.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Unpack

from .analysis.morphology import get_kiwi, morphemes, similar_nouns, tokens
from .analysis.synonyms import Synonyms
from .analysis.wordtable import WordTable
from .compat import check_compatible
from .engine import queries
from .engine.private import check_whoosh
from .engine.schema import article_from_stored
from .engine.scoring import weighting
from .engine.view import Searcher
from .errors import IndexClosedError, IndexDamagedError, QueryError
from .models import Article, BuildReport, DidYouMean, FileResult, Hit, SearchResult, Token
from .search import arrange, execute, request, spellfile
from .search import expand as paraphrases
from .search.compile import Compiled, QueryCompiler
from .search.doctable import table_for
from .search.entities import KINDS as ENTITY_KINDS
from .search.entities import Relations, associated, parse_kinds
from .search.quotes import QuoteResult, collect, stored_quotes
from .search.related import DEFAULT_DOCS, Related
from .search.request import SearchKwargs
from .search.snippets import match_spans_of
from .search.suggest import (
    FAR_FEWER,
    Suggestion,
    Vocabulary,
    kiwi_lexicon,
    should_correct,
    should_offer,
    vocabulary,
)
from .search.suggest import suggest as suggest_query
from .search.trend import Trend, TrendKwargs
from .settings import Settings, load_settings
from .store import IndexDir


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
        path: Path | None = None,
    ) -> None:
        self.ix = ix
        self.path = path  # the generation's folder (its word table and spelling file)
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
    def searcher(self) -> Iterator[Searcher]:
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

    def prepare(self, query: str, expand: bool = False) -> bool:
        """Load now what searching ``query`` will need, so that its ``took_ms`` is the
        search's own time: Kiwi's model, unless the query has no Hangul or every word of it
        is in the index's word table (then its search loads no model, unless it finds nothing
        and a correction is looked for, or it is short enough for paraphrase expansion, whose
        CoNg neighbours come from the same model). Returns whether the model was loaded."""
        try:
            text, _ = request.prepare(query, request.options(self._settings, 10))
        except QueryError:
            return False  # the search will report it
        if not text:
            return False
        compiler = self._current().compiler
        if not compiler.needs_model(text) and not (expand and self._expandable(text)):
            return False
        get_kiwi(self._settings.user_dictionary).tokenize("가")
        return True

    def _expandable(self, text: str) -> bool:
        try:
            words = self._current().compiler.compile(text).words
        except QueryError:
            return False
        return paraphrases.expandable(words)

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
        check_whoosh(write=False)  # a Whoosh without the members search uses: one line
        for attempt in range(_RELOAD_TRIES):
            stamp = self._manifest_stamp()
            manifest = self._root.read_manifest()
            check_compatible(manifest, self._settings, self._root.root)
            path = self._root.generation_path(manifest)
            try:
                ix = queries.open_index(str(path))
                words = WordTable.open(path)
                gen = _Generation(ix, manifest, stamp, self._settings, self._synonyms, words, path)
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
    def _borrow(self) -> Iterator[tuple[_Generation, Searcher]]:
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
        expand: bool = False,
        **options: Unpack[SearchKwargs],
    ) -> SearchResult:
        """Ranked hits for ``query`` (plain words or Whoosh syntax), best first.

        ``options`` (the CLI flags carry the same names; see :func:`.search.request.options`):
        filters ``since``, ``until``, ``when``, ``tag``, ``source``, ``byline``, ``lang``,
        ``url`` (a query that is only a web address is searched as ``url``)
        (also written in the query: ``date:2024-06-01``, ``tag:경제``...), ``sort``
        (relevance, newest, oldest), ``offset`` or ``page``, ``facets``, ``recent``,
        ``collapse``, ``explain``, ``now``.

        ``correct``: when a plain query finds nothing or has a word this index lacks, and
        :meth:`suggest` corrects it (keyboard slip, misspelling, spacing) into a query that
        finds far more (:func:`.search.suggest.should_correct`), the correction's hits are
        returned with ``corrected`` set to ``{from, to, reason}``; ``correct=False`` searches
        the query as typed. A correction not applied is still offered as ``suggestion`` ("did you
        mean", :class:`DidYouMean`) when it replaces rare words by far more frequent ones
        (:func:`.search.suggest.should_offer`); the hits stay those of the query as typed.

        ``expand=True``: the nouns of a short plain query (up to three content words) are also
        searched with the similar nouns of Kiwi's CoNg model that the index supports, weighted
        below the words typed (:mod:`.search.expand`). Off by default: on the paraphrase probe
        it gains under 0.01 MRR@10 (docs/relevance.md), and it loads Kiwi's model for every
        short Korean query, which a one-shot shell search otherwise avoids."""
        with self._running:
            return self._search_and_correct(query, limit, snippets, correct, expand, options)

    def _search_and_correct(
        self,
        query: str,
        limit: int,
        snippets: bool,
        correct: bool,
        expand: bool,
        options: SearchKwargs,
    ) -> SearchResult:
        result = self._search(query, limit, snippets, options, expand)
        if not correct or not _plain(query) or result.notice:
            return result
        if result.total > 0 and not self._lacks_a_word(query):
            return result  # every word is indexed: nothing to correct, and no Kiwi or vocabulary
        suggestion = self.suggest(query)
        if suggestion is None:
            return result
        fixed = self._search(suggestion.to, limit, snippets, options, expand)
        if should_correct(result.total, fixed.total, FAR_FEWER, suggestion.reason):
            return replace(fixed, corrected=suggestion.to_dict())
        if fixed.total > 0 and self._far_more_frequent(query, suggestion.to):
            return replace(result, suggestion=DidYouMean(suggestion.to, suggestion.reason))
        return result

    def _far_more_frequent(self, query: str, fixed: str) -> bool:
        """Whether the words ``fixed`` brings are far more frequent (document frequency over
        titles and bodies) than those of ``query`` it replaces (:func:`should_offer`)."""
        with self._borrow() as (gen, searcher):
            try:
                typed = set(gen.compiler.compile(query).words)
                brought = set(gen.compiler.compile(fixed).words)
            except QueryError:
                return False

            def df(word: str) -> int:
                return int(searcher.doc_frequency("title", word)) + int(
                    searcher.doc_frequency("body", word)
                )

            return should_offer([df(w) for w in typed - brought], [df(w) for w in brought - typed])

    def _lacks_a_word(self, query: str) -> bool:
        """Whether a plain query that found something is worth correcting (see
        :func:`.search.execute.lacks_a_word`)."""
        with self._borrow() as (gen, searcher):
            return execute.lacks_a_word(gen.compiler, searcher, query)

    def _search(
        self, query: str, limit: int, snippets: bool, options: SearchKwargs, expand: bool = False
    ) -> SearchResult:
        # options checked, filter clauses taken out of the text (search/request.py)
        opts = request.options(self._settings, limit, **options)
        text, opts = request.prepare(query, opts)
        started = time.perf_counter()
        with self._borrow() as (gen, searcher):
            reader = searcher.reader()  # the index's words: 수도 is searched whole if it has it
            compiled = gen.compiler.compile(text, reader) if text else arrange.match_all()
            if expand and compiled.words:
                compiled = self._expand(searcher, compiled, opts)
            if queries.is_nothing(compiled.query):
                took = (time.perf_counter() - started) * 1000
                empty = arrange.empty(query, took, opts)
                return replace(empty, generation=gen.name, notice=compiled.notice or None)
            found = execute.run(gen.compiler, searcher, compiled, opts, snippets, self._settings)
            hits, total, facets = found
        took = (time.perf_counter() - started) * 1000
        result = arrange.result(query, total, took, hits, opts, facets)
        return replace(result, generation=gen.name)

    def _expand(
        self, searcher: Searcher, compiled: Compiled, opts: request.SearchOptions
    ) -> Compiled:
        """``compiled`` with the CoNg neighbours of its nouns that the index supports (see
        :mod:`.search.expand`): in the index at least as often as the word typed, and in the
        best first-pass articles."""
        user_dictionary = self._settings.user_dictionary
        found = paraphrases.candidates(
            compiled.words,
            lambda word: similar_nouns(word, paraphrases.NEIGHBOURS, user_dictionary),
        )
        counts: dict[str, int] = {}

        def df(word: str) -> int:
            if word not in counts:
                counts[word] = int(searcher.doc_frequency("body", word)) + int(
                    searcher.doc_frequency("title", word)
                )
            return counts[word]

        found = [e for e in found if df(e.similar) >= max(1, df(e.word))]
        if not found:
            return compiled
        from .engine import evaluate

        top = evaluate.run(searcher, compiled.query, opts.filter).top(paraphrases.SUPPORT_DOCS)
        words = [
            set(str(searcher.stored_fields(d).get("terms") or "").split()[::2]) for d, _ in top
        ]
        kept = paraphrases.supported(found, df, words, bool(top))
        return paraphrases.expand(compiled, kept, compiled.settings or self._settings)

    # ------------------------------------------------------------------ trend, related, scan

    def trend(
        self,
        query: str | Sequence[str],
        *,
        interval: str | None = None,
        **options: Unpack[TrendKwargs],
    ) -> Trend:
        """Matching articles per day, week, month or year (``interval``; chosen from the
        span when None), counted over every match of each query under the filters; with
        ``collapse`` (default) one story republished on several sites counts once. Several
        queries get the same periods. See :mod:`artindex.search.trend`."""
        from .search import insight

        with self._running, self._borrow() as (gen, searcher):
            return insight.trend(gen.compiler, searcher, self._settings, query, interval, options)

    def related(
        self,
        query: str,
        *,
        limit: int = 20,
        docs: int = DEFAULT_DOCS,
        **options: Unpack[TrendKwargs],
    ) -> Related:
        """Nouns over-represented in the best ``docs`` hits of ``query`` (under the filters)
        compared with the whole index, best first, scored by JLH. See
        :mod:`artindex.search.related`."""
        from .search import insight

        with self._running, self._borrow() as (gen, searcher):
            return insight.related(
                gen.compiler, searcher, self._settings, query, limit, docs, options
            )

    def scan(
        self,
        query: str,
        *,
        snippets: bool = True,
        batch: int = 500,
        expand: bool = False,
        **options: Unpack[SearchKwargs],
    ) -> Iterator[Hit]:
        """Every hit of ``query`` (not a page), in the order :meth:`search` pages them
        (rank, or ``sort``), near-duplicates collapsed unless ``collapse=False``, paraphrases
        added as :meth:`search` adds them with ``expand=True``; for exports.
        The matches are found once; hits (and their snippets) are made ``batch`` at a time as
        the iteration goes, on a searcher of the generation open when it started."""
        if batch < 1:
            raise QueryError(f"batch must be at least 1, not {batch}", "batch")
        opts = request.options(self._settings, 1, **options)
        text, opts = request.prepare(query, opts)
        self._current()
        return self._scan(text, opts, snippets, batch, expand)

    def _scan(
        self, text: str, opts: request.SearchOptions, snippets: bool, batch: int, expand: bool
    ) -> Iterator[Hit]:
        from .engine import evaluate

        with self._borrow() as (gen, searcher):
            compiled = (
                gen.compiler.compile(text, searcher.reader()) if text else arrange.match_all()
            )
            if expand and compiled.words:
                compiled = self._expand(searcher, compiled, opts)
            if queries.is_nothing(compiled.query):
                return
            gen.compiler.check_expansion(compiled.query, searcher.reader())
            matches = evaluate.run(searcher, compiled.query, opts.filter)
            opts = replace(opts, limit=max(1, len(matches)))
            ranking = compiled.settings or self._settings
            ranked = matches.top(len(matches))
            first = dict(ranked)

            def fields(docnum: int) -> dict[str, Any]:
                return dict(searcher.stored_fields(docnum))

            if ranking.feedback_docs > 0 and compiled.words and opts.sort == "relevance":
                ranked = execute.rerank_with_feedback(
                    gen.compiler, searcher, compiled, ranking, ranked, fields
                )
            run = arrange.Run(
                searcher, compiled, opts, matches, first, self._settings.snippet_chars
            )
            placed = run.page(ranked)
            terms = gen.compiler.highlight_terms(compiled, searcher.reader()) if snippets else {}
            for i in range(0, len(placed), batch):
                chunk = placed[i : i + batch]
                spans = (
                    match_spans_of(
                        searcher, (p.docnum for p in chunk), "body", terms.get("body", ())
                    )
                    if snippets
                    else {}
                )
                for p in chunk:
                    stored = fields(p.docnum)
                    hit = execute.hit(
                        searcher, p.docnum, stored, p.score, terms, snippets,
                        self._settings.snippet_chars, spans,
                    )  # fmt: skip
                    yield run.hit(hit, p, stored, terms)

    # ------------------------------------------------------------------ lookups

    def get(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        with self._current().searcher() as searcher:
            stored = searcher.document(id=article_id)
        return article_from_stored(dict(stored)) if stored else None

    def articles(self) -> Iterator[Article]:
        """Every stored article, in index order, from the generation open when iteration
        starts (a reader of its own, so a refresh meanwhile does not cut the iteration short).
        A closed index raises here, not at the first ``next``."""
        self._current()
        return self._stored_articles()

    def annotated_articles(self) -> Iterator[tuple[Article, dict[str, Any]]]:
        """Every stored article with what indexing found in it: ``people``, ``orgs``,
        ``places`` (lists of names) and ``quotes`` (``{text, speaker, title}`` each), for
        exports. Iterates like :meth:`articles`."""
        self._current()
        return self._annotated()

    def _annotated(self) -> Iterator[tuple[Article, dict[str, Any]]]:
        reader = self._current().ix.reader()
        try:
            for stored in reader.all_stored_fields():
                extra: dict[str, Any] = {k: list(stored.get(k) or ()) for k in ENTITY_KINDS}
                extra["quotes"] = [q.to_dict() for q in stored_quotes(stored)]
                yield article_from_stored(stored), extra
        finally:
            reader.close()

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
                found = stored.get("meta")
                meta = found if isinstance(found, dict) else {}
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
        if self._settings.query_analysis == "table":
            # no model: words analyzed from the word table, and no dictionary to tell a real
            # word the index lacks from a misspelling (see Settings.query_analysis)
            compiler = self._current().compiler
            return suggest_query(query, self._vocabulary(), compiler.morphemes)
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
            return vocabulary(key, reader, lambda: spellfile.load(gen.path))

    def similar(self, article_id: str, limit: int = 5, *, snippets: bool = False) -> SearchResult:
        """Articles related to ``article_id`` by its most distinctive words, best first, without
        the article itself and its near-duplicates. See :mod:`artindex.search.similar`."""
        if limit < 1:
            raise QueryError(f"limit must be at least 1, not {limit}")
        started = time.perf_counter()
        gen = self._current()
        with gen.searcher() as searcher:
            found = execute.similar(
                searcher, article_id, limit, snippets, self._settings.snippet_chars
            )
        if found is None:
            raise QueryError(f"no article with id {article_id!r} in {self._root.root}")
        words, hits = found
        took = (time.perf_counter() - started) * 1000
        return SearchResult(query=words, total=len(hits), took_ms=took, hits=hits)

    # ------------------------------------------------------------------ entities and quotes

    @contextmanager
    def _matching(
        self, query: str, options: SearchKwargs
    ) -> Iterator[tuple[request.SearchOptions, Searcher, list[tuple[int, float]]]]:
        """The checked options, a searcher and every document matching ``query`` under the
        filters (an empty query: every document) with its score, best first."""
        opts = request.options(self._settings, 10, **options)
        text, opts = request.prepare(query, opts)
        with self._running, self._borrow() as (gen, searcher):
            compiled = (
                gen.compiler.compile(text, searcher.reader()) if text else arrange.match_all()
            )
            ranked: list[tuple[int, float]] = []
            if not queries.is_nothing(compiled.query):
                from .engine import evaluate

                matches = evaluate.run(searcher, compiled.query, opts.filter)
                ranked = matches.top(len(matches))
            yield opts, searcher, ranked

    def entities(
        self,
        query: str,
        limit: int = 10,
        *,
        kinds: str | Sequence[str] | None = None,
        min_count: int = 1,
        **options: Unpack[SearchKwargs],
    ) -> Relations:
        """The people, organisations (``orgs``) and places most associated with ``query``:
        counted over all its matching articles and scored against the whole archive (see
        :mod:`artindex.search.entities`). ``options`` are ``search``'s filters."""
        if limit < 1:
            raise QueryError(f"limit must be at least 1, not {limit}", "limit")
        wanted = parse_kinds(kinds)
        started = time.perf_counter()
        with self._matching(query, options) as (opts, searcher, ranked):
            table = table_for(searcher.reader())
            found = associated(table, [d for d, _ in ranked], wanted, limit, min_count)
        took = (time.perf_counter() - started) * 1000
        return Relations(query, len(ranked), took, found, opts.filters.to_dict())

    def quotes(
        self,
        query: str = "",
        limit: int = 20,
        *,
        speaker: str | None = None,
        **options: Unpack[SearchKwargs],
    ) -> QuoteResult:
        """Direct quotations in the articles matching ``query`` (empty: all articles), with
        their speakers, in the articles' order (``sort``: relevance, newest, oldest); only
        ``speaker``'s when given (a full name, as extracted). ``options`` are ``search``'s
        filters and ``offset``/``page``."""
        if limit < 1:
            raise QueryError(f"limit must be at least 1, not {limit}", "limit")
        if speaker and speaker.strip():
            options = {**options, "person": speaker}
        started = time.perf_counter()
        with self._matching(query, options) as (opts, searcher, ranked):
            order = [d for d, _ in ranked]
            if opts.sort != "relevance" or not query.strip():
                order = request.by_date(order, table_for(searcher.reader()), opts)
            page, total, articles = collect(
                order,
                lambda docnum: dict(searcher.stored_fields(docnum)),
                article_from_stored,
                speaker,
                limit,
                opts.offset,
            )
        took = (time.perf_counter() - started) * 1000
        return QuoteResult(
            query, total, articles, took, tuple(page), speaker or "", opts.offset,
            opts.filters.to_dict(),
        )  # fmt: skip

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


# --- library calls that need no index (the shell's `ingest` and `analyze`) -----------------
# The ingest stack is imported inside each function, so opening an index never loads it.


def parse_files(
    files: Iterable[str | Path], settings: Settings | None = None
) -> Iterator[FileResult]:
    """Each file's :class:`~artindex.models.FileResult` (its articles and problems), parsed
    and normalized as a build would, without indexing them."""
    from .ingest.pipeline import ingest

    return ingest(files, settings or load_settings())


def explain_lines(
    files: Iterable[str | Path], settings: Settings | None = None
) -> Iterator[tuple[Path, list[Any]]]:
    """Each page-dump file with the role given to each of its lines, and why."""
    from .ingest.pipeline import explain

    return explain(files, settings or load_settings())


def analyze(text: str, settings: Settings | None = None) -> list[Token]:
    """The tokens ``text`` is indexed as (form, tag, character offsets)."""
    return tokens(text, (settings or load_settings()).user_dictionary)
