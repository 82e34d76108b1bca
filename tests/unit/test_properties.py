"""Property-based tests: every analysis and import function accepts arbitrary Unicode.

Example counts are modest (spaCy parses are slow); the text strategies mix French
letters, typographic spaces and apostrophes, line breaks and arbitrary code points.
"""
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus import importers as imp
from analysis.corpus.articles import DATE_RE, UNKNOWN, Article, load_article
from analysis.corpus.clean import BODY, BOILERPLATE, COMMENT, segment_article
from analysis.measures.readability import readability_row, words_of
from analysis.measures.syllables import count_syllables

FRENCHY = st.sampled_from(list("aeiouyéèêàâùûîïôœçAÉÈ’'-«»\u00a0\u202f.,;:!?…\n\t ") + ["M.", "Mme", "\n\n", "---\n"])
TEXT = st.one_of(st.text(max_size=300), st.lists(st.one_of(FRENCHY, st.text(max_size=5)), max_size=80).map("".join))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT, TEXT)
def test_segment_article_covers_text_in_order(text, title):
    segs = segment_article(Article(id="x", text=text, title=title or UNKNOWN))
    last = 0
    for s in segs:
        assert last <= s.start < s.end <= len(text) and s.part in (BODY, COMMENT, BOILERPLATE)
        last = s.end


@FAST
@given(st.text(max_size=40), st.booleans())
def test_count_syllables_never_crashes(word, verb):
    n = count_syllables(word, verb=verb)
    assert isinstance(n, int) and n >= 0


@FAST
@given(TEXT)
def test_readability_on_arbitrary_text(text):
    words = words_of(text)
    for w in words:
        assert text[w.start:w.end] != "" and w.syllables >= 0
    row = readability_row([words[i:i + 7] for i in range(0, len(words), 7)])
    assert row["n_words"] == len(words)
    if row["flesch_fr"] is not None:
        assert row["flesch_fr"] == row["flesch_fr"]  # not NaN


@FAST
@given(TEXT)
def test_normalise_text_is_idempotent_and_clean(text):
    out = imp.normalise_text(text)
    assert imp.normalise_text(out) == out
    assert "\r" not in out and "\u200b" not in out and "\n\n\n" not in out
    assert all(c in "\n\t" or ord(c) >= 32 for c in out)
    out.encode("utf-8")  # no lone surrogate


@FAST
@given(st.binary(max_size=400))
def test_decode_bytes_returns_text_or_a_french_refusal(data):
    try:
        text, encoding = imp.decode_bytes(data, "f.txt")
    except imp.ImportRefused as err:
        assert err.source == "f.txt" and err.reason
    else:
        assert isinstance(text, str) and encoding


@FAST
@given(st.text(max_size=80))
def test_safe_id_is_always_a_plain_file_name(name):
    sid = imp.safe_id(name)
    assert re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,59}", sid) or sid.endswith("-article")


@FAST
@given(st.text(max_size=60))
def test_normalise_date_returns_none_or_a_corpus_date(value):
    d = imp.normalise_date(value)
    assert d is None or DATE_RE.match(d)


@FAST
@given(TEXT)
def test_detect_language_never_crashes(text):
    lang, hits = imp.detect_language(text)
    assert lang in imp.LANGUAGE_NAMES or lang == UNKNOWN


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200), st.text(max_size=60), st.text(max_size=30))
def test_any_text_file_imports_or_is_refused_and_round_trips(tmp_path, body, title, outlet):
    data = body.encode("utf-8", "surrogatepass") if body else b""
    try:
        cands, refused, _ = imp.parse_source("a.txt", data)
    except imp.ImportRefused as err:
        assert err.reason
        return
    for cand in cands:
        imp.apply_overrides(cand, {"title": title, "outlet": outlet})
        content = imp.render_candidate(cand, "a")
        path = tmp_path / "a.txt"
        path.write_text(content, encoding="utf-8")
        if not cand.text.strip():
            continue  # refused later by check_candidates ("aucun texte")
        art, _ = load_article(path)
        assert art.text == cand.text
        assert art.title == cand.meta["title"] and art.outlet == cand.meta["outlet"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FRENCHY, st.text(max_size=4)), min_size=1, max_size=40).map("".join))
def test_pipeline_accepts_short_arbitrary_texts(text):
    """split_sentences and every article step, through the real spaCy parse."""
    from analysis.engine.nlp import parse_texts
    from analysis.engine.pipeline import analyse_article
    from analysis.knowledge import Knowledge

    art = Article(id="x", text=text)
    (doc,) = parse_texts([text])
    res = analyse_article(art, doc, Knowledge())
    for s in res.tables["sentences"]:
        assert 0 <= s["start"] <= s["end"] <= len(text)
