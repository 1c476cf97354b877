"""Faces of an artindex index for other engines: an OpenSearch index definition whose Nori
analysis mirrors artindex's (:mod:`.opensearch`, :mod:`.nori`), the articles as ``_bulk`` files
(:mod:`.bulk`), and a search as the equivalent OpenSearch request (:mod:`.request`)."""

from __future__ import annotations

from .bulk import BULK_MAX_BYTES, BULK_MAX_DOCS, article_from_source, article_source, read_bulk
from .opensearch import ExportReport, export_opensearch, index_body
from .request import search_request

__all__ = [
    "BULK_MAX_BYTES",
    "BULK_MAX_DOCS",
    "ExportReport",
    "article_from_source",
    "article_source",
    "export_opensearch",
    "index_body",
    "read_bulk",
    "search_request",
]
