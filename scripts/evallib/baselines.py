"""Baseline systems. Each returns ``{query id: [doc id, ...]}`` ranked best first."""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence

from whoosh import index as whoosh_index
from whoosh.analysis import Analyzer, StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup

from .bm25 import BM25
from .data import Collection

Run = dict[str, list[str]]
Tokenizer = Callable[[str], list[str]]

_SYNTAX = re.compile(r"[^\w\s]")


def whoosh_safe(text: str) -> str:
    """Neutralize Whoosh query syntax in user text: every non-word character (``? * : ( ) " ~ ^
    + - [ ] { }`` ...) becomes a space, and the text is lower-cased so ``AND``/``OR``/``NOT``/
    ``TO`` are ordinary (stop) words rather than operators."""
    return _SYNTAX.sub(" ", text).lower()


def whoosh_run(
    coll: Collection, limit: int, *, or_group: bool, analyzer: Analyzer | None = None
) -> Run:
    """Stock Whoosh: title and body as TEXT fields, default BM25F scoring, MultifieldParser
    over both fields with AND (Whoosh's default) or OR grouping."""
    analyzer = analyzer or StandardAnalyzer()
    schema = Schema(id=ID(stored=True), title=TEXT(analyzer=analyzer), body=TEXT(analyzer=analyzer))
    group = OrGroup if or_group else AndGroup
    runs: Run = {}
    with tempfile.TemporaryDirectory(prefix="eval-whoosh-") as tmp:
        ix = whoosh_index.create_in(tmp, schema)
        with ix.writer(limitmb=256) as writer:
            for d in coll.docs:
                writer.add_document(id=d.id, title=d.title, body=d.text)
        parser = MultifieldParser(["title", "body"], schema=ix.schema, group=group)
        with ix.searcher() as searcher:
            for q in coll.queries:
                query = parser.parse(whoosh_safe(q.text))
                runs[q.id] = [hit["id"] for hit in searcher.search(query, limit=limit)]
        ix.close()
    return runs


def bm25_run(
    coll: Collection,
    limit: int,
    doc_tokens: Sequence[Sequence[str]],
    query_tokens: Sequence[Sequence[str]],
    k1: float = 1.2,
    b: float = 0.75,
) -> Run:
    """BM25 over one field (title and text joined), given tokens per doc and per query."""
    engine = BM25(doc_tokens, k1=k1, b=b)
    ids = [d.id for d in coll.docs]
    return {
        q.id: [ids[i] for i, _ in engine.search(toks, limit)]
        for q, toks in zip(coll.queries, query_tokens, strict=True)
    }


def tokenize_all(coll: Collection, tokenizer: Tokenizer) -> tuple[list[list[str]], list[list[str]]]:
    docs = [tokenizer(d.title + "\n" + d.text) for d in coll.docs]
    queries = [tokenizer(q.text) for q in coll.queries]
    return docs, queries


def rrf(runs: Sequence[Run], limit: int, k: int = 60) -> Run:
    """Reciprocal rank fusion: ``sum 1 / (k + rank)`` over the fused runs."""
    fused: Run = {}
    for qid in runs[0]:
        scores: dict[str, float] = defaultdict(float)
        for run in runs:
            for rank, doc_id in enumerate(run.get(qid, ()), 1):
                scores[doc_id] += 1.0 / (k + rank)
        fused[qid] = sorted(scores, key=lambda d: (-scores[d], d))[:limit]
    return fused
