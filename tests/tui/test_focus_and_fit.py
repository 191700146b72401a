"""Pilot tests from the third QA pass: a click never leaves a key bound to a grade, a short
quiz says so, Settings starts in its first field, and answered views fit their screen."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.containers import VerticalScroll
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Button, Input, Static

from quizzer.progress import Rating
from quizzer.tui.app import QuizzerApp, build_app
from quizzer.tui.screens.help import HelpScreen
from quizzer.tui.screens.session import MIN_OPTIONS_WIDTH, QuizScreen, StudyScreen
from quizzer.tui.screens.settings import SettingsScreen
from quizzer.tui.widgets.choices import ChoicePanel, OptionRow
from quizzer.tui.widgets.footer import KeyFooter
from quizzer.tui.widgets.grade_bar import GradeBar
from tests.banks import bundled_bank
from tests.tui.pilots import push_session

MakeApp = Callable[..., QuizzerApp]
Settle = Callable[[Any], Awaitable[None]]
SIZE = (100, 30)


async def _next_flashcard(pilot: Any, screen: StudyScreen) -> str:
    """Suspend choice questions until a flashcard is shown; returns its id."""
    shown = screen.session.current
    assert shown is not None
    while shown.question.kind.is_choice:
        await pilot.press("s")
        await pilot.pause()
        shown = screen.session.current
        assert shown is not None
    return shown.question.id


async def test_enter_after_clicking_a_grade_reveals_and_never_rates(
    make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(start="study")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        first = await _next_flashcard(pilot, screen)
        await pilot.press("space")
        await pilot.pause()
        await pilot.click("#rate-1")
        await pilot.pause()
        assert screen.service.card_info(first).history[-1].rating is Rating.AGAIN
        second = await _next_flashcard(pilot, screen)
        assert second != first
        await pilot.press("enter")  # reveal, as it says in the footer
        await pilot.pause()
        shown = screen.session.current
        assert shown is not None and shown.question.id == second and shown.revealed
        await pilot.press("enter")  # a second enter does nothing on a revealed card
        await pilot.pause()
        assert screen.service.card_info(second).reps == 0
        assert screen.session.current is not None
        assert screen.session.current.question.id == second
        assert not isinstance(app.focused, Button)  # no button is left to catch enter


async def test_grade_buttons_take_no_focus_but_still_click(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(start="study")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        qid = await _next_flashcard(pilot, screen)
        await pilot.press("space")
        await pilot.pause()
        buttons = list(screen.query_one("#grade-bar", GradeBar).query(Button))
        assert len(buttons) == 4 and not any(b.focusable for b in buttons)
        await pilot.click("#rate-4")
        await pilot.pause()
        assert screen.service.card_info(qid).history[-1].rating is Rating.EASY


async def test_enter_after_clicking_an_option_moves_on_once(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(start="quiz", quiz_size=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        shown = screen.session.current
        assert shown is not None
        q = shown.question
        for i in q.correct if q.kind.name in ("MULTI", "ORDER") else q.correct[:1]:
            await pilot.click(f"#option-{i}")
        if q.kind.name == "MULTI":
            await pilot.press("enter")
        await pilot.pause()
        assert screen.graded
        assert not isinstance(app.focused, Button)
        await pilot.press("enter")  # next question, nothing answered for it
        await pilot.pause()
        assert not screen.graded and screen.session.summary().answered == 1


class _Toasts:
    """Every notification the app posts, through ``run_test(message_hook=...)``."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.messages.append(message.notification.message)


async def test_a_quiz_shorter_than_asked_says_so(make_app: MakeApp, settle: Settle) -> None:
    toasts = _Toasts()
    app = make_app(start="quiz", quiz_size=500)
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        c = screen.session.counts()
        found = c.new + c.learning + c.review
        assert 0 < found < 500
        assert (
            f"Only {found} questions that do not overlap are available: this quiz has {found}, not 500."
        ) in toasts.messages


