"""Pilot tests: early enter on choice questions, footers at 80 columns, leeches open in Browse."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from quizzer.progress import Rating
from quizzer.session import start_study
from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens.browse import BrowseScreen
from quizzer.tui.screens.session import QuizScreen, SessionScreen, StudyScreen
from quizzer.tui.screens.stats import StatsScreen
from quizzer.tui.widgets.footer import KeyFooter
from tests.tui.pilots import push_session

MakeApp = Callable[..., QuizzerApp]
Settle = Callable[[Any], Awaitable[None]]
SIZE = (100, 30)
ORDER = "mini/alpha/strain-grades/all/order"  # three options (the one real order)
MULTI = "mini/alpha/actions/all/multi"


class _Warnings:
    """Collects the app's warning notifications through ``run_test(message_hook=...)``."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify) and message.notification.severity == "warning":
            self.messages.append(message.notification.message)


def _hint(screen: SessionScreen) -> str:
    """The hint line above the footer (an early enter says there what is missing)."""
    return str(screen.query_one("#session-hint", Static).render()).strip()


def _right_letters(screen: SessionScreen) -> list[str]:
    """The right answer's letters as this showing orders the options (they are shuffled)."""
    shown = screen.session.current
    assert shown is not None
    return [chr(97 + i) for i in shown.question.correct]


async def _ask(pilot: Pilot[Any], screen_type: type[SessionScreen], qid: str) -> SessionScreen:
    """Put the one question ``qid`` on a study or quiz screen."""
    screen: SessionScreen = await push_session(pilot, qid, screen_type=screen_type)
    return screen


@pytest.mark.parametrize("screen_type", [StudyScreen, QuizScreen])
async def test_enter_on_a_half_placed_order_says_how_many_are_left(
    make_app: MakeApp, settle: Settle, screen_type: type[SessionScreen]
) -> None:
    warnings = _Warnings()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=warnings) as pilot:
        await settle(pilot)
        screen = await _ask(pilot, screen_type, ORDER)
        first, second, *rest = _right_letters(screen)
        await pilot.press(first, "enter")
        await pilot.pause()
        assert not screen.graded and not screen.query("#feedback")
        assert screen.service.card_info(ORDER).reps == 0  # nothing recorded
        assert _hint(screen).startswith("2 more to place"), _hint(screen)
        await pilot.press(second, "enter")
        await pilot.pause()
        assert _hint(screen).startswith("1 more to place")  # the latest count replaces the older
        await pilot.press(*rest)  # the student keeps answering where they were
        await pilot.pause()
        assert screen.graded and screen.last is not None and screen.last.correct
        assert screen.service.card_info(ORDER).reps == 1
        assert _hint(screen).startswith("enter next")  # the feedback's hint, not the note
        assert warnings.messages == []  # no toast over the hint line


async def test_enter_on_an_empty_multi_asks_for_a_tick(make_app: MakeApp, settle: Settle) -> None:
    warnings = _Warnings()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=warnings) as pilot:
        await settle(pilot)
        screen = await _ask(pilot, QuizScreen, MULTI)
        await pilot.press("enter")
        await pilot.pause()
        assert not screen.graded and screen.service.card_info(MULTI).reps == 0
        assert "tick at least one" in _hint(screen).lower(), _hint(screen)
        assert warnings.messages == []
        await pilot.press(*_right_letters(screen), "enter")
        await pilot.pause()
        assert screen.graded and screen.last is not None and screen.last.correct


async def _study_choice(pilot: Pilot[Any]) -> None:
    await _ask(pilot, StudyScreen, ORDER)


async def _press(pilot: Pilot[Any], *keys: str) -> None:
    await pilot.press(*keys)


# Every screen with a footer, reached at 80×24 (study and quiz show the same keys).
FOOTER_STATES: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "home": lambda p: _press(p),
    "study": lambda p: _press(p, "s"),
    "study-revealed": lambda p: _press(p, "s", "space"),
    "study-choice": _study_choice,
    "quiz": lambda p: _press(p, "q"),
    "browse": lambda p: _press(p, "b"),
    "stats": lambda p: _press(p, "t"),
    "sheet": lambda p: _press(p, "m"),
    "mark-zones": lambda p: _press(p, "m", "z"),
    "settings": lambda p: _press(p, "comma"),
}


