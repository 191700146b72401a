"""Undo takes back the last thing done in a sitting, an answer or a suspension."""

from __future__ import annotations

import io

from quizzer.commands.study import run_plain
from quizzer.progress import Rating
from quizzer.session import start_quiz, start_study
from quizzer.store import Store
from tests.sched.servicetools import ServiceMaker


def test_undo_after_a_suspension_takes_the_suspension_back(make_service: ServiceMaker, store: Store) -> None:
    service = make_service()
    session = start_study(service)
    assert session.current is not None
    first = session.current.question.id
    session.answer(Rating.GOOD)
    shown = session.current
    assert shown is not None
    second = shown.question.id
    session.suspend()
    assert store.card(second) is not None and store.card(second).suspended  # type: ignore[union-attr]
    assert session.current is not None and session.current.question.id != second
    assert session.undo() == "suspension"
    # The suspended card is back on screen, as it was shown, and no longer suspended.
    assert session.current is not None and session.current.question == shown.question
    assert not service.card_info(second).suspended
    assert service.is_new(second)
    assert len(store.history(first)) == 1  # the answer before it is kept
    assert session.undo() == "answer"
    assert session.current is not None and session.current.question.id == first
    assert store.history(first) == []
    assert session.undo() is None


def test_undo_of_a_suspension_in_a_quiz(make_service: ServiceMaker) -> None:
    service = make_service()
    choice = [q.id for q in service.questions() if q.kind.is_choice][:3]
    quiz = start_quiz(service, question_ids=choice)
    quiz.suspend()
    assert quiz.current is not None and quiz.current.question.id == choice[1]
    assert quiz.undo() == "suspension"
    assert quiz.current is not None and quiz.current.question.id == choice[0]
    assert not service.card_info(choice[0]).suspended
    assert quiz.counts().total == 3


def test_plain_mode_undoes_a_suspension(make_service: ServiceMaker, store: Store) -> None:
    service = make_service()
    out = io.StringIO()
    run_plain(start_study(service), io.StringIO("\n3\ns\nu\nq\n"), out)
    lines = out.getvalue().splitlines()
    assert "undone: the last suspension was taken back" in lines
    assert len([line for line in lines if line.startswith("saved:")]) == 1
    assert not any(card.suspended for card in store.cards())
    assert store.review_count() == 1
