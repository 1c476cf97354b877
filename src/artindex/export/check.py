"""``artindex export opensearch --check``: does the exported index answer like artindex?

For each query of a test set the search is translated (:func:`.request.search_request`) and the
translated query text is run through the exported search analyzer by Lucene's own Nori
(:mod:`.lucene`); artindex's top hits (the fields the request searches: title, body, byline,
tags) are run through the exported index analyzer. Per query
this gives the words each engine searches for, the words of those searched that each finds in
artindex's top hits, and how many of those hits the translated request also matches (it is an
OR: one shared word is a match). No cluster is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis.morphology import analyze, morphemes
from ..analysis.query import content_words
from ..errors import ArtindexError, QueryError
from ..settings import Settings
from . import lucene
from .opensearch import INDEX_ANALYZER, SEARCH_ANALYZER, index_body
from .request import search_request

if TYPE_CHECKING:
    from ..api import Index


class CheckError(ArtindexError):
    """The check cannot run (no Java or no Lucene jars)."""


@dataclass(frozen=True, slots=True)
class QueryCheck:
    """One query: the words each engine searches, and what each finds in artindex's top hits."""

    query: str
    artindex_terms: tuple[str, ...]
    nori_terms: tuple[str, ...]
    hits: int  # artindex's top hits looked at
    matched: int  # of those, the ones the translated request matches too
    artindex_matched: tuple[str, ...]  # query words artindex finds in those hits
    nori_matched: tuple[str, ...]  # query words Nori finds in them
    error: str = ""  # the translation refused the query

    @property
    def agreement(self) -> float:
        """Jaccard overlap of the searched words (1.0: the same words)."""
        a, n = set(self.artindex_terms), set(self.nori_terms)
        return len(a & n) / len(a | n) if a | n else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "artindex_terms": list(self.artindex_terms),
            "nori_terms": list(self.nori_terms),
            "agreement": round(self.agreement, 3),
            "hits": self.hits,
            "matched": self.matched,
            "artindex_matched": list(self.artindex_matched),
            "nori_matched": list(self.nori_matched),
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class CheckReport:
    checks: tuple[QueryCheck, ...]

    @property
    def agreement(self) -> float:
        done = [c for c in self.checks if not c.error]
        return sum(c.agreement for c in done) / len(done) if done else 0.0

    @property
    def hits(self) -> int:
        return sum(c.hits for c in self.checks)

    @property
    def matched(self) -> int:
        return sum(c.matched for c in self.checks)

    def lines(self) -> list[str]:
        """One line per query, then the summary (what ``--check`` prints)."""
        out = []
        for c in self.checks:
            if c.error:
                out.append(f"{c.query}\trefused: {c.error}")
                continue
            out.append(
                f"{c.query}\tartindex {' '.join(c.artindex_terms) or '-'}\tnori "
                f"{' '.join(c.nori_terms) or '-'}\ttop hits matched {c.matched}/{c.hits}"
            )
        out.append(
            f"checked {len(self.checks)} queries: word agreement {self.agreement:.2f}, "
            f"artindex's top hits the translated request matches {self.matched}/{self.hits}"
        )
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "queries": len(self.checks),
            "agreement": round(self.agreement, 3),
            "hits": self.hits,
            "matched": self.matched,
            "checks": [c.to_dict() for c in self.checks],
        }


def read_queries(path: str | Path) -> list[str]:
    """The test queries of a file: one a line; blank lines and ``#`` comments skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckError(f"{path}: cannot read the test queries ({exc})") from exc
    return [q.strip() for q in lines if q.strip() and not q.lstrip().startswith("#")]


def _query_text(body: dict[str, Any]) -> str:
    must = body["query"]["bool"]["must"][0]
    for kind in ("multi_match", "query_string"):
        if kind in must:
            return str(must[kind]["query"])
    return ""  # match_all: only filters


def check_queries(
    idx: Index,
    queries: Sequence[str],
    settings: Settings,
    *,
    depth: int = 5,
    index_json: dict[str, Any] | None = None,
) -> CheckReport:
    """Check each of ``queries`` (see the module docstring) against ``idx``'s top ``depth``."""
    why = lucene.missing()
    if why:
        raise CheckError(f"cannot run the Nori check: {why}")
    chain = index_json if index_json is not None else index_body(settings)
    texts: list[str] = []
    errors: list[str] = []
    for query in queries:
        try:
            texts.append(_query_text(search_request(query, settings, depth, correct=False)))
            errors.append("")
        except QueryError as exc:
            texts.append("")
            errors.append(str(exc))
    hit_ids = [
        [h.id for h in idx.search(q, depth, correct=False, snippets=False)] if not e else []
        for q, e in zip(queries, errors, strict=True)
    ]
    bodies = {i: _article_text(idx, i) for ids in hit_ids for i in ids}
    order = list(bodies)
    nori_queries = lucene.analyze(chain, SEARCH_ANALYZER, texts)
    nori_docs = dict(
        zip(order, lucene.analyze(chain, INDEX_ANALYZER, list(bodies.values())), strict=True)
    )
    checks = []
    for query, text, error, ids, tokens in zip(
        queries, texts, errors, hit_ids, nori_queries, strict=True
    ):
        ours = tuple(dict.fromkeys(w.text for w in _words(text, settings)))
        theirs = tuple(dict.fromkeys(t.text for t in tokens))
        ours_found: set[str] = set()
        theirs_found: set[str] = set()
        matched = 0
        for doc_id in ids:
            kiwi = {t for t, _, _, _ in analyze(bodies[doc_id], settings.user_dictionary).morph}
            nori = {t.text for t in nori_docs[doc_id]}
            ours_found |= kiwi & set(ours)
            shared = nori & set(theirs)
            theirs_found |= shared
            matched += bool(shared)
        checks.append(
            QueryCheck(
                query, ours, theirs, len(ids), matched,
                tuple(w for w in ours if w in ours_found),
                tuple(w for w in theirs if w in theirs_found),
                error,
            )
        )  # fmt: skip
    return CheckReport(tuple(checks))


def _words(text: str, settings: Settings) -> list[Any]:
    if not text:
        return []
    return content_words(text, morphemes(text, settings.user_dictionary))


def _article_text(idx: Index, article_id: str) -> str:
    article = idx.get(article_id)
    if article is None:
        return ""
    # the fields the translated request searches: title, body, byline.text, tags.text
    return "\n".join([article.title, article.body, article.byline, *article.tags])