async def test_a_full_quiz_says_nothing_about_its_length(make_app: MakeApp, settle: Settle) -> None:
    toasts = _Toasts()
    app = make_app(start="quiz", quiz_size=2)
    async with app.run_test(size=SIZE, message_hook=toasts) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert "Quiz · 1 / 2" in str(screen.query_one("#session-counts", Static).render())
        assert not any("do not overlap" in m for m in toasts.messages)


def _footer(app: QuizzerApp) -> dict[str, str]:
    return {k.key: k.description for k in app.screen.query_one(KeyFooter).shown}


async def test_settings_open_in_the_first_field_and_keep_help(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        retention = screen.query_one("#retention", Input)
        assert app.focused is retention
        await pilot.press("8", "5")  # typing replaces the value at once
        assert retention.value == "85"
        screen.query_one("#exam", Input).value = "not a date"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen and "exam date" in str(
            screen.query_one("#settings-error", Static).render()
        )
        assert isinstance(app.focused, Input)
        assert _footer(app).get("question_mark") == "Help"
        await pilot.press("question_mark")  # opens help, never types into the field
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert retention.value == "85"


async def _quiz_of(pilot: Any, qid: str) -> QuizScreen:
    screen: QuizScreen = await push_session(pilot, qid)
    return screen


def _screen_text(app: QuizzerApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_long_feedback_scrolls_into_view_and_the_source_is_reachable(
    make_app: MakeApp, settle: Settle
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 18)) as pilot:
        await settle(pilot)
        screen = await _quiz_of(pilot, "mini/alpha/tp-causes/all/multi")
        q = screen.displayed
        assert q is not None
        wrong = next(i for i in range(len(q.options)) if i not in q.correct)
        await pilot.press(chr(97 + wrong), "enter")
        await pilot.pause()
        await pilot.pause()
        body = screen.query_one("#session-body", VerticalScroll)
        feedback = screen.query_one("#feedback", Static)
        assert body.max_scroll_y > 0  # it does not fit: the case this is about
        # The verdict and as much of the explanation as fits are on screen, not below the fold.
        view = body.content_region
        assert view.y <= feedback.region.y
        assert feedback.region.y + min(feedback.size.height, view.height) <= view.bottom
        assert "Not quite" in _screen_text(app)
        assert q.explanation.split()[0] in _screen_text(app)
        await pilot.press("end")  # the keyboard reaches the source line
        await pilot.pause()
        assert f"source: {q.source}" in _screen_text(app)


async def test_answered_map_options_go_under_the_maps_when_narrow(
    data_dir: Path, clock: Any, settle: Settle
) -> None:
    # The bundled decks: their three-view maps leave a 20-column strip beside a 2×2 grid.
    app = build_app(None, [], data_dir, clock=clock, seed=0, utc_offset=timedelta(0), load=bundled_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.service is not None
        qid = next(
            q.id
            for q in app.service.questions()
            if q.id.endswith("/which-map") and q.muscle == "quadratus-lumborum"
        )
        screen = await _quiz_of(pilot, qid)
        q = screen.displayed
        assert q is not None
        row = screen.query_one("#picture-row")
        panel = screen.query_one("#choices", ChoicePanel)
        assert panel.size.width < MIN_OPTIONS_WIDTH  # "Map a" … "Map d" fit in the strip
        assert not row.has_class("-stacked")
        await pilot.press(chr(97 + q.correct[0]))
        await pilot.pause()
        await pilot.pause()
        assert row.has_class("-stacked")
        assert panel.size.width >= MIN_OPTIONS_WIDTH
        maps = screen.query_one("#map-choices")
        assert panel.region.y >= maps.region.bottom  # under the maps, not beside them
        for option in panel.query(OptionRow):  # the zones in words, a few lines each
            assert option.size.height <= 4, option.text


async def test_map_options_stay_beside_maps_that_leave_room(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _quiz_of(pilot, "mini/alpha/referral/all/mcq/which-map")
        q = screen.displayed
        assert q is not None
        await pilot.press(chr(97 + q.correct[0]))
        await pilot.pause()
        assert screen.graded
        assert not screen.query_one("#picture-row").has_class("-stacked")
        assert screen.query_one("#choices").size.width >= MIN_OPTIONS_WIDTH
