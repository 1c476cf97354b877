"""HTTP query parameters -> keyword arguments of the library call, validated in one place.

Every search parameter is named like the :meth:`Index.search` keyword argument it feeds
(``q`` feeds the positional query). A parameter is accepted only when the open Index's method
takes an argument of that name, so an argument added to the library appears on the server by
adding one row to :data:`SEARCH_PARAMS`; its type comes from the method's annotations.
"""

from __future__ import annotations

import functools
import inspect
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..errors import ArtindexError

MAX_TEXT = 500  # characters in one text parameter (a query, a tag...)
MAX_VALUES = 20  # repeats of one multi-valued parameter


class ParamError(ArtindexError):
    """A request parameter is unknown, unsupported or malformed; ``param`` names it."""

    def __init__(self, param: str, message: str) -> None:
        self.param = param
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Param:
    """One documented request parameter. ``arg`` is the library argument it feeds."""

    name: str
    help: str
    example: str = ""
    minimum: int | None = None
    maximum: int | None = None
    arg: str = ""  # defaults to name; "*" means the method's first positional argument

    @property
    def target(self) -> str:
        return self.arg or self.name


SEARCH_PARAMS: tuple[Param, ...] = (
    Param("q", "The query: plain words or Whoosh syntax.", "창조경제박람회", arg="*"),
    Param("limit", "Hits to return (1-100).", "10", minimum=1, maximum=100),
    Param("offset", "Hits to skip before the first one returned.", "0", minimum=0, maximum=1000),
    Param("sort", "Order of hits: relevance (default), newest or oldest.", "newest"),
    Param("since", "Only articles published on or after this date (YYYY-MM-DD).", "2024-01-01"),
    Param("until", "Only articles published on or before this date (YYYY-MM-DD).", "2024-12-31"),
    Param("when", "A relative date phrase such as 지난주 or 올해.", "지난주"),
    Param("tag", "Only articles with this tag (repeat for several).", "경제"),
    Param("source", "Only articles from this source.", "테스트일보"),
    Param("byline", "Only articles by this byline.", "강태오 기자"),
    Param("lang", "Only articles in this language (ko, en).", "ko"),
    Param("person", "Only articles naming this person (repeat for several).", "김민수"),
    Param("org", "Only articles naming this organisation (repeat for several).", "기획재정부"),
    Param("place", "Only articles naming this place (repeat for several).", "부산"),
    Param("url", "Only the article at this web address, however it is pasted.", "news.example/a"),
    Param("expand", "Also search similar words the index supports (default false).", "true"),
    Param(
        "facets",
        "Count hits by tags, source, byline, month, people, orgs, places (comma list).",
        "tags,month",
    ),
    Param("recent", "Boost newer articles by the index's half-life setting.", "true"),
    Param("collapse", "Fold near-duplicates into the best hit (default true).", "false"),
    Param("now", "Fix 'now' (ISO datetime) for relative dates and recency.", "2024-06-02T12:00"),
    Param("explain", "Explain how each hit was scored.", "true"),
    Param("correct", "Correct likely typos in the query.", "true"),
    Param("snippets", "Make a highlighted snippet for each hit (default true).", "true"),
)

SUGGEST_PARAMS: tuple[Param, ...] = (
    Param("q", "The text typed so far.", "창조경", arg="*"),
    Param("limit", "Suggestions to return (1-50).", "10", minimum=1, maximum=50),
)

# /api/trend and /api/related: ``q`` (repeatable for trend) is taken by the service itself.
FILTER_PARAMS: tuple[Param, ...] = tuple(
    row
    for row in SEARCH_PARAMS
    if row.name in {"since", "until", "when", "tag", "source", "byline", "lang", "now", "collapse"}
)
TREND_PARAMS: tuple[Param, ...] = (
    Param("interval", "Period of each count: day, week, month or year (default: by span).",
          "month"),
    *FILTER_PARAMS,
)  # fmt: skip
RELATED_PARAMS: tuple[Param, ...] = (
    Param("limit", "Related words to return (1-100).", "20", minimum=1, maximum=100),
    Param("docs", "Best hits the words are read from (1-1000).", "200", minimum=1, maximum=1000),
    *FILTER_PARAMS,
)

SIMILAR_PARAMS: tuple[Param, ...] = (
    Param("limit", "Articles to return (1-50).", "5", minimum=1, maximum=50),
)


def positional(func: Callable[..., Any]) -> str:
    """The name of ``func``'s first positional argument (after ``self``)."""
    return _positional(getattr(func, "__func__", func), hasattr(func, "__self__"))


@functools.lru_cache(maxsize=64)
def _positional(func: Callable[..., Any], bound: bool) -> str:
    params = list(inspect.signature(func).parameters.values())[1 if bound else 0 :]
    for p in params:
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            return p.name
    raise TypeError(f"{func!r} takes no positional argument")


def accepted(func: Callable[..., Any], table: Sequence[Param]) -> dict[str, tuple[str, Any]]:
    """{request name: (argument name, annotation)} for the rows of ``table`` that ``func``
    takes, in table order; ``**options: Unpack[SomeTypedDict]`` counts its keys as arguments.
    Worked out once per function and table (resolving the annotations took ~1 ms, paid by
    every request before)."""
    bound = hasattr(func, "__self__")
    return dict(_accepted(getattr(func, "__func__", func), bound, tuple(table)))


