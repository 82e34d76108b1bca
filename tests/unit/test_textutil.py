"""Small text helpers: the span index against a brute-force scan."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.corpus.textutil import SpanIndex

spans_st = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30)).map(lambda t: (t[0], t[0] + t[1])), max_size=8)


@given(spans_st, st.integers(0, 90), st.integers(1, 12))
def test_span_index_matches_a_scan(spans, a, length):
    b = a + length
    index = SpanIndex(spans)
    mid = (a + b) / 2
    assert index.covers(a, b) == any(s <= mid < e for s, e in spans)
    assert index.contains(a, b) == any(s <= a and b <= e for s, e in spans)
    assert index.overlaps(a, b) == any(s < b and a < e for s, e in spans)


def test_span_index_nested_and_empty():
    assert not SpanIndex([]).covers(0, 4)
    index = SpanIndex([(0, 100), (10, 20)])  # a short span inside a long one
    assert index.contains(50, 60) and index.covers(50, 60)
    assert not index.contains(95, 105)
