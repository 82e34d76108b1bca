"""Quote extraction: French constructions on invented sentences, negatives, bad input, seeds."""
import pytest

from analysis.knowledge import Knowledge
from analysis.measures.quotes import (
    EVALUATIVE,
    NEUTRAL,
    load_reporting_verbs,
    quote_mark_spans,
    quotes_of_text,
)
from analysis.measures.quotes.verbs import (
    load_noun_object_verbs,
    parse_noun_object_verbs,
)
from analysis.measures.quotes_eval import evaluate_corpus

K = Knowledge()


def _q(text, genre=""):
    quotes, raw = quotes_of_text(text, genre=genre, knowledge=K)
    return [(q.kind, q.speaker.name, raw[q.start:q.end], q.cue, q.verb_stance) for q in quotes]


# (text, kind, speaker, quote text, cue)
POSITIVE = [
    # direct: incise after the quote
    ("« Nous allons investir massivement en Europe », a déclaré Jean Dupont.",
     "direct", "Jean Dupont", "Nous allons investir massivement en Europe", "déclarer"),
    # direct: introduced by a colon, speaker described by a registry alias
    ("Le ministre de l'Économie a prévenu : « Nous ne laisserons pas faire ces pratiques déloyales. »",
     "direct", "Bruno Le Maire", "Nous ne laisserons pas faire ces pratiques déloyales", "prévenir"),
    # direct, English quote, alias description
    ("“We are thrilled to work with this team”, a indiqué le PDG de Microsoft lors de la conférence de presse de la société.",
     "direct", "Satya Nadella", "We are thrilled to work with this team", "indiquer"),
    # spokesperson resolved to the company
    ("« Cette alliance change la donne pour tout le secteur », a estimé un porte-parole de Microsoft.",
     "direct", "Microsoft", "Cette alliance change la donne pour tout le secteur", "estimer"),
    # inverted pronoun resolved to the previous named person (gender agreement)
    ("Claire Durand, la rapporteure du texte, suit le dossier depuis un an. « Les régulateurs ont été bien trop lents à réagir », regrette-t-elle.",
     "direct", "Claire Durand", "Les régulateurs ont été bien trop lents à réagir", "regretter"),
    # apposition: "la députée européenne X"
    ("« Cette histoire est une façade pour les lobbies », a dénoncé la députée européenne Kim van Sparrentak.",
     "direct", "Kim van Sparrentak", "Cette histoire est une façade pour les lobbies", "dénoncer"),
    # partial quotes inside reported speech
    ("Anne Leroy a affirmé qu'il fallait « tourner la page » rapidement.",
     "partial", "Anne Leroy", "tourner la page", "affirmer"),
    ("Le ministre de l'Économie a insisté sur sa volonté de voir émerger « un champion français » du secteur.",
     "partial", "Bruno Le Maire", "un champion français", "insister"),
    # indirect: que, infinitive, selon, d'après, pour, se dire
    ("Paul Martin estime que la régulation européenne freine l'innovation.",
     "indirect", "Paul Martin", "la régulation européenne freine l'innovation", "estimer"),
    ("La start-up française Mistral AI a annoncé lever 400 millions d'euros auprès de fonds américains.",
     "indirect", "Mistral AI", "lever 400 millions d'euros auprès de fonds américains", "annoncer"),
    ("Selon Reuters, l'accord sera signé au mois de mars.",
     "indirect", "Reuters", "l'accord sera signé au mois de mars", "selon"),
    ("D'après Bloomberg, Microsoft a investi 15 millions d'euros dans la société.",
     "indirect", "Bloomberg", "Microsoft a investi 15 millions d'euros dans la société", "d'après"),
    ("Pour Emmanuel Macron, la France doit devenir un leader de l'intelligence artificielle.",
     "indirect", "Emmanuel Macron", "la France doit devenir un leader de l'intelligence artificielle", "pour"),
    # "Pour X (expansion), …": an acronym and its expansion in brackets before the comma
    ("Pour le SNPT (Syndicat national des pêcheurs de thon), cette saison fut la pire depuis vingt ans.",
     "indirect", "SNPT", "cette saison fut la pire depuis vingt ans", "pour"),
    ("Kai Zenner se dit très inquiet de cette évolution du marché.",
     "indirect", "Kai Zenner", "très inquiet de cette évolution du marché", "se dire"),
    # "selon" after a dateline left at the start of the sentence
    ("Les transports\n\n12 octobre 2019. - Selon une note rédigée par le Conseil des usagers sur « Le train en région », "
     "les retards ont doublé en cinq ans.",
     "indirect", "Conseil des usagers", "les retards ont doublé en cinq ans", "selon"),
    # indirect: a statement verb whose object is a noun phrase
    ("La ministre de la Santé, Claire Vasseur, constate une hausse des cas de grippe dans la région.",
     "indirect", "Claire Vasseur", "une hausse des cas de grippe dans la région", "constater"),
    ("Le président malien Amadou Keita évoque un risque de famine.",
     "indirect", "Amadou Keita", "un risque de famine", "évoquer"),
    ("L'association Terre Vive dénonce une dérive autoritaire.",
     "indirect", "Terre Vive", "une dérive autoritaire", "dénoncer"),
    ("Le président afghan Ahmad Rahimi constate une hausse des attentats.",
     "indirect", "Ahmad Rahimi", "une hausse des attentats", "constater"),  # "afghan" tagged PROPN: not in the name
    ("La CFDT estime à 12 000 le nombre de postes menacés.",
     "indirect", "CFDT", "à 12 000 le nombre de postes menacés", "estimer"),
    # colon after "a pour sa part ajouté", the parser giving the subject to the quote's verb;
    # the person named in apposition wins over the registry holder of the post
    # (the parser hangs "ajouté" on "part" and makes the clause's subject the subject of that noun)
    ("D'après la ministre de la culture, Anne Roy, « les théâtres doivent rouvrir au plus vite » ; "
     "le ministre de l'économie, Hugo Bertin, a pour sa part ajouté : « Les aides aux salles seront prolongées ».",
     "direct", "Hugo Bertin", "Les aides aux salles seront prolongées", "ajouter"),
    ("Selon le maire de Nantes, Luc Perrin, « le chantier du tramway sera fini en mai » ; "
     "le préfet de région, Marc Lenoir, a pour sa part ajouté : « Les crédits de l'État sont déjà engagés ».",
     "direct", "Marc Lenoir", "Les crédits de l'État sont déjà engagés", "ajouter"),
    # inverted incise whose name the parser read as the object
    ("Le projet de barrage a été abandonné ; c’est un signe de faiblesse politique, a déclaré Rachid Benali.",
     "indirect", "Rachid Benali", "c’est un signe de faiblesse politique", "déclarer"),
    # attribution after the fact: the sentence before is the speaker's
    ("Les bureaux de poste ferment les uns après les autres. C'est la remarque de Julien Morel, géographe à Tours.",
     "indirect", "Julien Morel", "Les bureaux de poste ferment les uns après les autres", "c'est l'avis de"),
    ("Les librairies ferment partout dans les petites villes. Le constat est du sociologue Henri Dumas.",
     "indirect", "Henri Dumas", "Les librairies ferment partout dans les petites villes", "c'est l'avis de"),
    ("« Les bénévoles portent ce club à bout de bras depuis dix ans. » C'est d'ailleurs l'avis de Julie Morel.",
     "direct", "Julie Morel", "Les bénévoles portent ce club à bout de bras depuis dix ans", "c'est l'avis de"),
]


