"""Build and update an index: the public operations (``build``, ``update``, ``remove``,
``add_articles``, ``delete_articles``, ``build_articles``). How they work, stage by stage
(plan, read, write, workers), is in the ``indexing`` package; this module only names them,
so ``from artindex.indexer import build`` keeps working."""

from __future__ import annotations

from .indexing.operations import (
    DEFAULT_SOURCE,
    add_articles,
    build,
    build_articles,
    delete_articles,
    remove,
    update,
)
from .indexing.plan import source_key
from .indexing.read import Progress
from .indexing.session import limit_body

__all__ = [
    "DEFAULT_SOURCE",
    "Progress",
    "add_articles",
    "build",
    "build_articles",
    "delete_articles",
    "limit_body",
    "remove",
    "source_key",
    "update",
]
