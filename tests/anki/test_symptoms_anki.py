"""Symptom → muscle questions and the red flags in real Anki: notes with their tag, keyed by id."""

from __future__ import annotations

import html
import json
from pathlib import Path

from anki.collection import Collection
from click.testing import CliRunner
from genanki import guid_for

from quizzer.cli import cli
from quizzer.generate.symptoms import SYMPTOM_TAG
from tests.anki.ankitools import export, import_package, questions_of


def test_symptom_questions_import_as_tagged_notes(col: Collection, mini_deck: Path, tmp_path: Path) -> None:
    symptom = [q for q in questions_of(mini_deck) if SYMPTOM_TAG in q.tags]
    kinds = {(q.kind.value, q.key.variant) for q in symptom}
    assert {("mcq", "which-muscle"), ("mcq", "")} <= kinds
    export(mini_deck, tmp_path / "mini.apkg")
    import_package(col, tmp_path / "mini.apkg")
    tagged = {col.get_note(n).guid: col.get_note(n) for n in col.find_notes(f"tag:{SYMPTOM_TAG}")}
    assert set(tagged) == {guid_for(q.id) for q in symptom}
    for q in symptom:
        note = tagged[guid_for(q.id)]
        assert html.unescape(note.fields[0]) == q.question
        for option in q.options:
            assert html.escape(option) in note.fields[1]
        card = note.cards()[0]
        assert col.decks.name(card.did) == "Quizzer::Hip and pelvis::Mini deck"
        back = card.answer()
        assert html.escape(q.options[q.correct[0]]) in back


def test_the_red_flags_export_to_their_own_deck(col: Collection, tmp_path: Path) -> None:
    out = tmp_path / "flags.apkg"
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "anki", "clinical-reasoning", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    cards = runner.invoke(cli, ["cards", "clinical-reasoning", "--format", "jsonl"]).stdout
    written = [json.loads(line) for line in cards.splitlines()]
    assert len(written) == 12
    log = import_package(col, out)
    assert len(log.new) == col.note_count() == 12
    notes = {col.get_note(n).guid: col.get_note(n) for n in col.find_notes("")}
    assert set(notes) == {guid_for(q["id"]) for q in written}
    names = {col.decks.name(col.get_note(n).cards()[0].did) for n in col.find_notes("")}
    assert names == {"Quizzer::Clinical reasoning: red flags"}
    assert len(col.find_notes("tag:quizzer::facet::professional-help")) == 12
