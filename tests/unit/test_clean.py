import pytest

from analysis.corpus.articles import Article, load_corpus
from analysis.corpus.clean import segment_article
from tests.conftest import SEED_CORPUS


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(SEED_CORPUS).by_id()


def _parts(article):
    segs = segment_article(article)
    return {(article.text[s.start:s.end], s.part, s.kind) for s in segs}, segs


def _find(parts, start):
    return [p for p in parts if p[0].startswith(start)]


def test_seed_000_last_paragraph_is_a_reader_comment_by_override(seeds):
    parts, _ = _parts(seeds["000_e63558821d595b82"])
    (row,) = _find(parts, "Déjà ça parle")
    assert row[1] == "comment"
    assert _find(parts, "CAPITAUX AMÉRICAINS")[0][1:] == ("body", "heading")


def test_seed_001_navigation_credit_promo_comments_and_form(seeds):
    parts, _ = _parts(seeds["001_dc56a309806d101d"])
    assert _find(parts, "Passer au contenu")[0][1] == "boilerplate"
    assert _find(parts, "© Mistral")[0][2] == "caption"
    assert _find(parts, "Mistral Large")[0][2] == "caption"
    assert _find(parts, "🟣 Pour ne manquer")[0][2] == "promo"
    assert _find(parts, "2 commentaires")[0][1] == "boilerplate"
    assert _find(parts, "1. L’UE est toujours")[0][1] == "comment"
    assert _find(parts, "2. Pour une fois")[0][1] == "comment"
    assert _find(parts, "Laisser un commentaire")[0][2] == "comment_form"
    assert _find(parts, "Votre adresse e-mail")[0][2] == "comment_form"


def test_seed_002_date_marker_and_photo_caption(seeds):
    parts, _ = _parts(seeds["002_ef994fbf41719a6b"])
    assert _find(parts, "date 2024-02")[0][2] == "date_marker"
    assert _find(parts, "Le PDG de Mistral AI, Arthur Mensch, à Bletchley")[0][2] == "caption"
    assert _find(parts, "- Vocation mondiale -")[0][1:] == ("body", "heading")


def test_seed_003_marker_cut_from_first_question_and_byline(seeds):
    parts, _ = _parts(seeds["003_596e36e41944f294"])
    assert _find(parts, "LA TRIBUNE - Mistral")[0][1] == "body"
    assert _find(parts, "Propos recueillis par")[0][2] == "byline"


def test_seed_004_site_chrome_alt_text_footnotes_and_promotion(seeds):
    parts, _ = _parts(seeds["004_76b5440ce6d7ba29"])
    assert _find(parts, "logo_blanc")[0][2] == "navigation"
    assert _find(parts, "MistralAIGlowing")[0][2] == "alt_text"
    assert all(p[2] == "footnote_urls" for p in _find(parts, "[")[:4])
    assert _find(parts, "1 an, 4 numéros")[0][1] == "boilerplate"
    assert _find(parts, "Abonnez-vous au magazine")[0][1] == "boilerplate"
    assert _find(parts, "Le succès de Mistral AI")[0][2] == "title"


@pytest.mark.parametrize("article_id, must_stay", [
    ("000_e63558821d595b82", "Cela jette un froid sur les possibilités réelles"),
    ("001_dc56a309806d101d", "Mais ce qui est sûr, c’est qu’il s’agit d’un sacré revers"),
    ("002_ef994fbf41719a6b", "Et la volonté de souveraineté européenne est menacée"),
    ("003_596e36e41944f294", "Par ailleurs, il est très important que les grands modèles"),
    ("004_76b5440ce6d7ba29", "Depuis le succès du premier système d’exploitation"),
])
def test_body_keeps_every_article_paragraph(seeds, article_id, must_stay):
    parts, segs = _parts(seeds[article_id])
    (row,) = [p for p in parts if must_stay in p[0]]
    assert row[1] == "body"
    # segments are ordered, non-overlapping and inside the text
    for a, b in zip(segs, segs[1:]):
        assert a.end <= b.start


def test_text_with_no_furniture_is_all_body():
    art = Article(id="x", text="Un premier paragraphe complet.\n\nUn second paragraphe, lui aussi.")
    assert {s.part for s in segment_article(art)} == {"body"}


@pytest.mark.parametrize("line, promo", [
    ("Abonnez-vous à notre NEWSLETTER pour tout savoir de l'IA.", True),
    ("Retrouvez-nous SUR LINKEDIN et sur Google Actualités.", True),
    ("  À lire également : Mistral AI lève 385 millions d'euros", True),
    ("A LIRE AUSSI : le Sénat et l'IA", True),
    ("Voir aussi notre dossier sur la souveraineté numérique.", True),
    ("L'offre à 9,99 € TTC par mois.", True),
    ("Le gouvernement veut voir aussi les contrats de Microsoft.", False),
    ("Microsoft a suivi de près l'annonce, selon la Commission européenne.", False),
    ("Suivez-nous sur Twitter pour ne rien manquer.", True),
    ("Sur Twitter, la députée a écrit : « Cette loi est une honte. »", False),
    ("Le ministre a réagi sur Facebook dans la soirée.", False),
])
def test_promotion_lines_are_found_in_any_case_and_only_where_they_belong(line, promo):
    art = Article(id="x", outlet="Test", title="Titre", date="2024-02-27", url="", text=f"Titre\n\n{line}\n")
    kinds = {kind for text, _part, kind in _parts(art)[0] if text == line.strip()}
    assert (kinds == {"promo"}) is promo
