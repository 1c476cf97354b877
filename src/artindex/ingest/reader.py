"""Reading a file's bytes and decoding them to clean text, whatever the encoding."""

from __future__ import annotations

import codecs
import logging
import re
import stat
import unicodedata
from pathlib import Path

from ..errors import IngestError
from ..normalize import clean_text

__all__ = ["decode_bytes", "read_decoded", "read_text"]

log = logging.getLogger(__name__)

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_KOREAN_CODECS = {"euc_kr", "cp949", "johab", "iso2022_kr", "uhc", "ks_c_5601_1987"}
_BINARY = "binary or undecodable bytes"
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n} bytes"


def _looks_like_text(text: str) -> bool:
    """False when the decoded text is mostly control, private-use or unassigned characters."""
    if not text:
        return False
    odd = sum(
        1
        for char in text
        if unicodedata.category(char) in ("Cc", "Co", "Cn", "Cs") and char not in "\n\r\t\f"
    )
    return odd <= max(2, len(text) // 50)


def _korean_legacy(data: bytes) -> str | None:
    """The CP949 reading of bytes that are clearly Korean legacy text (EUC-KR ⊂ CP949)."""
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    non_ascii = [char for char in text if ord(char) > 127]
    if not non_ascii:
        return None
    hangul = sum(1 for char in non_ascii if _HANGUL.match(char))
    return text if hangul >= 0.8 * len(non_ascii) else None


def decode_bytes(data: bytes, path: str = "<bytes>") -> str:
    """Bytes to text: byte-order mark, then strict UTF-8, then CP949 for Korean legacy pages,
    then charset-normalizer's best guess. Raises IngestError for binary data."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise IngestError(path, _BINARY) from exc
            if not _looks_like_text(text):
                raise IngestError(path, _BINARY)
            return text
    if b"\x00" in data:
        raise IngestError(path, _BINARY)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _korean_legacy(data) or _guess(data, path)
    if not _looks_like_text(text):
        raise IngestError(path, _BINARY)
    return text


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


def read_decoded(path: Path, *, max_bytes: int) -> str:
    """A file's text, decoded but not cleaned (line numbers and indentation kept).

    The size is checked before anything is read, so an oversized file is never loaded.
    """
    name = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            raise IngestError(name, "not a regular file (a FIFO, socket or device); skipped")
        size = info.st_size
        if size == 0:
            raise IngestError(name, "empty file")
        if size > max_bytes:
            raise IngestError(name, f"file is {_size(size)}, over the limit of {_size(max_bytes)}")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError(name, "no such file or directory") from exc
    except IsADirectoryError as exc:
        raise IngestError(name, "is a directory, not a file") from exc
    except OSError as exc:
        raise IngestError(name, f"cannot read ({exc.strerror or exc})") from exc
    text = decode_bytes(data, name).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(name, "empty file (only whitespace)")
    return text


def read_text(path: Path, *, max_bytes: int) -> str:
    """A file's text, decoded and cleaned (see :func:`artindex.normalize.clean_text`)."""
    text = clean_text(read_decoded(path, max_bytes=max_bytes))
    if not text:
        raise IngestError(str(path), "empty file (only invisible characters)")
    return text
