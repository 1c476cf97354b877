"""The ``artindex`` command line: a thin layer over the Python API.

Each command loads settings, makes one library call, renders the result and exits: 0 on
success, 1 on an error (one line, no traceback), 2 on a usage error.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import ArtindexError
from .settings import Settings, load_settings

if TYPE_CHECKING:
    from .models import Article, BuildReport, Hit, SearchResult

# Each command imports what it uses when it runs: `artindex search` never loads the ingest
# stack (trafilatura, numpy) and `artindex --help` loads neither Whoosh nor Kiwi.

F = TypeVar("F", bound=Callable[..., Any])

index_option = click.option(
    "--index",
    "index_path",
    default="index",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Index directory.",
)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn artindex's errors into one line on stderr and exit code 1."""
    try:
        yield
    except ArtindexError as exc:
        click.secho(f"artindex: {exc}", fg="red", err=True)
        sys.exit(1)


def _settings(ctx: click.Context) -> Settings:
    obj: dict[str, Any] = ctx.ensure_object(dict)
    if "settings" not in obj:
        with _errors():
            obj["settings"] = load_settings(obj.get("config"), cwd=Path.cwd())
    settings: Settings = obj["settings"]
    return settings


def _one_shot(ctx: click.Context) -> Settings:
    """Settings for a command that opens the index for one query and exits: with
    ``query_analysis: auto`` its words the word table lacks are guessed from the table, not
    analyzed by Kiwi, whose model load would be most of the command's time."""
    settings = _settings(ctx)
    if settings.query_analysis == "auto":
        return settings.replace(query_analysis="table")
    return settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="artindex")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Settings file (default: ./artindex.yaml if present).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log what happens.")
@click.pass_context
def main(ctx: click.Context, config: Path | None, verbose: bool) -> None:
    """artindex: full-text search over news articles, Korean first."""
    ctx.ensure_object(dict)["config"] = config
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="artindex: %(message)s",
    )


def _print_report(report: BuildReport, verb: str) -> None:
    parts = [f"{verb} {report.indexed}", f"skipped {len(report.skipped)}"]
    if report.unchanged:
        parts.append(f"unchanged {report.unchanged}")
    if report.removed or report.removed_articles:
        parts.append(f"removed {report.removed} files ({report.removed_articles} articles)")
    if report.duplicates:
        parts.append(f"duplicates {report.duplicates}")
    click.echo(f"{', '.join(parts)} in {report.seconds:.1f}s -> {report.index_path}")
    for problem in report.skipped:
        click.secho(f"  skipped {problem}", fg="yellow", err=True)
    for problem in report.warnings:
        click.secho(f"  warning {problem}", fg="yellow", err=True)


