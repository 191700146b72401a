"""The question and answer HTML that real Anki renders for each note type, and escaping."""

from __future__ import annotations

import html
import re
from pathlib import Path

import genanki
import pytest
from anki.cards import Card
from anki.collection import Collection

from quizzer.model import Kind, Question
from tests.anki.ankitools import export, import_package, questions_of

HOSTILE = Path(__file__).parents[1] / "data" / "hostile.yaml"
_OUR_MAP = re.compile(r'<img class="qz-map" src="quizzer-map-[a-z0-9-]+\.svg" alt="[^"<>]*">')


def _body(rendered: str) -> str:
    """The card HTML without the note type's <style> block."""
    return rendered.split("</style>", 1)[1]


def _cards(col: Collection, questions: list[Question]) -> dict[str, Card]:
    by_guid = {genanki.guid_for(q.id): q.id for q in questions}
    out: dict[str, Card] = {}
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        out[by_guid[note.guid]] = note.cards()[0]
    return out


@pytest.fixture
def mini(col: Collection, mini_deck: Path, tmp_path: Path) -> tuple[list[Question], dict[str, Card]]:
    questions = questions_of(mini_deck)
    export(mini_deck, tmp_path / "mini.apkg")
    import_package(col, tmp_path / "mini.apkg")
    return questions, _cards(col, questions)


def _one(questions: list[Question], kind: Kind) -> Question:
    return next(q for q in questions if q.kind is kind and q.explanation)


def test_basic_and_reverse(mini: tuple[list[Question], dict[str, Card]]) -> None:
    questions, cards = mini
    for kind in (Kind.BASIC, Kind.REVERSE):
        q = _one(questions, kind)
        front, back = _body(cards[q.id].question()), _body(cards[q.id].answer())
        assert html.escape(q.question, quote=False) in front
        assert html.escape(q.answer, quote=False) not in front
        assert f'<div class="qz-answer">{html.escape(q.answer, quote=False)}</div>' in back
        assert f'<div class="qz-explanation">{html.escape(q.explanation, quote=False)}</div>' in back
        assert f"Source: {q.source}" in back
        # No deck name on the front: a muscle's deck would answer "which muscle?" questions.
        assert q.deck_name not in front
        assert "<script" not in front + back


def test_cloze_hides_then_shows_the_gaps(mini: tuple[list[Question], dict[str, Card]]) -> None:
    questions, cards = mini
    q = next(q for q in questions if q.kind is Kind.CLOZE and "20 minutes" in q.question)
    front, back = _body(cards[q.id].question()), _body(cards[q.id].answer())
    assert "20 minutes" not in front and "[...]" in front
    assert re.search(r'<span class="cloze"[^>]*>20 minutes</span>', back)
    assert re.search(r'<span class="cloze"[^>]*>2 hours</span>', back)


@pytest.mark.parametrize("kind", [Kind.MCQ, Kind.MULTI, Kind.NOT, Kind.ORDER])
def test_choice_front_and_back(mini: tuple[list[Question], dict[str, Card]], kind: Kind) -> None:
    questions, cards = mini
    q = _one(questions, kind)
    front, back = _body(cards[q.id].question()), _body(cards[q.id].answer())
    assert html.escape(q.question, quote=False) in front
    # Every option is a native input on the front, so picking works without JavaScript.
    inputs = re.findall(r'<input type="(radio|checkbox)" name="qz" value="(\d+)">', front)
    assert [int(i) for _, i in inputs] == list(range(len(q.options)))
    assert {t for t, _ in inputs} == {"radio" if kind in (Kind.MCQ, Kind.NOT) else "checkbox"}
    for option in q.options:
        assert f"<span>{html.escape(option, quote=False)}</span></label>" in front
    assert "qz-right" not in front and q.explanation[:20] not in front
    # The back marks the right options in the HTML itself: no script needed to see them.
    rows = re.findall(r'<li (?:class="qz-right" )?data-i="(\d+)"[^>]*><span>(.*?)</span></li>', back)
    if kind is Kind.ORDER:
        assert [int(i) for i, _ in rows] == list(q.correct)
        assert [text for _, text in rows] == [html.escape(q.options[i], quote=False) for i in q.correct]
    else:
        right = [int(i) for i in re.findall(r'<li class="qz-right" data-i="(\d+)"', back)]
        assert right == sorted(q.correct)
        assert len(rows) == len(q.options)
    assert html.escape(q.explanation, quote=False) in back
    assert back.count("<script>") == front.count("<script>") == 1


def test_hostile_deck_text_is_only_ever_text(col: Collection, tmp_path: Path) -> None:
    questions = questions_of(HOSTILE)
    assert {q.kind for q in questions} == set(Kind)
    export(HOSTILE, tmp_path / "hostile.apkg")
    import_package(col, tmp_path / "hostile.apkg")
    cards = _cards(col, questions)
    assert len(cards) == len(questions)
    seen_alerts: set[str] = set()
    for q in questions:
        card = cards[q.id]
        for side in (_body(card.question()), _body(card.answer())):
            # Our own pain-map images are the only <img> (their alt text is escaped text).
            side = _OUR_MAP.sub("", side)
            # Our own templates carry one script per side of the choice type, nothing else.
            assert side.count("<script") == (1 if q.kind.is_choice else 0)
            for tag in ("<img", "<svg", "<a ", "<b>", "<i>", "<em>", "</div></li></ol>"):
                assert tag not in side
            assert "[sound:" not in side and "[latex]" not in side and "[anki:" not in side
            seen_alerts.update(re.findall(r"&lt;script&gt;alert\((\d+)\)&lt;/script&gt;", side))
    assert {"1", "3", "7", "8", "9", "10", "11"} <= seen_alerts
    # Deck validation refuses "::" inside a gap (it would start an Anki cloze hint); what a
    # gap holds is still only text on the card.
    ice = next(q for q in questions if q.kind is Kind.CLOZE and "a:b" in q.question)
    assert "&lt;script&gt;alert(9)&lt;/script&gt; a:b" in _body(cards[ice.id].answer())
    deck = col.decks.by_name("Quizzer::Hip and pelvis::Hostile <b>deck</b> : nested")
    assert deck is not None
    assert deck["desc"] == "&lt;script&gt;alert('deck')&lt;/script&gt;"
