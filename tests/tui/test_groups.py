"""Group questions in the app: their subject is a group, not a muscle (Question.muscle is
the group's id); studying them and opening the sheet from them must work."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList, Static

from quizzer.decks import load_library
from quizzer.generate import generate
from quizzer.tui.app import build_app
from quizzer.tui.screens.browse import BrowseScreen
from quizzer.tui.screens.sheet import SheetScreen
from tests.tui.pilots import push_session

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "exam_grade"


def _sheet(app: Any) -> str:
    return "\n".join(str(line.render()) for line in app.screen.query(".sheet-line").results(Static))


def _app(data_dir: Path, clock: Any) -> Any:
    library, selected = load_library([FIXTURE], include_bundled=False)
    return build_app(library, selected, data_dir, start="home", clock=clock, seed=0, utc_offset=timedelta(0))


async def test_a_group_question_is_studied_and_m_opens_the_groups_sheet(
    data_dir: Path, clock: Any, settle: Any
) -> None:
    library, selected = load_library([FIXTURE], include_bundled=False)
    group_q = next(
        q for q in generate(library, selected) if q.id == "exam-grade/hamstrings/group/members/not"
    )
    app = _app(data_dir, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await push_session(pilot, group_q.id)
        shown = "\n".join(str(w.render()) for w in screen.query(Static).results(Static))
        assert "NOT one of the hamstrings" in shown
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, SheetScreen)
        # The question is about the group: its sheet, not its first member's.
        assert app.screen.muscle_id == "hamstrings"
        sheet = _sheet(app)
        for line in (
            "Hamstrings",
            "Members (3)",
            "• Biceps femoris",
            "• Semitendinosus",
            "• Semimembranosus",
            "Shared actions",
            "Flex the leg at the knee",
            "The short head of biceps femoris does not cross the hip.",
        ):
            assert line in sheet, line
        assert not app.screen.query(".sheet-map")  # a group has no pain map of its own
        # A member's own sheet still lists the groups it belongs to.
        app.screen.query_one("#muscle-list", OptionList).highlighted = app.screen.query_one(
            "#muscle-list", OptionList
        ).get_option_index("biceps-femoris")
        await pilot.pause()
        assert "Hamstrings: Biceps femoris, Semitendinosus" in _sheet(app)


async def test_a_groups_sheet_shows_its_mnemonic_and_z_says_to_choose_a_member(
    data_dir: Path, clock: Any, settle: Any
) -> None:
    app = _app(data_dir, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_sheet("pes-anserinus-group")
        await pilot.pause()
        assert isinstance(app.screen, SheetScreen)
        sheet = _sheet(app)
        assert "Mnemonic" in sheet and "Say Grace before Tea" in sheet
        listing = app.screen.query_one("#muscle-list", OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert "Pes anserinus muscles (group)" in prompts
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, SheetScreen)  # no map to mark: it stays, and says why


@pytest.mark.slow  # Browse over the whole atlas
async def test_browse_lists_group_questions_under_the_groups_name(
    data_dir: Path, clock: Any, settle: Any
) -> None:
    app = _app(data_dir, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("slash", *"muscle:hamstrings")
        await pilot.pause()
        await pilot.pause()
        rows = app.screen.query_one("DataTable")
        assert rows.row_count >= 3  # type: ignore[attr-defined]
