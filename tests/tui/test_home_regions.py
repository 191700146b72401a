"""The home screen at atlas size: decks grouped by exam region, head to foot, regions that
open and close, and keys that act on a region's decks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from quizzer.decks import load_library
from quizzer.regions import REGION_GROUPS
from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens.home import ALL_ROW, REGION_ROW, HomeScreen
from quizzer.tui.screens.session import QuizScreen, StudyScreen
from quizzer.tui.screens.sheet import SheetScreen
from quizzer.tui.widgets.deck_table import DeckTable

MakeApp = Callable[..., QuizzerApp]
Settle = Callable[[Any], Awaitable[None]]
SMALL = (80, 24)


def _table(app: QuizzerApp) -> DeckTable:
    return app.screen.query_one("#deck-table", DeckTable)


def _keys(app: QuizzerApp) -> list[str]:
    return _table(app).keys


def _row(app: QuizzerApp, key: str) -> list[str]:
    return _table(app).row_text(key)


def _highlighted(app: QuizzerApp) -> str:
    return str(_table(app).highlighted_key)


async def _go_to(pilot: Any, key: str) -> None:
    table = _table(pilot.app)
    row = table.row_index(key)
    assert row is not None, key
    table.move_cursor(row)
    await pilot.pause()


async def test_regions_head_to_foot_fit_at_80x24(make_atlas_app: MakeApp, settle: Settle) -> None:
    app = make_atlas_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        keys = _keys(app)
        # All decks, then every exam region head to foot, then the decks with no region:
        # 13 rows for 143 decks, every one on screen at 80×24.
        assert keys == [ALL_ROW, *(REGION_ROW + r for r in REGION_GROUPS), REGION_ROW + "other"]
        table = _table(app)
        assert table.virtual_size.height <= table.scrollable_content_region.height
        # "All decks" introduces new cards region by region: it says which comes first.
        assert _row(app, ALL_ROW)[0].endswith("new: Head and jaw")
        head = _row(app, REGION_ROW + "head")
        assert head[0] == "▸ Head and jaw" + " " * 19 + "7 decks"
        # A region's counts: what studying it serves (new cards within the day's total).
        assert [int(c) for c in head[1:]] == [20, 0, 0]
        assert _row(app, REGION_ROW + "other")[0] == "▸ Other decks" + " " * 21 + "1 deck"


@pytest.mark.slow  # about 2 s: CI runs it after the quick suite
async def test_enter_right_and_click_open_a_region_left_and_enter_close_it(
    make_atlas_app: MakeApp, settle: Settle
) -> None:
    app = make_atlas_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        neck = REGION_ROW + "neck"
        await _go_to(pilot, neck)
        await pilot.press("enter")
        await pilot.pause()
        keys = _keys(app)
        at = keys.index(neck)
        assert keys[at + 1 : at + 3] == ["anterior-scalene", "levator-scapulae"]
        assert _row(app, neck)[0].startswith("▾ Neck")
        assert _row(app, "levator-scapulae")[0] == "    Levator scapulae"
        assert _highlighted(app) == neck
        await pilot.press("enter")  # closes again
        await pilot.pause()
        assert "levator-scapulae" not in _keys(app) and _highlighted(app) == neck
        await pilot.press("right")  # opens
        await pilot.pause()
        assert "levator-scapulae" in _keys(app) and _highlighted(app) == neck
        await pilot.press("right")  # on an open region: into its first deck
        await pilot.pause()
        assert _highlighted(app) == "anterior-scalene"
        await pilot.press("down", "left")  # from a deck: back to its region
        await pilot.pause()
        assert _highlighted(app) == neck and "levator-scapulae" in _keys(app)
        await pilot.press("left")  # closes it
        await pilot.pause()
        assert "levator-scapulae" not in _keys(app) and _highlighted(app) == neck
        # One click on a region row opens it (and another closes it).
        leg_row = _keys(app).index(REGION_ROW + "leg")
        await pilot.click("#deck-table", offset=(4, 2 + leg_row))
        await pilot.pause()
        assert "soleus" in _keys(app) and _highlighted(app) == REGION_ROW + "leg"
        await pilot.click("#deck-table", offset=(4, 2 + leg_row))
        await pilot.pause()
        assert "soleus" not in _keys(app)


async def test_opening_a_region_keeps_the_view_where_it_was(make_atlas_app: MakeApp, settle: Settle) -> None:
    app = make_atlas_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for region in ("head", "neck"):  # 37 rows: more than the 18 on screen
            await _go_to(pilot, REGION_ROW + region)
            await pilot.press("right")
        await pilot.press("end")
        await pilot.pause()
        table = _table(app)
        top = round(table.scroll_y)
        assert top > 0 and _highlighted(app) == REGION_ROW + "other"
        # A closed region in the upper half of the view: it opens where it is, its decks
        # under it (the table does not jump back to the top, nor put it at the bottom).
        region = next(k for k in _keys(app)[top + 2 : top + 9] if k.startswith(REGION_ROW))
        await _go_to(pilot, region)
        assert round(table.scroll_y) == top
        await pilot.press("enter")
        await pilot.pause()
        row = table.row_index(region)
        assert row is not None and round(table.scroll_y) == top and _highlighted(app) == region
        first_deck = _keys(app)[row + 1]
        assert not first_deck.startswith(REGION_ROW) and row + 1 < top + 18


async def test_s_and_q_on_a_region_study_and_quiz_its_decks(make_atlas_app: MakeApp, settle: Settle) -> None:
    app = make_atlas_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert app.service is not None
        leg = next(r for r in app.service.regions if r.id == "leg")
        await _go_to(pilot, REGION_ROW + "leg")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        shown = app.screen.session.current
        assert shown is not None and shown.question.deck in leg.decks
        assert app.screen.session.queue.decks == set(leg.decks)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        decks = {app.service.question(qid).deck for qid in app.screen.session.qids}  # type: ignore[attr-defined]
        assert decks <= set(leg.decks) and len(decks) > 1


@pytest.mark.slow  # about 2 s: CI runs it after the quick suite
async def test_the_region_of_the_studied_deck_is_still_open_on_coming_back(
    make_atlas_app: MakeApp, settle: Settle
) -> None:
    app = make_atlas_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _go_to(pilot, REGION_ROW + "hip")
        await pilot.press("enter")
        await pilot.pause()
        await _go_to(pilot, "piriformis")
        await pilot.press("enter")  # enter on a deck studies it
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("space", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "piriformis" in _keys(app) and _highlighted(app) == "piriformis"
        assert "soleus" not in _keys(app)  # other regions stay as they were: closed


async def test_m_on_a_deck_opens_its_muscles_sheet(make_atlas_app: MakeApp, settle: Settle) -> None:
    app = make_atlas_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _go_to(pilot, REGION_ROW + "neck")
        await pilot.press("right")
        await pilot.pause()
        await _go_to(pilot, "sternocleidomastoid")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, SheetScreen)
        assert app.screen.muscle_id == "sternocleidomastoid"


async def test_a_few_decks_across_regions_are_all_listed_open(
    settle: Settle, data_dir: Any, clock: Any
) -> None:
    from datetime import timedelta

    from quizzer.discovery import bundled_decks_dir
    from quizzer.tui.app import build_app

    # Eight bundled decks in four regions: 13 rows fit at 80×24, so every region is open.
    decks = bundled_decks_dir()
    chosen = [
        decks / "back" / "quadratus-lumborum.yaml",
        decks / "leg" / "fibularis-longus.yaml",
        decks / "thigh" / "vastus-lateralis.yaml",
        *(
            decks / "hip" / f"{name}.yaml"
            for name in (
                "gluteus-maximus",
                "gluteus-medius",
                "gluteus-minimus",
                "piriformis",
                "tensor-fasciae-latae",
            )
        ),
    ]
    library, selected = load_library(chosen)
    assert len(selected) == 8
    app = build_app(library, selected, data_dir, clock=clock, seed=0, utc_offset=timedelta(0))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        keys = _keys(app)
        assert keys[:3] == [ALL_ROW, REGION_ROW + "back", "quadratus-lumborum"]
        assert len(keys) == 1 + 4 + len(selected)
        assert (
            keys.index(REGION_ROW + "hip") < keys.index(REGION_ROW + "thigh") < keys.index(REGION_ROW + "leg")
        )


async def test_one_deck_is_listed_alone(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert _keys(app) == ["mini"]
