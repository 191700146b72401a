"""Hand-written questions (a spreadsheet's CSV) export to Anki as notes, keyed by their ids."""

from __future__ import annotations

import json
from pathlib import Path

from anki.collection import Collection
from click.testing import CliRunner
from genanki import guid_for

from quizzer.cli import cli
from tests.anki.ankitools import import_package

DATA = Path(__file__).resolve().parent.parent / "data"


def test_question_file_exports_to_anki(col: Collection, tmp_path: Path) -> None:
    out = tmp_path / "own.apkg"
    runner = CliRunner()
    mini, sheet = str(DATA / "mini.yaml"), str(DATA / "questions.csv")
    result = runner.invoke(cli, ["export", "anki", mini, sheet, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    cards = runner.invoke(cli, ["cards", mini, sheet, "--format", "jsonl"]).stdout
    own = [q for q in map(json.loads, cards.splitlines()) if q["deck"] == "questions"]
    assert len(own) == 7
    log = import_package(col, out)
    assert len(log.new) == col.note_count()
    guids = {col.get_note(n).guid: n for n in col.find_notes("")}
    for q in own:
        note = col.get_note(guids[guid_for(q["id"])])
        assert q["question"].split("{{")[0].split("\n")[0] in " ".join(note.values())
    names = {d.name for d in col.decks.all_names_and_ids()}
    assert "Quizzer::Questions" in names  # no muscle region: directly under the root
    assert any(t == "quizzer::label::kinesiology" for t in col.tags.all())
