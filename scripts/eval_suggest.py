"""Query correction on KorQuAD and Cranfield: typo versions of the KorQuAD test-half questions,
made in code (see ``evallib/typos.py``), searched as typed, as ``Index.search`` does by default
(``correct=True``), with the previous policy (only a query that finds nothing is corrected) and
with the suggestion always taken; plus how often a clean query is "corrected".

    .venv/bin/python scripts/eval_suggest.py [--half test|dev|all] [--stride N] [--keep DIR]
                                            [--workers N] [--list-clean]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evallib import artindex_run
from evallib.data import Collection, Query, load_cranfield, load_korquad, split_halves
from evallib.metrics import mean_metric
from evallib.typos import KINDS, typo

LIMIT = 10
Run = dict[str, Sequence[str]]  # query id -> ranked doc ids
COLUMNS = ("typed", "zero", "search", "always")


def _index(coll: Collection, keep: str, tmp: str) -> Path:
    path = Path(keep) / coll.name if keep else Path(tmp) / coll.name
    if not (path / "manifest.json").exists():
        seconds = artindex_run.build(coll, path)
        print(f"  built {coll.name}: {len(coll.docs)} docs in {seconds:.0f}s", file=sys.stderr)
    return path


@dataclass
class Searched:
    """One query: the ids it finds under each policy (``typed``: no correction; ``zero``: the
    correction only when the query finds nothing, the previous policy; ``search``: what
    ``Index.search`` returns by default; ``always``: the suggestion whenever there is one)."""

    ids: dict[str, list[str]]
    suggested: str | None  # the suggestion, if any
    applied: bool  # Index.search returned the correction's hits
    seconds: float
    offered: str | None = None  # "did you mean" offered by Index.search above its own hits


@dataclass
class Outcome:
    """One set of queries under every policy, and how often the suggester fired, the search
    applied it, and the suggestion restored the clean text."""

    ids: list[str] = field(default_factory=list)
    runs: dict[str, Run] = field(default_factory=lambda: {c: {} for c in COLUMNS})
    fired: int = 0
    applied: int = 0
    exact: int = 0
    offered: int = 0
    offered_exact: int = 0
    seconds: float = 0.0
    suggestions: dict[str, tuple[str, bool]] = field(default_factory=dict)  # id -> (to, applied)
    offers: set[str] = field(default_factory=set)  # ids given a did-you-mean

    def add(self, qid: str, one: Searched, clean: str) -> None:
        self.ids.append(qid)
        for column, ids in one.ids.items():
            self.runs[column][qid] = ids
        if one.suggested is not None:
            self.suggestions[qid] = (one.suggested, one.applied)
        self.fired += one.suggested is not None
        self.applied += one.applied
        self.exact += one.suggested == clean
        self.offered += one.offered is not None
        if one.offered is not None:
            self.offers.add(qid)
        self.offered_exact += one.offered == clean
        self.seconds += one.seconds


Cache = dict[str, tuple[list[str], int]]  # text -> (ids, total) searched as typed


def _typed(idx: Any, text: str, cache: Cache) -> tuple[list[str], int]:
    if text not in cache:
        result = idx.search(text, LIMIT, snippets=False, correct=False)
        cache[text] = ([h.id for h in result], result.total)
    return cache[text]


def search_one(idx: Any, text: str, cache: Cache) -> Searched:
    """``text`` searched as Index.search does it, and under the other policies; searches as
    typed are cached by text (a correction that restores the clean question reuses its run)."""
    started = time.perf_counter()
    result = idx.search(text, LIMIT, snippets=False)
    applied = result.corrected is not None
    offered = result.suggestion.text if result.suggestion else None
    suggested: str | None = None
    if result.corrected is not None:
        suggested = result.corrected["to"]
        cache.setdefault(suggested, ([h.id for h in result], result.total))
        typed, total = _typed(idx, text, cache)
    else:
        typed, total = [h.id for h in result], result.total
        cache.setdefault(text, (typed, total))
        suggestion = idx.suggest(text)
        suggested = suggestion.to if suggestion else None
    ids = {"typed": typed, "zero": typed, "search": [h.id for h in result], "always": typed}
    if suggested is not None:
        fixed, fixed_total = _typed(idx, suggested, cache)
        ids["always"] = fixed
        if total == 0 and fixed_total > 0:
            ids["zero"] = fixed
    return Searched(ids, suggested, applied, time.perf_counter() - started, offered)


_IDX: Any = None


def _open(path: str) -> None:
    global _IDX
    from artindex import Index

    _IDX = Index.open(path, artindex_run.default_settings())


def one_question(q: Query) -> dict[str, tuple[str, Searched]]:
    """A question as asked and in each typo kind it has room for: kind -> (text, Searched)."""
    from artindex.analysis.morphology import morphemes

    cache: Cache = {}
    out = {"clean": (q.text, search_one(_IDX, q.text, cache))}
    for kind in KINDS:
        text = typo(q.text, kind, q.id, morphemes)
        if text is not None:
            out[kind] = (text, search_one(_IDX, text, cache))
    return out


def run_all(path: Path, chosen: list[Query], workers: int) -> dict[str, Outcome]:
    """Every chosen question and its typo versions, over ``workers`` processes."""
    outcomes = {kind: Outcome() for kind in ("clean", *KINDS)}
    if workers > 1:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers, initializer=_open, initargs=(str(path),)) as pool:
            results = list(pool.imap(one_question, chosen, chunksize=8))
    else:
        _open(str(path))
        results = [one_question(q) for q in chosen]
        _IDX.close()
    for q, per_kind in zip(chosen, results, strict=True):
        for kind, (_, searched) in per_kind.items():
            outcomes[kind].add(q.id, searched, q.text)
    return outcomes


HEADER = (
    "| queries | n | MRR@10 as typed | previous policy (0 hits) | **Index.search** "
    "| suggestion always | clean (same queries) | clean − search | suggested "
    "| applied by search | restored exactly | did you mean offered | offered = clean "
    "| seconds |\n" + "|" + " --- |" * 14
)


def row(name: str, o: Outcome, clean: Outcome, qrels: dict[str, set[str]]) -> str:
    def mrr(run: Run) -> float:
        return mean_metric("MRR@10", run, qrels, o.ids)

    n = max(1, len(o.ids))
    cells = [name, str(len(o.ids))]
    cells += [f"{mrr(o.runs[c]):.3f}" for c in COLUMNS]
    cells.append(f"{mrr(clean.runs['search']):.3f}")
    cells.append(f"{mrr(clean.runs['search']) - mrr(o.runs['search']):+.3f}")
    counts = (o.fired, o.applied, o.exact, o.offered, o.offered_exact)
    cells += [f"{100 * k / n:.1f}%" for k in counts]
    cells.append(f"{o.seconds:.0f}")
    return "| " + " | ".join(cells) + " |"


def korquad(args: argparse.Namespace, tmp: str) -> list[str]:
    coll = load_korquad()
    dev, test = split_halves(coll.queries)
    chosen: list[Query] = {"dev": dev, "test": test, "all": coll.queries}[args.half]
    chosen = chosen[:: args.stride]
    path = _index(coll, args.keep, tmp)
    every = f", every {args.stride}" if args.stride > 1 else ""
    title = f"### KorQuAD 1.0 dev: {args.half} half{every}: {len(chosen)} questions"
    outcomes = run_all(path, chosen, args.workers)
    clean = outcomes["clean"]
    lines = [title, "", HEADER]
    lines += [row(kind, o, clean, coll.qrels) for kind, o in outcomes.items()]
    if args.list_clean:
        lines += [
            "",
            "Clean questions with a suggestion (* applied by Index.search, ? offered "
            "as did-you-mean):",
            "",
        ]
        by_id = {q.id: q.text for q in chosen}
        for qid, (to, applied) in clean.suggestions.items():
            mark = "*" if applied else "?" if qid in clean.offers else " "
            lines.append(f"- {mark} `{by_id[qid]}` → `{to}`")
    return lines


def cranfield(args: argparse.Namespace, tmp: str) -> list[str]:
    from artindex import Index

    coll = load_cranfield()
    path = _index(coll, args.keep, tmp)
    fired, applied, offered = [], 0, 0
    with Index.open(path, artindex_run.default_settings()) as idx:
        for q in coll.queries:
            result = idx.search(q.text, LIMIT, snippets=False)
            applied += result.corrected is not None
            offered += result.suggestion is not None
            if (s := idx.suggest(q.text)) is not None:
                fired.append(s)
    n = len(coll.queries)
    line = (
        f"Cranfield, {n} clean queries: the suggester fires on {len(fired)} "
        f"({100 * len(fired) / n:.1f}%), Index.search applies a correction on {applied} "
        f"({100 * applied / n:.1f}%) and offers a did-you-mean on {offered} "
        f"({100 * offered / n:.1f}%)"
    )
    examples = "; ".join(f"`{s.from_[:60]}` → `{s.to[:60]}`" for s in fired[:5])
    return [line + (f": {examples}" if examples else ".")]


_GLOSS = re.compile(r"([가-힣]{2,})\s?\(([A-Za-z]{3,})\)")


def transliteration(args: argparse.Namespace, tmp: str) -> list[str]:
    """Names glossed in the KorQuAD paragraphs as ``구글(Google)``: for each distinct pair, is
    the Hangul word what ``suggest`` offers for the Latin one (the vocabulary's choice), is it
    another word, or is there none (the gloss is a translation, or the skeletons differ)?"""
    from artindex import Index
    from artindex.analysis.morphology import morphemes

    coll = load_korquad()
    pairs = {(h, latin.lower()) for d in coll.docs for h, latin in _GLOSS.findall(d.text)}
    path = _index(coll, args.keep, tmp)
    right = wrong = none = 0
    wrong_examples: list[str] = []
    with Index.open(path, artindex_run.default_settings()) as idx:
        vocab = idx._vocabulary()  # the suggester's own view of the index
        for hangul, latin in sorted(pairs):
            got = vocab.spelt_otherwise(latin, morphemes)
            if got is None:
                none += 1
            elif got == hangul:
                right += 1
            else:
                wrong += 1
                wrong_examples.append(f"{latin} → {got} (glossed {hangul})")
    n = max(1, len(pairs))
    return [
        f"Transliteration: {len(pairs)} distinct `한글(Latin)` glosses in the KorQuAD paragraphs; "
        f"for the Latin word the vocabulary offers the glossed Hangul word for {right} "
        f"({100 * right / n:.1f}%), another word for {wrong} ({100 * wrong / n:.1f}%), nothing "
        f"for {none} (translations such as `검색엔진(search engine)` among them). Other words: "
        + "; ".join(wrong_examples[:8])
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="test", choices=("dev", "test", "all"))
    parser.add_argument("--stride", type=int, default=1, help="every Nth question only")
    parser.add_argument("--keep", default="", help="build (or reuse) the indexes under this dir")
    parser.add_argument("--collections", default="korquad,cranfield,transliteration")
    parser.add_argument(
        "--workers", type=int, default=min(2, os.cpu_count() or 1), help="processes for KorQuAD"
    )
    parser.add_argument(
        "--list-clean", action="store_true", help="list the clean questions given a suggestion"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    command = " ".join(["python scripts/eval_suggest.py", *(argv or sys.argv[1:])])
    print(f"`{command}` on {platform.python_implementation()} {platform.python_version()}\n")
    print(POLICY_NOTE + "\n")
    with tempfile.TemporaryDirectory(prefix="eval-suggest-") as tmp:
        names = args.collections.split(",")
        if "korquad" in names:
            print("\n".join(korquad(args, tmp)), end="\n\n", flush=True)
        if "cranfield" in names:
            print("\n".join(cranfield(args, tmp)), end="\n\n", flush=True)
        if "transliteration" in names:
            print("\n".join(transliteration(args, tmp)), end="\n\n", flush=True)
    print(f"_total run time: {time.perf_counter() - started:.0f}s_")
    return 0


POLICY_NOTE = (
    "_as typed_: no correction; _previous policy_: the correction only when the query finds "
    "nothing; **Index.search**: what a search does by default (`correct=True`: the correction "
    "when the query finds nothing, or has a word the index lacks and finds under half of what "
    "the correction finds); _suggestion always_: the suggestion whenever there is one; "
    "_restored exactly_: the suggestion is the clean question; _did you mean offered_: "
    "Index.search keeps the query's hits and offers its correction (`suggestion`); "
    "_offered = clean_: that offer is the clean question; _seconds_: summed over workers."
)


if __name__ == "__main__":
    raise SystemExit(main())
