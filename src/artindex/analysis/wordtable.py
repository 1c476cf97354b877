"""The word-analysis table: how Kiwi analyzed each word of the corpus, stored with a generation
so that a query made of seen words is analyzed without loading Kiwi's model.

Loading Kiwi's model takes seconds and about 500 MB, while a query's own search takes
milliseconds: a one-shot ``artindex search`` from the shell was nearly all model load. When a
generation is written, every whitespace-separated word of every analyzed text (its *core*: the
word without leading and trailing punctuation) is recorded with the morphemes Kiwi gave it
there (form, tag, offsets within the core), counted per distinct analysis. At query time,
:meth:`WordTable.compose` looks up each word of the query and, if all are known, joins their
most frequent analyses into the query's morphemes; if any word is unknown it returns None and
the caller runs Kiwi as before, so an unseen word costs what every query cost before.

Not stored: words of ASCII letters only or of digits only (``Samsung``, ``2024``, ``3.5``),
which Kiwi and artindex's regular-expression path split alike (one ``SL`` or ``SN`` morpheme),
and punctuation at a word's edges, which Kiwi tags as punctuation and the analysis drops.

The file (``words.sqlite`` in the generation folder) is written once, with the generation, and
never changed after: an update copies the previous generation's table and adds the counts of
the texts it analyzes; readers open it read-only and immutable (no locks, no journal). The
table only saves time: if it cannot be written (SQLite fails, a full disk) it is left out and
searches load Kiwi as they did before it existed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .morphology import _DROP_TAGS, Morpheme, needs_kiwi

WORDS_FILE = "words.sqlite"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS words ("
    " word TEXT NOT NULL, analysis TEXT NOT NULL, n INTEGER NOT NULL,"
    " PRIMARY KEY (word, analysis)) WITHOUT ROWID"
)
_UPSERT = (
    "INSERT INTO words VALUES (?, ?, ?) "
    "ON CONFLICT (word, analysis) DO UPDATE SET n = n + excluded.n"
)
_WORD = re.compile(r"\S+")
# Words the regex path splits exactly as Kiwi does: ASCII letters, or a number.
_PLAIN = re.compile(r"[A-Za-z]+|[0-9]+(?:[.,][0-9]+)*")
_FIELD, _RECORD = "\x1f", "\x1e"
# Particles and sentence endings that close a Korean word: a closed class of the grammar (no
# site's or corpus's list), used only to guess the analysis of a word the table lacks.
_PARTICLES = (
    "이", "가", "은", "는", "을", "를", "의", "에", "와", "과", "도", "만", "로", "으로", "에서",
    "에게", "한테", "께서", "까지", "부터", "보다", "처럼", "마다", "조차", "이나", "나", "이란",
    "란", "이라", "라", "이랑", "랑", "에는", "에서는", "에도", "에서도", "으로는", "로는",
    "와는", "과는", "이며", "며", "에의", "로의", "으로의", "에서의", "들", "들이", "들은",
    "들을", "들의", "들에게", "이라는", "라는", "이라고", "라고", "께",
)  # fmt: skip
_ENDINGS = (
    "인가", "인가요", "일까", "인지", "이다", "입니다", "이었다", "였다", "했나", "했는가",
    "하나", "하는가", "하는", "했다", "한다", "하다", "된", "되는", "되었나", "됐나",
    "되었는가", "됐는가", "된다", "되었다", "됐다", "한", "할", "하여", "해", "했던", "하던",
    "였나", "이었나", "나", "는가", "은가", "니", "냐", "까", "인", "이던", "이었던", "던",
    "될", "되어", "되었던", "됐던", "받은", "받았다", "받았나", "받았는가", "받는", "시킨",
    "시켰다", "시켰는가", "었다", "았다", "었나", "았나", "었는가", "았는가", "였는가",
    "었던", "았던", "적인", "적으로", "적", "인가?", "는지", "은지", "을까", "ㄹ까",
)  # fmt: skip
_TAILS = {t: "JX" for t in _PARTICLES} | {t: "EF" for t in _ENDINGS}
# Question words and pronouns (a closed class too): never a content word of the query.
_PRONOUNS = frozenset(
    (
        "누구", "무엇", "무얼", "뭐", "어디", "언제", "어느", "어떤", "어떻게", "왜", "얼마",
        "얼마나", "몇", "그", "이", "저", "그것", "이것", "저것",
    )
)  # fmt: skip
_GUESS_MAX = 24  # a word longer than this is guessed as one unknown word
_FLUSH_AT = 200_000  # distinct (word, analysis) pairs held in memory before writing them
_LOOKUP_CHUNK = 500

log = logging.getLogger(__name__)


def word_cores(text: str) -> Iterator[tuple[int, int, int, int]]:
    """``(word_start, word_end, core_start, core_end)`` of each whitespace-separated word of
    ``text``; the core is the word without non-alphanumeric characters at its edges (empty
    when the word is all punctuation)."""
    for m in _WORD.finditer(text):
        start, end = m.span()
        a, b = start, end
        while a < b and not text[a].isalnum():
            a += 1
        while b > a and not text[b - 1].isalnum():
            b -= 1
        yield start, end, a, b


def is_plain(core: str) -> bool:
    """True for a word the regex path analyzes as Kiwi does (never stored in the table)."""
    return _PLAIN.fullmatch(core) is not None


def encode(core: str, morphs: Sequence[Morpheme]) -> str:
    """One analysis as text: ``start, end, tag[, form]`` per morpheme (offsets within the core;
    the form only where it is not the core's text there, as in 했 → 하 + 었)."""
    records = []
    for m in morphs:
        fields = [str(m.start), str(m.end), m.tag]
        if m.form != core[m.start : m.end]:
            fields.append(m.form)
        records.append(_FIELD.join(fields))
    return _RECORD.join(records)


def decode(core: str, value: str, offset: int = 0) -> list[Morpheme]:
    """The morphemes of ``encode``'s ``value`` for ``core``, shifted by ``offset``."""
    out = []
    for record in value.split(_RECORD) if value else ():
        start_s, end_s, tag, *form = record.split(_FIELD)
        start, end = int(start_s), int(end_s)
        text = form[0] if form else core[start:end]
        out.append(Morpheme(text, tag, offset + start, offset + end))
    return out


def word_analyses(text: str, morphs: Sequence[Morpheme]) -> Iterator[tuple[str, str]]:
    """``(core, encoded analysis)`` for each word of ``text`` worth storing: not plain, with
    every morpheme inside the word and none crossing the core's edge, and only punctuation
    outside the core (``morphs`` sorted by start, as Kiwi gives them). Encodes as
    :func:`encode` does, inline: this runs over every word a build analyzes."""
    i, n = 0, len(morphs)
    for start, end, a, b in word_cores(text):
        while i < n and morphs[i].end <= start:
            i += 1  # before this word (whitespace, or the previous word's)
        j, nxt = i, -1
        records: list[str] = []
        ok = True
        while j < n and morphs[j].start < end:
            m = morphs[j]
            j += 1
            if m.end > end and nxt < 0:
                nxt = j - 1  # reaches into the next word: that word must see it too
            if m.start < start or m.end > end:
                ok = False  # a morpheme spanning two words: not a word's own analysis
            elif a <= m.start and m.end <= b:
                head = f"{m.start - a}{_FIELD}{m.end - a}{_FIELD}{m.tag}"
                same = m.form == text[m.start : m.end]
                records.append(head if same else f"{head}{_FIELD}{m.form}")
            elif m.end <= a or m.start >= b:
                ok = ok and m.tag in _DROP_TAGS  # punctuation at the edge
            else:
                ok = False
        i = nxt if nxt >= 0 else j
        if ok and records:
            core = text[a:b]
            if not is_plain(core):
                yield core, _RECORD.join(records)


class WordTableWriter:
    """Counts word analyses of the texts a write analyzes and stores them in the new
    generation's table, on top of a copy of the base generation's table."""

    def __init__(self, gen: Path, base: Path | None) -> None:
        self.path = gen / WORDS_FILE
        self._counts: Counter[tuple[str, str]] = Counter()
        self._db: sqlite3.Connection | None = None
        try:
            if base is not None and (base / WORDS_FILE).is_file():
                shutil.copyfile(base / WORDS_FILE, self.path)  # a copy: the base stays as it is
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=OFF")  # a failed write drops the whole file
            self._db.execute("PRAGMA synchronous=OFF")  # close() fsyncs it once
            self._db.execute(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            self._drop(exc)

    def add(self, text: str, morphs: Sequence[Morpheme]) -> None:
        if self._db is None:
            return
        self._counts.update(word_analyses(text, morphs))
        if len(self._counts) >= _FLUSH_AT:
            self._flush()

    def _flush(self) -> None:
        if self._db is None or not self._counts:
            return
        rows = [(w, a, c) for (w, a), c in self._counts.items()]
        self._counts.clear()
        try:
            self._db.execute("BEGIN")
            self._db.executemany(_UPSERT, rows)
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._drop(exc)

    def absorb(self, other: Path) -> None:
        """Add the counts of another table (a parallel build worker's) to this one."""
        self._flush()
        if self._db is None or not other.is_file():
            return
        try:
            theirs = sqlite3.connect(f"file:{other}?mode=ro", uri=True)
            try:
                rows = theirs.execute("SELECT word, analysis, n FROM words").fetchall()
            finally:
                theirs.close()
            self._db.execute("BEGIN")
            self._db.executemany(_UPSERT, rows)
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._drop(exc)

    def close(self) -> None:
        """Write what is counted and make the file durable (before the manifest names it)."""
        self._flush()
        if self._db is None:
            return
        try:
            self._db.close()
            self._db = None
            with open(self.path, "rb") as fh:
                os.fsync(fh.fileno())
        except (sqlite3.Error, OSError) as exc:
            self._drop(exc)

    def abort(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def _drop(self, exc: BaseException) -> None:
        """Go on without a table: searches of this generation will load Kiwi."""
        log.warning("%s: word-analysis table left out (%s)", self.path, exc)
        self.abort()
        self._counts.clear()
        with contextlib.suppress(OSError):
            self.path.unlink()


def _pieces(word: str) -> list[str]:
    """Every stretch of two or more characters of ``word`` (the table lookups a guess needs)."""
    if len(word) > _GUESS_MAX:
        return []
    n = len(word)
    return [word[i:j] for i in range(n) for j in range(i + 2, n + 1) if (i, j) != (0, n)]


def guess_word(
    word: str,
    known: dict[str, str],
    offset: int = 0,
    completions: dict[str, list[Morpheme]] | None = None,
) -> list[Morpheme]:
    """Morphemes for a word the table lacks, from the words it has (``known``: stored
    analyses of the word's stretches, as :meth:`WordTable.lookup` returns them), without
    Kiwi. If the word can be read whole as stretches the table knows (fewest first), numbers,
    and a closing particle or ending (a closed class), each stretch takes its stored analysis:
    ``박람회장에서는`` is the table's ``박람회장에서`` + ``는``. Otherwise it is one unknown
    word less its closing particle or ending (a Latin word, a pronoun, or a noun the compiler
    matches by its syllable pairs): a name the corpus never had, or a misspelling
    (``한국읂행``), is never cut into a known word and a fragment. A stem that begins a word
    the table has takes that word's morphemes inside it (``completions``: stem → morphemes, see
    :meth:`WordTable.stem_readings`): ``열렸나`` reads as 열리 + 었, then 나."""
    pieces = _segment(word, known)
    if pieces is None:
        return _unknown_word(word, offset, completions or {})
    out: list[Morpheme] = []
    for i, j, kind in pieces:
        piece = word[i:j]
        if kind == "known":
            out.extend(decode(piece, known[piece], offset + i))
        else:
            out.append(Morpheme(piece, kind, offset + i, offset + j))
    return out


def _segment(word: str, known: dict[str, str]) -> list[tuple[int, int, str]] | None:
    """``word`` as (start, end, kind) pieces, fewest pieces, or None if it cannot be read
    whole: kind is ``known`` (a stretch the table has), ``SN`` (a number) or the tag of a
    closing particle or ending."""
    n = len(word)
    best: list[list[tuple[int, int, str]] | None] = [None] * n + [[]]
    for i in range(n - 1, -1, -1):
        options: list[list[tuple[int, int, str]]] = []
        if i > 0 and word[i:] in _TAILS:
            options.append([(i, n, _TAILS[word[i:]])])
        number = _NUMBER.match(word, i)
        if number and best[number.end()] is not None:
            options.append([(i, number.end(), "SN"), *(best[number.end()] or [])])
        for j in range(i + 2, n + 1):
            rest = best[j]
            if rest is not None and (i, j) != (0, n) and word[i:j] in known:
                options.append([(i, j, "known"), *rest])
        if options:
            best[i] = min(options, key=len)
    return best[0]


def unknown_stem(word: str) -> tuple[int, str, str]:
    """Where the stem of a word nothing in the table explains starts (after a number), the
    stem, and the particle or ending the word closes with."""
    number = _NUMBER.match(word)
    i = number.end() if number and number.end() < len(word) else 0
    rest = word[i:]
    tail = next((t for t in _by_length if rest.endswith(t) and len(t) < len(rest)), "")
    stem = rest[: len(rest) - len(tail)]
    end = len(stem)
    while end > 1 and not stem[end - 1].isalnum():
        end -= 1  # Buttons'는: the quote closes the word, not the stem
    return i, stem[:end], tail


def _completed(stem: str, completion: tuple[str, str] | None) -> list[Morpheme]:
    """The morphemes inside ``stem`` of the table's word that begins with it, when they cover
    the stem exactly and one of them is a content morpheme; else none."""
    if completion is None:
        return []
    word, analysis = completion
    inside = [m for m in decode(word, analysis) if m.end <= len(stem)]
    if not inside or inside[0].start != 0 or max(m.end for m in inside) != len(stem):
        return []
    if all(m.tag in _DROP_TAGS for m in inside):
        return []
    return inside


_JUNG_PAST = {  # the vowel of a syllable contracted with 었/았 -> the stem's own vowels
    6: (20,),  # ㅕ <- ㅣ: 열렸 = 열리 + 었
    9: (8,),  # ㅘ <- ㅗ: 봤 = 보 + 았
    14: (13,),  # ㅝ <- ㅜ: 줬 = 주 + 었
    10: (11,),  # ㅙ <- ㅚ: 됐 = 되 + 었
    1: (1,),  # ㅐ: 보냈 = 보내 + 었 (했 = 하 + 였: below)
    0: (0,),  # ㅏ: 갔 = 가 + 았
    4: (4, 18),  # ㅓ: 섰 = 서 + 었, 썼 = 쓰 + 었
    5: (5,),  # ㅔ: 셌 = 세 + 었
}


def past_bases(stem: str) -> list[str]:
    """The verb stems a stem ending in a past-tense contraction can be (``열렸`` → ``열리``),
    by the grammar's vowel contractions; none when its last syllable has no final ㅆ."""
    code = ord(stem[-1]) - 0xAC00 if stem else -1
    if not 0 <= code < 11172 or code % 28 != 20:  # final ㅆ
        return []
    cho, jung = divmod(code // 28, 21)
    vowels = list(_JUNG_PAST.get(jung, ()))
    if jung == 1 and cho == 18:  # 했 = 하 + 였
        vowels.append(0)
    return [stem[:-1] + chr(0xAC00 + (cho * 21 + v) * 28) for v in vowels]


def _unknown_word(word: str, offset: int, completions: dict[str, list[Morpheme]]) -> list[Morpheme]:
    """One word nothing in the table reads whole: a number it starts with, then the stem
    (what a word of the table beginning with it makes of it, else one unknown word), then the
    particle or ending it closes with."""
    out: list[Morpheme] = []
    i, stem, tail = unknown_stem(word)
    if i:  # 1점, 2심: the number, then the rest
        out.append(Morpheme(word[:i], "SN", offset, offset + i))
    completed = [] if stem in _PRONOUNS else completions.get(stem, [])
    if completed:
        out.extend(
            Morpheme(m.form, m.tag, m.start + offset + i, m.end + offset + i) for m in completed
        )
    else:
        tag = "SL" if _LATIN.fullmatch(stem) else "NP" if stem in _PRONOUNS else "NNG"
        out.append(Morpheme(stem, tag, offset + i, offset + i + len(stem)))
    if tail:
        out.append(Morpheme(tail, _TAILS[tail], offset + len(word) - len(tail), offset + len(word)))
    return out


_by_length = sorted(_TAILS, key=len, reverse=True)
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_LATIN = re.compile(r"[A-Za-z]+")


class WordTable:
    """A generation's table, read-only; lookups may come from many threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    @classmethod
    def open(cls, gen: Path) -> WordTable | None:
        """The table of generation folder ``gen``, or None if it has none (an index built
        before tables existed, or one whose table could not be written)."""
        path = gen / WORDS_FILE
        return cls(path) if path.is_file() else None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return self._db

    def lookup(self, words: Sequence[str]) -> dict[str, str]:
        """The most frequent stored analysis of each of ``words`` that the table has."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(words))
        with self._lock:
            db = self._connect()
            for i in range(0, len(unique), _LOOKUP_CHUNK):
                chunk = unique[i : i + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                sql = (
                    f"SELECT word, analysis FROM words WHERE word IN ({marks}) "
                    "ORDER BY n DESC, analysis"
                )
                for word, analysis in db.execute(sql, chunk):
                    found.setdefault(word, analysis)
        return found

    def compose(self, text: str, guess: bool = False) -> list[Morpheme] | None:
        """The morphemes of ``text`` from its words' stored analyses, or None when a word is
        missing (or the table cannot be read): then the caller runs Kiwi. With ``guess``, a
        missing word is analyzed from the table instead (:func:`guess_word`), so that no
        query needs the model."""
        if not needs_kiwi(text):
            return None  # the regex path needs no model anyway
        cores = [(a, b) for _, _, a, b in word_cores(text) if a < b]
        wanted = [text[a:b] for a, b in cores if not is_plain(text[a:b])]
        try:
            found = self.lookup(wanted)
            missing = [w for w in dict.fromkeys(wanted) if w not in found]
            if missing and not guess:
                return None
            readings: dict[str, list[Morpheme]] = {}
            if missing:
                found.update(self.lookup([p for w in missing for p in _pieces(w)]))
                stems = {unknown_stem(w)[1] for w in missing if _segment(w, found) is None}
                readings = self.stem_readings(s for s in stems if len(s) >= 2)
        except sqlite3.Error as exc:
            log.warning("%s: word-analysis table unreadable (%s); using Kiwi", self.path, exc)
            return None
        out: list[Morpheme] = []
        for a, b in cores:
            core = text[a:b]
            if is_plain(core):
                tag = "SL" if core[0].isalpha() else "SN"
                out.append(Morpheme(core, tag, a, b))
            elif core in found:
                out.extend(decode(core, found[core], a))
            else:
                out.extend(guess_word(core, found, a, readings))
        return out

    def stem_readings(self, stems: Iterable[str]) -> dict[str, list[Morpheme]]:
        """Morphemes (offsets within the stem) for each of ``stems`` the table can read: those
        inside the most frequent longer word that begins with it (``발표`` in ``발표했다``), or,
        for a stem ending in a past-tense contraction, the verb stem's read that way and 었
        (``열렸`` → 열리 + 었, from ``열리는``)."""
        out: dict[str, list[Morpheme]] = {}
        for stem in stems:
            found = _completed(stem, self._completion(stem))
            if not found:
                for base in past_bases(stem):
                    verb = _completed(base, self._completion(base))
                    if verb:
                        n = len(stem)
                        found = [*verb, Morpheme("었", "EP", n - 1, n)]
                        break
            if found:
                out[stem] = found
        return out

    def _completion(self, stem: str) -> tuple[str, str] | None:
        """The most frequent word of the table that begins with ``stem`` and is longer, with
        its most frequent analysis."""
        with self._lock:
            row = (
                self._connect()
                .execute(
                    "SELECT word, analysis FROM words WHERE word > ? AND word < ? "
                    "ORDER BY n DESC, word LIMIT 1",
                    (stem, stem + "\U0010ffff"),
                )
                .fetchone()
            )
        return (str(row[0]), str(row[1])) if row is not None else None

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