@pytest.mark.parametrize("text, kind, speaker, quote, cue", POSITIVE)
def test_french_constructions(text, kind, speaker, quote, cue):
    found = _q(text)
    assert (kind, speaker, quote, cue) in [(k, s, t, c) for k, s, t, c, _ in found], found


def test_attribution_after_the_fact_does_not_depend_on_the_sentence_splitter():
    """"… dans les bourgs. Le diagnostic est de X." read as one sentence by the splitter still gives X the first."""
    from analysis.corpus.articles import Article
    from analysis.corpus.clean import segment_article
    from analysis.corpus.sentences import Sentence, split_sentences
    from analysis.engine.nlp import get_nlp
    from analysis.measures.actors import load_registry
    from analysis.measures.quotes import extract_quotes
    from analysis.measures.quotes.identity import load_speaker_nouns

    text = "Titre\n\nLes petits commerces ferment dans les bourgs. Le diagnostic sévère est de l'urbaniste Henri Dumas."
    doc = get_nlp()(text)
    segments = segment_article(Article(id="t", text=text, genre="inconnu"))
    sentences = split_sentences(doc, segments)
    body = [s for s in sentences if s.kind == "paragraph"]
    assert len(body) == 2
    merged = [s for s in sentences if s not in body] + [Sentence(body[0].index, body[0].start, body[1].end,
                                                                  body[0].part, body[0].kind)]
    quotes = extract_quotes(doc, text, segments, merged, load_registry(K), load_reporting_verbs(K),
                            nouns=load_speaker_nouns(K))
    assert [(q.speaker.name, text[q.start:q.end]) for q in quotes] == [
        ("Henri Dumas", "Les petits commerces ferment dans les bourgs")]


