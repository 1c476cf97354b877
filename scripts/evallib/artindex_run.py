"""The artindex row: build through ``artindex.indexer.build_articles``, search through
``artindex.api.Index``, and tune the query-time ranking knobs on the dev half only."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .data import Collection, Query

Run = dict[str, list[str]]

# Query-time knobs searched by --tune (byline_boost and tags_boost are left alone: none of the
# collections has bylines or tags). Values are tried one knob at a time, in one pass by default.
GRID: dict[str, tuple[float, ...]] = {
    "title_boost": (1.0, 1.5, 2.0, 3.0, 4.0),
    "bigram_weight": (0.0, 0.2, 0.4, 0.6, 1.0),
    "exact_weight": (0.0, 0.15, 0.3, 0.6),
    "bm25_k1": (0.9, 1.2, 2.0, 3.0, 4.0),
    "body_b": (0.3, 0.5, 0.75, 0.9),
    "title_b": (0.2, 0.5, 0.75),
    "coord": (0.0, 0.15, 0.3, 0.6),
    "feedback_docs": (0, 5, 10),
}


def with_knobs(settings: Any, lang: str, **knobs: Any) -> Any:
    """``settings`` with ranking ``knobs`` set for queries in ``lang``: inside that language's
    profile when it has one (a profile overrides the top-level value), else at the top level."""
    if lang in settings.languages:
        profile = {**settings.languages[lang], **knobs}
        return settings.replace(languages={**settings.languages, lang: profile})
    return settings.replace(**knobs)


def available() -> str:
    """Empty if the artindex public API needed here imports, else why not."""
    try:
        from artindex import api, errors, indexer, models, settings

        for module, name in [
            (api, "Index"),
            (errors, "QueryError"),
            (indexer, "build_articles"),
            (models, "Article"),
            (settings, "Settings"),
        ]:
            getattr(module, name)
    except Exception as exc:  # any failure means "no artindex row", reported in the table
        return f"{type(exc).__name__}: {exc}"
    return ""


def default_settings() -> Any:
    from artindex.settings import Settings

    return Settings()


def build(coll: Collection, index_path: Path) -> float:
    """Index the collection as articles (title + body); return the build time in seconds."""
    from artindex import indexer, models

    started = time.perf_counter()
    articles = (
        models.Article(id=d.id, title=d.title, body=d.text, lang=coll.lang) for d in coll.docs
    )
    indexer.build_articles(articles, index_path, default_settings())
    return time.perf_counter() - started


@dataclass
class Searched:
    run: Run
    errors: int  # queries that raised QueryError, counted as no results
    seconds: float


def search(
    index_path: Path, queries: Sequence[Query], settings: Any, limit: int, **args: Any
) -> Searched:
    """Plain user text in, ranked ids out; a ``QueryError`` counts as an empty result.
    ``args`` are more ``Index.search`` keyword arguments (``expand=False``)."""
    from artindex import api
    from artindex.errors import QueryError

    run: Run = {}
    errors = 0
    started = time.perf_counter()
    idx = api.Index.open(index_path, settings=settings)
    try:
        for q in queries:
            try:
                run[q.id] = [
                    hit.id for hit in idx.search(q.text, limit=limit, snippets=False, **args)
                ]
            except QueryError:
                run[q.id] = []
                errors += 1
    finally:
        close = getattr(idx, "close", None)
        if callable(close):
            close()
    return Searched(run, errors, time.perf_counter() - started)


def tune(
    index_path: Path,
    dev: Sequence[Query],
    limit: int,
    objective: Callable[[Run], float],
    lang: str,
    rounds: int = 1,
) -> tuple[Any, float, list[str]]:
    """Coordinate search over :data:`GRID` on the dev queries only; returns the best settings,
    their dev objective and a log of the improvements."""
    best = default_settings()
    best_score = objective(search(index_path, dev, best, limit).run)
    log = [f"defaults {best_score:.4f}"]
    tried: dict[tuple[Any, ...], float] = {tuple(knobs(best, lang).values()): best_score}
    for _ in range(rounds):
        improved = False
        for knob, values in GRID.items():
            for value in values:
                candidate = with_knobs(best, lang, **{knob: value})
                key = tuple(knobs(candidate, lang).values())
                if key in tried:
                    continue
                score = objective(search(index_path, dev, candidate, limit).run)
                tried[key] = score
                if score > best_score + 1e-6:
                    best, best_score, improved = candidate, score, True
                    log.append(f"{knob}={value} {score:.4f}")
                    print(f"  tune: {knob}={value} -> {score:.4f}", file=sys.stderr)
        if not improved:
            break
    return best, best_score, log


def knobs(settings: Any, lang: str) -> dict[str, float]:
    """The knobs in effect for queries in ``lang``."""
    effective = settings.for_language(lang)
    return {k: getattr(effective, k) for k in GRID}
