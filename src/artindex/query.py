"""From a user's query text to a Whoosh query.

Plain words (the common case, including long natural-language questions) are analyzed once and
become an OR over the query's content words, each searched in every field with its weight, plus
a lower-weighted OR over Hangul bigrams for compounds, with a coordination factor so documents
matching more of the words rank first. Question words (``무엇``, ``언제``...) are dropped first.

Text using Whoosh syntax (``"phrases"``, ``field:value``, ``AND``/``OR``/``NOT``, wildcards) goes
through Whoosh's parser over the same analyzers, with limits on length and term expansion.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import matching, scoring
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

from .analysis import (
    ENGLISH_STOPWORDS,
    QUESTION_TAGS,
    QUESTION_WORDS,
    Morpheme,
    analyze_morphemes,
    content_spans,
    morphemes,
    needs_kiwi,
    span_bigrams,
)
from .errors import ConfigError, QueryError
from .schema import BIGRAM_FIELD, EXACT_FIELD, MORPH_FIELDS
from .settings import Settings, read_yaml
from .wordtable import WordTable

# Whoosh syntax: phrases, operators, fields, wildcards (``*`` anywhere, ``?`` inside a word),
# fuzzy terms (``word~``, ``word~2``), required and banned words (``+word``, ``-word``), boosts.
# A ``?`` ending a word is a question mark, as in every natural question.
_SYNTAX = re.compile(
    r'"|(?:^|\s)(?:AND|OR|NOT|ANDNOT|ANDMAYBE)(?:\s|$)|\b[a-z_]+:\S|\w\*|\*\w|\w\?\w'
    r"|[^\W\d_]~\d?(?:/\d)?(?=\s|$)|^[+-]\w|\s[+-]\w|\^\d"
)
_QUESTION_MARK = re.compile(r"(?<=\w)\?+(?=\s|$)")
_FIELD_NAME = r"(?P<text>[A-Za-z_][A-Za-z0-9_]*):"  # 12:30 is a time, not a field
_PLUS = r"(?:(?<=[\s(])|^)\+(?=\S)"  # + and - only at the start of a word:
_MINUS = r"(?:(?<=[\s(])|^)-(?=\S)"  # COVID-19 is one word, not COVID without 19
INTERNAL_FIELDS = frozenset({EXACT_FIELD, BIGRAM_FIELD})


@dataclass(frozen=True, slots=True)
class Compiled:
    """A query ready to run, with the terms to highlight in each field."""

    text: str
    query: Any  # whoosh.query.Query
    highlight: dict[str, frozenset[str]] = field(default_factory=dict)
    words: tuple[str, ...] = ()  # the content words of a plain-words query (for feedback)
    settings: Settings | None = None  # the ranking settings it was compiled with


@dataclass(frozen=True, slots=True)
class _Word:
    text: str  # the indexed form (stemmed for Latin)
    surface: str  # lowercased form as written (for the exact field)
    tag: str
    count: int = 1  # occurrences in the query: a repeated word weighs more


def weighting(settings: Settings) -> Any:
    """Whoosh's per-field BM25 for what :class:`WordQuery` does not score: bigrams, phrases
    and parsed queries (all of them with ``field_scoring: whoosh``)."""
    k1 = settings.bigram_k1 if settings.field_scoring == "bm25f" else settings.bm25_k1
    return scoring.BM25F(
        B=settings.body_b, K1=k1, title_B=settings.title_b, byline_B=0.0, tags_B=0.0
    )


class Synonyms:
    """Alias groups applied at query time: any member of a group also searches the others."""

    def __init__(self, groups: Sequence[Sequence[str]] = (), user_dictionary: str = "") -> None:
        self.user_dictionary = user_dictionary
        self._groups: list[list[tuple[str, ...]]] = []
        self._index: dict[tuple[str, ...], int] = {}
        for group in groups:
            keys = [k for k in (self._key(m) for m in group) if k]
            for key in keys:
                self._index.setdefault(key, len(self._groups))
            self._groups.append(keys)
        self.longest = max((len(k) for k in self._index), default=0)

    @classmethod
    def load(cls, path: str, user_dictionary: str = "") -> Synonyms:
        if not path:
            return cls()
        data = read_yaml(path, "synonyms file")
        groups = data.get("synonyms", data.get("groups", [])) if isinstance(data, dict) else data
        if not isinstance(groups, list) or not all(
            isinstance(g, list) and all(isinstance(m, str) for m in g) for g in groups
        ):
            raise ConfigError(f"{path}: synonyms must be a list of lists of words")
        return cls(groups, user_dictionary)

    def _key(self, phrase: str) -> tuple[str, ...]:
        text = phrase.strip()
        return tuple(
            t[0] for t in analyze_morphemes(text, morphemes(text, self.user_dictionary)).morph
        )

    def __len__(self) -> int:
        return len(self._groups)

    def expand(self, words: Sequence[str]) -> list[tuple[int, int, list[tuple[str, ...]]]]:
        """(start, end, alternatives) for each run of ``words`` that is a synonym-group member."""
        found = []
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                group = self._index.get(tuple(words[i : i + n]))
                if group is not None:
                    found.append((i, i + n, self._groups[group]))
                    i += n
                    break
            else:
                i += 1
        return found


class CoordOr(wq.Or):  # type: ignore[misc]
    """An OR whose score is scaled by the share of the query's words a document matches."""

    def __init__(
        self,
        subqueries: list[Any],
        concepts: dict[tuple[str, str], int],
        count: int,
        coord: float,
        boost: float = 1.0,
    ) -> None:
        super().__init__(subqueries, boost=boost)
        self.concepts = concepts
        self.count = count
        self.coord = coord

    def normalize(self) -> CoordOr:
        return self

    def _matcher(self, subs: list[Any], searcher: Any, context: Any) -> Any:
        reader = searcher.reader()
        if context is not None and self.coord > 0 and self.count > 1:
            # Counting matched words needs live term matchers, not Whoosh's preloaded arrays.
            context = context.set(needs_current=True)
        m = self._tree_matcher(
            subs, matching.UnionMatcher, searcher, context, lambda q: q.estimate_size(reader)
        )
        if self.coord > 0 and self.count > 1:
            leaves = []
            for leaf in m.term_matchers():
                fieldname, text = leaf.term()
                key = (fieldname, text.decode("utf-8") if isinstance(text, bytes) else text)
                if key in self.concepts:
                    leaves.append((leaf, self.concepts[key]))
            m = _CoordMatcher(m, leaves, self.count, self.coord)
        return m