class _Bar:
    """A progress bar on stderr, opened when the library first says how many files there are."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._done = 0

    def __call__(self, done: int, total: int) -> None:
        if total == 0:
            return
        if self._bar is None:
            self._bar = click.progressbar(
                length=total, label="indexing", file=sys.stderr, show_pos=True
            )
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


def _run_write(ctx: click.Context, call: Callable[..., BuildReport], *args: Any, **kw: Any) -> None:
    """Run one write with a progress bar, print its report. Ctrl-C prints one line: the
    library has already removed the partial generation."""
    settings = _settings(ctx)
    bar = _Bar()
    try:
        with _errors():
            report = call(*args, settings, progress=bar, **kw)
    except KeyboardInterrupt:
        bar.close()
        click.secho(
            f"artindex: interrupted; the index at {args[1]} is unchanged", fg="red", err=True
        )
        sys.exit(130)
    bar.close()
    _print_report(report, "indexed")


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--force", is_flag=True, help="Rewrite the index even if no file changed.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes, each writing a segment of the files (default: one per core for "
    "a large corpus).",
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    default=None,
    help="Run the workers on this Dask scheduler (tcp://HOST:8786).",
)
@click.option(
    "--dask-sources",
    type=click.Choice(["auto", "shared", "send"]),
    default="auto",
    show_default=True,
    help="How Dask workers get the files: read them at the same path (shared), get their "
    "bytes from this machine (send), or shared when every worker sees them (auto).",
)
@click.pass_context
def build(
    ctx: click.Context,
    sources: tuple[Path, ...],
    index_path: Path,
    force: bool,
    workers: int | None,
    dask: str | None,
    dask_sources: str,
) -> None:
    """Index every article under SOURCES (default: corpus/) into a new index, and record
    SOURCES for `artindex update`."""
    from .indexer import build as build_index

    kw = {"force": force, "workers": workers, "dask": dask, "dask_sources": dask_sources}
    _run_write(ctx, build_index, list(sources), index_path, **kw)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True, help="Rebuild if the index has other analysis settings.")
@click.option("--prune", is_flag=True, help="Remove the articles of sources that no longer exist.")
@click.pass_context
def update(
    ctx: click.Context, sources: tuple[Path, ...], index_path: Path, rebuild: bool, prune: bool
) -> None:
    """Add new, re-index changed and remove deleted files under SOURCES (default: the sources
    the index records); articles from anywhere else are never touched."""
    from .indexer import update as update_index

    _run_write(ctx, update_index, list(sources), index_path, rebuild=rebuild, prune=prune)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_option
@click.pass_context
def remove(ctx: click.Context, paths: tuple[Path, ...], index_path: Path) -> None:
    """Remove the articles of every file under PATHS (a source or part of one) from the index."""
    from .indexer import remove as remove_sources

    settings = _settings(ctx)
    with _errors():
        report = remove_sources(list(paths), index_path, settings)
    click.echo(
        f"removed {report.removed} files ({report.removed_articles} articles) "
        f"in {report.seconds:.1f}s -> {report.index_path}"
    )
    for problem in report.warnings:
        click.secho(f"  warning {problem}", fg="yellow", err=True)


def _marked(text: str, spans: Iterable[tuple[int, int]], bold: bool = False) -> str:
    """``text`` with the matched ``spans`` in bold yellow (the rest bold if ``bold``)."""

    def plain(part: str) -> str:
        return click.style(part, bold=True) if bold and part else part

    out, pos = [], 0
    for start, end in spans:
        out.append(plain(text[pos:start]))
        out.append(click.style(text[start:end], fg="yellow", bold=True))
        pos = end
    out.append(plain(text[pos:]))
    return "".join(out)


def _render_hit(rank: int, hit: Hit) -> None:
    date = hit.date.date().isoformat() if hit.date else ""
    meta = " · ".join(p for p in (hit.byline, date, hit.source) if p)
    click.echo(
        f"{rank:>2}. "
        + _marked(hit.title or "(untitled)", hit.title_highlights, bold=True)
        + click.style(f"  [{hit.score:.2f}]", dim=True)
    )
    if meta:
        click.echo("    " + click.style(meta, fg="cyan"))
    click.echo("    " + _marked(hit.snippet, hit.highlights))
    click.echo("    " + click.style(f"{hit.id}  {hit.path}", dim=True))
    if hit.duplicates:
        click.echo("    " + click.style(f"+{len(hit.duplicates)} similar: ", fg="magenta")
                   + ", ".join(hit.duplicates))  # fmt: skip
    for part, value in hit.explain:
        click.echo(f"      {value:>9.4f}  {part}")


# The filter flags of ``Index.search`` (and of trend, related, entities and quotes), each
# under its argument's name: one definition, applied by :func:`_options`.
_FILTERS: dict[str, Callable[[Any], Any]] = {
    "since": click.option("--since", help="From this ISO date or datetime (index's time zone)."),
    "until": click.option("--until", help="Up to this ISO date (the whole day) or datetime."),
    "when": click.option(
        "--when", help="A date phrase or range (2024-06, 2024-01-01..2024-02-01)."
    ),
    "now": click.option(
        "--now", help="Fix 'now' (ISO datetime) for relative dates (and search's --recent)."
    ),
    "tag": click.option("--tag", multiple=True, help="Only articles with this tag (repeatable)."),
    "source": click.option("--source", multiple=True, help="Only from this source (repeatable)."),
    "byline": click.option("--byline", multiple=True, help="Only by this reporter (repeatable)."),
    "lang": click.option("--lang", multiple=True, help="Only in this language (repeatable)."),
    "person": click.option("--person", multiple=True, help="Only naming this person (repeatable)."),
    "org": click.option("--org", multiple=True, help="Only naming this organisation (repeatable)."),
    "place": click.option("--place", multiple=True, help="Only naming this place (repeatable)."),
}
_DATE_FILTERS = ("since", "until", "when", "now", "tag", "source", "byline", "lang")
_ENTITY_FILTERS = (*_DATE_FILTERS, "person", "org", "place")


def _options(func: F, options: Sequence[Callable[[Any], Any]]) -> F:
    """``func`` with ``options`` applied, the first listed first in ``--help``."""
    for option in reversed(options):
        func = option(func)
    return func


def _filter_options(func: F) -> F:
    """The search flags shared with ``Index.search``'s keyword arguments (same names)."""
    options = [
        click.option("--offset", default=0, type=click.IntRange(0), help="Skip this many hits."),
        click.option("--page", type=click.IntRange(1), help="Page number (of --limit hits)."),
        click.option(
            "--sort", default="relevance", show_default=True,
            type=click.Choice(["relevance", "newest", "oldest"]),
        ),
        *(_FILTERS[name] for name in _ENTITY_FILTERS),
        click.option("--url", multiple=True, help="Only the article at this address."),
        click.option(
            "--facets", help="Count hits by tags,source,byline,month,people,orgs,places."
        ),
        click.option("--recent", is_flag=True, help="Boost newer articles (half-life setting)."),
        click.option("--no-collapse", "no_collapse", is_flag=True, help="Show near-duplicates."),
        click.option("--explain", is_flag=True, help="Break each score into its parts."),
        click.option(
            "--expand/--no-expand", "expand", default=False,
            help="Also search similar words the index supports (CoNg paraphrases); off by default.",
        ),
        click.option(
            "--no-correct", "no_correct", is_flag=True,
            help="Search the query as typed, even if it finds little and a correction exists.",
        ),
    ]  # fmt: skip
    return _options(func, options)


