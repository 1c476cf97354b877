"""Markdown tables of a benchmark run: targets as ratios, baselines, the growth curve."""

from __future__ import annotations

from typing import Any

PEAK_MB_TARGET = 1536  # 1.5 GB
P95_MS_TARGET = 25.0


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)]
    return "\n".join(lines)


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def _s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} s"


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} ms"


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MB"


def _get(step: dict[str, Any] | None, key: str) -> float | None:
    value = (step or {}).get(key)
    return None if value is None else float(value)


def _times(ratio: float | None) -> str:
    return "n/a" if ratio is None else f"{ratio:.2f}×"


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def _shell(step: dict[str, Any] | None) -> str:
    """``1.2 s, 40 MB``: the median wall time and peak RSS of a shell command."""
    return f"{_s(_get(step, 'seconds'))}, {_mb(_get(step, 'peak_mb'))}"


def _shell_rows(start: dict[str, Any], add: Any) -> None:
    """`artindex search` from the shell: English, Korean with the word table, and Korean on
    the same index without it (Kiwi's model loads) as the baseline."""
    en, ko, kiwi = start.get("english"), start.get("korean"), start.get("korean_kiwi")
    bare = _get(start.get("python"), "seconds")
    en_s, ko_s = _get(en, "seconds"), _get(ko, "seconds")
    add(
        "shell search, English: median of 5 wall times and peak RSS",
        _shell(en),
        f"bare python {_s(bare)}",
        _ratio(en_s, 1.0),
        "≤ 1.0 s",
        1.0,
    )
    table = _get(start, "word_table_mb")
    add(
        f"shell search, Korean words the table knows: median of 5 wall times and peak RSS "
        f"(word table {_mb(table)}; {start.get('korean_covered', '?')})",
        _shell(ko),
        f"Kiwi loaded (no word table) {_shell(kiwi)}",
        _ratio(ko_s, 1.0),
        "≤ 1.0 s",
        1.0,
    )
    unseen = start.get("korean_unseen")
    if unseen:
        add(
            f"shell search, a {len(start.get('unseen_query', '').split())}-word Korean question "
            f"with a word the table lacks (query_analysis auto: guessed from the table): "
            f"{start.get('unseen_query')!r}",
            _shell(unseen),
            f"query_analysis: kiwi (the model loads) {_shell(start.get('korean_unseen_kiwi'))}",
            _ratio(_get(unseen, "seconds"), 1.0),
            "≤ 1.0 s",
            1.0,
        )


