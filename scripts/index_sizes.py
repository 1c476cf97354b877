#!/usr/bin/env python
"""Where an artindex index's bytes go: postings per field, term tables, stored fields, field
lengths and other columns, the word table and the analysis cache, as a Markdown table.

    python scripts/index_sizes.py INDEX [--text-bytes N] [--json]

``--text-bytes``: the UTF-8 bytes of the indexed titles and bodies, to print each part as a
multiple of the text (the bench passes it). Reads Whoosh's segment files directly (compound
``.seg`` files are opened through their directory), so it needs no artindex API.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any


def _segment_parts(gen: Path) -> Counter[str]:
    """Bytes per part of every segment of one generation."""
    from whoosh import index as whoosh_index

    parts: Counter[str] = Counter()
    ix = whoosh_index.open_dir(str(gen), indexname="MAIN")
    seen_files: set[str] = set()
    counted: set[str] = set()
    postings: Counter[str] = Counter()
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            storage = leaf._storage  # the segment's own storage: compound or the folder
            names = storage.list()
            seen_files.update(names)
            for name in names:
                if name.endswith(".seg") or name in counted:
                    continue  # a compound file's parts are listed beside it; a folder's files
                counted.add(name)  # are listed by each of its segments' storages
                parts[_part(name)] += storage.file_length(name)
            postings.update(_postings_by_field(leaf))
    if sum(postings.values()) and "postings (.pst)" in parts:
        del parts["postings (.pst)"]  # the same bytes, by field
        for fieldname, size in postings.items():
            parts[f"postings: {fieldname}"] += size
    for path in gen.iterdir():
        if path.is_file() and path.suffix == ".seg":
            continue
        if path.is_file() and path.name not in seen_files:
            parts[_file_part(path.name)] += path.stat().st_size
    return parts


def _postings_by_field(leaf: Any) -> Counter[str]:
    """Posting bytes per field, from each term's extent in the postings file."""
    out: Counter[str] = Counter()
    terms = leaf._terms
    fieldmap = terms._fieldmap  # name -> number
    names = {num: name for name, num in fieldmap.items()}
    from whoosh.codec.whoosh3 import W3TermInfo

    for keybytes, infobytes in terms._tindex.items():
        fieldnum = int.from_bytes(keybytes[:2], "big")
        info = W3TermInfo.from_bytes(infobytes)
        if info.is_inlined():
            continue
        length = info.extent()[1]  # whoosh-reloaded 2.7.5 reads it back as a 1-tuple
        out[names.get(fieldnum, str(fieldnum))] += (
            length[0] if isinstance(length, tuple) else length
        )
    return out


def _part(name: str) -> str:
    if name.endswith(".pst"):
        return "postings (.pst)"
    if name.endswith(".trm"):
        return "term table (.trm)"
    if name.endswith(".col"):
        field = name.split(".")[-2]
        if field == "_stored":
            return "stored fields (zlib per document)"
        if field.startswith("_") and field.endswith("_len"):
            return "field lengths"
        return f"column: {field}"
    return _file_part(name)


def _file_part(name: str) -> str:
    if name == "words.sqlite":
        return "word table"
    if name == "spell.sqlite":
        return "correction vocabulary"
    if name.endswith((".toc", ".json")) or "WRITELOCK" in name:
        return "manifest, toc, file lists"
    return f"other: {name}"


def breakdown(index: Path) -> dict[str, int]:
    """Bytes per part of the index folder (the newest generation and the shared files)."""
    gens = sorted(index.glob("gen-*"))
    parts: Counter[str] = Counter()
    if gens:
        parts.update(_segment_parts(gens[-1]))
    for path in index.iterdir():
        if path.is_file():
            name = "analysis cache" if path.name.startswith("cache.sqlite") else path.name
            parts[name] += path.stat().st_size
    return dict(sorted(parts.items(), key=lambda kv: -kv[1]))


def table(parts: dict[str, int], text_bytes: int | None) -> str:
    total = sum(parts.values())
    rows = ["| part | MB | share | × text |", "| --- | --- | --- | --- |"]
    for name, size in [*parts.items(), ("**total**", total)]:
        times = f"{size / text_bytes:.2f}" if text_bytes else "–"
        rows.append(f"| {name} | {size / 1e6:.2f} | {size / total:.1%} | {times} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("index", type=Path)
    p.add_argument("--text-bytes", type=int)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    parts = breakdown(args.index)
    if args.json:
        print(json.dumps(parts))
    else:
        print(table(parts, args.text_bytes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
