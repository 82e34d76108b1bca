"""Typed records of the quote step and the constants shared by its modules."""
from __future__ import annotations

from dataclasses import dataclass, field

from analysis.measures.actors import UNKNOWN_ROLE

VERBS_FILE = "reporting_verbs.tsv"
DIRECT, PARTIAL, INDIRECT, INTERVIEW = "direct", "partial", "indirect", "interview"
KINDS = (DIRECT, PARTIAL, INDIRECT, INTERVIEW)
#: Kinds whose words are the speaker's own (verbatim); indirect speech is the journalist's.
VERBATIM_KINDS = (DIRECT, PARTIAL, INTERVIEW)
NEUTRAL, EVALUATIVE, NO_STANCE = "neutral", "evaluative", "none"
STANCES = (NEUTRAL, EVALUATIVE)
UNKNOWN_SPEAKER = "inconnu"
#: French labels (app, docs/tables.md).
KIND_LABELS = {DIRECT: "directe", PARTIAL: "partielle", INDIRECT: "indirecte", INTERVIEW: "entretien"}
STANCE_LABELS = {NEUTRAL: "neutre", EVALUATIVE: "évaluatif", NO_STANCE: "sans verbe"}

# cue values that are not verb lemmas
CUE_SELON, CUE_DAPRES, CUE_POUR, CUE_AVIS = "selon", "d'après", "pour", "de l'avis de"
CUE_INTERVIEW, CUE_COLON, CUE_FOLLOW, CUE_NONE = "entretien", "deux-points", "suite", "aucun"
#: "C'est l'avis de X." / "Le constat est de X.": the previous sentence is X's
CUE_AFTER = "c'est l'avis de"


@dataclass(frozen=True)
class Speaker:
    name: str = UNKNOWN_SPEAKER
    text: str = ""
    role: str = UNKNOWN_ROLE
    kind: str = ""  # "person", "org" or "" (not known): organisations never merge on a last word


@dataclass
class Quote:
    start: int
    end: int
    kind: str
    cue: str
    verb_stance: str
    speaker: Speaker = field(default_factory=Speaker)
    # pending anaphor: (position, gender or None, kind "pron" | "org"), resolved later
    anaphor: tuple | None = None

