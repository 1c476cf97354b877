"""Paraphrase expansion: a query's nouns searched with the nouns Kiwi's CoNg model finds
nearest (``치매`` → ``알츠하이머``, ``음반`` → ``앨범``), when the index supports them.

CoNg's scores cannot be trusted alone: a word the model saw rarely has neighbours that are all
near (``미세먼지`` → ``예르`` 0.97, and its tenth neighbour is still above 0.9), while a word it
knows well has a few close ones and then falls away (``휴대폰`` → ``핸드폰`` 0.83, tenth 0.70).
Only short queries (up to :data:`MAX_QUERY_WORDS` content words) are expanded: in a question
the other words find the article anyway (on KorQuAD questions with a noun paraphrased,
expansion gained nothing, cost clean questions 0.004 MRR@10 and doubled the time). A noun is
expanded only when

* its embedding is *reliable*: its tenth-nearest noun scores below :data:`UNRELIABLE`;
* both are common nouns (NNG): a name's neighbours are other names, siblings rather than
  paraphrases (``전두환`` → ``노태우``, ``삼성`` → ``롯데``);
* a neighbour is close (at least :data:`MIN_SIMILARITY`), Hangul, of two or more syllables, and
  neither inside the word nor holding it (the bigram search already finds those);
* the *corpus prefers it*: the neighbour is in at least as many articles as the word typed
  (the reader's word, not the archive's: on short KorQuAD queries this kept clean ones level,
  -0.001 MRR@10 where taking every supported neighbour cost 0.005);
* the *corpus supports it*: the neighbour occurs in :data:`MIN_SUPPORT` of the
  :data:`SUPPORT_DOCS` best articles of the query as typed (in all of them if fewer were
  found), a steady companion of the words typed (with one article, short KorQuAD questions
  lost 0.003 MRR@10 on the dev half; with three, 0.0004); when the query as typed finds
  nothing, it is in :data:`MIN_DF_ALONE` articles.

A kept neighbour is OR'ed with its word (it counts as that word for coordination) and weighs
:data:`WEIGHT` times its similarity, below the word typed. Explanations name it
``알츠하이머 in body (paraphrase of 치매)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from ..analysis.morphology import Similar
from ..engine import queries
from ..engine.scoring import CoordOr, Paraphrase
from ..settings import Settings
from ..text.hangul import is_syllable
from .compile import Compiled

NEIGHBOURS = 10  # CoNg neighbours asked for each query noun
MIN_SIMILARITY = 0.6
UNRELIABLE = 0.8  # a word whose NEIGHBOURS-th neighbour is this close has no usable embedding
SUPPORT_DOCS = 10  # best first-pass articles a neighbour must occur in (MIN_SUPPORT of them)
MIN_SUPPORT = 3  # or in every one of them when fewer were found
MIN_DF_ALONE = 2  # articles a neighbour needs when the query as typed finds nothing
WEIGHT = 0.5  # a neighbour's weight relative to its word, times its similarity
MAX_PER_WORD = 3
MAX_QUERY_WORDS = 3  # longer queries are not expanded (docs/relevance.md: no gain on questions)


@dataclass(frozen=True, slots=True)
class Expansion:
    """A neighbour ``similar`` kept for the query word ``word``, with CoNg's ``score``."""

    word: str
    similar: str
    score: float


def _hangul(text: str) -> bool:
    return len(text) >= 2 and all(is_syllable(c) for c in text)


def expandable(words: Sequence[str]) -> bool:
    """Whether a query of these content words is expanded: short, with a Hangul noun."""
    return len(set(words)) <= MAX_QUERY_WORDS and any(_hangul(w) for w in words)


def candidates(
    words: Sequence[str], similar: Callable[[str], Sequence[Similar]]
) -> list[Expansion]:
    """The neighbours worth checking against the index for each reliable Hangul noun of
    ``words`` (``similar``: the CoNg neighbours of a noun, best first)."""
    typed = set(words)
    if not expandable(words):
        return []  # a question's other words find its article: measured, no gain, 2x the time
    out: list[Expansion] = []
    for word in dict.fromkeys(words):
        if not _hangul(word):
            continue
        near = list(similar(word))[:NEIGHBOURS]
        if len(near) < NEIGHBOURS or near[-1].score >= UNRELIABLE:
            continue  # too few neighbours to judge, or a rare word's crowded neighbourhood
        for n in near:
            if n.score < MIN_SIMILARITY:
                break
            if n.tag != "NNG" or n.form in typed or not _hangul(n.form):
                continue  # a name near a common noun is one of a kind, not a paraphrase
            if n.form in word or word in n.form:
                continue
            out.append(Expansion(word, n.form, n.score))
    return out


def supported(
    found: Sequence[Expansion],
    doc_frequency: Callable[[str], int],
    top_words: Iterable[set[str]],
    found_anything: bool,
) -> list[Expansion]:
    """The candidates the index supports: in some article, and in MIN_SUPPORT of the first
    pass's best articles (``top_words``: each one's words; all of them if fewer); with no
    first-pass hit, in MIN_DF_ALONE articles. At most MAX_PER_WORD per word, the closest
    first."""
    tops = list(top_words)
    kept: list[Expansion] = []
    per_word: dict[str, int] = {}
    for e in found:
        if per_word.get(e.word, 0) >= MAX_PER_WORD:
            continue
        df = doc_frequency(e.similar)
        support = sum(e.similar in words for words in tops)
        needed = min(MIN_SUPPORT, len(tops))
        if df <= 0 or (support < needed if found_anything else df < MIN_DF_ALONE):
            continue
        kept.append(e)
        per_word[e.word] = per_word.get(e.word, 0) + 1
    return kept


def expand(compiled: Compiled, kept: Sequence[Expansion], settings: Settings) -> Compiled:
    """``compiled`` with each kept neighbour OR'ed with its word, weighted below it, and
    highlighted; unchanged if nothing is kept or the query is not plain words."""
    query = compiled.query
    if not kept or not isinstance(query, CoordOr) or settings.field_scoring != "bm25f":
        return compiled
    boosts = {"title": settings.title_boost, "body": 1.0}
    b = {"title": settings.title_b, "body": settings.body_b}
    subqueries = list(query.subqueries)
    concepts = dict(query.concepts)
    added: dict[int, list[Paraphrase]] = {}
    for e in kept:
        concept = concepts.get(("body", e.word))
        if concept is None or concept >= query.count:
            continue
        fields = [(name, e.similar, boost) for name, boost in boosts.items() if boost > 0]
        for name, _, _ in fields:
            concepts.setdefault((name, e.similar), concept)
        weight = WEIGHT * e.score * float(getattr(subqueries[concept], "boost", 1.0))
        added.setdefault(concept, []).append(
            Paraphrase(fields, settings.bm25_k1, b, boost=weight, of=e.word)
        )
    if not added:
        return compiled
    for concept, paraphrases in added.items():
        subqueries[concept] = queries.any_of([subqueries[concept], *paraphrases])
    words = frozenset(e.similar for e in kept)
    highlight = {name: terms | words for name, terms in compiled.highlight.items()}
    expanded = CoordOr(subqueries, concepts, query.count, query.coord, boost=query.boost)
    return replace(compiled, query=expanded, highlight=highlight)
