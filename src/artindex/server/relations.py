"""``/api/entities``, ``/api/quotes`` and the quotes page ``/quotes``: the relation view and the
quotations of a search over HTTP, with the parameters of :meth:`Index.entities` and
:meth:`Index.quotes` (the search filters under their search names, ``q`` the query)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import ArtindexError
from .params import SEARCH_PARAMS, Param, ParamError, bind, positional
from .service import Service, jsonable

Endpoint = Callable[[Request], Response]
AsyncEndpoint = Callable[[Request], Awaitable[Response]]


class App(Protocol):
    """What these routes need of :class:`.app.App` (typed here, so this module does not
    import the app that imports it)."""

    service: Service

    def bounded(self, endpoint: Endpoint) -> AsyncEndpoint: ...

    def _render(self, request: Request, name: str, status: int = 200, **ctx: Any) -> Response: ...


_FILTERS = ("since", "until", "when", "now", "tag", "source", "byline", "lang", "person", "org",
            "place")  # fmt: skip
_SHARED = tuple(p for p in SEARCH_PARAMS if p.name in ("q", *_FILTERS))

ENTITIES_PARAMS: tuple[Param, ...] = (
    *_SHARED,
    Param("limit", "Entities of each kind to return (1-100).", "10", minimum=1, maximum=100),
    Param("kinds", "Only these kinds: people, orgs, places (comma list).", "people,orgs"),
    Param("min_count", "Only entities named in at least this many matching articles.", "2",
          minimum=1, maximum=100_000),
)  # fmt: skip

QUOTES_PARAMS: tuple[Param, ...] = (
    *_SHARED,
    Param("speaker", "Only this speaker's quotes (a full name).", "김민수"),
    Param("limit", "Quotes to return (1-100).", "20", minimum=1, maximum=100),
    Param("offset", "Quotes to skip before the first one returned.", "0", minimum=0,
          maximum=10_000),
    Param("sort", "Order of the articles quoted: relevance (default), newest or oldest.", "newest"),
)  # fmt: skip

PAGE_SIZE = 20


def call(app: App, name: str, table: Sequence[Param], items: Sequence[tuple[str, str]]) -> Any:
    """Index.``name`` called with the request's parameters, as JSON-ready data."""
    func = app.service.method(name)
    if func is None:
        raise ParamError(name, f"this artindex version has no {name} yet")
    kwargs = bind(func, table, items, ignore=frozenset({"lang_ui", "page"}))
    if name == "entities" and not isinstance(kwargs.get(positional(func)), str):
        raise ParamError("q", "parameter 'q' is required")
    return jsonable(func(**kwargs))


def routes(app: App, api: Callable[[Callable[[], Any]], Response]) -> list[Route]:
    """The routes of this module, each run like the app's others (in a worker thread, under
    the app's concurrency limit); ``api`` turns a call into the JSON answer or error."""

    def api_entities(request: Request) -> Response:
        items = request.query_params.multi_items()
        return api(lambda: call(app, "entities", ENTITIES_PARAMS, items))

    def api_quotes(request: Request) -> Response:
        items = request.query_params.multi_items()
        return api(lambda: call(app, "quotes", QUOTES_PARAMS, items))

    def page_quotes(request: Request) -> Response:
        state = request.query_params.multi_items()
        q = request.query_params.get("q", "")
        items = [(k, v) for k, v in state if k not in ("lang_ui", "page", "limit", "offset")]
        page = _page(request.query_params.get("page", "1"))
        items += [("limit", str(PAGE_SIZE)), ("offset", str((page - 1) * PAGE_SIZE))]
        try:
            data = call(app, "quotes", QUOTES_PARAMS, items)
        except ArtindexError as exc:
            return app._render(request, "quotes.html", 400, error=str(exc), q=q, state=state)
        more = page * PAGE_SIZE < int(data.get("total", 0))
        return app._render(request, "quotes.html", q=q, state=state, data=data, page=page,
                           more=more)  # fmt: skip

    bounded = app.bounded
    return [
        Route("/api/entities", bounded(api_entities)),
        Route("/api/quotes", bounded(api_quotes)),
        Route("/quotes", bounded(page_quotes)),
    ]


def _page(raw: str) -> int:
    try:
        return max(1, min(int(raw), 500))
    except ValueError:
        return 1
