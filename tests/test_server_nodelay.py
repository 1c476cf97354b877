"""``artindex serve`` sets TCP_NODELAY on every connection. With ``--workers N`` uvicorn binds
the listening socket itself (protocol number 0) and asyncio then leaves Nagle's algorithm on,
so each response's body waited for the client's delayed ACK: ~40 ms added to every answer."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest

uvicorn = pytest.importorskip("uvicorn")

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol  # noqa: E402
from uvicorn.server import ServerState  # noqa: E402

from artindex.server.run import NoDelayProtocol  # noqa: E402


async def app(scope: Any, receive: Any, send: Any) -> None:  # pragma: no cover - not called
    return None


def nodelay_of_accepted(protocol_class: type[Any]) -> int:
    """TCP_NODELAY of the server side of one connection accepted as uvicorn's workers accept
    it: on a listening socket made with protocol number 0."""
    config = uvicorn.Config(app)
    config.load()
    made: list[Any] = []

    def factory() -> Any:
        protocol = protocol_class(config=config, server_state=ServerState(), app_state={})
        made.append(protocol)
        return protocol

    async def main() -> int:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, as uvicorn's
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        server = await asyncio.get_running_loop().create_server(factory, sock=listener)
        port = listener.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(100):
            if made and made[0].transport is not None:
                break
            await asyncio.sleep(0.01)
        accepted = made[0].transport.get_extra_info("socket")
        value = accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        writer.close()
        server.close()
        await server.wait_closed()
        return int(value)

    return asyncio.run(main())


def test_artindex_protocol_sets_tcp_nodelay() -> None:
    """The server's protocol sets TCP_NODELAY on accepted connections."""
    assert nodelay_of_accepted(NoDelayProtocol) != 0


def test_uvicorn_protocol_alone_leaves_nagle_on() -> None:
    """Why the subclass exists: if this starts failing, uvicorn or asyncio fixed it."""
    assert nodelay_of_accepted(HttpToolsProtocol) == 0
