"""The benchmark corpus: generate it, shard it, change 1% of it, derive queries from it."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

SHARDS = 100
CHANGED_SHARD = 50  # the shard whose articles the "1% update" step edits
APPENDED = " 벤치마크 갱신으로 덧붙인 문장입니다. An appended benchmark sentence."

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_STRIP = "\"'“”‘’()[]{}<>.,;:!?·…「」『』《》〈〉-–—/"
_EN_STOP = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "from",
        "at",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "than",
        "then",
        "there",
        "their",
        "they",
        "them",
        "not",
        "no",
        "but",
        "if",
        "into",
        "also",
        "can",
        "may",
        "has",
        "have",
        "had",
        "such",
        "some",
        "other",
        "more",
        "most",
        "very",
    }
)


def generate(tool: Path, n: int, out: Path) -> Path:
    """Run the shared deterministic generator once; reuse its output when already there."""
    if out.exists() and _count_lines(out) == n:
        return out
    tmp = out.with_suffix(".tmp")
    subprocess.run([sys.executable, str(tool), str(n), str(tmp)], check=True)
    tmp.replace(out)
    return out


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def read_records(jsonl: Path) -> list[dict[str, Any]]:
    with jsonl.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def shard(records: list[dict[str, Any]], corpus_dir: Path, shards: int = SHARDS) -> int:
    """Write contiguous runs of records to ``shard-000.jsonl`` … (fresh directory each time)."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for old in corpus_dir.glob("shard-*.jsonl"):
        old.unlink()
    count = min(shards, len(records))
    for s in range(count):
        lo, hi = s * len(records) // count, (s + 1) * len(records) // count
        _write_jsonl(corpus_dir / f"shard-{s:03d}.jsonl", records[lo:hi])
    return count


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def change_one_percent(corpus_dir: Path) -> tuple[str, int]:
    """Append a sentence to the body of every article of one shard out of 100 (1% of them)."""
    shards = sorted(corpus_dir.glob("shard-*.jsonl"))
    path = shards[min(CHANGED_SHARD, len(shards) - 1)]
    records = read_records(path)
    for rec in records:
        rec["body"] = rec.get("body", "") + APPENDED
    _write_jsonl(path, records)
    return path.name, len(records)


def is_korean(text: str) -> bool:
    return bool(_HANGUL.search(text))


def _words(text: str, korean: bool) -> list[str]:
    words = []
    for raw in text.split():
        word = raw.strip(_STRIP)
        if korean and (len(word) < 2 or not is_korean(word)):
            continue
        if not korean and (len(word) < 3 or word.lower() in _EN_STOP or not word.isalpha()):
            continue
        words.append(word)
    return words


def derive_queries(records: list[dict[str, Any]], count: int, seed: int = 20261128) -> list[str]:
    """Deterministic queries a reader might type, every one taken from a real article.

    ~30% come from English articles. Kinds: 2-3 words from a title (40%), 2-4 words from a
    window of a body (40%), a quoted phrase of 2-3 consecutive body words (20%). Words are
    kept as they appear (Korean particles included), so both engines can match the source.
    """
    rnd = random.Random(seed)
    korean = [r for r in records if is_korean(r.get("body", ""))]
    english = [r for r in records if not is_korean(r.get("body", ""))] or korean
    queries: list[str] = []
    while len(queries) < count:
        pool = english if rnd.random() < 0.3 else korean
        rec = rnd.choice(pool)
        query = _one_query(rec, rnd)
        if query and query not in queries:
            queries.append(query)
    return queries


def _one_query(rec: dict[str, Any], rnd: random.Random) -> str:
    korean = is_korean(rec.get("body", ""))
    kind = rnd.random()
    if kind < 0.4:
        words = list(dict.fromkeys(_words(rec.get("title", ""), korean)))
        k = min(len(words), rnd.randint(2, 3))
        return " ".join(rnd.sample(words, k)) if k >= 2 else ""
    words = _words(rec.get("body", ""), korean)
    if len(words) < 12:
        return ""
    start = rnd.randrange(len(words) - 10)
    if kind < 0.8:
        window = list(dict.fromkeys(words[start : start + 10]))
        return " ".join(rnd.sample(window, min(len(window), rnd.randint(2, 4))))
    return _phrase(rec.get("body", ""), korean, rnd)


def _phrase(body: str, korean: bool, rnd: random.Random) -> str:
    """2-3 adjacent words of the body, all of them content words, in quotes."""
    raw = body.split()
    size = rnd.randint(2, 3)
    for _ in range(30):
        start = rnd.randrange(max(1, len(raw) - size))
        chunk = raw[start : start + size]
        words = _words(" ".join(chunk), korean)
        if len(words) == size == len(chunk) and not any(w[-1] in ".!?" for w in chunk[:-1]):
            return '"' + " ".join(words) + '"'
    return ""
