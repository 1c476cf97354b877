"""Relevance evaluation: artindex and baselines on KorQuAD 1.0 dev, Cranfield and CISI.

Prints one Markdown table per collection (paste into docs/relevance.md). Every system is measured
in the same run on the same queries; queries are split deterministically into dev (even
positions) and test (odd positions) halves, and ``--tune`` chooses artindex's ranking knobs on the
dev half only.

    .venv/bin/python scripts/eval.py [--collections korquad,cranfield,cisi] [--tune] [--quick]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evallib import artindex_run
from evallib.baselines import Run, bm25_run, rrf, tokenize_all, whoosh_run
from evallib.data import LOADERS, Collection, split_halves
from evallib.metrics import mean_metric
from evallib.tokens import KiwiMorphemes, char_bigrams, snowball_words, words

KOREAN_METRICS = ("MRR@10", "R@1", "R@10", "R@100")
ENGLISH_METRICS = ("nDCG@10", "MAP")
KOREAN_LIMIT = 100
ENGLISH_LIMIT = 1000
# Tuning optimizes MRR@10 / nDCG@10, so it only needs the top 10; on KorQuAD it uses every 3rd
# dev question (962) to keep a coordinate-search pass within a few minutes.
TUNE_LIMIT = 10
TUNE_KOREAN_STRIDE = 3


def baselines(
    coll: Collection, limit: int, kiwi: KiwiMorphemes | None
) -> list[tuple[str, Callable[[], Run]]]:
    """The reference systems for one collection, cheapest first."""
    from whoosh.analysis import StemmingAnalyzer

    def bm25(tokenizer: Callable[[str], list[str]]) -> Callable[[], Run]:
        return lambda: bm25_run(coll, limit, *tokenize_all(coll, tokenizer))

    systems: list[tuple[str, Callable[[], Run]]] = [
        (
            "Whoosh StandardAnalyzer, AND (parser default)",
            lambda: whoosh_run(coll, limit, or_group=False),
        ),
        ("Whoosh StandardAnalyzer, OR", lambda: whoosh_run(coll, limit, or_group=True)),
        ("BM25 whitespace words", bm25(words)),
        ("BM25 char bigrams (within words)", bm25(char_bigrams)),
    ]
    if coll.lang == "en":
        systems += [
            (
                "Whoosh StemmingAnalyzer, OR",
                lambda: whoosh_run(coll, limit, or_group=True, analyzer=StemmingAnalyzer()),
            ),
            ("BM25 Snowball stems, stop words removed", bm25(snowball_words)),
        ]
    elif kiwi is not None:
        cache: dict[str, Run] = {}

        def kiwi_run() -> Run:
            docs = kiwi.analyze([d.title + "\n" + d.text for d in coll.docs], "document")
            queries = kiwi.analyze([q.text for q in coll.queries], "query")
            cache["kiwi"] = bm25_run(coll, limit, docs, queries)
            return cache["kiwi"]

        def fusion() -> Run:
            bigrams = bm25_run(coll, limit, *tokenize_all(coll, char_bigrams))
            return rrf([cache.get("kiwi") or kiwi_run(), bigrams], limit)

        systems += [
            ("BM25 Kiwi content morphemes", kiwi_run),
            ("RRF(BM25 Kiwi morphemes, BM25 char bigrams), k=60", fusion),
        ]
    return systems


class Table:
    """Rows of metrics over all, dev and test queries of one collection."""

    def __init__(self, coll: Collection, metrics: tuple[str, ...]) -> None:
        self.coll = coll
        self.metrics = metrics
        dev, test = split_halves(coll.queries)
        self.halves = {
            "all": [q.id for q in coll.queries],
            "dev": [q.id for q in dev],
            "test": [q.id for q in test],
        }
        self.split_metrics = metrics[:2] if coll.lang == "en" else metrics[:1]
        self.rows: list[list[str]] = []

    def score(self, run: Run, metric: str, half: str = "all") -> float:
        return mean_metric(metric, run, self.coll.qrels, self.halves[half])

    def add(self, name: str, run: Run, seconds: float) -> None:
        cells = [name]
        cells += [f"{self.score(run, m):.3f}" for m in self.metrics]
        for m in self.split_metrics:
            cells += [f"{self.score(run, m, 'dev'):.3f}", f"{self.score(run, m, 'test'):.3f}"]
        cells.append(f"{seconds:.1f}")
        self.rows.append(cells)
        print(f"  {name}: {' | '.join(cells[1:])}", file=sys.stderr)

    def markdown(self) -> str:
        header = ["system", *self.metrics]
        for m in self.split_metrics:
            header += [f"{m} dev", f"{m} test"]
        header.append("seconds")
        lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def evaluate_artindex(table: Table, limit: int, tune: bool, quick: bool, notes: list[str]) -> None:
    missing = artindex_run.available()
    if missing:
        notes.append(f"artindex row missing: its public API does not import ({missing}).")
        return
    coll = table.coll
    with tempfile.TemporaryDirectory(prefix=f"eval-artindex-{coll.name}-") as tmp:
        path = Path(tmp) / "index"
        build_seconds = artindex_run.build(coll, path)
        notes.append(f"artindex build: {len(coll.docs)} docs in {build_seconds:.1f}s.")
        defaults = artindex_run.default_settings()
        # with paraphrase expansion (off by default; Korean nouns only), in the same run
        grown = artindex_run.search(path, coll.queries, defaults, limit, expand=True)
        table.add("artindex (defaults, expand=True)", grown.run, grown.seconds)
        searched = artindex_run.search(path, coll.queries, defaults, limit)
        table.add("**artindex (defaults)**", searched.run, searched.seconds)
        if searched.errors:
            notes.append(
                f"artindex defaults: {searched.errors} queries raised QueryError (scored 0)."
            )
        if not tune:
            return
        metric = table.split_metrics[0]
        dev_ids = set(table.halves["dev"])
        dev_queries = [q for q in coll.queries if q.id in dev_ids]
        if coll.lang == "ko" and not quick:
            dev_queries = dev_queries[::TUNE_KOREAN_STRIDE]
        tune_ids = [q.id for q in dev_queries]
        started = time.perf_counter()
        best, _dev_score, log = artindex_run.tune(
            path,
            dev_queries,
            TUNE_LIMIT,
            lambda run: mean_metric(metric, run, coll.qrels, tune_ids),
            coll.lang,
        )
        took = time.perf_counter() - started
        notes.append(
            f"tuning ({metric} on {len(dev_queries)} dev queries, {took:.0f}s): " + "; ".join(log)
        )
        chosen = ", ".join(f"{k}={v}" for k, v in artindex_run.knobs(best, coll.lang).items())
        notes.append(f"**chosen on dev:** {chosen}")
        searched = artindex_run.search(path, coll.queries, best, limit)
        table.add("**artindex (tuned on dev)**", searched.run, searched.seconds)
        if searched.errors:
            notes.append(f"artindex tuned: {searched.errors} queries raised QueryError (scored 0).")


def run_collection(name: str, args: argparse.Namespace, kiwi: KiwiMorphemes | None) -> str:
    coll = LOADERS[name]()
    if args.quick:
        coll.queries = coll.queries[:: 5 if coll.lang == "ko" else 1]
    korean = coll.lang == "ko"
    limit = KOREAN_LIMIT if korean else ENGLISH_LIMIT
    table = Table(coll, KOREAN_METRICS if korean else ENGLISH_METRICS)
    print(f"{name}: {len(coll.docs)} docs, {len(coll.queries)} queries", file=sys.stderr)
    notes = list(coll.notes)
    started = time.perf_counter()
    for label, system in baselines(coll, limit, kiwi):
        t = time.perf_counter()
        run = system()
        table.add(label, run, time.perf_counter() - t)
    evaluate_artindex(table, limit, args.tune, args.quick, notes)
    dev, test = (len(h) for h in split_halves(coll.queries))
    head = (
        f"### {name} ({len(coll.docs)} docs, {len(coll.queries)} queries: "
        f"dev {dev} / test {test}; ranking depth {limit})"
    )
    tail = "\n".join(f"- {n}" for n in notes)
    took = f"_{name}: {time.perf_counter() - started:.0f}s_"
    return "\n\n".join(part for part in (head, table.markdown(), tail, took) if part)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", default="korquad,cranfield,cisi")
    parser.add_argument("--tune", action="store_true", help="tune artindex knobs on the dev half")
    parser.add_argument("--quick", action="store_true", help="KorQuAD: every 5th question only")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.collections.split(",") if n.strip()]
    unknown = [n for n in names if n not in LOADERS]
    if unknown:
        parser.error(f"unknown collection(s) {unknown}; choose from {sorted(LOADERS)}")
    started = time.perf_counter()
    kiwi = KiwiMorphemes(workers=2) if "korquad" in names else None
    command = " ".join(["python scripts/eval.py", *(argv if argv is not None else sys.argv[1:])])
    print(f"`{command}` on {platform.python_implementation()} {platform.python_version()}\n")
    for name in names:
        print(run_collection(name, args, kiwi), end="\n\n", flush=True)
    print(f"_total run time: {time.perf_counter() - started:.0f}s_")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
