"""Relevance evaluation helpers for ``scripts/eval.py``: loaders, metrics, baselines.

Nothing here is part of the artindex package; the artindex row goes through its public API only.
"""
