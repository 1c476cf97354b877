"""The ASGI application: a read-only JSON API and a server-rendered search page.

``create_app(index)`` serves an open :class:`Index`; ``app_from_env()`` is the factory
uvicorn's worker processes call (``artindex serve`` passes the index path in the environment).
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import anyio.to_thread
from anyio import CapacityLimiter
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..api import Index
from ..errors import ArtindexError, QueryError
from ..settings import Settings, undump_settings
from . import chart, openapi, pages, relations
from .i18n import MESSAGES, pick_language
from .params import ParamError
from .service import NotAvailable, Service

MAX_QUERY_BYTES = 4096  # the whole query string
MAX_PATH_BYTES = 1024
ENV_INDEX = "ARTINDEX_SERVE_INDEX"
ENV_SETTINGS = "ARTINDEX_SERVE_SETTINGS"  # the settings the CLI resolved, as JSON
ENV_CONCURRENCY = "ARTINDEX_SERVE_CONCURRENCY"
STATIC = Path(__file__).resolve().parent / "static"
# Searches one worker process runs at a time; later requests wait their turn. A worker runs
# Python under one GIL, so more only interleave searches (each slower) while each holds a
# searcher of its own (its segment files mapped again, its own card table): memory that grew
# with the number of clients (docs/benchmarks.md). Two lets a short search pass a long one.
DEFAULT_CONCURRENCY = 2
PAGE_FACETS = "tags,source,month,people,orgs,places"  # the side panel of the results page

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; form-action 'self'"),
]


class Limits:
    """Refuse request bodies and over-long URLs before any endpoint runs; add safety headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"0").strip() or b"0"
        problem = None
        if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
            problem = (414, f"the query string is longer than {MAX_QUERY_BYTES} bytes")
        elif len(scope.get("raw_path") or scope["path"].encode()) > MAX_PATH_BYTES:
            problem = (414, f"the path is longer than {MAX_PATH_BYTES} bytes")
        elif length != b"0" or b"transfer-encoding" in headers:
            problem = (413, "this server takes no request body")
        if problem:
            response = JSONResponse({"error": problem[1], "parameter": None}, problem[0])
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def error_json(exc: Exception) -> JSONResponse:
    """The JSON error for a library exception: 400 names the parameter, 501 a missing feature."""
    if isinstance(exc, ParamError):
        code, param = (404 if exc.param == "id" else 400), exc.param
    elif isinstance(exc, QueryError):
        code, param = 400, exc.param or "q"
    elif isinstance(exc, NotAvailable):
        code, param = 501, None
    else:
        code, param = 503, None
    return JSONResponse({"error": str(exc), "parameter": param}, code)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (no such route, wrong method) in the API's JSON error shape."""
    assert isinstance(exc, HTTPException)
    return JSONResponse(
        {"error": str(exc.detail), "parameter": None}, exc.status_code, headers=exc.headers
    )


def api(call: Callable[[], Any]) -> Response:
    try:
        return JSONResponse(call())
    except ArtindexError as exc:
        return error_json(exc)


Endpoint = Callable[[Request], Response]
AsyncEndpoint = Callable[[Request], Awaitable[Response]]


