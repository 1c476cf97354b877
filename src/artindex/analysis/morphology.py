"""Korean and English analysis: the only module that knows morphology.

One Kiwi pass per text yields every indexed token stream of an article:

* ``morph``: content morphemes (nouns, verb and adjective stems, foreign words, numbers, unknown
  words); particles and endings dropped; Latin words lowercased and stemmed. Positions count kept
  tokens, so phrase queries ignore the dropped particles.
* ``exact``: Latin words lowercased but not stemmed, so an exact match can outrank a stem match.
* ``bigram``: Hangul character bigrams over the content part of each word (its particles and
  endings cut off), so ``박람회`` finds ``창조경제박람회는``
  and ``유전자가위`` finds ``유전자 가위``.

Text without Hangul or Hanja skips Kiwi and takes a fast regular-expression path that produces
the same tokens Kiwi would for Latin words and numbers.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import snowballstemmer

from ..errors import ConfigError
from ..models import Token
from ..settings import file_digest, read_yaml

ANALYZER_VERSION = 3  # 3: Snowball's own English stemmer (was Whoosh's port)

# Kiwi tags that carry no content: particles, endings, affixes, copulas, auxiliaries,
# punctuation, conjunctive adverbs and interjections. Everything else is kept, so a tag Kiwi
# adds in a later version is indexed rather than silently dropped.
_DROP_TAGS = frozenset(
    {
        "JKS", "JKC", "JKG", "JKO", "JKB", "JKV", "JKQ", "JX", "JC",
        "EP", "EF", "EC", "ETN", "ETM",
        "XPN", "XSN", "XSV", "XSA", "XSM",
        "VCP", "VCN", "VX",
        "SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "SB",
        "MAJ", "IC", "NNB", "Z_CODA", "Z_SIOT", "W_EMOJI",
    }
)  # fmt: skip

# Query-time only: words that make a question a question but say nothing about its subject.
QUESTION_WORDS = frozenset(
    {
        "무엇", "뭐", "언제", "어디", "누구", "누가", "어떤", "어떻", "어떠", "어떻게", "왜",
        "얼마", "얼마나", "몇", "무슨", "어느", "어찌", "하", "되", "있", "없", "이", "그",
        "저", "것", "수", "등", "때", "경우", "않", "같", "위하", "대하", "통하", "관하",
    }
)  # fmt: skip
QUESTION_TAGS = frozenset({"NP", "MM", "NNB"})
# Query-time only: English function words (the usual Snowball list, plus question verbs).
_ENGLISH_STOPWORDS = """
a about above after again against all am an and any are aren't as at be because been before
being below between both but by can cannot could couldn't did didn't do does doesn't doing don't
down during each few for from further had hadn't has hasn't have haven't having he he'd he'll
he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is
isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or
other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't
so some such than that that's the their theirs them themselves then there there's these they
they'd they'll they're they've this those through to too under until up very was wasn't we
we'd we'll we're we've were weren't what what's when when's where where's which while who
who's whom why why's will with won't would wouldn't you you'd you'll you're you've your yours
yourself yourselves also may might must shall us
"""
ENGLISH_STOPWORDS = frozenset(_ENGLISH_STOPWORDS.split())

_HANGUL_OR_HANJA = re.compile(
    r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3\u3400-\u9fff\uf900-\ufaff]"
)
_LATIN_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*", re.UNICODE)

Triple = tuple[str, int, int]  # text, start, end (a token before positions are assigned)
Quad = tuple[str, int, int, int]  # text, position, start, end


class Morpheme(NamedTuple):
    """A raw Kiwi morpheme with its character span in the analyzed text (a named tuple: a
    build makes one per word piece of the corpus, twice as fast as a frozen dataclass)."""

    form: str
    tag: str
    start: int
    end: int


class Similar(NamedTuple):
    """A morpheme near another in Kiwi's CoNg embedding space."""

    form: str
    tag: str
    score: float


@dataclass(frozen=True, slots=True)
class Analysis:
    """All token streams of one text, ready to hand to Whoosh without re-analysis."""

    morph: tuple[Quad, ...]
    exact: tuple[Quad, ...]
    bigram: tuple[Quad, ...]
    tags: tuple[str, ...]  # the morphological tag of each morph token, parallel to ``morph``


# --------------------------------------------------------------------------- Kiwi


