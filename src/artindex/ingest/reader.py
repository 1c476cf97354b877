"""Reading a source file's bytes (once: :func:`read_source` is the only reader; its halves
:func:`fetch_source` and :func:`decode_source` let a Dask build read on the client and decode
on a worker) and decoding them to text, whatever the encoding."""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import IngestError
from ..models import Problem
from ..text.clean import clean_text
from ..text.hangul import SYLLABLE_RE

__all__ = [
    "FileStamp",
    "SourceBytes",
    "SourceFile",
    "decode_bytes",
    "decode_report",
    "decode_source",
    "fetch_source",
    "file_digest",
    "read_decoded",
    "read_source",
    "read_text",
]

log = logging.getLogger(__name__)

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_KOREAN_CODECS = {"euc_kr", "cp949", "johab", "iso2022_kr", "uhc", "ks_c_5601_1987"}
_BINARY = "binary or undecodable bytes"
_HANGUL = SYLLABLE_RE  # syllables, the mark of a right Korean decoding


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n} bytes"


# Characters that are surely not control, private-use, surrogate or unassigned: printable
# ASCII, the usual whitespace, Hangul syllables and jamo, CJK ideographs, Latin letters.
_PLAIN = re.compile(
    r"[\t\n\r\f\x20-\x7e\u00a0-\u024f\u1100-\u11ff\u2000-\u206f\u3000-\u318e"
    r"\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef]+"
)


def _looks_like_text(text: str) -> bool:
    """False when the decoded text is mostly control, private-use or unassigned characters."""
    if not text:
        return False
    rest = _PLAIN.sub("", text)  # only the other characters need their category looked up
    odd = sum(
        1
        for char in rest
        if unicodedata.category(char) in ("Cc", "Co", "Cn", "Cs") and char not in "\n\r\t\f"
    )
    return odd <= max(2, len(text) // 50)


def _korean_legacy(data: bytes) -> tuple[str, int] | None:
    """The CP949 reading of bytes that are clearly Korean legacy text (EUC-KR ⊂ CP949), and
    the number of bytes of a cut last character."""
    try:
        text, cut = _decode_cut(data, "cp949")
    except UnicodeDecodeError:
        return None
    non_ascii = [char for char in text if ord(char) > 127]
    if not non_ascii:
        return None
    hangul = sum(1 for char in non_ascii if _HANGUL.match(char))
    return (text, cut) if hangul >= 0.8 * len(non_ascii) else None


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""")


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML page declares in its first 4 KB, as a Python codec name."""
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _CHARSET.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return "cp949" if name.replace("-", "_") in _KOREAN_CODECS else name


def _decode_cut(data: bytes, codec: str) -> tuple[str, int]:
    """Strict decoding that forgives only a character cut at the very end of the data.

    Returns the text and how many trailing bytes were dropped (0 when none).
    Raises UnicodeDecodeError for any other undecodable byte.
    """
    try:
        return data.decode(codec), 0
    except UnicodeDecodeError as exc:
        # a cut character runs to the end: at most 3 bytes of UTF-8, 1 of CP949/UTF-16
        if exc.end < len(data) or len(data) - exc.start > 3:
            raise
        return data[: exc.start].decode(codec), len(data) - exc.start


def _decode_utf16_unmarked(data: bytes, path: str) -> tuple[str, int]:
    """UTF-16 without a byte-order mark: zero bytes (the high bytes of spaces, digits and
    Latin letters) in one of the two byte positions only. Anything else holding zero bytes is
    binary."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = max(1, len(data) // 2)
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= 0.1 * half and other * 4 <= zeros:
            try:
                return _decode_cut(data, codec)
            except UnicodeDecodeError:
                break
    raise IngestError(path, _BINARY)


def decode_bytes(data: bytes, path: str = "<bytes>") -> str:
    """Bytes to text (see :func:`decode_report`); a warning is logged for a cut last character."""
    text, warnings = decode_report(data, path)
    for warning in warnings:
        log.warning("%s: %s", path, warning)
    return text


def decode_report(data: bytes, path: str = "<bytes>") -> tuple[str, tuple[str, ...]]:
    """Bytes to text and the warnings met: byte-order mark, then strict UTF-8, then the
    charset an HTML page declares, then CP949 for Korean legacy text, then
    charset-normalizer's best guess. A last character cut short (a file truncated mid-byte
    sequence) is dropped with a warning. Raises IngestError for binary data."""
    text, cut = _decode_known(data, path)
    if not _looks_like_text(text):
        raise IngestError(path, _BINARY)
    if not cut:
        return text, ()
    plural = "s" if cut > 1 else ""
    return text, (f"the last character is cut short ({cut} trailing byte{plural} dropped)",)


def _decode_known(data: bytes, path: str) -> tuple[str, int]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:  # the UTF-16/32 codecs read their mark; UTF-8's is skipped here
                return _decode_cut(data[3:] if codec == "utf-8" else data, codec)
            except UnicodeDecodeError as exc:
                raise IngestError(path, _BINARY) from exc
    if b"\x00" in data:
        return _decode_utf16_unmarked(data, path)
    for name in ("utf-8", _declared_charset(data)):
        if name is None:
            continue
        try:
            return _decode_cut(data, name)
        except (UnicodeDecodeError, LookupError):
            continue
    legacy = _korean_legacy(data)
    if legacy is not None:
        return legacy
    return _guess(data, path), 0


def _guess(data: bytes, path: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(path, _BINARY)
    encoding = str(best.encoding).lower()
    if encoding in _KOREAN_CODECS:
        encoding = "cp949"
    log.debug("%s: decoded as %s", path, encoding)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return str(best)


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What an index records of a source file to tell later whether it changed. ``sha256``
    is empty for a file that was not read (over the size limit, or of an unsupported type)."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file after its single read: its decoded text (newlines normalized, nothing
    cleaned) and the problems met. ``text`` is empty when the file could not be read or
    decoded, and ``problems`` then says why; otherwise they are decoding warnings.
    ``stamp`` is None when the file could not be examined or is not a regular file."""

    path: Path
    stamp: FileStamp | None
    text: str = ""
    problems: tuple[Problem, ...] = ()


