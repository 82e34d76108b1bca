"""French definitions of every metric shown in the app (one click away from each chart)."""
from __future__ import annotations

from dataclasses import dataclass

from analysis.measures.stance import STANCE_LABELS


@dataclass(frozen=True)
class Metric:
    label: str
    definition: str
    direction: str
    reference: str = ""
    decimals: int = 1
    family: str = "Lisibilité"
    percent: bool = False  # stored as a share in [0, 1], shown ×100 in ``unit``
    unit: str = ""         # shown after the value; "%" by default for shares
    values: dict | None = None  # French labels of a categorical value ("contested" -> "disputée")

    @property
    def shown_unit(self) -> str:
        return self.unit or ("%" if self.percent else "")

    def format(self, value) -> str:
        """The value as every page prints it: French number, ×100 for shares, with its unit."""
        from .theme import fr_number

        if self.values is not None and isinstance(value, str):
            return self.values.get(value, value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "–" if value is None else str(value)
        if value != value:
            return "–"
        shown = fr_number(value * 100 if self.percent else value, self.decimals)
        return f"{shown} {self.shown_unit}" if self.shown_unit else shown

    def help(self) -> str:
        ref = f" Référence : {self.reference}." if self.reference else ""
        return f"{self.definition} {self.direction}.{ref}"


METRICS: dict[str, Metric] = {
    "flesch_fr": Metric(
        "Lisibilité (Flesch FR)",
        "Indice de Flesch adapté au français par Kandel et Moles : 207 − 1,015 × mots/phrase − 73,6 × syllabes/mot.",
        "Plus il est élevé, plus le texte est facile (presse : 40 à 60 environ)",
        "Kandel & Moles (1958), Cahiers Études de Radio-Télévision 19",
    ),
    "lix": Metric(
        "LIX",
        "Mots par phrase + 100 × part des mots de plus de 6 lettres.",
        "Plus il est bas, plus le texte est facile (< 40 facile, > 50 difficile)",
        "Björnsson (1968), Läsbarhet",
    ),
    "words_per_sentence": Metric("Mots par phrase", "Nombre moyen de mots par phrase du corps de l'article (titres et intertitres exclus).",
                                 "Plus il est élevé, plus les phrases sont longues"),
    "syllables_per_word": Metric("Syllabes par mot", "Nombre moyen de syllabes orales par mot (compteur français, e muet final non compté).",
                                 "Plus il est élevé, plus les mots sont longs", decimals=2),
    "long_word_share": Metric("Mots longs (%)", "Part des mots de plus de 6 lettres.", "Plus elle est élevée, plus le texte est dense", decimals=1, percent=True),
    "mtld": Metric("Diversité lexicale (MTLD)", "Longueur moyenne des segments de texte qui gardent une diversité de vocabulaire (rapport types/occurrences) au-dessus de 0,72.",
                   "Plus elle est élevée, plus le vocabulaire est varié ; instable sous 100 mots",
                   "McCarthy & Jarvis (2010), Behavior Research Methods 42(2)", decimals=0),
    "n_words": Metric("Mots (lisibilité)", "Mots du corps de l'article retenus pour la lisibilité (titres, intertitres, commentaires et éléments de page exclus).", "Volume de texte", decimals=0),
    "n_sentences": Metric("Phrases (lisibilité)", "Phrases du corps de l'article retenues pour la lisibilité.", "Volume de texte", decimals=0),
    "n_body_words": Metric("Mots du corps", "Tous les mots du corps de l'article, titres et intertitres compris "
                           "(commentaires et éléments de page exclus) : la base des parts citées et des mentions pour 1 000 mots.",
                           "Volume de texte", decimals=0),
    "n_comment_words": Metric("Mots de commentaires", "Mots des commentaires de lecteurs recopiés avec l'article ; "
                              "ils ne comptent jamais dans les mesures des médias.", "Volume de texte", decimals=0),
    "n_articles": Metric("Articles", "Nombre d'articles du média dans la sélection.", "Taille de l'échantillon", decimals=0),
    "n_quotes": Metric("Citations", "Citations trouvées dans le corps : directes (« … »), partielles (fragment cité dans un discours rapporté), indirectes (« selon X », « X estime que… ») et réponses d'entretien.",
                       "Volume de parole rapportée", decimals=0, family="Acteurs cités"),
    "n_speakers": Metric("Locuteurs", "Locuteurs distincts nommés (les citations sans locuteur trouvable restent comptées, sous « inconnu »).",
                         "Plus il est élevé, plus le média donne la parole à des voix variées", decimals=0, family="Acteurs cités"),
    "quoted_share": Metric("Part citée", "Part des mots du corps de l'article cités mot pour mot (citations directes, partielles, réponses d'entretien ; le discours indirect est reformulé par le journaliste et n'est pas compté).",
                           "Plus elle est élevée, plus le média laisse parler les autres", decimals=1, family="Acteurs cités", percent=True),
    "flesch_fr_journalist": Metric("Lisibilité du journaliste (Flesch FR)", "Indice de Kandel et Moles calculé sur le texte du journaliste seul, citations mot pour mot retirées.",
                                   "Plus il est élevé, plus le texte est facile", "Kandel & Moles (1958)", family="Acteurs cités"),
    "tone_net": Metric("Tonalité nette", "Bilan des mots chargés distincts du texte du média : somme de leurs poids divisée par "
                       "(somme de leurs poids absolus + 4). Un mot répété (le sujet de l'article) compte une fois ; négations et "
                       "intensifs pris en compte ; lexique VADER français et lexique de presse du domaine. "
                       "Le « + 4 » (le poids d'un mot très fort) rapproche de 0 un score qui repose sur peu de mots. Moins de 5 mots "
                       "chargés distincts ou de 3 phrases : score signalé « peu d'indices ».",
                       "De −1 (vocabulaire négatif) à +1 (positif) ; 0 : équilibré ou neutre",
                       "Hutto & Gilbert (2014), VADER", decimals=2, family="Tonalité"),
    "tone_pos": Metric("Mots positifs", "Part des mots de l'article portant une charge positive.", "Plus elle est élevée, plus le ton est positif",
                       decimals=1, family="Tonalité", percent=True, unit="pour 100 mots"),
    "tone_neg": Metric("Mots négatifs", "Part des mots de l'article portant une charge négative.", "Plus elle est élevée, plus le ton est négatif",
                       decimals=1, family="Tonalité", percent=True, unit="pour 100 mots"),
    "tone_polarity": Metric("Polarité", "Part des mots chargés (positifs ou négatifs), quel que soit leur signe.",
                            "Plus elle est élevée, plus le vocabulaire est émotionnellement chargé", decimals=1, family="Tonalité", percent=True, unit="pour 100 mots"),
    "tone_net_journalist": Metric("Tonalité nette (journaliste)", "Tonalité nette du texte du média hors citations (même calcul).",
                                  "De −1 à +1 ; au-dessus de 0 : plutôt positif", decimals=2, family="Tonalité"),
    "tone_n_charged": Metric("Mots chargés distincts", "Nombre de mots (lemmes) chargés distincts sur lesquels repose la tonalité nette "
                             "du texte du média.", "Moins de 5 : score peu fiable, signalé", decimals=0, family="Tonalité"),
}


#: Family -> known limits, shown on the Méthodes page.
FAMILY_LIMITS = {
    "Lisibilité": (
        "Cinq textes courts : quelques points d'écart entre médias tiennent à un paragraphe. Les formules ne "
        "mesurent que la longueur des phrases et des mots, pas la difficulté des idées. Le compteur de syllabes "
        "suit des règles (synérèse fixe : « nation » 2, « client » 1) et se trompe sur quelques mots d'emprunt."
    ),
    "Acteurs cités": (
        "L'extracteur repère les guillemets, les verbes introducteurs (liste modifiable, data/reporting_verbs.tsv) et "
        "le sujet du verbe dans l'analyse syntaxique ; les pronoms renvoient au dernier locuteur nommé. Il manque le "
        "discours indirect libre, un verbe suivi d'un simple groupe nominal (« vante des performances ») et les reprises "
        "au-delà de trois phrases. Mesuré sur les cinq articles annotés à la main (24 citations) : précision et rappel de 1,0 "
        "après réglage, 20 locuteurs justes sur 24 avant ; ces chiffres surestiment la qualité sur des textes nouveaux."
    ),
    "Tonalité": (
        "Méthode lexicale : elle mesure la charge du vocabulaire, pas la position du média pour ou contre l'accord "
        "(Forbes France salue l'accord mais emploie des mots négatifs sur l'Europe). Les mots d'événements (victimes, "
        "attentat, licenciements) donnent le ton de l'événement, pas celui du journaliste. Elle ne voit ni l'ironie ni les "
        "mises en scène (l'article 000 accumule des mots positifs avant « Mais patatras »), compte comme négatives "
        "certaines questions rhétoriques, et attribue aux voix citées les éloges que le média cite pour s'en moquer. "
        "Une négation ne renverse que le premier mot chargé qui la suit dans la proposition, et un mot négatif nié "
        "(« pas détruit ») compte 0, pas comme un éloge. "
        "Les phrases dans une autre langue sont exclues (signalées), une voix de moins de 20 mots n'a pas de score. "
        "Accord avec des lecteurs : rang de Spearman 0,84 (intervalle 0,68 à 0,92 ; 0,82 en validation croisée pour la "
        "seule constante ajustée) sur 38 dépêches Wikinews annotées par deux lecteurs (ensemble de développement, qui a "
        "servi à choisir la formule, à repérer le vocabulaire manquant et les erreurs à corriger : chiffre optimiste), "
        "contre 0,62 avant ; commande : python -m analysis run --corpus ../shared/devset/texts --out "
        "/tmp/devset-out, puis python ../shared/devset/score.py /tmp/devset-out. Sur les cinq textes de départ, 0,47 comme "
        "avant (python -m analysis run --corpus data/corpus --out out/) : Forbes et l'article 000, voir ci-dessus. "
        "Tableau des variantes du score et des lexiques comparés : docs/method.md, section Tone."
    ),
}
# --- Souveraineté, cadrages et vocabulaire (issue #5) ---------------------------------------------
METRICS.update({
    "sovereignty_per_1000": Metric(
        "Souveraineté (mentions pour 1 000 mots)",
        "Occurrences des termes du champ lexical de la souveraineté (data/sovereignty.yaml : souverain*, indépendance, "
        "autonomie stratégique, dépendance, Gafam, capitaux américains…) pour 1 000 mots du corps de l'article, "
        "reconnues sur les lemmes (pluriel, féminin, élision, majuscules, accents).",
        "Plus elle est élevée, plus l'article parle de souveraineté", family="Souveraineté et cadrages"),
    "frame_score": Metric(
        "Score de cadrage",
        "Somme des poids des indicateurs d'un cadrage du codebook (data/frames.yaml) pour 1 000 mots du corps ; "
        "un indicateur nié ou mis à distance (« pas une trahison », « un prétendu double jeu ») n'est pas compté. "
        "Chaque cadrage est rattaché à une dimension du Policy Frames Codebook.",
        "Plus il est élevé, plus le cadrage est présent",
        "Boydstun, Gross, Resnik & Smith (2014), Tracking the development of media frames within and across policy issues",
        family="Souveraineté et cadrages"),
    "sovereignty_stance": Metric(
        "Position sur la souveraineté",
        "menacée, compatible, disputée ou absente, déduite des cadrages (menace / compatibilité) et du ton des phrases "
        "qui contiennent le vocabulaire de la souveraineté ; jamais du nom du média. La confiance (0 à 1) croît avec "
        "l'écart entre les deux lectures et le nombre de phrases ; elle est réduite d'un quart sans le ton.",
        "Une position n'est qu'un résumé : lisez les phrases qui la justifient", family="Souveraineté et cadrages", decimals=2,
        values=STANCE_LABELS),
    "log_odds_z": Metric(
        "Vocabulaire distinctif (score z)",
        "Log-odds pondéré avec a priori de Dirichlet informatif : chaque média contre tous les autres, sur les lemmes "
        "sans mots vides ; l'a priori (fréquences du corpus, 500 pseudo-mots) rapproche les mots rares de zéro.",
        "Au-dessus de 1,96, le média emploie le mot nettement plus que les autres",
        "Monroe, Colaresi & Quinn (2008), Fightin' Words, Political Analysis 16(4)", family="Vocabulaire", decimals=2),
    "cosine": Metric(
        "Similarité du vocabulaire",
        "Cosinus entre les profils TF-IDF de lemmes de deux médias ; la carte place les médias par positionnement "
        "multidimensionnel classique des distances 1 − cosinus.",
        "De 0 (rien en commun) à 1 (même profil)", family="Vocabulaire", decimals=2),
    "shared_passages": Metric(
        "Passages repris",
        "Suites d'au moins 8 mots identiques (casse et apostrophes normalisées, ponctuation ignorée) présentes dans "
        "les articles de deux médias différents : reprise de dépêche, de communiqué ou de citation.",
        "Signale une source commune, pas un plagiat", family="Vocabulaire", decimals=0),
})
FAMILY_LIMITS.update({
    "Souveraineté et cadrages": (
        "Le repérage voit des mots, pas des voix : les questions et les réponses d'un entretien, ou une ministre citée "
        "et le journaliste qui la contredit, sont mêlées. L'ironie échappe. Une phrase qui décrit un cadrage (« vécu "
        "comme une trahison à Bruxelles ») compte comme une phrase qui l'assume. Sur les cinq textes de départ, la "
        "position calculée rejoint la lecture humaine pour trois articles sur cinq (voir docs/method.md)."
    ),
    "Vocabulaire": (
        "Un article par média : le vocabulaire « du média » est celui d'un texte, où le sujet et le genre (dépêche, "
        "entretien, tribune) pèsent plus que le style. Les termes vus moins de 3 fois et les médias de moins de 300 "
        "mots sont signalés. Avec cinq médias, la carte illustre dix distances ; elle ne classe pas."
    ),
})

CLEANING = (
    "Chaque ligne du texte brut est classée par des règles générales (aucune ne vise un média) : navigation du "
    "site, marqueurs « date 2024-02 », légendes et crédits photo, texte alternatif d'image, invitations à "
    "s'abonner, signatures, listes de liens en note, sections et formulaires de commentaires. Les lignes courtes "
    "sans ponctuation finale sont des intertitres (gardés dans le corps, hors lisibilité). L'en-tête d'un article "
    "peut corriger une règle (« parts ») : le dernier paragraphe de l'article 000 est un commentaire de lecteur."
)


def label(key: str) -> str:
    return METRICS[key].label if key in METRICS else key