@main.command()
@click.argument("query")
@index_option
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--as",
    "as_engine",
    type=click.Choice(["opensearch"]),
    default=None,
    help="Print the equivalent request body for another engine instead of searching.",
)
@click.option(
    "--format", "table_format", type=click.Choice(["csv", "jsonl", "xlsx"]), default=None,
    help="Write the hits as a table (CSV with a BOM for Excel, JSON Lines, Excel).",
)  # fmt: skip
@click.option("--all", "all_hits", is_flag=True, help="With --format: every hit, not a page.")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="With --format: write to this file (default: standard output; xlsx needs a file).",
)  # fmt: skip
@_filter_options
@click.pass_context
def search(
    ctx: click.Context,
    /,
    query: str,
    index_path: Path,
    limit: int,
    as_json: bool,
    as_engine: str | None,
    table_format: str | None,
    all_hits: bool,
    output: Path | None,
    **flags: Any,
) -> None:
    """Search the index for QUERY (plain words, or Whoosh syntax; filters also as
    date:2024-06-01, date:>2024-01-01, tag:경제, source:연합뉴스, byline:"김민수 기자")."""
    collapse = not flags.pop("no_collapse")
    flags["correct"] = not flags.pop("no_correct")
    flags["recent"] = True if flags["recent"] else None
    if as_engine == "opensearch":
        _print_opensearch_request(ctx, query, limit, collapse=collapse, **flags)
        return
    from .api import Index

    if table_format or all_hits:
        _export_hits(ctx, query, index_path, limit, table_format, all_hits, output, collapse, flags)
        return

    # Kiwi's model loads before the search when the query needs it (so took_ms is the
    # search's own time), and never for a query without Hangul or one whose every word is in
    # the index's word table.
    with _errors(), Index.open(index_path, _one_shot(ctx), preload=False) as idx:
        idx.prepare(query, flags["expand"])
        result = idx.search(query, limit=limit, collapse=collapse, **flags)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    _render_result(query, result)


