"""Searches from many threads of one process, while another process rewrites the index.

Every answer names the generation that gave it; the updating process alternates two known
article sets, so each generation's content is known, and each answer must equal what a
single-threaded search of a fresh index of that set returns.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import artindex
from artindex import Article, Index, Settings
from conftest import make_article

TOPICS = (
    ("박람회", "창업 박람회가 대전에서 열렸다. 스타트업 320곳이 참가했다."),
    ("예산", "국회가 내년도 예산안을 처리했다. 법정 시한을 넘겼다."),
    ("장마", "장마가 다음 주 시작된다. 남부 지방에 많은 비가 예상된다."),
    ("반도체", "반도체 수출이 석 달 연속 늘었다. 메모리 가격이 올랐다."),
    ("축구", "고교 축구 결승에서 승부차기 끝에 우승했다."),
)
ENGLISH = (
    ("Marathon runners brave the heat", "Thousands of runners ran the city marathon."),
    ("Chip exports rise", "Semiconductor exports rose for a third month."),
)


def article_set(variant: str) -> list[Article]:
    """Two sets that rank differently: B drops some articles and adds others."""
    out = []
    for i, (word, body) in enumerate(TOPICS * 3):
        if variant == "B" and i % 3 == 0:
            continue
        out.append(make_article(f"{variant}-ko-{i}", f"{word} 소식 {i}", body * (1 + i % 4)))
    for i, (title, body) in enumerate(ENGLISH * 2):
        out.append(make_article(f"en-{i}", title, body * (1 + i), lang="en"))
    if variant == "B":
        out.append(make_article("B-extra", "박람회 예산 장마", "박람회 예산 장마 반도체 축구"))
    return out


QUERIES = (
    "박람회",
    "예산안은 언제 처리됐나?",
    "장마 반도체",
    "축구 AND 우승",
    '"반도체 수출"',
    "marathon runners",
    "chip exports",
    "박람회 -대전",
)

UPDATER = """
import json, sys, time
from pathlib import Path
import artindex
from artindex import Article, Settings

path, sets_file, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
sets = {k: [Article(**a) for a in v] for k, v in json.loads(sets_file.read_text()).items()}
for i in range(200):
    if stop.exists():
        break
    artindex.build_articles(sets["B" if i % 2 == 0 else "A"], path, Settings())
    time.sleep(0.05)
"""


def answer(index: Index, query: str) -> tuple[str, list[tuple[str, float]], int]:
    result = index.search(query, limit=5)
    return result.generation, [(h.id, round(h.score, 9)) for h in result.hits], result.total


def expected_answers(tmp_path: Path) -> dict[str, dict[str, tuple[list[tuple[str, float]], int]]]:
    """Each set's answers, from a fresh index searched by one thread."""
    out = {}
    for variant in ("A", "B"):
        path = tmp_path / f"expected-{variant}"
        artindex.build_articles(article_set(variant), path, Settings())
        with Index.open(path, Settings()) as idx:
            out[variant] = {q: answer(idx, q)[1:] for q in QUERIES}
    return out


def test_eight_threads_match_one_thread_while_another_process_updates(tmp_path: Path) -> None:
    """8 threads share one Index while a second process swaps in new generations; every
    answer equals the single-threaded answer for the generation that gave it."""
    path = tmp_path / "index"
    artindex.build_articles(article_set("A"), path, Settings())  # gen-000001 holds set A
    sets_file = tmp_path / "sets.json"
    sets_file.write_text(
        json.dumps({v: [_plain(a) for a in article_set(v)] for v in ("A", "B")}), "utf-8"
    )
    stop = tmp_path / "stop"
    updater = subprocess.Popen(
        [sys.executable, "-c", UPDATER, str(path), str(sets_file), str(stop)],
        stderr=subprocess.PIPE,
    )
    answers: list[tuple[str, str, list[tuple[str, float]], int]] = []
    errors: list[BaseException] = []
    idx = Index.open(path, Settings())
    deadline = time.monotonic() + 90

    def worker(offset: int) -> None:
        try:
            rounds = 0
            while rounds < 3 or (len(_generations(answers)) < 3 and time.monotonic() < deadline):
                for q in QUERIES[offset:] + QUERIES[:offset]:
                    gen, hits, total = answer(idx, q)
                    answers.append((gen, q, hits, total))
                rounds += 1
        except BaseException as exc:  # reported below, with the thread's traceback
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i % len(QUERIES),)) for i in range(8)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        stop.touch()
        updater.wait(timeout=120)
        idx.close()
    assert not errors, errors
    assert updater.returncode == 0, updater.stderr.read() if updater.stderr else ""
    seen = _generations(answers)
    print(f"\n{len(answers)} answers from 8 threads over generations {sorted(seen)}")
    assert len(seen) >= 2, f"the updater swapped no generation in during the searches: {seen}"
    expected = expected_answers(tmp_path)
    for gen, query, hits, total in answers:
        variant = "A" if int(gen.removeprefix("gen-")) % 2 == 1 else "B"
        assert (hits, total) == expected[variant][query], (gen, query)


def _generations(answers: list[tuple[str, str, list[tuple[str, float]], int]]) -> set[str]:
    return {a[0] for a in list(answers)}


def _plain(article: Article) -> dict[str, object]:
    data = article.to_dict()
    return {k: data[k] for k in ("id", "title", "body", "source", "url", "lang", "path")}


def test_one_index_runs_one_search_at_a_time(small_index: Index) -> None:
    """Eight threads searching one Index never run two searches at once (a search is mostly
    Python under the GIL: two at once were slower than one, docs/benchmarks.md), and each
    still gets its own answer."""
    active, peak, lock = 0, 0, threading.Lock()
    real = small_index._search

    def counted(*args: object, **kwargs: object) -> object:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        try:
            time.sleep(0.002)  # widen the window two overlapping searches would share
            return real(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            with lock:
                active -= 1

    small_index._search = counted  # type: ignore[method-assign]
    try:
        totals: list[int] = []
        threads = [
            threading.Thread(target=lambda: totals.append(small_index.search("고객").total))
            for _ in range(8)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        del small_index._search
    assert peak == 1 and len(totals) == 8 and len(set(totals)) == 1 and totals[0] > 0