@pytest.mark.parametrize("state", list(FOOTER_STATES))
async def test_every_footer_key_fits_at_80_columns(make_app: MakeApp, settle: Settle, state: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await FOOTER_STATES[state](pilot)
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        placed = footer.placed
        assert placed and any(k.key == "question_mark" for _, _, k in placed)  # help is always offered
        for _start, end, key in placed:
            assert end <= footer.size.width, (state, key.description)


async def _make_leech(app: QuizzerApp, clock: Any) -> str:
    """Lapse one card with a leech threshold of 1, through the service as studying would
    (``clock`` is the app's ``FakeClock``)."""
    service = app.service
    assert service is not None
    service.update_settings(leech_threshold=1)
    session = start_study(service)
    assert session.current is not None
    qid = session.current.question.id
    session.reveal()
    session.answer(Rating.EASY)
    clock.now = service.card_state(qid).due
    session = start_study(service)
    assert session.current is not None and session.current.question.id == qid
    session.reveal()
    assert session.answer(Rating.AGAIN).leech
    return qid


@pytest.mark.parametrize("how", ["enter", "click"])
async def test_a_leech_in_stats_opens_in_browse(
    make_app: MakeApp, settle: Settle, clock: Any, how: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        qid = await _make_leech(app, clock)
        await pilot.press("t")
        await pilot.pause()
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        await pilot.press("r")  # a refresh rebuilds the list (its id is free again)
        await pilot.pause()
        leeches = stats.query_one("#stats-leeches", OptionList)
        assert leeches.option_count == 1
        if how == "enter":
            await pilot.press("l", "enter")
        else:
            leeches.scroll_visible(animate=False)
            await pilot.pause()
            await pilot.click(leeches, offset=(4, 1))  # the first option, under the border
        await pilot.pause()
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        table = browse.query_one("#browse-table", DataTable)
        assert table.row_count == 1 and browse._highlighted() == qid
        detail = str(browse.query_one("#browse-detail", Static).render())
        assert "leech" in detail and "suspended" in detail
        assert "Again" in detail and "Easy" in detail  # its history
        assert browse.query_one("#browse-search", Input).value == f"id:{qid}"
        await pilot.press("s")  # unsuspend it right there
        await pilot.pause()
        assert not browse.service.card_info(qid).suspended
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is stats  # back on the refreshed list, on the same leech
        again = stats.query_one("#stats-leeches", OptionList)
        assert stats.focused is again and again.highlighted == 0
        option = again.get_option_at_index(0)
        assert option.id == qid and "suspended" not in str(option.prompt)
        assert "1 lapse" in str(option.prompt) and "lapses" not in str(option.prompt)


async def test_browse_shows_the_place_of_each_order_option(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        browse.query_one("#browse-search", Input).value = f"id:{ORDER}"
        await pilot.pause()
        detail = str(browse.query_one("#browse-detail", Static).render())
        q = browse.by_id[ORDER]
        for place, index in enumerate(q.correct, start=1):  # right order b a c d
            assert f" {place} {chr(97 + index)}  {q.options[index]}" in detail
        assert "✔" not in detail


@pytest.mark.parametrize("start", ["home", "study", "quiz"])
async def test_the_first_screens_footer_has_its_keys_in_its_first_frame(
    make_app: MakeApp, settle: Settle, start: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first screen's footer draws its keys (with those a question brings) the first
    time it is drawn: it is not drawn empty and filled in a frame later, which delayed the
    first question and the home screen's counts."""
    drawn: list[set[str]] = []
    render = KeyFooter.render

    def recorded(self: KeyFooter) -> Any:
        text = render(self)
        drawn.append({key.description for key in self.shown})
        return text

    monkeypatch.setattr(KeyFooter, "render", recorded)
    app = make_app(start)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        wanted = {"home": {"Study", "Quiz"}, "study": {"Reveal / next", "Suspend"}, "quiz": {"Check / next"}}[
            start
        ]
        assert drawn and wanted <= drawn[0]
