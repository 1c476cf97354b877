"""Query correction: keyboard slips, misspellings and spacing, judged by the index's vocabulary.

:func:`suggest` returns a :class:`Suggestion` (``from``, ``to``, ``reason``) or None when the query
looks fine. Every correction needs evidence from the index itself, so a query whose words the
index knows is left alone:

* ``keyboard``: Korean typed with the keyboard in English mode (``dkssud`` → ``안녕``) when the
  Latin words are not in the index and their Hangul forms are; English typed in Korean mode
  (``ㅎㅐㅐ힏`` → ``google``) when the Hangul is not in the index and the Latin word is.
* ``spelling``: a word the index does not know, replaced by the most frequent indexed word within
  the allowed typos. Hangul is compared as the 2-beolsik keys that type it, so one typo is one
  jamo (``겔럭시`` → ``갤럭시``), not one syllable. As in Meilisearch, words of 5 or more keys
  (letters) may have one typo, words of 9 or more two.
* ``spacing``: two words joined when the joined word is indexed and a part is not (``박람 회`` →
  ``박람회``); a word split when it is unknown and both halves are indexed words.

A Hangul word is *known* if the index has it as a word, or has each of its morphemes, or has each
of its character bigrams (so a compound the index has only inside longer words still counts).
A Latin word is known if the index has it, or its stem.

:func:`should_correct` is the policy a search applies once it has run both queries: show the
correction's results when the original finds nothing, or far fewer (see :data:`FAR_FEWER`).
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..analysis.morphology import ENGLISH_STOPWORDS, Morpheme, content_spans, stem_latin
from ..text.hangul import (
    compose,
    hangul_to_english,
    has_hangul,
    is_complete,
    is_syllable,
    to_keys,
)
from ..text.transliterate import skeleton, vowels_fit

if TYPE_CHECKING:
    from ..engine.view import Reader, TermInfo

# The correction is shown when the original finds nothing, or fewer than 1/FAR_FEWER of the
# correction's matches.
FAR_FEWER = 2.0

Analyze = Callable[[str], list[Morpheme]]
Lexicon = Callable[[str], bool]  # True if a word is in the analyzer's own dictionary
# Kiwi numbers the forms it did not find in its dictionary by their tag (NNG 2, NNP 3, SL 31,
# ...), below every dictionary entry.
_KIWI_FIRST_ENTRY = 64


def kiwi_lexicon(user_dictionary: str = "") -> Lexicon:
    """Whether Kiwi reads a word as dictionary morphemes only: a real word (종용, 이형구),
    though perhaps not in this index, so no misspelling to correct."""
    from ..analysis.morphology import get_kiwi

    kiwi = get_kiwi(user_dictionary)

    def known(word: str) -> bool:
        tokens = kiwi.tokenize(word)
        return bool(tokens) and all(int(t.id) >= _KIWI_FIRST_ENTRY for t in tokens)

    return known


def _no_lexicon(word: str) -> bool:
    return False


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A corrected query: ``from_`` (the query as typed), ``to`` and why (``reason``: one or more
    of ``keyboard``, ``spelling``, ``spacing`` joined by ``+``)."""

    from_: str
    to: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"from": self.from_, "to": self.to, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class TypoPolicy:
    """How many typos a word of a given length may have (in keys for Hangul, letters for Latin),
    and how often a replacement must occur in the index."""

    one_typo: int = 5
    two_typos: int = 9
    min_df: int = 1

    def allowed(self, length: int) -> int:
        return 2 if length >= self.two_typos else 1 if length >= self.one_typo else 0


def should_correct(
    total_original: int, total_corrected: int, far_fewer: float = FAR_FEWER, reason: str = ""
) -> bool:
    """Whether a search should show the correction's results instead of the original's: the
    correction finds something and the original finds nothing, or fewer than ``1/far_fewer``
    of what the correction finds. A keyboard slip (``reason`` starting with ``keyboard``) is
    taken whenever the correction finds anything: the slipped words match nothing, so only the
    numbers and Latin words of the query were found."""
    if total_corrected <= 0:
        return False
    if reason.startswith("keyboard"):
        return True
    return total_original <= 0 or total_corrected >= far_fewer * total_original


