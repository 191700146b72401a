"""Pain maps in the app: the widget, the muscle sheet, picture questions and "mark the zones"."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from quizzer.atlas.marking import PARTS, WHOLE_BODY
from quizzer.atlas.terminal import Role, render_cells
from quizzer.model import Library
from quizzer.regions import BODY_REGIONS
from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens.help import HelpScreen, binding_title
from quizzer.tui.screens.mark_zones import PRACTICE_NOTE, MarkZonesScreen
from quizzer.tui.screens.session import QuizScreen
from quizzer.tui.screens.sheet import SheetScreen
from quizzer.tui.widgets.choices import OptionRow
from quizzer.tui.widgets.map_choices import MapChoices, MapTile
from quizzer.tui.widgets.pain_map import MIN_ROWS, ROLE_STYLES, PainMap
from quizzer.tui.widgets.zone_marker import MAX_WIDTH, ZoneMarker
from tests.tui.pilots import push_session

MakeApp = Callable[..., QuizzerApp]
Settle = Callable[[Any], Awaitable[None]]
WHOSE = "mini/alpha/referral/all/mcq/map-which-muscle"
WHICH = "mini/alpha/referral/all/mcq/which-map"


async def _open_quiz(pilot: Any, app: QuizzerApp, *ids: str) -> QuizScreen:
    screen: QuizScreen = await push_session(pilot, *ids)
    return screen


class MapHarness(App[None]):
    """One PainMap in a column of a given width."""

    CSS = "#column { width: 30; height: auto; }"

    def __init__(self, library: Library, muscle: str) -> None:
        super().__init__()
        self.muscle = library.muscle(muscle)

    def compose(self) -> ComposeResult:
        with Vertical(id="column"):
            yield PainMap(self.muscle, max_rows=18, id="map")


async def test_pain_map_colours_roles_from_the_theme_and_fits_its_column(
    mini_library: tuple[Library, list[str]],
) -> None:
    library, _ = mini_library
    app = MapHarness(library, "alpha")
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        widget = app.query_one("#map", PainMap)
        # Alpha needs the back and side views: 31 columns at 18 rows, so it shrinks to fit 30.
        assert render_cells(library.muscle("alpha"), rows=18).width > 30
        assert MIN_ROWS <= widget.rows < 18 and widget.size.width <= 30
        expected = render_cells(library.muscle("alpha"), rows=widget.rows)
        content = widget.render()
        lines = content.plain.splitlines()
        assert lines[: widget.rows] == ["".join(c.char for c in row) for row in expected.rows]
        assert lines[widget.rows].strip().startswith("Back")
        assert "essential" in lines[-1] and "spillover" in lines[-1] and "trigger" in lines[-1]
        assert widget.size.height == widget.rows + 2
        styles = {str(span.style) for span in content.spans}
        assert ROLE_STYLES[Role.ESSENTIAL] in styles and ROLE_STYLES[Role.OUTLINE] in styles
        assert all(s.startswith(("$", "bold $")) for s in styles if s)  # no hex


async def test_sheet_shows_the_map_and_opens_mark_the_zones(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, SheetScreen)
        (shown,) = app.screen.query(".sheet-map").results(PainMap)
        assert shown.muscle.id == "alpha" and shown.rows >= 14
        app.screen.query_one("#muscle-list", OptionList).focus()
        await pilot.press("down")
        await pilot.pause()
        (shown,) = app.screen.query(".sheet-map").results(PainMap)
        assert shown.muscle.id == "beta" and shown.rows == 20
        await pilot.resize_terminal(100, 24)  # a smaller terminal gets a shorter map
        await pilot.pause()
        (shorter,) = app.screen.query(".sheet-map").results(PainMap)
        assert shorter.rows == 14
        await pilot.press("z")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MarkZonesScreen) and screen.muscle.id == "beta"
        assert PRACTICE_NOTE in str(screen.query_one("#mark-note", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SheetScreen)


async def test_whose_pattern_shows_the_stem_map_then_names_it(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _open_quiz(pilot, app, WHOSE)
        q = screen.displayed
        assert q is not None and q.picture == "alpha"
        stem = screen.query_one("#stem-map", PainMap)
        assert stem.muscle.id == "alpha" and stem.rows >= 12  # legible at 80×24
        topic = str(screen.query_one("#session-topic", Static).render())
        assert "Alpha" not in topic  # the header must not give the answer away
        title = screen.query_one("#stem-map-title", Static)
        assert not title.display
        # The options sit beside the map: everything is on screen without scrolling.
        assert screen.query_one("#choices").region.bottom <= 24 - 2
        await pilot.press(chr(97 + q.correct[0]))
        await pilot.pause()
        assert screen.graded and title.display
        assert "Alpha muscle: this is its pattern" in str(title.render())
        assert screen.service.card_info(WHOSE).reps == 1


async def test_which_map_pages_at_80x24_and_marks_the_right_map(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _open_quiz(pilot, app, WHICH)
        q = screen.displayed
        assert q is not None
        maps = screen.query_one("#map-choices", MapChoices)
        assert maps.paged
        assert [m.id for m in maps.muscles] == [dict(q.option_pictures)[t] for t in q.options]
        visible = [t.index for t in maps.query(MapTile) if t.parent.display]  # type: ignore[union-attr]
        assert visible == [0]
        # Rows name the maps, not the zones in words (that would give the pictures away).
        rows = list(screen.query(OptionRow))
        assert [r.text for r in rows] == ["Map a", "Map b", "Map c", "Map d"]
        await pilot.press("right", "right")
        await pilot.pause()
        assert maps.page == 2
        await pilot.press("left")
        assert maps.page == 1
        wrong = next(i for i in range(4) if i not in q.correct)
        maps.turn_to(wrong)
        await pilot.pause()
        await pilot.click(f"#map-tile-{wrong}")  # clicking a map picks it
        await pilot.pause()
        assert screen.graded and screen.last is not None and not screen.last.correct
        right = maps.query_one(f"#map-tile-{q.correct[0]}", MapTile)
        assert right.has_class("-right") and maps.page == q.correct[0]
        assert maps.query_one(f"#map-tile-{wrong}", MapTile).has_class("-wrong")
        assert [r.text for r in rows] == list(q.options)  # the words come with the answer
        # The maps are scrolled away by the feedback at this size: it names the right one.
        feedback = str(screen.query_one("#feedback", Static).render())
        assert f"Answer: map {chr(97 + q.correct[0])}: {q.answer}" in feedback


async def test_which_map_shows_all_four_when_there_is_room(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_quiz(pilot, app, WHICH)
        maps = screen.query_one("#map-choices", MapChoices)
        assert not maps.paged
        tiles = list(maps.query(MapTile))
        assert len(tiles) == 4 and all(t.parent.display for t in tiles)  # type: ignore[union-attr]
        assert all(p.rows >= 12 for p in maps.query(PainMap))
        q = screen.displayed
        assert q is not None
        await pilot.press(chr(97 + q.correct[0]))
        await pilot.pause()
        assert screen.last is not None and screen.last.correct
        assert tiles[q.correct[0]].has_class("-right")


async def _mark_zones(pilot: Any, app: QuizzerApp) -> MarkZonesScreen:
    await pilot.press("m")
    await pilot.pause()
    await pilot.press("z")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MarkZonesScreen)
    return screen


def _cell_of(marker: ZoneMarker, region: str, view: str) -> tuple[int, int]:
    frame = next(f for f in marker.tmap.frames if f.view == view)
    return next(
        c
        for c, r in sorted(marker.cells.items())
        if r == region and frame.col <= c[0] < frame.col + frame.cols
    )


@pytest.mark.slow  # about 2 s: CI runs it after the quick suite
async def test_mark_the_zones_by_keys_and_clicks_then_check(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await _mark_zones(pilot, app)
        marker = screen.query_one("#zone-marker", ZoneMarker)
        # Keys: put the cursor one cell left of the buttock, step right, mark it.
        col, row = _cell_of(marker, "buttock", "back")
        marker.cursor = (col - 1, row)
        await pilot.press("right")
        assert marker.cursor == (col, row) and marker.cursor_region == "buttock"
        await pilot.press("space")
        assert marker.marked == {"buttock"}
        # Mouse: a click marks the region under it; a second click unmarks it.
        col, row = _cell_of(marker, "groin", "front")
        groin = (col, row + 1)  # the part's name is the widget's first line
        await pilot.click("#zone-marker", offset=groin)
        assert marker.marked == {"buttock", "groin"}
        await pilot.click("#zone-marker", offset=groin)
        await pilot.click("#zone-marker", offset=groin)
        assert marker.marked == {"buttock", "groin"}
        await pilot.press("enter")
        await pilot.pause()
        result = marker.result
        assert result is not None
        assert result.hits == {"buttock"} and result.missed == {"lateral-thigh"}
        assert result.extra == {"groin"} and result.score == pytest.approx(1 / 3)
        text = str(screen.query_one("#mark-result", Static).render())
        assert "33%" in text and "missed: outer (lateral) thigh" in text and "extra: groin" in text
        await pilot.press("space")  # marks are locked once checked
        assert marker.marked == {"buttock", "groin"}
        await pilot.press("r")
        assert marker.marked == set() and marker.result is None
        # Practice only: nothing reached the progress store.
        assert app.service is not None and app.service.today().reviewed == 0
        assert all(app.service.card_info(q.id).reps == 0 for q in app.service.questions())


async def test_mark_the_zones_is_in_help_and_the_command_palette(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Mark the zones")
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, MarkZonesScreen) and app.screen.muscle.id == "alpha"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text", Static).render())
        assert "Mark the zones" in text
        for binding in MarkZonesScreen.BINDINGS:
            assert binding_title(binding) in text  # type: ignore[arg-type]


@pytest.mark.slow  # every region of every part, in the app
async def test_tab_visits_every_region_of_every_part(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _mark_zones(pilot, app)
        marker = screen.query_one("#zone-marker", ZoneMarker)
        visited: set[str | None] = set()
        for part in PARTS:
            assert marker.part is part
            for _ in range(len(set(marker.cells.values())) + 1):
                marker.jump(1)
                visited.add(marker.cursor_region)
            await pilot.press("right_square_bracket")
        assert visited == set(BODY_REGIONS)
        assert marker.part is WHOLE_BODY  # ] after the last part comes back round
        await pilot.press("tab")
        first = marker.cursor
        await pilot.press("tab", "shift+tab")
        assert marker.cursor == first
        assert "Cursor: " + BODY_REGIONS[marker.cursor_region or ""] in str(
            screen.query_one("#mark-result", Static).render()
        )


async def test_marks_follow_the_region_into_close_ups(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _mark_zones(pilot, app)
        marker = screen.query_one("#zone-marker", ZoneMarker)
        marker.cursor = _cell_of(marker, "buttock", "back")
        await pilot.press("space", "plus")  # mark it, then zoom in around it
        assert marker.part.id == "trunk" and marker.cursor_region == "buttock"
        text = marker.render().plain
        assert "Abdomen, low back and hip" in text.splitlines()[0]
        assert "⣿" in text  # the mark shows in the close-up too
        # The face in close-up: the upper and lower teeth can be told apart and marked.
        marker.show_part(next(p for p in PARTS if p.id == "head"))
        for region in ("upper-teeth", "lower-teeth", "tmj"):
            marker.cursor = _cell_of(marker, region, "side")
            await pilot.press("space")
        assert marker.marked == {"buttock", "upper-teeth", "lower-teeth", "tmj"}
        await pilot.press("minus")
        assert marker.part is WHOLE_BODY
        await pilot.press("enter")
        assert marker.result is not None and marker.result.extra == marker.marked - {"buttock"}


@pytest.mark.parametrize("rows", [14, 17, 24])
def test_every_region_can_be_marked_in_its_part_at_every_size(rows: int) -> None:
    marker = ZoneMarker(rows=rows)
    for part in PARTS:
        marker.show_part(part)
        assert set(part.regions) <= set(marker.cells.values()), part.id
        assert marker.tmap.width <= MAX_WIDTH or part is WHOLE_BODY, part.id
        # Each region's cells lie in the view where the region is drawn.
        for (col, _row), region in marker.cells.items():
            frame = next(f for f in marker.tmap.frames if f.col <= col < f.col + f.cols)
            assert frame.view in marker.atlas.regions[region], (part.id, region)
    assert {r for p in PARTS for r in p.regions} == set(BODY_REGIONS)


async def test_mark_the_zones_opened_off_the_sheet_does_not_promise_the_sheet(
    make_app: MakeApp, settle: Settle
) -> None:
    """From the palette on Home (or Browse) esc goes back there, so the hint must not say
    "esc back to the sheet"."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = app.screen
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Mark the zones")
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, MarkZonesScreen)
        await pilot.press("enter")
        await pilot.pause()
        text = str(app.screen.query_one("#mark-result", Static).render())
        assert "esc goes back" in text and "sheet" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