def targets_table(run: dict[str, Any]) -> str:
    """One row per issue target: measured, baseline, ratio, target, met or missed."""
    kiwi, wb, wq = run.get("kiwi_alone"), run.get("whoosh_build"), run.get("whoosh_query")
    build, rebuild = run.get("artindex_build"), run.get("artindex_rebuild")
    update, query = run.get("artindex_update"), run.get("artindex_query")
    rows = []

    def add(
        step: str, val: str, base: str, ratio: float | None, target: str, limit: float | None
    ) -> None:
        ok = None if ratio is None or limit is None else ratio <= limit
        rows.append([step, val, base, _times(ratio), target, _verdict(ok)])

    b, k = _get(build, "seconds"), _get(kiwi, "seconds")
    workers = (build or {}).get("workers")
    label = f"full build, {workers} workers" if workers else "full build"
    add(label, _s(b), f"Kiwi alone {_s(k)}", _ratio(b, k), "≤ 1.5 × Kiwi alone", 1.5)
    one = _get(run.get("artindex_build_1"), "seconds")
    if one is not None:
        add("full build, 1 worker", _s(one), f"Kiwi alone {_s(k)}", _ratio(one, k), "–", None)
    r, w = _get(rebuild, "seconds"), _get(wb, "seconds")
    add(
        "rebuild, content unchanged (index kept)",
        _s(r),
        f"plain Whoosh build {_s(w)}",
        _ratio(r, w),
        "≤ 1.0 × plain Whoosh build",
        1.0,
    )
    f = _get(run.get("artindex_rebuild_forced"), "seconds")
    add(
        "rebuild --force, every posting rewritten",
        _s(f),
        f"plain Whoosh build {_s(w)}",
        _ratio(f, w),
        "(no target; through the analysis cache)",
        None,
    )
    u = _get(update, "seconds")
    add(
        "update after 1% changed",
        _s(u),
        f"artindex full build {_s(b)}",
        _ratio(u, b),
        "≤ 0.05 × full build",
        0.05,
    )
    qm, wm = _get(query, "median_ms"), _get(wq, "median_ms")
    add(
        "query median (with snippets)",
        _ms(qm),
        f"plain Whoosh {_ms(wm)}",
        _ratio(qm, wm),
        "≤ 1.0 × plain Whoosh median",
        1.0,
    )
    qp, wp = _get(query, "p95_ms"), _get(wq, "p95_ms")
    ok = None if qp is None else qp <= P95_MS_TARGET
    rows.append(
        [
            "query p95 (with snippets)",
            _ms(qp),
            f"plain Whoosh {_ms(wp)}",
            "n/a" if qp is None else f"{qp / P95_MS_TARGET:.2f}× of 25 ms",
            "≤ 25 ms",
            _verdict(ok),
        ]
    )
    one = _get(run.get("artindex_threads_1"), "per_second")
    eight = _get(run.get("artindex_threads_8"), "per_second")
    add(
        "searches/s, 8 threads on one Index",
        "n/a" if eight is None else f"{eight:.1f}/s",
        "1 thread " + ("n/a" if one is None else f"{one:.1f}/s"),
        _ratio(one, eight),
        "8 threads not slower (1 thread ÷ 8 threads ≤ 1.0)",
        1.0,
    )
    start = run.get("cli_start")
    imp, cli = _get(start, "import_seconds"), _get(start, "seconds")
    bare = _get(start, "python_seconds")
    add("`import artindex`", _s(imp), f"bare python {_s(bare)}", _ratio(imp, 0.2), "≤ 0.2 s", 1.0)
    if start and "korean" in start:
        _shell_rows(start, add)
    else:  # a record saved before the Korean rows existed
        add(
            "`artindex search` from the shell (median of 5)",
            _s(cli),
            f"bare python {_s(bare)}",
            _ratio(cli, 1.0),
            "≤ 1.0 s",
            1.0,
        )
    peak = artindex_peak(run)
    ok = None if peak is None else peak <= PEAK_MB_TARGET
    rows.append(
        [
            "peak memory (max of artindex steps)",
            _mb(peak),
            f"plain Whoosh build {_mb(_get(wb, 'peak_mb'))}",
            "n/a",
            "≤ 1.5 GB at 30k, flat",
            _verdict(ok) + " (at this size)",
        ]
    )
    size, wsize = _get(run.get("sizes"), "artindex_mb"), _get(run.get("sizes"), "whoosh_mb")
    rows.append(
        [
            "index size on disk",
            _mb(size),
            f"plain Whoosh {_mb(wsize)}",
            _times(_ratio(size, wsize)),
            "(no target)",
            "—",
        ]
    )
    header = ["step", "measured", "baseline (same run)", "ratio", "target", "result"]
    return _table(header, rows)


def artindex_peak(run: dict[str, Any]) -> float | None:
    names = (
        "artindex_build",
        "artindex_rebuild",
        "artindex_rebuild_forced",
        "artindex_update",
        "artindex_query",
    )
    peaks = [step_peak(run[n]) for n in names if run.get(n)]
    return max(peaks) if peaks else None


def step_peak(step: dict[str, Any]) -> float:
    """The larger of ru_maxrss (self or one child) and the sampled PSS sum of the process tree."""
    return max(step.get("peak_mb", 0.0), step.get("tree_pss_mb", 0.0))


def steps_table(run: dict[str, Any]) -> str:
    """Every measured step with its own time and peak resident memory (self and children)."""
    labels = {
        "kiwi_alone": "Kiwi alone (tokenize, all cores)",
        "whoosh_build": "plain Whoosh build",
        "whoosh_query": "plain Whoosh queries",
        "artindex_build_1": "artindex full build, 1 worker",
        "artindex_build": "artindex full build (--workers)",
        "artindex_rebuild": "artindex rebuild, unchanged",
        "artindex_rebuild_forced": "artindex rebuild --force (analysis cache)",
        "artindex_update": "artindex update, 1% changed",
        "artindex_query": "artindex queries",
    }
    rows = []
    for key, label in labels.items():
        step = run.get(key)
        if not step:
            rows.append([label, "not run", "", "", "", ""])
            continue
        if "median_ms" in step:
            time_cell = f"median {step['median_ms']:.1f} ms, p95 {step['p95_ms']:.1f} ms"
        else:
            time_cell = _s(step.get("seconds"))
        rows.append(
            [
                label,
                time_cell,
                _mb(step.get("rss_self_mb")),
                _mb(step.get("rss_children_mb")),
                _mb(step.get("tree_pss_mb")),
                _notes(key, step),
            ]
        )
    header = ["step", "time", "peak RSS self", "peak RSS child", "peak PSS all", "notes"]
    return _table(header, rows)


