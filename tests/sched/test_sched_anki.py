"""Our FSRS memory state (stability, difficulty) matches Anki's own for the same review history."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizzer.progress import CardState, Rating, Settings
from quizzer.schedule import Planner

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

# (seconds after T0, rating). Reviews a whole number of days apart at the same time of day,
# so Anki's day-based elapsed time and fsrs's 24-hour days agree.
HISTORIES = [
    [(0, 3), (600, 3), (600 + 2 * 86400, 3), (600 + 13 * 86400, 1)],
    [(0, 1), (60, 3), (660, 3), (660 + 86400, 2), (660 + 5 * 86400, 4), (660 + 40 * 86400, 3)],
    [
        (0, 4),
        (8 * 86400, 1),
        (8 * 86400 + 600, 3),
        (10 * 86400, 3),
        (30 * 86400, 1),
        (30 * 86400 + 600, 2),
        (30 * 86400 + 1200, 3),
        (90 * 86400, 4),
    ],
]


@pytest.mark.parametrize("history", HISTORIES)
def test_memory_state_matches_anki(tmp_path: Path, history: list[tuple[int, int]]) -> None:
    collection = pytest.importorskip("anki.collection")
    planner = Planner(Settings(fuzz=False), random.Random(0))
    card = CardState.new("q", "d", "f", T0)
    kinds = []  # Anki's revlog type: 0 learning, 1 review, 2 relearning
    for offset, ease in history:
        kinds.append({0: 0, 1: 0, 2: 1, 3: 2}[int(card.status)])
        card = planner.review(card, Rating(ease), T0 + timedelta(seconds=offset))
    col = collection.Collection(str(tmp_path / "c.anki2"))
    try:
        col.set_config("fsrs", True)
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"], note["Back"] = "front", "back"
        col.add_note(note, col.decks.id("Default"))
        card_id = col.find_cards("")[0]
        base = int(T0.timestamp())
        for (offset, ease), kind in zip(history, kinds, strict=True):
            col.db.execute(
                "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                "values (?, ?, -1, ?, 0, 0, 0, 1000, ?)",
                (base + offset) * 1000,
                card_id,
                ease,
                kind,
            )
        theirs = col.compute_memory_state(card_id)
    finally:
        col.close()
    assert card.stability == pytest.approx(theirs.stability, rel=1e-4)
    assert card.difficulty == pytest.approx(theirs.difficulty, rel=1e-4)
