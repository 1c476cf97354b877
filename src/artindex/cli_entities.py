"""``artindex entities`` and ``artindex quotes``: the relation view and the quotations of a
search, thin commands over :meth:`artindex.Index.entities` and :meth:`artindex.Index.quotes`
(registered on the ``artindex`` group by :mod:`artindex.cli`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .cli import _errors, _settings, index_option, main

F = TypeVar("F", bound=Callable[..., Any])


def _filters(func: F) -> F:
    """``Index.search``'s filters, under the same names."""
    options = [
        click.option("--since", help="From this ISO date or datetime (index's time zone)."),
        click.option("--until", help="Up to this ISO date (the whole day) or datetime."),
        click.option("--when", help="A date phrase or range (2024-06, 2024-01-01..2024-02-01)."),
        click.option("--now", help="Fix 'now' (ISO datetime) for relative dates."),
        click.option("--tag", multiple=True, help="Only articles with this tag (repeatable)."),
        click.option("--source", multiple=True, help="Only from this source (repeatable)."),
        click.option("--byline", multiple=True, help="Only by this reporter (repeatable)."),
        click.option("--lang", multiple=True, help="Only in this language (repeatable)."),
        click.option("--person", multiple=True, help="Only naming this person (repeatable)."),
        click.option("--org", multiple=True, help="Only naming this organisation (repeatable)."),
        click.option("--place", multiple=True, help="Only naming this place (repeatable)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


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
@_filters
@click.pass_context
def entities(
    ctx: click.Context, /, query: str, index_path: Path, limit: int, as_json: bool, **flags: Any
) -> None:
    """The people, organisations and places most associated with QUERY: named in its matching
    articles far more often than in the whole archive."""
    from .api import Index

    with _errors(), Index.open(index_path, _settings(ctx), preload=False) as idx:
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
@_filters
@click.pass_context
def quotes(
    ctx: click.Context, /, query: str, index_path: Path, limit: int, as_json: bool, **flags: Any
) -> None:
    """Direct quotations, with their speakers, in the articles matching QUERY (all articles
    when QUERY is empty)."""
    from .api import Index

    with _errors(), Index.open(index_path, _settings(ctx), preload=False) as idx:
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
