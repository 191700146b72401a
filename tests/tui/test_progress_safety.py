"""Pilot tests: a store that refuses a write is reported, the question stays, nothing is graded twice."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.notifications import Notify

from quizzer.model import Kind
from quizzer.progress import Status
from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens.session import QuizScreen, SessionScreen, StudyScreen
from quizzer.tui.widgets.choices import ChoicePanel

MakeApp = Callable[..., QuizzerApp]
Settle = Callable[[Any], Awaitable[None]]
SIZE = (100, 30)


class _Errors:
    """Collects the app's error notifications through ``run_test(message_hook=...)``."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify) and message.notification.severity == "error":
            self.messages.append(message.notification.message)


def _sql(path: Path, statement: str) -> None:
    """Change the store's schema from outside, as a damaged disk or another program might."""
    side = sqlite3.connect(path)
    try:
        side.execute(statement)
        side.commit()
    finally:
        side.close()


def _refuse(screen: SessionScreen, table: str, when: str = "INSERT") -> None:
    _sql(
        screen.service.store_path,
        f"CREATE TRIGGER refuse BEFORE {when} ON {table} BEGIN SELECT RAISE(ABORT, 'the disk said no'); END",
    )


def _allow(screen: SessionScreen) -> None:
    _sql(screen.service.store_path, "DROP TRIGGER refuse")


def _right_keys(kind: Kind, correct: tuple[int, ...]) -> list[str]:
    keys = [chr(97 + i) for i in correct]
    return [*keys, "enter"] if kind is Kind.MULTI else keys


async def test_a_failed_rating_is_reported_and_the_card_stays(make_app: MakeApp, settle: Settle) -> None:
    app, errors = make_app(start="study"), _Errors()
    async with app.run_test(size=SIZE, message_hook=errors) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        shown = screen.session.current
        assert shown is not None and not shown.question.kind.is_choice
        _refuse(screen, "reviews")
        await pilot.press("space", "3")
        await pilot.pause()
        assert len(errors.messages) == 1 and "the disk said no" in errors.messages[0]
        assert "progress.sqlite3" in errors.messages[0]
        still = screen.session.current
        assert still is not None and still.question.id == shown.question.id and still.revealed
        assert screen.session.summary().answered == 0
        _allow(screen)
        await pilot.press("3")  # the student simply tries again
        await pilot.pause()
        assert screen.service.card_info(shown.question.id).reps == 1
        assert screen.session.summary().answered == 1


async def test_a_failed_choice_answer_is_reported_and_can_be_retried(
    make_app: MakeApp, settle: Settle
) -> None:
    app, errors = make_app(start="quiz", quiz_size=2), _Errors()
    async with app.run_test(size=SIZE, message_hook=errors) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        shown = screen.session.current
        assert shown is not None
        q = shown.question
        _refuse(screen, "reviews")
        await pilot.press(*_right_keys(q.kind, q.correct))
        await pilot.pause()
        assert len(errors.messages) == 1 and "the disk said no" in errors.messages[0]
        assert not screen.graded and not screen.query("#feedback")
        assert screen.displayed is not None and screen.displayed.id == q.id
        _allow(screen)
        panel = screen.query_one("#choices", ChoicePanel)
        panel.submit()  # the picks are still there: enter again
        await pilot.pause()
        assert screen.graded and screen.query("#feedback")
        assert screen.service.card_info(q.id).reps == 1


async def test_a_double_enter_does_not_grade_the_next_card(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(start="quiz", quiz_size=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        first = screen.session.current
        assert first is not None
        panel = screen.query_one("#choices", ChoicePanel)
        chosen = tuple(first.question.correct)
        # Two submissions queued before the first is handled (enter pressed twice quickly).
        panel.post_message(ChoicePanel.Submitted(panel, chosen))
        panel.post_message(ChoicePanel.Submitted(panel, chosen))
        await pilot.pause()
        await pilot.pause()
        assert screen.graded and screen.session.summary().answered == 1
        nxt = screen.session.current
        assert nxt is not None and screen.service.card_info(nxt.question.id).reps == 0


async def test_an_undo_the_store_refuses_is_reported(make_app: MakeApp, settle: Settle) -> None:
    app, errors = make_app(start="study"), _Errors()
    async with app.run_test(size=SIZE, message_hook=errors) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        first = screen.session.current
        assert first is not None
        await pilot.press("space", "3")
        await pilot.pause()
        nxt = screen.session.current
        assert nxt is not None
        screen.service.suspend(first.question.id)  # as Browse would, over the study screen
        await pilot.press("u")
        await pilot.pause()
        assert errors.messages == ["that answer can no longer be undone: the card was changed since"]
        info = screen.service.card_info(first.question.id)
        assert info.suspended and info.status is Status.LEARNING and len(info.history) == 1
        assert screen.session.summary().answered == 1
        still = screen.session.current
        assert still is not None and still.question.id == nxt.question.id


async def test_a_failed_suspend_is_reported_and_the_card_stays(make_app: MakeApp, settle: Settle) -> None:
    app, errors = make_app(start="study"), _Errors()
    async with app.run_test(size=SIZE, message_hook=errors) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        shown = screen.session.current
        assert shown is not None
        _refuse(screen, "cards")
        await pilot.press("s")
        await pilot.pause()
        assert len(errors.messages) == 1 and "the disk said no" in errors.messages[0]
        still = screen.session.current
        assert still is not None and still.question.id == shown.question.id
        assert not screen.service.card_info(shown.question.id).suspended
