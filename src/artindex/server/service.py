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
    SEARCH_PARAMS,
    SIMILAR_PARAMS,
    SUGGEST_PARAMS,
    ParamError,
    accepted,
    bind,
    positional,
)

MAX_ID = 256  # characters in an article id


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
        table = {"search": SEARCH_PARAMS, "similar": SIMILAR_PARAMS, "suggest": SUGGEST_PARAMS}
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
            return dict(jsonable(self.index.search(**kwargs)))
        kwargs["limit"] = start + size
        data: dict[str, Any] = jsonable(self.index.search(**kwargs))
        data["hits"] = data["hits"][start:]
        return data

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

    def stats(self) -> dict[str, Any]:
        return self.index.stats().to_dict()

    def health(self) -> dict[str, Any]:
        self.index.refresh()
        return {"status": "ok", "articles": len(self.index)}