# "Did you mean" (a suggestion offered above hits that are not replaced) needs each word the
# correction brings to be in at least OFFER_RATIO times as many articles as the most frequent
# word it replaces (counted as 1 when the index lacks it): a rare word, a far more frequent fix.
OFFER_RATIO = 5.0


def should_offer(
    replaced: Sequence[int], brought: Sequence[int], ratio: float = OFFER_RATIO
) -> bool:
    """Whether a correction the search did not apply is still worth offering: ``replaced`` and
    ``brought`` are the document frequencies of the words it takes out of the query and puts
    in. A correction that only re-spaces or re-orders words (nothing brought) is not offered."""
    if not brought:
        return False
    return min(brought) >= ratio * max(1, max(replaced, default=0))


# --------------------------------------------------------------------------- edit distance


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours is one edit), or ``limit + 1``
    as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit and min(prev) > limit:  # a swap reaches back two rows
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def near_forms(key: str, allowed: int) -> set[str]:
    """``key`` and its deletions up to ``allowed``: the forms a near-miss lookup lists."""
    forms, frontier = {key}, {key}
    for _ in range(allowed):
        frontier = {d for f in frontier for d in _deletes(f)}
        forms |= frontier
    return forms


class Near(Protocol):
    """A near-miss index: :class:`NearIndex` in memory, or one read from the index's file."""

    def near(self, key: str, allowed: int) -> dict[str, int]: ...


class Names(Protocol):
    """Words by consonant skeleton, most frequent first."""

    def get(self, key: str, default: Sequence[str] = ()) -> Sequence[str]: ...


def names_by_skeleton(counts: Mapping[str, int]) -> dict[str, list[str]]:
    """Words in two or more articles by their consonant skeleton, most frequent first."""
    by: dict[str, list[tuple[int, str]]] = {}
    for w, f in counts.items():
        if f >= 2 and (k := skeleton(w)):
            by.setdefault(k, []).append((-f, w))
    return {k: [w for _, w in sorted(v)] for k, v in by.items()}


class NearIndex:
    """Words by spelling for near-miss lookup (SymSpell): each spelling and its one-deletions
    point to the word. A lookup generates the query's deletions up to its allowance, so it finds
    every word within one edit and most within two (two substitutions are missed)."""

    def __init__(self, words: dict[str, int], spell: Callable[[str], str], min_len: int) -> None:
        self._words: dict[str, list[str]] = {}
        self._by: dict[str, list[str]] = {}
        for word in words:
            key = spell(word)
            if len(key) < min_len:
                continue
            self._words.setdefault(key, []).append(word)
            for form in _deletes(key) | {key}:
                self._by.setdefault(form, []).append(key)

    def words(self) -> dict[str, list[str]]:
        """Each spelling (key) with its words."""
        return self._words

    def forms(self) -> dict[str, list[str]]:
        """Each spelling and one-deletion with the keys it points to."""
        return self._by

    def near(self, key: str, allowed: int) -> dict[str, int]:
        """Indexed words within ``allowed`` edits of ``key`` (other than ``key``) → distance."""
        forms = near_forms(key, allowed)
        found: dict[str, int] = {}
        for form in forms:
            for cand in self._by.get(form, ()):
                if cand == key or cand in found:
                    continue
                d = distance(key, cand, allowed)
                if d <= allowed:
                    found[cand] = d
        return {w: d for k, d in found.items() for w in self._words[k]}


# --------------------------------------------------------------------------- vocabulary


def _decode(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)


def _is_hangul_word(term: str) -> bool:
    return bool(term) and all(is_syllable(c) for c in term)


def _is_latin_word(term: str) -> bool:
    return term.isascii() and term.isalpha()


