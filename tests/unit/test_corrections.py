"""Speaker corrections written to the actor registry, and speaker identity across the corpus."""
import shutil

import pandas as pd
import pytest

from analysis.knowledge import Knowledge
from analysis.measures.actors import (
    RegistryError,
    load_corrected_registry,
    load_registry,
    parse_registry,
)
from analysis.measures.corrections import (
    Correction,
    change_registry,
    history,
    with_correction,
)
from analysis.measures.quotes.corpus_identity import (
    ACRONYM,
    CORRECTION,
    INITIAL,
    SAME_NAME,
    SURNAME,
    unify_speakers,
    variant_map,
)
from tests.conftest import ROOT

BASE = """# a comment the analyst wrote
actors:
  - name: Jeanne Martin
    role: politician
    aliases: [Martin]
  - name: Fédération des boulangers
    role: company
"""


@pytest.fixture()
def data_dir(tmp_path):
    (tmp_path / "actors.yaml").write_text(BASE, encoding="utf-8")
    return tmp_path


def _registry(d):
    return load_corrected_registry(Knowledge(d))


@pytest.mark.parametrize("correction, name, resolves, role", [
    (Correction("merge", "J. Martin", "Jeanne Martin"), "J. Martin", "Jeanne Martin", "politician"),
    (Correction("merge", "Jeanne Martin", "Paul Simon"), "Martin", "Paul Simon", "politician"),
    (Correction("rename", "FB", "Fédération des boulangers"), "FB", "Fédération des boulangers", "company"),
    (Correction("rename", "Jeanne Martin", "Jeanne Martin-Roy"), "Jeanne Martin", "Jeanne Martin-Roy", "politician"),
    (Correction("role", "Paul Simon", "union"), "Paul Simon", "Paul Simon", "union"),
    (Correction("role", "Jeanne Martin", "expert"), "Martin", "Jeanne Martin", "expert"),
])
def test_a_correction_changes_what_the_registry_resolves(data_dir, correction, name, resolves, role):
    change_registry(data_dir, correction)
    actor = _registry(data_dir).resolve(name)
    assert (actor.name, actor.role) == (resolves, role)


def test_not_a_speaker_is_kept_in_the_registry_and_the_file_keeps_its_comments(data_dir):
    msg = change_registry(data_dir, Correction("not_speaker", "le documentaire"))
    assert "pas un locuteur" in msg
    assert _registry(data_dir).not_speakers == {"le documentaire"}
    text = (data_dir / "actors.yaml").read_text(encoding="utf-8")
    assert text.startswith(BASE) and "# a comment the analyst wrote" in text


def test_undo_restores_each_previous_version_in_turn(data_dir):
    change_registry(data_dir, Correction("merge", "J. Martin", "Jeanne Martin"))
    after_one = (data_dir / "actors.yaml").read_text(encoding="utf-8")
    change_registry(data_dir, Correction("role", "Paul Simon", "union"))
    assert len(history(data_dir)) == 2
    change_registry(data_dir, undo=True)
    assert (data_dir / "actors.yaml").read_text(encoding="utf-8") == after_one
    change_registry(data_dir, undo=True)
    assert (data_dir / "actors.yaml").read_text(encoding="utf-8") == BASE
    assert "Rien à annuler" in change_registry(data_dir, undo=True)


@pytest.mark.parametrize("correction, reason", [
    (Correction("role", "Paul Simon", "pompier"), "rôle « pompier » inconnu"),
    (Correction("merge", "Paul Simon", "Paul Simon"), "un autre locuteur"),
    (Correction("merge", "Paul Simon", ""), "un autre locuteur"),
    (Correction("rename", "  ", "X"), "vide"),
    (Correction("merge", "inconnu", "Paul Simon"), "citations sans locuteur"),
    (Correction("rename", "Paul Simon", "inconnu"), "citations sans locuteur"),
    (Correction("role", "inconnu", "expert"), "citations sans locuteur"),
])
def test_a_bad_correction_names_the_file_and_writes_nothing(data_dir, correction, reason):
    with pytest.raises(RegistryError) as err:
        change_registry(data_dir, correction)
    assert "actors.yaml" in str(err.value) and reason in str(err.value)
    assert (data_dir / "actors.yaml").read_text(encoding="utf-8") == BASE and not history(data_dir)
    assert not list(data_dir.glob(".actors-*"))  # no temporary file left behind


