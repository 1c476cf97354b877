"""Helpers for ``scripts/bench.py``: corpus preparation, measured steps, Markdown tables."""
