"""New cards on a first day: a total a day across decks, kinds mixed, counts that promise
what study serves."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from quizzer.model import Question
from quizzer.progress import Rating
from quizzer.session import Session, StudyService, start_study
from quizzer.store import open_store
from tests.banks import bundled_questions
from tests.sched.servicetools import FakeClock


def _bundled() -> list[Question]:
    return list(bundled_questions(0))


def _answer(session: Session) -> Question:
    shown = session.current
    assert shown is not None
    if shown.question.kind.is_choice:
        session.choose(list(shown.question.correct))
    else:
        session.answer(Rating.EASY)
    return shown.question


def _new_cards_served(service: StudyService, clock: FakeClock, limit: int = 1000) -> list[Question]:
    """The new cards a study sitting serves, answered right at a person's pace."""
    session = start_study(service)
    served: list[Question] = []
    while session.current is not None and len(served) < limit:
        status = session.current.status
        question = _answer(session)
        clock.advance(seconds=8)
        if status.label == "new":
            served.append(question)
    return served


def test_all_decks_serve_the_total_a_day_not_each_decks(tmp_path: Path, clock: FakeClock) -> None:
    # A new user on day one studies every bundled deck: 20 new cards, not 20 per deck.
    questions = _bundled()
    service = StudyService(open_store(tmp_path), questions, clock=clock, rng=random.Random(0))
    decks = {q.deck for q in questions}
    assert len(service.decks) == len(decks) > 20
    assert service.settings.new_per_day_total == 20
    rows = service.deck_counts()
    assert sum(row.new for row in rows) > 100  # each deck alone could give up to 20
    assert service.counts().new == 20
    served = _new_cards_served(service, clock)
    assert len(served) == 20
    assert service.counts().new == 0 and all(row.new == 0 for row in service.deck_counts())
    # Decks of no known region (a service given none) take turns: with more decks than
    # cards, each card of day one from another deck. (Decks by exam region come region by
    # region: test_new_cards_by_region.py.)
    assert len({q.deck for q in served}) == 20


def test_new_cards_mix_flashcards_and_choice_questions(tmp_path: Path, clock: FakeClock) -> None:
    service = StudyService(open_store(tmp_path), _bundled(), clock=clock, rng=random.Random(0))
    service.update_settings(new_per_day_total=100, new_per_day=100)
    served = _new_cards_served(service, clock, limit=60)
    kinds = ["choice" if q.kind.is_choice else "flashcard" for q in served]
    # No long run of one kind (the bank is about a third flashcards), both kinds in every 10.
    runs = "".join(k[0] for k in kinds).replace("cf", "c f").replace("fc", "f c").split()
    assert max(len(run) for run in runs) <= 4, kinds
    for start in range(0, 60, 10):
        assert set(kinds[start : start + 10]) == {"choice", "flashcard"}, kinds


def test_one_deck_alone_keeps_its_muscles_in_order(tmp_path: Path, clock: FakeClock) -> None:
    questions = [q for q in _bundled() if q.deck == "gluteus-minimus"]
    service = StudyService(open_store(tmp_path), questions, clock=clock, rng=random.Random(0))
    service.update_settings(new_per_day_total=500, new_per_day=500)
    served = _new_cards_served(service, clock)
    assert served[0].id == "gluteus-minimus/gluteus-minimus/location/all/basic"
    kinds = Counter(q.kind.is_choice for q in served[:20])
    assert kinds[True] >= 6 and kinds[False] >= 6


def test_the_total_can_be_raised_and_per_deck_limits_still_hold(tmp_path: Path, clock: FakeClock) -> None:
    # Eight decks studied together (the hip and its look-alikes): 8 × 5 is under 50.
    eight = {
        "gluteus-minimus",
        "gluteus-medius",
        "gluteus-maximus",
        "piriformis",
        "tensor-fasciae-latae",
        "quadratus-lumborum",
        "vastus-lateralis",
        "fibularis-longus",
    }
    questions = [q for q in _bundled() if q.deck in eight]
    service = StudyService(open_store(tmp_path), questions, clock=clock, rng=random.Random(0))
    service.update_settings(new_per_day_total=50, new_per_day=5)
    assert service.counts().new == 40  # 8 decks × 5, under the total of 50
    served = _new_cards_served(service, clock)
    assert len(served) == 40
    assert max(Counter(q.deck for q in served).values()) == 5
