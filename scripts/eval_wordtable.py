"""How often the word-analysis table analyzes a query without Kiwi, and whether that changes
anything: KorQuAD 1.0 dev test-half questions against an index of its paragraphs.

For every question: is every word in the table (covered)? If so, are the composed morphemes
Kiwi's, and is the compiled query the same? Then MRR@10 and R@10 of the covered questions
searched with the table and with Kiwi, and over all test questions (the uncovered ones are
searched with Kiwi either way; the same index, the same run).

Then ``query_analysis: table`` (what a one-shot ``artindex search`` uses): the words the table
lacks are guessed from it (``wordtable.guess_word``) and Kiwi never loads. MRR@10 and R@10 of the
uncovered questions and of all of them, against Kiwi's on the same questions.

    .venv/bin/python scripts/eval_wordtable.py [--index DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evallib.data import load_korquad, split_halves
from evallib.metrics import recall_at, reciprocal_rank


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--index", type=Path, help="reuse (or build here) the KorQuAD index")
    p.add_argument("--limit", type=int, default=0, help="only the first N test questions")
    args = p.parse_args(argv)

    from artindex import Article, Index, Settings, build_articles
    from artindex.analysis.morphology import morphemes
    from artindex.store import IndexDir

    coll = load_korquad()
    _, test = split_halves(coll.queries)
    test = test[: args.limit] if args.limit else test
    path = args.index or Path(tempfile.mkdtemp(prefix="artindex-wordtable-")) / "index"
    settings = Settings()
    if not IndexDir(path).exists():
        started = time.perf_counter()
        docs = (Article(id=d.id, title=d.title, body=d.text, lang="ko") for d in coll.docs)
        build_articles(docs, path, settings)
        print(f"built {len(coll.docs)} paragraphs in {time.perf_counter() - started:.0f} s")
    idx = Index.open(path, settings)
    gen = idx._current()
    compiler, table = gen.compiler, gen.words
    assert table is not None, "the index has no word table"
    size = table.path.stat().st_size
    covered = same_morphs = same_query = 0
    rr = {"table": 0.0, "kiwi": 0.0, "all": 0.0}
    r10 = {"table": 0.0, "kiwi": 0.0, "all": 0.0}
    differ: list[str] = []
    for q in test:
        relevant = coll.qrels[q.id]
        text = q.text.strip()
        composed = table.compose(text)
        if composed is None:  # Kiwi either way: searched once, the same in both columns
            hits = [h.id for h in idx.search(q.text, limit=10, correct=False)]
            rr["all"] += reciprocal_rank(hits, relevant)
            r10["all"] += recall_at(hits, relevant, 10)
            continue
        covered += 1
        kiwi = [m for m in morphemes(text) if any(c.isalnum() for c in text[m.start : m.end])]
        same_morphs += composed == kiwi
        compiler.words = None
        by_kiwi = compiler.compile(q.text)
        hits_kiwi = [h.id for h in idx.search(q.text, limit=10, correct=False)]
        compiler.words = table
        by_table = compiler.compile(q.text)
        hits_table = [h.id for h in idx.search(q.text, limit=10, correct=False)]
        if repr(by_kiwi.query) == repr(by_table.query):
            same_query += 1
        elif len(differ) < 10:
            differ.append(q.text)
        for name, hits in (("table", hits_table), ("kiwi", hits_kiwi)):
            rr[name] += reciprocal_rank(hits, relevant)
            r10[name] += recall_at(hits, relevant, 10)
    idx.close()
    guessed = Index.open(path, settings.replace(query_analysis="table"))
    full = Index.open(path, settings.replace(query_analysis="kiwi"))
    g_rr = {"kiwi": 0.0, "guess": 0.0}
    g_r10 = {"kiwi": 0.0, "guess": 0.0}
    uncovered = 0
    for q in test:
        if table.compose(q.text.strip()) is not None:
            continue
        uncovered += 1
        relevant = coll.qrels[q.id]
        for name, index in (("kiwi", full), ("guess", guessed)):
            hits = [h.id for h in index.search(q.text, limit=10, correct=False)]
            g_rr[name] += reciprocal_rank(hits, relevant)
            g_r10[name] += recall_at(hits, relevant, 10)
    guessed.close()
    full.close()
    n = len(test)
    print(f"index {path}: words.sqlite {size / 1e6:.1f} MB for {len(coll.docs)} paragraphs")
    print()
    print("| questions (test half) | covered (no Kiwi) | same morphemes | same compiled query |")
    print("| --- | --- | --- | --- |")
    pct = 100 * covered / max(n, 1)
    print(f"| {n} | {covered} ({pct:.1f}%) | {same_morphs} | {same_query} |")
    print()
    print("| searched with | MRR@10 covered | R@10 covered | MRR@10 all | R@10 all |")
    print("| --- | --- | --- | --- | --- |")
    for name in ("kiwi", "table"):
        c = max(covered, 1)
        mrr_all = (rr[name] + rr["all"]) / max(n, 1)
        r_all = (r10[name] + r10["all"]) / max(n, 1)
        print(
            f"| {name} | {rr[name] / c:.4f} | {r10[name] / c:.4f} | {mrr_all:.4f} | {r_all:.4f} |"
        )
    print()
    print(f"query_analysis: table, the {uncovered} uncovered questions guessed from the table:")
    print()
    print("| uncovered words | MRR@10 uncovered | R@10 uncovered | MRR@10 all | R@10 all |")
    print("| --- | --- | --- | --- | --- |")
    u = max(uncovered, 1)
    for name in ("kiwi", "guess"):
        mrr_all = (rr["table"] + g_rr[name]) / max(n, 1)
        r_all = (r10["table"] + g_r10[name]) / max(n, 1)
        print(
            f"| {name} | {g_rr[name] / u:.4f} | {g_r10[name] / u:.4f} | {mrr_all:.4f} "
            f"| {r_all:.4f} |"
        )
    if differ:
        print("\nsome questions whose compiled query differs:")
        for text in differ:
            print(f"- {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
