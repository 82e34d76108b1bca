"""Who speaks in an article: quotes, their kind, their speaker and the reporting verb.

:func:`extract_quotes` works on the spaCy parse of the whole raw text and the cleaning
segments; every quote is a character span of the raw text inside one body paragraph
(a quote never crosses a paragraph, hence never an article). Kinds:

- ``direct``: text between quotation marks (« », “ ”, " ") that is a sentence or more,
  attributed by an incise after it (« … », a déclaré X / regrette-t-elle), an incise
  inside it (« …, dit-elle. … », split in two quotes), a colon before it (X : « … »),
  a reporting verb governing it, "selon X" / "pour X," in the sentence, or the previous
  quote's speaker when it follows one; otherwise kept with speaker "inconnu".
- ``partial``: a quoted fragment governed by a reporting verb (affirme qu'il faut
  « se réjouir »); quoted terms, titles and product names with no reporting verb over
  them are scare quotes and nobody's quote.
- ``indirect``: speaker + reporting verb + que / infinitive / "se dire" + adjective,
  "selon X", "d'après X", "pour X, …" (the span is the reported content).
- ``interview``: in a question/answer layout ("NAME - " prefixes, questions ending in
  "?"), every answer paragraph, prefixed or not, belongs to the interviewee.

Speakers come from the dependency parse (subject of the reporting verb, with its
appositions), are resolved through the actor registry (aliases, descriptions such as
"le géant américain", a spokesperson to their organisation), through the people and
organisations the article itself introduces (:mod:`.identity`: surnames, titles, initials,
acronyms, role descriptions) and pronouns / anaphoric descriptions (elle, cette dernière,
la start-up, ses représentants) are resolved to the nearest previous mention that agrees in
gender. A subject that is no person and no organisation gives no speaker. Across the corpus,
:mod:`.corpus_identity` makes one speaker of a name's variants. Nothing here names an article.

Modules, one per step: :mod:`.model` (records, constants), :mod:`.verbs` (reporting verbs),
:mod:`.spans` (quotation marks, titles, interview layout), :mod:`.attribution` (which cue
attributes each quote), :mod:`.speakers` and :mod:`.identity` (who the speaker is),
:mod:`.corpus_identity` (across articles), :mod:`.step` (the pipeline step).
"""
from __future__ import annotations

from .attribution import extract_quotes
from .model import (
                    CUE_AVIS,
                    CUE_COLON,
                    CUE_DAPRES,
                    CUE_FOLLOW,
                    CUE_INTERVIEW,
                    CUE_NONE,
                    CUE_POUR,
                    CUE_SELON,
                    DIRECT,
                    EVALUATIVE,
                    INDIRECT,
                    INTERVIEW,
                    KIND_LABELS,
                    KINDS,
                    NEUTRAL,
                    NO_STANCE,
                    PARTIAL,
                    STANCE_LABELS,
                    STANCES,
                    UNKNOWN_SPEAKER,
                    VERBATIM_KINDS,
                    VERBS_FILE,
                    Quote,
                    Speaker,
)
from .spans import interview_layout, quote_mark_spans
from .step import quote_rows, quotes_of_text, quotes_step
from .verbs import load_reporting_verbs, parse_reporting_verbs, reporting_lemma
