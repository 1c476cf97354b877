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
from collections.abc import Iterator, Sequence
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

    def compose(self, text: str) -> list[Morpheme] | None:
        """The morphemes of ``text`` from its words' stored analyses, or None when a word is
        missing (or the table cannot be read): then the caller runs Kiwi."""
        if not needs_kiwi(text):
            return None  # the regex path needs no model anyway
        cores = [(a, b) for _, _, a, b in word_cores(text) if a < b]
        wanted = [text[a:b] for a, b in cores if not is_plain(text[a:b])]
        try:
            found = self.lookup(wanted)
        except sqlite3.Error as exc:
            log.warning("%s: word-analysis table unreadable (%s); using Kiwi", self.path, exc)
            return None
        if len(found) < len(set(wanted)):
            return None
        out: list[Morpheme] = []
        for a, b in cores:
            core = text[a:b]
            if is_plain(core):
                tag = "SL" if core[0].isalpha() else "SN"
                out.append(Morpheme(core, tag, a, b))
            else:
                out.extend(decode(core, found[core], a))
        return out

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
