"""artindex: a searchable full-text index of news articles, Korean first.

>>> import artindex
>>> artindex.build(["corpus"], "index")          # doctest: +SKIP
>>> with artindex.Index.open("index") as idx:    # doctest: +SKIP
...     for hit in idx.search("박람회"):
...         print(hit.title, hit.snippet)
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import Index, IndexStats
from .errors import (
    ArticleError,
    ArtindexError,
    ConfigError,
    IndexLockedError,
    IndexMismatchError,
    IndexNotFoundError,
    IndexWriteError,
    IngestError,
    QueryError,
    SourceError,
)
from .indexer import add_articles, build, build_articles, delete_articles, remove, update
from .ingest import parse_file
from .models import Article, BuildReport, Hit, Problem, SearchResult, Token
from .settings import Settings, load_settings
from .suggest import Suggestion

__all__ = [
    "Article",
    "ArticleError",
    "ArtindexError",
    "BuildReport",
    "ConfigError",
    "Hit",
    "Index",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexNotFoundError",
    "IndexStats",
    "IndexWriteError",
    "IngestError",
    "Problem",
    "QueryError",
    "SearchResult",
    "Settings",
    "SourceError",
    "Suggestion",
    "Token",
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
