"""Finding any muscle or group by name or alias: Browse's search and the command palette."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from quizzer.session.search import named, search, subject_names
from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens.browse import BrowseScreen
from quizzer.tui.widgets.deck_table import DeckTable

MakeApp = Callable[..., QuizzerApp]
Settle = Callable[[Any], Awaitable[None]]


@pytest.mark.parametrize(
    ("words", "subjects"),
    [
        ("glute med", ["gluteus-medius"]),
        ("Gluteus medius", ["gluteus-medius"]),
        ("glute m", ["gluteus-maximus", "gluteus-medius", "gluteus-minimus"]),
        ("TFL", ["tensor-fasciae-latae"]),
        ("scm", ["sternocleidomastoid"]),
        ("lats", ["latissimus-dorsi"]),
        ("tailors muscle", ["sartorius"]),
        ("muscles of mastication", ["muscles-of-mastication"]),
        ("thenar", ["thenar"]),
        ("rotator cuff", ["rotator-cuff"]),
        ("SITS", ["rotator-cuff"]),
        ("abductor digiti minimi hand", ["abductor-digiti-minimi-hand"]),
        ("hip", []),  # a word of the "hip adductors"' name alone names no muscle
        ("nerve", []),
    ],
)
def test_free_words_name_muscles_and_groups(atlas_library: Any, words: str, subjects: list[str]) -> None:
    library, _ = atlas_library
    assert named(words.split(), subject_names(library)) == subjects


def test_a_named_muscles_questions_come_first(atlas_library: Any) -> None:
    from quizzer.generate import generate

    library, selected = atlas_library
    questions = generate(library, selected)
    names = subject_names(library)
    found = search(questions, "glute med", {}, names)
    own = [q for q in questions if q.muscle == "gluteus-medius"]
    assert found[: len(own)] == own
    # Without the names "glute med" found only questions that happen to hold both words.
    assert [q for q in search(questions, "tfl", {}, names) if q.muscle == "tensor-fasciae-latae"]
    assert not search(questions, "tfl", {})
    assert {q.muscle for q in search(questions, "muscle:lats", {}, names)} == {"latissimus-dorsi"}


async def _browse(pilot: Any, text: str) -> BrowseScreen:
    await pilot.press("b")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BrowseScreen)
    await pilot.press("slash", *text)
    await pilot.pause()
    return screen


ALIASES = [
    ("glute med", "gluteus-medius", "Gluteus medius"),
    ("TFL", "tensor-fasciae-latae", "Tensor fasciae latae"),
    ("SCM", "sternocleidomastoid", "Sternocleidomastoid"),
    ("lats", "latissimus-dorsi", "Latissimus dorsi"),
]


@pytest.mark.slow  # the app on the whole atlas
async def test_browse_finds_a_muscle_by_alias(make_atlas_app: MakeApp, settle: Settle) -> None:
    app = make_atlas_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await _browse(pilot, "")
        search_box = screen.query_one("#browse-search", Input)
        for text, muscle, title in ALIASES:
            search_box.value = ""
            await pilot.press(*text)
            await pilot.pause()
            assert screen.shown and screen.shown[0].muscle == muscle, text
            own = sum(1 for q in screen.shown if q.muscle == muscle)
            assert all(q.muscle == muscle for q in screen.shown[:own])
            count = str(screen.query_one("#browse-count", Static).render())
            assert count.endswith(f"· {title} first"), count


@pytest.mark.slow  # the app on the whole atlas
async def test_down_leaves_the_search_box_into_the_list(make_atlas_app: MakeApp, settle: Settle) -> None:
    app = make_atlas_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _browse(pilot, "scm")
        assert isinstance(app.focused, Input)
        focused: Any = None
        await pilot.press("down")
        await pilot.pause()
        table = screen.query_one("#browse-table", DataTable)
        focused = app.focused
        assert focused is table and table.cursor_row == 0
        await pilot.press("down")  # in the list, ↓ moves down the list
        await pilot.pause()
        focused = app.focused
        assert focused is table and table.cursor_row == 1


async def _palette(pilot: Any, text: str) -> None:
    """Open the command palette, type ``text``, run the first entry."""
    from textual.command import CommandInput, CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await pilot.pause()
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    palette.query_one(CommandInput).value = text
    await pilot.pause()
    await palette.workers.wait_for_complete()  # every provider has given its hits
    await pilot.pause()
    assert palette.query_one(CommandList).highlighted == 0
    await pilot.press("enter")
    for _ in range(3):
        await pilot.pause()


@pytest.mark.slow  # the app on the whole atlas
async def test_the_palette_opens_any_muscle_sheet(make_atlas_app: MakeApp, settle: Settle) -> None:
    from quizzer.tui.screens.home import HomeScreen
    from quizzer.tui.screens.sheet import SheetScreen

    app = make_atlas_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for text, muscle in (
            ("scm", "sternocleidomastoid"),
            ("glute med", "gluteus-medius"),
            ("lats", "latissimus-dorsi"),
            ("tfl", "tensor-fasciae-latae"),
            ("sheet rotator cuff", "rotator-cuff"),
        ):
            await _palette(pilot, text)
            assert isinstance(app.screen, SheetScreen) and app.screen.muscle_id == muscle, text
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)


async def test_the_palette_marks_the_zones_of_the_muscle_named(
    make_atlas_app: MakeApp, settle: Settle
) -> None:
    from quizzer.tui.screens.mark_zones import MarkZonesScreen

    app = make_atlas_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _palette(pilot, "mark tfl")
        assert isinstance(app.screen, MarkZonesScreen)
        assert app.screen.muscle.id == "tensor-fasciae-latae"  # not the first muscle loaded


@pytest.mark.slow  # the app on the whole atlas
async def test_mark_the_zones_acts_on_the_muscle_in_view(make_atlas_app: MakeApp, settle: Settle) -> None:
    from quizzer.tui.screens.mark_zones import MarkZonesScreen
    from quizzer.tui.screens.sheet import SheetScreen

    app = make_atlas_app()
    screen: Any
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        mark = next(c for c in app.get_system_commands(screen) if c.title == "Mark the zones")
        mark.callback()  # on "All decks" no muscle is in view: the sheet opens to choose one
        await pilot.pause()
        assert isinstance(app.screen, SheetScreen)
        await pilot.press("escape")
        table = app.screen.query_one("#deck-table", DeckTable)
        leg = table.row_index("region:leg")
        assert leg is not None
        table.move_cursor(leg)
        await pilot.press("right", "right", "down")  # the leg's second deck
        await pilot.pause()
        screen = app.screen
        mark = next(c for c in app.get_system_commands(screen) if c.title == "Mark the zones")
        mark.callback()
        await pilot.pause()
        assert isinstance(app.screen, MarkZonesScreen)
        assert app.screen.muscle.id == "extensor-hallucis-longus"


def test_the_sheet_lists_muscles_and_groups_head_to_foot(atlas_library: Any) -> None:
    from quizzer.regions import REGION_GROUPS
    from quizzer.tui.screens.sheet import sheet_entries

    library, _ = atlas_library
    listing = sheet_entries(library)
    assert [title for title, _ in listing] == [title for title, _ in REGION_GROUPS.values()]
    head = listing[0][1]
    assert head[0] == ("digastric", "Digastric", False)
    # A region's groups follow its muscles.
    assert head[-1] == ("muscles-of-mastication", "Muscles of mastication", True)
    listed = [subject for _, entries in listing for subject, _, _ in entries]
    assert len(listed) == len(set(listed)) == 130 + 12
