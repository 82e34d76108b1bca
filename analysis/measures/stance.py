"""Stance on sovereignty per article, from per-sentence frame hits and tones (pure functions).

The stance is one of :data:`STANCES`:

- ``absent``: no sovereignty vocabulary in the article's body;
- ``threatened``: the article presents sovereignty as threatened, lost or betrayed;
- ``compatible``: it presents the events as compatible with (or serving) sovereignty;
- ``contested``: both readings carry comparable weight, or sovereignty is raised without
  the text leaning either way (an open question).

Each sentence gets a *lean* in [-1, 1] (negative = threat, positive = compatible) from
the frames it evokes (each frame declares its ``stance`` in the codebook) and the polarity
of the sovereignty terms it contains; when the tone module gave the sentence a tone, the
lean mixes frames (:data:`FRAME_WEIGHT`) and tone (:data:`TONE_WEIGHT`); the tone weight
is small enough that tone alone (|tone| <= 1) never makes a sentence polar: it strengthens
or weakens frame cues (sentence tone is about everything in the sentence, not only
sovereignty). Sentences that
contain sovereignty vocabulary weigh 1; sentences with only threat/compatible frames weigh
:data:`CONTEXT_WEIGHT`. The stance compares the weighted threat and compatible mass; it
never looks at the outlet.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

ABSENT, THREATENED, COMPATIBLE, CONTESTED = "absent", "threatened", "compatible", "contested"
STANCES = (THREATENED, COMPATIBLE, CONTESTED, ABSENT)
#: French labels for the app.
STANCE_LABELS = {
    THREATENED: "menacée", COMPATIBLE: "compatible", CONTESTED: "disputée", ABSENT: "absente",
}

TERM_CUE_WEIGHT = 1.5  # a sovereignty term with a polarity counts like a strong frame cue
FRAME_WEIGHT, TONE_WEIGHT = 0.75, 0.25
CONTEXT_WEIGHT = 0.5  # sentences without sovereignty vocabulary but with polar frames
LEAN_THRESHOLD = 0.25  # |lean| under this: the sentence is neutral
SMOOTHING = 2.0  # lean = (c - t) / (c + t + SMOOTHING): one weak (0.5) cue alone stays neutral
CONTESTED_BALANCE = 0.5  # min/max of the two masses at or above this: contested
NO_TONE_FACTOR = 0.75  # confidence multiplier when no sentence tone is available


@dataclass(frozen=True)
class SentenceCues:
    """What one body sentence brings to the stance."""

    index: int
    frame_hits: Mapping[str, float] = field(default_factory=dict)  # frame id -> weighted hits (negated excluded)
    term_polarities: Sequence[str] = ()  # polarity of each sovereignty term matched in it
    tone: float | None = None

    @property
    def has_sovereignty(self) -> bool:
        return len(self.term_polarities) > 0


@dataclass(frozen=True)
class SentenceLean:
    index: int
    lean: float
    weight: float
    role: str  # threat | compatible | neutral
    tone: float | None


@dataclass(frozen=True)
class Stance:
    label: str
    confidence: float
    uses_tone: bool
    threat_mass: float
    compatible_mass: float
    evidence: tuple[SentenceLean, ...]  # sentences that bear on the stance, strongest first
    reason: str  # French, one line


def sentence_lean(cues: SentenceCues, frame_polarity: Mapping[str, str]) -> float:
    """Lean of one sentence in [-1, 1]: negative = threat, positive = compatible."""
    threat = sum(w for f, w in cues.frame_hits.items() if frame_polarity.get(f) == "threat")
    compat = sum(w for f, w in cues.frame_hits.items() if frame_polarity.get(f) == "compatible")
    threat += TERM_CUE_WEIGHT * sum(1 for p in cues.term_polarities if p == "threat")
    compat += TERM_CUE_WEIGHT * sum(1 for p in cues.term_polarities if p == "compatible")
    frame_lean = (compat - threat) / (compat + threat + SMOOTHING)  # shrunk towards 0 when cues are few
    if cues.tone is None:
        return frame_lean
    tone = max(-1.0, min(1.0, float(cues.tone)))
    return FRAME_WEIGHT * frame_lean + TONE_WEIGHT * tone


def derive_stance(sentences: Sequence[SentenceCues], frame_polarity: Mapping[str, str]) -> Stance:
    """The article's stance on sovereignty from its body sentences' cues (see module doc)."""
    uses_tone = any(s.tone is not None for s in sentences)
    sov = [s for s in sentences if s.has_sovereignty]
    if not sov:
        return Stance(ABSENT, 1.0, uses_tone, 0.0, 0.0, (), "aucun terme du champ lexical de la souveraineté")
    leans = []
    for s in sentences:
        polar = any(frame_polarity.get(f) in ("threat", "compatible") for f in s.frame_hits)
        if not (s.has_sovereignty or polar):
            continue
        lean = sentence_lean(s, frame_polarity)
        role = "threat" if lean <= -LEAN_THRESHOLD else "compatible" if lean >= LEAN_THRESHOLD else "neutral"
        leans.append(SentenceLean(s.index, round(lean, 3), 1.0 if s.has_sovereignty else CONTEXT_WEIGHT, role, s.tone))
    threat = sum(l.weight * -l.lean for l in leans if l.role == "threat")
    compat = sum(l.weight * l.lean for l in leans if l.role == "compatible")
    evidence = tuple(sorted(leans, key=lambda l: (-(l.weight * abs(l.lean)), l.index)))
    tone_factor = 1.0 if uses_tone else NO_TONE_FACTOR
    n_threat = sum(1 for l in leans if l.role == "threat")
    n_compat = sum(1 for l in leans if l.role == "compatible")
    if threat == 0 and compat == 0:
        return Stance(CONTESTED, round(0.2 * tone_factor, 2), uses_tone, 0.0, 0.0, evidence,
                      f"souveraineté évoquée ({len(sov)} phrase(s)) sans indice de menace ni de compatibilité")
    hi, lo = max(threat, compat), min(threat, compat)
    balance = lo / hi
    support = n_threat + n_compat
    evidence_factor = 1 - 0.5 ** support
    if balance >= CONTESTED_BALANCE:
        conf = balance * evidence_factor * tone_factor
        return Stance(CONTESTED, round(conf, 2), uses_tone, round(threat, 3), round(compat, 3), evidence,
                      f"{n_threat} phrase(s) menace contre {n_compat} phrase(s) compatibilité, poids comparables")
    label = THREATENED if threat > compat else COMPATIBLE
    n_main = n_threat if label == THREATENED else n_compat
    conf = (hi - lo) / (hi + lo) * (1 - 0.5 ** n_main) * tone_factor
    return Stance(label, round(conf, 2), uses_tone, round(threat, 3), round(compat, 3), evidence,
                  f"{n_threat} phrase(s) menace, {n_compat} phrase(s) compatibilité "
                  f"(masses {threat:.2f} / {compat:.2f})".replace(".", ","))