class App:
    """The routes over one Service. Every route that reads the index runs in a worker thread,
    at most ``concurrency`` of them at a time (the others wait in the event loop, holding no
    thread, searcher or memory)."""

    def __init__(self, service: Service, concurrency: int = DEFAULT_CONCURRENCY) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, not {concurrency}")
        self.service = service
        self.concurrency = concurrency
        self._limiter: CapacityLimiter | None = None
        self.templates = Environment(
            loader=PackageLoader("artindex.server", "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.filters["quote_id"] = lambda value: quote(str(value), safe="")
        self.templates.filters["tag_path"] = pages.tag_path
        self._openapi: dict[str, Any] | None = None

    def bounded(self, endpoint: Endpoint) -> AsyncEndpoint:
        """``endpoint`` run in a worker thread under this app's concurrency limit."""

        async def run(request: Request) -> Response:
            if self._limiter is None:  # made in the event loop that serves
                self._limiter = CapacityLimiter(self.concurrency)
            return await anyio.to_thread.run_sync(endpoint, request, limiter=self._limiter)

        run.__name__ = endpoint.__name__
        return run

    # ------------------------------------------------------------------ JSON

    def api_search(self, request: Request) -> Response:
        return api(lambda: self.service.search(request.query_params.multi_items()))

    def api_article(self, request: Request) -> Response:
        article_id = request.path_params["id"]

        def call() -> Any:
            article = self.service.article(article_id)
            if article is None:
                raise ParamError("id", f"no article with id {article_id!r}")
            return article

        return api(call)

    def api_similar(self, request: Request) -> Response:
        article_id = request.path_params["id"]

        def call() -> Any:
            if self.service.method("similar") and self.service.article(article_id) is None:
                raise ParamError("id", f"no article with id {article_id!r}")
            return self.service.similar(article_id, request.query_params.multi_items())

        return api(call)

    def api_suggest(self, request: Request) -> Response:
        return api(lambda: self.service.suggest(request.query_params.multi_items()))

    def api_trend(self, request: Request) -> Response:
        return api(lambda: self.service.trend(request.query_params.multi_items()))

    def api_related(self, request: Request) -> Response:
        return api(lambda: self.service.related(request.query_params.multi_items()))

    def api_export(self, request: Request) -> Response:
        fmt = request.path_params["format"]
        if fmt not in ("csv", "jsonl"):
            return JSONResponse({"error": f"no export as {fmt[:20]!r}", "parameter": None}, 404)
        try:
            body = self.service.export(request.query_params.multi_items(), fmt)
        except ArtindexError as exc:
            return error_json(exc)
        kind = "text/csv" if fmt == "csv" else "application/x-ndjson"
        headers = {"content-disposition": f'attachment; filename="artindex-search.{fmt}"'}
        return Response(body, media_type=f"{kind}; charset=utf-8", headers=headers)

    def api_stats(self, request: Request) -> Response:
        return api(self.service.stats)

    def healthz(self, request: Request) -> Response:
        return api(self.service.health)

    def openapi(self, request: Request) -> Response:
        if self._openapi is None:
            self._openapi = openapi.build(self.service)
        return JSONResponse(self._openapi)

    # ------------------------------------------------------------------ HTML

    def _render(self, request: Request, name: str, status: int = 200, **ctx: Any) -> Response:
        lang = pick_language(
            request.query_params.get("lang_ui"), request.headers.get("accept-language")
        )
        other = "en" if lang == "ko" else "ko"
        state = request.query_params.multi_items()
        html = self.templates.get_template(name).render(
            t=MESSAGES[lang],
            lang_ui=lang,
            switch_lang=pages.href(state, request.url.path, lang_ui=other),
            hidden=[("lang_ui", lang)] if "lang_ui" in request.query_params else [],
            **ctx,
        )
        return HTMLResponse(html, status, headers={"content-language": lang})

    def page_search(self, request: Request) -> Response:
        state = request.query_params.multi_items()
        ctx: dict[str, Any] = {"state": state, "q": request.query_params.get("q", "")}
        if not ctx["q"].strip():
            try:
                ctx["articles"] = self.service.health()["articles"]
            except ArtindexError as exc:
                error = pages.error_text(exc, self._labels(request))
                return self._render(request, "search.html", 503, error=error, **ctx)
            return self._render(request, "search.html", **ctx)
        try:
            ctx.update(self._results(request, state))
        except ArtindexError as exc:
            status = error_json(exc).status_code
            error = pages.error_text(exc, self._labels(request))
            return self._render(request, "search.html", status, error=error, **ctx)
        ctx.update(self._insight(request, state))
        return self._render(request, "search.html", **ctx)

    def _labels(self, request: Request) -> dict[str, str]:
        lang = pick_language(
            request.query_params.get("lang_ui"), request.headers.get("accept-language")
        )
        return MESSAGES[lang]

    def _insight(self, request: Request, state: pages.Pairs) -> dict[str, Any]:
        """The trend chart and related words of the query, when the index offers them; a
        failure leaves them out and never the results."""
        out: dict[str, Any] = {"chart": None, "related": []}
        labels = self._labels(request)
        for name in ("trend", "related"):
            usable = self.service.supports(name)
            items = [(k, v) for k, v in state if k == "q" or k in usable]
            if name == "related":
                items += [("limit", "12"), ("docs", "100")]  # a page-side panel: ~half the cost
            try:
                data = getattr(self.service, name)(items)
            except ArtindexError:
                continue
            if name == "trend":
                out["chart"] = chart.trend_svg(state, data, labels["trend"])
            else:
                out["related"] = pages.related_links(state, data)
        return out

    def _results(self, request: Request, state: pages.Pairs) -> dict[str, Any]:
        lang = pick_language(
            request.query_params.get("lang_ui"), request.headers.get("accept-language")
        )
        labels = MESSAGES[lang]
        page = _page_number(request.query_params.get("page", "1"))
        size = _page_size(request.query_params.get("limit", "10"))
        items = [(k, v) for k, v in state if k not in pages.PAGE_PARAMS and k != "limit"]
        supported = self.service.supports("search")
        if "facets" in supported and "facets" not in dict(items):  # the page shows the counts
            facets = "true" if self.service.takes_flag("facets") else PAGE_FACETS
            items.append(("facets", facets))
        data = self.service.search_page(items, page, size)
        for hit in data["hits"]:
            hit["snippet_html"] = pages.snippet_html(
                hit.get("snippet", ""), hit.get("highlights", [])
            )
            hit["title_html"] = pages.highlight(
                hit.get("title") or hit.get("id", ""), hit.get("title_highlights", [])
            )
        return {
            "article_query": "?" + urlencode(state) if state else "",
            "suggestion": pages.suggestion(data),
            "data": data,
            "page": page,
            "first_rank": (page - 1) * size + 1,
            "pager": pages.pager(state, page, size, int(data.get("total", 0))),
            "prev": pages.href(state, page=str(page - 1) if page > 2 else None) if page > 1 else "",
            "next": pages.href(state, page=str(page + 1))
            if page * size < int(data.get("total", 0)) and page < pages.MAX_PAGE
            else "",
            "facets": pages.facet_links(state, data.get("facets"), supported),
            "presets": pages.date_presets(state, supported, date.today(), labels),
            "sorts": pages.sort_links(state, supported, labels),
            "filters": pages.active_filters(state, labels),
            "correction": pages.correction(state, data, supported),
            "did_you_mean": pages.did_you_mean(state, data),
            "range": {"since", "until"} <= supported,
        }

    def page_article(self, request: Request) -> Response:
        article_id = request.path_params["id"]
        # the search this article was opened from, kept for "back to search" and related links
        state = request.query_params.multi_items()
        query = "?" + urlencode(state) if state else ""
        back = "/" + query
        try:
            article = self.service.article(article_id)
        except ArtindexError as exc:
            error = pages.error_text(exc, self._labels(request))
            return self._render(request, "article.html", 404, error=error, back=back, state=state)
        if article is None:
            return self._render(request, "article.html", 404, article=None, back=back, state=state)
        related: list[dict[str, Any]] = []
        if self.service.method("similar"):
            try:
                found = self.service.similar(article_id, [("limit", "5")])
                related = found.get("hits", []) if isinstance(found, dict) else list(found)
            except ArtindexError:
                related = []
        url = article.get("url") or ""
        safe_url = url if url.startswith(("https://", "http://")) else ""
        return self._render(
            request,
            "article.html",
            article=article,
            blocks=pages.article_blocks(article.get("body") or ""),
            back=back,
            article_query=query,
            url=safe_url,
            related=related,
            state=state,
        )


def _page_number(raw: str) -> int:
    try:
        return min(max(1, int(raw)), pages.MAX_PAGE)
    except ValueError:
        raise ParamError(
            "page", f"parameter 'page' must be a whole number, not {raw[:40]!r}"
        ) from None


def _page_size(raw: str) -> int:
    try:
        return min(max(1, int(raw)), 50)
    except ValueError:
        raise ParamError(
            "limit", f"parameter 'limit' must be a whole number, not {raw[:40]!r}"
        ) from None


def create_app(index: Index, concurrency: int = DEFAULT_CONCURRENCY) -> Starlette:
    """The server over an open Index (the caller keeps it open while serving), running at
    most ``concurrency`` index calls at a time."""
    app = App(Service(index), concurrency)
    bounded = app.bounded
    routes = [
        Route("/", bounded(app.page_search)),
        Route("/articles/{id:path}", bounded(app.page_article)),
        Route("/api/search", bounded(app.api_search)),
        Route("/api/search.{format:str}", bounded(app.api_export)),
        Route("/api/articles/{id:path}/similar", bounded(app.api_similar)),
        Route("/api/articles/{id:path}", bounded(app.api_article)),
        Route("/api/suggest", bounded(app.api_suggest)),
        Route("/api/trend", bounded(app.api_trend)),
        Route("/api/related", bounded(app.api_related)),
        Route("/api/stats", bounded(app.api_stats)),
        Route("/healthz", bounded(app.healthz)),
        Route("/openapi.json", bounded(app.openapi)),
        *relations.routes(app, api),  # /api/entities, /api/quotes, /quotes
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    server = Starlette(routes=routes, exception_handlers={HTTPException: http_error})
    server.add_middleware(Limits)
    return server


def app_from_env() -> Starlette:
    """The uvicorn factory for worker processes: opens the index named in the environment
    with the settings the parent resolved (never read again from a file: they would differ)."""
    dumped = os.environ.get(ENV_SETTINGS)
    settings = undump_settings(dumped) if dumped else Settings()
    concurrency = int(os.environ.get(ENV_CONCURRENCY) or DEFAULT_CONCURRENCY)
    return create_app(Index.open(os.environ.get(ENV_INDEX, "index"), settings), concurrency)
