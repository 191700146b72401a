"""Exported packages imported into real Anki: counts, decks, tags, integrity, updates in place."""

from __future__ import annotations

import json
import zipfile
from datetime import timedelta
from pathlib import Path

import genanki
import pytest
from anki.collection import Collection
from anki.models import NotetypeId

from quizzer.export.anki import (
    BASIC_MODEL_ID,
    BASIC_MODEL_NAME,
    CHOICE_MODEL_ID,
    CHOICE_MODEL_NAME,
    CLOZE_MODEL_ID,
    CLOZE_MODEL_NAME,
    deck_name,
    models,
    note_fields,
)
from quizzer.model import Kind
from tests.anki.ankitools import T0, export, import_package, questions_of


def test_counts_equal_generated_questions(col: Collection, mini_deck: Path, tmp_path: Path) -> None:
    questions = questions_of(mini_deck)
    assert {q.kind for q in questions} == set(Kind)  # the fixture exercises every kind
    result = export(mini_deck, tmp_path / "mini.apkg")
    log = import_package(col, tmp_path / "mini.apkg")
    assert len(log.new) == col.note_count() == col.card_count() == len(questions)
    assert result.notes == result.cards == len(questions)


def test_only_the_chosen_kinds(col: Collection, mini_deck: Path, tmp_path: Path) -> None:
    kinds = {Kind.CLOZE, Kind.MULTI, Kind.ORDER}
    expected = questions_of(mini_deck, kinds)
    export(mini_deck, tmp_path / "some.apkg", kinds=kinds)
    import_package(col, tmp_path / "some.apkg")
    assert col.note_count() == col.card_count() == len(expected)
    for kind in Kind:
        found = len(col.find_notes(f"tag:quizzer::kind::{kind.value}"))
        assert found == sum(q.kind is kind for q in expected)


def test_deck_tree_and_tags(col: Collection, mini_deck: Path, tmp_path: Path) -> None:
    # One deck per deck file, under its exam region; facets and kinds are tags.
    questions = questions_of(mini_deck)
    export(mini_deck, tmp_path / "mini.apkg")
    import_package(col, tmp_path / "mini.apkg")
    names = {d.name for d in col.decks.all_names_and_ids()} - {"Default"}
    assert names == {"Quizzer", "Quizzer::Hip and pelvis", "Quizzer::Hip and pelvis::Mini deck"}
    assert "quizzer::muscle::alpha" in col.tags.all()
    assert "quizzer::facet::origin" in col.tags.all()
    by_guid = {genanki.guid_for(q.id): q for q in questions}
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        q = by_guid[note.guid]
        assert sorted(note.tags) == sorted(q.tags)
        card = note.cards()[0]
        assert col.decks.name(card.did) == "Quizzer::Hip and pelvis::Mini deck"
    deck = col.decks.by_name("Quizzer::Hip and pelvis::Mini deck")
    assert deck is not None and deck["desc"] == "Test fixture."


def test_a_deck_without_a_region_sits_under_the_root() -> None:
    [q] = [q for q in questions_of(Path(__file__).parents[1] / "data" / "mini.yaml")][:1]
    assert deck_name(q) == "Quizzer::Mini deck"
    assert deck_name(q, {"mini": "Hip and pelvis"}) == "Quizzer::Hip and pelvis::Mini deck"