def test_a_broken_registry_is_not_overwritten(data_dir):
    (data_dir / "actors.yaml").write_text("actors: [\n", encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        change_registry(data_dir, Correction("not_speaker", "X"))
    assert "actors.yaml" in str(err.value)
    assert (data_dir / "actors.yaml").read_text(encoding="utf-8") == "actors: [\n"


def test_corrections_list_is_validated_with_the_line():
    text = with_correction(BASE, Correction("role", "Paul Simon", "union")).replace('"union"', '"pompier"')
    with pytest.raises(RegistryError) as err:
        parse_registry(text, "actors.yaml")
    assert "pompier" in str(err.value) and "ligne" in str(err.value)


def test_the_projects_registry_accepts_a_correction_entry():
    text = (ROOT / "data" / "actors.yaml").read_text(encoding="utf-8")
    reg = parse_registry(with_correction(text, Correction("merge", "Le Maire", "Bruno Le Maire")))
    assert reg.resolve("Le Maire").name == "Bruno Le Maire"


# ---- across the corpus
@pytest.mark.parametrize("names, variant, canonical, reason", [
    (["Élisabeth Morin", "Elisabeth Morin"], "Elisabeth Morin", "Élisabeth Morin", SAME_NAME),
    (["Paul Garnier", "PAUL GARNIER"], "PAUL GARNIER", "Paul Garnier", SAME_NAME),
    (["Paul Garnier", "M. Garnier"], "M. Garnier", "Paul Garnier", SURNAME),
    (["Barack Obama", "B. Obama"], "B. Obama", "Barack Obama", INITIAL),
    (["Marine Le Pen", "Le Pen"], "Le Pen", "Marine Le Pen", SURNAME),
    (["Syndicat national des pilotes (SNP)", "SNP"], "SNP", "Syndicat national des pilotes (SNP)", ACRONYM),
])
def test_variants_across_articles_join_the_fullest_form(names, variant, canonical, reason):
    assert variant_map(names)[variant] == (canonical, reason)


def test_an_organisation_never_joins_a_longer_name_on_its_last_word():
    names = ["Radio Kerlan", "Kerlan", "Paul Garnier", "Garnier"]
    got = variant_map(names, orgs={"Kerlan"})
    assert "Kerlan" not in got and got["Garnier"] == ("Paul Garnier", SURNAME)
    assert "Kerlan" not in variant_map(names, orgs={"Radio Kerlan"})
    q = pd.DataFrame({"article_id": ["a", "b"], "speaker": ["Radio Kerlan", "Kerlan"], "speaker_text": ["", ""],
                      "role": ["media", "inconnu"], "speaker_kind": ["org", "org"]})
    assert set(unify_speakers(q, parse_registry(BASE))[0]["speaker"]) == {"Radio Kerlan", "Kerlan"}


def test_a_surname_shared_by_two_people_is_not_joined():
    assert "Le Pen" not in variant_map(["Marine Le Pen", "Jean-Marie Le Pen", "Le Pen"])


def test_unify_speakers_rewrites_quotes_and_says_what_was_merged():
    quotes = pd.DataFrame({
        "article_id": ["a", "b", "c", "c"], "speaker": ["Paul Garnier", "M. Garnier", "Le documentaire", "Anne Roy"],
        "role": ["inconnu", "politician", "inconnu", "inconnu"]})
    reg = parse_registry(with_correction(BASE, Correction("not_speaker", "Le documentaire")))
    q, merges = unify_speakers(quotes, reg)
    assert list(q["speaker"]) == ["Paul Garnier", "Paul Garnier", "inconnu", "Anne Roy"]
    assert list(q["role"])[:2] == ["politician", "politician"]  # one role per speaker, read from the text
    row = merges.set_index("speaker").loc["Paul Garnier"]
    assert (row["merged_from"], row["merge_reason"]) == ("M. Garnier", SURNAME)


def test_corrections_reach_the_speakers_table(tmp_path):
    """End to end on the bundled corpus copy: a merge written to the registry shows in speakers.csv."""
    from analysis.engine.pipeline import run_corpus

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    change_registry(data, Correction("merge", "Kai Zenner", "Kim van Sparrentak"))
    res = run_corpus(data / "corpus", data_dir=data, use_cache=False)
    speakers = res.tables["speakers"].set_index("speaker")
    assert "Kai Zenner" not in speakers.index
    assert "Kai Zenner" in speakers.loc["Kim van Sparrentak", "merged_from"]
    assert "Kai Zenner" not in set(res.tables["quotes"]["speaker"])


def test_a_read_only_instance_writes_nothing(data_dir, monkeypatch):
    from analysis.settings import ReadOnlyError

    monkeypatch.setenv("DISCOURS_READ_ONLY", "1")
    with pytest.raises(ReadOnlyError):
        change_registry(data_dir, Correction("not_speaker", "X"))
    assert (data_dir / "actors.yaml").read_text(encoding="utf-8") == BASE and not history(data_dir)


def test_an_edit_on_a_registry_changed_since_the_page_was_drawn_is_refused(data_dir):
    from analysis.corpus.shared_files import StaleEdit, read_versioned

    drawn = read_versioned(data_dir / "actors.yaml")[1]
    change_registry(data_dir, Correction("role", "Paul Simon", "union"))  # another session
    with pytest.raises(StaleEdit):
        change_registry(data_dir, Correction("not_speaker", "X"), expected_version=drawn)
    assert "\"not_speaker\"" not in (data_dir / "actors.yaml").read_text(encoding="utf-8")
    assert len(history(data_dir)) == 1


# --- corrections apply in the corpus step: the per-article results stay valid -----------------

@pytest.mark.parametrize("correction", [
    Correction("merge", "J. Martin", "Jeanne Martin"),
    Correction("rename", "Jeanne Martin", "Jeanne Martin-Roy"),
    Correction("role", "Paul Simon", "union"),
    Correction("not_speaker", "Le documentaire"),
])
def test_a_correction_leaves_the_per_article_fingerprint_and_registry_unchanged(data_dir, correction):
    before = Knowledge(data_dir)
    base_before, corrections_before = before.fingerprint, before.corrections_fingerprint
    article_registry, corrected = load_registry(before), load_corrected_registry(before)
    change_registry(data_dir, correction)
    after = Knowledge(data_dir)
    assert after.fingerprint == base_before
    assert after.corrections_fingerprint != corrections_before
    assert load_registry(after) == article_registry  # what the article steps read
    assert load_corrected_registry(after) != corrected


def test_an_edit_of_the_actors_part_changes_the_per_article_fingerprint(data_dir):
    before = Knowledge(data_dir).fingerprint
    path = data_dir / "actors.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [Martin]", "aliases: [Martin, J. Martin]"),
                    encoding="utf-8")
    assert Knowledge(data_dir).fingerprint != before


