"""The OpenSearch export's Nori analysis against artindex's Kiwi analysis, on KorQuAD 1.0 dev.

Runs the analyzers written into an exported ``index.json`` through Lucene's own Nori (Debian's
liblucene8-java, via tools/nori-harness) and prints two Markdown tables:

1. token agreement per Nori ``decompound_mode``: how many of artindex's index tokens Nori also
   makes for each paragraph (a multiset intersection), as precision, recall and F1 of Nori
   against Kiwi, and the share of tokens with the same text *and* character span;
2. KorQuAD paragraph retrieval MRR@10 / R@10 of BM25 over Nori tokens (the exported request's
   ``cross_fields`` scoring emulated: per word, the best of title and body with artindex's
   boosts, one blended idf), beside BM25 over Kiwi morphemes and artindex itself, in one run.

    .venv/bin/python scripts/eval_nori.py [--quick] [--no-artindex]
"""

from __future__ import annotations

import argparse
import copy
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evallib import artindex_run, nori
from evallib.baselines import Run, bm25_run
from evallib.bm25 import BM25
from evallib.data import Collection, load_korquad
from evallib.metrics import mean_metric

MODES = ("discard", "mixed", "none")
LIMIT = 100


def with_mode(index_json: dict[str, Any], mode: str) -> dict[str, Any]:
    changed = copy.deepcopy(index_json)
    changed["settings"]["analysis"]["tokenizer"]["artindex_nori"]["decompound_mode"] = mode
    return changed


def kiwi_tokens(texts: Sequence[str]) -> list[list[tuple[str, int, int]]]:
    """artindex's index tokens (the ``morph`` stream): text and character span."""
    from artindex.analysis.morphology import analyze_morphemes, morphemes_many

    out = []
    for text, morphs in zip(texts, morphemes_many(texts, num_workers=2), strict=True):
        out.append([(t, s, e) for t, _, s, e in analyze_morphemes(text, morphs).morph])
    return out


def agreement(
    kiwi: Sequence[Sequence[tuple[str, int, int]]], nori_tokens: Sequence[Sequence[nori.NoriToken]]
) -> dict[str, float]:
    """Micro-averaged agreement of Nori's tokens with Kiwi's over all texts."""
    same = same_span = n_kiwi = n_nori = 0
    for k, n in zip(kiwi, nori_tokens, strict=True):
        same += sum((Counter(t for t, _, _ in k) & Counter(t.text for t in n)).values())
        same_span += sum((Counter(k) & Counter((t.text, t.start, t.end) for t in n)).values())
        n_kiwi += len(k)
        n_nori += len(n)
    precision, recall = same / max(n_nori, 1), same / max(n_kiwi, 1)
    return {
        "kiwi tokens": n_kiwi,
        "nori tokens": n_nori,
        "precision": precision,
        "recall": recall,
        "F1": 2 * same / max(n_kiwi + n_nori, 1),
        "same span": 2 * same_span / max(n_kiwi + n_nori, 1),
    }


def cross_fields_run(
    coll: Collection,
    fields: Sequence[tuple[Sequence[Sequence[str]], float]],
    queries: Sequence[Sequence[str]],
    k1: float,
    b: float,
) -> Run:
    """BM25 as OpenSearch's ``cross_fields`` multi_match scores it: for each query word, the
    best boosted field score, every field weighed by the word's largest document frequency."""
    engines = [(BM25(docs, k1=k1, b=b), boost) for docs, boost in fields]
    n = len(coll.docs)
    ids = [d.id for d in coll.docs]
    run: Run = {}
    for q, words in zip(coll.queries, queries, strict=True):
        scores = np.zeros(n)
        for word, count in Counter(words).items():
            postings = [(e._postings.get(word), boost) for e, boost in engines]
            df = max((len(p[0]) for p, _ in postings if p is not None), default=0)
            if df == 0:
                continue
            idf = np.log1p((n - df + 0.5) / (df + 0.5))
            best = np.zeros(n)
            for posting, boost in postings:
                if posting is None:
                    continue
                own_idf = np.log1p((n - len(posting[0]) + 0.5) / (len(posting[0]) + 0.5))
                field = np.zeros(n)
                field[posting[0]] = posting[1] / own_idf * idf * boost
                best = np.maximum(best, field)
            scores += count * best
        hit = np.flatnonzero(scores > 0)
        order = hit[np.lexsort((hit, -scores[hit]))][:LIMIT]
        run[q.id] = [ids[i] for i in order]
    return run


