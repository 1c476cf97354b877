#!/usr/bin/env python
"""Benchmark artindex against plain Whoosh and Kiwi alone, on one corpus, in one run.

Usage:
    python scripts/bench.py                       # 3,000 generated articles, 200 queries
    python scripts/bench.py --quick               # 300 articles, 50 queries: a smoke test
    python scripts/bench.py --sizes 1000,3000 --curve 1000,3000,10000,30000
    python scripts/bench.py --corpus articles.jsonl --workdir /tmp/bench

Every measured step runs in a fresh Python process (see ``benchlib/steps.py``), so its peak
memory is its own and no cache leaks between steps. Results are printed as Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import index_sizes
from benchlib import corpus, report

SCRIPTS = Path(__file__).resolve().parent
REPO = SCRIPTS.parent
GENERATOR = REPO.parent / "shared" / "tools" / "make_scale_corpus.py"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="3000", help="article counts for the main table (3000)")
    p.add_argument(
        "--curve",
        default="",
        help="article counts for the growth curve, e.g. 1000,3000,10000,30000 (off by default)",
    )
    p.add_argument("--corpus", type=Path, help="take this JSONL corpus instead of generating one")
    p.add_argument("--workdir", type=Path, help="scratch directory (default: a new one in /tmp)")
    p.add_argument("--queries", type=int, default=200, help="measured queries (200)")
    p.add_argument("--warmup", type=int, default=10, help="warm-up queries, not measured (10)")
    p.add_argument("--quick", action="store_true", help="300 articles, 50 queries, no curve")
    p.add_argument("--skip-baselines", action="store_true", help="artindex steps only")
    p.add_argument(
        "--only",
        default="",
        help="a partial run: build, then only these artindex steps (comma-separated: "
        "rebuild, update, query, threads, cli_start); implies --skip-baselines",
    )
    p.add_argument(
        "--curve-steps",
        default="",
        help="also run these artindex steps at each curve point (comma-separated: "
        "update, threads, cli_start); a curve point runs only the build and queries otherwise",
    )
    p.add_argument("--json", type=Path, help="also write every measurement to this file")
    p.add_argument("--keep", action="store_true", help="keep the scratch directory")
    p.add_argument(
        "--render", type=Path, help="print the tables of a saved --json file, run nothing"
    )
    p.add_argument("--workers", type=int, default=2, help="worker processes of the full build (2)")
    p.add_argument("--timeout", type=float, default=3 * 3600, help="seconds per step")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.queries, args.curve = "300", 50, ""
    return args


def _sizes(text: str) -> list[int]:
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]


def _names(text: str) -> set[str]:
    return {s.strip() for s in text.split(",") if s.strip()}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Runner:
    """Runs each step in a fresh interpreter and collects its JSON record."""

    def __init__(self, workdir: Path, timeout: float) -> None:
        self.workdir, self.timeout = workdir, timeout
        self.errors: list[str] = []

    def step(self, name: str, label: str, **kwargs: Any) -> dict[str, Any] | None:
        out = self.workdir / f"step-{time.monotonic_ns()}.json"
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(
                filter(None, [str(SCRIPTS), os.environ.get("PYTHONPATH", "")])
            ),
        )
        cmd = [sys.executable, "-m", "benchlib.steps", name, json.dumps(kwargs), str(out)]
        log(f"{label} ...")
        started = time.perf_counter()
        try:
            proc = subprocess.run(
                cmd, env=env, capture_output=True, text=True, timeout=self.timeout, check=False
            )
        except subprocess.TimeoutExpired:
            self.errors.append(f"{label}: timed out after {self.timeout:.0f} s")
            log(self.errors[-1])
            return None
        if proc.returncode != 0 or not out.exists():
            tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            self.errors.append(f"{label}: exit {proc.returncode}: {tail}")
            log(self.errors[-1])
            return None
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        out.unlink()
        result["process_seconds"] = time.perf_counter() - started
        shown = (
            f"{result['seconds']:.2f} s"
            if "seconds" in result
            else f"median {result['median_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms"
        )
        log(f"{label}: {shown}, peak {result['peak_mb']:.0f} MB")
        return result


def artindex_available() -> bool:
    """True once the package exposes the API this benchmark drives."""
    probe = (
        "import artindex as a, sys; sys.exit(not all(hasattr(a, n) for n in "
        "('build', 'update', 'Index')))"
    )
    return subprocess.run([sys.executable, "-c", probe], capture_output=True).returncode == 0


def dir_mb(path: Path) -> float | None:
    """Bytes of the files under ``path``, a hard-linked file counted once (like ``du``)."""
    if not path.exists():
        return None
    sizes = {}
    for f in path.rglob("*"):
        st = f.lstat()
        if f.is_file() and not f.is_symlink():
            sizes[(st.st_dev, st.st_ino)] = st.st_size
    return sum(sizes.values()) / 1e6


class Bench:
    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.args, self.workdir = args, workdir
        self.runner = Runner(workdir, args.timeout)
        self.has_artindex = artindex_available()
        if not self.has_artindex:
            log("artindex.build/update/Index not available yet: artindex steps skipped")

    def corpus_for(self, n: int | None) -> Path:
        if self.args.corpus:
            return self.args.corpus.resolve()
        assert n is not None
        log(f"generating {n:,} articles with {GENERATOR.name}")
        return corpus.generate(GENERATOR, n, self.workdir / f"scale-{n}.jsonl")

    def prepare(self, jsonl: Path, tag: str) -> tuple[Path, dict[str, Any], Path]:
        """Shard the corpus into 100 JSONL files and derive the query list."""
        records = corpus.read_records(jsonl)
        base = self.workdir / tag
        shutil.rmtree(base, ignore_errors=True)
        corpus_dir = base / "corpus"
        shards = corpus.shard(records, corpus_dir)
        queries = corpus.derive_queries(records, self.args.queries + self.args.warmup)
        queries_file = base / "queries.json"
        queries_file.write_text(json.dumps(queries, ensure_ascii=False, indent=1), "utf-8")
        chars = sum(len(r.get("title", "")) + len(r.get("body", "")) for r in records)
        utf8 = sum(len((r.get("title", "") + r.get("body", "")).encode()) for r in records)
        run = {"articles": len(records), "chars": chars, "shards": shards, "corpus": str(jsonl)}
        run["utf8_bytes"] = utf8
        return base, run, queries_file

    def main_run(self, jsonl: Path, tag: str) -> dict[str, Any]:
        base, run, queries_file = self.prepare(jsonl, tag)
        n = run["articles"]
        qargs = {"queries_file": str(queries_file), "warmup": self.args.warmup}
        log(f"main run: {n:,} articles, {run['chars'] / 1e6:.1f} M chars, {run['shards']} shards")
        if not self.args.skip_baselines and not self.args.only:
            self.baselines(base, run, qargs)
        if self.has_artindex:
            self.artindex_steps(base, run, qargs, full=True)
        run["sizes"] = {
            "artindex_mb": dir_mb(base / "artindex-index"),
            "whoosh_mb": dir_mb(base / "whoosh-index"),
        }
        return run

    def baselines(self, base: Path, run: dict[str, Any], qargs: dict[str, Any]) -> None:
        """Kiwi alone and plain Whoosh (build and queries) over the same corpus."""
        corpus_dir = str(base / "corpus")
        run["kiwi_alone"] = self.runner.step("kiwi_alone", "Kiwi alone", corpus_dir=corpus_dir)
        wdir = str(base / "whoosh-index")
        run["whoosh_build"] = self.runner.step(
            "whoosh_build", "plain Whoosh build", corpus_dir=corpus_dir, index_dir=wdir
        )
        if run["whoosh_build"]:
            run["whoosh_query"] = self.runner.step(
                "whoosh_query", "plain Whoosh queries", index_dir=wdir, **qargs
            )

    def artindex_steps(
        self, base: Path, run: dict[str, Any], qargs: dict[str, Any], full: bool
    ) -> None:
        corpus_dir, adir = str(base / "corpus"), base / "artindex-index"
        shutil.rmtree(adir, ignore_errors=True)
        common = {"corpus_dir": corpus_dir, "index_dir": str(adir)}
        workers = self.args.workers
        if full and workers != 1:
            one = {"corpus_dir": corpus_dir, "index_dir": str(base / "artindex-index-1")}
            run["artindex_build_1"] = self.runner.step(
                "artindex_build", "artindex full build, 1 worker", mode="build", workers=1, **one
            )
            shutil.rmtree(one["index_dir"], ignore_errors=True)
        run["artindex_build"] = self.runner.step(
            "artindex_build",
            f"artindex full build, {workers} workers",
            mode="build",
            workers=workers,
            **common,
        )
        if not run["artindex_build"]:
            return
        if self.runs("rebuild", full):
            run["artindex_rebuild"] = self.runner.step(
                "artindex_build", "artindex rebuild (unchanged)", mode="build", **common
            )
            run["artindex_rebuild_forced"] = self.runner.step(
                "artindex_build",
                "artindex rebuild --force (analysis cache)",
                mode="rebuild",
                workers=workers,
                **common,
            )
        if self.runs("update", full):
            name, changed = corpus.change_one_percent(base / "corpus")
            run["changed"] = {"shard": name, "articles": changed}
            log(f"changed {changed} articles in {name}")
            run["artindex_update"] = self.runner.step(
                "artindex_build", "artindex update (1% changed)", mode="update", **common
            )
        if self.wanted("query"):
            run["artindex_query"] = self.runner.step(
                "artindex_query", "artindex queries", index_dir=str(adir), **qargs
            )
            run["artindex_query_table"] = self.runner.step(
                "artindex_query",
                "artindex queries, query_analysis: table (no Kiwi model)",
                index_dir=str(adir),
                query_analysis="table",
                **qargs,
            )
        if self.runs("threads", full):
            for threads in (1, 8):
                run[f"artindex_threads_{threads}"] = self.runner.step(
                    "artindex_threads",
                    f"artindex searches/s, {threads} thread(s)",
                    index_dir=str(adir),
                    threads=threads,
                    **qargs,
                )
        if self.runs("cli_start", full):
            run["cli_start"] = self.runner.step(
                "cli_start",
                "import artindex and `artindex search` wall time",
                index_dir=str(adir),
                queries_file=qargs["queries_file"],
            )

    def wanted(self, step: str) -> bool:
        return not self.args.only or step in self.args.only.split(",")

    def runs(self, step: str, full: bool) -> bool:
        """A main run runs every step; a curve point only those named by --curve-steps."""
        return (full or step in _names(self.args.curve_steps)) and self.wanted(step)

    def curve_point(self, n: int, done: dict[int, dict[str, Any]]) -> dict[str, Any]:
        if n in done:
            point = dict(done[n])
        else:
            jsonl = self.corpus_for(n)
            base, point, queries_file = self.prepare(jsonl, f"curve-{n}")
            log(f"curve: {n:,} articles")
            qargs = {"queries_file": str(queries_file), "warmup": self.args.warmup}
            if not self.args.skip_baselines:
                self.baselines(base, point, qargs)
            if self.has_artindex:
                self.artindex_steps(base, point, qargs, full=False)
            point["sizes"] = {
                "artindex_mb": dir_mb(base / "artindex-index"),
                "whoosh_mb": dir_mb(base / "whoosh-index"),
            }
            point["breakdown"] = index_breakdown(base / "artindex-index")
            if not self.args.keep:
                shutil.rmtree(base, ignore_errors=True)  # 30k articles of index add up
        point["artindex_mb"] = (point.get("sizes") or {}).get("artindex_mb")
        log("curve point:\n" + report.curve_table([point]))
        return point


def index_breakdown(index: Path) -> dict[str, int]:
    """Bytes per part of an index (scripts/index_sizes.py), or {} when it cannot be read."""
    if not index.exists():
        return {}
    proc = subprocess.run(
        [sys.executable, str(SCRIPTS / "index_sizes.py"), str(index), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    return dict(json.loads(proc.stdout)) if proc.returncode == 0 else {}


def machine_notes() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    rev = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", "src"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    versions = []
    for dist in ("whoosh-reloaded", "kiwipiepy", "kiwipiepy-model"):
        try:
            from importlib.metadata import version

            versions.append(f"{dist} {version(dist)}")
        except Exception:
            versions.append(f"{dist} ?")
    return (
        f"{os.cpu_count()} cores ({model or platform.machine()}), Python "
        f"{platform.python_version()}, {', '.join(versions)}, artindex at {rev}"
        f"{' + uncommitted src changes' if dirty else ''}"
    )


def render(
    runs: list[dict[str, Any]],
    curve: list[dict[str, Any]],
    errors: list[str],
    machine: str | None = None,
) -> str:
    out = [f"Machine: {machine or machine_notes()}", ""]
    for run in runs:
        out += [
            f"### {run['articles']:,} articles, {run['chars'] / 1e6:.1f} M characters "
            f"({run['shards']} JSONL shards)",
            "",
            report.targets_table(run),
            "",
            report.steps_table(run),
            "",
        ]
        if run.get("changed"):
            out += [
                f"1% update: every article of {run['changed']['shard']} "
                f"({run['changed']['articles']} articles) got one sentence appended.",
                "",
            ]
    if curve:
        out += [
            "### Growth curve (artindex full build, then queries)",
            "",
            report.curve_table(curve),
            "",
        ]
        for point in curve:
            if point.get("cli_start") or point.get("artindex_update"):
                out += [
                    f"Targets at {point['articles']:,} articles (the steps --curve-steps ran):",
                    "",
                    report.targets_table(point),
                    "",
                ]
        last = next((p for p in reversed(curve) if p.get("breakdown")), None)
        if last:
            out += [
                f"Where the bytes of the {last['articles']:,}-article index go:",
                "",
                index_sizes.table(last["breakdown"], last.get("utf8_bytes")),
                "",
            ]
    if errors:
        out += ["Errors:", "", *(f"- {e}" for e in errors), ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM becomes SystemExit, so subprocess.run kills the running step before we exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.render:
        saved = json.loads(args.render.read_text(encoding="utf-8"))
        print(render(saved["runs"], saved["curve"], saved["errors"], saved.get("machine")))
        return 0
    if args.workdir:
        workdir = args.workdir.resolve()
        if workdir.is_relative_to(REPO):
            sys.exit(f"--workdir {workdir} is inside the repository; pick one outside it")
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="artindex-bench-", dir="/tmp"))
    log(f"workdir {workdir}")
    bench = Bench(args, workdir)
    saved = {"machine": machine_notes(), "runs": [], "curve": [], "errors": bench.runner.errors}
    done: dict[int, dict[str, Any]] = {}

    def save() -> None:  # after every size, so a long curve cut short keeps what it measured
        if args.json:
            args.json.write_text(json.dumps(saved, indent=1), "utf-8")

    try:
        for n in [None] if args.corpus else _sizes(args.sizes):
            run = bench.main_run(bench.corpus_for(n), f"main-{n or 'corpus'}")
            saved["runs"].append(run)
            done[run["articles"]] = run
            save()
        for n in _sizes(args.curve):
            saved["curve"].append(bench.curve_point(n, done))
            save()
    finally:
        if not args.workdir and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(render(saved["runs"], saved["curve"], bench.runner.errors, saved["machine"]))
    return 1 if bench.runner.errors else 0


if __name__ == "__main__":
    sys.exit(main())
