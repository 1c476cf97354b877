"""``artindex serve`` from the shell: it serves with the settings the command line resolved
(``./artindex.yaml`` included, for every worker), says where it listens, and refuses a busy
port in one line. uvicorn is replaced by a stand-in that drives the app it was given."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette", reason="the server extra (artindex[server]) is not installed")
from starlette.testclient import TestClient

from artindex.cli import main
from artindex.server import app as server_app
from artindex.server import run as server_run

ARTICLE = (
    "---\ntitle: 미르텔레콤 새 요금제 출시\ndate: 2025-03-02\n---\n"
    "미르텔레콤이 솔빛일보와 함께 새 요금제를 내놓았다. 가입자는 다음 달부터 쓸 수 있다.\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder as a user has it: ./artindex.yaml naming a user dictionary, a
    corpus, and an index built by ``artindex build`` run there."""
    (tmp_path / "words.yaml").write_text("words: [미르텔레콤, 솔빛일보]\n", encoding="utf-8")
    (tmp_path / "artindex.yaml").write_text("user_dictionary: words.yaml\n", encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "mir.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    built = CliRunner().invoke(main, ["build"], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    return tmp_path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_serve_opens_the_index_build_wrote_with_the_yaml_user_dictionary(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ./artindex.yaml naming a user dictionary, one serve worker opens what build wrote
    and finds the dictionary's word whole."""
    found: list[Any] = []

    def run(app: Any, **kw: Any) -> None:
        found.append(TestClient(app).get("/api/search", params={"q": "미르텔레콤"}).json())

    monkeypatch.setattr(server_run.uvicorn, "run", run)
    port = free_port()
    result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 0, result.output
    assert found and found[0]["total"] == 1
    assert f"serving index at http://127.0.0.1:{port}/" in result.output


def test_serve_workers_get_the_settings_the_command_line_resolved(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With several workers, each worker's app (built from the environment, as uvicorn's
    factory call builds it) opens the index with the user dictionary of ./artindex.yaml."""
    found: list[Any] = []

    def run(target: str, **kw: Any) -> None:
        assert target == "artindex.server.app:app_from_env" and kw["workers"] == 2
        client = TestClient(server_app.app_from_env())
        found.append(client.get("/api/search", params={"q": "솔빛일보"}).json())

    monkeypatch.setattr(server_run.uvicorn, "run", run)
    for name in (server_app.ENV_SETTINGS, server_app.ENV_INDEX, server_app.ENV_CONCURRENCY):
        monkeypatch.delenv(name, raising=False)  # serve sets them: restored after the test
    result = CliRunner().invoke(main, ["serve", "--workers", "2", "--port", str(free_port())])
    assert result.exit_code == 0, result.output
    assert found and found[0]["total"] == 1
    sent = json.loads(server_run.os.environ[server_app.ENV_SETTINGS])
    assert sent["user_dictionary"] == str(project / "words.yaml")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_busy_port_is_one_line_naming_the_port(
    project: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    """When another program listens on the port, serve exits 1 with one line naming it and
    never starts uvicorn."""
    monkeypatch.setattr(server_run.uvicorn, "run", lambda *a, **kw: pytest.fail("started"))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port), "--workers", workers])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"artindex: port {port} on 127.0.0.1 is in use by another program; "
        "choose another with --port"
    ]


def test_settings_sent_to_workers_come_back_unchanged() -> None:
    """Settings dumped for a worker and read back equal the resolved ones, tuples, language
    profiles and extra sections included."""
    from artindex.settings import Settings, dump_settings, undump_settings

    settings = Settings(
        user_dictionary="/srv/사전.yaml",
        source_rules=("/srv/rules",),
        title_boost=2.5,
        extra={"page_rules": {"drop": ["광고"]}},
    )
    assert undump_settings(dump_settings(settings)) == settings
