"""The correction vocabulary of a generation, written once with it (``spell.sqlite``), so that a
search needing a correction reads a few rows instead of the whole term dictionary.

:class:`~.suggest.Vocabulary` needs every indexed word with its document frequency, a
near-miss index over their spellings (SymSpell: each spelling and its one-deletions point to
the word) and an index of names by their consonant skeleton. Built from a reader that is a walk
over every term of four fields and some deletions per word: about 1.7 s at 1,000 articles and
growing with the vocabulary, which a server pays once but a one-shot ``artindex search`` paid
on every query with a word the index lacks. The file holds the same structures as tables:

* ``counts(kind, term, df)``: ``h`` Hangul words of titles and bodies, ``s`` their Latin
  (stemmed) words, ``l`` unstemmed Latin words, ``b`` Hangul syllable pairs;
* ``forms(kind, form, key)`` and ``keys(kind, key, word)``: the near-miss index of ``h`` and
  ``l`` (keys are 2-beolsik keystrokes for Hangul, lowercase letters for Latin);
* ``names(kind, skeleton, rank, word)``: the five most frequent words per skeleton.

Like ``words.sqlite`` it is never changed after the generation is written; readers open it
read-only and immutable. It only saves time: if it cannot be written or read, or the typo policy
is not the default, the vocabulary is built from the reader as before.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..text.hangul import to_keys
from .suggest import (
    NearIndex,
    TypoPolicy,
    Vocabulary,
    distance,
    names_by_skeleton,
    near_forms,
)

if TYPE_CHECKING:
    from ..engine.view import Reader

SPELL_FILE = "spell.sqlite"
_SCHEMA = (
    "CREATE TABLE counts (kind TEXT, term TEXT, df INTEGER, PRIMARY KEY (kind, term))"
    " WITHOUT ROWID",
    "CREATE TABLE forms (kind TEXT, form TEXT, key TEXT, PRIMARY KEY (kind, form, key))"
    " WITHOUT ROWID",
    "CREATE TABLE keys (kind TEXT, key TEXT, word TEXT, PRIMARY KEY (kind, key, word))"
    " WITHOUT ROWID",
    "CREATE TABLE names (kind TEXT, skeleton TEXT, rank INTEGER, word TEXT,"
    " PRIMARY KEY (kind, skeleton, rank)) WITHOUT ROWID",
    "CREATE TABLE segments (id TEXT PRIMARY KEY) WITHOUT ROWID",
)
# An update that adds more than this share of the documents rewrites the file whole.
UPDATE_SHARE = 0.25
_CHUNK = 500
NAMES_KEPT = 5  # Vocabulary.spelt_otherwise looks at the first five

log = logging.getLogger(__name__)


def write(gen: Path, reader: Reader, base: Path | None = None) -> None:
    """Write ``gen``'s correction vocabulary from ``reader`` (the generation just committed).
    With ``base`` (the generation an update started from) whose file is there, that file is
    copied and only the terms of the segments it lacks are added (:func:`_update`), so an update
    costs what it adds, not what the index holds. A failure leaves no file and is only logged:
    searches then build the vocabulary from the reader."""
    path = gen / SPELL_FILE
    tmp = gen / (SPELL_FILE + ".tmp")
    try:
        prev = base / SPELL_FILE if base is not None else None
        if prev is not None and prev.is_file() and _update(tmp, prev, reader):
            tmp.replace(path)
            return
        with contextlib.suppress(OSError):
            tmp.unlink()
        _write_whole(tmp, reader)
        tmp.replace(path)
    except Exception as exc:  # an optional file never fails the write it follows
        log.warning("%s: correction vocabulary left out (%s)", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()


def _segments(reader: Any) -> dict[str, Any]:
    """Each segment's id with its reader (what the file records, and what an update adds)."""
    found = {}
    for leaf, _ in reader.leaf_readers():
        segment = leaf.segment()
        if segment is not None:
            found[str(segment.segment_id())] = leaf
    return found