class _CoordMatcher(matching.WrappingMatcher):  # type: ignore[misc]
    """Scales the child's score by ((1 + words matched) / (1 + words in the query)) ** coord.

    It holds the tree's term matchers (leaves) with the query word each belongs to. The leaves
    are shared by every union above them and always sit at or after the current document, so a
    leaf whose id is the current document is a matching word: no walk of the tree is needed.
    """

    def __init__(self, child: Any, leaves: list[tuple[Any, int]], count: int, coord: float):
        super().__init__(child)
        self._leaves = leaves
        self._count = count
        self._coord = coord

    def _replacement(self, newchild: Any) -> Any:
        return _CoordMatcher(newchild, self._leaves, self._count, self._coord)

    def score(self) -> float:
        doc = self.child.id()
        matched = {word for leaf, word in self._leaves if leaf.is_active() and leaf.id() == doc}
        factor: float = ((1 + len(matched)) / (1 + self._count)) ** self._coord
        return float(self.child.score()) * factor


def bm25_idf(doc_count: int, doc_frequency: int) -> float:
    """Lucene's BM25 idf, always positive: ln(1 + (N - df + 0.5) / (df + 0.5))."""
    return math.log(1.0 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


class WordQuery(wq.Or):  # type: ignore[misc]
    """One query word searched in several fields and scored by BM25F proper.

    Whoosh's BM25F scores each field's term on its own, so a word in both the title and the
    body is saturated twice and weighed by two different idfs. Here the word's frequencies are
    combined first, each field's count weighted and length-normalized (``w * tf / (1 - b + b *
    len / avglen)``), then saturated once (``tf' * (k1 + 1) / (k1 + tf')``) and multiplied by
    one idf for the word: that of its most frequent field form.
    """

    def __init__(
        self,
        terms: Sequence[tuple[str, str, float]],
        k1: float,
        b: dict[str, float],
        boost: float = 1.0,
    ) -> None:
        super().__init__([wq.Term(f, t) for f, t, _ in terms], boost=boost)
        self.terms = list(terms)
        self.k1 = k1
        self.b = b

    def normalize(self) -> WordQuery:
        return self

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, WordQuery)
            and self.terms == other.terms
            and self.boost == other.boost
            and self.k1 == other.k1
            and self.b == other.b
        )

    def __hash__(self) -> int:
        return hash((tuple(self.terms), self.boost, self.k1, tuple(sorted(self.b.items()))))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        top = searcher.get_parent()  # collection statistics come from the whole index
        leaves = []
        df = 0
        for (fieldname, text, weight), sub in zip(self.terms, self.subqueries, strict=True):
            btext = self.schema_bytes(searcher, fieldname, text)
            if btext is None:
                continue
            df = max(df, top.doc_frequency(fieldname, btext))
            if (fieldname, btext) not in reader:
                continue
            b = self.b.get(fieldname, 0.0)
            avg = top.avg_field_length(fieldname) or 1.0
            leaves.append((sub.matcher(searcher, context), fieldname, weight, b, avg))
        if not leaves:
            return matching.NullMatcher()
        idf = bm25_idf(top.doc_count_all(), df) * self.boost
        union = leaves[0][0]
        for leaf in leaves[1:]:
            union = matching.UnionMatcher(union, leaf[0])
        return _BM25FMatcher(union, leaves, reader, idf, self.k1)

    @staticmethod
    def schema_bytes(searcher: Any, fieldname: str, text: str) -> bytes | None:
        if fieldname not in searcher.schema:
            return None
        try:
            return bytes(searcher.schema[fieldname].to_bytes(text))
        except ValueError:
            return None


