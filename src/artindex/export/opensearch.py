"""An artindex index as an OpenSearch index: ``index.json`` (settings and mappings with Nori
analysis mirroring artindex's), ``bulk-NNNNN.ndjson`` files and a README with the commands to
create and load it. See docs/scale-out.md."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..analysis.morphology import ANALYZER_VERSION, kiwi_version
from ..errors import ArtindexError
from ..settings import Settings
from .bulk import BULK_MAX_BYTES, BULK_MAX_DOCS, BULK_PATTERN, FILTER_KEYS, Exported, write_bulk
from .nori import (
    DECOMPOUND_MODE,
    index_stop_tags,
    load_synonym_groups,
    query_stop_tags,
    query_stopwords,
    synonym_rules,
    user_dictionary_rules,
)

INDEX_ANALYZER = "artindex_korean"
SEARCH_ANALYZER = "artindex_korean_search"
INDEX_FILE = "index.json"
README_FILE = "README.md"


class ExportError(ArtindexError):
    """The export could not be written."""


def analysis(settings: Settings) -> dict[str, Any]:
    """The ``settings.analysis`` section: one Nori tokenizer and two analyzers. The index
    analyzer drops what artindex drops; the search analyzer also drops question words and
    applies the synonyms (at query time only, as artindex does)."""
    tokenizer: dict[str, Any] = {
        "type": "nori_tokenizer",
        "decompound_mode": DECOMPOUND_MODE,
        "discard_punctuation": True,
    }
    rules = user_dictionary_rules(settings.user_dictionary)
    if rules:
        tokenizer["user_dictionary_rules"] = rules
    filters: dict[str, Any] = {
        "artindex_pos": {"type": "nori_part_of_speech", "stoptags": index_stop_tags()},
        "artindex_query_pos": {"type": "nori_part_of_speech", "stoptags": query_stop_tags()},
        "artindex_question_words": {"type": "stop", "stopwords": query_stopwords()},
        "artindex_english_stem": {"type": "snowball", "language": "English"},
    }
    search = ["artindex_query_pos", "lowercase", "artindex_question_words"]
    synonyms = synonym_rules(load_synonym_groups(settings.synonyms), settings.user_dictionary)
    if synonyms:
        filters["artindex_synonyms"] = {
            "type": "synonym_graph",
            "synonyms": synonyms,
            "expand": True,
            "lenient": True,
        }
        search.append("artindex_synonyms")
    search.append("artindex_english_stem")
    return {
        "tokenizer": {"artindex_nori": tokenizer},
        "filter": filters,
        "analyzer": {
            INDEX_ANALYZER: {
                "type": "custom",
                "tokenizer": "artindex_nori",
                "filter": ["artindex_pos", "lowercase", "artindex_english_stem"],
            },
            SEARCH_ANALYZER: {"type": "custom", "tokenizer": "artindex_nori", "filter": search},
        },
    }


SIMILARITY = "bm25"


def similarity(settings: Settings) -> dict[str, Any]:
    """BM25 with artindex's k1 and body length normalization. OpenSearch's published API types
    allow one custom similarity per kind, named after it ("bm25"), so the title shares the
    body's ``b`` (artindex's defaults are equal; see docs/scale-out.md); bylines and tags,
    which artindex does not length-normalize, have no norms instead."""
    return {
        SIMILARITY: {
            "type": "BM25",
            "k1": settings.bm25_k1,
            "b": settings.body_b,
            "discount_overlaps": True,
        }
    }


def _text(norms: bool = True) -> dict[str, Any]:
    field: dict[str, Any] = {
        "type": "text",
        "analyzer": INDEX_ANALYZER,
        "search_analyzer": SEARCH_ANALYZER,
        "similarity": SIMILARITY,
    }
    if not norms:
        field["norms"] = False
    return field


def mappings(settings: Settings) -> dict[str, Any]:
    """Fields mirroring artindex's: title and body analyzed; byline and tags kept whole, with
    an analyzed ``.text`` sub-field searched like artindex does; ``keys`` holds the normalized
    values artindex filters, counts and collapses on (see :func:`.bulk.filter_keys`)."""
    keyword: dict[str, Any] = {"type": "keyword"}
    return {
        "dynamic": "strict",
        "_meta": {
            "artindex_version": __version__,
            "analyzer_version": ANALYZER_VERSION,
            "kiwi_version": kiwi_version(),
            "boosts": {
                "title": settings.title_boost,
                "byline": settings.byline_boost,
                "tags": settings.tags_boost,
            },
        },
        "properties": {
            "title": _text(),
            "body": _text(),
            "byline": {**keyword, "fields": {"text": _text(norms=False)}},
            "tags": {**keyword, "fields": {"text": _text(norms=False)}},
            "source": keyword,
            "date": {"type": "date"},
            "updated": {"type": "date"},
            "url": keyword,
            "lang": keyword,
            "path": keyword,
            "fingerprint": keyword,
            # found at index time (analysis/entities.py, analysis/quotes.py)
            "people": keyword,
            "orgs": keyword,
            "places": keyword,
            "quotes": {
                "properties": {"text": _text(), "speaker": keyword, "title": keyword},
            },
            "subtitle": _text(),
            "keys": {
                "properties": {name: keyword for name in (*FILTER_KEYS, "fingerprint")},
            },
        },
    }


def index_body(settings: Settings, shards: int = 1, replicas: int = 1) -> dict[str, Any]:
    """The body of ``PUT /<index>``: settings (shards, analysis, similarity) and mappings."""
    return {
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": replicas,
            "similarity": similarity(settings),
            "analysis": analysis(settings),
        },
        "mappings": mappings(settings),
    }


@dataclass(slots=True)
class ExportReport:
    """What an export wrote."""

    out: Path
    articles: int = 0
    files: list[Path] = field(default_factory=list)
    oversized: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "articles": self.articles,
            "files": [p.name for p in self.files],
            "oversized": list(self.oversized),
        }


def export_opensearch(
    articles: Iterable[Exported],
    out: str | Path,
    settings: Settings,
    *,
    name: str = "artindex",
    max_bytes: int = BULK_MAX_BYTES,
    max_docs: int = BULK_MAX_DOCS,
) -> ExportReport:
    """Write ``index.json``, the bulk files and README.md into ``out`` (created if missing;
    bulk files of an earlier export there are replaced)."""
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("bulk-*.ndjson"):
            old.unlink()
        body = json.dumps(index_body(settings), ensure_ascii=False, indent=2)
        (folder / INDEX_FILE).write_text(body + "\n", encoding="utf-8")
        bulk = write_bulk(articles, folder, max_bytes, max_docs)
        report = ExportReport(folder, bulk.articles, [folder / INDEX_FILE, *bulk.files])
        report.oversized = bulk.oversized
        (folder / README_FILE).write_text(readme(name, report), encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"{folder}: cannot write the export ({exc.strerror})") from exc
    report.files.append(folder / README_FILE)
    return report


def readme(name: str, report: ExportReport) -> str:
    """How to create the index and load the bulk files (curl and opensearch-py)."""
    bulk = [p.name for p in report.files if p.name.endswith(".ndjson")]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return _README.format(
        name=name,
        articles=report.articles,
        files=len(bulk),
        first=bulk[0] if bulk else BULK_PATTERN.format(1),
        version=__version__,
        stamp=stamp,
    )


_README = """\
# OpenSearch export of an artindex index

