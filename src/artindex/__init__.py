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

if TYPE_CHECKING:
    from .api import Index, IndexStats
    from .indexer import build, build_articles, update
    from .ingest import parse_file
    from .models import Article, BuildReport, Hit, Problem, SearchResult, Token
    from .settings import Settings, load_settings

# Each public name's module, imported on first use: ``import artindex`` stays cheap, searching
# never loads the ingest stack (trafilatura, numpy), and indexing never loads what it lacks.
_LAZY = {
    "Index": "api",
    "IndexStats": "api",
    "build": "indexer",
    "build_articles": "indexer",
    "update": "indexer",
    "parse_file": "ingest",
    "Article": "models",
    "BuildReport": "models",
    "Hit": "models",
    "Problem": "models",
    "SearchResult": "models",
    "Token": "models",
    "Settings": "settings",
    "load_settings": "settings",
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
