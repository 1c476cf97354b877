"""Measured steps. Each runs in its own fresh process: ``python -m benchlib.steps NAME ARGS OUT``.

A step writes a JSON record to OUT: its own timings plus the peak resident memory of the
process and of its waited-for children (worker pools), so steps never share caches or memory.
"""

from __future__ import annotations

import contextlib
import cProfile
import json
import math
import os
import resource
import shutil
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


def _records(corpus_dir: Path) -> Iterator[dict[str, Any]]:
    for path in sorted(corpus_dir.glob("shard-*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def latency_summary(times_ms: list[float]) -> dict[str, float]:
    """Median and nearest-rank p95 of per-query latencies."""
    ordered = sorted(times_ms)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {
        "median_ms": statistics.median(ordered),
        "p95_ms": p95,
        "max_ms": ordered[-1],
        "mean_ms": statistics.fmean(ordered),
    }


def _time_queries(run: Callable[[str], int], queries: list[str], warmup: int) -> dict[str, Any]:
    for q in queries[:warmup]:
        run(q)
    times, totals = [], []
    for q in queries[warmup:]:
        start = time.perf_counter()
        totals.append(run(q))
        times.append((time.perf_counter() - start) * 1000)
    summary = latency_summary(times)
    summary["queries"] = len(times)
    summary["with_hits"] = sum(1 for t in totals if t > 0)
    summary["mean_total"] = statistics.fmean(totals)
    return summary


# --- Kiwi alone -------------------------------------------------------------------------


def kiwi_alone(corpus_dir: str) -> dict[str, Any]:
    """Kiwi tokenization of title + body of every article, all cores, model load timed apart."""
    texts = [r.get("title", "") + "\n" + r.get("body", "") for r in _records(Path(corpus_dir))]
    start = time.perf_counter()
    from kiwipiepy import Kiwi

    kiwi = Kiwi(num_workers=os.cpu_count())
    kiwi.tokenize("형태소 분석기를 미리 데워 둡니다.")  # its first call initialises lazily (~1.5 s)
    load = time.perf_counter() - start
    start = time.perf_counter()
    # Counted, not kept: a list of every Token of 30k articles would measure memory, not Kiwi.
    tokens = sum(len(toks) for toks in kiwi.tokenize(texts))
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "load_seconds": load,
        "workers": os.cpu_count(),
        "articles": len(texts),
        "chars": sum(len(t) for t in texts),
        "tokens": tokens,
    }


# --- plain Whoosh ------------------------------------------------------------------------


def whoosh_build(corpus_dir: str, index_dir: str) -> dict[str, Any]:
    """Plain Whoosh as installed: StandardAnalyzer, one writer, limitmb=256, one commit."""
    from whoosh import index
    from whoosh.fields import TEXT, Schema

    shutil.rmtree(index_dir, ignore_errors=True)
    Path(index_dir).mkdir(parents=True)
    start = time.perf_counter()
    ix = index.create_in(index_dir, Schema(title=TEXT(stored=True), body=TEXT(stored=True)))
    writer = ix.writer(limitmb=256)
    count = 0
    for rec in _records(Path(corpus_dir)):
        writer.add_document(title=rec.get("title", ""), body=rec.get("body", ""))
        count += 1
    writer.commit()
    return {"seconds": time.perf_counter() - start, "articles": count}


def whoosh_query(index_dir: str, queries_file: str, warmup: int) -> dict[str, Any]:
    """Default QueryParser over body (AND), limit 10, stored title and highlights per hit."""
    from whoosh import index
    from whoosh.qparser import QueryParser

    queries = json.loads(Path(queries_file).read_text(encoding="utf-8"))
    start = time.perf_counter()
    ix = index.open_dir(index_dir)
    searcher = ix.searcher()
    parser = QueryParser("body", ix.schema)
    open_seconds = time.perf_counter() - start
    counted: list[Any] = []

    def run(q: str) -> int:
        results = searcher.search(parser.parse(q), limit=10)
        shown = [(hit["title"], hit.highlights("body")) for hit in results]
        counted.append(results)  # the total count is taken outside the timed part
        return len(shown)

    summary = _time_queries(run, queries, warmup)
    summary["mean_total"] = statistics.fmean(len(r) for r in counted[warmup:])
    summary["open_seconds"] = open_seconds
    searcher.close()
    return summary


# --- artindex ----------------------------------------------------------------------------


def artindex_build(
    corpus_dir: str, index_dir: str, mode: str, workers: int | None = None
) -> dict[str, Any]:
    """``artindex.build`` (with ``workers`` processes) or ``artindex.update`` over the shard
    directory."""
    import artindex

    calls = {
        "build": lambda sources, index: artindex.build(sources, index, workers=workers),
        "rebuild": lambda sources, index: artindex.build(
            sources, index, force=True, workers=workers
        ),
        "update": artindex.update,
    }
    call = calls[mode]
    profile_dir = os.environ.get("BENCH_PROFILE")
    profiler = cProfile.Profile() if profile_dir else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    report = call([corpus_dir], index_dir)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - start
    if profiler and profile_dir:
        Path(profile_dir).mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(str(Path(profile_dir) / f"artindex-{mode}-{os.getpid()}.prof"))
    return {
        "seconds": seconds,
        "indexed": report.indexed,
        "skipped": len(report.skipped),
        "removed": report.removed,
        "unchanged": report.unchanged,
        "duplicates": report.duplicates,
        "report_seconds": report.seconds,
        "workers": workers,
    }


def artindex_query(
    index_dir: str, queries_file: str, warmup: int, query_analysis: str = "auto"
) -> dict[str, Any]:
    """``Index.open(...).search(q, limit=10)`` with its default snippets, every hit touched.
    ``query_analysis: table`` searches without Kiwi's model (words the table lacks guessed)."""
    import artindex

    queries = json.loads(Path(queries_file).read_text(encoding="utf-8"))
    sampler = StatusPeaks()
    sampler.start()
    start = time.perf_counter()
    settings = artindex.Settings(query_analysis=query_analysis)
    idx = artindex.Index.open(index_dir, settings, preload=False)
    open_seconds = time.perf_counter() - start

    def run(q: str) -> int:
        res = idx.search(q, limit=10)
        _ = [(hit.title, hit.snippet) for hit in res.hits]
        return int(res.total)

    summary = _time_queries(run, queries, warmup)
    summary["open_seconds"] = open_seconds  # Kiwi's model loads with the first query needing it
    summary["anon_peak_mb"], summary["file_peak_mb"] = sampler.stop()
    summary["kiwi_loaded"] = "kiwipiepy" in sys.modules
    close = getattr(idx, "close", None)
    if callable(close):
        close()
    return summary


def artindex_threads(
    index_dir: str, queries_file: str, warmup: int, threads: int
) -> dict[str, Any]:
    """Searches per second of one shared ``Index`` with ``threads`` threads splitting the
    queries (each query run once, as ``artindex_query`` runs it)."""
    import artindex

    queries = json.loads(Path(queries_file).read_text(encoding="utf-8"))
    idx = artindex.Index.open(index_dir)
    for q in queries[:warmup]:
        idx.search(q, limit=10)
    measured = queries[warmup:]
    parts = [measured[i::threads] for i in range(threads)]

    def work(part: list[str]) -> None:
        for q in part:
            res = idx.search(q, limit=10)
            _ = [(hit.title, hit.snippet) for hit in res.hits]

    workers = [threading.Thread(target=work, args=(part,)) for part in parts]
    start = time.perf_counter()
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    seconds = time.perf_counter() - start
    idx.close()
    return {
        "threads": threads,
        "searches": len(measured),
        "seconds": seconds,
        "per_second": len(measured) / seconds,
    }


class StatusPeaks(threading.Thread):
    """Peak anonymous and file-backed resident memory of this process (``RssAnon`` and
    ``RssFile`` of /proc/self/status): what it holds, apart from mapped files' pages."""

    def __init__(self, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.interval, self.anon_kb, self.file_kb = interval, 0, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            with contextlib.suppress(OSError):
                for line in Path("/proc/self/status").read_text().splitlines():
                    if line.startswith("RssAnon:"):
                        self.anon_kb = max(self.anon_kb, int(line.split()[1]))
                    elif line.startswith("RssFile:"):
                        self.file_kb = max(self.file_kb, int(line.split()[1]))

    def stop(self) -> tuple[float, float]:
        self._stop_event.set()
        self.join()
        return self.anon_kb / 1024, self.file_kb / 1024


def _timed_run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    import subprocess

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        raise RuntimeError(f"{cmd} exited {proc.returncode}: {err.strip()[-300:]}")
    return seconds, usage.ru_maxrss / 1024


def _median_run(cmd: list[str], runs: int) -> dict[str, float]:
    timed = [_timed_run(cmd) for _ in range(runs)]
    return {
        "seconds": statistics.median(t for t, _ in timed),
        "peak_mb": max(m for _, m in timed),
    }


def _without_word_table(index_dir: str, dest: Path) -> str:
    """A hard-linked copy of the index less its word table: an index written before the
    table existed, whose Korean queries load Kiwi (the baseline of the same run)."""
    shutil.copytree(index_dir, dest, copy_function=os.link)
    for table in dest.glob("gen-*/words.sqlite"):
        table.unlink()
    return str(dest)


def cli_start(index_dir: str, queries_file: str, runs: int = 5) -> dict[str, Any]:
    """Wall time of ``import artindex`` and of one ``artindex search`` from the shell (a new
    process each time; median of ``runs``, with the peak RSS of those processes), for the
    first English and the first plain-words Korean query; the Korean one also on the index
    without its word table (Kiwi loads), as the baseline."""
    from artindex.analysis.wordtable import WordTable

    queries = json.loads(Path(queries_file).read_text(encoding="utf-8"))
    # Plain words: a quoted phrase goes through Whoosh's parser, whose analyzers still run Kiwi.
    plain = [q for q in queries if any("\uac00" <= c <= "\ud7a3" for c in q) and '"' not in q]
    gens = sorted(Path(index_dir).glob("gen-*"))
    table = WordTable.open(gens[-1]) if gens else None
    covered = [q for q in plain if table is not None and table.compose(q) is not None]
    # The first query whose words the table knows (the case it serves), and how many do.
    korean = covered[0] if covered else plain[0]
    english = next(q for q in queries if q.isascii())

    def cli(query: str, index: str) -> list[str]:
        return [sys.executable, "-m", "artindex", "search", query, "--index", index, "-n", "10"]

    out: dict[str, Any] = {"runs": runs, "korean_query": korean, "english_query": english}
    out["korean_covered"] = f"{len(covered)} of {len(plain)} plain Korean queries"
    out["import"] = _median_run([sys.executable, "-c", "import artindex"], runs)
    out["python"] = _median_run([sys.executable, "-c", "pass"], runs)
    out["english"] = _median_run(cli(english, index_dir), runs)
    out["korean"] = _median_run(cli(korean, index_dir), runs)
    # Issue 21: any ordinary question, with a word the table lacks, ≤ 1 s without Kiwi's model.
    # A plain Korean query of 3+ words the table does not cover, else a covered one with a
    # word no corpus has added (a name the generator never writes).
    unseen = next((q for q in plain if q not in covered and len(q.split()) >= 3), None)
    if unseen is None:  # invented names; the first the table lacks
        names = ("뢸벡쿤스트하우스에서", "퀼렌보르흐스타트는", "뒤랑고스키에게")
        name = next(n for n in names if table is None or table.compose(n) is None)
        unseen = " ".join([*korean.split()[:2], name])
    config = Path(index_dir).parent / "query-analysis-kiwi.yaml"
    config.write_text("query_analysis: kiwi\n", encoding="utf-8")
    out["unseen_query"] = unseen
    out["korean_unseen"] = _median_run(cli(unseen, index_dir), runs)
    out["korean_unseen_kiwi"] = _median_run(
        [sys.executable, "-m", "artindex", "--config", str(config), *cli(unseen, index_dir)[3:]],
        runs,
    )
    old = _without_word_table(index_dir, Path(index_dir).parent / "index-without-word-table")
    try:
        out["korean_kiwi"] = _median_run(cli(korean, old), runs)
    finally:
        shutil.rmtree(old, ignore_errors=True)
    table = sorted(Path(index_dir).glob("gen-*/words.sqlite"))
    out["word_table_mb"] = table[-1].stat().st_size / 1e6 if table else None
    out["import_seconds"] = out["import"]["seconds"]
    out["python_seconds"] = out["python"]["seconds"]
    out["seconds"] = max(
        out["english"]["seconds"], out["korean"]["seconds"], out["korean_unseen"]["seconds"]
    )
    return out


STEPS: dict[str, Callable[..., dict[str, Any]]] = {
    "artindex_threads": artindex_threads,
    "cli_start": cli_start,
    "kiwi_alone": kiwi_alone,
    "whoosh_build": whoosh_build,
    "whoosh_query": whoosh_query,
    "artindex_build": artindex_build,
    "artindex_query": artindex_query,
}


def peak_memory_mb() -> dict[str, float]:
    """ru_maxrss (KiB on Linux) of this process and of the largest waited-for child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rss_self_mb": own, "rss_children_mb": children, "peak_mb": max(own, children)}


class TreeMemory(threading.Thread):
    """Samples the summed PSS of this process and all its descendants (workers run together).

    ru_maxrss gives the largest single process; this gives what the machine had to hold at once.
    PSS splits pages shared after fork between the processes, so the sum does not count them twice.
    """

    def __init__(self, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.interval, self.peak_kb = interval, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _tree(os.getpid())))

    def stop(self) -> float:
        self._stop_event.set()
        self.join()
        return self.peak_kb / 1024


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in task.read_text().split()]
    return pids


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its waited-for children."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _cpu_stall_us() -> int | None:
    """Total microseconds some task waited for a CPU (Linux pressure stall information)."""
    try:
        first = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    return int(first.rsplit("total=", 1)[1])


def main(argv: list[str]) -> int:
    name, args_json, out = argv
    sampler = TreeMemory()
    sampler.start()
    load_before, stall_before, wall_before = os.getloadavg()[0], _cpu_stall_us(), time.time()
    result = STEPS[name](**json.loads(args_json))
    result["tree_pss_mb"] = sampler.stop()
    result["loadavg_1m"] = [load_before, os.getloadavg()[0]]
    result["cpu_seconds"] = _cpu_seconds()
    if stall_before is not None and (stall_after := _cpu_stall_us()) is not None:
        # share of the step's wall time during which some runnable task waited for a CPU
        result["cpu_stall_share"] = (stall_after - stall_before) / 1e6 / (time.time() - wall_before)
    result.update(peak_memory_mb())
    Path(out).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