def test_comments_and_layout_of_the_registry_do_not_change_the_fingerprint(data_dir):
    before = Knowledge(data_dir)
    path = data_dir / "actors.yaml"
    path.write_text("# another comment\n" + path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    after = Knowledge(data_dir)
    assert (after.fingerprint, after.corrections_fingerprint) == (before.fingerprint, before.corrections_fingerprint)


def test_a_correction_re_analyses_no_article_and_the_tables_show_it(tmp_path):
    """Cached run, correction, re-run: 0 articles analysed again (all from the per-article cache),
    and the quotes, speakers and per-outlet tables show the merge, the rename, the role and the
    not-a-speaker at once; undo brings the tables back."""
    from analysis.engine.pipeline import run_corpus

    data, cache = tmp_path / "data", tmp_path / "cache"
    shutil.copytree(ROOT / "data", data)
    first = run_corpus(data / "corpus", data_dir=data, cache_dir=cache)
    assert first.stats["analysed"] == first.stats["articles"] > 0
    counts = first.tables["quotes"]["speaker"].value_counts()
    named = [s for s in counts.index if s != "inconnu"]
    keep, merged, renamed, dropped = named[0], named[1], named[2], named[3]
    change_registry(data, Correction("merge", merged, keep))
    change_registry(data, Correction("rename", renamed, "Nom corrigé par l'analyste"))
    change_registry(data, Correction("role", keep, "union"))
    change_registry(data, Correction("not_speaker", dropped))

    second = run_corpus(data / "corpus", data_dir=data, cache_dir=cache)
    assert second.stats["analysed"] == 0 and second.stats["from_cache"] == second.stats["articles"]
    quotes, speakers = second.tables["quotes"], second.tables["speakers"].set_index("speaker")
    assert not {merged, renamed, dropped} & set(quotes["speaker"])
    assert (quotes["speaker"] == keep).sum() == counts[keep] + counts[merged]
    assert (quotes["speaker"] == "Nom corrigé par l'analyste").sum() == counts[renamed]
    assert (quotes["speaker"] == "inconnu").sum() == counts.get("inconnu", 0) + counts[dropped]
    assert set(quotes.loc[quotes["speaker"] == keep, "role"]) == {"union"}
    assert speakers.loc[keep, "role"] == "union" and merged in speakers.loc[keep, "merged_from"]
    assert CORRECTION in speakers.loc[keep, "merge_reason"]
    assert renamed in speakers.loc["Nom corrigé par l'analyste", "merged_from"]
    assert dropped not in set(second.tables["outlet_speakers"]["speaker"])
    assert second.tables["articles"]["n_speakers"].sum() < first.tables["articles"]["n_speakers"].sum()

    for _ in range(4):
        change_registry(data, undo=True)
    third = run_corpus(data / "corpus", data_dir=data, cache_dir=cache)
    assert third.stats["analysed"] == 0
    pd.testing.assert_frame_equal(third.tables["speakers"], first.tables["speakers"])
    pd.testing.assert_frame_equal(third.tables["quotes"], first.tables["quotes"])


def test_merging_an_actor_that_a_tone_target_names_keeps_the_analysis_running(tmp_path):
    """The tone targets name registry actors; a merge moves the actor's name into another's
    aliases. The per-article steps read the registry without the corrections, so the targets
    still validate, and the corpus step shows the merge."""
    from analysis.engine.pipeline import run_corpus

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    targets = (data / "tone_targets.yaml").read_text(encoding="utf-8")
    assert "Arthur Mensch" in targets  # the check below can fail
    change_registry(data, Correction("merge", "Arthur Mensch", "Mistral AI"))
    res = run_corpus(data / "corpus", data_dir=data, use_cache=False)
    assert "Arthur Mensch" not in set(res.tables["quotes"]["speaker"])
    assert "Arthur Mensch" in res.tables["speakers"].set_index("speaker").loc["Mistral AI", "merged_from"]


def test_undo_order_holds_when_two_changes_straddle_a_second(data_dir, monkeypatch):
    """The history file name comes from one clock reading: a change at 0.999999999 s and the next
    at 1.000000001 s are kept in that order (two readings once named the later one first)."""
    import analysis.measures.corrections as corrections

    readings = iter([1_700_000_000_999_999_999, 1_700_000_001_000_000_001])
    monkeypatch.setattr(corrections.time, "time_ns", lambda: next(readings))
    change_registry(data_dir, Correction("merge", "J. Martin", "Jeanne Martin"))
    after_one = (data_dir / "actors.yaml").read_text(encoding="utf-8")
    change_registry(data_dir, Correction("role", "Paul Simon", "union"))
    change_registry(data_dir, undo=True)
    assert (data_dir / "actors.yaml").read_text(encoding="utf-8") == after_one