class _BM25FMatcher(matching.WrappingMatcher):  # type: ignore[misc]
    """Scores the current document from the frequencies of the leaves that sit on it."""

    def __init__(
        self,
        child: Any,
        leaves: list[tuple[Any, str, float, float, float]],
        reader: Any,
        idf: float,
        k1: float,
    ) -> None:
        super().__init__(child)
        self._leaves = leaves
        self._reader = reader
        self._idf = idf
        self._k1 = k1

    def _replacement(self, newchild: Any) -> Any:
        return _BM25FMatcher(newchild, self._leaves, self._reader, self._idf, self._k1)

    def supports_block_quality(self) -> bool:
        return False

    def score(self) -> float:
        doc = self.child.id()
        tf = 0.0
        for leaf, fieldname, weight, b, avg in self._leaves:
            if leaf.is_active() and leaf.id() == doc:
                norm = 1.0 - b + b * self._reader.doc_field_length(doc, fieldname, 1) / avg
                tf += weight * leaf.weight() / norm
        return self._idf * tf * (self._k1 + 1.0) / (self._k1 + tf)


class QueryCompiler:
    """Turns user text into a :class:`Compiled` query for one index's schema and settings."""

    def __init__(
        self,
        schema: Any,
        settings: Settings,
        synonyms: Synonyms | None = None,
        words: WordTable | None = None,
    ) -> None:
        self.schema = schema
        self.settings = settings
        self.synonyms = synonyms or Synonyms()
        self.words = words  # the generation's word analyses: plain queries skip Kiwi with it
        self._by_language: dict[str, QueryCompiler] = {}
        self.boosts = {
            "title": settings.title_boost,
            "body": 1.0,
            "byline": settings.byline_boost,
            "tags": settings.tags_boost,
        }
        self.b = {
            "title": settings.title_b,
            "body": settings.body_b,
            EXACT_FIELD: settings.body_b,
        }

    def compile(self, text: str) -> Compiled:
        text = unicodedata.normalize("NFC", text).strip()  # the index holds NFC text
        if not text:
            raise QueryError("empty query")
        if len(text) > self.settings.max_query_chars:
            raise QueryError(
                f"query is {len(text)} characters long; "
                f"the limit is {self.settings.max_query_chars}"
            )
        if _SYNTAX.search(text):
            return self._parse(text)
        return self._plain(text)

    # ------------------------------------------------------------------ plain words

    def _plain(self, text: str) -> Compiled:
        morphs = self.morphemes(text)
        words = _content_words(text, morphs)
        if not words:
            if not any(ch.isalnum() for ch in text):
                raise QueryError(f"query {text!r} has no words to search for")
            return Compiled(text, wq.NullQuery, {})  # only function words: nothing can match
        lang = query_language(words)
        if lang in self.settings.languages:
            if lang not in self._by_language:
                self._by_language[lang] = QueryCompiler(
                    self.schema, self.settings.for_language(lang), self.synonyms, self.words
                )
            return self._by_language[lang]._plain_words(text, morphs, words)
        return self._plain_words(text, morphs, words)

    def needs_model(self, text: str) -> bool:
        """Whether compiling ``text`` will run Kiwi: it has Hangul or Hanja, and it uses
        Whoosh syntax or has a word the word table lacks."""
        text = unicodedata.normalize("NFC", text).strip()
        if not needs_kiwi(text):
            return False
        if _SYNTAX.search(text) or self.words is None:
            return True
        return self.words.compose(text) is None

    def morphemes(self, text: str) -> list[Morpheme]:
        """The query's morphemes: composed from the word table when it knows every word of
        ``text`` (no model to load), else from Kiwi."""
        composed = self.words.compose(text) if self.words is not None else None
        if composed is not None:
            return composed
        return morphemes(text, self.settings.user_dictionary)

    def _plain_words(self, text: str, morphs: list[Morpheme], words: list[_Word]) -> Compiled:
        texts = [w.text for w in words]
        alternatives: dict[int, tuple[int, list[tuple[str, ...]]]] = {}
        for start, end, alts in self.synonyms.expand(texts):
            alternatives[start] = (end, alts)
        subqueries: list[Any] = []
        concepts: dict[tuple[str, str], int] = {}
        highlight: set[str] = set()
        i = 0
        while i < len(words):
            concept = len(subqueries)
            if i in alternatives:
                end, alts = alternatives[i]
                options = [self._phrase(alt, concepts, concept) for alt in alts]
                highlight.update(t for alt in alts for t in alt)
                subqueries.append(wq.Or(options))
                i = end
                continue
            word = words[i]
            subqueries.append(self._word(word, concepts, concept))
            highlight.add(word.text)
            i += 1
        count = len(subqueries)
        kept_morphs = [m for m in morphs if not _is_question_word(m)]
        groups = _bigram_groups(text, kept_morphs or morphs)
        if groups and self.settings.bigram_weight > 0:
            subqueries.append(self._bigrams(groups))
        pairs = _adjacent_pairs(text, morphs) if self.settings.proximity_weight > 0 else []
        if pairs:
            slop = self.settings.proximity_slop
            subqueries.append(
                wq.Or(
                    [wq.Phrase("body", list(pair), slop=slop) for pair in pairs],
                    boost=self.settings.proximity_weight,
                )
            )
        query = CoordOr(subqueries, concepts, count, self.settings.coord)
        return Compiled(
            text,
            query,
            {"body": frozenset(highlight), "title": frozenset(highlight)},
            tuple(w.text for w in words),
            self.settings,
        )

    def feedback_scores(
        self,
        searcher: Any,
        compiled: Compiled,
        terms: Sequence[tuple[str, float]],
        docnums: Sequence[int],
    ) -> dict[int, float]:
        """The score feedback ``terms`` add to each of the sorted ``docnums``. Each word weighs
        its share of ``feedback_weight`` times the query's word count and is scored with the
        ranking settings the query was compiled with, one word at a time (cheaper than
        skipping through one union tree)."""
        query = compiled.query
        if not terms or not isinstance(query, CoordOr):
            return {}
        compiler = self._compiler_for(compiled.settings)
        scale = compiler.settings.feedback_weight * max(1, query.count)
        bonus: dict[int, float] = {}
        for term, share in terms:
            fields = [(name, term, compiler.boosts[name]) for name in ("title", "body")]
            matcher = compiler._word_query(fields, scale * share).matcher(searcher)
            for docnum, score in _scores_at(matcher, docnums):
                bonus[docnum] = bonus.get(docnum, 0.0) + score
        return bonus

    def _compiler_for(self, settings: Settings | None) -> QueryCompiler:
        """The compiler (this one or a language's) whose ranking settings are ``settings``."""
        for compiler in self._by_language.values():
            if compiler.settings is settings:
                return compiler
        return self

    def _word_query(self, fields: list[tuple[str, str, float]], boost: float) -> WordQuery:
        return WordQuery(fields, self.settings.bm25_k1, self.b, boost=boost)

    def _bigrams(self, groups: list[tuple[str, ...]]) -> Any:
        """The bigram part of a query. ``bigram_match: any`` scores every shared syllable pair
        (best ranking); ``all`` makes a word match through its bigrams only where all of them
        occur, like a substring search, which leaves far fewer candidates (faster)."""
        weight = self.settings.bigram_weight
        if self.settings.bigram_match == "all":
            return wq.Or(
                [
                    wq.And([wq.Term(BIGRAM_FIELD, g) for g in group])
                    if len(group) > 1
                    else wq.Term(BIGRAM_FIELD, group[0])
                    for group in groups
                ],
                boost=weight,
            )
        grams = sorted({g for group in groups for g in group})
        return wq.Or([wq.Term(BIGRAM_FIELD, g) for g in grams], boost=weight)

    def _word(self, word: _Word, concepts: dict[tuple[str, str], int], concept: int) -> Any:
        if self.settings.field_scoring == "bm25f":
            fields: list[tuple[str, str, float]] = []
            for name in MORPH_FIELDS:
                if self.boosts[name] > 0:
                    fields.append((name, word.text, self.boosts[name]))
                    concepts[(name, word.text)] = concept
            if word.tag == "SL" and self.settings.exact_weight > 0:
                fields.append((EXACT_FIELD, word.surface, self.settings.exact_weight))
                concepts[(EXACT_FIELD, word.surface)] = concept
            return self._word_query(fields, float(word.count))
        terms = []
        for name in MORPH_FIELDS:
            boost = self.boosts[name]
            if boost > 0:
                terms.append(wq.Term(name, word.text, boost=boost))
                concepts[(name, word.text)] = concept
        if word.tag == "SL" and self.settings.exact_weight > 0:
            terms.append(wq.Term(EXACT_FIELD, word.surface, boost=self.settings.exact_weight))
            concepts[(EXACT_FIELD, word.surface)] = concept
        return wq.Or(terms, boost=float(word.count))

    def _phrase(
        self, words: tuple[str, ...], concepts: dict[tuple[str, str], int], concept: int
    ) -> Any:
        if len(words) == 1:
            return self._word(_Word(words[0], words[0], ""), concepts, concept)
        per_field = []
        for name in ("title", "body"):
            per_field.append(wq.Phrase(name, list(words), boost=self.boosts[name]))
            for w in words:
                concepts[(name, w)] = concept
        return wq.Or(per_field)

    # ------------------------------------------------------------------ Whoosh syntax

    def _parse(self, text: str) -> Compiled:
        parser = MultifieldParser(
            list(MORPH_FIELDS), self.schema, fieldboosts=self.boosts, group=OrGroup
        )
        parser.replace_plugin(FieldsPlugin(expr=_FIELD_NAME, remove_unknown=False))
        parser.add_plugin(_KnownFields(text, self.searchable_fields()))
        parser.add_plugin(PlusMinusPlugin(_PLUS, _MINUS))
        parser.add_plugin(FuzzyTermPlugin())
        parser.add_plugin(DateParserPlugin(free=False))
        try:
            parsed = parser.parse(_QUESTION_MARK.sub("", text))
        except QueryError:
            raise
        except Exception as exc:  # Whoosh raises assorted errors on malformed syntax
            raise QueryError(f"cannot parse query {text!r}: {exc}") from exc
        # Whoosh reports some syntax errors (e.g. an unreadable date) as error-carrying queries.
        errors = [q.error for q in _walk(parsed) if getattr(q, "error", None)] if parsed else []
        if errors:
            raise QueryError(f"cannot parse query {text!r}: {errors[0]!r} is not a valid value")
        if parsed is None or parsed is wq.NullQuery:
            raise QueryError(f"query {text!r} has no words to search for (only excluded ones)")
        return Compiled(text, _lift_nots(parsed), {})

    def searchable_fields(self) -> tuple[str, ...]:
        """The fields a query may name (``title:예산``): the indexed ones users know of."""
        return tuple(
            name
            for name, fieldtype in self.schema.items()
            if fieldtype.indexed and name not in INTERNAL_FIELDS
        )

    def highlight_terms(self, compiled: Compiled, reader: Any) -> dict[str, frozenset[str]]:
        """Terms to highlight per field; wildcard and prefix terms are expanded (bounded)."""
        if compiled.highlight:
            return compiled.highlight
        highlight: dict[str, set[str]] = {"body": set(), "title": set()}
        for fieldname, term in _terms(compiled.query, reader, self.settings.max_expansions):
            if fieldname in highlight:
                highlight[fieldname].add(term if isinstance(term, str) else term.decode("utf-8"))
        return {k: frozenset(v) for k, v in highlight.items()}

    def check_expansion(self, query: Any, reader: Any) -> None:
        """Refuse wildcard, prefix, regex and fuzzy terms that expand to too many words."""
        limit = self.settings.max_expansions
        for sub in _walk(query):
            if isinstance(sub, wq.MultiTerm):
                for count, _ in enumerate(sub._btexts(reader), 1):
                    if count > limit:
                        raise QueryError(
                            f"{sub} matches more than {limit} words; make the pattern longer"
                        )


