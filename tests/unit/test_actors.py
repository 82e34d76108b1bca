import pytest

from analysis.actors import RegistryError, parse_registry
from analysis.knowledge import Knowledge
from analysis.actors import load_registry


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
