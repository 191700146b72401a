"""Answer times: a card's clock starts when it is drawn, not while the last feedback is read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from quizzer.session import start_quiz
from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens.session import QuizScreen

MakeApp = Callable[..., QuizzerApp]
Settle = Callable[[Any], Awaitable[None]]
MCQS = ["mini/alpha/origin/ilium-front/mcq", "mini/alpha/actions/hip-abduction/mcq"]


async def test_reading_the_feedback_does_not_count_as_answering_time(
    make_app: MakeApp, settle: Settle, clock: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.service is not None
        screen = QuizScreen(app.service, start_quiz(app.service, question_ids=MCQS))
        await app.push_screen(screen)
        await pilot.pause()
        for qid in MCQS:
            shown = screen.session.current
            assert shown is not None and shown.question.id == qid
            clock.advance(seconds=5)  # five seconds to answer
            await pilot.press(chr(97 + shown.question.correct[0]))
            await pilot.pause()
            assert screen.graded
            # A minute reading the explanation; bindings are checked meanwhile (key presses,
            # footer refreshes), which must not fetch the next card and start its clock.
            for _ in range(3):
                clock.advance(seconds=20)
                screen.refresh_bindings()
                await pilot.press("x")  # a key that does nothing
                await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        durations = [app.service.history(qid)[-1].duration_ms for qid in MCQS]
        assert durations == [5000, 5000]
