"""The exam-grade facets and groups reach real Anki: every question a note, a group's
questions in their deck, tagged with the group as their subject."""

from __future__ import annotations

from pathlib import Path

from anki.collection import Collection

from quizzer.model import Facet
from tests.anki.ankitools import export, import_package, questions_of

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "exam_grade"


def test_exam_grade_facets_and_groups_round_trip(col: Collection, tmp_path: Path) -> None:
    questions = questions_of(FIXTURE)
    facets = {q.facet for q in questions}
    assert {
        Facet.SYNERGISTS,
        Facet.ANTAGONISTS,
        Facet.JOINTS,
        Facet.PALPATION,
        Facet.STRETCH,
        Facet.CLINICAL_TESTS,
        Facet.CAUTIONS,
        Facet.CONDITIONS,
        Facet.GROUP,
    } <= facets
    export(FIXTURE, tmp_path / "exam-grade.apkg")
    log = import_package(col, tmp_path / "exam-grade.apkg")
    assert len(log.new) == col.note_count() == col.card_count() == len(questions)
    group_notes = col.find_notes("tag:quizzer::muscle::hamstrings")
    assert len(group_notes) == sum(q.muscle == "hamstrings" for q in questions) > 0
    decks = {col.decks.name(col.get_card(c).did) for n in group_notes for c in col.card_ids_of_note(n)}
    assert all(name.startswith("Quizzer::") for name in decks), decks
    assert col.find_notes("tag:quizzer::facet::synergists")
