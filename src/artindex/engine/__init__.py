"""The Whoosh engine: the only modules that import Whoosh.

The schema and how an article becomes a Whoosh document (:mod:`.schema`), analyzers as
Whoosh sees them (:mod:`.analyzers`), scoring (:mod:`.scoring`: BM25F over a word's fields,
coordination), term-at-a-time evaluation over posting arrays (:mod:`.evaluate`,
:mod:`.postings`), the syntax parser (:mod:`.syntax`), query builders for the search side
(:mod:`.queries`), score explanations (:mod:`.explain`), the writer (:mod:`.writer`) and a
parallel build's segments (:mod:`.segments`). Everything above this package speaks artindex
types (``Article``, ``Hit``, ``SearchResult``) and holds Whoosh objects only opaquely.
"""
