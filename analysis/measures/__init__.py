"""The measures: one module per family of metrics, each a pure step over a parsed article.

- ``readability`` (+ ``syllables``): French readability
- ``quotes`` (a package), ``actors``, ``corrections``, ``quote_tables``, ``quotes_eval``: who speaks
- ``tone``: tone from polarity lexicons, with its evidence
- ``lexicon``, ``framing``, ``stance``: the sovereignty field, frames and stance
- ``vocabulary``: distinctive vocabulary, similarity, shared passages
- ``aggregate``: per-outlet tables built from the per-article ones
"""