def _export_hits(
    ctx: click.Context,
    query: str,
    index_path: Path,
    limit: int,
    fmt: str | None,
    all_hits: bool,
    output: Path | None,
    collapse: bool,
    flags: dict[str, Any],
) -> None:
    """``search --format``: the page (or with ``--all`` every hit, streamed) as a table."""
    from .api import Index
    from .export.table import write

    if not fmt:
        raise click.UsageError("--all needs --format csv, jsonl or xlsx")
    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs --output FILE")
    flags.pop("correct")
    with _errors(), Index.open(index_path, _one_shot(ctx), preload=False) as idx:
        if all_hits:  # every hit from the first: paging does not apply
            flags.pop("page"), flags.pop("offset")
            hits: Any = idx.scan(query, collapse=collapse, **flags)
            start = 1
        else:
            result = idx.search(query, limit=limit, collapse=collapse, **flags)
            hits, start = result.hits, result.offset + 1
        if output is None:
            count = write(hits, fmt, sys.stdout.buffer, start)
        else:
            with output.open("wb") as out:
                count = write(hits, fmt, out, start)
    if output is not None:
        click.echo(f"wrote {count} hits to {output}", err=True)


def _render_result(query: str, result: SearchResult) -> None:
    shown = f", showing {result.offset + 1}-{result.offset + len(result)}" if result.hits else ""
    if result.corrected:
        fixed = result.corrected
        click.echo(
            click.style(f"Showing results for {fixed['to']!r}", fg="magenta", bold=True)
            + f" ({fixed['reason']}); search {fixed['from']!r} as typed with --no-correct"
        )
        query = fixed["to"]
    if result.notice:
        click.echo(click.style(result.notice, fg="yellow"))
    if result.suggestion:
        click.echo(
            click.style(f"이것을 찾으셨나요? {result.suggestion.text}", fg="magenta", bold=True)
            + f" ({result.suggestion.reason})"
        )
    click.echo(f"{result.total} results for {query!r}{shown} ({result.took_ms:.1f} ms)")
    if result.filters:
        applied = "; ".join(f"{k} {', '.join(v) if isinstance(v, list) else v}"
                            for k, v in result.filters.items())  # fmt: skip
        click.echo(click.style(f"filters: {applied}", dim=True))
    for rank, hit in enumerate(result, result.offset + 1):
        _render_hit(rank, hit)
    for name, values in result.facets.items():
        counts = ", ".join(f"{value} {count}" for value, count in values) or "-"
        click.echo(click.style(f"{name}: ", bold=True) + counts)


def _date_filter_options(func: F) -> F:
    """The filters of ``Index.trend`` and ``Index.related`` (same names as search's)."""
    no_collapse = click.option(
        "--no-collapse", "no_collapse", is_flag=True,
        help="Count near-duplicates (the same story on several sites) apart.",
    )  # fmt: skip
    return _options(func, [*(_FILTERS[name] for name in _DATE_FILTERS), no_collapse])


