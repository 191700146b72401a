"""Shared steps and types for the app's Pilot tests (fixtures in conftest.py build on them)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from quizzer.session import start_quiz
from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens.session import QuizScreen, SessionScreen
from tests import fakeclock

DATA = Path(__file__).resolve().parent.parent / "data"
T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


class FakeClock(fakeclock.FakeClock):
    """A clock that stands still until a test moves it, at :data:`T0` unless told otherwise."""

    def __init__(self, start: datetime = T0) -> None:
        super().__init__(start)


MakeApp = Callable[..., QuizzerApp]
"""``make_app(start="home", quiz_size=None)``: the app on the mini deck, as ``quizzer`` builds it."""

Settle = Callable[[Pilot[Any]], Awaitable[None]]


async def settle_app(pilot: Pilot[Any]) -> None:
    """Wait until the decks are loaded, the service is open and the screen is drawn."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def push_session(pilot: Any, *qids: str, screen_type: type[SessionScreen] = QuizScreen) -> Any:
    """Put a session of exactly the questions ``qids`` on a study or quiz screen."""
    app = pilot.app
    assert isinstance(app, QuizzerApp) and app.service is not None
    screen = screen_type(app.service, start_quiz(app.service, question_ids=list(qids)))
    await app.push_screen(screen)
    await pilot.pause()
    return screen
