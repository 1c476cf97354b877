"""Query text as language: its content words (question words and English stop words dropped,
each once with its count), its language, the Hangul bigrams of its compounds and its adjacent
word pairs. Engine-free: :mod:`artindex.search.compile` turns these into a query."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from .morphology import (
    _DROP_TAGS,
    ENGLISH_STOPWORDS,
    FUNCTION_WORDS,
    QUESTION_TAGS,
    QUESTION_WORDS,
    Morpheme,
    analyze_morphemes,
    content_spans,
    needs_kiwi,
    query_parts,
    span_bigrams,
)
from .wordtable import word_cores


@dataclass(frozen=True, slots=True)
class Word:
    """A content word of a query."""

    text: str  # the indexed form (stemmed for Latin)
    surface: str  # lowercased form as written (for the exact field)
    tag: str
    count: int = 1  # occurrences in the query: a repeated word weighs more


def is_question_word(m: Morpheme) -> bool:
    return m.form in QUESTION_WORDS or m.tag in QUESTION_TAGS


def bigram_groups(text: str, morphs: list[Morpheme]) -> list[tuple[str, ...]]:
    """The Hangul bigrams of each content span of the query, one group per span."""
    groups: dict[tuple[str, ...], None] = {}
    for start, end in content_spans(text, morphs):
        grams = tuple(dict.fromkeys(g for g, _, _ in span_bigrams(text, start, end)))
        if grams:
            groups[grams] = None
    return list(groups)


def part_terms(text: str, morphs: list[Morpheme], whole: bool = False) -> list[str]:
    """What the query looks for inside compounds: each content span of its nouns whole and
    (unless ``whole``) each of their morphemes (two syllables or more), to match the index's
    compound parts."""
    return [term for term, _, _ in query_parts(text, morphs, whole)]


def only_function_words(text: str) -> list[str]:
    """The words of ``text`` if every one is a particle or an ending written alone
    (``은 는 이 가``), else an empty list."""
    words = [text[a:b] for _, _, a, b in word_cores(text) if a < b]
    return words if words and all(w in FUNCTION_WORDS for w in words) else []


def _is_noun(m: Morpheme) -> bool:
    return not is_question_word(m) and (
        m.tag[0] == "N" or m.tag in ("XR", "SL", "SN", "SH") or m.tag.startswith("W_")
    )


def split_words(text: str, morphs: list[Morpheme]) -> list[tuple[int, int]]:
    """Spans of the query's Hangul words that the analysis split into several morphemes and
    that should be searched whole if the index holds them whole (as a word of some text): the
    word of a one-word query (``남군`` read as 남 + 군, ``상의`` as 상 + 의, ``가지`` as 가 + 지),
    and in a longer query a word read as function words only (``수도`` as 수 + 도)."""
    cores = [(a, b) for _, _, a, b in word_cores(text) if a < b]
    out = []
    for a, b in cores:
        core = text[a:b]
        if b - a < 2 or not needs_kiwi(core) or core in QUESTION_WORDS or core in FUNCTION_WORDS:
            continue
        inside = [m for m in morphs if a <= m.start and m.end <= b]
        if len(inside) == 1 and inside[0].form == core:
            continue  # read whole: a word, or a question word dropped on purpose
        function_only = all(m.tag in _DROP_TAGS or is_question_word(m) for m in inside)
        if len(cores) == 1 or function_only:
            out.append((a, b))
    return out


def syntax_words(text: str) -> list[str]:
    """The Hangul words of a query written in Whoosh syntax, without its quotes, signs and
    field names (``+남군``, ``"수도"``, ``title:예산``): the words it may search whole."""
    out = []
    for _, _, a, b in word_cores(text):
        core = text[a:b].rpartition(":")[2]
        if len(core) >= 2 and needs_kiwi(core) and core not in QUESTION_WORDS:
            out.append(core)
    return out


def adjacent_pairs(text: str, morphs: list[Morpheme]) -> list[tuple[str, str]]:
    """Consecutive content words of the query, for a proximity bonus (each pair once)."""
    analysis = analyze_morphemes(text, morphs, query=True)
    seq = [
        term
        for (term, _, start, end), tag in zip(analysis.morph, analysis.tags, strict=True)
        if not (term in QUESTION_WORDS or tag in QUESTION_TAGS)
        and not (tag == "SL" and text[start:end].lower() in ENGLISH_STOPWORDS)
    ]
    return list(dict.fromkeys((a, b) for a, b in itertools.pairwise(seq) if a != b))


def query_language(words: Sequence[Word]) -> str:
    """ "en" when every content word is Latin-script, else "ko" (Korean rules also serve
    mixed queries and numbers)."""
    return "en" if words and all(w.tag == "SL" for w in words) else "ko"


def content_words(text: str, morphs: list[Morpheme]) -> list[Word]:
    """The query's words worth searching, each once with its count: question words and
    English stop words dropped. If that leaves nothing, every kept morpheme counts."""
    analysis = analyze_morphemes(text, morphs, query=True)
    words: dict[str, Word] = {}
    everything: dict[str, Word] = {}
    for (term, _, start, end), tag in zip(analysis.morph, analysis.tags, strict=True):
        surface = text[start:end].lower()
        everything.setdefault(term, Word(term, surface, tag))
        if term in QUESTION_WORDS or tag in QUESTION_TAGS:
            continue
        if tag == "SL" and surface in ENGLISH_STOPWORDS:
            continue
        seen = words.get(term)
        words[term] = Word(term, surface, tag, seen.count + 1) if seen else Word(term, surface, tag)
    return list((words or everything).values())
