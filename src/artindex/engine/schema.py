"""The Whoosh schema and the mapping of an analyzed article onto its fields."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from whoosh import columns, fields

from ..analysis.entities import Entities, extract_entities
from ..analysis.morphology import Analysis, Morpheme, Quad, analyze_morphemes
from ..analysis.quotes import extract_quotes
from ..models import Article
from ..text.keys import byline_keys, byline_names, lang_key, name_key, source_key, tag_key, url_key
from .analyzers import ArtindexAnalyzer, PreAnalyzed
from .formats import packed

# 10: positions and character spans packed as typed arrays (engine/formats.py), not pickled;
# 9: the parts field (compound parts that agree with morpheme boundaries), numbers whole;
# 8: the url filter field (f_url, text/keys.url_key);
# 7: the subtitle (stored in meta; its words indexed in the title field, after a gap);
# 6: people, orgs, places and quotes per article (analysis/entities.py, analysis/quotes.py);
# 5: fingerprints hash shingles with SplitMix64 in numpy (were blake2b, one by one);
# 4: the engine/ layout (the pickled analyzer and field classes moved);
# 3: exact-value filter fields and the card column (search/filters.py)
SCHEMA_VERSION = 10

# Fields searched by a plain query, with the settings attribute that weighs each one.
MORPH_FIELDS = ("title", "body", "byline", "tags")
EXACT_FIELD = "exact"
BIGRAM_FIELD = "bigram"
PARTS_FIELD = "parts"  # what a query word matches inside compounds (예산 in 예산안)
SEPARATOR = "\n\n"
SUBTITLE_GAP = 100  # positions between the title's words and the subtitle's (no phrase spans)


class AnalyzedText(fields.TEXT):  # type: ignore[misc]
    """A TEXT field that also accepts :class:`PreAnalyzed` tokens (Whoosh itself takes only
    strings, or lists that it would re-number itself). Positions and character spans are
    stored packed (:mod:`.formats`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.format: Any = packed(self.format)

    def index(self, value: Any, **kwargs: Any) -> Any:
        if not isinstance(value, PreAnalyzed):
            return super().index(value, **kwargs)
        kwargs.setdefault("mode", "index")
        return (
            (text.encode("utf-8"), freq, weight, vbytes)
            for text, freq, weight, vbytes in self.format.word_values(
                value, self.analyzer, **kwargs
            )
        )


def make_schema(user_dictionary: str = "") -> fields.Schema:
    """The index schema. Analyzers carry only their kind and dictionary path, so the pickled
    schema stays small and Kiwi is loaded lazily wherever the index is opened."""
    morph = ArtindexAnalyzer("morph", user_dictionary)
    exact = ArtindexAnalyzer("exact", user_dictionary)
    bigram = ArtindexAnalyzer("bigram", user_dictionary)
    parts = ArtindexAnalyzer("parts", user_dictionary)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        path=fields.ID(stored=True),
        title=AnalyzedText(analyzer=morph, phrase=True),
        body=AnalyzedText(analyzer=morph, stored=True, chars=True),
        byline=AnalyzedText(analyzer=morph),
        tags=AnalyzedText(analyzer=morph),
        exact=AnalyzedText(analyzer=exact, phrase=False),
        bigram=AnalyzedText(analyzer=bigram, phrase=False),
        parts=AnalyzedText(analyzer=parts, phrase=False),
        date=fields.DATETIME(sortable=True),
        meta=fields.STORED(),
        terms=fields.STORED(),  # title and body word counts, for query expansion
        # exact values for filters, and one compact per-document card for facets, sorting and
        # collapsing (see search_filters.py and doctable.py)
        f_tag=fields.KEYWORD(commas=True, scorable=False),
        f_source=fields.ID(),
        f_byline=fields.KEYWORD(commas=True, scorable=False),
        f_lang=fields.ID(),
        f_url=fields.ID(),
        f_card=fields.COLUMN(columns.VarBytesColumn()),
        # entities (exact keys, stored as written) and quotes as [text, speaker, title]
        people=fields.KEYWORD(stored=True, commas=True, scorable=False),
        orgs=fields.KEYWORD(stored=True, commas=True, scorable=False),
        places=fields.KEYWORD(stored=True, commas=True, scorable=False),
        quotes=fields.STORED(),
    )


@dataclass(frozen=True, slots=True)
class Layout:
    """Where each part of an article sits in the single text Kiwi analyzes."""

    text: str
    bounds: dict[str, tuple[int, int]]


def layout(article: Article) -> Layout:
    """Join title, byline, tags, body and subtitle into one text, so one Kiwi call serves every
    field (the subtitle last, so articles without one analyze exactly as before)."""
    parts = {
        "title": article.title,
        "byline": article.byline,
        "tags": " , ".join(article.tags),
        "body": article.body,
    }
    if article.subtitle:
        parts["subtitle"] = article.subtitle
    bounds: dict[str, tuple[int, int]] = {}
    chunks: list[str] = []
    offset = 0
    for name, value in parts.items():
        bounds[name] = (offset, offset + len(value))
        chunks.append(value)
        offset += len(value) + len(SEPARATOR)
    return Layout(SEPARATOR.join(chunks), bounds)


