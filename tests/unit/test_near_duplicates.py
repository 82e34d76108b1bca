"""Near duplicates from MinHash LSH candidates (analysis/corpus/near_duplicates.py, issue #17).

Every text below is invented (invented towns, people and events)."""
import dataclasses
import random

import pandas as pd
import pytest

from analysis.corpus import importers as imp
from analysis.corpus import near_duplicates as nd
from analysis.corpus.articles import Article
from analysis.corpus.importers import checks

TOWNS = ["Brévanne", "Saint-Olmier", "Cazerolles", "Montvalais", "Pradelune", "Orlisse", "Vaudrenac", "Ternaisy"]
PEOPLE = ["Odile Farnèse", "Bastien Quérel", "Maëlle Rosvic", "Anselme Tirbal", "Nadège Olbrun", "Yvon Célestrin"]
WHAT = ["un plan de rénovation des écoles", "la fermeture de la piscine intercommunale",
        "un nouveau réseau de bus électriques", "la vente du château des Ormeaux",
        "une taxe sur les résidences vides", "le déplacement du marché aux fleurs",
        "un festival de musique baroque", "la réouverture de la ligne ferroviaire secondaire"]
VERBS = ["a présenté", "a contesté", "a défendu", "a critiqué", "a salué", "a reporté"]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]


def invented_article(rng: random.Random, n_sentences: int) -> str:
    out = []
    for _ in range(n_sentences):
        out.append(f"À {rng.choice(TOWNS)}, {rng.choice(PEOPLE)} {rng.choice(VERBS)} {rng.choice(DAYS)} "
                   f"{rng.choice(WHAT)}, pour un coût de {rng.randint(2, 900)} millions d'euros selon "
                   f"le rapport numéro {rng.randint(100, 99999)}.")
    return " ".join(out)


def near_copy(rng: random.Random, text: str, share: float) -> str:
    """The text with about ``1 - share`` of its sentences replaced by new ones."""
    sentences = text.split(". ")
    for i in rng.sample(range(len(sentences)), round(len(sentences) * (1 - share))):
        sentences[i] = invented_article(rng, 1).rstrip(".")
    return ". ".join(sentences)


class ExhaustiveIndex(nd.CandidateIndex):
    """The check as it was before the LSH: every text is a candidate of every other."""

    def neighbours(self, i):
        return [j for j in range(len(self.fps)) if j != i]


def _cand(text, **meta):
    return imp.parse._candidate("src.txt", "src", text, meta)


def _outcome(candidates, corpus, **kw):
    ok, refused = imp.check_candidates(candidates, corpus, **kw)
    return ([(c.source, c.duplicate_of, c.similarity, c.meta.get("note"), tuple(c.warnings)) for c in ok],
            [(r.source, r.reason) for r in refused])


def _copies(candidates):
    return [dataclasses.replace(c, meta=dict(c.meta), warnings=list(c.warnings)) for c in candidates]


def test_lsh_check_makes_the_decisions_of_the_exhaustive_check(monkeypatch):
    rng = random.Random(7)
    corpus = [Article(id=f"a{i}", text=invented_article(rng, 12), outlet=["La Voix de Brévanne", "Le Pradelunois"][i % 2])
              for i in range(30)]
    long_one = corpus[3].text
    excerpt = ". ".join(long_one.split(". ")[2:7]) + "."  # a short text inside a long one
    candidates = [
        _cand(corpus[0].text, outlet="La Voix de Brévanne", title="Copie exacte"),        # same outlet: refused
        _cand(near_copy(rng, corpus[1].text, 0.9), outlet="Le Pradelunois"),            # 90 %, same outlet
        _cand(near_copy(rng, corpus[2].text, 0.9), outlet="L'Écho d'Orlisse"),          # 90 %, other outlet: flagged
        _cand(excerpt, outlet="Le Pradelunois"),                                          # contained in a4
        _cand(invented_article(rng, 10), outlet="Le Pradelunois"),                       # unrelated
        _cand(near_copy(rng, corpus[5].text, 0.5), outlet="Le Pradelunois"),             # half: not a duplicate
    ]
    candidates.append(_cand(near_copy(rng, candidates[4].text, 0.9), outlet="Le Pradelunois"))  # in this batch
    for k, c in enumerate(candidates):
        c.source = f"import-{k}.txt"
    lsh = _outcome(_copies(candidates), corpus)
    monkeypatch.setattr(checks, "CandidateIndex", ExhaustiveIndex)
    exhaustive = _outcome(_copies(candidates), corpus)
    assert lsh == exhaustive
    accepted, refused = lsh
    reasons = dict(refused)
    assert "texte identique à l'article a0" in reasons["import-0.txt"]
    assert "quasi identique" in reasons["import-1.txt"] and "a1" in reasons["import-1.txt"]
    assert "a3" in reasons["import-3.txt"]
    assert "dans ce même import" in reasons["import-6.txt"] and "import-4.txt" in reasons["import-6.txt"]
    by_source = {a[0]: a for a in accepted}
    assert by_source["import-2.txt"][1] == "a2" and 0.8 <= by_source["import-2.txt"][2] < 1.0
    assert by_source["import-4.txt"][1] is None and by_source["import-5.txt"][1] is None


