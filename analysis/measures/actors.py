"""The actor registry (``data/actors.yaml``): canonical names, aliases, roles, groups.

Analysts edit the YAML; :func:`load_registry` validates it and names the file, the line
and the reason of any error. :meth:`Registry.find_mentions` finds every alias in a text
(longest match first, whole words, typographic apostrophes and spaces normalised).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis.corpus.textutil import normalise_for_matching
from analysis.knowledge import yaml_error_location

ACTORS_FILE = "actors.yaml"
UNKNOWN_ROLE = "inconnu"
#: Role codes and their French labels (shown in the app).
ROLES = {
    "government_fr": "Gouvernement français",
    "eu_institution": "Institution de l'UE",
    "politician": "Personnalité politique",
    "company": "Entreprise",
    "expert": "Expert / universitaire",
    "media": "Média",
    "ngo": "ONG / association",
    "union": "Syndicat",
    "institution": "Institution publique / justice",
    "reader": "Lecteur",
    UNKNOWN_ROLE: "Inconnu",
}
_ACTOR_KEYS = {"name", "role", "organisation", "aliases", "groups"}
#: Corrections made on the Acteurs page, kept in the registry's ``corrections:`` list (in order):
#: merge (speaker -> value), rename (speaker -> value), role (speaker gets role code value),
#: not_speaker (speaker is no speaker).
CORRECTION_ACTIONS = ("merge", "rename", "role", "not_speaker")


class RegistryError(ValueError):
    def __init__(self, path: Path | str, reason: str, line: int | None = None):
        self.path, self.reason, self.line = Path(path), reason, line
        where = self.path.name + (f", ligne {line}" if line else "")
        super().__init__(f"{where} : {reason}")


@dataclass(frozen=True)
class Actor:
    name: str
    role: str
    organisation: str = ""
    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor: Actor
    text: str


@dataclass
class Registry:
    actors: list[Actor] = field(default_factory=list)
    #: Names an analyst marked "not a speaker" (their quotes keep the speaker "inconnu").
    not_speakers: frozenset[str] = frozenset()
    #: The analyst's merges and renames, (old name, new name), in order (reported in speakers.csv).
    renamed: tuple[tuple[str, str], ...] = ()

    def __post_init__(self):
        self._by_key: dict[str, Actor] = {}
        cs_forms, ci_forms = [], []
        for actor in self.actors:
            for form in (actor.name, *actor.aliases):
                norm = normalise_for_matching(form).strip()
                if not norm:
                    continue
                self._by_key.setdefault(norm.lower(), actor)
                (ci_forms if norm[0].islower() else cs_forms).append(norm)
        # Aliases written in lower case ("la présidente de la Commission") match in any
        # case: they are searched, lower-cased, in the lower-cased text.
        self._patterns = [
            (re.compile(_alternation(cs_forms)), False) if cs_forms else None,
            (re.compile(_alternation([f.lower() for f in ci_forms])), True) if ci_forms else None,
        ]
        self._ci_fallback = re.compile(_WORD_BEFORE_NOT + _alternation(ci_forms), re.I) if ci_forms else None

    def resolve(self, surface: str) -> Actor | None:
        """The actor whose name or alias is exactly ``surface`` (case-insensitive)."""
        return self._by_key.get(normalise_for_matching(surface).strip().lower())

    def by_name(self, name: str) -> Actor | None:
        return next((a for a in self.actors if a.name == name), None)

    def find_mentions(self, text: str, offset: int = 0) -> list[Mention]:
        """Non-overlapping alias matches in ``text``, longest first, offsets + ``offset``."""
        norm = normalise_for_matching(text)
        found: list[tuple[int, int]] = []
        lower = None
        for entry in self._patterns:
            if entry is None:
                continue
            pat, folded = entry
            if not folded:
                found += _word_matches(pat, norm)
                continue
            lower = norm.lower() if lower is None else lower
            if len(lower) == len(norm):
                found += _word_matches(pat, lower)
            else:  # a character whose lower case is longer would shift every offset
                found += [(m.start(), m.end()) for m in self._ci_fallback.finditer(norm)]
        found.sort(key=lambda se: (se[0], -(se[1] - se[0])))
        out, last_end = [], -1
        for s, e in found:
            if s < last_end:
                continue
            actor = self.resolve(norm[s:e])
            if actor:
                out.append(Mention(s + offset, e + offset, actor, text[s:e]))
                last_end = e
        return out


_WORD_BEFORE_NOT = r"(?<![\w])"
_WORD_CHAR = re.compile(r"\w")


def _alternation(forms: list[str]) -> str:
    """Any of ``forms`` (longest first) not followed by a word character. The other
    boundary, no word character before, is checked by :func:`_word_matches`: a pattern
    that starts with a lookbehind loses the regex engine's first-character scan (3 to 4
    times slower on press articles)."""
    alts = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
    return rf"(?:{alts})(?![\w])"


def _word_matches(pat: re.Pattern, text: str) -> list[tuple[int, int]]:
    r"""(start, end) of the non-overlapping matches of ``pat`` in ``text`` that follow no
    word character: what ``finditer`` gives for ``pat`` preceded by ``(?<![\w])``."""
    out, pos, search, word_at = [], 0, pat.search, _WORD_CHAR.match
    while (m := search(text, pos)) is not None:
        s, e = m.span()
        if s and word_at(text, s - 1):
            pos = s + 1
            continue
        out.append((s, e))
        pos = e if e > s else s + 1
    return out


def parse_registry(text: str, path: Path | str = ACTORS_FILE, *, corrections: bool = True) -> Registry:
    """Validate the YAML text of a registry; raises RegistryError (file, line, reason).

    The ``corrections:`` list is always validated; with ``corrections=False`` the registry is
    returned as the ``actors:`` part alone (what the per-article steps read)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line, problem = yaml_error_location(exc)
        raise RegistryError(path, f"YAML invalide ({problem})", line) from None
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise RegistryError(path, "attendu une clé « actors: » suivie d'une liste d'acteurs")
    unknown_top = set(data) - {"actors", "corrections"}
    if unknown_top:
        raise RegistryError(path, f"clé(s) inconnue(s) au premier niveau {sorted(unknown_top)} (actors, corrections)")
    line_of = _line_finder(text)
    actors = []
    for i, item in enumerate(data["actors"], 1):
        where = f"acteur n° {i}"
        if not isinstance(item, dict) or "name" not in item:
            raise RegistryError(path, f"{where} : chaque acteur a au moins un « name »", line_of(str(item)))
        line = line_of(str(item.get("name")))
        unknown = set(item) - _ACTOR_KEYS
        if unknown:
            raise RegistryError(path, f"{where} ({item['name']}) : clé(s) inconnue(s) {sorted(unknown)}", line)
        role = item.get("role", UNKNOWN_ROLE)
        if role not in ROLES:
            raise RegistryError(path, f"{where} ({item['name']}) : rôle « {role} » inconnu ({', '.join(ROLES)})", line)
        for key in ("aliases", "groups"):
            if item.get(key) is not None and not isinstance(item[key], list):
                raise RegistryError(path, f"{where} ({item['name']}) : « {key} » doit être une liste", line)
        actors.append(Actor(
            name=str(item["name"]), role=role, organisation=str(item.get("organisation") or ""),
            aliases=tuple(str(a) for a in item.get("aliases") or ()),
            groups=tuple(str(g) for g in item.get("groups") or ()),
        ))
    corrected = apply_corrections(actors, data.get("corrections") or [], path, line_of)
    return corrected if corrections else Registry(actors)


