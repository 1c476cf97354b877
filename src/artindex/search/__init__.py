"""Answering a search: the request and its filters (:mod:`.request`, :mod:`.filters`), the
query compiled from its text (:mod:`.compile`) and run on a searcher (:mod:`.execute`),
feedback (:mod:`.feedback`), the page arranged
from the ranking with sorting, recency, facets, collapsing and explanations (:mod:`.arrange`,
:mod:`.facets`, :mod:`.collapse`, :mod:`.doctable`), snippets (:mod:`.snippets`), query
correction (:mod:`.suggest`) and related articles (:mod:`.similar`). Whoosh is reached only
through :mod:`artindex.engine`.
"""