@functools.lru_cache(maxsize=64)
def _accepted(
    func: Callable[..., Any], bound: bool, table: tuple[Param, ...]
) -> dict[str, tuple[str, Any]]:
    sig = inspect.signature(func)
    try:
        hints = typing.get_type_hints(func, include_extras=True)
    except Exception:  # an annotation that does not resolve: treat the argument as text
        hints = {}
    names = {n for n, p in sig.parameters.items() if p.kind is not p.VAR_KEYWORD}
    for p in sig.parameters.values():
        hint = hints.get(p.name)
        if p.kind is p.VAR_KEYWORD and typing.get_origin(hint) is typing.Unpack:
            extra = typing.get_type_hints(typing.get_args(hint)[0])
            names |= set(extra)
            hints.update({k: _request_type(v) for k, v in extra.items()})
    out: dict[str, tuple[str, Any]] = {}
    for row in table:
        arg = _positional(func, bound) if row.target == "*" else row.target
        if arg in names:
            out[row.name] = (arg, hints.get(arg, str))
    return out


def _request_type(tp: Any) -> Any:
    """How a request carries a library option typed as a union: repeatable text where the
    library takes several values, a flag where it takes a bool, an int, else one text value
    the library parses itself (dates, phrases, comma lists)."""
    args = [a for a in typing.get_args(tp) if a is not type(None)] or [tp]
    if any(_is_multi(a) and typing.get_args(a) == (str,) for a in args):
        return list[str]
    for simple in (bool, int):
        if simple in args:
            return simple
    return str


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _unwrap(tp: Any) -> Any:
    """``X | None`` -> X; anything else unchanged."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _is_multi(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    return origin in (list, tuple, set, frozenset) or (
        isinstance(origin, type) and issubclass(origin, Sequence) and origin is not str
    )


def _convert(row: Param, tp: Any, raw: str) -> Any:
    name = row.name
    if len(raw) > MAX_TEXT:
        raise ParamError(name, f"parameter {name!r} is longer than {MAX_TEXT} characters")
    if tp is bool:
        low = raw.strip().lower()
        if low in _TRUE or low in _FALSE:
            return low in _TRUE
        raise ParamError(name, f"parameter {name!r} must be true or false, not {raw!r}")
    if tp is int:
        return _to_int(row, raw)
    if tp in (date, datetime):
        try:
            return tp.fromisoformat(raw.strip())
        except ValueError:
            raise ParamError(
                name, f"parameter {name!r} must be a date (YYYY-MM-DD), not {raw!r}"
            ) from None
    if typing.get_origin(tp) is typing.Literal:
        allowed = [str(a) for a in typing.get_args(tp)]
        if raw not in allowed:
            raise ParamError(name, f"parameter {name!r} must be one of {', '.join(allowed)}")
    return raw


def _to_int(row: Param, raw: str) -> int:
    name = row.name
    try:
        value = int(raw.strip())
    except ValueError:
        raise ParamError(name, f"parameter {name!r} must be a whole number, not {raw!r}") from None
    if row.minimum is not None and value < row.minimum:
        raise ParamError(name, f"parameter {name!r} must be at least {row.minimum}, not {value}")
    if row.maximum is not None and value > row.maximum:
        raise ParamError(name, f"parameter {name!r} must be at most {row.maximum}, not {value}")
    return value


def bind(
    func: Callable[..., Any],
    table: Sequence[Param],
    items: Sequence[tuple[str, str]],
    ignore: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Validate the request's (name, value) pairs against ``table`` and ``func``'s signature
    and return the keyword arguments to call ``func`` with. Raises ParamError naming the
    first parameter that is unknown, not supported by this library version, or malformed."""
    rows = {row.name: row for row in table}
    usable = accepted(func, table)
    grouped: dict[str, list[str]] = {}
    for name, value in items:
        if name in ignore:
            continue
        if name not in rows:
            raise ParamError(name, f"unknown parameter {name!r}")
        if name not in usable:
            raise ParamError(name, f"parameter {name!r} is not supported by this index yet")
        grouped.setdefault(name, []).append(value)
    kwargs: dict[str, Any] = {}
    for name, values in grouped.items():
        arg, hint = usable[name]
        tp = _unwrap(hint)
        if _is_multi(tp):
            if len(values) > MAX_VALUES:
                raise ParamError(name, f"parameter {name!r} is given more than {MAX_VALUES} times")
            inner = typing.get_args(tp)[0] if typing.get_args(tp) else str
            converted = [_convert(rows[name], inner, v) for v in values]
            kwargs[arg] = tuple(converted) if typing.get_origin(tp) is tuple else converted
        elif len(values) > 1:
            raise ParamError(name, f"parameter {name!r} is given more than once")
        else:
            kwargs[arg] = _convert(rows[name], tp, values[0])
    return kwargs


def json_type(hint: Any) -> dict[str, Any]:
    """The JSON Schema of a parameter with this annotation (for the OpenAPI description)."""
    tp = _unwrap(hint)
    if _is_multi(tp):
        args = typing.get_args(tp)
        return {"type": "array", "items": json_type(args[0] if args else str)}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp in (date, datetime):
        return {"type": "string", "format": "date"}
    if typing.get_origin(tp) is typing.Literal:
        return {"type": "string", "enum": [str(a) for a in typing.get_args(tp)]}
    return {"type": "string"}


def describe(
    func: Callable[..., Any] | None, table: Sequence[Param], required: frozenset[str]
) -> list[dict[str, Any]]:
    """OpenAPI parameter objects for the rows of ``table`` that ``func`` accepts."""
    usable: Mapping[str, tuple[str, Any]] = accepted(func, table) if func else {}
    out = []
    for row in table:
        if row.name not in usable:
            continue
        schema = json_type(usable[row.name][1])
        if row.minimum is not None:
            schema["minimum"] = row.minimum
        if row.maximum is not None:
            schema["maximum"] = row.maximum
        item: dict[str, Any] = {
            "name": row.name,
            "in": "query",
            "required": row.name in required,
            "description": row.help,
            "schema": schema,
        }
        if row.example:
            item["example"] = row.example
        out.append(item)
    return out