def apply_corrections(actors: list[Actor], corrections, path: Path | str = ACTORS_FILE, line_of=None) -> Registry:
    """The registry after the analyst's corrections (validated: action, speaker, value)."""
    if not isinstance(corrections, list):
        raise RegistryError(path, "« corrections » doit être une liste")
    by_name = {a.name: a for a in actors}
    not_speakers: set[str] = set()
    renamed: list[tuple[str, str]] = []

    def owner(name: str) -> Actor | None:
        return by_name.get(name) or next((a for a in by_name.values() if name in a.aliases), None)

    for i, item in enumerate(corrections, 1):
        where = f"correction n° {i}"
        line = line_of(str(item.get("speaker"))) if line_of and isinstance(item, dict) else None
        if not isinstance(item, dict) or set(item) - {"action", "speaker", "value"} or not item.get("speaker"):
            raise RegistryError(path, f"{where} : attendu « action », « speaker » et « value »", line)
        action, speaker, value = item.get("action"), str(item["speaker"]).strip(), str(item.get("value") or "").strip()
        if action not in CORRECTION_ACTIONS:
            raise RegistryError(path, f"{where} : action « {action} » inconnue ({', '.join(CORRECTION_ACTIONS)})", line)
        if action in ("merge", "rename") and (not value or value == speaker):
            raise RegistryError(path, f"{where} : « value » doit nommer un autre locuteur que « {speaker} »", line)
        if action == "role" and value not in ROLES:
            raise RegistryError(path, f"{where} ({speaker}) : rôle « {value} » inconnu ({', '.join(ROLES)})", line)
        if action == "not_speaker":
            not_speakers.add(speaker)
            continue
        not_speakers.discard(speaker)
        old = owner(speaker)
        if action == "role":
            if old is None:
                by_name[speaker] = Actor(speaker, value)
            else:
                by_name[old.name] = Actor(old.name, value, old.organisation, old.aliases, old.groups)
            continue
        # merge / rename: the speaker becomes (an alias of) ``value``
        renamed.append((speaker, value))
        target = owner(value)
        moved = (old.name, *old.aliases) if old is not None else (speaker,)
        if old is not None and old is not target:
            del by_name[old.name]
        if target is None:
            role = old.role if old is not None else UNKNOWN_ROLE
            by_name[value] = Actor(value, role, old.organisation if old else "",
                                   tuple(a for a in moved if a != value), old.groups if old else ())
        elif target is not old:
            aliases = (*target.aliases, *(a for a in moved if a not in target.aliases and a != target.name))
            by_name[target.name] = Actor(target.name, target.role if target.role != UNKNOWN_ROLE or old is None
                                         else old.role, target.organisation, aliases, target.groups)
    return Registry(list(by_name.values()), frozenset(not_speakers), tuple(renamed))