_kiwi_lock = threading.Lock()
_kiwis: dict[tuple[str, str, int], Any] = {}
# One text at a time through a shared Kiwi: kiwipiepy does not promise that concurrent calls
# on one instance are safe, and a query's text takes a millisecond or two.
_tokenize_lock = threading.Lock()


def load_user_words(path: str) -> list[tuple[str, str, float]]:
    """Read a user dictionary: ``words:`` as a list of words or ``{word, tag, score}`` maps."""
    data = read_yaml(path, "user dictionary")
    items = data.get("words", []) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ConfigError(f"{path}: user dictionary needs a list under `words:`")
    words: list[tuple[str, str, float]] = []
    for item in items:
        if isinstance(item, str):
            words.append((item.strip(), "NNP", 0.0))
        elif isinstance(item, dict) and isinstance(item.get("word"), str):
            words.append(
                (item["word"].strip(), str(item.get("tag", "NNP")), float(item.get("score", 0.0)))
            )
        else:
            raise ConfigError(f"{path}: user dictionary entry {item!r} is not a word")
    return [w for w in words if w[0]]


def get_kiwi(user_dictionary: str = "", num_workers: int = 0) -> Any:
    """A Kiwi instance per (dictionary, workers), created on first use; the model loads from the
    ``kiwipiepy-model`` package, never from the network."""
    key = (user_dictionary, file_digest(user_dictionary), num_workers)
    kiwi = _kiwis.get(key)
    if kiwi is None:
        with _kiwi_lock:
            kiwi = _kiwis.get(key)
            if kiwi is None:
                from kiwipiepy import Kiwi

                # 0 workers would warn; 1 = one thread. The typo-correction dictionary is
                # left out: it only rewrites misspellings and costs a second of start-up.
                kiwi = Kiwi(num_workers=num_workers or 1, load_typo_dict=False)
                if user_dictionary:
                    for word, tag, score in load_user_words(user_dictionary):
                        kiwi.add_user_word(word, tag, score)
                _kiwis[key] = kiwi
    return kiwi


@lru_cache(maxsize=4096)
def similar_nouns(form: str, top_n: int = 10, user_dictionary: str = "") -> tuple[Similar, ...]:
    """The common nouns (NNG) Kiwi's CoNg model places nearest the common noun ``form`` (its
    embedding's cosine), best first: ``휴대폰`` → ``핸드폰`` 0.83. Empty if Kiwi has no such
    common noun: a name's neighbours are other names (``전두환`` → ``노태우``, ``구글`` →
    ``애플``), never another way to say it. The model is the one that analyses text, so nothing
    more loads; each word's answer is cached."""
    kiwi = get_kiwi(user_dictionary)
    try:
        with _tokenize_lock:
            found = kiwi.most_similar_morphemes((form, "NNG"), top_n=top_n)
    except (ValueError, KeyError, RuntimeError):  # not a common noun Kiwi knows
        return ()
    return tuple(Similar(s.form, s.tag, float(s.score)) for s in found)


def kiwi_version() -> str:
    """The installed kiwipiepy's version, read without importing it (an index can be opened
    and searched in English without ever loading Kiwi)."""
    from importlib.metadata import version

    return version("kiwipiepy")


def needs_kiwi(text: str) -> bool:
    return _HANGUL_OR_HANJA.search(text) is not None


def morphemes(text: str, user_dictionary: str = "") -> list[Morpheme]:
    """Raw morphemes of ``text`` (Kiwi for Korean text, a regex for text without Hangul)."""
    if not needs_kiwi(text):
        return _latin_morphemes(text)
    kiwi = get_kiwi(user_dictionary)
    with _tokenize_lock:
        tokens = kiwi.tokenize(text)
    return _from_kiwi(tokens)


def morphemes_many(
    texts: Sequence[str], user_dictionary: str = "", num_workers: int = 0
) -> list[list[Morpheme]]:
    """Morphemes of many texts, in order; Kiwi analyzes the Korean ones on ``num_workers``
    threads (outside the GIL), the rest take the regex path."""
    out: list[list[Morpheme]] = [[] for _ in texts]
    korean = []
    for i, text in enumerate(texts):
        if needs_kiwi(text):
            korean.append(i)
        else:
            out[i] = _latin_morphemes(text)
    if korean:
        kiwi = get_kiwi(user_dictionary, num_workers)
        pieces = [(i, start, piece) for i in korean for start, piece in _chunks(texts[i])]
        results = kiwi.tokenize([piece for _, _, piece in pieces])
        for (i, start, _), toks in zip(pieces, results, strict=True):
            out[i].extend(_from_kiwi(toks, start))
    return out


CHUNK_CHARS = 20_000  # Kiwi's time grows faster than a text's length: long texts go in pieces


def _chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """``(offset, piece)`` pairs covering ``text``, cut at a line break (else a space) in the
    second half of each ``size``-character window. Kiwi's time on one text grows about as
    the square of its length, so a 4 MB article took minutes whole and takes seconds in
    pieces; texts up to ``size`` (every ordinary article) stay whole and analyze as before."""
    pieces: list[tuple[int, str]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut >= 0 else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _from_kiwi(tokens: Sequence[Any], offset: int = 0) -> list[Morpheme]:
    # "VV-R" (a regular verb) is tagged "VV"
    return [
        Morpheme(t.form, t.tag.partition("-")[0], offset + t.start, offset + t.end) for t in tokens
    ]


def _latin_morphemes(text: str) -> list[Morpheme]:
    out = []
    for m in _LATIN_WORD.finditer(text):
        word = m.group()
        tag = "SN" if word[0].isdigit() else "SL"
        out.append(Morpheme(word, tag, m.start(), m.end()))
    return out


# --------------------------------------------------------------------------- token streams


# Snowball's English (Porter2) stemmer, from the Snowball project's own Python package.
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem_latin(word: str) -> str:
    """Lowercase and Snowball-stem a Latin word (cached: news vocabularies repeat)."""
    lower = word.lower()
    return str(_STEMMER.stemWord(lower)) if lower.isascii() and lower.isalpha() else lower


def analyze_morphemes(text: str, morphs: Sequence[Morpheme]) -> Analysis:
    """Derive the ``morph``, ``exact`` and ``bigram`` streams from one morpheme list."""
    morph: list[Quad] = []
    exact: list[Quad] = []
    tags: list[str] = []
    for form, tag, start, end in morphs:
        if tag in _DROP_TAGS or start >= end:  # particles, endings, punctuation; empty
            continue
        pos = len(morph)
        if tag == "SL":
            morph.append((stem_latin(form), pos, start, end))
            exact.append((form.lower(), pos, start, end))
        else:
            morph.append((form.lower(), pos, start, end))
        tags.append(tag)
    bigram = [(t, i, s, e) for i, (t, s, e) in enumerate(hangul_bigrams(text, morphs))]
    return Analysis(tuple(morph), tuple(exact), tuple(bigram), tuple(tags))


def content_spans(text: str, morphs: Sequence[Morpheme]) -> Iterator[tuple[int, int]]:
    """Spans of adjacent kept morphemes with no gap between them (a word minus its endings)."""
    start = end = -1
    for m in morphs:
        if m.tag in _DROP_TAGS or m.start >= m.end or not "\uac00" <= text[m.start] <= "\ud7a3":
            if start >= 0:
                yield start, end
            start = end = -1
            continue
        if start >= 0 and m.start <= end:
            end = max(end, m.end)
        else:
            if start >= 0:
                yield start, end
            start, end = m.start, m.end
    if start >= 0:
        yield start, end


def hangul_bigrams(text: str, morphs: Sequence[Morpheme]) -> list[Triple]:
    """Character bigrams of Hangul within each content span (a lone syllable stays a unigram)."""
    out: list[Triple] = []
    for start, end in content_spans(text, morphs):
        out.extend(span_bigrams(text, start, end))
    return out


def span_bigrams(text: str, start: int, end: int) -> list[Triple]:
    """Hangul bigrams of ``text[start:end]`` with their offsets."""
    chars = [(i, c) for i, c in enumerate(text[start:end], start) if "\uac00" <= c <= "\ud7a3"]
    if len(chars) == 1:
        i, c = chars[0]
        return [(c, i, i + 1)]
    return [(a + b, i, j + 1) for (i, a), (j, b) in itertools.pairwise(chars) if j == i + 1]


def analyze(text: str, user_dictionary: str = "") -> Analysis:
    """Analyze one text into all token streams."""
    return analyze_morphemes(text, morphemes(text, user_dictionary))


def tokens(text: str, user_dictionary: str = "") -> list[Token]:
    """The ``morph`` stream as artindex tokens (what ``artindex analyze`` prints)."""
    result = analyze(text, user_dictionary)
    return [
        Token(text=t, tag=tag, start=s, end=e, position=p)
        for (t, p, s, e), tag in zip(result.morph, result.tags, strict=True)
    ]
