"""Query correction on KorQuAD and Cranfield: typo versions of the KorQuAD test-half questions,
made in code (see ``evallib/typos.py``), searched as typed, with the suggestion always taken, and
with the search-side policy (``should_correct``); plus how often a clean query is "corrected".

    .venv/bin/python scripts/eval_suggest.py [--half test|dev|all] [--stride N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evallib import artindex_run
from evallib.data import Collection, Query, load_cranfield, load_korquad, split_halves
from evallib.metrics import mean_metric
from evallib.typos import KINDS, typo

LIMIT = 10
Run = dict[str, Sequence[str]]  # query id -> ranked doc ids


def _index(coll: Collection, keep: str, tmp: str) -> Path:
    path = Path(keep) / coll.name if keep else Path(tmp) / coll.name
    if not (path / "manifest.json").exists():
        seconds = artindex_run.build(coll, path)
        print(f"  built {coll.name}: {len(coll.docs)} docs in {seconds:.0f}s", file=sys.stderr)
    return path


@dataclass
class Outcome:
    """One set of queries searched as typed, with the suggestion always taken, and with the
    search-side policy; and how often the suggester fired, was applied, and restored the text."""

    ids: list[str]
    typed: Run
    always: Run
    policy: Run
    fired: int = 0
    applied: int = 0
    exact: int = 0
    seconds: float = 0.0


def run_queries(idx: Any, queries: list[tuple[str, str, str]]) -> Outcome:
    """``queries``: (id, text as searched, clean text)."""
    from artindex.search.suggest import should_correct

    out = Outcome([q[0] for q in queries], {}, {}, {})
    started = time.perf_counter()
    for qid, text, clean in queries:
        result = idx.search(text, LIMIT, snippets=False)
        out.typed[qid] = out.always[qid] = out.policy[qid] = [h.id for h in result]
        suggestion = idx.suggest(text)
        if suggestion is None:
            continue
        out.fired += 1
        out.exact += suggestion.to == clean
        corrected = idx.search(suggestion.to, LIMIT, snippets=False)
        out.always[qid] = [h.id for h in corrected]
        if should_correct(result.total, corrected.total, reason=suggestion.reason):
            out.applied += 1
            out.policy[qid] = out.always[qid]
    out.seconds = time.perf_counter() - started
    return out


HEADER = (
    "| queries | n | MRR@10 as typed | suggestion always | with policy | clean (same queries) "
    "| clean − policy | suggested | applied by policy | restored exactly | seconds |\n"
    "|" + " --- |" * 11
)


def row(name: str, o: Outcome, clean: Outcome, qrels: dict[str, set[str]]) -> str:
    def mrr(run: Run) -> float:
        return mean_metric("MRR@10", run, qrels, o.ids)

    n = max(1, len(o.ids))
    cells = [name, str(len(o.ids))]
    cells += [f"{mrr(r):.3f}" for r in (o.typed, o.always, o.policy, clean.typed)]
    cells.append(f"{mrr(clean.typed) - mrr(o.policy):+.3f}")
    cells += [f"{100 * k / n:.1f}%" for k in (o.fired, o.applied, o.exact)]
    cells.append(f"{o.seconds:.0f}")
    return "| " + " | ".join(cells) + " |"


def korquad(args: argparse.Namespace, tmp: str) -> list[str]:
    from artindex import Index
    from artindex.analysis.morphology import morphemes

    coll = load_korquad()
    dev, test = split_halves(coll.queries)
    chosen: list[Query] = {"dev": dev, "test": test, "all": coll.queries}[args.half]
    chosen = chosen[:: args.stride]
    path = _index(coll, args.keep, tmp)
    title = f"### KorQuAD 1.0 dev: {args.half} half, every {args.stride}: {len(chosen)} questions"
    lines = [title, "", HEADER]
    with Index.open(path, artindex_run.default_settings()) as idx:
        clean = run_queries(idx, [(q.id, q.text, q.text) for q in chosen])
        lines.append(row("clean", clean, clean, coll.qrels))
        print(lines[-1], file=sys.stderr)
        for kind in KINDS:
            variants = [
                (q.id, text, q.text)
                for q in chosen
                if (text := typo(q.text, kind, q.id, morphemes)) is not None
            ]
            lines.append(row(kind, run_queries(idx, variants), clean, coll.qrels))
            print(lines[-1], file=sys.stderr)
    return lines


def cranfield(args: argparse.Namespace, tmp: str) -> list[str]:
    from artindex import Index

    coll = load_cranfield()
    path = _index(coll, args.keep, tmp)
    with Index.open(path, artindex_run.default_settings()) as idx:
        fired = [s for q in coll.queries if (s := idx.suggest(q.text)) is not None]
    share = 100 * len(fired) / len(coll.queries)
    line = f"Cranfield: the suggester fires on {len(fired)} of {len(coll.queries)} clean queries"
    examples = "; ".join(f"`{s.from_[:60]}` → `{s.to[:60]}`" for s in fired[:5])
    return [f"{line} ({share:.1f}%)" + (f": {examples}" if examples else ".")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="test", choices=("dev", "test", "all"))
    parser.add_argument("--stride", type=int, default=1, help="every Nth question only")
    parser.add_argument("--keep", default="", help="build (or reuse) the indexes under this dir")
    parser.add_argument("--collections", default="korquad,cranfield")
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
    print(f"_total run time: {time.perf_counter() - started:.0f}s_")
    return 0


POLICY_NOTE = (
    "_suggestion always_: search the suggestion whenever there is one; _with policy_: only when "
    "`should_correct(total_original, total_corrected, reason=...)` says so (what a search "
    "would do); _restored exactly_: the suggestion is the clean question._"
)


if __name__ == "__main__":
    raise SystemExit(main())
