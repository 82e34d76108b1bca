"""The corpus: reading and validating article files, cleaning, sentences, import and export.

- ``articles``: the article file format, :func:`load_corpus`, :class:`Corpus`
- ``clean``: body, reader comments and boilerplate of a raw article
- ``sentences``: French sentence splitting on top of spaCy's parse
- ``textutil``: small text helpers shared by every measure (normalisation, hashes)
- ``importers``: bringing new articles in (formats, checks, atomic writes)
- ``exporters``: the corpus as CSV, JSONL or IRaMuTeQ text
- ``shared_files``: the folder lock and locked, atomic edits of the data files
"""
