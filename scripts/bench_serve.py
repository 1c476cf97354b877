#!/usr/bin/env python
"""Load test of ``artindex serve`` on the 3,000-article bench corpus, loopback only.

Usage:
    python scripts/bench_serve.py                      # 3,000 articles, 2 workers, 15 s phases
    python scripts/bench_serve.py --seconds 5 --articles 300      # a smoke run
    python scripts/bench_serve.py --workdir /tmp/x --workers 2 --json out.json

Starts ``artindex serve --workers N`` on a free 127.0.0.1 port over an index of the generated
corpus (built once per work directory and reused), then runs timed phases of 1, 2 and 16
concurrent clients (each a separate process with a keep-alive connection sending
``GET /api/search?q=...&limit=10`` back to back), then a phase during which ``artindex
update`` adds a shard of marked articles and swaps in a new generation. Every answer must be
200; every answer to the marker query must count either none or all of the marked articles
(a complete old or new generation, never a half-written one), and after the update every
worker must answer from the new one. The server's memory (all its processes) is sampled
between phases. Prints Markdown tables; exits 1 on any error or inconsistent answer.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing as mp
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from benchlib import corpus

SCRIPTS = Path(__file__).resolve().parent
GENERATOR = SCRIPTS.parent.parent / "shared" / "tools" / "make_scale_corpus.py"
MARKER = "zebrafinchmarker"  # a word no generated article contains
MARKED = 50  # articles the mid-run update adds
P95_TARGET_MS = 60.0
SCALING_TARGET = 1.8


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--articles", type=int, default=3000, help="corpus size (3000)")
    p.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (2)")
    p.add_argument(
        "--concurrency", type=int, help="searches each worker runs at a time (serve's default)"
    )
    p.add_argument("--seconds", type=float, default=15.0, help="length of each phase (15)")
    p.add_argument("--queries", type=int, default=300, help="distinct queries (300)")
    p.add_argument("--workdir", type=Path, help="scratch directory, reused between runs")
    p.add_argument("--prepare-only", action="store_true", help="build the index, measure nothing")
    p.add_argument("--json", type=Path, help="also write the measurements to this file")
    p.add_argument("--timeout", type=float, default=3600, help="seconds for build or update")
    return p.parse_args(argv)


def log(message: str) -> None:
    print(f"[bench-serve {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cli(workdir: Path, *args: str, timeout: float) -> None:
    """Run the artindex CLI in ``workdir`` (so no artindex.yaml of the caller applies)."""
    cmd = [sys.executable, "-m", "artindex", *args]
    subprocess.run(cmd, cwd=workdir, check=True, timeout=timeout, stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------------------- corpus


def prepare(args: argparse.Namespace, workdir: Path) -> tuple[list[str], Path]:
    """The corpus, its queries, the marked shard kept aside, and an index of the corpus
    without the marked shard (built once, then brought back to that state by update)."""
    jsonl = corpus.generate(GENERATOR, args.articles, workdir / f"corpus-{args.articles}.jsonl")
    records = corpus.read_records(jsonl)
    source = workdir / f"docs-{args.articles}"
    marked = source / "shard-marked.jsonl"
    if not (source / "shard-000.jsonl").exists():
        corpus.shard(records, source)
    marked.unlink(missing_ok=True)
    index = workdir / f"index-{args.articles}"
    started = time.perf_counter()
    verb = "update" if (index / "manifest.json").exists() else "build"
    try:
        cli(workdir, verb, source.name, "--index", index.name, timeout=args.timeout)
    except subprocess.CalledProcessError:
        # An index left by an older artindex (other schema or analysis) cannot be
        # updated: rebuild it instead of stopping the benchmark.
        verb = "build"
        cli(workdir, verb, source.name, "--index", index.name, "--force", timeout=args.timeout)
    log(f"{verb} of {len(records)} articles: {time.perf_counter() - started:.1f} s")
    return corpus.derive_queries(records, args.queries), index


def write_marked(workdir: Path, articles: int) -> Path:
    records = corpus.read_records(workdir / f"corpus-{articles}.jsonl")[:MARKED]
    path = workdir / f"docs-{articles}" / "shard-marked.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, rec in enumerate(records):
            rec = dict(rec, id=f"marked{i:03d}", body=rec["body"] + f" {MARKER}")
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


# ---------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    workdir: Path, index: Path, workers: int, concurrency: int | None
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    cmd = [sys.executable, "-m", "artindex", "serve", "--index", index.name]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    if concurrency:
        cmd += ["--concurrency", str(concurrency)]
    log_path = workdir / "serve.log"
    with log_path.open("wb") as log_file:  # the child keeps its own handle
        proc = subprocess.Popen(cmd, cwd=workdir, stdout=log_file, stderr=log_file)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"artindex serve exited: {log_path.read_text()[-800:]}")
        try:
            status, _ = get("127.0.0.1", port, "/healthz")
            if status == 200 and len(server_processes(proc)) > workers:
                return proc, port
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(proc)
    raise SystemExit("artindex serve did not answer within 300 s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Stop uvicorn's supervisor and, should any outlive it, its worker processes."""
    children = server_processes(proc)[1:]
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()