@main.command()
@click.argument("queries", nargs=-1, required=True)
@index_option
@click.option(
    "--interval",
    type=click.Choice(["day", "week", "month", "year"]),
    default=None,
    help="Period of each count (default: chosen from the span).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_date_filter_options
@click.pass_context
def trend(
    ctx: click.Context,
    /,
    queries: tuple[str, ...],
    index_path: Path,
    interval: str | None,
    as_json: bool,
    **flags: Any,
) -> None:
    """Articles matching each of QUERIES per day, week, month or year, side by side, with a
    sparkline (same-story copies count once unless --no-collapse)."""
    from .api import Index

    flags["collapse"] = not flags.pop("no_collapse")
    with _errors(), Index.open(index_path, _one_shot(ctx), preload=False) as idx:
        result = idx.trend(list(queries), interval=interval, **flags)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    for line in result.lines():
        click.echo(line)


@main.command()
@click.argument("query")
@index_option
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(1, 100))
@click.option("--docs", default=200, show_default=True, type=click.IntRange(1, 1000),
              help="Best hits the words are read from.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_date_filter_options
@click.pass_context
def related(
    ctx: click.Context, /, query: str, index_path: Path, as_json: bool, **flags: Any
) -> None:
    """Nouns over-represented in QUERY's best hits compared with the whole index (JLH)."""
    from .api import Index

    flags["collapse"] = not flags.pop("no_collapse")
    with _errors(), Index.open(index_path, _one_shot(ctx), preload=False) as idx:
        result = idx.related(query, **flags)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    click.echo(f"words related to {query!r} in {result.docs} of {result.total} hits")
    for item in result.terms:
        click.echo(f"{item.score:>9.3f}  {item.term}  ({item.docs} hits, {item.df} articles)")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article per line.")
@click.option("--explain", is_flag=True, help="Show the role given to each line of a page dump.")
@click.pass_context
def ingest(ctx: click.Context, files: tuple[Path, ...], as_json: bool, explain: bool) -> None:
    """Parse and normalize FILES without indexing them."""
    from .api import explain_lines, parse_files

    settings = _settings(ctx)
    with _errors():
        if explain:
            for _path, roles in explain_lines(files, settings):
                for line in roles:
                    click.echo(
                        f"{line.number:>4} {line.role:<11} {line.text[:60]:<60}  {line.reason}"
                    )
            return
        failed = False
        for result in parse_files(files, settings):
            for article in result.articles:
                _render_article(article, as_json)
            for problem in result.problems:
                failed = failed or not problem.warning
                click.secho(f"artindex: {problem}", fg="yellow", err=True)
    if failed:
        sys.exit(1)


def _render_article(article: Article, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False))
        return
    date = article.date.isoformat() if article.date else "-"
    click.echo(f"{article.path}: {article.title!r} | {article.byline or '-'} | {date}")
    click.echo(f"    {len(article.body)} chars, lang {article.lang or '?'}, id {article.id}")


@main.command()
@click.argument("article_id")
@index_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def show(ctx: click.Context, article_id: str, index_path: Path, as_json: bool) -> None:
    """Print the stored article ARTICLE_ID."""
    from .api import Index

    with _errors(), Index.open(index_path, _one_shot(ctx), preload=False) as idx:
        article = idx.get(article_id)
    if article is None:
        click.secho(
            f"artindex: no article with id {article_id!r} in {index_path}", fg="red", err=True
        )
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False))
        return
    click.echo(click.style(article.title, bold=True))
    if article.subtitle:
        click.echo(article.subtitle)
    for label, value in (
        ("byline", article.byline),
        ("date", article.date.isoformat() if article.date else ""),
        ("tags", ", ".join(article.tags)),
        ("source", article.source),
        ("url", article.url),
        ("path", article.path),
    ):
        if value:
            click.echo(f"{label:>7}: {value}")
    click.echo()
    click.echo(article.body)


@main.command()
@index_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def stats(ctx: click.Context, index_path: Path, as_json: bool) -> None:
    """Summarize the index: articles, languages, sources, size."""
    from .api import Index

    with _errors(), Index.open(index_path, _one_shot(ctx), preload=False) as idx:
        info = idx.stats()
    if as_json:
        click.echo(json.dumps(info.to_dict(), ensure_ascii=False))
        return
    click.echo(f"index       {info.path} ({info.generation}, built {info.built_at})")
    click.echo(f"articles    {info.articles} from {info.files} files")
    click.echo(f"size        {info.size_bytes / 1e6:.1f} MB")
    click.echo("languages   " + ", ".join(f"{k} {v}" for k, v in info.languages.items()))
    click.echo("sources     " + ", ".join(f"{k} {v}" for k, v in list(info.sources.items())[:8]))
    click.echo(f"versions    artindex {info.artindex_version}, kiwipiepy {info.kiwi_version}")


