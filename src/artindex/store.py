"""The index directory on disk: manifest, generations, the writer lock and the analysis cache.

Layout of an index directory::

    manifest.json   what artindex wrote: versions, analyzer settings, current generation
    gen-000007/     a complete Whoosh index plus files.json (what was indexed from which file,
                    keyed by resolved path), articles.json (ids added from code) and
                    words.sqlite (how Kiwi analyzed each word: see wordtable.py) and
                    spell.sqlite (the correction vocabulary: see search/spellfile.py)
    cache.sqlite    analysis cache keyed by content hash (reused by rebuilds and updates)
    WRITELOCK       held (flock) by the one process writing

A build or update writes a new generation beside the current one and then replaces
``manifest.json`` atomically; readers always open the generation the manifest names, so they
never see a half-written index, and a killed writer leaves the previous index intact. A
writer that fails removes its partial generation at once; one that was killed leaves it for
the next writer, which removes it before starting (:meth:`IndexDir.clean_partial`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import marshal
import os
import shutil
import sqlite3
import time
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analysis.morphology import Morpheme
from .analysis.wordtable import WORDS_FILE
from .errors import IndexDamagedError, IndexLockedError, IndexNotFoundError, IndexWriteError
from .search.spellfile import SPELL_FILE

MANIFEST = "manifest.json"
FILES = "files.json"
CODE_IDS = "articles.json"
LOCK = "WRITELOCK"
CACHE = "cache.sqlite"
FORMAT = "artindex-index"
FORMAT_VERSION = 1
_GEN_PREFIX = "gen-"

log = logging.getLogger(__name__)

_WRITE_REASONS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EIO: "input/output error",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}


def write_error(exc: OSError, fallback: Path) -> IndexWriteError:
    """The one-line error for an OSError met while writing an index (``fallback``: the path
    to name when the error names none)."""
    reason = _WRITE_REASONS.get(exc.errno or 0) or f"cannot write ({exc.strerror or exc})"
    return IndexWriteError(str(exc.filename or fallback), reason)


@dataclass(frozen=True, slots=True)
class FileRecord:
    """What the manifest remembers of one source file."""

    size: int
    mtime_ns: int
    sha256: str
    ids: tuple[str, ...]
    problems: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "mtime_ns": self.mtime_ns,
            "sha256": self.sha256,
            "ids": list(self.ids),
            "problems": list(self.problems),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileRecord:
        return cls(
            int(data["size"]),
            int(data["mtime_ns"]),
            str(data["sha256"]),
            tuple(data.get("ids", ())),
            tuple(data.get("problems", ())),
        )


class IndexDir:
    """Paths and atomic file operations of one index directory."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST

    def exists(self) -> bool:
        return self.manifest_path.is_file()

    def read_manifest(self) -> dict[str, Any]:
        if not self.root.exists():
            raise IndexNotFoundError(str(self.root))
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise IndexNotFoundError(
                str(self.root), "the folder has no artindex manifest.json"
            ) from None
        except (OSError, ValueError) as exc:
            raise IndexNotFoundError(str(self.root), f"unreadable manifest: {exc}") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise IndexNotFoundError(str(self.root), "manifest.json is not artindex's")
        return data

    def generation_path(self, manifest: dict[str, Any]) -> Path:
        gen = self.root / str(manifest.get("generation", ""))
        if not gen.is_dir():
            raise IndexDamagedError(str(self.root), f"generation {gen.name} is missing")
        return gen

    def new_generation(self) -> Path:
        numbers = [int(p.name[len(_GEN_PREFIX) :]) for p in self._generations()]
        gen = self.root / f"{_GEN_PREFIX}{max(numbers, default=0) + 1:06d}"
        gen.mkdir(parents=True)
        return gen

    def _generations(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(
            p
            for p in self.root.iterdir()
            if p.is_dir() and p.name.startswith(_GEN_PREFIX) and p.name[4:].isdigit()
        )

    def commit(self, manifest: dict[str, Any]) -> None:
        """Point the index at a new generation: write the manifest aside, then rename it."""
        _write_json_atomic(self.manifest_path, manifest)
        self.prune(keep=str(manifest["generation"]))

    def prune(self, keep: str) -> None:
        """Remove generations other than ``keep`` and the one before it (readers that opened
        it a moment ago may still be reading), including leftovers of killed writers."""
        gens = [p for p in self._generations() if p.name != keep]
        older = [p for p in gens if p.name < keep]
        survivors = {older[-1].name} if older else set()
        for gen in gens:
            if gen.name not in survivors:
                shutil.rmtree(gen, ignore_errors=True)

    def clean_partial(self, manifest: dict[str, Any] | None) -> list[str]:
        """Remove what killed writers left: generations newer than the current one (never
        swapped in, so no reader has them open) and temporary manifests. Call it holding the
        writer lock. Returns the names removed."""
        current = str(manifest.get("generation", "")) if manifest else ""
        removed = [p for p in self._generations() if p.name > current]
        if self.root.is_dir():
            removed += [p for p in self.root.glob(f".{MANIFEST}.*.tmp")]
        for path in removed:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            log.info("%s: removed what an interrupted writer left", path)
        return [p.name for p in removed]

    def read_files(self, gen: Path) -> dict[str, FileRecord]:
        """The files a generation was built from, keyed by resolved absolute path. Indexes
        written before paths were resolved kept them as given; those are resolved here."""
        try:
            data = json.loads((gen / FILES).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {_resolved(path): FileRecord.from_json(rec) for path, rec in data.items()}

    def read_code_ids(self, gen: Path) -> set[str]:
        """Ids of the articles added from code (they belong to no file source)."""
        try:
            data = json.loads((gen / CODE_IDS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return set()
        return {str(i) for i in data} if isinstance(data, list) else set()

    def write_code_ids(self, gen: Path, ids: set[str]) -> None:
        _write_json_atomic(gen / CODE_IDS, sorted(ids))

    def write_files(self, gen: Path, files: dict[str, FileRecord]) -> None:
        _write_json_atomic(gen / FILES, {p: r.to_json() for p, r in sorted(files.items())})

    @contextlib.contextmanager
    def write_lock(self, timeout: float = 10.0, what: str = "artindex") -> Iterator[None]:
        """Hold the index's writer lock. The lock is an OS file lock, so a killed process
        releases it at once; the pid left in the file only names the holder in messages."""
        path = self.root / LOCK
        try:  # the first write of every writer: a read-only or forbidden folder stops here
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise write_error(exc, path) from exc
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        holder = _read_holder(path)
                        raise IndexLockedError(
                            f"index at {self.root} is being written by {holder}; "
                            "try again when it finishes"
                        ) from None
                    time.sleep(0.05)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {what}\n".encode())
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            os.close(fd)  # closing releases the flock


def _resolved(path: str) -> str:
    return path if os.path.isabs(path) else str(Path(path).resolve())


def _read_holder(path: Path) -> str:
    try:
        pid, _, what = path.read_text(encoding="utf-8").strip().partition(" ")
    except OSError:
        return "another process"
    return f"process {pid} ({what})" if pid else "another process"


def _write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def link_generation(source: Path, target: Path) -> None:
    """Fill ``target`` with hard links to ``source``'s files (Whoosh never rewrites a segment
    file, so the new generation can share them); copy where links are not possible. Whoosh's
    lock file is not shared: a lock left held by a failed writer must not reach the next."""
    for entry in source.iterdir():
        if not entry.is_file() or entry.name.endswith((".lock", "WRITELOCK")):
            continue
        if entry.name == WORDS_FILE:  # the writer copies it: it will add to it
            continue
        if entry.name == SPELL_FILE:  # written anew from the new generation's terms
            continue
        dest = target / entry.name
        try:
            os.link(entry, dest)
        except OSError:
            shutil.copy2(entry, dest)


_PACKED = b"P"  # marks a packed entry; an older entry is zlib of a marshalled list of tuples
_BESIDE = b"T"  # a packed entry whose forms that equal the text there are left out


def encode_morphemes(morphs: list[Morpheme], text: str | None = None) -> bytes:
    """One text's morphemes for the cache, column by column (forms, tags, start deltas,
    lengths; the numbers as a typed array), zlib-compressed. With ``text`` (the text they
    analyze), a form that is the text's own characters there is stored empty: most are, so
    the entry is mostly tags and numbers (the text is at hand whenever the entry is read)."""
    starts, lengths, prev = [], [], 0
    for m in morphs:
        starts.append(m.start - prev)
        lengths.append(m.end - m.start)
        prev = m.start
    code = "H" if max((*starts, *lengths, 0)) < 65536 and min((*starts, 0)) >= 0 else "i"
    if text is None:
        forms = "\x1f".join(m.form for m in morphs)
    else:
        forms = "\x1f".join("" if text[m.start : m.end] == m.form else m.form for m in morphs)
    raw = marshal.dumps(
        (
            forms,
            " ".join(m.tag for m in morphs),
            code,
            array(code, starts).tobytes(),
            array(code, lengths).tobytes(),
        )
    )
    return (_PACKED if text is None else _BESIDE) + zlib.compress(raw, 6)


def decode_morphemes(value: bytes, text: str | None = None) -> list[Morpheme] | None:
    """The morphemes of a cache entry, in any of its formats; None for an entry stored beside
    its text when ``text`` is not given."""
    if not value.startswith((_PACKED, _BESIDE)):
        return [Morpheme(*m) for m in marshal.loads(zlib.decompress(value))]
    beside = value.startswith(_BESIDE)
    if beside and text is None:
        return None
    forms, tags, code, starts, lengths = marshal.loads(zlib.decompress(value[1:]))
    if not tags:
        return []
    out, start = [], 0
    for form, tag, delta, length in zip(
        forms.split("\x1f"),
        tags.split(" "),
        array(code, starts),
        array(code, lengths),
        strict=True,
    ):
        start += delta
        if beside and not form:
            assert text is not None
            form = text[start : start + length]
        out.append(Morpheme(form, tag, start, start + length))
    return out


class AnalysisCache:
    """Morphemes of previously analyzed texts, keyed by a hash of text and analyzer settings.

    The cache is disposable: it only saves time. Any SQLite error (a full disk, a damaged
    file, a journal left by a killed writer) drops it: the files are deleted and recreated, or
    the write goes on without a cache, so a broken cache never stops a build or an update."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        """``read_only``: only look entries up (a parallel build's workers read the index's
        cache while the parent owns it); such a cache never writes, recreates or deletes."""
        self.path = path
        self._pending: list[tuple[str, bytes]] = []
        self._db: sqlite3.Connection | None = None
        self._broken = False
        self._read_only = read_only
        if read_only:
            try:
                self._db = sqlite3.connect(
                    f"file:{path}?mode=ro", uri=True, check_same_thread=False
                )
            except sqlite3.Error as exc:
                log.info("%s: analysis cache not readable (%s)", path, exc)
            return
        try:
            self._db = self._connect()
        except sqlite3.Error as exc:
            log.warning("%s: analysis cache unusable (%s); recreating it", path, exc)
            self._delete_files()
            try:
                self._db = self._connect()
            except sqlite3.Error as again:
                self._drop(again)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS morphs (key TEXT PRIMARY KEY, value BLOB)")
            db.execute("SELECT 1 FROM morphs LIMIT 1").fetchall()
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _delete_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink()

    def _drop(self, exc: BaseException) -> None:
        """Stop using the cache for this write; its files are deleted on close."""
        if not self._broken:
            log.warning("%s: analysis cache dropped (%s); going on without it", self.path, exc)
        self._broken = True
        self._pending = []
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def get_many(
        self, keys: list[str], texts: dict[str, str] | None = None
    ) -> dict[str, list[Morpheme]]:
        """The cached analyses of ``keys``; ``texts`` (key → the text it hashes) decodes the
        entries stored beside their text (an entry that needs its text and lacks it is a
        miss)."""
        found: dict[str, list[Morpheme]] = {}
        try:
            for i in range(0, len(keys), 500):
                if self._db is None:
                    break
                chunk = keys[i : i + 500]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT key, value FROM morphs WHERE key IN ({marks})"
                for key, value in self._db.execute(sql, chunk):
                    morphs = decode_morphemes(value, (texts or {}).get(key))
                    if morphs is not None:
                        found[key] = morphs
        except (sqlite3.Error, ValueError, EOFError, TypeError, zlib.error) as exc:
            self._drop(exc)
            return {}
        return found

    def put(self, key: str, morphs: list[Morpheme], text: str | None = None) -> None:
        if self._db is None or self._read_only:
            return
        self._pending.append((key, encode_morphemes(morphs, text)))
        if len(self._pending) >= 1000:
            self.flush()

    def retain(self, keys: set[str]) -> None:
        """Delete every entry whose key is not in ``keys``."""
        self.flush()
        if self._db is None:
            return
        try:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM keep")
            self._db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in keys))
            self._db.execute("DELETE FROM morphs WHERE key NOT IN (SELECT key FROM keep)")
        except sqlite3.Error as exc:
            self._drop(exc)

    def flush(self) -> None:
        if self._pending and self._db is not None:
            try:
                self._db.executemany("INSERT OR REPLACE INTO morphs VALUES (?, ?)", self._pending)
            except sqlite3.Error as exc:
                self._drop(exc)
            self._pending = []

    def absorb(self, other: Path) -> None:
        """Copy every entry of the cache file ``other`` (a parallel build's worker wrote its
        fresh analyses there) into this one."""
        self.flush()
        if self._db is None or self._read_only or not other.exists():
            return
        try:
            self._db.execute("ATTACH DATABASE ? AS part", (str(other),))
            try:
                self._db.execute("INSERT OR REPLACE INTO morphs SELECT key, value FROM part.morphs")
            finally:
                self._db.execute("DETACH DATABASE part")
        except sqlite3.Error as exc:
            log.warning("%s: analyses of %s not kept (%s)", self.path, other, exc)

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        if self._broken and not self._read_only:
            self._delete_files()
