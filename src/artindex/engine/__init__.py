"""The Whoosh engine: the only modules that import Whoosh.

The schema and how an article becomes a Whoosh document (:mod:`.schema`). Everything above
this package speaks artindex types (``Article``, ``Hit``, ``SearchResult``).
"""
