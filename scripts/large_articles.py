"""Time and peak memory of indexing one large article, at several sizes.

    .venv/bin/python scripts/large_articles.py [--sizes 0.5,1,2,4] [--format md|txt|json]

Each size runs in its own process (so peak memory is that article's alone) and builds a fresh
index from one generated Korean article, timed after Kiwi's model is loaded. The baseline row
is 100 ordinary 3 KB articles, so the s/MB column compares a large article with the rate of
ordinary ones. ``--max-body-chars 0`` lifts the body limit (the whole article is indexed).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCES = [
    "정부는 올해 하반기 경제정책 방향을 발표하고 내수 회복을 위한 지원책을 내놓았다.",
    "서울시는 대중교통 요금 인상안을 두고 시민 공청회를 열어 의견을 들었다.",
    "연구진은 새로 개발한 배터리 소재가 기존보다 충전 속도가 두 배 빠르다고 밝혔다.",
    "전문가들은 금리 인하가 부동산 시장에 미칠 영향을 신중하게 지켜봐야 한다고 말했다.",
    "지역 축제에는 사흘 동안 관람객 12만 명이 다녀가며 역대 최대 기록을 세웠다.",
    "국회 상임위원회는 개정안을 의결했지만 여야는 세부 조항을 두고 여전히 맞서고 있다.",
    "The committee said the new rules would take effect early next year after a review.",
    "기상청은 이번 주말 남부 지방을 중심으로 많은 비가 내릴 것으로 내다봤다.",
]


def article_text(size: int, seed: int = 7) -> str:
    """About ``size`` bytes (UTF-8) of news-like Korean paragraphs."""
    rnd = random.Random(seed)
    lines: list[str] = []
    total = 0
    while total < size:
        para = " ".join(rnd.choice(SENTENCES) for _ in range(rnd.randint(2, 5)))
        para += f" (제{len(lines) + 1}항)"
        lines.append(para)
        total += len(para.encode()) + 2
    return "\n\n".join(lines)


def write(folder: Path, fmt: str, body: str) -> Path:
    title = "대형 기사 처리 시간 측정"
    if fmt == "json":
        path = folder / "big.json"
        path.write_text(json.dumps({"title": title, "body": body}, ensure_ascii=False), "utf-8")
    elif fmt == "txt":
        path = folder / "big.txt"
        path.write_text(f"{title}\n입력 2024.05.01 오후 3:30\n\n{body}\n", "utf-8")
    else:
        path = folder / "big.md"
        path.write_text(f"---\ntitle: {title}\ndate: 2024-05-01\n---\n\n{body}\n", "utf-8")
    return path


def child(fmt: str, megabytes: float, max_body: int | None) -> None:
    import artindex
    from artindex.analysis.morphology import get_kiwi

    get_kiwi("", 1).tokenize("모델을 먼저 읽는다")
    size_bytes = int(megabytes * 1_000_000)
    extra = {} if max_body is None else {"max_body_chars": max_body}
    settings = artindex.Settings(workers=1, **extra)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        count = 100 if megabytes < 0.01 else 1
        size = 0
        for n in range(count):
            sub = folder / f"{n:03d}"
            sub.mkdir()
            size += write(sub, fmt, article_text(size_bytes, seed=n)).stat().st_size
        started = time.perf_counter()
        report = artindex.build([folder], Path(tmp) / "ix", settings)
        took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"bytes": size, "seconds": took, "peak_mb": peak,
                      "indexed": report.indexed, "warnings": len(report.warnings)}))  # fmt: skip


def run(
    fmt: str, megabytes: float, timeout: float, max_body: int | None
) -> dict[str, float] | None:
    cmd = [sys.executable, __file__, "--child", str(megabytes), "--format", fmt]
    if max_body is not None:
        cmd += ["--max-body-chars", str(max_body)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0.5,1,2,4")
    parser.add_argument("--format", default="md", choices=["md", "txt", "json"])
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--max-body-chars", type=int, default=None)
    parser.add_argument("--child", type=float, default=None)
    args = parser.parse_args()
    if args.child is not None:
        child(args.format, args.child, args.max_body_chars)
        return
    limit = args.max_body_chars
    base = run(args.format, 0.003, args.timeout, limit)
    shown = "default" if limit is None else limit or "none"
    print(f"format {args.format}; one article per build (baseline: 100 of 3 KB), workers=1, "
          f"max_body_chars {shown}")  # fmt: skip
    print(f"{'size':>8} {'seconds':>9} {'s/MB':>8} {'peak MB':>8} {'indexed':>8} {'warnings':>9}")
    rows = [(0.003, base)] + [(float(s), run(args.format, float(s), args.timeout, limit))
                              for s in args.sizes.split(",")]  # fmt: skip
    for mb, res in rows:
        if res is None:
            print(f"{mb:>6.3f}MB {'timeout':>9}")
            continue
        real = res["bytes"] / 1e6
        print(f"{real:>6.3f}MB {res['seconds']:>9.2f} {res['seconds'] / real:>8.2f} "
              f"{res['peak_mb']:>8.0f} {res['indexed']:>8.0f} {res['warnings']:>9.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
