"""The library calls behind every endpoint, shared by the JSON API and the HTML pages.

The Index opened here refreshes itself when a build or update swaps in a new generation, so a
running server always answers from the last complete index.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..api import Index
from ..errors import ArtindexError
from .params import (
    MAX_TEXT,
    RELATED_PARAMS,
    SEARCH_PARAMS,
    SIMILAR_PARAMS,
    SUGGEST_PARAMS,
    TREND_PARAMS,
    ParamError,
    accepted,
    bind,
    positional,
)

MAX_ID = 256  # characters in an article id
MAX_EXPORT = 10_000  # rows of /api/search.csv without a limit (the CLI's --all has none)


class NotAvailable(ArtindexError):
    """The open artindex version has no such feature (e.g. similar articles)."""


def jsonable(value: Any) -> Any:
    """Results as the CLI's ``--json`` prints them: artindex types through their to_dict."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def check_id(article_id: str) -> str:
    """An article id is only ever looked up as a term in the index, never used as a path;
    reject the ones no index can hold."""
    if not article_id or len(article_id) > MAX_ID or not article_id.isprintable():
        raise ParamError("id", f"not a valid article id: {article_id[:40]!r}")
    return article_id


class Service:
    """One worker's view of the index."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def method(self, name: str) -> Callable[..., Any] | None:
        """A method of the Index, or None when this artindex version lacks it."""
        found = getattr(self.index, name, None)
        return found if callable(found) else None

    def supports(self, name: str) -> set[str]:
        """The request parameters the Index's ``name`` method accepts."""
        func = self.method(name)
        table = {
            "search": SEARCH_PARAMS,
            "similar": SIMILAR_PARAMS,
            "suggest": SUGGEST_PARAMS,
            "trend": TREND_PARAMS,
            "related": RELATED_PARAMS,
        }
        return set(accepted(func, table[name])) if func else set()

    def takes_flag(self, name: str) -> bool:
        """Whether Index.search takes the request parameter ``name`` as a bool."""
        usable = accepted(self.index.search, SEARCH_PARAMS)
        return name in usable and usable[name][1] in (bool, "bool")

    def search(self, items: Sequence[tuple[str, str]]) -> dict[str, Any]:
        kwargs = bind(self.index.search, SEARCH_PARAMS, items)
        if not isinstance(kwargs.get(positional(self.index.search)), str):
            raise ParamError("q", "parameter 'q' is required")
        data: dict[str, Any] = jsonable(self.index.search(**kwargs))
        return data

    def search_page(self, items: Sequence[tuple[str, str]], page: int, size: int) -> dict[str, Any]:
        """One page of results: through ``offset`` when the Index takes it, else by asking
        for the first ``page * size`` hits and keeping the last ``size``."""
        kwargs = bind(self.index.search, SEARCH_PARAMS, items)
        start = (page - 1) * size
        if "offset" in self.supports("search"):
            kwargs.update(offset=start, limit=size)
            return _with_suggestion(self.index.search(**kwargs))
        kwargs["limit"] = start + size
        data = _with_suggestion(self.index.search(**kwargs))
        data["hits"] = data["hits"][start:]
        return data

    def export(self, items: Sequence[tuple[str, str]], fmt: str) -> bytes:
        """The hits as a CSV or JSON Lines table: the page ``limit``/``offset`` ask for, or
        without ``limit`` every hit (up to MAX_EXPORT), in the search's order."""
        from itertools import islice

        from ..export.table import to_bytes

        kwargs = bind(self.index.search, SEARCH_PARAMS, items)
        name = positional(self.index.search)
        if not isinstance(kwargs.get(name), str):
            raise ParamError("q", "parameter 'q' is required")
        scan = self.method("scan")
        if "limit" in kwargs or scan is None:
            result = self.index.search(**kwargs)
            return to_bytes(result.hits, fmt, int(kwargs.get("offset", 0)) + 1)
        query = kwargs.pop(name)
        for unused in ("correct", "explain", "page"):
            kwargs.pop(unused, None)
        return to_bytes(islice(scan(query, **kwargs), MAX_EXPORT), fmt)

    def article(self, article_id: str) -> dict[str, Any] | None:
        article = self.index.get(check_id(article_id))
        return article.to_dict() if article is not None else None

    def similar(self, article_id: str, items: Sequence[tuple[str, str]]) -> Any:
        func = self.method("similar")
        if func is None:
            raise NotAvailable("this artindex version cannot find similar articles yet")
        kwargs = bind(func, SIMILAR_PARAMS, items)
        return jsonable(func(check_id(article_id), **kwargs))

    def suggest(self, items: Sequence[tuple[str, str]]) -> Any:
        func = self.method("suggest")
        if func is None:
            raise NotAvailable("this artindex version cannot suggest queries yet")
        kwargs = bind(func, SUGGEST_PARAMS, items)
        if not isinstance(kwargs.get(positional(func)), str):
            raise ParamError("q", "parameter 'q' is required")
        return jsonable(func(**kwargs))

    def trend(self, items: Sequence[tuple[str, str]]) -> Any:
        """``Index.trend`` over every ``q`` of the request (side by side)."""
        func = self.method("trend")
        if func is None:
            raise NotAvailable("this artindex version cannot count trends yet")
        queries = _queries(items)
        kwargs = bind(func, TREND_PARAMS, [(k, v) for k, v in items if k != "q"])
        return jsonable(func(queries, **kwargs))

    def related(self, items: Sequence[tuple[str, str]]) -> Any:
        """``Index.related`` for the request's one ``q``."""
        func = self.method("related")
        if func is None:
            raise NotAvailable("this artindex version cannot find related words yet")
        queries = _queries(items)
        if len(queries) > 1:
            raise ParamError("q", "parameter 'q' is given more than once")
        kwargs = bind(func, RELATED_PARAMS, [(k, v) for k, v in items if k != "q"])
        return jsonable(func(queries[0], **kwargs))

    def stats(self) -> dict[str, Any]:
        return self.index.stats().to_dict()

    def health(self) -> dict[str, Any]:
        self.index.refresh()
        return {"status": "ok", "articles": len(self.index)}


def _with_suggestion(result: Any) -> dict[str, Any]:
    """The result as JSON, with the ``suggestion`` the result carries (a newer library's
    field) even where its JSON leaves it out, for the empty-result page."""
    data: dict[str, Any] = dict(jsonable(result))
    suggestion = getattr(result, "suggestion", None)
    if suggestion is not None and "suggestion" not in data:
        data["suggestion"] = jsonable(suggestion)
    return data


def _queries(items: Sequence[tuple[str, str]]) -> list[str]:
    queries = [v for k, v in items if k == "q"]
    if not queries or not all(q.strip() for q in queries):
        raise ParamError("q", "parameter 'q' is required")
    if any(len(q) > MAX_TEXT for q in queries):
        raise ParamError("q", f"parameter 'q' is longer than {MAX_TEXT} characters")
    return queries
