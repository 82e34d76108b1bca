"""The machinery that runs the measures over a corpus.

- ``nlp``: the spaCy pipeline (once per process) and the parse cache
- ``tokens``: the token attributes the steps read, in one call
- ``pipeline``: per-article steps, result cache, corpus steps, the local process pool
- ``dask_engine``: the same per-article step as Dask tasks (``--engine dask``)
- ``tablefiles``: tables as CSV or Parquet, read lazily
- ``allocator``, ``memwatch``, ``stagetimer``, ``bench``, ``synthetic``: memory, timing, benchmark
"""
