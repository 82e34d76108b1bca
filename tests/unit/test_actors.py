import pytest

from analysis.knowledge import Knowledge
from analysis.measures.actors import RegistryError, load_registry, parse_registry


@pytest.fixture(scope="module")
def registry():
    return load_registry(Knowledge())


@pytest.mark.parametrize("text, expected", [
    ("Marina Ferrarri, tout juste nommée", "Marina Ferrari"),
    ("selon Marina Ferrari, secrétaire d’État", "Marina Ferrari"),
    ("a indiqué le géant américain.", "Microsoft"),
    ("Le Géant Américain a indiqué", "Microsoft"),
    ("pour l’UE et ses alliés", "Union européenne"),
    ("la firme de Richmond semble", "Microsoft"),
    ("Kim van Sparrentak regrette", "Kim van Sparrentak"),
])
def test_aliases_and_misspellings_resolve_to_the_canonical_actor(registry, text, expected):
    assert [m.actor.name for m in registry.find_mentions(text)] == [expected]


def test_longest_alias_wins_and_offsets_point_into_the_text(registry):
    text = "Le PDG de Mistral AI, Arthur Mensch, a parlé."
    mentions = registry.find_mentions(text, offset=100)
    assert [(m.actor.name, text[m.start - 100:m.end - 100]) for m in mentions] == [
        ("Arthur Mensch", "Le PDG de Mistral AI"), ("Arthur Mensch", "Arthur Mensch"),
    ]


def test_names_match_as_whole_words_only(registry):
    assert registry.find_mentions("Un mistralien googleux") == []


def _reference_mentions(registry, text):
    """The plain definition: one case-sensitive and one case-insensitive alternation,
    each between word boundaries, longest alias first at each position."""
    import re

    from analysis.corpus.textutil import normalise_for_matching

    norm = normalise_for_matching(text)
    forms = {normalise_for_matching(f).strip() for a in registry.actors for f in (a.name, *a.aliases)} - {""}
    found = []
    for group, flags in (([f for f in forms if not f[0].islower()], 0), ([f for f in forms if f[0].islower()], re.I)):
        alts = "|".join(re.escape(f) for f in sorted(group, key=len, reverse=True))
        found += [m.span() for m in re.finditer(rf"(?<![\w])(?:{alts})(?![\w])", norm, flags)]
    found.sort(key=lambda se: (se[0], -(se[1] - se[0])))
    out, last = [], -1
    for s, e in found:
        if s >= last and registry.resolve(norm[s:e]):
            out.append((s, e))
            last = e
    return out


@pytest.mark.parametrize("text", [
    "xMistral AI et Mistral AI ; AMistral, Mistral_AI, _Microsoft, Microsoft2, 2Microsoft.",
    "LA PRÉSIDENTE DE LA COMMISSION EUROPÉENNE et la présidente de la commission européenne",
    "İstanbul : le géant américain, LE GÉANT AMÉRICAIN et Le Géant Américain répondent",
    "ﬁn : le géant américain (ligature avant) puis Arthur Mensch",
    "",
])
def test_mentions_equal_the_plain_word_boundary_definition(registry, text):
    assert [(m.start, m.end) for m in registry.find_mentions(text)] == _reference_mentions(registry, text)
    assert all(registry.resolve(text[m.start:m.end]) for m in registry.find_mentions(text))


@pytest.mark.parametrize("yaml_text, reason", [
    ("actors:\n  - name: X\n    role: alien\n", "rôle"),
    ("actors:\n  - name: X\n    couleur: bleu\n", "clé(s) inconnue(s)"),
    ("actors:\n  - name: X\n    aliases: Y\n", "liste"),
    ("acteurs: []\n", "actors"),
    ("actors:\n  - name: [\n", "YAML invalide"),
])
def test_invalid_registry_is_refused_with_reason(yaml_text, reason):
    with pytest.raises(RegistryError) as exc:
        parse_registry(yaml_text, "actors.yaml")
    assert reason in str(exc.value) and "actors.yaml" in str(exc.value)
