"""artindex: a searchable full-text index of news articles, Korean first.

>>> import artindex
>>> artindex.build(["corpus"], "index")          # doctest: +SKIP
>>> with artindex.Index.open("index") as idx:    # doctest: +SKIP
...     for hit in idx.search("박람회"):
...         print(hit.title, hit.snippet)
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

from .errors import (
    ArticleError,
    ArtindexError,
    ConfigError,
    IndexClosedError,
    IndexDamagedError,
    IndexLockedError,
    IndexMismatchError,
    IndexNotFoundError,
    IndexWriteError,
    IngestError,
    QueryError,
    SourceError,
)

if TYPE_CHECKING:
    from .api import Index, IndexStats
    from .indexer import add_articles, build, build_articles, delete_articles, remove, update
    from .ingest import parse_file
    from .models import Article, BuildReport, DidYouMean, Hit, Problem, SearchResult, Token
    from .search.related import Related, RelatedTerm
    from .search.suggest import Suggestion
    from .search.trend import Trend, TrendBucket, TrendSeries
    from .settings import Settings, load_settings

# Each public name's module, imported on first use: ``import artindex`` stays cheap, searching
# never loads the ingest stack (trafilatura, numpy), and indexing never loads what it lacks.
_LAZY = {
    "Index": "api",
    "IndexStats": "api",
    "build": "indexer",
    "build_articles": "indexer",
    "update": "indexer",
    "add_articles": "indexer",
    "delete_articles": "indexer",
    "remove": "indexer",
    "parse_file": "ingest",
    "Article": "models",
    "BuildReport": "models",
    "DidYouMean": "models",
    "Hit": "models",
    "Problem": "models",
    "SearchResult": "models",
    "Token": "models",
    "Settings": "settings",
    "load_settings": "settings",
    "Suggestion": "search.suggest",
    "Trend": "search.trend",
    "TrendBucket": "search.trend",
    "TrendSeries": "search.trend",
    "Related": "search.related",
    "RelatedTerm": "search.related",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'artindex' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Article",
    "ArticleError",
    "ArtindexError",
    "BuildReport",
    "ConfigError",
    "DidYouMean",
    "Hit",
    "Index",
    "IndexClosedError",
    "IndexDamagedError",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexNotFoundError",
    "IndexStats",
    "IndexWriteError",
    "IngestError",
    "Problem",
    "QueryError",
    "Related",
    "RelatedTerm",
    "SearchResult",
    "Settings",
    "SourceError",
    "Suggestion",
    "Token",
    "Trend",
    "TrendBucket",
    "TrendSeries",
    "__version__",
    "add_articles",
    "build",
    "build_articles",
    "delete_articles",
    "load_settings",
    "parse_file",
    "remove",
    "update",
]
