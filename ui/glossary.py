"""French definitions of every metric shown in the app (one click away from each chart)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    label: str
    definition: str
    direction: str
    reference: str = ""
    decimals: int = 1
    family: str = "Lisibilité"
    percent: bool = False  # stored as a share in [0, 1], shown as a percentage

    def format(self, value) -> str:
        from .theme import fr_number

        if isinstance(value, (int, float)) and value == value and self.percent:
            return f"{fr_number(value * 100, self.decimals)} %"
        return fr_number(value, self.decimals) if isinstance(value, (int, float)) else str(value)

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
    "n_words": Metric("Mots", "Mots du corps de l'article retenus pour la lisibilité (titres, intertitres, commentaires et éléments de page exclus).", "Volume de texte", decimals=0),
    "n_sentences": Metric("Phrases", "Phrases du corps de l'article retenues pour la lisibilité.", "Volume de texte", decimals=0),
    "n_articles": Metric("Articles", "Nombre d'articles du média dans la sélection.", "Taille de l'échantillon", decimals=0),
}


#: Family -> known limits, shown on the Méthodes page.
FAMILY_LIMITS = {
    "Lisibilité": (
        "Cinq textes courts : quelques points d'écart entre médias tiennent à un paragraphe. Les formules ne "
        "mesurent que la longueur des phrases et des mots, pas la difficulté des idées. Le compteur de syllabes "
        "suit des règles (synérèse fixe : « nation » 2, « client » 1) et se trompe sur quelques mots d'emprunt."
    ),
}
CLEANING = (
    "Chaque ligne du texte brut est classée par des règles générales (aucune ne vise un média) : navigation du "
    "site, marqueurs « date 2024-02 », légendes et crédits photo, texte alternatif d'image, invitations à "
    "s'abonner, signatures, listes de liens en note, sections et formulaires de commentaires. Les lignes courtes "
    "sans ponctuation finale sont des intertitres (gardés dans le corps, hors lisibilité). L'en-tête d'un article "
    "peut corriger une règle (« parts ») : le dernier paragraphe de l'article 000 est un commentaire de lecteur."
)


def label(key: str) -> str:
    return METRICS[key].label if key in METRICS else key