def _write_whole(tmp: Path, reader: Reader) -> None:
    vocab = Vocabulary.from_reader(reader)
    policy = TypoPolicy()
    with contextlib.closing(sqlite3.connect(tmp)) as db:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        for statement in _SCHEMA:
            db.execute(statement)
        for kind, counts in (("h", vocab.hangul), ("l", vocab.latin), ("s", vocab.stems)):
            db.executemany(
                "INSERT INTO counts VALUES (?, ?, ?)", ((kind, t, df) for t, df in counts.items())
            )
        db.executemany("INSERT INTO counts VALUES ('b', ?, 1)", ((b,) for b in vocab.bigrams))
        for kind, counts, spell in (("h", vocab.hangul, to_keys), ("l", vocab.latin, str)):
            words = {w: f for w, f in counts.items() if f >= policy.min_df}
            _add_near(db, kind, NearIndex(words, spell, _min_len(policy)))
        for kind, counts in (("hn", vocab.hangul), ("ln", vocab.latin)):
            by = names_by_skeleton(counts)
            db.executemany(
                "INSERT INTO names VALUES (?, ?, ?, ?)",
                (
                    (kind, s, rank, w)
                    for s, ws in by.items()
                    for rank, w in enumerate(ws[:NAMES_KEPT])
                ),
            )
        db.executemany("INSERT INTO segments VALUES (?)", ((i,) for i in _segments(reader)))
        db.commit()


def _min_len(policy: TypoPolicy) -> int:
    return max(3, policy.one_typo - 1)  # as Vocabulary.near builds its index


def _add_near(db: sqlite3.Connection, kind: str, near: NearIndex) -> None:
    db.executemany(
        "INSERT OR IGNORE INTO keys VALUES (?, ?, ?)",
        ((kind, k, w) for k, ws in near.words().items() for w in ws),
    )
    db.executemany(
        "INSERT OR IGNORE INTO forms VALUES (?, ?, ?)",
        ((kind, f, k) for f, ks in near.forms().items() for k in set(ks)),
    )


def _update(tmp: Path, prev: Path, reader: Any) -> bool:
    """``prev`` copied to ``tmp`` with the terms of ``reader``'s segments that ``prev`` has not
    seen: each such term's document frequency recounted over the whole index, new words added
    to the near-miss index and their skeletons' names re-ranked. Words only deleted documents
    had stay, with their old counts (as in the word table). False (and nothing kept) when the
    update is a large share of the index, or ``prev`` predates the segment list."""
    shutil.copyfile(prev, tmp)
    policy = TypoPolicy()
    with contextlib.closing(sqlite3.connect(tmp)) as db:
        try:
            seen = {r[0] for r in db.execute("SELECT id FROM segments")}
        except sqlite3.Error:
            return False
        segments = _segments(reader)
        leaves = [leaf for sid, leaf in segments.items() if sid not in seen]
        added = sum(int(leaf.doc_count_all()) for leaf in leaves)
        if added > UPDATE_SHARE * max(int(reader.doc_count_all()), 1):
            return False
        parts = [Vocabulary.from_reader(leaf) for leaf in leaves]

        def df(fields: tuple[str, ...], term: str) -> int:
            return sum(int(reader.doc_frequency(f, term)) for f in fields if f in reader.schema)

        body = ("title", "body")
        for kind, fields, terms in (
            ("h", body, {t for p in parts for t in p.hangul}),
            ("s", body, {t for p in parts for t in p.stems}),
            ("l", ("exact",), {t for p in parts for t in p.latin}),
        ):
            counts = {t: df(fields, t) for t in terms}
            known = _present(db, kind, sorted(counts))
            db.executemany(
                "INSERT OR REPLACE INTO counts VALUES (?, ?, ?)",
                ((kind, t, f) for t, f in counts.items()),
            )
            if kind in ("h", "l"):
                new = {t: f for t, f in counts.items() if t not in known and f >= policy.min_df}
                spell = to_keys if kind == "h" else str
                _add_near(db, kind, NearIndex(new, spell, _min_len(policy)))
                _rerank_names(db, kind + "n", counts)
        bigrams = {b for p in parts for b in p.bigrams}
        db.executemany("INSERT OR IGNORE INTO counts VALUES ('b', ?, 1)", ((b,) for b in bigrams))
        db.execute("DELETE FROM segments")
        db.executemany("INSERT INTO segments VALUES (?)", ((i,) for i in segments))
        db.commit()
    return True


