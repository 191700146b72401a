"""Pilot tests: the key footer (one widget) acts and looks as Textual's footer does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens.browse import BrowseScreen
from quizzer.tui.screens.stats import StatsScreen
from quizzer.tui.widgets.footer import FooterItem, KeyFooter

MakeApp = Callable[..., QuizzerApp]
Settle = Callable[[Any], Awaitable[None]]
SIZE = (100, 30)


def _at(footer: KeyFooter, description: str) -> tuple[int, FooterItem]:
    """The column in the middle of the key described ``description``, and the key."""
    start, end, item = next(p for p in footer.placed if p[2].description == description)
    return (start + end) // 2, item


def _line(footer: KeyFooter) -> str:
    return footer.render_line(0).text


async def _click(pilot: Pilot[Any], footer: KeyFooter, description: str) -> None:
    column, _ = _at(footer, description)
    await pilot.click(KeyFooter, offset=(column, 0))
    await pilot.pause()


async def test_the_footer_draws_each_key_then_its_description(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        assert _line(footer).startswith(" s Study  q Quiz  b Browse  m Sheet ")
        assert " ? Help " in _line(footer)
        # Each key's place covers what is drawn for it, end to end, left to right.
        ends = [0] + [end for _, end, _ in footer.placed]
        assert [start for start, _, _ in footer.placed] == ends[:-1]
        assert _line(footer)[: ends[-1]].endswith("Help ")


async def test_a_click_on_a_key_presses_it(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _click(pilot, app.screen.query_one(KeyFooter), "Browse")
        assert isinstance(app.screen, BrowseScreen)
        # The new screen's footer shows its own keys.
        await pilot.pause()
        shown = {k.description for k in app.screen.query_one(KeyFooter).shown}
        assert "Study" not in shown and "Help" in shown


async def test_hovering_a_key_highlights_it_and_shows_its_tooltip(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        before = list(footer.render_line(0))
        column, item = _at(footer, "Sheet")
        await pilot.hover(KeyFooter, offset=(column, 0))
        await pilot.pause()
        assert footer.tooltip == item.tooltip == "Muscle sheet"
        after = list(footer.render_line(0))
        changed = "".join(seg.text for old, seg in zip(before, after, strict=False) if old.style != seg.style)
        assert changed.strip() and set(changed.split()) <= {"m", "Sheet"}
        # Leaving the key takes the highlight and the tooltip away.
        await pilot.hover("#home-today")
        await pilot.pause()
        assert footer.tooltip is None
        assert [seg.style for seg in footer.render_line(0)] == [seg.style for seg in before]


async def test_a_dimmed_key_rings_the_bell_instead(
    make_app: MakeApp, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    rung: list[bool] = []
    monkeypatch.setattr(app, "bell", lambda: rung.append(True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        footer = screen.query_one(KeyFooter)
        _, leeches = _at(footer, "Leeches")
        assert not leeches.enabled  # a new user has no leeches
        dim = [seg for seg in footer.render_line(0) if seg.text.strip() in {"l", "Leeches"}]
        assert dim and all(seg.style is not None and seg.style.dim for seg in dim)
        await _click(pilot, footer, "Leeches")
        assert rung == [True]
        assert app.screen is screen
