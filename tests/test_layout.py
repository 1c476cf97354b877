"""The package layout holds: Whoosh is imported only in ``engine/``, and each place imports only
from the places above it (README, "Layout"). Imports inside functions count too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "artindex"

# place -> the places it must never import (its own rows below in the layout table)
FORBIDDEN = {
    "text": {"analysis", "engine", "search", "ingest", "indexer", "store", "api", "cli", "server"},
    "analysis": {"engine", "search", "ingest", "indexer", "api", "cli", "server", "export"},
    "engine": {"search", "ingest", "indexer", "api", "cli", "server", "export"},
    "search": {"ingest", "indexer", "api", "cli", "server", "export", "parallel"},
    "ingest": {"engine", "search", "indexer", "store", "api", "cli", "server", "export"},
    # Index.add and Index.delete call the indexer from inside the method, so opening an index
    # to search never loads the ingest stack (tests/test_start.py checks that at run time)
    "api": {"ingest", "parallel", "cli", "server", "export"},
}


def place(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imports(path: Path) -> set[str]:
    """The artindex places (top-level modules or packages) and outside packages ``path``
    imports, relative imports resolved."""
    package = list(path.relative_to(SRC).parent.parts)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                module = node.module or ""
                if module.startswith("artindex."):
                    found.add(module.split(".")[1])
                else:
                    found.add("ext:" + module.split(".")[0])
                continue
            base = package[: len(package) - (node.level - 1)]
            parts = base + (node.module.split(".") if node.module else [])
            if parts:
                found.add(parts[0])
            else:  # from . import x (at the top of the package)
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found.add("ext:" + alias.name.split(".")[0])
    return found


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_only_the_engine_imports_whoosh(path: Path) -> None:
    if place(path) == "engine":
        return
    assert "ext:whoosh" not in imports(path), f"{path.relative_to(SRC)} imports Whoosh"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_each_place_imports_only_the_places_above_it(path: Path) -> None:
    bad = imports(path) & FORBIDDEN.get(place(path), set())
    assert not bad, f"{path.relative_to(SRC)} ({place(path)}) imports {sorted(bad)}"


def test_the_checks_see_function_level_and_relative_imports(tmp_path: Path) -> None:
    """The scanner itself: a lazy ``from ..engine import x`` inside a function is found."""
    sample = SRC / "search" / "compile.py"
    assert {"engine", "analysis"} <= imports(sample)
    assert "engine" in imports(SRC / "search" / "arrange.py")