@main.command()
@click.argument("text")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def analyze(ctx: click.Context, text: str, as_json: bool) -> None:
    """Show the tokens TEXT is indexed as (form, tag, character offsets)."""
    from .api import analyze as analyze_text

    settings = _settings(ctx)
    with _errors():
        toks = analyze_text(text, settings)
    if as_json:
        click.echo(
            json.dumps(
                [{"text": t.text, "tag": t.tag, "start": t.start, "end": t.end} for t in toks],
                ensure_ascii=False,
            )
        )
        return
    for t in toks:
        click.echo(f"{t.text}\t{t.tag}\t{t.start}-{t.end}\t{text[t.start : t.end]}")


def _print_opensearch_request(ctx: click.Context, query: str, limit: int, **flags: Any) -> None:
    from .export import search_request

    with _errors():
        body = search_request(query, _settings(ctx), limit, **flags)
    click.echo(json.dumps(body, ensure_ascii=False, indent=2))


@main.group()
def export() -> None:
    """Write the index in another search engine's format."""


@export.command("opensearch")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@index_option
@click.option("--name", default="artindex", show_default=True, help="Index name in the README.")
@click.option(
    "--max-bytes",
    default=10_000_000,
    show_default=True,
    type=click.IntRange(1),
    help="Largest bulk file.",
)
@click.option(
    "--max-docs", default=5_000, show_default=True, type=click.IntRange(1), help="Articles a file."
)
@click.option(
    "--check",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A file of test queries (one a line) to run through Lucene's Nori and compare.",
)
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_context
def export_opensearch(
    ctx: click.Context,
    out: Path,
    index_path: Path,
    name: str,
    max_bytes: int,
    max_docs: int,
    check: Path | None,
    as_json: bool,
) -> None:
    """Write OUT/index.json, OUT/bulk-NNNNN.ndjson and OUT/README.md for OpenSearch."""
    from .api import Index
    from .export import export_opensearch as run_export

    settings = _settings(ctx)
    with _errors(), Index.open(index_path, settings) as idx:
        report = run_export(
            idx.annotated_articles(),
            out,
            settings,
            name=name,
            max_bytes=max_bytes,
            max_docs=max_docs,
        )
        checked = None
        if check:
            from .export.check import check_queries, read_queries

            checked = check_queries(idx, read_queries(check), settings)
    if as_json:
        data = report.to_dict() | ({"check": checked.to_dict()} if checked else {})
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    for line in checked.lines() if checked else ():
        click.echo(line)
    bulk = sum(1 for p in report.files if p.suffix == ".ndjson")
    click.echo(f"exported {report.articles} articles in {bulk} bulk files -> {report.out}")
    for article_id in report.oversized:
        click.secho(f"  warning {article_id}: larger than --max-bytes, alone in its file", err=True)


@main.command()
@click.argument("query")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def suggest(ctx: click.Context, query: str, index_path: Path, as_json: bool) -> None:
    """Correct QUERY: keyboard slips, misspellings and spacing, judged by the index's words."""
    from .api import Index

    with _errors(), Index.open(index_path, _settings(ctx)) as idx:
        suggestion = idx.suggest(query)
    if as_json:
        corrected = suggestion.to_dict() if suggestion else None
        click.echo(json.dumps({"query": query, "corrected": corrected}, ensure_ascii=False))
        return
    if suggestion is None:
        click.echo(f"no correction for {query!r}")
        return
    click.echo(f"{suggestion.to}\t({suggestion.reason})")