def _line_finder(text: str):
    lines = text.splitlines()

    def find(needle: str) -> int | None:
        for n, line in enumerate(lines, 1):
            if needle and needle in line:
                return n
        return None

    return find


def load_registry(knowledge) -> Registry:
    """The ``actors:`` part of the registry of a :class:`analysis.knowledge.Knowledge` data folder
    (empty if absent), *without* the analyst's corrections: what the per-article steps read.

    The corrections are applied in the corpus step (:func:`load_corrected_registry`), so a
    correction made on the Acteurs page leaves every cached per-article result valid (the
    knowledge fingerprint leaves the ``corrections:`` list out)."""
    def _load(k):
        path = Path(k.data_dir) / ACTORS_FILE
        if not path.exists():
            return Registry([])
        return parse_registry(path.read_text(encoding="utf-8"), path, corrections=False)

    return knowledge.get("actors", _load)


def load_corrected_registry(knowledge) -> Registry:
    """The registry after the analyst's corrections (merges, renames, roles, not-a-speaker): for
    the corpus step that builds the quote and speaker tables, never for a per-article step."""
    def _load(k):
        path = Path(k.data_dir) / ACTORS_FILE
        if not path.exists():
            return Registry([])
        return parse_registry(path.read_text(encoding="utf-8"), path)

    return knowledge.get("actors_corrected", _load)
