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
    ArtindexError,
    ConfigError,
    IndexClosedError,
    IndexDamagedError,
    IndexLockedError,
    IndexMismatchError,
    IndexNotFoundError,
    IngestError,
    QueryError,
)
from .indexer import build, build_articles, update
from .ingest import parse_file
from .models import Article, BuildReport, Hit, Problem, SearchResult, Token
from .settings import Settings, load_settings

__all__ = [
    "Article",
    "ArtindexError",
    "BuildReport",
    "ConfigError",
    "Hit",
    "Index",
    "IndexClosedError",
    "IndexDamagedError",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexNotFoundError",
    "IndexStats",
    "IngestError",
    "Problem",
    "QueryError",
    "SearchResult",
    "Settings",
    "Token",
    "__version__",
    "build",
    "build_articles",
    "load_settings",
    "parse_file",
    "update",
]
