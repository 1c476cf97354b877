"""From a user's query text to a query the engine runs.

Plain words (the common case, including long natural-language questions) are analyzed once and
become an OR over the query's content words, each searched in every field with its weight, plus
the compound parts the words are (``예산`` matches ``예산안``, never ``대전`` in ``휴대|전화``),
scored by a lower-weighted OR over Hangul bigrams that ranks but matches nothing itself, with a
coordination factor so documents matching more of the words rank first. Question words
(``무엇``, ``언제``...) are dropped first; a query of particles alone says so and finds nothing.

Text using Whoosh syntax (``"phrases"``, ``field:value``, ``AND``/``OR``/``NOT``, wildcards) goes
through the engine's parser (:mod:`artindex.engine.syntax`) over the same analyzers, with limits
on length and term expansion.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..analysis.morphology import Morpheme, morphemes, needs_kiwi
from ..analysis.query import (
    Word,
    adjacent_pairs,
    bigram_groups,
    content_words,
    is_question_word,
    only_function_words,
    part_terms,
    query_language,
    split_words,
    syntax_words,
)
from ..analysis.synonyms import Synonyms
from ..analysis.wordtable import WordTable
from ..engine import queries, syntax
from ..engine.schema import BIGRAM_FIELD, EXACT_FIELD, MORPH_FIELDS, PARTS_FIELD
from ..engine.scoring import CoordOr, MatchOnly, ScoreOnly, WordQuery
from ..errors import QueryError
from ..settings import Settings

if TYPE_CHECKING:
    from ..engine.view import Query, Reader, Schema, Searcher


@dataclass(frozen=True, slots=True)
class Compiled:
    """A query ready to run, with the terms to highlight in each field."""

    text: str
    query: Query
    highlight: dict[str, frozenset[str]] = field(default_factory=dict)
    words: tuple[str, ...] = ()  # the content words of a plain-words query (for feedback)
    settings: Settings | None = None  # the ranking settings it was compiled with
    notice: str = ""  # why a query can find nothing (only particles), for the user


class QueryCompiler:
    """Turns user text into a :class:`Compiled` query for one index's schema and settings."""

    def __init__(
        self,
        schema: Schema,
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

    def compile(self, text: str, reader: Reader | None = None) -> Compiled:
        """The query for ``text``; with the index's ``reader``, a word the analysis reads as
        function words is searched whole when the index holds it (``수도``)."""
        text = unicodedata.normalize("NFC", text).strip()  # the index holds NFC text
        if not text:
            raise QueryError("empty query")
        if len(text) > self.settings.max_query_chars:
            raise QueryError(
                f"query is {len(text)} characters long; "
                f"the limit is {self.settings.max_query_chars}"
            )
        if syntax.is_syntax(text):
            return self._parse(text, reader)
        return self._plain(text, reader)

    # ------------------------------------------------------------------ plain words

    def _plain(self, text: str, reader: Reader | None = None) -> Compiled:
        particles = only_function_words(text)
        if particles:
            notice = f"query {text!r} has only particles and endings; nothing to search for"
            return Compiled(text, queries.NOTHING, {}, notice=notice)
        morphs = self.morphemes(text)
        if reader is not None:
            morphs = self._whole_nouns(text, morphs, reader)
        words = content_words(text, morphs)
        if not words:
            if not any(ch.isalnum() for ch in text):
                raise QueryError(f"query {text!r} has no words to search for")
            notice = f"query {text!r} has only function words; nothing to search for"
            return Compiled(text, queries.NOTHING, {}, notice=notice)
        lang = query_language(words)
        if lang in self.settings.languages:
            if lang not in self._by_language:
                self._by_language[lang] = QueryCompiler(
                    self.schema, self.settings.for_language(lang), self.synonyms, self.words
                )
            return self._by_language[lang]._plain_words(text, morphs, words, reader)
        return self._plain_words(text, morphs, words, reader)

    def needs_model(self, text: str) -> bool:
        """Whether compiling ``text`` will run Kiwi: it has Hangul or Hanja, and it uses
        Whoosh syntax or has a word the word table lacks."""
        text = unicodedata.normalize("NFC", text).strip()
        if not needs_kiwi(text):
            return False
        if self.words is None:
            return True
        if syntax.is_syntax(text):  # its pieces are analyzed apart: only guessing is sure
            return not self.guess
        return self.words.compose(text, guess=self.guess) is None

    @property
    def guess(self) -> bool:
        """Whether a word the table lacks is guessed from it rather than given to Kiwi."""
        return self.settings.query_analysis == "table"

    def morphemes(self, text: str) -> list[Morpheme]:
        """The query's morphemes: composed from the word table when it knows every word of
        ``text`` (no model to load), else from Kiwi."""
        composed = self.words.compose(text, self.guess) if self.words is not None else None
        if composed is not None:
            return composed
        return morphemes(text, self.settings.user_dictionary)

    def _unknown(self, spans: list[str], reader: Reader | None) -> list[Query]:
        """A query word no article holds as a word or a compound part is one the analyser
        does not know as the texts have it: it matches where all its syllable pairs occur."""
        if reader is None:
            return []
        fields = (PARTS_FIELD, "title", "body")
        return [
            queries.every_of([queries.term(BIGRAM_FIELD, w[i : i + 2]) for i in range(len(w) - 1)])
            for w in spans
            if len(w) >= 2 and not queries.has_word(reader, fields, w)
        ]

    def _whole_nouns(self, text: str, morphs: list[Morpheme], reader: Reader) -> list[Morpheme]:
        """A query word the analysis split (``수도`` as 수 + 도, ``가지`` as 가 + 지; in a
        one-word query any split) is searched as one word when the index holds it whole: a
        noun somewhere in the index is never a silent miss (see ``split_words``)."""
        fields = ("title", "body")
        spans = [
            (a, b)
            for a, b in split_words(text, morphs)
            if queries.has_word(reader, fields, text[a:b])
        ]
        if not spans:
            return morphs
        kept = [m for m in morphs if not any(a <= m.start and m.end <= b for a, b in spans)]
        kept.extend(Morpheme(text[a:b], "NNG", a, b) for a, b in spans)
        return sorted(kept, key=lambda m: (m.start, m.end))

    def _plain_words(
        self, text: str, morphs: list[Morpheme], words: list[Word], reader: Reader | None = None
    ) -> Compiled:
        texts = [w.text for w in words]
        alternatives: dict[int, tuple[int, list[tuple[str, ...]]]] = {}
        for start, end, alts in self.synonyms.expand(texts):
            alternatives[start] = (end, alts)
        subqueries: list[Query] = []
        concepts: dict[tuple[str, str], int] = {}
        highlight: set[str] = set()
        i = 0
        while i < len(words):
            concept = len(subqueries)
            if i in alternatives:
                end, alts = alternatives[i]
                options = [self._phrase(alt, concepts, concept) for alt in alts]
                highlight.update(t for alt in alts for t in alt)
                subqueries.append(queries.any_of(options))
                i = end
                continue
            word = words[i]
            subqueries.append(self._word(word, concepts, concept))
            highlight.add(word.text)
            i += 1
        count = len(subqueries)
        kept_morphs = [m for m in morphs if not is_question_word(m)]
        by_parts = self.settings.compound_match == "parts" and PARTS_FIELD in self.schema
        parts = part_terms(text, kept_morphs or morphs) if by_parts else []
        if parts:  # compounds holding a query word: they match, the bigrams score them
            terms = [queries.term(PARTS_FIELD, p) for p in parts]
            terms.extend(self._unknown(part_terms(text, kept_morphs or morphs, True), reader))
            subqueries.append(MatchOnly(queries.any_of(terms)))
        groups = bigram_groups(text, kept_morphs or morphs)
        if groups and self.settings.bigram_weight > 0:
            bigrams = self._bigrams(groups)
            subqueries.append(ScoreOnly(bigrams) if by_parts else bigrams)
        pairs = adjacent_pairs(text, morphs) if self.settings.proximity_weight > 0 else []
        if pairs:
            slop = self.settings.proximity_slop
            subqueries.append(
                queries.any_of(
                    [queries.phrase("body", pair, slop=slop) for pair in pairs],
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
        searcher: Searcher,
        compiled: Compiled,
        terms: Sequence[tuple[str, float]],
        docnums: Sequence[int],
    ) -> dict[int, float]:
        """The score feedback ``terms`` add to each of the sorted ``docnums``. Each word weighs
        its share of ``feedback_weight`` times the query's word count and is scored with the
        ranking settings the query was compiled with, one word at a time, term at a time
        over the whole index (cheaper than skipping through postings to each document)."""
        query = compiled.query
        if not terms or not isinstance(query, CoordOr):
            return {}
        compiler = self._compiler_for(compiled.settings)
        from ..engine import evaluate  # numpy loads with the first search, not with the import

        scale = compiler.settings.feedback_weight * max(1, query.count)
        bonus: dict[int, float] = {}
        for term, share in terms:
            fields = [(name, term, compiler.boosts[name]) for name in ("title", "body")]
            word = compiler._word_query(fields, scale * share)
            for docnum, score in evaluate.run(searcher, word).scores_at(docnums).items():
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

    def _bigrams(self, groups: list[tuple[str, ...]]) -> Query:
        """The bigram part of a query. ``bigram_match: any`` scores every shared syllable pair
        (best ranking); ``all`` makes a word match through its bigrams only where all of them
        occur, like a substring search, which leaves far fewer candidates (faster)."""
        weight = self.settings.bigram_weight
        if self.settings.bigram_match == "all":
            return queries.any_of(
                [
                    queries.every_of([queries.term(BIGRAM_FIELD, g) for g in group])
                    for group in groups
                ],
                boost=weight,
            )
        grams = sorted({g for group in groups for g in group})
        return queries.any_of([queries.term(BIGRAM_FIELD, g) for g in grams], boost=weight)

    def _word(self, word: Word, concepts: dict[tuple[str, str], int], concept: int) -> Query:
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
                terms.append(queries.term(name, word.text, boost=boost))
                concepts[(name, word.text)] = concept
        if word.tag == "SL" and self.settings.exact_weight > 0:
            terms.append(queries.term(EXACT_FIELD, word.surface, boost=self.settings.exact_weight))
            concepts[(EXACT_FIELD, word.surface)] = concept
        return queries.any_of(terms, boost=float(word.count))

    def _phrase(
        self, words: tuple[str, ...], concepts: dict[tuple[str, str], int], concept: int
    ) -> Query:
        if len(words) == 1:
            return self._word(Word(words[0], words[0], ""), concepts, concept)
        per_field = []
        for name in ("title", "body"):
            per_field.append(queries.phrase(name, words, boost=self.boosts[name]))
            for w in words:
                concepts[(name, w)] = concept
        return queries.any_of(per_field)

    # ------------------------------------------------------------------ Whoosh syntax

    def _parse(self, text: str, reader: Reader | None = None) -> Compiled:
        whole = frozenset(
            core
            for core in syntax_words(text)
            if reader is not None and queries.has_word(reader, ("title", "body"), core)
        )  # words the index holds whole: searched as one ("수도", +남군)
        fields: tuple[str, ...] = MORPH_FIELDS
        boosts = self.boosts
        if PARTS_FIELD in self.schema and self.settings.compound_match == "parts":
            # compound parts: "예산", +예산 and 예산 AND 국회 find 예산안
            fields = (*MORPH_FIELDS, PARTS_FIELD)
            boosts = {**self.boosts, PARTS_FIELD: self.settings.bigram_weight}
        words = self.words
        guess = self.guess

        def table(piece: str) -> list[Morpheme] | None:
            return words.compose(piece, guess) if words is not None else None

        parsed = syntax.parse(text, self.schema, fields, boosts, whole, table)
        return Compiled(text, parsed, {})

    def searchable_fields(self) -> tuple[str, ...]:
        """The fields a query may name (``title:예산``): the indexed ones users know of."""
        return syntax.searchable_fields(self.schema)

    def highlight_terms(self, compiled: Compiled, reader: Reader) -> dict[str, frozenset[str]]:
        """Terms to highlight per field; wildcard and prefix terms are expanded (bounded)."""
        if compiled.highlight:
            return compiled.highlight
        return syntax.highlight_terms(compiled.query, reader, self.settings.max_expansions)

    def check_expansion(self, query: Query, reader: Reader) -> None:
        """Refuse wildcard, prefix, regex and fuzzy terms that expand to too many words."""
        syntax.check_expansion(query, reader, self.settings.max_expansions)