{articles} articles in {files} bulk file(s) (`{first}`, ...), exported by artindex {version}
on {stamp}. `index.json` creates an index whose analysis mirrors artindex's with Lucene's
Korean analyzer (Nori); `_id` is the artindex article id, so loading again replaces, never
duplicates.

The cluster needs the Nori plugin on every node:
`bin/opensearch-plugin install analysis-nori` (then restart the node).

## With curl

```sh
OS=http://localhost:9200            # add -u user:password or --cacert as your cluster needs
curl -fsS -XPUT "$OS/{name}" -H 'Content-Type: application/json' --data-binary @index.json
for f in bulk-*.ndjson; do
  curl -fsS -XPOST "$OS/{name}/_bulk" -H 'Content-Type: application/x-ndjson' \\
       --data-binary @"$f" | grep -q '"errors":false' || echo "$f: some documents failed"
done
curl -fsS -XPOST "$OS/{name}/_refresh"
curl -fsS "$OS/{name}/_count"
```

## With opensearch-py

```python
import json
from pathlib import Path

from opensearchpy import OpenSearch

client = OpenSearch("http://localhost:9200")
here = Path(".")
client.indices.create(index="{name}", body=json.loads((here / "index.json").read_text("utf-8")))
for path in sorted(here.glob("bulk-*.ndjson")):
    response = client.bulk(body=path.read_text("utf-8"), index="{name}")
    if response["errors"]:
        raise SystemExit(f"{{path}}: some documents failed")
client.indices.refresh(index="{name}")
print(client.count(index="{name}")["count"], "articles")
```

## Searching

`artindex search QUERY --index DIR --as opensearch` prints the request body artindex would
send for QUERY (BM25 over title and body with artindex's boosts, highlight, size):

```sh
artindex search "창조경제박람회는 어디에서 열렸나?" --as opensearch > query.json
curl -fsS -XPOST "$OS/{name}/_search" -H 'Content-Type: application/json' --data-binary @query.json
```
"""
