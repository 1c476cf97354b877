"""Every command shown in the README's command-line transcript still prints what it shows.

The transcript is read from README.md itself; each ``$ artindex ...`` line is run through
click's CliRunner in a scratch copy of ``corpus/``, and its output is compared line by line at
the level of patterns: counts, titles, bylines, ids and paths must match; timings and scores
may differ; snippets cut with ``…`` must contain each shown fragment.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from artindex.cli import main
from conftest import CORPUS, ROOT

README = ROOT / "README.md"
VARIABLE = re.compile(r"\\\(\d+\\\.\d+\\ ms\\\)|\\\[\d+\\\.\d+\\\]|\\ in\\ \d+\\\.\d+s")
JSON_FIELD = re.compile(r'"(total|id|title|byline|date|source|url|path|lang)": ("[^"]*"|\d+)')


def transcript() -> list[tuple[str, list[str]]]:
    """(command, shown output lines) of each ``$ artindex`` line of the console block."""
    text = README.read_text(encoding="utf-8")
    block = text.split("```console\n", 1)[1].split("```", 1)[0]
    runs: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ artindex "):
            runs.append((line[2:], []))
        elif runs and line.strip():
            runs[-1][1].append(line)
    return runs


def pattern(line: str) -> re.Pattern[str]:
    """A shown line as a pattern: timings, scores and build seconds may vary."""
    escaped = re.escape(line.rstrip())
    return re.compile(
        VARIABLE.sub(
            lambda m: {"(": r"\(\d+\.\d+ ms\)", "[": r"\[\d+\.\d+\]"}.get(
                m.group()[1], r" in \d+\.\d+s"
            ),
            escaped,
        )
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("readme")
    shutil.copytree(CORPUS, path / "corpus")
    return path


RUNS = transcript()


def test_the_readme_shows_commands() -> None:
    """The README shows at least four commands, starting with build and search."""
    assert [cmd.split()[1] for cmd, _ in RUNS][:2] == ["build", "search"]
    assert len(RUNS) >= 4


@pytest.mark.parametrize(("command", "shown"), RUNS, ids=[c for c, _ in RUNS])
def test_readme_command_prints_what_the_readme_shows(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, command: str, shown: list[str]
) -> None:
    """Each command in the README prints the output the README shows for it."""
    monkeypatch.chdir(workdir)
    if not (workdir / "index").exists() and not command.startswith("artindex build"):
        CliRunner().invoke(main, ["build", "corpus", "--index", "index"])
    result = CliRunner().invoke(main, shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    out = result.stdout
    if "--json" in command:
        data = json.loads(out)
        flat = {"total": data["total"], **data["hits"][0]}
        for key, value in JSON_FIELD.findall(" ".join(shown)):
            assert flat[key] == json.loads(value), key
        return
    lines = out.splitlines()
    for expected in (s for s in shown if not s.startswith("indexing ")):
        if "…" in expected:  # a snippet cut for the README: its fragments are in the output
            expected = re.sub(r"\s+\[\d+\.\d+\]$", "", expected)  # a title's score may vary
            fragments = [f.strip() for f in expected.split("…") if len(f.strip()) > 10]
            assert any(all(f in line for f in fragments) for line in lines), expected
        else:
            assert any(pattern(expected).fullmatch(line.rstrip()) for line in lines), (
                f"README shows {expected!r}; the command printed:\n{out}"
            )
