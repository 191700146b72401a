"""Shared steps for the app's Pilot tests (a plain module: pytest puts tests/tui on the path)."""

from __future__ import annotations

from typing import Any

from quizzer.session import start_quiz
from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens.session import QuizScreen, SessionScreen


async def push_session(pilot: Any, *qids: str,
                       screen_type: type[SessionScreen] = QuizScreen) -> Any:
    """Put a session of exactly the questions ``qids`` on a study or quiz screen."""
    app = pilot.app
    assert isinstance(app, QuizzerApp) and app.service is not None
    screen = screen_type(app.service, start_quiz(app.service, question_ids=list(qids)))
    await app.push_screen(screen)
    await pilot.pause()
    return screen