def _scores_at(matcher: Any, docnums: Sequence[int]) -> Iterable[tuple[int, float]]:
    """(docnum, score) for each of the sorted ``docnums`` the matcher matches."""
    for docnum in docnums:
        if not matcher.is_active():
            return
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                return
        if matcher.id() == docnum:
            yield docnum, float(matcher.score())


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
            if isinstance(node, syntax.FieldnameNode) and node.fieldname not in self.fields:
                raise QueryError(
                    f"query {self.text!r} names unknown field {node.fieldname!r}; "
                    f"the fields are {', '.join(self.fields)}; "
                    "filters: date, tag, source, byline, lang"
                )
        return group


def _nodes(group: Any) -> Iterable[Any]:
    for node in group:
        yield node
        if isinstance(node, syntax.GroupNode):
            yield from _nodes(node)


def _is_question_word(m: Morpheme) -> bool:
    return m.form in QUESTION_WORDS or m.tag in QUESTION_TAGS


def _bigram_groups(text: str, morphs: list[Morpheme]) -> list[tuple[str, ...]]:
    """The Hangul bigrams of each content span of the query, one group per span."""
    groups: dict[tuple[str, ...], None] = {}
    for start, end in content_spans(text, morphs):
        grams = tuple(dict.fromkeys(g for g, _, _ in span_bigrams(text, start, end)))
        if grams:
            groups[grams] = None
    return list(groups)