def test_incise_inside_the_quote_splits_it_and_gives_the_speaker():
    found = _q("Sophie Martin a présenté son rapport mardi. « Ce texte est une erreur, dit-elle. "
               "Il faudra le revoir entièrement avant l'été. »")
    assert [(k, s, t) for k, s, t, *_ in found] == [
        ("direct", "Sophie Martin", "Ce texte est une erreur"),
        ("direct", "Sophie Martin", "Il faudra le revoir entièrement avant l'été"),
    ]


@pytest.mark.parametrize("text", [
    "« Mistral Large » est disponible sur la plateforme Azure.",             # product name
    "Mistral a lancé « le Chat », son assistant conversationnel.",           # product name
    "Le débat sur la « souveraineté numérique » reprend à Bruxelles.",       # scare quotes on a term
    "Il a publié l'an dernier un livre intitulé « Le Pouvoir des algorithmes ».",  # quoted title
    "Il faut « se réjouir » de cette annonce.",                              # "il faut", nobody speaks
    "Il faut dire que le marché est difficile.",                             # "il faut dire que"
    "Paul Martin n'a pas dit que l'accord était mauvais.",                   # negated reporting verb
    "Jean Dupont sait que la partie sera difficile.",                        # savoir is not a reporting verb
    "Peu d'entreprises peuvent prétendre au titre de champion européen.",   # prétendre à (aspire)
    "Le texte ne contient aucune citation, seulement des faits.",            # no quotes at all
    "Le rapport constate une hausse des prix.",                              # a document is no speaker
    "Des habitants constatent une hausse des prix.",                         # a vague group is no speaker
    "Les syndicats dénoncent une dérive.",                                   # a description alone: too weak a cue
    "Le chef du Conseil national dénonce une dérive.",                       # a name inside a description
    "Paul Martin arrive à Lyon. Il évoque la question des transports.",      # a pronoun: too weak a cue
    "Le tribunal de Lyon a condamné Paul Martin à deux ans de prison.",      # condamner: a sentence, no statement
    "Paul Martin a annoncé sa démission.",                                   # annoncer: its object is no statement
    "Paul Martin parle de partir en mai.",                                   # parler: quoted words only
    "Paul Martin ne dénonce pas cette dérive.",                              # negated
    "Les écoles ferment. C'est la fin de la saison.",                        # "c'est la fin de": no statement noun
])
def test_not_quotes(text):
    assert _q(text) == []


def test_interview_answers_belong_to_the_interviewee_and_questions_are_not_quotes():
    text = ("L'EXPRESS - Pourquoi avez-vous quitté votre poste chez Google l'an dernier ?\n\n"
            "JULIE MOREAU - J'avais envie de construire quelque chose en Europe. Le moment était idéal.\n\n"
            "Nous avions une équipe solide et des investisseurs patients.\n\n"
            "Regrettez-vous ce choix aujourd'hui, alors que la concurrence américaine s'intensifie ?\n\n"
            "Pas du tout, nous avons beaucoup appris et nous continuerons.\n")
    found = _q(text, genre="entretien")
    assert [(k, s) for k, s, *_ in found] == [("interview", "Julie Moreau")] * 3
    assert not any("?" in t for _, _, t, *_ in found)


def test_quote_without_speaker_is_kept_as_inconnu():
    found = _q("Le ton est monté lors de la réunion.\n\n"
               "« Nous ne reculerons devant aucune menace et nous irons jusqu'au bout de ce combat. »\n")
    assert [(k, s) for k, s, *_ in found] == [("direct", "inconnu")]


