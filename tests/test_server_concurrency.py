"""The server runs at most ``concurrency`` index calls at a time per worker, so the searchers
(and the memory) a worker holds stay bounded however many clients connect; the requests
beyond the limit wait their turn and are all answered."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the server extra (artindex[server]) is not installed")
from click.testing import CliRunner
from starlette.testclient import TestClient

from artindex import Index, Settings
from artindex.cli import main
from artindex.server import create_app
from artindex.server.app import DEFAULT_CONCURRENCY
from serverdata import build_server_index

CLIENTS = 8
QUERIES = ["부산 박람회", "로봇", "인공지능 박람회", "제주 스타트업"]


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_server_index(tmp_path_factory.mktemp("server") / "index")


class InFlight:
    """Wraps ``Index.search`` to record the most searches that ran at the same time; each
    takes at least 80 ms so that concurrent requests overlap."""

    def __init__(self, idx: Index) -> None:
        self.running = self.most = 0
        self._lock = threading.Lock()
        search = idx.search

        @functools.wraps(search)
        def counted(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.running += 1
                self.most = max(self.most, self.running)
            try:
                time.sleep(0.08)
                return search(*args, **kwargs)
            finally:
                with self._lock:
                    self.running -= 1

        idx.search = counted  # type: ignore[method-assign]


@pytest.fixture
def idx(index_path: Path) -> Iterator[Index]:
    with Index.open(index_path, Settings()) as opened:
        yield opened


def burst(client: TestClient, count: int) -> list[Any]:
    """``count`` searches sent at once from as many threads; their JSON answers."""

    def one(i: int) -> Any:
        response = client.get("/api/search", params={"q": QUERIES[i % len(QUERIES)]})
        assert response.status_code == 200, response.text
        return response.json()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


@pytest.mark.parametrize("concurrency", [1, 3, None])
def test_concurrent_searches_never_exceed_the_limit(idx: Index, concurrency: int | None):
    """Concurrent searches reach but never exceed the limit and answer correctly."""
    limit = concurrency or DEFAULT_CONCURRENCY
    flight = InFlight(idx)
    app = create_app(idx) if concurrency is None else create_app(idx, concurrency)
    with TestClient(app) as client:
        answers = burst(client, CLIENTS)
    assert flight.most == limit  # reached, never passed
    expected = [idx.search(QUERIES[i % len(QUERIES)]).to_dict() for i in range(CLIENTS)]
    strip = [{k: v for k, v in a.items() if k != "took_ms"} for a in answers]
    assert strip == [{k: v for k, v in e.items() if k != "took_ms"} for e in expected]


def test_a_burst_opens_no_more_searchers_than_the_limit(index_path: Path):
    """Each search borrows a searcher (its segments mapped into memory again); before the
    limit, 16 clients left 16 of them open in every worker."""
    with Index.open(index_path, Settings()) as idx:
        InFlight(idx)
        with TestClient(create_app(idx, 2)) as client:
            burst(client, 16)
        gen = idx._gen  # the pool of idle searchers is private to the Index
        assert gen is not None and 1 <= len(gen._idle) <= 2


def test_concurrency_below_one_is_refused(idx: Index):
    """A concurrency below 1 is refused by create_app and by `serve --concurrency`."""
    with pytest.raises(ValueError, match="concurrency must be at least 1"):
        create_app(idx, 0)
    result = CliRunner().invoke(main, ["serve", "--index", "x", "--concurrency", "0"])
    assert result.exit_code == 2 and "--concurrency" in result.output