def _adjacent_pairs(text: str, morphs: list[Morpheme]) -> list[tuple[str, str]]:
    """Consecutive content words of the query, for a proximity bonus (each pair once)."""
    analysis = analyze_morphemes(text, morphs)
    seq = [
        term
        for (term, _, start, end), tag in zip(analysis.morph, analysis.tags, strict=True)
        if not (term in QUESTION_WORDS or tag in QUESTION_TAGS)
        and not (tag == "SL" and text[start:end].lower() in ENGLISH_STOPWORDS)
    ]
    return list(dict.fromkeys((a, b) for a, b in itertools.pairwise(seq) if a != b))


def query_language(words: Sequence[_Word]) -> str:
    """ "en" when every content word is Latin-script, else "ko" (Korean rules also serve
    mixed queries and numbers)."""
    return "en" if words and all(w.tag == "SL" for w in words) else "ko"


def _content_words(text: str, morphs: list[Morpheme]) -> list[_Word]:
    """The query's words worth searching, each once with its count: question words and
    English stop words dropped. If that leaves nothing, every kept morpheme counts."""
    analysis = analyze_morphemes(text, morphs)
    words: dict[str, _Word] = {}
    everything: dict[str, _Word] = {}
    for (term, _, start, end), tag in zip(analysis.morph, analysis.tags, strict=True):
        surface = text[start:end].lower()
        everything.setdefault(term, _Word(term, surface, tag))
        if term in QUESTION_WORDS or tag in QUESTION_TAGS:
            continue
        if tag == "SL" and surface in ENGLISH_STOPWORDS:
            continue
        seen = words.get(term)
        words[term] = (
            _Word(term, surface, tag, seen.count + 1) if seen else _Word(term, surface, tag)
        )
    return list((words or everything).values())