@pytest.mark.parametrize("text", [
    "« Nous irons jusqu'au bout de cette grève, a lancé le syndicaliste.\n\nLe conflit dure depuis trois mois.",
    "Il a dit » ceci « et « cela.\n\nFin.",
    "« « « »\n\n» » »",
    'The CEO said "we are happy with the deal". Le PDG a dit "nous sommes contents".',
    "",
    "\n\n\n",
])
def test_bad_input_does_not_crash_and_no_quote_crosses_a_paragraph(text):
    quotes, raw = quotes_of_text(text, knowledge=K)
    for q in quotes:
        assert 0 <= q.start < q.end <= len(raw)
        assert "\n" not in raw[q.start:q.end]


def test_nested_quotes_stay_inside_the_outer_quote():
    assert quote_mark_spans("« a “b” c »", 0, 11) == [(1, 10, True)]
    found = _q("« Il a parlé de “champions européens” sans jamais y croire », a ironisé Kim van Sparrentak.")
    assert [(k, s) for k, s, *_ in found] == [("direct", "Kim van Sparrentak")]


def test_reporting_verbs_are_clean_and_have_a_stance():
    verbs = load_reporting_verbs(K)
    assert {"dire", "déclarer", "indiquer", "préciser", "se réjouir", "dénoncer", "regretter"} <= set(verbs)
    assert not {"être", "avoir", "savoir", "faire", "pouvoir", "falloir", "trouver"} & set(verbs)
    assert verbs["dire"] == NEUTRAL and verbs["dénoncer"] == EVALUATIVE and verbs["prétendre"] == EVALUATIVE
    assert set(verbs.values()) <= {NEUTRAL, EVALUATIVE}


def test_noun_object_verbs_are_reporting_verbs_read_from_the_object_column():
    nouns = load_noun_object_verbs(K)
    assert {"constater", "dénoncer", "évoquer", "estimer"} <= nouns <= set(load_reporting_verbs(K))
    assert not {"dire", "annoncer", "déclarer"} & nouns
    assert parse_noun_object_verbs("lemma\tstance\tnote\tobject\nvoir\tneutral\t\tnoun\ndire\tneutral\n") == {"voir"}


# ---------------------------------------------------------------- seed corpus
def _seed_quotes(seed_results, prefix):
    q = seed_results["quotes"]
    return q[q["article_id"].str.startswith(prefix)]


def test_seed_speakers(seed_results):
    q001, q002, q003 = (_seed_quotes(seed_results, p) for p in ("001", "002", "003"))
    assert ((q001["speaker"] == "Kim van Sparrentak") & (q001["kind"] == "direct")).any()
    assert ((q002["speaker"] == "Arthur Mensch") & (q002["kind"] == "direct")).any()
    assert len(q003) >= 5 and set(q003["kind"]) == {"interview"} and set(q003["speaker"]) == {"Marina Ferrari"}
    assert not q003["text"].str.contains(r"\?").any()  # the questions are not quotes
    assert not seed_results["quotes"]["text"].str.strip().isin(["Mistral Large", "le Chat", "Chat"]).any()


def test_articles_gain_quote_columns(seed_results):
    arts = seed_results.articles.set_index("article_id")
    assert {"n_quotes", "n_speakers", "quoted_share", "flesch_fr_journalist"} <= set(arts.columns)
    tribune = arts.loc[[i for i in arts.index if i.startswith("003")][0]]
    assert tribune["quoted_share"] > 0.5  # an interview is mostly the interviewee's words


def test_outlet_tables_are_pure_functions_of_the_article_tables(seed_results):
    from analysis.measures.quote_tables import outlet_quotes

    arts, quotes = seed_results.articles, seed_results["quotes"]
    one = arts[arts["outlet"] == "AFP"]
    sub = outlet_quotes(one, quotes)
    full = seed_results["outlet_quotes"].set_index("outlet").loc["AFP"]
    assert list(sub["outlet"]) == ["AFP"] and sub.iloc[0]["n_quotes"] == full["n_quotes"]


def test_quality_floor_against_the_hand_annotation(cache_dir):
    ev = evaluate_corpus(None, cache_dir=cache_dir)
    f = ev.figures()
    assert ev.n_gold >= 20
    assert f["span_precision"] >= 0.9 and f["span_recall"] >= 0.9, f
    assert f["speaker_precision"] >= 0.9 and f["speaker_recall"] >= 0.9, f
