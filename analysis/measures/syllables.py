"""French syllable counting, written by hand.

Why not textstat/pyphen: pyphen splits words at *hyphenation* points, which are not
spoken syllables (textstat 0.7 gives école 1, idée 1, théâtre 1, géant 1, président 2).
No maintained PyPI package counts spoken French syllables, so this module does it with
orthographic rules (vowel groups, hiatus, mute letters). Convention: the spoken count in
standard prose, final mute e not counted (école 2, idée 2, président 3, théâtre 2, pays 2),
synérèse for i/u/ou + vowel (nation 2, partenariat 4). Accuracy against a hand-made list
of French words is checked in ``tests/unit/test_syllables.py``.
"""
from __future__ import annotations

import functools
import unicodedata

VOWELS = set("aeiouyàâäéèêëîïôöùûüœæ")
_DIAERESIS = set("ëïü")
_APOSTROPHES = "'’ʼ‘"


def _strip_silent_u(w: str) -> str:
    """'u' after q (always) and after g before e/i/y is not a vowel: que, guerre, gui."""
    out = []
    for i, ch in enumerate(w):
        if ch == "u" and i > 0 and (
            w[i - 1] == "q" or (w[i - 1] == "g" and i + 1 < len(w) and w[i + 1] in "eiyéèê")
        ):
            out.append("_")  # keep length; '_' is neither vowel nor letter of interest
        else:
            out.append(ch)
    return "".join(out)


def _vowel_groups(w: str) -> list[tuple[int, int]]:
    """(start, end) of each vowel nucleus, with hiatus splits applied."""
    groups: list[list[int]] = []
    prev_vowel = False
    for i, ch in enumerate(w):
        if ch not in VOWELS:
            prev_vowel = False
            continue
        split = not prev_vowel
        if prev_vowel:
            prev = w[i - 1]
            if ch in _DIAERESIS:  # naïf, Noël, maïs
                split = True
            elif prev == "é" or (ch in "éè" and prev not in "é"):  # géant, créer, aéroport, poète
                split = True
            elif prev == "y" and i >= 2 and w[i - 2] in VOWELS:  # moyen, payer, royal
                split = True
        if split:
            groups.append([i, i + 1])
        else:
            groups[-1][1] = i + 1
        prev_vowel = True
    # 'ay' before a consonant is two nuclei (pays, paysage)
    out: list[tuple[int, int]] = []
    for start, end in groups:
        g = w[start:end]
        if g == "ay" and end < len(w) and w[end] not in VOWELS:
            out.extend([(start, start + 1), (start + 1, end)])
        else:
            out.append((start, end))
    return out


def _count_simple(w: str, verb: bool) -> int:
    """One orthographic word without apostrophe or hyphen, lower-case."""
    if not w:
        return 0
    w = _strip_silent_u(w)
    groups = _vowel_groups(w)
    if not groups:
        return 0
    n = len(groups)
    last_start, last_end = groups[-1]
    tail = w[last_end:]
    nucleus = w[last_start:last_end]
    if n > 1 and nucleus == "e" and last_start > 0 and (w[last_start - 1] not in VOWELS or w[last_start - 1] == "é"):
        if tail in ("", "s") or (verb and tail == "nt"):
            n -= 1  # final mute e: école, idée, elles, parlent (verb)
    if nucleus.endswith("ue") and tail in ("r", "z"):
        n += 1  # hiatus u-er: jouer, tuer, remuez
    return n


@functools.lru_cache(maxsize=1 << 16)  # words repeat: memoised, it is a pure function
def count_syllables(word: str, *, verb: bool = False) -> int:
    """Number of spoken syllables of a French word (final mute e not counted).

    ``verb=True`` tells that the word is a verb form, so a final "-ent" is mute
    (ils parlent: 1) rather than pronounced (le président: 3). Elided clitics count 0
    (l', d', qu'), so ``l'école`` is 2. Short all-caps acronyms are spelled out
    (IA: 2, PDG: 3). Words with no vowel that are not clitics count 1 (Mme).
    Reference conventions: standard French prose reading, synérèse of i/u/ou + vowel.
    """
    word = unicodedata.normalize("NFC", word.strip())
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return 0
    if word.isupper() and 2 <= len(letters) <= 3 and "-" not in word and not any(a in word for a in _APOSTROPHES):
        return len(letters)
    w = word.lower()
    for a in _APOSTROPHES:
        w = w.replace(a, "'")
    pieces = [p for chunk in w.split("'") for p in chunk.split("-")]
    total = 0
    for i, piece in enumerate(pieces):
        piece = "".join(c for c in piece if c.isalpha())
        is_last = i == len(pieces) - 1
        n = _count_simple(piece, verb and is_last)
        if n == 0 and piece and not (len(piece) <= 2 and not is_last):
            n = 1  # a consonant-only word that is not an elided clitic (Mme, km)
        total += n
    return total