@main.command()
@click.argument("article_id")
@index_option
@click.option("--limit", "-n", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def similar(
    ctx: click.Context, article_id: str, index_path: Path, limit: int, as_json: bool
) -> None:
    """Articles related to ARTICLE_ID (not itself, nor its near-duplicates)."""
    from .api import Index

    with _errors(), Index.open(index_path, _settings(ctx)) as idx:
        result = idx.similar(article_id, limit=limit, snippets=True)
    if as_json:
        click.echo(json.dumps({"id": article_id, **result.to_dict()}, ensure_ascii=False))
        return
    click.echo(f"{len(result)} articles like {article_id!r} ({result.took_ms:.1f} ms)")
    for rank, hit in enumerate(result, 1):
        _render_hit(rank, hit)


@main.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (each opens the index; use one per core).",
)
@click.option(
    "--concurrency",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Searches each worker runs at a time; further requests wait their turn.",
)
@click.pass_context
def serve(
    ctx: click.Context, index_path: Path, host: str, port: int, workers: int, concurrency: int
) -> None:
    """Serve a read-only JSON API and a search page over the index (needs artindex[server])."""
    try:
        from .server.run import serve as run_server
    except ImportError as exc:
        click.secho(
            f"artindex: serve needs the server extra ({exc.name} is missing); "
            "install it with: pip install 'artindex[server]'",
            fg="red",
            err=True,
        )
        sys.exit(1)
    settings = _settings(ctx)  # resolved once here; every worker serves with these

    def ready(url: str) -> None:
        click.echo(f"artindex: serving {index_path} at {url} (Ctrl-C stops)")

    with _errors():
        run_server(index_path, settings, host, port, workers, concurrency, ready)


# ------------------------------------------------------------------ entities and quotes


def _entity_filters(func: F) -> F:
    """``Index.search``'s filters, under the same names."""
    return _options(func, [_FILTERS[name] for name in _ENTITY_FILTERS])


@main.command()
@click.argument("query")
@index_option
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--kinds", help="Only these kinds: people,orgs,places (default: all three).")
@click.option(
    "--min-count", default=1, show_default=True, type=click.IntRange(1),
    help="Only entities named in at least this many matching articles.",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_entity_filters
@click.pass_context
def entities(
    ctx: click.Context, /, query: str, index_path: Path, limit: int, as_json: bool, **flags: Any
) -> None:
    """The people, organisations and places most associated with QUERY: named in its matching
    articles far more often than in the whole archive."""
    from .api import Index

    with _errors(), Index.open(index_path, _one_shot(ctx), preload=False) as idx:
        idx.prepare(query)
        result = idx.entities(query, limit=limit, **flags)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    click.echo(f"{result.total} articles for {query!r} ({result.took_ms:.1f} ms)")
    for kind, found in result.entities.items():
        shown = ", ".join(f"{e.value} {e.count}/{e.background}" for e in found) or "-"
        click.echo(click.style(f"{kind}: ", bold=True) + shown)


@main.command()
@click.argument("query", required=False, default="")
@index_option
@click.option("--speaker", help="Only this speaker's quotes (a full name).")
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--offset", default=0, type=click.IntRange(0), help="Skip this many quotes.")
@click.option(
    "--sort", default="relevance", show_default=True,
    type=click.Choice(["relevance", "newest", "oldest"]),
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_entity_filters
@click.pass_context
def quotes(
    ctx: click.Context, /, query: str, index_path: Path, limit: int, as_json: bool, **flags: Any
) -> None:
    """Direct quotations, with their speakers, in the articles matching QUERY (all articles
    when QUERY is empty)."""
    from .api import Index

    with _errors(), Index.open(index_path, _one_shot(ctx), preload=False) as idx:
        idx.prepare(query)
        result = idx.quotes(query, limit=limit, **flags)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    who = f" by {result.speaker}" if result.speaker else ""
    click.echo(
        f"{result.total} quotes{who} in {result.articles} articles for {query!r} "
        f"({result.took_ms:.1f} ms)"
    )
    for q in result:
        speaker = f"{q.speaker} {q.speaker_title}".strip() if q.speaker else "(no named speaker)"
        date = q.date.date().isoformat() if q.date else ""
        click.echo(f"“{q.quote}”")
        click.echo("    " + click.style(f"— {speaker}", fg="cyan") + click.style(
            f"  {q.title} · {date} · {q.id}".replace(" ·  ·", " ·"), dim=True
        ))  # fmt: skip


if __name__ == "__main__":  # pragma: no cover
    main()
