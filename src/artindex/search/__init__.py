"""Answering a search: the request and its filters (:mod:`.request`, :mod:`.filters`),
feedback (:mod:`.feedback`), the page arranged from the ranking with sorting, recency, facets,
collapsing and explanations (:mod:`.arrange`, :mod:`.facets`, :mod:`.collapse`,
:mod:`.explain`, :mod:`.doctable`), snippets (:mod:`.snippets`), query correction
(:mod:`.suggest`) and related articles (:mod:`.similar`).
"""
