"""Symptom → muscle questions in the app: dealt by study, shown in a quiz or study without
giving the answer away, answered and committed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.widgets import Static

from quizzer.generate.symptoms import SYMPTOM_TAG
from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens.session import QuizScreen, StudyScreen
from tests.tui.pilots import push_session

MakeApp = Callable[..., QuizzerApp]
Settle = Callable[[Any], Awaitable[None]]
WHICH = "mini/gamma/referral/anterior-knee/mcq/which-muscle"
WHERE = "mini/delta/referral/lateral-ankle/mcq"


def _text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_study_of_the_deck_deals_every_symptom_question(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        service = app.service
        assert service is not None
        symptom = {q.id for q in service.questions_by_id.values() if SYMPTOM_TAG in q.tags}
        assert {WHICH, WHERE} <= symptom
        queue = service.study_queue(["mini"])
        dealt: set[str] = set()
        while (
            qid := queue.new.next(
                allowed=lambda deck: True,
                done=lambda q: q in dealt,
                skip=lambda q: False,
                waits=lambda q: False,
            )
        ) is not None:
            dealt.add(qid)
        assert symptom <= dealt  # (a quiz: tests/sched/test_symptom_quiz.py)


async def test_a_which_muscle_symptom_question_is_asked_and_committed(
    make_app: MakeApp, settle: Settle
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await push_session(pilot, WHICH)
        assert isinstance(screen, QuizScreen)
        q = screen.displayed
        assert q is not None and q.id == WHICH
        prompt = _text(screen, "#prompt")
        assert "A client reports pain in the front of the knee (patella)" in prompt
        topic = _text(screen, "#session-topic")
        assert "Which muscle?" in topic and "Gamma" not in topic  # the header gives nothing away
        assert screen.query_one("#choices").region.bottom <= 24 - 2
        await pilot.press(chr(97 + q.correct[0]))
        await pilot.pause()
        assert screen.graded
        assert "essential zone" in _text(screen, "#explanation")
        assert screen.service.card_info(WHICH).reps == 1


async def test_a_where_question_is_studied(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await push_session(pilot, WHERE, screen_type=StudyScreen)
        q = screen.displayed
        assert q is not None and q.id == WHERE
        assert "Where is the client most likely to report pain?" in _text(screen, "#prompt")
        wrong = next(i for i in range(len(q.options)) if i not in q.correct)
        await pilot.press(chr(97 + wrong))
        await pilot.pause()
        assert screen.graded
        assert screen.service.card_info(WHERE).lapses == 0  # a new card, answered wrong
        assert screen.service.card_info(WHERE).reps == 1