def test_lsh_finds_every_pair_the_exhaustive_comparison_finds_and_scores_far_fewer():
    """2,000 synthetic texts (1,000 in the corpus, 1,000 imported, 100 of them near copies of a
    corpus text): the same matches as the exhaustive search, with a tiny share of its N x M
    exact comparisons. Nothing is timed."""
    rng = random.Random(11)
    syllables = ["ba", "ro", "ti", "mel", "dan", "sor", "vi", "qua", "lem", "tur", "po", "ni", "gal", "fre"]
    vocab = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(4000)})

    def text(n):
        return " ".join(rng.choice(vocab) for _ in range(n)) + "."

    known = [text(rng.randint(40, 160)) for _ in range(1000)]
    new = [text(rng.randint(40, 160)) for _ in range(900)]
    for k in range(100):  # near copies: ~2 % of the words changed, or a long excerpt
        words = known[k * 7].split()
        if k % 2:
            words = words[len(words) // 10:]
        new.append(" ".join(w if rng.random() > 0.02 else rng.choice(vocab) for w in words))
    fps = [nd.Fingerprint.of(t) for t in known + new]
    index = nd.CandidateIndex(fps)
    # the exhaustive answer, exactly and quickly: only texts sharing a shingle can score above 0
    holders = {}
    for j, fp in enumerate(fps[:len(known)]):
        for s in fp.shingles:
            holders.setdefault(s, []).append(j)
    n_found = 0
    for i in range(len(known), len(fps)):
        sharing = sorted({j for s in fps[i].shingles for j in holders.get(s, ())})
        want = max(((nd.score(fps[i], fps[j]), -j) for j in sharing), default=(0.0, 0))
        got = index.best(i, allowed=lambda j: j < len(known))
        if want[0] >= nd.NEAR_DUPLICATE_THRESHOLD:
            n_found += 1
            assert got == (-want[1], want[0])
        else:
            assert got[1] < nd.NEAR_DUPLICATE_THRESHOLD
    assert n_found >= 90  # most of the 100 near copies (a few lose more than 20 % of their shingles)
    assert index.n_scored < 0.01 * len(new) * len(known)  # 100 when written, against 1,000,000


def test_identical_texts_are_found_even_without_words_in_common_shingles():
    fps = [nd.Fingerprint.of("Un mot."), nd.Fingerprint.of("un   MOT !"), nd.Fingerprint.of("Autre chose.")]
    index = nd.CandidateIndex(fps)
    assert index.neighbours(0) == [1] and index.best(1) == (0, 1.0)


def test_near_duplicate_table_lists_each_copy_with_its_earlier_original_and_group():
    rng = random.Random(3)
    base = invented_article(rng, 12)
    articles = [
        Article(id="x1", text=base, outlet="Le Pradelunois"),
        Article(id="x2", text=invented_article(rng, 12), outlet="Le Pradelunois"),
        Article(id="x3", text=near_copy(rng, base, 0.9), outlet="L'Écho d'Orlisse"),
        Article(id="x4", text=base, outlet="La Voix de Brévanne"),
    ]
    table = nd.near_duplicate_table(articles)
    assert list(table.columns) == nd.NEAR_DUPLICATE_COLUMNS
    assert table["article_id"].tolist() == ["x3", "x4"]
    assert table["duplicate_of"].tolist() == ["x1", "x1"]
    assert table["identical"].tolist() == [False, True]
    assert table["group"].tolist() == ["x1", "x1"]
    assert 0.8 <= table["similarity"].iloc[0] < 1.0 and table["similarity"].iloc[1] == 1.0
    assert table["duplicate_outlet"].tolist() == ["Le Pradelunois", "Le Pradelunois"]
    empty = nd.near_duplicate_table(articles[1:3])
    assert empty.empty and list(empty.columns) == nd.NEAR_DUPLICATE_COLUMNS


@pytest.mark.parametrize("share, duplicate", [(1.0, True), (0.9, True), (0.5, False), (0.0, False)])
def test_containment_of_copies(share, duplicate):
    rng = random.Random(int(share * 10))
    base = invented_article(rng, 20)
    a, b = nd.Fingerprint.of(base), nd.Fingerprint.of(near_copy(rng, base, share))
    assert (nd.score(a, b) >= nd.NEAR_DUPLICATE_THRESHOLD) is duplicate


def test_an_empty_corpus_and_a_single_text_need_no_index():
    assert nd.CandidateIndex([]).n_scored == 0
    one = nd.CandidateIndex([nd.Fingerprint.of("Un texte seul.")])
    assert one.best(0) == (None, 0.0)
    assert nd.near_duplicate_table([]).equals(pd.DataFrame(columns=nd.NEAR_DUPLICATE_COLUMNS))


def test_the_corpus_step_reads_the_bodies_the_analysis_cleaned_and_gives_the_same_table():
    from types import SimpleNamespace

    from analysis.corpus.clean import segment_article

    rng = random.Random(4)
    base = invented_article(rng, 10)
    articles = [Article(id="y1", text="Page d'accueil\n\n" + base, outlet="Le Pradelunois", title="Un titre"),
                Article(id="y2", text=near_copy(rng, base, 0.9), outlet="La Gazette d'Orlisse"),
                Article(id="y3", text=invented_article(rng, 10), outlet="La Gazette d'Orlisse")]
    segments = pd.DataFrame([{"article_id": a.id, "part": s.part, "text": a.text[s.start:s.end]}
                             for a in articles for s in segment_article(a)])
    results = SimpleNamespace(corpus=SimpleNamespace(articles=articles), tables={"segments": segments})
    nd.near_duplicates_step(results, None)
    pd.testing.assert_frame_equal(results.tables["near_duplicates"], nd.near_duplicate_table(articles))
    assert results.tables["near_duplicates"]["article_id"].tolist() == ["y2"]
