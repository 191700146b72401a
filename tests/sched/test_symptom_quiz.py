"""A quiz of a region's decks asks symptom → muscle questions among the others."""

from __future__ import annotations

import random

from quizzer.decks import load_library
from quizzer.discovery import bundled_decks_dir
from quizzer.generate import generate
from quizzer.generate.symptoms import SYMPTOM_TAG
from quizzer.session import StudyService, start_quiz
from quizzer.store import Store
from tests.sched.servicetools import FakeClock


def test_a_quiz_of_the_forearm_and_hand_asks_symptom_questions(store: Store, clock: FakeClock) -> None:
    library, selected = load_library([bundled_decks_dir() / "forearm-hand"])
    questions = generate(library, selected, seed=0)
    service = StudyService(
        store, questions, clock=clock, rng=random.Random(0), deck_names={d.id: d.name for d in library.decks}
    )
    quiz = start_quiz(service, n=40, deck_ids=selected)
    asked = [service.questions_by_id[qid] for qid in quiz.qids]
    symptom = {q.id for q in asked if SYMPTOM_TAG in q.tags}
    assert symptom, [q.id for q in asked]
    # Answered in turn, each committed like any other question.
    while (shown := quiz.current) is not None:
        q = shown.question
        quiz.choose(list(q.correct) if q.kind.is_choice and q.id in symptom else [0])
        if q.id in symptom:
            info = service.card_info(q.id)
            assert info.reps == 1 and info.history[-1].rating.name == "GOOD", q.id
