"""The OpenAPI description of the JSON API, made from the same parameter tables the server
validates with, so it lists exactly what the open Index accepts."""

from __future__ import annotations

from typing import Any

from .. import __version__
from .params import (
    RELATED_PARAMS,
    SEARCH_PARAMS,
    SIMILAR_PARAMS,
    SUGGEST_PARAMS,
    TREND_PARAMS,
    Param,
    describe,
)
from .relations import ENTITIES_PARAMS, QUOTES_PARAMS
from .service import Service

_ERROR = {"$ref": "#/components/schemas/Error"}
_OBJ = {"type": "object"}


def _op(summary: str, params: list[dict[str, Any]], *codes: int) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": _OBJ}}}
    }
    texts = {400: "Bad parameter", 404: "No such article", 501: "Not in this artindex version"}
    for code in codes:
        responses[str(code)] = {
            "description": texts[code],
            "content": {"application/json": {"schema": _ERROR}},
        }
    return {"get": {"summary": summary, "parameters": params, "responses": responses}}


def _id_param() -> dict[str, Any]:
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "description": "An article id, as in a hit's `id`.",
        "schema": {"type": "string", "maxLength": 256},
    }


def build(service: Service) -> dict[str, Any]:
    q = frozenset({"q"})
    search = describe(service.method("search"), SEARCH_PARAMS, q)
    similar = [_id_param(), *describe(service.method("similar"), SIMILAR_PARAMS, frozenset())]
    suggest = describe(service.method("suggest"), SUGGEST_PARAMS, q)
    trend_q = Param("q", "A query (repeat for several side by side).", "탄소중립", arg="*")
    trend = [*describe(service.method("trend"), (trend_q,), q),
             *describe(service.method("trend"), TREND_PARAMS, frozenset())]  # fmt: skip
    related = [*describe(service.method("related"), (trend_q,), q),
               *describe(service.method("related"), RELATED_PARAMS, frozenset())]  # fmt: skip
    entities = describe(service.method("entities"), ENTITIES_PARAMS, q)
    quotes = describe(service.method("quotes"), QUOTES_PARAMS, frozenset())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "artindex",
            "version": __version__,
            "description": "Read-only search over an artindex index. Every JSON shape is the "
            "one `artindex ... --json` prints; errors are {error, parameter}.",
        },
        "paths": {
            "/api/search": _op("Ranked hits for a query", search, 400),
            "/api/articles/{id}": _op("One stored article", [_id_param()], 400, 404),
            "/api/articles/{id}/similar": _op("Articles like this one", similar, 400, 404, 501),
            "/api/suggest": _op("Query suggestions", suggest, 400, 501),
            "/api/search.csv": _op("Every hit as CSV (UTF-8 with BOM)", search, 400),
            "/api/search.jsonl": _op("Every hit as JSON Lines", search, 400),
            "/api/trend": _op("Matching articles per period", trend, 400, 501),
            "/api/related": _op("Words over-represented in the hits", related, 400, 501),
            "/api/stats": _op("What the index holds", []),
            "/api/entities": _op("People, organisations, places around a query", entities, 400),
            "/api/quotes": _op("Quotations and their speakers", quotes, 400),
            "/healthz": _op("Liveness and article count", []),
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {"type": "string"},
                        "parameter": {"type": ["string", "null"]},
                    },
                }
            }
        },
    }