def test_last_sessions_facet_decks_update_in_place(
    col: Collection, mini_deck: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Decks exported before the region tree had one subdeck per facet; importing the new
    # package over them updates every note (same GUIDs) and adds none.
    import quizzer.export.anki as anki

    monkeypatch.setattr(anki, "deck_name", lambda q, regions=None: f"Quizzer::{q.deck_name}::{q.facet.title}")
    export(mini_deck, tmp_path / "old.apkg")
    monkeypatch.undo()
    import_package(col, tmp_path / "old.apkg")
    before = col.note_count()
    export(mini_deck, tmp_path / "new.apkg", now=T0 + timedelta(days=1))
    log = import_package(col, tmp_path / "new.apkg")
    assert len(log.new) == 0 and len(log.updated) == before == col.note_count()
    # Anki leaves updated notes' cards where they are (the README says so).
    decks = {col.decks.name(col.get_card(c).did) for c in col.find_cards("")}
    assert all(name.startswith("Quizzer::Mini deck::") for name in decks)


def test_note_types_are_the_fixed_contract(col: Collection, mini_deck: Path, tmp_path: Path) -> None:
    # A change here changes every student's note types: bump the version on purpose.
    export(mini_deck, tmp_path / "mini.apkg")
    import_package(col, tmp_path / "mini.apkg")
    contract = {
        BASIC_MODEL_ID: (BASIC_MODEL_NAME, ["Front", "Back", "Explanation", "Source", "Image"], ["Card 1"]),
        CLOZE_MODEL_ID: (CLOZE_MODEL_NAME, ["Text", "Explanation", "Source", "Image"], ["Cloze"]),
        CHOICE_MODEL_ID: (
            CHOICE_MODEL_NAME,
            ["Question", "Options", "Answer", "Explanation", "Source", "Image"],
            ["Choice"],
        ),
    }
    assert (BASIC_MODEL_NAME, CLOZE_MODEL_NAME, CHOICE_MODEL_NAME) == (
        "Quizzer Basic v1",
        "Quizzer Cloze v1",
        "Quizzer Choice v1",
    )
    for model_id, (name, fields, templates) in contract.items():
        model = col.models.get(NotetypeId(model_id))
        assert model is not None, name
        assert model["name"] == name
        assert [f["name"] for f in model["flds"]] == fields
        assert [tm["name"] for tm in model["tmpls"]] == templates


def test_database_check_is_clean(col: Collection, tmp_path: Path) -> None:
    hostile = Path(__file__).parents[1] / "data" / "hostile.yaml"
    export(hostile, tmp_path / "hostile.apkg")
    import_package(col, tmp_path / "hostile.apkg")
    message, ok = col.fix_integrity()
    assert ok
    assert message.splitlines() == ["Database rebuilt and optimized."]


def test_package_is_deflated_and_at_most_half_genankis_size(mini_deck: Path, tmp_path: Path) -> None:
    questions = questions_of(mini_deck)
    result = export(mini_deck, tmp_path / "ours.apkg")
    maps = [f"quizzer-map-{m}.svg" for m in ("alpha", "beta", "delta", "gamma")]
    assert result.media == tuple(maps)
    by_kind = models()
    deck = genanki.Deck(1, "Plain")
    for q in questions:
        deck.add_note(genanki.Note(model=by_kind[q.kind], fields=note_fields(q)))
    media_dir = tmp_path / "media"
    media_dir.mkdir()
    with zipfile.ZipFile(tmp_path / "ours.apkg") as z:
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_DEFLATED}
        assert sorted(z.namelist()) == ["0", "1", "2", "3", "collection.anki2", "media"]
        index = json.loads(z.read("media"))
        assert sorted(index.values()) == maps
        for number, name in index.items():
            (media_dir / name).write_bytes(z.read(number))
    # The same notes and maps as plain genanki writes them.
    plain = genanki.Package(deck, media_files=[str(media_dir / name) for name in maps])
    plain.write_to_file(tmp_path / "plain.apkg", timestamp=T0.timestamp())
    assert (tmp_path / "ours.apkg").stat().st_size * 2 <= (tmp_path / "plain.apkg").stat().st_size


def test_reexport_after_rewording_updates_in_place(col: Collection, mini_deck: Path, tmp_path: Path) -> None:
    export(mini_deck, tmp_path / "v1.apkg", now=T0)
    import_package(col, tmp_path / "v1.apkg")
    target_id = "mini/alpha/origin/all/basic"
    guid = genanki.guid_for(target_id)
    (note_id,) = [n for n in col.find_notes("") if col.get_note(n).guid == guid]
    card = col.get_note(note_id).cards()[0]
    card.start_timer()
    col.sched.answerCard(card, 3)  # "Good": the student has made progress on this card
    studied = col.get_card(card.id)
    assert studied.reps == 1
    before = col.note_count()

    reworded = tmp_path / "mini.yaml"
    text = mini_deck.read_text(encoding="utf-8")
    assert "text: Front of the ilium," in text
    reworded.write_text(text.replace("text: Front of the ilium,", "text: Anterior ilium,"), "utf-8")
    export(reworded, tmp_path / "v2.apkg", now=T0 + timedelta(hours=1))
    log = import_package(col, tmp_path / "v2.apkg")

    assert len(log.new) == 0
    assert len(log.conflicting) == 0
    assert note_id in {entry.id.nid for entry in log.updated}
    assert col.note_count() == before
    note = col.get_note(note_id)
    assert "Anterior ilium" in note["Back"] and "Front of the ilium" not in note["Back"]
    after = col.get_card(card.id)
    assert (after.reps, after.type, after.queue, after.due, after.ivl) == (
        studied.reps,
        studied.type,
        studied.queue,
        studied.due,
        studied.ivl,
    )
    names = [m.name for m in col.models.all_names_and_ids() if m.name.startswith("Quizzer")]
    assert sorted(names) == sorted({BASIC_MODEL_NAME, CLOZE_MODEL_NAME, CHOICE_MODEL_NAME})


def test_same_time_reexport_changes_nothing(col: Collection, mini_deck: Path, tmp_path: Path) -> None:
    # Why the CLI stamps the real clock: Anki skips notes that are not newer than its copy.
    export(mini_deck, tmp_path / "a.apkg", now=T0)
    import_package(col, tmp_path / "a.apkg")
    log = import_package(col, tmp_path / "a.apkg")
    assert len(log.new) == len(log.updated) == 0
    assert len(log.duplicate) == col.note_count()