def _not_regular(mode: int) -> str | None:
    """Why a file that is not a regular file is not read (reading a FIFO or a device could
    block forever or never end), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"not a regular file ({kind}); skipped"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a file"
    return f"cannot read ({exc.strerror or exc})"


@dataclass(frozen=True, slots=True)
class SourceBytes:
    """A source file's bytes as read, not yet decoded, with what ``stat`` said of it: what a
    Dask build's client sends a worker that cannot open the file (:func:`decode_source`
    finishes it there exactly as :func:`read_source` would have here)."""

    path: Path
    size: int
    mtime_ns: int
    data: bytes


def fetch_source(
    path: Path, *, max_bytes: int, refuse: str = "", opened: Path | None = None
) -> SourceFile | SourceBytes:
    """The first half of :func:`read_source`: examine and read the file, not decode it. A
    file that is not read (missing, not regular, empty, over ``max_bytes``, ``refuse``d) is
    already a SourceFile with its problem. ``opened``: where to find the file when not at
    ``path`` (a worker whose working folder is not the client's); it is still named ``path``."""
    name = str(path)
    where = opened or path
    try:
        info = where.stat()
    except OSError as exc:
        return SourceFile(path, None, problems=(Problem(name, _os_reason(exc)),))
    why = _not_regular(info.st_mode)
    if why is not None:
        return SourceFile(path, None, problems=(Problem(name, why),))
    size = info.st_size
    if refuse or size == 0 or size > max_bytes:
        stamp = FileStamp(size, info.st_mtime_ns, EMPTY_SHA256 if size == 0 else "")
        limit = f"file is {_size(size)}, over the limit of {_size(max_bytes)}"
        reason = refuse or ("empty file" if size == 0 else limit)
        return SourceFile(path, stamp, problems=(Problem(name, reason),))
    try:
        data = where.read_bytes()
    except OSError as exc:
        return SourceFile(path, None, problems=(Problem(name, _os_reason(exc)),))
    return SourceBytes(path, size, info.st_mtime_ns, data)


def decode_source(raw: SourceBytes) -> SourceFile:
    """The second half of :func:`read_source`: digest and decode bytes already read. Never
    raises: undecodable bytes are a Problem naming the file."""
    name = str(raw.path)
    stamp = FileStamp(raw.size, raw.mtime_ns, hashlib.sha256(raw.data).hexdigest())
    try:
        text, found = decode_report(raw.data, name)
    except IngestError as exc:
        return SourceFile(raw.path, stamp, problems=(Problem(exc.path or name, exc.reason),))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problem = Problem(name, "empty file (only whitespace)")
        return SourceFile(raw.path, stamp, problems=(problem,))
    return SourceFile(raw.path, stamp, text, tuple(Problem(name, w, warning=True) for w in found))


def read_source(path: Path, *, max_bytes: int, refuse: str = "") -> SourceFile:
    """Read one input file: the only place artindex reads a source file's bytes, once.

    The size is checked before anything is read, so an oversized file is never loaded; a
    FIFO, socket or device is never opened; ``refuse`` (e.g. an unsupported file type) stops
    after the size check. Never raises: what goes wrong is a Problem naming the file."""
    got = fetch_source(path, max_bytes=max_bytes, refuse=refuse)
    return got if isinstance(got, SourceFile) else decode_source(got)


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes, read in blocks (to tell a touched file from a changed
    one without loading it)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_decoded(path: Path, *, max_bytes: int, warnings: list[str] | None = None) -> str:
    """A file's text, decoded but not cleaned (line numbers and indentation kept), through
    :func:`read_source`. Raises IngestError when it cannot be read or decoded. Decoding
    warnings (a cut last character) go to ``warnings`` when given, else to the log."""
    source = read_source(path, max_bytes=max_bytes)
    if not source.text:
        first = source.problems[0]
        raise IngestError(first.path, first.reason)
    for problem in source.problems:
        if warnings is None:
            log.warning("%s", problem)
        else:
            warnings.append(problem.reason)
    return source.text


def read_text(path: Path, *, max_bytes: int) -> str:
    """A file's text, decoded and cleaned (see :func:`artindex.text.clean.clean_text`)."""
    text = clean_text(read_decoded(path, max_bytes=max_bytes))
    if not text:
        raise IngestError(str(path), "empty file (only invisible characters)")
    return text