def _notes(key: str, step: dict[str, Any]) -> str:
    text = _step_notes(key, step)
    if "cpu_seconds" in step:
        text += f"; CPU {step['cpu_seconds']:.1f} s"
    if "cpu_stall_share" in step:
        text += f"; CPU wait {step['cpu_stall_share']:.0%}"
    load = step.get("loadavg_1m")
    return f"{text}; load {load[0]:.1f}→{load[1]:.1f}" if load else text


def _step_notes(key: str, step: dict[str, Any]) -> str:
    if key == "kiwi_alone":
        rate = step["chars"] / step["seconds"] / 1000
        return (
            f"load + first call {step['load_seconds']:.1f} s (not counted); "
            f"{step['workers']} workers; {step['tokens']:,} tokens; {rate:.0f} k chars/s"
        )
    if "median_ms" in step:
        return (
            f"{step['queries']} queries after warm-up; {step['with_hits']} with hits; "
            f"mean total {step['mean_total']:.1f}; open {step['open_seconds']:.2f} s; "
            f"max {step['max_ms']:.1f} ms"
        )
    if key.startswith("artindex"):
        return (
            f"indexed {step['indexed']}, unchanged {step['unchanged']}, removed "
            f"{step['removed']}, skipped {step['skipped']}, duplicates {step['duplicates']}"
        )
    return f"{step.get('articles', '')} articles"


def curve_table(points: list[dict[str, Any]]) -> str:
    """One row per size: artindex's build, open, queries, memory (build and search-only) and
    size, with plain Whoosh and Kiwi alone at the same size when they ran."""
    rows = []
    for p in points:
        build, query = p.get("artindex_build") or {}, p.get("artindex_query") or {}
        kiwi, whoosh = p.get("kiwi_alone") or {}, p.get("whoosh_build") or {}
        wquery = p.get("whoosh_query") or {}
        update = p.get("artindex_update") or {}
        table = p.get("artindex_query_table") or {}
        per_k = build["seconds"] / p["articles"] * 1000 if build else None
        text = p.get("utf8_bytes")
        size = p.get("artindex_mb")
        wsize = (p.get("sizes") or {}).get("whoosh_mb")
        rows.append(
            [
                f"{p['articles']:,}",
                f"{p['chars'] / 1e6:.1f} M",
                _s(per_k),
                _ratio_text(build.get("seconds"), kiwi.get("seconds")),
                _ms(query.get("median_ms")),
                _ms(query.get("p95_ms")),
                _ms(wquery.get("median_ms")),
                _s(query.get("open_seconds")),
                _mb(step_peak(build) or None),
                _mb(step_peak(query) or None),
                _mb(query.get("anon_peak_mb")),
                _mb(step_peak(table) or None),
                _ms(table.get("median_ms")),
                _ms(table.get("p95_ms")),
                _mb(size),
                _per_text(size, text),
                _per_text(wsize, text),
                _s(whoosh.get("seconds")),
                _ratio_text(update.get("seconds"), build.get("seconds")),
            ]
        )
    header = [
        "articles",
        "chars",
        "build per 1k",
        "build ÷ Kiwi alone",
        "query median",
        "query p95",
        "plain Whoosh median",
        "index open",
        "build peak",
        "search-only peak RSS",
        "search-only anonymous",
        "search-only peak, no Kiwi (query_analysis: table)",
        "its median",
        "its p95",
        "index size",
        "× UTF-8 text",
        "plain Whoosh × text",
        "plain Whoosh build",
        "1% update ÷ build",
    ]
    return _table(header, rows)


def _ratio_text(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a and b else "–"


def _per_text(mb: float | None, text_bytes: int | None) -> str:
    return f"{mb * 1e6 / text_bytes:.2f}×" if mb and text_bytes else "–"