def server_processes(proc: subprocess.Popen[bytes]) -> list[psutil.Process]:
    try:
        parent = psutil.Process(proc.pid)
        return [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def rss_mb(proc: subprocess.Popen[bytes]) -> float:
    total = 0
    for p in server_processes(proc):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total / 1e6


def cpu_s(proc: subprocess.Popen[bytes]) -> float:
    """CPU seconds (user + system) used so far by all the server's processes."""
    total = 0.0
    for p in server_processes(proc):
        with contextlib.suppress(psutil.NoSuchProcess):
            times = p.cpu_times()
            total += times.user + times.system
    return total


def get(host: str, port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# ---------------------------------------------------------------------------- clients


@dataclass
class Outcome:
    """What one client saw: latencies of the ordinary queries, errors, marker answers."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    marker: list[tuple[float, int]] = field(default_factory=list)  # (time, total)
    cpu_s: float = 0.0  # CPU the answers cost where it is measured (the library baseline)


def client(
    port: int, queries: list[str], offset: int, stop_at: float, stop: Any, marker_every: int
) -> Outcome:
    """Send searches back to back on one keep-alive connection until ``stop_at`` or ``stop``."""
    out = Outcome()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    n = offset
    while time.time() < stop_at and not stop.is_set():
        n += 1
        is_marker = marker_every > 0 and n % marker_every == 0
        q = MARKER if is_marker else queries[n % len(queries)]
        path = "/api/search?" + urllib.parse.urlencode({"q": q, "limit": 10})
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            out.errors.append(f"{type(exc).__name__}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            out.errors.append(f"HTTP {response.status} for {q!r}: {body[:200]!r}")
        elif is_marker:
            out.marker.append((time.time(), int(json.loads(body)["total"])))
        else:
            out.latencies.append(elapsed)
    conn.close()
    return out


def library_client(index: str, queries: list[str], seconds: float) -> Outcome:
    """The baseline: the same searches through ``Index.search`` in one process, no HTTP."""
    from artindex import Index

    out = Outcome()
    with Index.open(index) as idx:
        for q in queries[:10]:
            idx.search(q, limit=10)  # warm up
        stop_at, n = time.time() + seconds, 0
        cpu_started = time.process_time()
        while time.time() < stop_at:
            n += 1
            started = time.perf_counter()
            idx.search(queries[n % len(queries)], limit=10)
            out.latencies.append((time.perf_counter() - started) * 1000)
        out.cpu_s = time.process_time() - cpu_started
    return out


def library_phase(index: Path, queries: list[str], seconds: float) -> Phase:
    """Run :func:`library_client` in a fresh interpreter (its Kiwi stays out of this one)."""
    with mp.get_context("spawn").Pool(1) as pool:
        started = time.time()
        out = pool.apply(library_client, (str(index), queries, seconds))
    phase = Phase("library, in-process (baseline)", 1, time.time() - started, [out], 0.0, 0.0)
    phase.seconds, phase.cpu_s = seconds, out.cpu_s
    log(f"{phase.name}: p50 {phase.pct(0.5):.1f} ms, p95 {phase.pct(0.95):.1f} ms")
    return phase


def _client_main(args: tuple[Any, ...]) -> Outcome:
    return client(*args)


@dataclass
class Phase:
    name: str
    clients: int
    seconds: float
    outcomes: list[Outcome]
    rss_before: float
    rss_after: float
    note: str = ""
    cpu_s: float = 0.0  # the server's CPU seconds during the phase (the library's for the baseline)

    @property
    def latencies(self) -> list[float]:
        return sorted(x for o in self.outcomes for x in o.latencies)

    @property
    def errors(self) -> list[str]:
        return [e for o in self.outcomes for e in o.errors]

    @property
    def marker(self) -> list[tuple[float, int]]:
        return sorted(m for o in self.outcomes for m in o.marker)

    def pct(self, q: float) -> float:
        lat = self.latencies
        return lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")

    @property
    def answers(self) -> int:
        return len(self.latencies) + len(self.marker)

    @property
    def throughput(self) -> float:
        return self.answers / self.seconds

    @property
    def cpu_ms(self) -> float:
        """CPU milliseconds per answer: the cost of an answer whatever else the machine runs."""
        return self.cpu_s * 1000 / self.answers if self.answers else float("nan")


def run_phase(
    name: str,
    clients: int,
    seconds: float,
    ctx: dict[str, Any],
    during: Any = None,
    marker_every: int = 0,
) -> Phase:
    """``clients`` processes for ``seconds`` (or, with ``during``, until that call returns
    plus ``seconds``)."""
    pool, stop, proc = ctx["pool"], ctx["stop"], ctx["proc"]
    stop.clear()
    rss_before, cpu_before = rss_mb(proc), cpu_s(proc)
    started = time.time()
    stop_at = started + (ctx["timeout"] if during else seconds)
    jobs = [
        (ctx["port"], ctx["queries"], i * 37, stop_at, stop, marker_every) for i in range(clients)
    ]
    pending = pool.map_async(_client_main, jobs)
    note = ""
    if during is not None:
        time.sleep(2.0)
        note = during()
        time.sleep(seconds)
        stop.set()
    outcomes = pending.get(timeout=ctx["timeout"] + seconds + 60)
    elapsed = time.time() - started
    phase = Phase(name, clients, elapsed, outcomes, rss_before, rss_mb(proc), note)
    phase.cpu_s = cpu_s(proc) - cpu_before
    log(
        f"{name}: {len(phase.latencies)} answers, {len(phase.errors)} errors, "
        f"{phase.throughput:.1f}/s, p50 {phase.pct(0.5):.1f} ms, p95 {phase.pct(0.95):.1f} ms, "
        f"{phase.cpu_ms:.1f} CPU ms per answer"
    )
    return phase


# ---------------------------------------------------------------------------- checks and report


def check_generations(phase: Phase, update_done: float) -> list[str]:
    """Marker answers count none or all of the marked articles; from a second after the
    update returned, all of them (every worker moved to the new generation)."""
    problems = []
    totals = phase.marker
    partial = [t for _, t in totals if t not in (0, MARKED)]
    if partial:
        problems.append(f"{len(partial)} answers from an incomplete generation: {partial[:5]}")
    late = [t for when, t in totals if when > update_done + 1.0 and t != MARKED]
    if late:
        problems.append(f"{len(late)} answers from the old generation after the update")
    if not any(t == 0 for _, t in totals) or not any(t == MARKED for _, t in totals):
        problems.append("the marker query was not answered both before and after the swap")
    return problems


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def report(phases: list[Phase], args: argparse.Namespace, checks: list[str]) -> str:
    lines = [
        f"{args.articles} articles, `artindex serve --workers {args.workers}"
        + (f" --concurrency {args.concurrency}" if args.concurrency else "")
        + f"`, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end. "
        "Answers/s and latencies are measured by the clients, over HTTP on loopback; the "
        "first row is the same searches through `Index.search` in one process, no server. "
        "CPU ms per answer: the server processes' CPU time (the library process's for the "
        "first row) over the answers, which other jobs on the machine do not inflate.",
        "",
        _row(
            [
                "phase",
                "clients",
                "answers",
                "errors",
                "answers/s",
                "p50",
                "p95",
                "p99",
                "CPU ms per answer",
                "server RSS before → after",
            ]
        ),
        _row(["---"] * 10),
    ]
    for p in phases:
        lines.append(
            _row(
                [
                    p.name + (f" ({p.note})" if p.note else ""),
                    str(p.clients),
                    str(len(p.latencies) + len(p.marker)),
                    str(len(p.errors)),
                    f"{p.throughput:.1f}",
                    f"{p.pct(0.5):.1f} ms",
                    f"{p.pct(0.95):.1f} ms",
                    f"{p.pct(0.99):.1f} ms",
                    f"{p.cpu_ms:.1f}",
                    f"{p.rss_before:.0f} → {p.rss_after:.0f} MB" if p.rss_after else "",
                ]
            )
        )
    by = {p.name: p for p in phases}
    one, two, many = by["1 client"], by["2 clients"], by["16 clients"]
    lib = by["library, in-process (baseline)"]
    scaling = many.throughput / one.throughput if one.throughput else 0.0
    errors = sum(len(p.errors) for p in phases)
    first, last = by["warm-up"].rss_after, phases[-1].rss_after
    verdict = {True: "met", False: "**missed**"}
    lines += [
        "",
        _row(["target", "measured", "verdict"]),
        _row(["---"] * 3),
        _row(
            [
                "p95 with 2 clients ≤ 60 ms",
                f"{two.pct(0.95):.1f} ms",
                verdict[two.pct(0.95) <= P95_TARGET_MS],
            ]
        ),
        _row(
            [
                "16 clients ≥ 1.8 × one client's answers/s",
                f"{scaling:.2f}×",
                verdict[scaling >= SCALING_TARGET],
            ]
        ),
        _row(["zero errors", str(errors), verdict[errors == 0]]),
        _row(
            [
                "(no target) 1 client over HTTP vs the library in-process, p50",
                f"{one.pct(0.5):.1f} vs {lib.pct(0.5):.1f} ms ({one.pct(0.5) / lib.pct(0.5):.2f}×)",
                "n/a",
            ]
        ),
        _row(
            [
                "(no target) CPU per answer, 1 client over HTTP vs the library",
                f"{one.cpu_ms:.1f} vs {lib.cpu_ms:.1f} ms ({one.cpu_ms / lib.cpu_ms:.2f}×)",
                "n/a",
            ]
        ),
        _row(
            [
                "every answer from a complete generation",
                "; ".join(checks) or "yes",
                verdict[not checks],
            ]
        ),
        _row(
            [
                "memory flat (after warm-up → end)",
                f"{first:.0f} → {last:.0f} MB",
                verdict[last <= first * 1.15],
            ]
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not GENERATOR.exists():
        log(f"the corpus generator {GENERATOR} is missing; nothing to measure")
        return 1
    workdir = args.workdir or Path(tempfile.gettempdir()) / "artindex-bench-serve"
    workdir.mkdir(parents=True, exist_ok=True)
    queries, index = prepare(args, workdir)
    if args.prepare_only:
        return 0
    baseline = library_phase(index, queries, args.seconds)
    proc, port = start_server(workdir, index, args.workers, args.concurrency)
    log(f"serving {index} on 127.0.0.1:{port} with {args.workers} workers")
    manager = mp.Manager()
    try:
        with mp.get_context("fork").Pool(16) as pool:
            ctx = {
                "pool": pool,
                "stop": manager.Event(),
                "proc": proc,
                "port": port,
                "queries": queries,
                "timeout": args.timeout,
            }
            phases = measure(args, workdir, index, ctx)
    finally:
        stop_server(proc)
        manager.shutdown()
    swap = phases[-1]
    checks = check_generations(swap, float(swap.note.split("@")[1]))
    swap.note = swap.note.split("@")[0]
    print(report([baseline, *phases], args, checks))
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "phase": p.name,
                        "clients": p.clients,
                        "seconds": p.seconds,
                        "latencies_ms": p.latencies,
                        "errors": p.errors,
                        "marker": p.marker,
                        "rss_before_mb": p.rss_before,
                        "rss_after_mb": p.rss_after,
                        "cpu_s": p.cpu_s,
                    }
                    for p in phases
                ]
            )
        )
    failed = checks or any(p.errors for p in phases)
    for problem in [*checks, *(e for p in phases for e in p.errors[:5])]:
        log(f"problem: {problem}")
    return 1 if failed else 0


def measure(
    args: argparse.Namespace, workdir: Path, index: Path, ctx: dict[str, Any]
) -> list[Phase]:
    """Warm-up, 1, 2 and 16 clients, then 4 clients across an update that swaps a generation."""
    # 4 clients for 12 s: both workers answer (each first loads its model and reads its
    # tables), so the measured phases start warm
    phases = [run_phase("warm-up", 4, min(args.seconds, 12.0), ctx)]
    for name, clients in (("1 client", 1), ("2 clients", 2), ("16 clients", 16)):
        phases.append(run_phase(name, clients, args.seconds, ctx))

    def update() -> str:
        write_marked(workdir, args.articles)
        started = time.perf_counter()
        cli(workdir, "update", f"docs-{args.articles}", "--index", index.name, timeout=args.timeout)
        took = time.perf_counter() - started
        log(f"update with {MARKED} marked articles: {took:.1f} s")
        return f"update {took:.1f} s@{time.time()}"

    phases.append(run_phase("4 clients + update", 4, args.seconds, ctx, update, marker_every=5))
    return phases


if __name__ == "__main__":
    sys.exit(main())
