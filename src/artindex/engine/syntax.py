"""Whoosh's query syntax (``"phrases"``, ``field:value``, ``AND``/``OR``/``NOT``, wildcards,
fuzzy terms, ``+``/``-``), parsed over the index's own analyzers with artindex's limits: a
field the index does not search is refused, wildcards expand to a bounded number of words, and
``a NOT b`` means "a, excluding b"."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from whoosh import query as wq
from whoosh.qparser import (
    FieldsPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    OrGroup,
    Plugin,
    PlusMinusPlugin,
    syntax,
)
from whoosh.qparser.dateparse import DateParserPlugin

from ..analysis.morphology import Morpheme
from ..errors import QueryError
from ..text.syntax import FIELD_NAME as _FIELD_NAME
from ..text.syntax import SYNTAX as SYNTAX  # re-exported: the engine's name for it
from ..text.syntax import is_syntax as is_syntax
from .analyzers import QUERY_MORPHEMES, WHOLE_WORDS
from .schema import BIGRAM_FIELD, EXACT_FIELD, PARTS_FIELD

_QUESTION_MARK = re.compile(r"(?<=\w)\?+(?=\s|$)")
_PLUS = r"(?:(?<=[\s(])|^)\+(?=\S)"  # + and - only at the start of a word:
_MINUS = r"(?:(?<=[\s(])|^)-(?=\S)"  # COVID-19 is one word, not COVID without 19
INTERNAL_FIELDS = frozenset({EXACT_FIELD, BIGRAM_FIELD, PARTS_FIELD})
FILTER_PREFIX = "f_"  # the exact-value filter fields (f_tag, f_lang...): typed as tag:, lang:


def parse(
    text: str,
    schema: Any,
    fields: Sequence[str],
    boosts: Mapping[str, float],
    whole: frozenset[str] = frozenset(),
    morphemes: Callable[[str], list[Morpheme] | None] | None = None,
) -> Any:
    """The Whoosh query for syntax ``text``, searching ``fields`` by default; a word in
    ``whole`` is searched as one word, not as the morphemes the analysis would split it into.
    ``morphemes`` analyzes a piece of the query without Kiwi when it can (the word table)."""
    parser = MultifieldParser(list(fields), schema, fieldboosts=dict(boosts), group=OrGroup)
    parser.replace_plugin(FieldsPlugin(expr=_FIELD_NAME, remove_unknown=False))
    parser.add_plugin(_KnownFields(text, searchable_fields(schema)))
    parser.add_plugin(PlusMinusPlugin(_PLUS, _MINUS))
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(DateParserPlugin(free=False))
    token = WHOLE_WORDS.set(whole)
    table = QUERY_MORPHEMES.set(morphemes)
    try:
        parsed = parser.parse(_QUESTION_MARK.sub("", text))
    except QueryError:
        raise
    except Exception as exc:  # Whoosh raises assorted errors on malformed syntax
        raise QueryError(f"cannot parse query {text!r}: {exc}") from exc
    finally:
        WHOLE_WORDS.reset(token)
        QUERY_MORPHEMES.reset(table)
    # Whoosh reports some syntax errors (e.g. an unreadable date) as error-carrying queries.
    errors = [q.error for q in _walk(parsed) if getattr(q, "error", None)] if parsed else []
    if errors:
        raise QueryError(f"cannot parse query {text!r}: {errors[0]!r} is not a valid value")
    if parsed is None or parsed is wq.NullQuery:
        raise QueryError(f"query {text!r} has no words to search for (only excluded ones)")
    return _lift_nots(_positioned_phrases(parsed))


def _positioned_phrases(query: Any) -> Any:
    """A phrase of several words only in fields with positions: the compound parts field
    answers one-word phrases (``"예산"`` finds 예산안) and has no positions for longer ones."""
    if isinstance(query, wq.Phrase):
        return wq.NullQuery if query.fieldname == PARTS_FIELD and len(query.words) > 1 else query
    if query.is_leaf():
        return query
    return query.apply(_positioned_phrases).normalize()


def searchable_fields(schema: Any) -> tuple[str, ...]:
    """The fields a query may name (``title:예산``): the indexed ones users know of."""
    return tuple(
        name
        for name, fieldtype in schema.items()
        if fieldtype.indexed and name not in INTERNAL_FIELDS and not name.startswith(FILTER_PREFIX)
    )


def highlight_terms(query: Any, reader: Any, limit: int) -> dict[str, frozenset[str]]:
    """Terms to highlight in the body and title; wildcard and prefix terms expanded (bounded)."""
    highlight: dict[str, set[str]] = {"body": set(), "title": set()}
    for fieldname, term in _terms(query, reader, limit):
        if fieldname in highlight:
            highlight[fieldname].add(term if isinstance(term, str) else term.decode("utf-8"))
    return {k: frozenset(v) for k, v in highlight.items()}


def check_expansion(query: Any, reader: Any, limit: int) -> None:
    """Refuse wildcard, prefix, regex and fuzzy terms that expand to too many words."""
    for sub in _walk(query):
        if isinstance(sub, wq.MultiTerm):
            for count, _ in enumerate(sub._btexts(reader), 1):
                if count > limit:
                    raise QueryError(
                        f"{sub} matches more than {limit} words; make the pattern longer"
                    )


def _walk(query: Any) -> Iterable[Any]:
    yield query
    for child in query.children():
        yield from _walk(child)


def _terms(query: Any, reader: Any, limit: int) -> Iterable[tuple[str, Any]]:
    """The positive terms of ``query`` (not those under NOT), wildcards expanded up to ``limit``."""
    if isinstance(query, wq.Not):
        return
    if isinstance(query, wq.Term):
        yield query.fieldname, query.text
    elif isinstance(query, wq.MultiTerm):
        for i, btext in enumerate(query._btexts(reader)):
            if i >= limit:
                break
            yield query.fieldname, btext
    elif isinstance(query, wq.Phrase):
        for word in query.words:
            yield query.fieldname, word
    else:
        for child in query.children():
            yield from _terms(child, reader, limit)


def _lift_nots(query: Any) -> Any:
    """``a NOT b`` under OR grouping means "a, excluding b" to users, not "a, or anything
    without b" as Whoosh reads it: turn an OR's negated children into an AND NOT."""
    if isinstance(query, wq.BinaryQuery):  # AndNot, AndMaybe, Require, Otherwise
        return query.__class__(_lift_nots(query.a), _lift_nots(query.b))
    if isinstance(query, wq.CompoundQuery):
        query = query.__class__([_lift_nots(q) for q in query.subqueries], boost=query.boost)
    if isinstance(query, wq.Or):
        negative = [q.query for q in query.subqueries if isinstance(q, wq.Not)]
        positive = [q for q in query.subqueries if not isinstance(q, wq.Not)]
        if negative and positive:
            base = positive[0] if len(positive) == 1 else wq.Or(positive, boost=query.boost)
            return wq.AndNot(base, negative[0] if len(negative) == 1 else wq.Or(negative))
    return query


class _KnownFields(Plugin):  # type: ignore[misc]
    """Refuses a field the index does not search (``source:``, ``lang:``) instead of letting
    Whoosh read it as a word, naming the fields there are."""

    def __init__(self, text: str, fields: Sequence[str]) -> None:
        self.text = text
        self.fields = fields

    def filters(self, parser: Any) -> list[tuple[Any, int]]:
        return [(self.check, 90)]  # after grouping (0), before fields are applied (100)

    def check(self, parser: Any, group: Any) -> Any:
        for node in _nodes(group):
            if isinstance(node, syntax.FieldnameNode) and node.fieldname in ("http", "https"):
                raise QueryError(
                    f"query {self.text!r} holds a web address: search the address alone to find "
                    "its article, or filter with url:ADDRESS"
                )
            if isinstance(node, syntax.FieldnameNode) and node.fieldname not in self.fields:
                raise QueryError(
                    f"query {self.text!r} names unknown field {node.fieldname!r}; "
                    f"the fields are {', '.join(self.fields)}; "
                    "filters: date, tag, source, byline, lang, url"
                )
        return group


def _nodes(group: Any) -> Iterable[Any]:
    for node in group:
        yield node
        if isinstance(node, syntax.GroupNode):
            yield from _nodes(node)
