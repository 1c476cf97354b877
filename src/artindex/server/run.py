"""Start uvicorn over an index: one process, or several workers that each open the index."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..api import Index
from ..compat import check_compatible
from ..errors import ConfigError
from ..pins import Member, check
from ..settings import Settings, dump_settings
from ..store import IndexDir
from .app import DEFAULT_CONCURRENCY, ENV_CONCURRENCY, ENV_INDEX, ENV_SETTINGS, create_app

UVICORN_PINNED = "0.54.0"
# uvicorn's internals this module relies on: the protocol class it subclasses (its module is
# not public API) and the keyword that gives workers time to load Kiwi; checked before serving.
UVICORN_MEMBERS = (
    Member("uvicorn.protocols.http.httptools_impl", "HttpToolsProtocol", "connection_made",
           "server.run.NoDelayProtocol"),
    Member("uvicorn.config", "Config", "timeout_worker_healthcheck",
           "server.run.serve (workers > 1)", instance=True),
)  # fmt: skip
WORKER_STARTUP_S = 120
PROTOCOL = "artindex.server.run:NoDelayProtocol"


class NoDelayProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with TCP_NODELAY on every connection.

    With ``workers > 1`` uvicorn binds the listening socket itself (protocol number 0), and
    asyncio sets TCP_NODELAY only on sockets whose protocol is IPPROTO_TCP; the headers and the
    body of each response then go out as two writes, and the body waits for the client's
    delayed ACK: about 40 ms added to every answer (measured: 44 ms vs 1.2 ms for an empty
    endpoint, 52 ms vs 11 ms for a search)."""

    def connection_made(self, transport: Any) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


def url(host: str, port: int) -> str:
    """The address a browser opens for ``host`` and ``port``."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def check_port(host: str, port: int) -> None:
    """Raise ConfigError (one line naming the port) when ``host:port`` cannot be listened on,
    before an index is opened or a worker started; binds as uvicorn does (SO_REUSEADDR)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                why = "is in use by another program; choose another with --port"
            else:
                why = f"cannot be listened on ({exc.strerror or exc})"
            raise ConfigError(f"port {port} on {host} {why}") from None


def serve(
    index: Path,
    settings: Settings,
    host: str,
    port: int,
    workers: int = 1,
    concurrency: int = DEFAULT_CONCURRENCY,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve until interrupted, each worker process running at most ``concurrency`` searches
    at a time, with ``settings`` as the caller resolved them (every worker gets the same).
    A busy port, or a missing or incompatible index, fails at once with artindex's message
    rather than inside a worker; ``ready`` is then called with the URL served. No access log
    (the warning level hid it already; this skips making its record for every request)."""
    check("uvicorn", UVICORN_PINNED, UVICORN_MEMBERS)
    check_port(host, port)
    if workers == 1:
        with Index.open(index, settings) as idx:
            app = create_app(idx, concurrency)
            if ready is not None:
                ready(url(host, port))
            uvicorn.run(
                app, host=host, port=port, log_level="warning", access_log=False, http=PROTOCOL
            )
        return
    # Check without opening: the supervisor itself never searches, so it need not load Kiwi.
    root = IndexDir(index)
    check_compatible(root.read_manifest(), settings, root.root)
    os.environ[ENV_INDEX] = str(index.resolve())
    os.environ[ENV_SETTINGS] = dump_settings(settings)
    os.environ[ENV_CONCURRENCY] = str(concurrency)
    if ready is not None:
        ready(url(host, port))
    uvicorn.run(
        "artindex.server.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        http=PROTOCOL,
        # A worker loads Kiwi's model before it answers the supervisor's health pings; on a busy
        # machine that takes longer than uvicorn's default 5 s, which would restart it forever.
        timeout_worker_healthcheck=WORKER_STARTUP_S,
    )