@dataclass(slots=True)
class Vocabulary:
    """The index's words with their document frequencies, read from its term dictionary:
    ``hangul`` (morphemes of titles and bodies), ``latin`` (unstemmed Latin words), ``stems``
    (stemmed Latin words as indexed) and ``bigrams`` (Hangul character bigrams)."""

    hangul: Mapping[str, int]
    latin: Mapping[str, int]
    stems: Mapping[str, int]
    bigrams: Collection[str]
    policy: TypoPolicy = field(default_factory=TypoPolicy)
    _near: dict[str, Near] = field(default_factory=dict)
    _names: dict[str, Names] = field(default_factory=dict)

    @classmethod
    def from_reader(cls, reader: Reader, policy: TypoPolicy | None = None) -> Vocabulary:
        hangul: dict[str, int] = {}
        stems: dict[str, int] = {}
        for fieldname in ("title", "body"):
            for raw, info in _terms(reader, fieldname):
                term = _decode(raw)
                if _is_hangul_word(term):
                    hangul[term] = hangul.get(term, 0) + int(info.doc_frequency())
                elif _is_latin_word(term):
                    stems[term] = stems.get(term, 0) + int(info.doc_frequency())
        latin = {
            t: int(i.doc_frequency())
            for raw, i in _terms(reader, "exact")
            if _is_latin_word(t := _decode(raw))
        }
        bigrams = frozenset(_decode(raw) for raw, _ in _terms(reader, "bigram"))
        return cls(hangul, latin, stems, bigrams, policy or TypoPolicy())

    def near(self, word: str, latin: bool) -> list[tuple[str, int, int]]:
        """Indexed words within the allowed typos of ``word``: (word, distance, frequency), best
        first (fewest typos, then most frequent)."""
        kind = "latin" if latin else "hangul"
        if kind not in self._near:
            words = {w: f for w, f in (self.latin if latin else self.hangul).items()}
            words = {w: f for w, f in words.items() if f >= self.policy.min_df}
            spell = str if latin else to_keys
            self._near[kind] = NearIndex(words, spell, max(3, self.policy.one_typo - 1))
        key = word.lower() if latin else to_keys(word)
        allowed = self.policy.allowed(len(key))
        if not allowed:
            return []
        counts = self.latin if latin else self.hangul
        found = self._near[kind].near(key, allowed)
        ranked = [(w, d, counts[w]) for w, d in found.items() if w != word]
        return sorted(ranked, key=lambda t: (t[1], -t[2], t[0]))

    def spelt_otherwise(self, word: str, analyze: Analyze) -> str | None:
        """The most frequent indexed word (in 2+ articles) spelling the same name in the other
        script (``Samsung`` → ``삼성``, ``구글`` → ``google``); a Hangul one must be a proper
        noun to Kiwi, since common Sino-Korean words share skeletons with names (귀결, 구글)."""
        key = skeleton(word)
        if not key:
            return None
        latin = not word.isascii()  # the other script's words are the candidates
        kind = "latin-names" if latin else "hangul-names"
        if kind not in self._names:
            self._names[kind] = _NameTable(names_by_skeleton(self.latin if latin else self.hangul))
        for cand in self._names[kind].get(key, ())[:5]:
            if latin and vowels_fit(cand, word):
                return cand
            if not latin and vowels_fit(word, cand) and [m.tag for m in analyze(cand)] == ["NNP"]:
                return cand
        return None

    def knows_hangul(self, text: str, morphs: Sequence[Morpheme]) -> bool:
        """True if the index has ``text`` as a word, each of its morphemes (unless some have one
        syllable), or each of its bigrams."""
        if text in self.hangul:
            return True
        forms = [m.form for m in morphs if _is_hangul_word(m.form)]
        # A misspelled word often falls apart into one-syllable morphemes (미뇌 → 미 + 뇌):
        # those do not vouch for it; its bigrams must.
        whole = all(len(f) > 1 for f in forms) or len(forms) == 1
        if forms and whole and all(f in self.hangul for f in forms):
            return True
        pairs = [text[i : i + 2] for i in range(len(text) - 1)]
        return bool(pairs) and all(p in self.bigrams for p in pairs)

    def knows_latin(self, word: str) -> bool:
        lower = word.lower()
        return lower in self.latin or stem_latin(lower) in self.stems


