"""Articles as OpenSearch ``_bulk`` files, and back.

Each file is one ``_bulk`` request body: an ``{"index": {"_id": ...}}`` action line, then the
article's ``_source`` line. The action names no ``_index``, so the request URL chooses the index.
Files are cut at ``max_bytes`` (10 MB by default, under the 10 MB request limit of the smallest
managed OpenSearch instances and well under the 100 MB ``http.max_content_length`` default) or
``max_docs`` articles, whichever comes first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import ArtindexError
from ..models import Article
from ..text.keys import byline_keys, lang_key, name_key, source_key, tag_key, url_key

BULK_MAX_BYTES = 10_000_000
BULK_MAX_DOCS = 5_000
BULK_PATTERN = "bulk-{:05d}.ndjson"
FILTER_KEYS = ("tag", "source", "byline", "lang", "url", "person", "org", "place")
_ENTITY_KEYS = {"people": "person", "orgs": "org", "places": "place"}  # field -> filter


class BulkFormatError(ArtindexError):
    """A bulk file is not what :func:`write_bulk` writes."""


def article_source(article: Article) -> dict[str, Any]:
    """The ``_source`` of an article: every field but the id (which is the ``_id``), and
    the keys artindex filters on (:func:`filter_keys`)."""
    data = article.to_dict()
    del data["id"]
    data["keys"] = filter_keys(article)
    return data


def filter_keys(article: Article) -> dict[str, Any]:
    """The normalized values artindex's filters and facets match (``engine.schema``'s
    ``f_tag``, ``f_source``, ``f_byline``, ``f_lang``), and the fingerprint near-duplicates
    are collapsed on (the id when there is none, so unfingerprinted articles never fold)."""
    return {
        "tag": [k for k in dict.fromkeys(tag_key(t) for t in article.tags) if k],
        "source": [k for k in (source_key(article.source),) if k],
        "byline": list(byline_keys(article.byline)),
        "lang": [k for k in (lang_key(article.lang),) if k],
        "url": [k for k in (url_key(article.url),) if k],
        "fingerprint": article.fingerprint or f"id:{article.id}",
    }


def article_from_source(doc_id: str, source: dict[str, Any]) -> Article:
    """The Article an exported document holds."""

    def date(name: str) -> datetime | None:
        value = source.get(name)
        return datetime.fromisoformat(value) if value else None

    return Article(
        id=doc_id,
        title=str(source.get("title", "")),
        body=str(source.get("body", "")),
        byline=str(source.get("byline", "")),
        date=date("date"),
        updated=date("updated"),
        tags=tuple(source.get("tags") or ()),
        source=str(source.get("source", "")),
        url=str(source.get("url", "")),
        lang=str(source.get("lang", "")),
        path=str(source.get("path", "")),
        fingerprint=str(source.get("fingerprint", "")),
        subtitle=str(source.get("subtitle", "")),
    )


@dataclass(slots=True)
class BulkFiles:
    """What :func:`write_bulk` wrote."""

    files: list[Path] = field(default_factory=list)
    articles: int = 0
    oversized: list[str] = field(default_factory=list)  # ids alone in a file above max_bytes


# An article, or an article with fields indexing found in it (people, orgs, places, quotes:
# ``Index.annotated_articles``), added to its ``_source``.
Exported = Article | tuple[Article, dict[str, Any]]


def _entry(item: Exported) -> tuple[str, bytes]:
    article, extra = item if isinstance(item, tuple) else (item, {})
    action = json.dumps({"index": {"_id": article.id}}, ensure_ascii=False)
    data = {**article_source(article), **extra}
    for name, kind in _ENTITY_KEYS.items():  # the entity filters' keys, as engine.schema's
        data["keys"][kind] = [k for k in dict.fromkeys(map(name_key, extra.get(name) or ())) if k]
    source = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return article.id, f"{action}\n{source}\n".encode()


def write_bulk(
    articles: Iterable[Exported],
    out: Path,
    max_bytes: int = BULK_MAX_BYTES,
    max_docs: int = BULK_MAX_DOCS,
) -> BulkFiles:
    """Write ``articles`` into ``out/bulk-00001.ndjson``, ``bulk-00002.ndjson``... An article
    larger than ``max_bytes`` on its own gets a file of its own and is reported."""
    if max_bytes < 1 or max_docs < 1:
        raise ArtindexError("bulk files need max_bytes and max_docs of at least 1")
    result = BulkFiles()
    chunk: list[bytes] = []
    size = 0

    def flush() -> None:
        nonlocal chunk, size
        if chunk:
            path = out / BULK_PATTERN.format(len(result.files) + 1)
            path.write_bytes(b"".join(chunk))
            result.files.append(path)
        chunk, size = [], 0

    for item in articles:
        article_id, entry = _entry(item)
        if chunk and (size + len(entry) > max_bytes or len(chunk) >= max_docs):
            flush()
        if len(entry) > max_bytes:
            result.oversized.append(article_id)
        chunk.append(entry)
        size += len(entry)
        result.articles += 1
    flush()
    return result


def read_bulk(paths: Iterable[Path]) -> Iterator[Article]:
    """The articles of bulk files written by :func:`write_bulk`, in order."""
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for number, action_line in enumerate(fh, 1):
                source_line = next(fh, "")
                try:
                    action = json.loads(action_line)["index"]
                    source = json.loads(source_line)
                except (ValueError, KeyError, TypeError):
                    raise BulkFormatError(
                        f"{path}: entry {number} is not an index action and a document"
                    ) from None
                yield article_from_source(str(action["_id"]), source)