def _slice(stream: tuple[Quad, ...], lo: int, hi: int) -> list[Quad]:
    """The tokens inside [lo, hi), re-based to that part's offsets and positions."""
    part = [t for t in stream if lo <= t[2] and t[3] <= hi]
    if not part:
        return part
    first = part[0][1]
    return [(text, pos - first, start - lo, end - lo) for text, pos, start, end in part]


def _after(first: list[Quad], second: list[Quad]) -> list[Quad]:
    """``second`` appended to ``first``, its positions past a gap (offsets are not stored)."""
    start = (first[-1][1] + 1 if first else 0) + SUBTITLE_GAP
    return first + [(text, pos + start, lo, hi) for text, pos, lo, hi in second]


def to_utc_naive(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def document(article: Article, morphs: list[Morpheme], lay: Layout) -> dict[str, Any]:
    """Keyword arguments for ``writer.add_document``: pre-analyzed streams plus stored values."""
    analysis: Analysis = analyze_morphemes(lay.text, morphs)
    doc: dict[str, Any] = {"id": article.id, "path": article.path}
    streams = {name: _slice(analysis.morph, *lay.bounds[name]) for name in MORPH_FIELDS}
    if "subtitle" in lay.bounds:  # searched with the title's weight, as a deck is
        streams["title"] = _after(streams["title"], _slice(analysis.morph, *lay.bounds["subtitle"]))
    for name, stream in streams.items():
        doc[name] = PreAnalyzed(stream)
    doc[EXACT_FIELD] = PreAnalyzed(analysis.exact)
    doc[BIGRAM_FIELD] = PreAnalyzed(analysis.bigram)
    doc[PARTS_FIELD] = PreAnalyzed(analysis.parts)
    doc["_stored_body"] = article.body
    if article.date is not None:
        doc["date"] = to_utc_naive(article.date)
    doc["meta"] = stored_meta(article)
    entities = extract_entities(lay.text, morphs, (lay.bounds["title"], lay.bounds["body"]))
    doc.update(filter_fields(article, entities))
    quotes = extract_quotes(lay.text, morphs, lay.bounds["body"])
    doc["quotes"] = [[q.text, q.speaker, q.title] for q in quotes]
    doc["terms"] = term_counts(streams["title"] + streams["body"])
    return doc


def filter_fields(article: Article, entities: Entities | None = None) -> dict[str, Any]:
    """The exact-value filter fields and the card column of one article."""
    tags = [t for t in article.tags if tag_key(t)]
    names = byline_names(article.byline)
    found = entities or Entities()
    doc: dict[str, Any] = {
        "f_tag": ",".join(tag_key(t) for t in tags),
        "f_byline": ",".join(byline_keys(article.byline)),
        "f_card": card(article, tags, names, found),
    }
    for name, values in found.to_dict().items():
        doc[name] = ",".join(dict.fromkeys(name_key(v) for v in values))
        doc[f"_stored_{name}"] = values
    if source_key(article.source):
        doc["f_source"] = source_key(article.source)
    if lang_key(article.lang):
        doc["f_lang"] = lang_key(article.lang)
    if url_key(article.url):
        doc["f_url"] = url_key(article.url)
    return doc


def card(
    article: Article, tags: list[str], names: tuple[str, ...], entities: Entities | None = None
) -> bytes:
    """What facets, date sorting and collapsing read for every matching document, without
    loading its stored body: id, UTC timestamp, fingerprint, tags, source, bylines, and the
    people, organisations and places named."""
    value = {
        "i": article.id,
        "d": article.date.timestamp() if article.date else None,
        "f": article.fingerprint,
        "t": tags,
        "s": article.source,
        "b": list(names),
    }
    if entities is not None:
        value.update(p=list(entities.people), o=list(entities.orgs), l=list(entities.places))
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def term_counts(tokens: Iterable[Quad]) -> str:
    """Indexed words with their counts, as ``"word count word count"``: what pseudo-relevance
    feedback reads from the top documents (Kiwi is too slow to re-run at query time)."""
    counts = Counter(t[0] for t in tokens)
    return " ".join(f"{term} {count}" for term, count in counts.items() if " " not in term)


def stored_meta(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "byline": article.byline,
        "date": article.date.isoformat() if article.date else None,
        "updated": article.updated.isoformat() if article.updated else None,
        "tags": list(article.tags),
        "source": article.source,
        "url": article.url,
        "lang": article.lang,
        "fingerprint": article.fingerprint,
        "subtitle": article.subtitle,
    }


def article_from_stored(stored: dict[str, Any]) -> Article:
    """Rebuild an Article from a document's stored fields (for ``artindex show``)."""
    meta = stored.get("meta") or {}
    return Article(
        id=stored.get("id", ""),
        title=meta.get("title", ""),
        body=stored.get("body", ""),
        byline=meta.get("byline", ""),
        date=datetime.fromisoformat(meta["date"]) if meta.get("date") else None,
        updated=datetime.fromisoformat(meta["updated"]) if meta.get("updated") else None,
        tags=tuple(meta.get("tags", ())),
        source=meta.get("source", ""),
        url=meta.get("url", ""),
        lang=meta.get("lang", ""),
        path=stored.get("path", ""),
        fingerprint=meta.get("fingerprint", ""),
        subtitle=meta.get("subtitle", ""),
    )