class _NameTable(dict[str, list[str]]):
    """:func:`names_by_skeleton` in memory, answering as :class:`Names`."""

    def get(self, key: str, default: Sequence[str] = ()) -> Sequence[str]:  # type: ignore[override]
        return super().get(key, default)


def _terms(reader: Reader, fieldname: str) -> Iterable[tuple[bytes, TermInfo]]:
    if fieldname not in reader.schema:
        return []
    return reader.iter_field(fieldname)


_cache_lock = threading.Lock()
_cache: OrderedDict[tuple[str, ...], Vocabulary] = OrderedDict()
CACHE_SIZE = 4


def vocabulary(
    key: tuple[str, ...], reader: Reader, load: Callable[[], Vocabulary | None] | None = None
) -> Vocabulary:
    """The vocabulary of one index generation (``key``: its path and generation), made once:
    by ``load`` (the generation's stored one, see :mod:`.spellfile`) when it gives one, else
    from ``reader``'s term dictionary."""
    with _cache_lock:
        vocab = _cache.get(key)
        if vocab is not None:
            _cache.move_to_end(key)
            return vocab
    vocab = (load() if load is not None else None) or Vocabulary.from_reader(reader)
    with _cache_lock:
        _cache[key] = vocab
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return vocab


# --------------------------------------------------------------------------- correction

_TOKEN = re.compile(r"\S+")
_EDGE = re.compile(r"^([\"'(\[{<«“‘]*)(.*?)([\"'.,!?;:)\]}>»”’…]*)$")
_SYNTAX = re.compile(r"[:*?~^\\]|^(AND|OR|NOT|TO)$")


@dataclass(frozen=True, slots=True)
class Word:
    """A whitespace-separated word of the query: its core without edge punctuation."""

    start: int  # offset of the core in the query
    core: str


def _words(query: str) -> list[Word]:
    out = []
    for m in _TOKEN.finditer(query):
        edge = _EDGE.match(m.group())
        assert edge is not None
        if edge.group(2) and not _SYNTAX.search(edge.group(2)):
            out.append(Word(m.start() + len(edge.group(1)), edge.group(2)))
    return out


Edit = tuple[int, int, str, str]  # start, end, replacement, reason


def _apply(query: str, edits: list[Edit]) -> tuple[str, str]:
    text = query
    reasons: list[str] = []
    for start, end, new, reason in sorted(edits, key=lambda e: -e[0]):
        text = text[:start] + new + text[end:]
        if reason not in reasons:
            reasons.append(reason)
    order = ("keyboard", "spacing", "spelling", "transliteration")
    return text, "+".join(r for r in order if r in reasons)


def _content(text: str, morphs: Sequence[Morpheme]) -> list[tuple[int, int, list[Morpheme]]]:
    """Each content span of ``text`` (a word minus its endings) with its morphemes."""
    return [
        (s, e, [m for m in morphs if s <= m.start and m.end <= e])
        for s, e in content_spans(text, morphs)
    ]


def _knows_word(word: str, vocab: Vocabulary, analyze: Analyze) -> bool | None:
    """Whether the index knows each content part of a Hangul word; None if it has none."""
    if not is_complete(word):
        return False
    spans = _content(word, analyze(word))
    if not spans:  # only endings or an interjection (안녕): the word as a whole, if indexed
        return True if word in vocab.hangul else None
    return all(vocab.knows_hangul(word[s:e], ms) for s, e, ms in spans)


_LETTERS = re.compile(r"[A-Za-z]+")


