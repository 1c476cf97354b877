"""The embeddable search API: :class:`Index` opens an index directory and answers queries.

Only artindex types cross this boundary. An open Index notices when a build or update swaps in
a new generation and moves to it before the next search, so a long-running app always searches
the last complete index.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Unpack

from whoosh import index as whoosh_index
from whoosh import query as wq

from . import browse, browse_run
from .analysis import ENGLISH_STOPWORDS, QUESTION_WORDS, get_kiwi
from .browse import SearchKwargs
from .errors import IndexNotFoundError, QueryError
from .feedback import FeedbackDoc, expansion_terms
from .indexer import check_compatible
from .models import Article, Hit, SearchResult
from .query import Compiled, QueryCompiler, Synonyms, weighting
from .schema import article_from_stored
from .settings import Settings, load_settings
from .snippets import make_snippet, match_spans, surface_spans
from .store import IndexDir

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


class Index:
    """A searchable artindex index. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, root: IndexDir, settings: Settings) -> None:
        self._root = root
        self._settings = settings
        self._lock = threading.RLock()
        self._synonyms = Synonyms.load(settings.synonyms, settings.user_dictionary)
        self._ix: Any = None
        self._searcher: Any = None
        self._stamp: tuple[int, int] | None = None
        self._manifest: dict[str, Any] = {}
        self._compiler: QueryCompiler | None = None
        self._reload()
        # Kiwi loads its model lazily on the first call: pay that here, not in the first search.
        get_kiwi(settings.user_dictionary).tokenize("가")

    @classmethod
    def open(cls, path: str | Path = "index", settings: Settings | None = None) -> Index:
        """Open the index at ``path``. Raises IndexNotFoundError if there is none, and
        IndexMismatchError if it was analyzed with other settings than ``settings``."""
        return cls(IndexDir(path), settings or load_settings())

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
        stamp = self._manifest_stamp()
        manifest = self._root.read_manifest()
        check_compatible(manifest, self._settings, self._root.root)
        gen = self._root.generation_path(manifest)
        try:
            ix = whoosh_index.open_dir(str(gen))
        except Exception as exc:  # Whoosh's own errors for a damaged directory
            raise IndexNotFoundError(
                str(self._root.root), f"cannot open {gen.name}: {exc}"
            ) from exc
        old = self._searcher
        self._ix, self._searcher = ix, ix.searcher(weighting=weighting(self._settings))
        self._manifest, self._stamp = manifest, stamp
        self._compiler = QueryCompiler(ix.schema, self._settings, self._synonyms)
        if old is not None:
            old.close()

    def refresh(self) -> None:
        """Move to the newest complete generation if a writer swapped one in."""
        with self._lock:
            if self._manifest_stamp() != self._stamp:
                self._reload()

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        with self._lock:
            return int(self._searcher.doc_count())

    # ------------------------------------------------------------------ search

    def search(
        self,
        query: str,
        limit: int = 10,
        *,
        snippets: bool = True,
        **options: Unpack[SearchKwargs],
    ) -> SearchResult:
        """Ranked hits for ``query`` (plain words or Whoosh syntax), best first.

        ``options`` (the CLI flags carry the same names; see :func:`browse.options`): filters
        ``since``, ``until``, ``when``, ``tag``, ``source``, ``byline``, ``lang`` (also written
        in the query: ``date:2024-06-01``, ``tag:경제``...), ``sort`` (relevance, newest,
        oldest), ``offset`` or ``page``, ``facets``, ``recent``, ``collapse``, ``explain``,
        ``now``."""
        # --- filters hook (browse.py): options checked, filter clauses taken out of the text
        opts = browse.options(self._settings, limit, **options)
        text, opts = browse.prepare(query, opts)
        # --- end filters hook
        started = time.perf_counter()
        self.refresh()
        with self._lock:
            if self._searcher is None:
                raise QueryError("the index is closed")
            assert self._compiler is not None
            compiled = self._compiler.compile(text) if text else browse_run.match_all()
            if compiled.query is wq.NullQuery:
                took = (time.perf_counter() - started) * 1000
                return browse_run.empty(query, took, opts)
            searcher = self._searcher
            self._compiler.check_expansion(compiled.query, searcher.reader())
            ranking = compiled.settings or self._settings
            feedback = ranking.feedback_docs > 0 and bool(compiled.words)
            feedback = feedback and opts.sort == "relevance"  # filters hook
            depth = max(opts.depth, ranking.feedback_rerank) if feedback else opts.depth
            # filters hook: filter= restricts, so ``total`` counts only filtered hits
            results = searcher.search(compiled.query, limit=depth, filter=opts.filter)
            total = len(results)
            ranked = [(hit.docnum, float(hit.score or 0.0)) for hit in results]
            stored: dict[int, dict[str, Any]] = {}  # each document's stored fields, read once

            def fields(docnum: int) -> dict[str, Any]:
                if docnum not in stored:
                    stored[docnum] = searcher.stored_fields(docnum)
                return stored[docnum]

            first = dict(ranked)
            if feedback:
                ranked = self._rerank_with_feedback(searcher, compiled, ranking, ranked, fields)
            # --- filters hook: sort, recency, collapsing, paging, facets, explain (browse_run)
            run = browse_run.Run(
                searcher, compiled, opts, results, first, self._settings.snippet_chars
            )
            placed = run.page(ranked)
            terms = self._compiler.highlight_terms(compiled, searcher.reader()) if snippets else {}
            hits = tuple(
                run.hit(
                    self._hit(searcher, p.docnum, fields(p.docnum), p.score, terms, snippets),
                    p,
                    fields(p.docnum),
                    terms,
                )
                for p in placed
            )
            facets = run.facets()
            # --- end filters hook
        took = (time.perf_counter() - started) * 1000
        return browse_run.result(query, int(total), took, hits, opts, facets)

    def _rerank_with_feedback(
        self,
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
        assert self._compiler is not None
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
        bonus = self._compiler.feedback_scores(
            searcher, compiled, terms, sorted(d for d, _ in head)
        )
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
    ) -> Hit:
        snippet, highlights = "", list[tuple[int, int]]()
        if with_snippet:
            body = stored.get("body", "")
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
        self.refresh()
        with self._lock:
            stored = self._searcher.document(id=article_id)
        return article_from_stored(stored) if stored else None

    def stats(self) -> IndexStats:
        self.refresh()
        languages: dict[str, int] = {}
        sources: dict[str, int] = {}
        with self._lock:
            for stored in self._searcher.all_stored_fields():
                meta = stored.get("meta") or {}
                lang = meta.get("lang") or "?"
                languages[lang] = languages.get(lang, 0) + 1
                source = meta.get("source") or "?"
                sources[source] = sources.get(source, 0) + 1
            count = int(self._searcher.doc_count())
        size = sum(f.stat().st_size for f in self._root.root.rglob("*") if f.is_file())
        m = self._manifest
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
