"""A fast start: importing artindex, or the search side of it, loads no ingest stack."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("numpy", "trafilatura", "kiwipiepy", "artindex.ingest", "artindex.indexer")


@pytest.mark.parametrize(
    ("code", "absent"),
    [
        ("import artindex", (*HEAVY, "whoosh", "artindex.api")),
        ("import artindex; artindex.Index; artindex.Settings; artindex.QueryError", HEAVY),
        ("from artindex.cli import main", (*HEAVY, "whoosh")),
    ],
)
def test_import_loads_only_what_it_needs(code: str, absent: tuple[str, ...]) -> None:
    """`import artindex` loads no module behind the public names until one is used, and the
    search API never loads ingestion (trafilatura, numpy) or Kiwi."""
    probe = f"{code}; import sys; print(sorted(m for m in {absent!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_english_search_from_the_shell_never_loads_kiwi(corpus_index_path: object) -> None:
    """`artindex search` with a query without Hangul answers without loading Kiwi's model."""
    args = ["search", "airliner wing", "--index", str(corpus_index_path)]
    probe = (
        "import sys; from click.testing import CliRunner; from artindex.cli import main; "
        f"r = CliRunner().invoke(main, {args!r}); "
        "print(r.exit_code, 'kiwipiepy' in sys.modules, r.stdout.splitlines()[0])"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("0 False 1 results for 'airliner wing'"), out.stdout
