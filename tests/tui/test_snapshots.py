"""Snapshot tests: each screen state at 80×24 (the smallest size served) and 120×40."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from quizzer.tui.app import QuizzerApp

MakeApp = Callable[..., QuizzerApp]
Settle = Callable[[Any], Awaitable[None]]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _wrong_letter(app: QuizzerApp) -> str:
    shown = app.screen.session.current  # type: ignore[attr-defined]
    q = shown.question
    return chr(97 + next(i for i in range(len(q.options)) if i not in q.correct))


# Each state: the start screen and the steps that lead to it after the app has settled.
async def _home(pilot: Pilot[Any]) -> None:
    pass


async def _question(pilot: Pilot[Any]) -> None:
    await pilot.press("s")


async def _revealed(pilot: Pilot[Any]) -> None:
    await pilot.press("s", "space")


async def _study_done(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, QuizzerApp) and app.service is not None
    app.service.update_settings(new_per_day=2)
    await pilot.press("s", "space", "4", "space", "4")


async def _quiz_feedback(pilot: Pilot[Any]) -> None:
    await pilot.press("q")
    await pilot.pause()
    await pilot.press(_wrong_letter(pilot.app))  # type: ignore[arg-type]


async def _quiz_summary(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, QuizzerApp)
    app.quiz_size = 2
    await pilot.press("q")
    await pilot.pause()
    await pilot.press(_wrong_letter(app), "enter")
    await pilot.pause()
    await pilot.press(_wrong_letter(app), "enter")


async def _browse(pilot: Pilot[Any]) -> None:
    await pilot.press("b")


async def _stats(pilot: Pilot[Any]) -> None:
    await pilot.press("s", "space", "3", "escape", "t")


async def _sheet(pilot: Pilot[Any]) -> None:
    await pilot.press("m")


async def _settings(pilot: Pilot[Any]) -> None:
    await pilot.press("comma")


async def _help(pilot: Pilot[Any]) -> None:
    await pilot.press("question_mark")


STATES = {
    "home": _home, "study-question": _question, "study-revealed": _revealed,
    "study-done": _study_done, "quiz-feedback": _quiz_feedback, "quiz-summary": _quiz_summary,
    "browse": _browse, "stats": _stats, "sheet": _sheet, "settings": _settings, "help": _help,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("state", list(STATES))
def test_screen(state: str, size: tuple[int, int], snap_compare: Any, make_app: MakeApp,
                settle: Settle) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await STATES[state](pilot)
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