def _present(db: sqlite3.Connection, kind: str, terms: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(terms), _CHUNK):
        chunk = terms[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT term FROM counts WHERE kind = ? AND term IN ({marks})"
        found.update(r[0] for r in db.execute(sql, (kind, *chunk)))
    return found


def _rerank_names(db: sqlite3.Connection, kind: str, counts: dict[str, int]) -> None:
    """The five most frequent words of each skeleton that ``counts`` (recounted words) touch."""
    by = names_by_skeleton(counts)
    counted = "h" if kind == "hn" else "l"
    for key, words in by.items():
        rows = db.execute(
            "SELECT n.word, c.df FROM names n JOIN counts c ON c.kind = ? AND c.term = n.word "
            "WHERE n.kind = ? AND n.skeleton = ?",
            (counted, kind, key),
        ).fetchall()
        ranked = {w: int(f) for w, f in rows} | {w: counts[w] for w in words}
        best = sorted(ranked, key=lambda w: (-ranked[w], w))[:NAMES_KEPT]
        db.execute("DELETE FROM names WHERE kind = ? AND skeleton = ?", (kind, key))
        db.executemany(
            "INSERT INTO names VALUES (?, ?, ?, ?)", ((kind, key, r, w) for r, w in enumerate(best))
        )


def load(gen: Path | None) -> Vocabulary | None:
    """The stored vocabulary of generation folder ``gen``, or None when it has none."""
    stored = SpellFile.open(gen) if gen is not None else None
    return stored.vocabulary() if stored is not None else None


class SpellFile:
    """A generation's ``spell.sqlite``, read-only; lookups may come from many threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)

    @classmethod
    def open(cls, gen: Path) -> SpellFile | None:
        path = gen / SPELL_FILE
        if not path.is_file():
            return None
        try:
            return cls(path)
        except sqlite3.Error as exc:
            log.warning("%s: correction vocabulary unreadable (%s)", path, exc)
            return None

    def rows(self, sql: str, args: tuple[str, ...]) -> list[tuple[str, ...]]:
        with self._lock:
            return list(self._db.execute(sql, args))

    def vocabulary(self) -> Vocabulary:
        """A Vocabulary whose counts, near-miss index and names are looked up in the file."""
        vocab = Vocabulary(
            hangul=StoredCounts(self, "h"),
            latin=StoredCounts(self, "l"),
            stems=StoredCounts(self, "s"),
            bigrams=StoredCounts(self, "b"),
        )
        vocab._near["hangul"] = StoredNear(self, "h")
        vocab._near["latin"] = StoredNear(self, "l")
        vocab._names["hangul-names"] = StoredNames(self, "hn")
        vocab._names["latin-names"] = StoredNames(self, "ln")
        return vocab


class StoredCounts(Mapping[str, int]):
    """One kind of ``counts`` as a read-only mapping (term → document frequency); lookups
    are cached, iteration walks the table."""

    def __init__(self, file: SpellFile, kind: str) -> None:
        self._file, self._kind = file, kind
        self._seen: dict[str, int | None] = {}

    def _df(self, term: str) -> int | None:
        if term not in self._seen:
            rows = self._file.rows(
                "SELECT df FROM counts WHERE kind = ? AND term = ?", (self._kind, term)
            )
            self._seen[term] = int(rows[0][0]) if rows else None
        return self._seen[term]

    def __getitem__(self, term: str) -> int:
        df = self._df(term)
        if df is None:
            raise KeyError(term)
        return df

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self._df(term) is not None

    def __iter__(self) -> Iterator[str]:
        rows = self._file.rows("SELECT term FROM counts WHERE kind = ?", (self._kind,))
        return iter([r[0] for r in rows])

    def __len__(self) -> int:
        rows = self._file.rows("SELECT count(*) FROM counts WHERE kind = ?", (self._kind,))
        return int(rows[0][0])


class StoredNear:
    """The near-miss index of one kind, as :class:`~.suggest.NearIndex` answers it."""

    def __init__(self, file: SpellFile, kind: str) -> None:
        self._file, self._kind = file, kind

    def candidates(self, forms: set[str]) -> dict[str, list[str]]:
        """Keys reached from ``forms``, each with its words."""
        found: dict[str, list[str]] = {}
        ordered = sorted(forms)
        for i in range(0, len(ordered), _CHUNK):
            chunk = ordered[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = (
                "SELECT k.key, k.word FROM forms f JOIN keys k ON k.kind = f.kind "
                f"AND k.key = f.key WHERE f.kind = ? AND f.form IN ({marks})"
            )
            for key, word in self._file.rows(sql, (self._kind, *chunk)):
                found.setdefault(key, []).append(word)
        return found

    def near(self, key: str, allowed: int) -> dict[str, int]:
        found: dict[str, int] = {}
        for cand, words in self.candidates(near_forms(key, allowed)).items():
            if cand == key:
                continue
            d = distance(key, cand, allowed)
            if d <= allowed:
                for w in words:
                    found[w] = d
        return found


class StoredNames:
    """Words by consonant skeleton, most frequent first (at most five)."""

    def __init__(self, file: SpellFile, kind: str) -> None:
        self._file, self._kind = file, kind

    def get(self, key: str, default: Sequence[str] = ()) -> Sequence[str]:
        rows = self._file.rows(
            "SELECT word FROM names WHERE kind = ? AND skeleton = ? ORDER BY rank",
            (self._kind, key),
        )
        return [r[0] for r in rows] or default


__all__ = ["SPELL_FILE", "SpellFile", "load", "write"]
