"""Search results as a table for a spreadsheet, as BigKinds' download gives them: one row per
hit with its fields, in CSV (UTF-8 with a byte-order mark, so Excel reads Korean right), JSON
Lines, or an Excel workbook (``xlsx``, through openpyxl: the optional extra ``artindex[xlsx]``).

Writers take an iterable of hits and write as they go, so ``Index.scan`` can stream every
match of a large archive without holding them all.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..errors import ArtindexError
from ..models import Hit
from ..text.markup import inline

FORMATS = ("csv", "jsonl", "xlsx")
BOM = "\ufeff"
COLUMNS = (
    "rank", "id", "title", "subtitle", "byline", "date", "source", "tags", "url", "score",
    "snippet", "duplicates", "lang", "path",
)  # fmt: skip


class ExportError(ArtindexError):
    """A table cannot be written (an unknown format, or xlsx without openpyxl)."""


def columns() -> tuple[str, ...]:
    """The columns written: ``subtitle`` only when hits carry one."""
    names = {f.name for f in dataclasses.fields(Hit)}
    return tuple(c for c in COLUMNS if c != "subtitle" or "subtitle" in names)


def row(rank: int, hit: Hit) -> dict[str, Any]:
    """One hit as a flat record: lists joined (tags by ``, ``, duplicates by spaces), the
    snippet without Markdown marks, the date in ISO 8601."""
    data = hit.to_dict()
    record: dict[str, Any] = {
        "rank": rank,
        "id": hit.id,
        "title": hit.title,
        "subtitle": str(getattr(hit, "subtitle", "") or ""),
        "byline": hit.byline,
        "date": data["date"] or "",
        "source": hit.source,
        "tags": ", ".join(hit.tags),
        "url": hit.url,
        "score": data["score"],
        "snippet": inline(hit.snippet),
        "duplicates": " ".join(hit.duplicates),
        "lang": hit.lang,
        "path": hit.path,
    }
    return {name: record[name] for name in columns()}


def rows(hits: Iterable[Hit], start: int = 1) -> Iterator[dict[str, Any]]:
    for rank, hit in enumerate(hits, start):
        yield row(rank, hit)


def write_csv(hits: Iterable[Hit], out: IO[str], start: int = 1) -> int:
    """Hits as CSV with a header and a BOM; returns the number of rows."""
    out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=columns(), lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for record in rows(hits, start):
        writer.writerow({k: _cell(v) for k, v in record.items()})
        n += 1
    return n


def write_jsonl(hits: Iterable[Hit], out: IO[str], start: int = 1) -> int:
    """Hits as JSON Lines: one object per hit, the same keys as the CSV columns."""
    n = 0
    for record in rows(hits, start):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_xlsx(hits: Iterable[Hit], out: IO[bytes], start: int = 1) -> int:
    """Hits as an Excel workbook (one sheet, a header row, written row by row)."""
    try:
        from openpyxl import Workbook  # type: ignore[import-untyped]  # ships no stubs
    except ImportError:
        raise ExportError(
            "xlsx needs openpyxl; install it with: pip install 'artindex[xlsx]'"
        ) from None
    book = Workbook(write_only=True)
    sheet = book.create_sheet("results")
    names = columns()
    sheet.append(list(names))
    n = 0
    for record in rows(hits, start):
        sheet.append([_cell(record[c]) for c in names])
        n += 1
    book.save(out)
    return n


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: text that Excel would run as a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write(hits: Iterable[Hit], fmt: str, out: IO[bytes], start: int = 1) -> int:
    """Hits in ``fmt`` (csv, jsonl, xlsx) to the binary stream ``out``; returns the rows."""
    if fmt == "xlsx":
        return write_xlsx(hits, out, start)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        return (write_csv if fmt == "csv" else write_jsonl)(hits, text, start)
    finally:
        text.flush()
        text.detach()


def to_bytes(hits: Iterable[Hit], fmt: str, start: int = 1) -> bytes:
    buffer = io.BytesIO()
    write(hits, fmt, buffer, start)
    return buffer.getvalue()