def _as_hangul(letters: str) -> tuple[str, str] | None:
    """``letters`` as (a Latin head kept as typed, the rest typed in Korean mode) when the rest
    makes whole syllables: first after a head of capitals (``ESPdml`` → ``ESP`` + ``의``), then
    the whole run, then after the shortest head that works (``Hzehdrlghkrk`` → ``Hz`` + ...)."""
    caps = len(letters) - len(letters.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    # A head not in capitals is a unit or symbol (Hz, km): two letters at most, or a Latin word
    # would keep its first letters and have its tail made into Hangul (Mic + 개냀).
    heads = ([caps] if 1 < caps < len(letters) else []) + list(range(min(3, len(letters) - 1)))
    for i in heads:
        hangul = compose(letters[i:])
        if all(is_syllable(c) for c in hangul):
            return letters[:i], hangul
    return None


def _keyboard(words: list[Word], vocab: Vocabulary, analyze: Analyze) -> list[Edit]:
    """Words typed in the wrong keyboard mode. Latin → Hangul (each run of letters, so
    ``2002sus`` → ``2002년``) needs at least half of the convertible runs the index does not
    know as Latin words (those with content) to become Hangul words it knows; then every run
    that makes whole syllables is converted (``to`` → ``새`` too)."""
    edits: list[Edit] = []
    to_hangul: list[Edit] = []
    votes = confirmed = 0
    for w in words:
        if has_hangul(w.core):
            latin = hangul_to_english(w.core)
            known = _is_latin_word(latin) and latin in vocab.latin
            if known and not _knows_word(w.core, vocab, analyze):
                edits.append((w.start, w.start + len(w.core), latin, "keyboard"))
            continue
        for run in _LETTERS.finditer(w.core):
            split = _as_hangul(run.group()) if not run.group().isupper() else None
            if split is None:  # an acronym (ABC) is Latin in any mode
                continue
            keep, hangul = split
            start = w.start + run.start() + len(keep)
            to_hangul.append((start, w.start + run.end(), hangul, "keyboard"))
            if len(run.group()) > 1 and not vocab.knows_latin(run.group()):
                judged = _knows_word(hangul, vocab, analyze)
                votes += judged is not None
                confirmed += bool(judged)
    if confirmed and 2 * confirmed >= votes:
        edits += to_hangul
    return edits


def _spacing(
    query: str, words: list[Word], vocab: Vocabulary, morphs: list[Morpheme]
) -> list[Edit]:
    """Two words joined when the joined word is indexed and a part is not."""
    starts = {s: query[s:e] for s, e in content_spans(query, morphs)}
    edits: list[Edit] = []
    for a, b in itertools.pairwise(words):
        gap = query[a.start + len(a.core) : b.start]
        head = starts.get(b.start)
        if not head or not _is_hangul_word(a.core) or not gap.isspace():
            continue
        joined = a.core + head
        if vocab.hangul.get(joined, 0) >= vocab.policy.min_df and (
            a.core not in vocab.hangul or head not in vocab.hangul
        ):
            edits.append((a.start + len(a.core), b.start, "", "spacing"))
    return edits


def _split(text: str, vocab: Vocabulary) -> str | None:
    """An unknown word as two indexed words of 2+ syllables (each in 2+ articles), the most
    frequent split."""
    best: tuple[int, str] | None = None
    for i in range(2, len(text) - 1):
        left, right = vocab.hangul.get(text[:i], 0), vocab.hangul.get(text[i:], 0)
        if min(left, right) >= 2 and (best is None or min(left, right) > best[0]):
            best = (min(left, right), text[:i] + " " + text[i:])
    return best[1] if best else None


def _fix_part(text: str, vocab: Vocabulary, lexicon: Lexicon) -> str | None:
    """A compound with one misspelled part: the rest is known (``창조경제`` + ``박럼회``), the
    part is near an indexed word. Fewest typos first, then the most frequent replacement."""
    best: tuple[int, int, str] | None = None
    for i in range(1, len(text)):
        head, tail = text[:i], text[i:]
        for known, wrong, left in ((head, tail, True), (tail, head, False)):
            if len(wrong) < 2 or not vocab.knows_hangul(known, ()) or lexicon(wrong):
                continue
            near = vocab.near(wrong, latin=False)
            if near:
                word, dist, freq = near[0]
                fixed = known + word if left else word + known
                if not vocab.knows_hangul(fixed, ()):  # every bigram, across the seam too
                    continue
                if best is None or (dist, -freq) < (best[0], -best[1]):
                    best = (dist, freq, fixed)
    return best[2] if best else None


def _respaced(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


# Korean's one-syllable postpositions (case markers and the commonest auxiliaries). Kiwi leaves
# one glued to a noun it does not know (뉘르부르크링의), and a near indexed word then differs
# from it only in that particle (뉘르부르크링이): no misspelling.
PARTICLES = frozenset("이가을를은는의에도와과로만")


def _noun_and_particle(text: str, vocab: Vocabulary) -> bool:
    """An indexed word of 2+ syllables followed by a one-syllable particle."""
    stem = text[:-1]
    return len(stem) >= 2 and text[-1] in PARTICLES and vocab.knows_hangul(stem, ())


def _hangul_spelling(
    query: str, vocab: Vocabulary, morphs: list[Morpheme], lexicon: Lexicon, analyze: Analyze
) -> list[Edit]:
    """Unknown Hangul content words: the nearest indexed word over keys, else a split, else
    the name in Latin letters, else the nearest word for each unknown morpheme of it. A real
    word the index lacks (in Kiwi's dictionary) is only looked up in Latin letters."""
    edits: list[Edit] = []
    for start, end, inside in _content(query, morphs):
        text = query[start:end]
        if any(c.isspace() for c in text):  # a proper noun of several words (알렉산더 헤이그)
            if all(vocab.knows_hangul(part, ()) for part in text.split()):
                continue
        elif vocab.knows_hangul(text, inside) or _noun_and_particle(text, vocab):
            continue
        elif lexicon(text):
            if text not in vocab.hangul and (other := vocab.spelt_otherwise(text, analyze)):
                edits.append((start, end, other, "transliteration"))
            continue
        near = [n for n in vocab.near(text, latin=False) if not _respaced(n[0], text)]
        if near:
            edits.append((start, end, near[0][0], "spelling"))
            continue
        fixed = _fix_part(text, vocab, lexicon)
        if fixed:
            edits.append((start, end, fixed, "spelling"))
            continue
        split = _split(text, vocab)
        if split:
            edits.append((start, end, split, "spacing"))
            continue
        other = vocab.spelt_otherwise(text, analyze)
        if other:
            edits.append((start, end, other, "transliteration"))
            continue
        for m in inside:
            if (
                query[m.start : m.end] == m.form
                and m.form not in vocab.hangul
                and not lexicon(m.form)
            ):
                near = vocab.near(m.form, latin=False) if _is_hangul_word(m.form) else []
                if near:
                    edits.append((m.start, m.end, near[0][0], "spelling"))
    return edits


def _latin_spelling(words: list[Word], vocab: Vocabulary, analyze: Analyze) -> list[Edit]:
    edits: list[Edit] = []
    for w in words:
        lower = w.core.lower()
        if not _is_latin_word(lower) or lower in ENGLISH_STOPWORDS or vocab.knows_latin(lower):
            continue
        near = vocab.near(lower, latin=True)
        if near:
            edits.append((w.start, w.start + len(w.core), near[0][0], "spelling"))
        elif other := vocab.spelt_otherwise(lower, analyze):
            edits.append((w.start, w.start + len(w.core), other, "transliteration"))
    return edits


def suggest(
    query: str, vocab: Vocabulary, analyze: Analyze, lexicon: Lexicon = _no_lexicon
) -> Suggestion | None:
    """A corrected ``query``, or None if its words look right to this index. ``lexicon`` tells
    real words the index lacks (they are not misspellings) from unknown ones."""
    words = _words(query)
    if not words:
        return None
    edits = _keyboard(words, vocab, analyze)
    if not edits:
        morphs = analyze(query) if has_hangul(query) else []
        edits = _spacing(query, words, vocab, morphs)
        taken = [(s - 1, e + 1) for s, e, _, _ in edits]
        for edit in _hangul_spelling(query, vocab, morphs, lexicon, analyze) + _latin_spelling(
            words, vocab, analyze
        ):
            if not any(lo < edit[1] and edit[0] < hi for lo, hi in taken):
                edits.append(edit)
    if not edits:
        return None
    corrected, reason = _apply(query, edits)
    return Suggestion(query, corrected, reason) if corrected != query else None
