"""Korean and English analysis: the only module that knows morphology.

One Kiwi pass per text yields every indexed token stream of an article:

* ``morph``: content morphemes (nouns, verb and adjective stems, foreign words, numbers, unknown
  words); particles and endings dropped; Latin words lowercased and stemmed. Positions count kept
  tokens, so phrase queries ignore the dropped particles.
* ``exact``: Latin words lowercased but not stemmed, so an exact match can outrank a stem match.
* ``bigram``: Hangul character bigrams over the content part of each word (its particles and
  endings cut off), so ``박람회`` finds ``창조경제박람회는``
  and ``유전자가위`` finds ``유전자 가위``. They rank; they do not decide what matches.
* ``parts``: the compound parts of each word that agree with its morpheme boundaries (every run
  of whole morphemes, and every piece inside one morpheme): ``예산`` of ``예산안``, ``박람회`` of
  ``창조경제박람회``, but never ``대전`` of ``휴대|전화`` (see :func:`compound_parts`).

Numbers written with hyphens, middle dots and slashes (``6-4``, ``3·1절``, ``COVID-19``) and
letters run into digits (``S24``) are also indexed whole, lowercased, at the position of their
pieces, so they are found as written (:func:`serial_spans`).

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
from ..text.hangul import CONJOINING, JAMO, SYLLABLE_RE, SYLLABLES, is_syllable

ANALYZER_VERSION = (
    4  # 4: compound parts, numbers whole; 3: Snowball's own English stemmer (was Whoosh's port)
)

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
# Query-time only: particles and endings written as words of their own. Kiwi reads some of them
# alone as other words (은 as silver, 는 as the verb 늘다), so a query made only of these is
# recognised by its text: it has nothing to search for.
FUNCTION_WORDS = frozenset(
    {
        "이", "가", "은", "는", "을", "를", "의", "에", "에서", "에게", "께", "께서", "한테",
        "로", "으로", "와", "과", "도", "만", "까지", "부터", "보다", "처럼", "마다", "조차",
        "마저", "이나", "나", "이랑", "랑", "하고", "이다", "다", "요", "고", "며", "면", "서",
        "니", "지", "게", "야", "아", "여", "든", "이든", "든지", "에게서", "한테서", "로서",
        "으로서", "로써", "으로써", "ㄴ", "ㄹ", "ㅂ니다", "습니다", "니다", "입니다", "는데",
        "은데", "니까", "으니까", "었", "았", "겠", "라", "이라", "란", "이란", "죠",
    }
)  # fmt: skip
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

# any Hangul letter (text.hangul.HANGUL_RE) or a Han character
_HANGUL_OR_HANJA = re.compile(rf"[{CONJOINING}{JAMO}{SYLLABLES}\u3400-\u9fff\uf900-\ufaff]")
_HANGUL_WORD = re.compile(f"[{SYLLABLES}]*")
_LATIN_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*", re.UNICODE)
# A number or code written with hyphens, middle dots or slashes, or letters run into digits:
# 6-4, 3·1, 5·18, 1/4, COVID-19, S24 (see serial_spans).
_SERIAL = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9A-Za-z]+(?:[-/\u00b7\u2027\u2219\u30fb\u2010\u2011][0-9A-Za-z]+)+"
    r"|[A-Za-z]+[0-9][0-9A-Za-z]*|[0-9]+[A-Za-z][0-9A-Za-z]*)(?![0-9A-Za-z])"
)
_SERIAL_PIECE = re.compile(r"[0-9]+|[A-Za-z]+")
_DIGIT = re.compile(r"[0-9]")
MAX_PART_CHARS = 8  # the longest compound part indexed, in syllables
MAX_PIECE_CHARS = 5  # the longest piece inside one morpheme indexed as a part

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
    parts: tuple[Quad, ...] = ()  # compound parts that agree with morpheme boundaries


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


def analyze_morphemes(text: str, morphs: Sequence[Morpheme], query: bool = False) -> Analysis:
    """Derive the ``morph``, ``exact``, ``bigram`` and ``parts`` streams from one morpheme
    list. A query (``query=True``) gets a serial number whole (``6-4``) without its pieces,
    and as ``parts`` each run of its nouns whole (the compound parts it looks for)."""
    morph: list[Quad] = []
    exact: list[Quad] = []
    tags: list[str] = []
    serials = serial_spans(text)
    k = 0  # the next serial number
    for form, tag, start, end in morphs:
        while k < len(serials) and serials[k][1] <= start:
            k += 1
        if k < len(serials) and serials[k][0] <= start and end <= serials[k][1]:
            s_start, s_end = serials[k]
            if s_start >= 0:  # its first morpheme: the number whole, then its pieces
                pos = morph[-1][1] + 1 if morph else 0
                _add_serial(text, s_start, s_end, pos, query, morph, exact, tags)
                serials[k] = (-1, s_end)
            continue
        if tag in _DROP_TAGS or start >= end:  # particles, endings, punctuation; empty
            continue
        pos = morph[-1][1] + 1 if morph else 0
        if tag == "SL":
            morph.append((stem_latin(form), pos, start, end))
            exact.append((form.lower(), pos, start, end))
        else:
            morph.append((form.lower(), pos, start, end))
        tags.append(tag)
    bigram = [(t, i, s, e) for i, (t, s, e) in enumerate(hangul_bigrams(text, morphs))]
    found = query_parts(text, morphs, whole=True) if query else compound_parts(text, morphs)
    parts = [(t, i, s, e) for i, (t, s, e) in enumerate(found)]
    return Analysis(tuple(morph), tuple(exact), tuple(bigram), tuple(tags), tuple(parts))


def serial_spans(text: str) -> list[tuple[int, int]]:
    """Spans of numbers and codes written as one word with hyphens, middle dots or slashes
    (``6-4``, ``3·1``, ``1/4``, ``COVID-19``), or letters run into digits (``S24``): they hold a
    digit and either a separator or a letter. Kiwi reads the same text as one token in one
    sentence and as pieces in another; indexed whole, they are found as written."""
    if not _DIGIT.search(text):
        return []
    return [m.span() for m in _SERIAL.finditer(text) if _DIGIT.search(m.group())]


def _add_serial(
    text: str,
    start: int,
    end: int,
    pos: int,
    query: bool,
    morph: list[Quad],
    exact: list[Quad],
    tags: list[str],
) -> None:
    """A serial number at ``pos``: whole (lowercased), then (indexing only) each of its number
    and letter pieces at the same position, so ``covid`` still finds ``COVID-19`` and a
    phrase through the number (``"6-4로 이겼다"``) keeps its positions."""
    morph.append((text[start:end].lower(), pos, start, end))
    tags.append("SN")
    if query:
        return
    for m in _SERIAL_PIECE.finditer(text, start, end):
        piece, s, e = m.group(), m.start(), m.end()
        if piece[0].isdigit():
            morph.append((piece, pos, s, e))
            tags.append("SN")
        else:
            morph.append((stem_latin(piece), pos, s, e))
            exact.append((piece.lower(), pos, s, e))
            tags.append("SL")


def content_spans(text: str, morphs: Sequence[Morpheme]) -> Iterator[tuple[int, int]]:
    """Spans of adjacent kept morphemes with no gap between them (a word minus its endings)."""
    for start, end, _ in content_runs(text, morphs):
        yield start, end


def content_runs(
    text: str, morphs: Sequence[Morpheme], nouns: bool = False
) -> Iterator[tuple[int, int, tuple[int, ...]]]:
    """Each content span with its morpheme boundaries (the offsets where a morpheme starts or
    ends inside it, its edges included, ascending); ``nouns``: spans of nouns (and roots) only."""
    start = end = -1
    cuts: set[int] = set()
    for m in morphs:
        if (
            m.tag in _DROP_TAGS
            or m.start >= m.end
            or not is_syllable(text[m.start])
            or (nouns and m.tag[0] != "N" and m.tag != "XR")
        ):
            if start >= 0:
                yield start, end, tuple(sorted(cuts))
            start = end = -1
            continue
        if start >= 0 and m.start <= end:
            end = max(end, m.end)
            cuts.update((m.start, m.end))
        else:
            if start >= 0:
                yield start, end, tuple(sorted(cuts))
            start, end = m.start, m.end
            cuts = {m.start, m.end}
    if start >= 0:
        yield start, end, tuple(sorted(cuts))


def _is_hangul(word: str) -> bool:
    """True if every character of ``word`` is a Hangul syllable (the empty word too)."""
    return _HANGUL_WORD.fullmatch(word) is not None


def compound_parts(text: str, morphs: Sequence[Morpheme]) -> list[Triple]:
    """The parts of each content span that agree with its morpheme boundaries: every run of
    whole morphemes (``창조경제``, ``경제박람회`` of ``창조|경제|박람회``) and every piece of two
    or more syllables inside one morpheme (``예산`` of ``예산안``, ``대전`` of
    ``대전컨벤션센터``), up to :data:`MAX_PART_CHARS` syllables. A piece that straddles a
    boundary without starting and ending on one (``대전`` of ``휴대|전화``, ``장성`` of
    ``성장|성``) is never a part: a query word matches a compound only through these. Spans
    are runs of nouns; a part has two syllables or more (pieces inside one morpheme at most
    :data:`MAX_PIECE_CHARS`)."""
    out: list[Triple] = []
    for _, _, cuts in content_runs(text, morphs, nouns=True):
        for i, a in enumerate(cuts):
            for b in cuts[i + 1 :]:
                if b - a > MAX_PART_CHARS:
                    break
                if b - a >= 2 and _is_hangul(text[a:b]):
                    out.append((text[a:b], a, b))
        for a, b in itertools.pairwise(cuts):  # pieces inside one morpheme
            for n in range(2, min(b - a, MAX_PIECE_CHARS + 1)):
                for s in range(a, b - n + 1):
                    if _is_hangul(text[s : s + n]):
                        out.append((text[s : s + n], s, s + n))
    return out


def query_parts(text: str, morphs: Sequence[Morpheme], whole: bool = False) -> list[Triple]:
    """What a query looks for among the compound parts: each noun span of two or more
    syllables whole, and (unless ``whole``: a quoted word is one part) each of its morphemes
    of two or more syllables."""
    out: dict[str, Triple] = {}
    for start, end, cuts in content_runs(text, morphs, nouns=True):
        if end - start >= 2 and _is_hangul(text[start:end]):
            out.setdefault(text[start:end], (text[start:end], start, end))
        if whole:
            continue
        for a, b in itertools.pairwise(cuts):
            if b - a >= 2 and _is_hangul(text[a:b]):
                out.setdefault(text[a:b], (text[a:b], a, b))
    return list(out.values())


def hangul_bigrams(text: str, morphs: Sequence[Morpheme]) -> list[Triple]:
    """Character bigrams of Hangul within each content span (a lone syllable stays a unigram)."""
    out: list[Triple] = []
    for start, end in content_spans(text, morphs):
        out.extend(span_bigrams(text, start, end))
    return out


def span_bigrams(text: str, start: int, end: int) -> list[Triple]:
    """Hangul bigrams of ``text[start:end]`` with their offsets."""
    chars = [(s.start(), s.group()) for s in SYLLABLE_RE.finditer(text, start, end)]
    if len(chars) == 1:
        i, c = chars[0]
        return [(c, i, i + 1)]
    return [(a + b, i, j + 1) for (i, a), (j, b) in itertools.pairwise(chars) if j == i + 1]


def analyze(text: str, user_dictionary: str = "", query: bool = False) -> Analysis:
    """Analyze one text into all token streams (``query``: as a query, see
    :func:`analyze_morphemes`)."""
    return analyze_morphemes(text, morphemes(text, user_dictionary), query)


def tokens(text: str, user_dictionary: str = "") -> list[Token]:
    """The ``morph`` stream as artindex tokens (what ``artindex analyze`` prints)."""
    result = analyze(text, user_dictionary)
    return [
        Token(text=t, tag=tag, start=s, end=e, position=p)
        for (t, p, s, e), tag in zip(result.morph, result.tags, strict=True)
    ]
