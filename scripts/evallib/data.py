"""Loaders for the evaluation collections in ``../shared/data`` (read in place, never copied).

Each loader returns a :class:`Collection`: documents with separate title and text, queries in file
order, and binary judgments. Query ids are the ids the judgments use.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# ../shared/data beside the repository (as CI and every developer have it), unless overridden.
DATA_ROOT = Path(
    os.environ.get("ARTINDEX_EVAL_DATA", Path(__file__).resolve().parents[3] / "shared" / "data")
)


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Query:
    id: str
    text: str


@dataclass(slots=True)
class Collection:
    """A test collection: ``qrels`` maps a query id to its set of relevant document ids.

    ``queries`` holds only judged queries (at least one relevant document), in file order.
    """

    name: str
    lang: str
    docs: list[Doc]
    queries: list[Query]
    qrels: dict[str, set[str]]
    notes: list[str] = field(default_factory=list)


def load_korquad(root: Path = DATA_ROOT) -> Collection:
    """KorQuAD 1.0 dev as paragraph retrieval: doc ``<article>-<paragraph>``, title = article
    title; a question's relevant docs are every paragraph with its exact context (3 contexts
    occur twice)."""
    raw = json.loads((root / "korquad-v1-dev" / "KorQuAD_v1.0_dev.json").read_text("utf-8"))
    docs: list[Doc] = []
    by_context: dict[str, set[str]] = defaultdict(set)
    asked: list[tuple[str, str, str]] = []  # (question id, question, context)
    for a, article in enumerate(raw["data"]):
        for p, paragraph in enumerate(article["paragraphs"]):
            doc_id = f"{a}-{p}"
            context = paragraph["context"]
            docs.append(Doc(doc_id, article["title"], context))
            by_context[context].add(doc_id)
            for qa in paragraph["qas"]:
                asked.append((qa["id"], qa["question"], context))
    queries = [Query(qid, text) for qid, text, _ in asked]
    qrels = {qid: set(by_context[context]) for qid, _, context in asked}
    return Collection("korquad", "ko", docs, queries, qrels)


def _smart_records(text: str) -> list[dict[str, str]]:
    """Split a SMART tagged file into records: ``{"I": id, "T": ..., "W": ...}``.

    Repeated fields (several ``.A`` lines) are joined with newlines."""
    records: list[dict[str, str]] = []
    current: dict[str, list[str]] = {}
    tag = ""
    for line in text.splitlines():
        m = re.match(r"^\.([A-Z])(?:\s+(.*))?$", line)
        if m:
            tag = m.group(1)
            if tag == "I":
                if current:
                    records.append({k: "\n".join(v).strip() for k, v in current.items()})
                current = {"I": [(m.group(2) or "").strip()]}
                tag = ""
            else:
                current.setdefault(tag, [])
                if m.group(2) and m.group(2).strip():
                    current[tag].append(m.group(2))
            continue
        if tag:
            current[tag].append(line)
    if current:
        records.append({k: "\n".join(v).strip() for k, v in current.items()})
    return records


def _judged(queries: list[Query], qrels: dict[str, set[str]]) -> list[Query]:
    return [q for q in queries if qrels.get(q.id)]


def load_cranfield(root: Path = DATA_ROOT) -> Collection:
    """Cranfield 1400. The judgments number queries 1..225 by *position* in ``cran.qry`` (not by
    the ``.I`` labels); codes 1-4 are relevant (binary), -1 is not."""
    folder = root / "cranfield"
    docs = [
        Doc(r["I"], " ".join(r.get("T", "").split()), r.get("W", ""))
        for r in _smart_records((folder / "cran.all.1400").read_text("ascii"))
    ]
    records = _smart_records((folder / "cran.qry").read_text("ascii"))
    queries = [Query(str(n), " ".join(r.get("W", "").split())) for n, r in enumerate(records, 1)]
    qrels: dict[str, set[str]] = defaultdict(set)
    for line in (folder / "cranqrel").read_text("ascii").splitlines():
        parts = line.split()
        if len(parts) >= 3 and 1 <= int(parts[2]) <= 4:
            qrels[parts[0]].add(parts[1])
    judged = _judged(queries, qrels)
    notes = [f"{len(judged)} of {len(queries)} queries have a judged relevant document"]
    return Collection("cranfield", "en", docs, judged, dict(qrels), notes)


def load_cisi(root: Path = DATA_ROOT) -> Collection:
    """CISI: title and abstract (``.X`` citations ignored); query text = ``.T`` + ``.W``;
    only the 76 judged queries are evaluated."""
    folder = root / "cisi"
    docs = [
        Doc(r["I"], " ".join(r.get("T", "").split()), r.get("W", ""))
        for r in _smart_records((folder / "CISI.ALL").read_text("latin-1"))
    ]
    queries = [
        Query(r["I"], " ".join((r.get("T", "") + "\n" + r.get("W", "")).split()))
        for r in _smart_records((folder / "CISI.QRY").read_text("latin-1"))
    ]
    qrels: dict[str, set[str]] = defaultdict(set)
    for line in (folder / "CISI.REL").read_text("latin-1").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            qrels[parts[0]].add(parts[1])
    judged = _judged(queries, qrels)
    notes = [f"{len(judged)} of {len(queries)} queries have judgments"]
    return Collection("cisi", "en", docs, judged, dict(qrels), notes)


LOADERS = {"korquad": load_korquad, "cranfield": load_cranfield, "cisi": load_cisi}


def split_halves(queries: list[Query]) -> tuple[list[Query], list[Query]]:
    """Deterministic dev/test split: even positions (0, 2, ...) are dev, odd are test."""
    return queries[0::2], queries[1::2]
