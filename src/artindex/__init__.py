"""artindex: a searchable full-text index of news articles, Korean first."""

from __future__ import annotations

__version__ = "0.1.0"
