"""Records passed between the pipeline stages. No Whoosh type appears here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from .errors import ArticleError

_TEXT_FIELDS = (
    "id",
    "title",
    "body",
    "byline",
    "source",
    "url",
    "lang",
    "path",
    "fingerprint",
    "subtitle",
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True, slots=True)
class Article:
    """One normalized article, as ingested and as stored in the index.

    Text fields are NFC-normalized. ``date`` (published) and ``updated`` are timezone-aware.
    ``fingerprint`` is a 64-bit SimHash of the body as 16 hex digits, for near-duplicate collapsing.
    """

    id: str
    title: str
    body: str
    byline: str = ""
    date: datetime | None = None
    updated: datetime | None = None
    tags: tuple[str, ...] = ()
    source: str = ""
    url: str = ""
    lang: str = ""
    path: str = ""
    fingerprint: str = ""
    subtitle: str = ""

    def __post_init__(self) -> None:
        """Refuse wrong field types at once, naming the field (a list of tags is taken as a
        tuple), so a bad record from code fails here rather than deep in the indexer."""
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if not isinstance(value, str):
                raise ArticleError(name, f"Article.{name} must be text (str), not {_shown(value)}")
        for name in ("date", "updated"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, datetime):
                raise ArticleError(
                    name,
                    f"Article.{name} must be a datetime or None, not {_shown(value)} "
                    "(parse text first, e.g. datetime.fromisoformat)",
                )
        tags = self.tags
        if isinstance(tags, list):
            tags = tuple(tags)
            object.__setattr__(self, "tags", tags)
        if not isinstance(tags, tuple) or not all(isinstance(t, str) for t in tags):
            raise ArticleError(
                "tags", f"Article.tags must be a list or tuple of str, not {_shown(self.tags)}"
            )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: dates in ISO 8601 (or None), tags as a list."""
        data = asdict(self)
        data["date"] = _iso(self.date)
        data["updated"] = _iso(self.updated)
        data["tags"] = list(self.tags)
        return data


def _shown(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:40] + '…' if len(text) > 40 else text}"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one input file (or one line of it); the build goes on."""

    path: str
    reason: str
    line: int | None = None
    warning: bool = False  # True: the content was still indexed (e.g. without its date)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one input file yielded: its articles and the problems met reading it."""

    path: str
    articles: tuple[Article, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Token:
    """One analyzed token: the indexed text, its morphological tag and character offsets."""

    text: str
    tag: str
    start: int
    end: int
    position: int = 0


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result."""

    id: str
    title: str
    byline: str
    date: datetime | None
    tags: tuple[str, ...]
    source: str
    url: str
    path: str
    lang: str
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()
    fingerprint: str = ""
    title_highlights: tuple[tuple[int, int], ...] = ()  # spans of ``title`` that matched
    duplicates: tuple[str, ...] = ()  # ids of near-duplicates collapsed into this hit
    explain: tuple[tuple[str, float], ...] = ()  # score parts (explain=True); they sum to score

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a hit (as printed by ``artindex search --json``)."""
        data = self._base_dict()
        data["title_highlights"] = [list(span) for span in self.title_highlights]
        data["duplicates"] = list(self.duplicates)
        if self.explain:
            data["explain"] = [
                {"part": part, "score": round(value, 6)} for part, value in self.explain
            ]
        return data

    def _base_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "byline": self.byline,
            "date": _iso(self.date),
            "tags": list(self.tags),
            "source": self.source,
            "url": self.url,
            "path": self.path,
            "lang": self.lang,
            "score": round(self.score, 6),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
        }


@dataclass(frozen=True, slots=True)
class DidYouMean:
    """A query offered above the hits ("이것을 찾으셨나요?"), which were not replaced: ``text`` to
    search instead, and why (``reason``: the suggester's, such as ``spelling``)."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The ranked hits of one query. Iterating yields the hits."""

    query: str
    total: int
    took_ms: float
    hits: tuple[Hit, ...] = ()
    generation: str = ""  # the index generation that answered (gen-NNNNNN)
    offset: int = 0
    sort: str = "relevance"
    filters: dict[str, Any] = field(default_factory=dict)  # as applied, for display
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # {"from", "to", "reason"} when the query was corrected and these are the correction's hits
    corrected: dict[str, str] | None = None
    suggestion: DidYouMean | None = None  # "did you mean", offered without replacing the hits
    notice: str | None = None  # why the query finds nothing (only particles and endings)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, index: int) -> Hit:
        return self.hits[index]

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "took_ms": round(self.took_ms, 3),
            "offset": self.offset,
            "sort": self.sort,
            "filters": self.filters,
            "facets": {
                name: [{"value": v, "count": n} for v, n in values]
                for name, values in self.facets.items()
            },
            "corrected": self.corrected,
            "suggestion": self.suggestion.to_dict() if self.suggestion else None,
            "notice": self.notice,
            "hits": [hit.to_dict() for hit in self.hits],
        }


@dataclass(frozen=True, slots=True)
class BuildReport:
    """Summary of a build, update or removal. ``removed`` counts files no longer indexed and
    ``removed_articles`` the articles that went with them (or were deleted from code);
    ``sources`` are the paths the index now records as its sources."""

    indexed: int
    skipped: tuple[Problem, ...] = ()
    removed: int = 0
    removed_articles: int = 0
    unchanged: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    index_path: str = ""
    warnings: tuple[Problem, ...] = field(default=())
    sources: tuple[str, ...] = ()