def retrieval_table(
    coll: Collection, index_json: dict[str, Any], with_artindex: bool
) -> list[list[str]]:
    from artindex.settings import Settings

    settings = Settings()
    rows: list[list[str]] = []
    qids = [q.id for q in coll.queries]

    def add(name: str, run: Run, seconds: float) -> None:
        cells = [name] + [
            f"{mean_metric(m, run, coll.qrels, qids):.3f}" for m in ("MRR@10", "R@10")
        ]
        rows.append([*cells, f"{seconds:.1f}"])
        print(f"  {name}: {' | '.join(rows[-1][1:])}", file=sys.stderr)

    questions = [q.text for q in coll.queries]
    for mode in MODES:
        started = time.perf_counter()
        chain = with_mode(index_json, mode)
        titles = [
            [t.text for t in toks]
            for toks in nori.analyze(chain, "artindex_korean", [d.title for d in coll.docs])
        ]
        bodies = [
            [t.text for t in toks]
            for toks in nori.analyze(chain, "artindex_korean", [d.text for d in coll.docs])
        ]
        asked = [
            [t.text for t in toks]
            for toks in nori.analyze(chain, "artindex_korean_search", questions)
        ]
        fields = [(titles, settings.title_boost), (bodies, 1.0)]
        run = cross_fields_run(coll, fields, asked, settings.bm25_k1, settings.body_b)
        add(
            f"Nori {mode}: exported request (cross_fields title^1.5, body)",
            run,
            time.perf_counter() - started,
        )
        if mode == "discard":  # the same tokens, one field, plain BM25 (scoring time only)
            started = time.perf_counter()
            joined = [t + b for t, b in zip(titles, bodies, strict=True)]
            run = bm25_run(coll, LIMIT, joined, asked)
            add("Nori discard: BM25 title+body, k1 1.2 b 0.75", run, time.perf_counter() - started)
    started = time.perf_counter()
    docs = [
        [t for t, _, _ in toks]
        for toks in kiwi_tokens([d.title + "\n" + d.text for d in coll.docs])
    ]
    asked_kiwi = [[t for t, _, _ in toks] for toks in kiwi_tokens(questions)]
    add(
        "Kiwi morphemes (artindex's tokens): BM25 title+body, k1 1.2 b 0.75",
        bm25_run(coll, LIMIT, docs, asked_kiwi),
        time.perf_counter() - started,
    )
    if with_artindex:
        with tempfile.TemporaryDirectory(prefix="eval-nori-artindex-") as tmp:
            path = Path(tmp) / "index"
            artindex_run.build(coll, path)
            searched = artindex_run.search(path, coll.queries, settings, LIMIT)
            add("**artindex (defaults)**", searched.run, searched.seconds)
    return rows


def markdown(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="every 5th question only")
    parser.add_argument("--no-artindex", action="store_true", help="skip the artindex row")
    args = parser.parse_args(argv)
    why = nori.missing()
    if why:
        print(f"eval_nori: skipped: {why}")
        return 0
    from artindex.export import index_body
    from artindex.settings import Settings

    started = time.perf_counter()
    coll = load_korquad()
    if args.quick:
        coll.queries = coll.queries[::5]
    index_json = index_body(Settings())
    command = " ".join(
        ["python scripts/eval_nori.py", *(argv if argv is not None else sys.argv[1:])]
    )
    print(
        f"`{command}` on {platform.python_implementation()} {platform.python_version()}, "
        f"Lucene jars {', '.join(p.name for p in nori.classpath())}\n"
    )
    texts = [d.title + "\n" + d.text for d in coll.docs]
    kiwi = kiwi_tokens(texts)
    rows = []
    for mode in MODES:
        stats = agreement(kiwi, nori.analyze(with_mode(index_json, mode), "artindex_korean", texts))
        rows.append(
            [mode, f"{stats['kiwi tokens']:.0f}", f"{stats['nori tokens']:.0f}"]
            + [f"{stats[k]:.3f}" for k in ("precision", "recall", "F1", "same span")]
        )
    print(
        f"### Token agreement, Nori (index analyzer) vs artindex's Kiwi tokens, "
        f"{len(texts)} KorQuAD paragraphs\n"
    )
    print(
        markdown(
            [
                "decompound_mode",
                "Kiwi tokens",
                "Nori tokens",
                "precision",
                "recall",
                "F1",
                "same text and span",
            ],
            rows,
        )
    )
    print(
        f"\n### KorQuAD paragraph retrieval ({len(coll.docs)} docs, {len(coll.queries)} "
        "questions)\n"
    )
    table = retrieval_table(coll, index_json, not args.no_artindex)
    print(markdown(["system", "MRR@10", "R@10", "seconds"], table))
    print(f"\n_total run time: {time.perf_counter() - started:.0f}s_")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
