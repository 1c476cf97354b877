"""Building and updating an index, one module per stage in the order the data flows:

- ``plan``: which file a write adds, re-indexes, removes or keeps (pure: no article is read
  and Whoosh is not touched), and how a parallel build shares the files out;
- ``read``: the one call into the ingest pipeline (read each file once, learn the site
  chrome, parse), and what a write records of each file;
- ``session``: analysis and writing one new generation (``GenerationSession``, which commits
  it and ``adopt``s the segments workers wrote) or one worker's segment (``PartSession``);
- ``parts``: a worker's share and what it runs; its transports apart: ``local`` (worker
  processes), ``cluster`` (Dask) and ``sent`` (file bytes sent to Dask workers);
- ``operations``: build, update, remove, add and delete, each planning, reading and writing
  through the stages above, once each.

The public names are in ``artindex.indexer``.
"""
