"""``artindex serve``: a read-only HTTP JSON API and a search page over an index.

Needs the optional extra ``artindex[server]`` (Starlette, uvicorn, Jinja2).
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
