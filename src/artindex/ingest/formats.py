"""Structured formats: Markdown/text with YAML front matter, JSON and JSON Lines.

Each parser returns the articles it could build and the problems it met, so one bad record
never hides the good ones. :func:`finish_article` gives every article, whatever its format,
the same clean fields, language, timezone, id and fingerprint.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, tzinfo
from typing import Any

import yaml

from ..errors import IngestError
from ..models import Article, Problem
from ..text.bylines import parse_byline
from ..text.clean import clean_text
from ..text.ids import make_id
from ..text.language import detect_lang
from ..text.page_dates import KST, parse_date
from ..text.simhash import simhash
from ..text.sources import SourceNames, canonical_source
from ..text.titles import split_tags

__all__ = [
    "Parsed",
    "finish_article",
    "has_front_matter",
    "parse_json",
    "parse_jsonl",
    "parse_markdown",
    "split_front_matter",
]

Parsed = tuple[list[Article], list[Problem]]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"\A#[ \t]+(?P<title>[^\n]+?)[ \t#]*(?:\n|\Z)")
_BODY_KEYS = ("body", "text", "content", "articleBody")


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a timestamp that is no real date (``2024-13-45``) stays
    text instead of raising, so the article is kept and the date reported as unrecognised."""

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_yaml_timestamp
)


def has_front_matter(text: str) -> bool:
    """True when the text opens with a ``---`` line (a front matter block, maybe broken)."""
    return re.match(r"\A---[ \t]*\n", text) is not None


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter as a dict and the rest of the text. Raises IngestError when the
    block is not closed or not a mapping of valid YAML."""
    if not has_front_matter(text):
        return {}, text
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise IngestError(path, "front matter is not closed: add a `---` line after it", 1)
    try:
        data = yaml.load(match.group("yaml"), Loader=_FrontMatterLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or exc.__class__.__name__
        raise IngestError(path, f"front matter is not valid YAML ({problem})", line) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise IngestError(path, "front matter must be a mapping of `key: value` lines", 1)
    return {str(k): v for k, v in data.items()}, text[match.end() :]


def _text(value: Any, key: str, path: str, line: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, (bool, dict, list)):
        raise IngestError(path, f"`{key}` must be text, not {type(value).__name__}", line)
    return clean_text(str(value))


def _byline(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Mapping):
        value = value.get("name", "")
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        item = item.get("name", "") if isinstance(item, Mapping) else item
        text = clean_text(str(item))
        parsed = parse_byline(text)
        names.extend(parsed.names if parsed is not None and parsed.names else [text])
    return ", ".join(dict.fromkeys(n for n in names if n))


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    tags: list[str] = []
    for item in items:
        tags.extend(split_tags(str(item)) if not isinstance(item, list) else _tags(item))
    return tuple(dict.fromkeys(tags))


def _date(
    value: Any, key: str, tz: tzinfo, path: str, line: int | None, warnings: list[Problem]
) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=tz)
    parsed = parse_date(str(value), default_tz=tz) if not isinstance(value, bool) else None
    if parsed is None:
        reason = f"unrecognised {key} {str(value)!r}; the article is kept without it"
        warnings.append(Problem(path, reason, line, warning=True))
    return parsed


def _article(
    fields: Mapping[str, Any], body: Any, path: str, line: int | None, warnings: list[Problem]
) -> Article:
    """An Article from a record's fields; raises IngestError when title or body is missing."""
    title = _text(fields.get("title") or fields.get("headline"), "title", path, line)
    text = _text(body, "body", path, line)
    if not title:
        raise IngestError(path, "no title: give the record a `title`", line)
    if not text:
        raise IngestError(path, "no body: give the record a `body` (or `text`/`content`)", line)
    lang = _text(fields.get("lang") or fields.get("language"), "lang", path, line)
    lang = lang or detect_lang(title + "\n" + text)
    tz = KST if lang == "ko" else UTC
    return Article(
        id=_text(fields.get("id"), "id", path, line),
        title=title,
        body=text,
        byline=_byline(fields.get("byline") or fields.get("author") or fields.get("authors")),
        date=_date(fields.get("date") or fields.get("published"), "date", tz, path, line, warnings),
        updated=_date(
            fields.get("updated") or fields.get("modified"), "updated", tz, path, line, warnings
        ),
        tags=_tags(fields.get("tags") or fields.get("keywords") or fields.get("categories")),
        source=_text(fields.get("source") or fields.get("site"), "source", path, line),
        url=_text(fields.get("url") or fields.get("link"), "url", path, line),
        lang=lang,
        subtitle=_text(fields.get("subtitle"), "subtitle", path, line),
    )


def parse_markdown(text: str, path: str) -> Parsed:
    """One article from Markdown (or text) with optional YAML front matter. A leading
    ``# Heading`` is the title when the front matter gives none."""
    warnings: list[Problem] = []
    fields, body = split_front_matter(text, path)
    body = body.lstrip("\n")
    if not fields.get("title") and not fields.get("headline"):
        heading = _HEADING.match(body)
        if heading is not None:
            fields["title"] = heading.group("title")
            body = body[heading.end() :]
    return [_article(fields, body, path, None, warnings)], warnings


def _records(values: Iterable[Any], path: str) -> Parsed:
    articles: list[Article] = []
    problems: list[Problem] = []
    for index, record in enumerate(values, 1):
        if not isinstance(record, Mapping):
            problems.append(Problem(path, f"item {index} is not a JSON object"))
            continue
        try:
            body = next((record[k] for k in _BODY_KEYS if record.get(k)), None)
            articles.append(_article(record, body, path, None, problems))
        except IngestError as exc:
            problems.append(Problem(path, f"item {index}: {exc.reason}"))
    return articles, problems


def parse_json(text: str, path: str) -> Parsed:
    """Articles from a JSON file: one object, a list of objects, or ``{"articles": [...]}``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(path, f"not valid JSON ({exc.msg})", exc.lineno) from exc
    if isinstance(data, Mapping) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, Mapping):
        warnings: list[Problem] = []
        body = next((data[k] for k in _BODY_KEYS if data.get(k)), None)
        return [_article(data, body, path, None, warnings)], warnings
    if isinstance(data, list):
        return _records(data, path)
    raise IngestError(path, "JSON must be an object or a list of objects")


def parse_jsonl(text: str, path: str) -> Parsed:
    """Articles from JSON Lines: one object per line. A bad line becomes a Problem with its
    line number; the other lines still give articles."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(path, f"not valid JSON ({exc.msg})", number))
            continue
        if not isinstance(record, Mapping):
            problems.append(Problem(path, "the line is not a JSON object", number))
            continue
        try:
            body = next((record[k] for k in _BODY_KEYS if record.get(k)), None)
            articles.append(_article(record, body, path, number, problems))
        except IngestError as exc:
            problems.append(Problem(path, exc.reason, number))
    return articles, problems


def finish_article(article: Article, path: str, names: SourceNames | None = None) -> Article:
    """The invariants every ingested article keeps, whichever extractor made it: clean text,
    a language, timezone-aware dates (KST for Korean, else UTC), one spelling of its source
    (``names``: the packaged outlet table by default), an id and a fingerprint."""
    title = clean_text(article.title)
    body = clean_text(article.body)
    lang = article.lang or detect_lang(title + "\n" + body)
    tz = KST if lang == "ko" else UTC
    published, updated = article.date, article.updated
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=tz)
    if updated is not None and updated.tzinfo is None:
        updated = updated.replace(tzinfo=tz)
    url = article.url.strip()
    source = canonical_source(clean_text(article.source), url, names)
    subtitle = clean_text(article.subtitle)
    tags = tuple(dict.fromkeys(t for t in (clean_text(t) for t in article.tags) if t))
    return dataclasses.replace(
        article,
        id=article.id.strip()
        or make_id(url=url, source=source, title=title, date=published, body=body),
        title=title,
        body=body,
        byline=clean_text(article.byline),
        date=published,
        updated=updated,
        tags=tags,
        source=source,
        url=url,
        lang=lang,
        path=path,
        fingerprint=simhash(body),
        subtitle="" if "".join(subtitle.split()) == "".join(title.split()) else subtitle,
    )
