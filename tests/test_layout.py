"""The package layout holds: Whoosh is imported only in ``engine/``, and each place imports only
from the places above it (README, "Layout"). Imports inside functions count too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "artindex"

# Every place, in the order of the house-style layout table (docs: house-style.md, README
# "Layout"): a place imports only places before it (and itself). Within the build row, the
# index directory comes before the analysis check, which comes before the build stages and
# the public names of the build (``indexer``).
ORDER = [
    "errors", "models", "settings",  # records, errors, settings: nothing of ours but each other
    "pins",  # outside packages' private members artindex uses, and their check
    "text",
    "ingest",
    "analysis",
    "engine",
    "search",
    "store", "compat", "indexing", "indexer",  # build and update; the index directory
    "api",
    "export", "server", "cli",  # thin faces over the library
    "__main__", "__init__",  # the package: names the public API, lazily
]  # fmt: skip

# Stricter than the order: place -> places it must not import although they come before it.
FORBIDDEN = {
    "analysis": {"ingest"},
    "engine": {"ingest"},
    "search": {"ingest"},
    # the faces go through the library's front door, not around it
    "cli": {"ingest", "analysis", "engine", "search", "store", "compat", "indexing"},
    "server": {"ingest", "analysis", "engine", "search", "indexing", "indexer"},
}

# place -> places it may import only inside a function: Index.add and Index.delete call the
# indexer, and api.parse_files the ingest pipeline, when called, so opening an index to
# search never loads the ingest stack (tests/test_start.py checks that at run time)
LAZY_ONLY = {"api": {"ingest", "indexing", "indexer"}}


def place(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imports(path: Path, *, top_only: bool = False) -> set[str]:
    """The artindex places (top-level modules or packages) and outside packages ``path``
    imports, relative imports resolved (``top_only``: not those inside functions)."""
    package = list(path.relative_to(SRC).parent.parts)
    found: set[str] = set()
    for node in _nodes(ast.parse(path.read_text(encoding="utf-8")), top_only):
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
            else:  # from . import x (at the top of the package); __version__ is no place
                found.update(a.name for a in node.names if a.name != "__version__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found.add("ext:" + alias.name.split(".")[0])
    return found


def _nodes(tree: ast.AST, top_only: bool) -> list[ast.AST]:
    """Every node of ``tree``, or (``top_only``) those outside function bodies."""
    if not top_only:
        return list(ast.walk(tree))
    found, todo = [], [tree]
    while todo:
        node = todo.pop()
        found.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))
    return found


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_only_the_engine_imports_whoosh(path: Path) -> None:
    """No module outside engine/ imports Whoosh."""
    if place(path) == "engine":
        return
    assert "ext:whoosh" not in imports(path), f"{path.relative_to(SRC)} imports Whoosh"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_each_place_imports_only_the_places_above_it(path: Path) -> None:
    """A module imports only artindex places that come before its own in ORDER, never one
    its row forbids, and a lazy-only place only inside a function."""
    own = place(path)
    assert own in ORDER, f"{path.relative_to(SRC)}: place {own!r} is not in the layout ORDER"
    allowed = set(ORDER[: ORDER.index(own) + 1]) - FORBIDDEN.get(own, set())
    lazy = LAZY_ONLY.get(own, set())
    ours = {p for p in imports(path) if not p.startswith("ext:")}
    bad = ours - allowed - lazy
    assert not bad, f"{path.relative_to(SRC)} ({own}) imports {sorted(bad)}"
    early = imports(path, top_only=True) & lazy
    assert not early, f"{path.relative_to(SRC)} ({own}) imports {sorted(early)} at load time"


def test_every_module_has_a_place_in_the_order() -> None:
    """Each module of the package (indexer, indexing, store, compat, export, server, cli
    included) falls in a place of ORDER, so none escapes the layering check."""
    places = {place(path) for path in MODULES}
    assert places <= set(ORDER), sorted(places - set(ORDER))
    assert {"indexer", "indexing", "store", "compat", "export", "server", "cli"} <= places


def test_the_checks_see_function_level_and_relative_imports(tmp_path: Path) -> None:
    """The scanner itself: a lazy ``from ..engine import x`` inside a function is found."""
    sample = SRC / "search" / "compile.py"
    assert {"engine", "analysis"} <= imports(sample)
    assert "engine" in imports(SRC / "search" / "arrange.py")


def module_imports(path: Path) -> set[str]:
    """The artindex modules (dotted, under the package) ``path`` imports, inside functions
    too (a lazy import back is still a cycle of knowledge)."""
    package = list(path.relative_to(SRC).parent.parts)
    found: set[str] = set()
    for node in _nodes(ast.parse(path.read_text(encoding="utf-8")), top_only=False):
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        base = package[: len(package) - (node.level - 1)]
        parts = base + (node.module.split(".") if node.module else [])
        for alias in node.names:
            candidates = [[*parts, alias.name], parts]
            for name in candidates:
                if (SRC.joinpath(*name).with_suffix(".py")).is_file() or (
                    name and (SRC.joinpath(*name) / "__init__.py").is_file()
                ):
                    found.add(".".join(name))
                    break
    return found


def test_no_module_imports_itself_back_in_a_cycle() -> None:
    """The modules' imports, lazy ones included, form no cycle (the build stages included:
    plan, read, session, parts and their transports import one way)."""
    graph = {
        ".".join(p.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__"): p
        for p in MODULES
    }
    edges = {name: module_imports(path) - {name} for name, path in graph.items()}
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        assert name not in trail, " -> ".join([*trail[trail.index(name) :], name])
        if name in done:
            return
        for other in sorted(edges.get(name, ())):
            visit(other, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


@pytest.mark.parametrize(
    "name",
    [
        "engine/view.py",
        "search/arrange.py",
        "search/compile.py",
        "search/execute.py",
        "search/facets.py",
        "search/insight.py",
        "search/request.py",
        "search/snippets.py",
        "search/suggest.py",
    ],
)
def test_the_search_side_of_the_engine_boundary_is_typed(name: str) -> None:
    """The searcher Protocols and the search execution that uses them name no ``Any``, so
    mypy checks every call search/ and api make on a Whoosh searcher."""
    tree = ast.parse((SRC / name).read_text(encoding="utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert "Any" not in names
