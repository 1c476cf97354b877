"""The test suite holds itself to the house style: each test states its behaviour in a docstring."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def undocumented_tests() -> list[str]:
    """Every ``test*`` function (module level or in a class) in ``tests/`` without a docstring."""
    offenders = []
    for path in sorted(TESTS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and node.name.startswith("test")
                and ast.get_docstring(node) is None
            ):
                offenders.append(f"{path.name}:{node.lineno} {node.name}")
    return offenders


def test_every_test_function_has_a_docstring() -> None:
    """Each test function in tests/ has a docstring stating the behaviour it checks."""
    offenders = undocumented_tests()
    assert not offenders, f"{len(offenders)} test functions lack a docstring:\n" + "\n".join(
        offenders
    )
