"""Score artindex's HTML extraction on the Zyte article-extraction benchmark.

Usage: .venv/bin/python scripts/eval_html.py [--data DIR] [--workers 2] [--variants]

The data are used in place (never copied). Scoring follows the benchmark's SOURCE.md: ``\\w+``
tokens, multisets of 4-token shingles per page, per-page precision and recall averaged over
pages, F1 = harmonic mean of the two averages, accuracy = exact token-sequence matches,
± = bootstrap standard deviation over pages (1,000 resamples). The reference system outputs in
``system-outputs/`` are scored the same way in the same run as baselines.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields
from pathlib import Path

from artindex.errors import ArtindexError
from artindex.ingest.html import HtmlOptions, extract_html

DEFAULT_DATA = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "article-extraction-benchmark"
)
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class PageScore:
    precision: float
    recall: float
    exact: bool


def _shingles(text: str, n: int = 4) -> tuple[Counter[tuple[str, ...]], list[str]]:
    tokens = _TOKEN.findall(text)
    grams = Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    grams.pop((), None)
    return grams, tokens


def score_page(predicted: str, gold: str) -> PageScore:
    pred, pred_tokens = _shingles(predicted)
    true, gold_tokens = _shingles(gold)
    tp = sum((pred & true).values())
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    exact = pred_tokens == gold_tokens
    if fp == 0 and fn == 0:
        return PageScore(1.0, 1.0, exact)
    # Normalising TP/FP/FN to sum to 1 does not change the per-page ratios below.
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return PageScore(precision, recall, exact)


def _summary(scores: Sequence[PageScore]) -> tuple[float, float, float, float]:
    n = len(scores)
    precision = sum(s.precision for s in scores) / n
    recall = sum(s.recall for s in scores) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(s.exact for s in scores) / n
    return f1, precision, recall, accuracy


def _bootstrap_std(scores: Sequence[PageScore], rounds: int = 1000) -> tuple[float, ...]:
    rng = random.Random(42)
    samples = [_summary(rng.choices(scores, k=len(scores))) for _ in range(rounds)]
    stds = []
    for column in range(4):
        values = [sample[column] for sample in samples]
        mean = sum(values) / rounds
        stds.append((sum((v - mean) ** 2 for v in values) / (rounds - 1)) ** 0.5)
    return tuple(stds)


def _extract(job: tuple[str, HtmlOptions]) -> tuple[str, str, str]:
    path, options = job
    page_id = Path(path).stem
    html = Path(path).read_text(encoding="utf-8", errors="replace")
    try:
        article = extract_html(html, path=path, options=options)
    except ArtindexError as exc:
        return page_id, "", str(exc)
    return page_id, article.body, ""


def run_artindex(
    data: Path, ids: Sequence[str], options: HtmlOptions, workers: int
) -> tuple[dict[str, str], list[str]]:
    jobs = [(str(data / "html" / f"{page_id}.html"), options) for page_id in ids]
    outputs: dict[str, str] = {}
    failures: list[str] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for page_id, body, error in pool.map(_extract, jobs, chunksize=4):
            outputs[page_id] = body
            if error:
                failures.append(error)
    return outputs, failures


def _row(name: str, scores: Sequence[PageScore]) -> str:
    f1, precision, recall, accuracy = _summary(scores)
    sf1, sp, sr, sa = _bootstrap_std(scores)
    return (
        f"| {name} | {f1:.3f} ± {sf1:.3f} | {precision:.3f} ± {sp:.3f} "
        f"| {recall:.3f} ± {sr:.3f} | {accuracy:.3f} ± {sa:.3f} |"
    )


def _variants() -> dict[str, HtmlOptions]:
    base = HtmlOptions()
    return {
        "artindex (default)": base,
        "trafilatura defaults": HtmlOptions(favor_precision=False),
        "favor_recall": HtmlOptions(favor_precision=False, favor_recall=True),
        "no tables": HtmlOptions(include_tables=False),
        "keep sign-off": HtmlOptions(drop_signoff=False),
        "with comments": HtmlOptions(include_comments=True),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--variants", action="store_true", help="also score option variants")
    args = parser.parse_args(argv)
    data: Path = args.data
    gold = {
        k: v["articleBody"] for k, v in json.loads((data / "ground-truth.json").read_text()).items()
    }
    ids = sorted(gold)
    rows = ["| system | F1 | precision | recall | accuracy |", "| --- | --- | --- | --- | --- |"]
    started = time.perf_counter()
    variants = _variants() if args.variants else {"artindex": HtmlOptions()}
    for name, options in variants.items():
        outputs, failures = run_artindex(data, ids, options, args.workers)
        rows.append(_row(name, [score_page(outputs[i], gold[i]) for i in ids]))
        for failure in failures:
            print(f"  {name}: {failure}", file=sys.stderr)
    for system_file in sorted((data / "system-outputs").glob("*.json")):
        output = json.loads(system_file.read_text())["output"]
        texts = {i: (output.get(i) or {}).get("articleBody") or "" for i in ids}
        rows.append(
            _row(
                f"{system_file.stem} (reference output)",
                [score_page(texts[i], gold[i]) for i in ids],
            )
        )
    print(f"{len(ids)} pages, {time.perf_counter() - started:.0f} s")
    print("\n".join(rows))
    changed = [f.name for f in fields(HtmlOptions)]
    print(f"\nHtmlOptions fields: {', '.join(changed)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
