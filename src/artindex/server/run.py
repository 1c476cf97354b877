"""Start uvicorn over an index: one process, or several workers that each open the index."""

from __future__ import annotations

import os
from pathlib import Path

import uvicorn

from ..api import Index
from ..settings import load_settings
from .app import ENV_CONFIG, ENV_INDEX, create_app


def serve(index: Path, config: Path | None, host: str, port: int, workers: int = 1) -> None:
    """Serve until interrupted. Opens the index first, so a missing index fails at once with
    artindex's message rather than inside a worker."""
    settings = load_settings(config)
    with Index.open(index, settings) as idx:
        if workers == 1:
            uvicorn.run(create_app(idx), host=host, port=port, log_level="warning")
            return
    os.environ[ENV_INDEX] = str(index.resolve())
    os.environ[ENV_CONFIG] = str(config.resolve()) if config else ""
    uvicorn.run(
        "artindex.server.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )
