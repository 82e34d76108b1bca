"""Who speaks: quote forms, names, descriptions, not-a-speaker and roles, on invented French sentences.

Every sentence here is invented; none names a person or outlet of the development set or of
the seeds. One row per French press construction.
"""
import pytest

from analysis.knowledge import Knowledge
from analysis.measures.quotes import quotes_of_text
from analysis.measures.quotes.identity import (
    acronym_of,
    clean_name,
    initial_match,
    noun_key,
    parse_speaker_nouns,
    surname_forms,
)

K = Knowledge()


def _speakers(text):
    quotes, raw = quotes_of_text("Titre de l'article\n\n" + text, knowledge=K)
    return [(q.speaker.name, raw[q.start:q.end], q.speaker.role) for q in quotes]


def _names(text):
    return [s for s, _, _ in _speakers(text)]


# (text, expected speaker, words the quote starts with)
QUOTE_FORMS = [
    # colon after a verb that is not a reporting verb
    ("La sénatrice Anne Roy a ensuite défendu sa décision : « Je ne regrette rien, nous devions agir vite et fort. »",
     "Anne Roy", "Je ne regrette rien"),
    ("Jean Morel, ancien ouvrier à l'usine, se souvient : « Nous avons tout perdu en une nuit. Personne ne nous a aidés. »",
     "Jean Morel", "Nous avons tout perdu"),
    # "sur Twitter, X a écrit" (the paragraph is press text, not a social-network prompt)
    ("Sur Twitter, la députée Anne Roy a écrit : « Cette loi est une honte pour la République tout entière. »",
     "Anne Roy", "Cette loi est une honte"),
    # a chain of quotes after one attribution; the second quote has its own speaker
    ("D'après le ministre de l'Agriculture, Jean Morel, « il y a bien un déficit caché que nous devons combler » ; "
     "le ministre des Transports, Luc Perrin, a pour sa part ajouté : « Le réseau est à bout de souffle depuis des années ».",
     "Luc Perrin", "Le réseau est à bout"),
    ("D'après le ministre de l'Agriculture, Jean Morel, « il y a bien un déficit caché que nous devons combler ».",
     "Jean Morel", "il y a bien un déficit"),
    # inverted incise after reported speech, no quotation marks
    ("La réforme entrera en vigueur en janvier, a annoncé Paul Garnier, le président de l'Agence régionale.",
     "Paul Garnier", "La réforme entrera"),
    ("Le chômage va encore baisser cette année, affirme Louise Martin de l'Institut des études sociales.",
     "Louise Martin", "Le chômage va encore"),
    # a present participle or a gerund: the speaker is the subject of the main verb
    ("Le président Paul Garnier a demandé une enquête, estimant que cet accident appelle des réponses.",
     "Paul Garnier", "cet accident appelle"),
    ("La maire de Lyon, Claire Dubois, a ouvert la séance en affirmant que la ville ne céderait pas.",
     "Claire Dubois", "la ville ne céderait"),
    # "de l'avis de X"
    ("De l'avis de l'économiste Anne Roy, la hausse des taux pèsera longtemps sur les ménages.",
     "Anne Roy", "la hausse des taux"),
    # an inverted pronoun after an auxiliary: "avait-il lancé"
    ("Le chanteur Marc Petit est mort hier. « Vous êtes tous des menteurs et je le dirai encore demain ! » avait-il lancé en 1980.",
     "Marc Petit", "Vous êtes tous des menteurs"),
    # "venir de" / "tenir à" + a reporting verb: the subject of the head speaks
    ("Le gouvernement espagnol vient d'annoncer qu'il gèlera les salaires des fonctionnaires l'an prochain.",
     "gouvernement espagnol", "il gèlera les salaires"),
    # an inverted incise after a sentence with a relative clause
    ("La commission a finalement adopté le budget, qui entre ainsi en vigueur dès le mois prochain, "
     "a annoncé la présidente de la région Claire Dubois.", "Claire Dubois", "La commission a finalement adopté"),
    # "selon" + a document written by an organisation: the organisation, and the content after the comma
    ("Selon une étude menée par l'OFCE sur « L'emploi des seniors », le chômage des plus de 55 ans a "
     "reculé l'an dernier dans toutes les régions.", "OFCE", "le chômage des plus de 55 ans"),
    # a more specific description than a registry alias is the article's own speaker
    ("Le conseil départemental, excédé, a de son côté dénoncé « une décision brutale prise sans la moindre concertation ».",
     "conseil départemental", "une décision brutale"),
    # an incise after a semicolon: the clause after it is the reported speech
    ("Lors du débat, le maire a reproché au préfet son silence sur la fermeture de la gare ; c'est un abandon "
     "pur et simple des communes rurales, a déclaré Paul Garnier.", "Paul Garnier", "c'est un abandon"),
    # a colon after a pronoun's verb, the noun before the colon read as a participle by the tagger
    ("Pendant l'audience, l'avocate Claire Dubois avait tenté de discréditer l'enquête, où elle s'en était prise au "
     "juge lors d'une virulente sortie : « Ce dossier est vide, et tout le monde le sait. »", "Claire Dubois", "Ce dossier est vide"),
    # "selon eux": the group the article named
    ("Les Verts Unis ont quitté la coalition car selon eux, le gouvernement était le lieu de « compromis indécents ».",
     "Les Verts Unis", "le gouvernement était"),
    # a quoted term as the object of a reporting verb
    ("Le syndicat des cheminots a dénoncé un « incident grave » dans l'atelier de Lille.",
     "syndicat des cheminots", "incident grave"),
    # "faire savoir que": a two-word reporting verb
    ("Après trois jours de coupure, le Syndicat intercommunal des eaux de Kerlan a fait savoir que la distribution "
     "reprendrait lundi matin.", "Syndicat intercommunal des eaux de Kerlan", "la distribution reprendrait"),
    # "condamner" as a statement (an act condemned, not a person sentenced)
    ("Les fédérations de pêcheurs, dont la Fédération des pêcheurs de Loire, ont condamné le déversement de boues "
     "dans la rivière.", "Fédération des pêcheurs de Loire", "le déversement de boues"),
    # a group subject with a named member: "les X, dont Y, ont dénoncé" is Y's statement
    ("Les syndicats de cheminots, dont la Fédération autonome du rail, ont dénoncé la fermeture de la ligne.",
     "Fédération autonome du rail", "la fermeture de la ligne"),
    # "parlant de « … »": "parler" introduces quoted words; the participle's speaker is the main verb's subject
    ("Le fisc justifie le contrôle des grandes fortunes, parlant d'une « mesure d'équité ».", "fisc", "mesure d'équité"),
    ("Le comité des fêtes maintient le programme, parlant d'un « choix collectif ».", "comité des fêtes", "choix collectif"),
    # "il" the parser read as impersonal, before an active reporting verb, is a person
    ("Le maire Benoît Morel est arrivé en retard à la réunion. Très agacé, il confie au journal local que "
     "« Nous aurions dû signer ce contrat la semaine dernière ».", "Benoît Morel", "Nous aurions dû signer"),
]


@pytest.mark.parametrize("text, speaker, start", QUOTE_FORMS)
def test_quote_forms_are_attributed(text, speaker, start):
    found = _speakers(text)
    assert any(s == speaker and q.startswith(start) for s, q, _ in found), found


# (text, expected speaker) — names joined, cut names repaired, descriptions resolved
IDENTITY = [
    # particles are part of the name
    ("Marine Le Pen a tenu un meeting à Lille. « Nous gagnerons cette élection sans aucune alliance », a déclaré Le Pen.",
     "Marine Le Pen"),
    ("« La France doit retrouver sa grandeur passée et sa fierté », avait dit le général de Gaulle.", "de Gaulle"),
    # title + surname and initial forms join the full name given before
    ("Jean Dupont dirige la fédération depuis 2010. « Nous n'accepterons aucune baisse des salaires », a prévenu M. Dupont.",
     "Jean Dupont"),
    ("Barack Obama était à Paris hier. « Nous resterons aux côtés de nos alliés européens », a déclaré B. Obama.",
     "Barack Obama"),
    # an apposed name wins over the description around it
    ("« Nous poursuivrons les auteurs de ces destructions », a déclaré la procureure du tribunal, Mme Anne Roy.", "Anne Roy"),
    ("« Les militaires doivent rentrer dans leurs casernes au plus vite », affirme un jeune manifestant, Paul Garnier.",
     "Paul Garnier"),
    # a description refers to the person the article introduced with it
    ("La députée Claire Dubois a présenté son texte mardi. Le débat a duré six heures. "
     "« Ce vote est une victoire pour les familles », a déclaré la députée.", "Claire Dubois"),
    ("Le ministre du Commerce, Luc Perrin, était à Lyon. Les patrons l'attendaient. "
     "« Nous baisserons les charges des petites entreprises », a promis le ministre du Commerce.", "Luc Perrin"),
    # an acronym defined in brackets, then used alone or replaced by a description
    ("L'Organisation mondiale de la santé (OMS) publie un rapport. « La situation reste préoccupante dans le monde », "
     "a indiqué l'OMS.", "Organisation mondiale de la santé (OMS)"),
    ("Le Syndicat national des pilotes (SNP) a appelé à la grève. « Nos conditions de travail se dégradent chaque mois », "
     "a expliqué l'organisation.", "Syndicat national des pilotes (SNP)"),
    # a spokesperson or a document speaks for its organisation
    ("« Nous recueillons en ce moment même des témoignages sur place », a ajouté le porte-parole de la police régionale.",
     "police régionale"),
    ("Selon un rapport publié par l'Institut national des sondages, les revenus des ménages ont baissé de 3 %.",
     "Institut national des sondages"),
    # an organisation description with an adjective stands for the organisation named as the subject of a
    # clause in the same sentence as one of its uses ("one description, one referent")
    ("Les militants du Front vert ont bloqué la route. Ces blocages sont une riposte de l'organisation écologiste, "
     "qui affirme « défendre la forêt », après la décision du préfet. Le Front vert avait menacé de bloquer les ponts ; "
     "l'organisation écologiste justifie ces actions par l'urgence.", "Front vert"),
    # "les membres de X": X is a group even when the tagger read a person's name
    ("Les membres de Hamid Qassem ont attaqué la ville. Hamid Qassem avait menacé la région ; "
     "le groupe armé affirme agir pour la libération du pays.", "Hamid Qassem"),
    # a periphrasis of a post: "le chef du gouvernement" is "le premier ministre"
    ("Le chef du gouvernement, M. Lemaître, a parlé devant les députés. "
     "Le nouveau premier ministre a affirmé : « Nous ne reculerons pas sur les retraites. »", "Lemaître"),
]


def test_possessive_sources_are_their_owners():
    """"selon ses sources": the one whose sources they are, not "sources" as a speaker of its own."""
    text = ("Le journaliste Marc Olier a enquêté pendant un an. Selon ses propres sources, le ministère connaissait "
            "le dossier depuis longtemps.")
    assert _names(text) == ["Marc Olier"], _speakers(text)


def test_a_pronoun_prefers_the_subject_of_the_sentence_before():
    text = ("Anne Roy a quitté la séance avant le vote, alors qu'elle devait répondre à la députée Claire Dubois. "
            "Très déçue, elle confie au journal que « Nous aurions pu trouver un accord avant minuit ».")
    assert _names(text) == ["Anne Roy"], _speakers(text)


def test_nobody_named_in_a_participle_phrase_before_the_pronoun_is_its_antecedent():
    text = ("Le maire Paul Garnier a quitté son parti en mars. Il fut exclu de son groupe et déclara alors : "
            "« Nous verrons bien qui avait raison dans cette affaire. » Surpris par la décision du président Marc Vidal, "
            "il déclara : « Jamais je n'aurais cru que le parti irait aussi loin contre moi. »")
    assert set(_names(text)) == {"Paul Garnier"}, _speakers(text)


def test_a_pronoun_in_the_next_quote_is_the_speaker_of_the_quote_before():
    text = ("Le maire Paul Garnier a promis des logements neufs. « Les loyers sont trop chers pour nous tous ici », "
            "ajoute Enzo, un étudiant. « Moi, dit-il, je dors chez un ami depuis trois mois. »")
    assert _names(text) == ["Enzo", "Enzo", "Enzo"], _speakers(text)


def test_the_prime_minister_is_not_any_minister():
    text = ("La ministre de la Santé, Claire Vasseur, a visité l'hôpital. "
            "Le premier ministre a affirmé : « Nous ne reculerons pas sur les retraites. »")
    assert "Claire Vasseur" not in _names(text), _speakers(text)


@pytest.mark.parametrize("text, speaker", IDENTITY)
def test_speaker_identity_inside_an_article(text, speaker):
    assert speaker in _names(text), _speakers(text)


def test_two_people_who_share_a_surname_stay_apart():
    text = ("Marine Durand et Paul Durand se sont affrontés hier soir. "
            "« Je ne céderai rien sur la question des retraites », a déclaré Marine Durand. "
            "« Ma sœur se trompe complètement sur ce dossier », a répondu Paul Durand.")
    names = _names(text)
    assert "Marine Durand" in names and "Paul Durand" in names, _speakers(text)


# (text) — the subject is no person and no organisation: no speaker (the quote keeps "inconnu")
NOT_SPEAKERS = [
    "« Une terre brûlée par la guerre et abandonnée de tous », raconte le documentaire diffusé hier soir.",
    "Le refus du gouvernement indique que la crise va durer encore plusieurs mois.",
    "Les risques montrent que la réforme était mal préparée depuis le début.",
    "Le collectif budgétaire prévoit de supprimer les exonérations sur les heures supplémentaires.",
    "Nous affirmons que cette réforme est injuste pour les salariés les plus modestes.",
    "Le ministre, qui est arrivé hier, a annoncé le plan de relance.",
    "L'homme de 49 ans a déclaré qu'il n'avait rien vu de toute la soirée.",
    # quantified groups with no name: no one in particular
    "Plusieurs associations locales ont déclaré : « Nous n'accepterons jamais ce projet de route départementale. »",
    "De nombreux riverains ont affirmé que le bruit était devenu insupportable.",
    # "condamner" in its judicial and physical senses
]


@pytest.mark.parametrize("text", [
    "Le juge Paul Ravel l'a condamné pour « outrage à magistrat ».",
    "La société Kerlan Immobilier a condamné l'accès au vieux bâtiment.",
    "Le juge Paul Ravel a condamné l'ancien trésorier à six mois de prison avec sursis.",
    "L'ancien trésorier a été condamné par le juge Paul Ravel.",
])
def test_condamner_in_its_judicial_and_physical_senses_is_no_statement(text):
    assert _speakers(text) == []


@pytest.mark.parametrize("text", NOT_SPEAKERS)
def test_things_that_are_not_speakers(text):
    assert all(s == "inconnu" for s in _names(text)), _speakers(text)


# (text, speaker, role) — roles read from the text for speakers the registry does not know
ROLES_FROM_TEXT = [
    ("« Ce texte est une faute morale et politique », a déclaré la députée Claire Dubois.", "Claire Dubois", "politician"),
    ("« Les chiffres sont trompeurs et incomplets », estime l'économiste Paul Garnier.", "Paul Garnier", "expert"),
    ("« Nous irons en justice contre ce projet absurde », a prévenu l'ONG Terre Vivante.", "Terre Vivante", "ngo"),
    ("« Les salariés ne paieront pas la crise une fois de plus », a déclaré le syndicat Force Ouvrière Unie.",
     "Force Ouvrière Unie", "union"),
    ("« Nous poursuivrons les auteurs de ces destructions », a déclaré la procureure Anne Roy.", "Anne Roy", "institution"),
]


@pytest.mark.parametrize("text, speaker, role", ROLES_FROM_TEXT)
def test_roles_from_what_the_text_says(text, speaker, role):
    assert (speaker, role) in [(s, r) for s, _, r in _speakers(text)], _speakers(text)


def test_registry_role_wins_over_the_text():
    found = _speakers("« Nous ne laisserons pas faire », a déclaré le ministre Bruno Le Maire.")
    assert ("Bruno Le Maire", "government_fr") in [(s, r) for s, _, r in found], found


# ---- helpers
@pytest.mark.parametrize("a, b", [("député", "députées"), ("procureur", "procureure"), ("chercheur", "chercheuse"),
                                  ("ministre", "ministres"), ("directeur", "directrice")])
def test_noun_key_joins_gender_and_number(a, b):
    assert noun_key(a) == noun_key(b)


@pytest.mark.parametrize("short, full, expected", [
    ("B. Obama", "Barack Obama", True), ("J.-M. Dupont", "Jean-Marc Dupont", True),
    ("P. Obama", "Barack Obama", False), ("B. Dupont", "Barack Obama", False)])
def test_initial_forms(short, full, expected):
    assert initial_match(short, full) is expected


def test_surname_forms_keep_particles():
    assert surname_forms("Jean-Marie Le Pen") == ["le pen", "pen"]


@pytest.mark.parametrize("raw, clean", [("M. Dupont", "Dupont"), ("M.Dupont", "Dupont"), ("Mme Anne Roy", "Anne Roy"),
                                         ("l'INSEE", "INSEE"), ("Le PP", "PP"), ("Le Pen", "Le Pen"),
                                         ("Helga von", "Helga"), ("Paolo di", "Paolo"),  # never ends on a particle
                                         ("Cercle des amis de l’Océan", "Cercle des amis de l'Océan")])
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


def test_acronym_of():
    assert acronym_of("Organisation mondiale de la santé") == "OMS"


@pytest.mark.parametrize("line, reason", [
    ("ministre\tperson\tpolitician", "4 colonnes"),
    ("ministre\tanimal\tpolitician\tyes", "genre « animal »"),
    ("ministre\tperson\tpompier\tyes", "rôle « pompier »"),
    ("ministre\tperson\tpolitician\tpeut-être", "bare"),
])
def test_speaker_nouns_file_errors_name_the_file_and_line(line, reason):
    with pytest.raises(ValueError) as err:
        parse_speaker_nouns("noun\tkind\trole\tbare\n" + line + "\n", "data/speaker_nouns.tsv")
    assert "speaker_nouns.tsv, ligne 2" in str(err.value) and reason in str(err.value)


def test_an_acronym_in_apposition_joins_its_full_form():
    from analysis.engine.nlp import get_nlp
    from analysis.measures.quotes.identity import ArticleIdentity, default_speaker_nouns

    text = "Le rapport final du BEC, le Bureau d'enquêtes civiles de la région, conclut que l'accident était évitable."
    ident = ArticleIdentity(get_nlp()(text), text, lambda p: True, default_speaker_nouns())
    ent = ident.by_name("BEC")
    assert ent is not None and ent.name == "Bureau d'enquêtes civiles (BEC)"
    assert ident.by_name("Bureau d'enquêtes civiles") is ent


def test_a_name_cut_after_its_particle_is_joined_to_the_full_form():
    from analysis.engine.nlp import get_nlp
    from analysis.measures.quotes.identity import ArticleIdentity, default_speaker_nouns

    text = "Lors du sommet, Helga von der Au a dit que la taxe serait abandonnée."
    doc = get_nlp()(text)
    names = [e.name for e in ArticleIdentity(doc, text, lambda p: True, default_speaker_nouns()).entities]
    assert "Helga von der Au" in names and not any(n.split()[-1] in ("von", "der") for n in names), names


def test_a_participle_the_parser_made_the_root_still_hides_the_names_inside_it():
    """"Surpris par la décision du président X, il déclara" parsed with "Surpris" as the root and
    "déclara" as its dependent: X is still no antecedent of "il"."""
    from types import SimpleNamespace

    from spacy.tokens import Doc

    from analysis.engine.nlp import get_nlp
    from analysis.measures.quotes.speakers import ArticleState

    words = ["Surpris", "par", "la", "décision", "du", "président", "Marc", "Vidal", ",", "il", "déclara", ":"]
    heads = [0, 3, 3, 0, 5, 3, 5, 6, 0, 10, 0, 10]
    deps = ["ROOT", "case", "det", "obl:agent", "case", "nmod", "appos", "flat:name", "punct", "nsubj", "parataxis",
            "punct"]
    morphs = ["VerbForm=Part|Tense=Past"] + [""] * 9 + ["VerbForm=Fin", ""]
    doc = Doc(get_nlp().vocab, words=words, spaces=[True] * 7 + [False, True, True, False, False], heads=heads,
              deps=deps, morphs=morphs)
    spans = ArticleState._fronted_participles(SimpleNamespace(doc=doc), doc[9].idx)
    assert any(a <= doc[6].idx < b for a, b in spans), spans
