"""The home screen's deck table on its own: keys, scrolling, the mouse, and the look of
Textual's DataTable (row cursor, zebra stripes) that it stands in for."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from quizzer.tui.widgets.deck_table import DeckTable

COLUMNS = (("Deck", 12), ("   New", 6))
ROWS = 50
SIZE = (40, 15)  # the table: 12 lines inside its border, a header and 11 rows


def _cells(n: int) -> tuple[Content, Content]:
    label = Content.assemble(("Group " if n % 10 == 0 else "", "bold"), f"deck {n}")
    return label, Content.styled(f"{n:>6}", "$primary" if n % 3 else "dim")


class TableApp(App[None]):
    CSS = "DeckTable { height: 1fr; border: round $primary; } #below { height: 1; }"

    def __init__(self, rows: int = ROWS) -> None:
        super().__init__()
        self.rows = rows
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield DeckTable(COLUMNS, selects_at_once=("g",), id="table")
        yield Static("", id="below")

    def on_mount(self) -> None:
        table = self.query_one(DeckTable)
        for n in range(self.rows):
            table.add_row(*_cells(n), key=("g" if n % 10 == 0 else "d") + str(n))

    def on_deck_table_row_selected(self, message: DeckTable.RowSelected) -> None:
        self.chosen.append(message.key)


def _table(app: App[Any]) -> DeckTable:
    return app.query_one(DeckTable)


def _in_view(table: DeckTable) -> range:
    """The rows on screen (the header takes the first line)."""
    top = round(table.scroll_y)
    return range(top, min(table.row_count, top + table.scrollable_content_region.height - 1))


async def test_keys_move_the_cursor_and_keep_it_in_view() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = _table(app)
        assert app.focused is table and table.highlighted_key == "g0"
        assert list(_in_view(table)) == list(range(11))
        steps = [
            ("down", 1, 0),
            ("up", 0, 0),
            ("up", 0, 0),  # stays on the first row
            ("pagedown", 11, 11),  # a page down: the view moves a page, the cursor with it
            ("pagedown", 22, 22),
            ("pageup", 11, 11),
            ("end", 49, 39),  # the last row, at the bottom of the view
            ("down", 49, 39),
            ("pageup", 38, 28),
            ("home", 0, 0),
            ("ctrl+end", 49, 39),
            ("ctrl+home", 0, 0),
        ]
        for key, row, top in steps:
            await pilot.press(key)
            assert (key, table.cursor_row, round(table.scroll_y)) == (key, row, top)
            assert table.cursor_row in _in_view(table)
        for _ in range(12):  # down past the view's last row: it scrolls a row at a time
            await pilot.press("down")
        assert (table.cursor_row, round(table.scroll_y)) == (12, 2)
        table.move_cursor(30)
        assert 30 in _in_view(table) and round(table.scroll_y) == 20
        table.move_cursor(5)  # above the view: it comes to the top
        assert round(table.scroll_y) == 5
        table.move_cursor(99)  # kept within the rows
        assert table.highlighted_key == "d49"


async def test_enter_selects_the_cursors_row() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.chosen == ["d2"]


async def test_enter_on_an_empty_table_selects_nothing() -> None:
    app = TableApp(rows=0)
    async with app.run_test(size=SIZE) as pilot:
        table = _table(app)
        assert table.row_count == 0 and table.highlighted_key is None
        await pilot.press("enter", "down", "end")
        await pilot.pause()
        assert app.chosen == [] and table.cursor_row == 0


async def test_a_first_click_highlights_a_second_selects_one_click_rows_select_at_once() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = _table(app)
        # Row n is on line 2 + n of the table (its border, then the header).
        await pilot.click(DeckTable, offset=(5, 2 + 3))
        await pilot.pause()
        assert table.highlighted_key == "d3" and app.chosen == []
        await pilot.click(DeckTable, offset=(30, 2 + 3))  # anywhere on the row
        await pilot.pause()
        assert app.chosen == ["d3"]
        await pilot.click(DeckTable, offset=(5, 2 + 10))  # a one-click row
        await pilot.pause()
        assert table.highlighted_key == "g10" and app.chosen == ["d3", "g10"]
        await pilot.click(DeckTable, offset=(5, 1))  # the header
        await pilot.click(DeckTable, offset=(5, 0))  # the border
        await pilot.pause()
        assert table.highlighted_key == "g10" and app.chosen == ["d3", "g10"]
        # Scrolled: the click lands on the row drawn there.
        await pilot.press("pagedown", "pagedown")
        top = round(table.scroll_y)
        await pilot.click(DeckTable, offset=(5, 2 + 1))
        await pilot.pause()
        assert table.cursor_row == top + 1


async def test_rows_cells_and_keys() -> None:
    app = TableApp(rows=3)
    async with app.run_test(size=SIZE):
        table = _table(app)
        assert table.keys == ["g0", "d1", "d2"]
        assert table.row_text("d1") == ["deck 1", "     1"]
        assert table.row_index("d2") == 2 and table.row_index("d9") is None
        with pytest.raises(ValueError, match="duplicate"):
            table.add_row(*_cells(1), key="d1")
        with pytest.raises(ValueError, match="2 cells"):
            table.add_row(Content("x"), key="x")
        table.move_cursor(2)
        table.clear()
        assert table.row_count == 0 and table.highlighted_key is None
        for n in range(3):
            table.add_row(*_cells(n), key=f"k{n}")
        assert table.highlighted_key == "k2"  # the cursor stays on its line


# --- the look: cell for cell and colour for colour, Textual's DataTable ---------------------


class BothApp(App[None]):
    """A DeckTable and a DataTable (row cursor, zebra stripes) with the same rows."""

    CSS = "DeckTable, DataTable { height: 10; border: round $primary; }"

    def compose(self) -> ComposeResult:
        yield DeckTable(COLUMNS, id="deck")
        yield DataTable[Content](id="data", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        data = self.query_one(DataTable)
        for label, width in COLUMNS:
            data.add_column(label, width=width)
        for n in range(12):
            self.query_one(DeckTable).add_row(*_cells(n), key=str(n))
            data.add_row(*_cells(n), key=str(n))


def _lines(widget: DeckTable | DataTable[Content]) -> list[list[tuple[str, str]]]:
    """The widget's lines as (text, style) runs, without the marks that only the mouse reads."""
    lines = []
    for y in range(widget.scrollable_content_region.height):
        runs: list[tuple[str, str]] = []
        for segment in widget.render_line(y):
            style = str(segment.style or "")
            if runs and runs[-1][1] == style:
                runs[-1] = (runs[-1][0] + segment.text, style)
            else:
                runs.append((segment.text, style))
        lines.append(runs)
    return lines


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_it_looks_like_datatable(theme: str) -> None:
    app = BothApp()
    async with app.run_test(size=(40, 20)) as pilot:
        app.theme = theme
        deck, data = app.query_one(DeckTable), app.query_one(DataTable)
        for row in (0, 3):
            deck.move_cursor(row)
            data.move_cursor(row=row)
            for focus in (True, False):
                drawn = []
                for table in (deck, data):
                    app.set_focus(table if focus else None)
                    await pilot.pause()
                    drawn.append(_lines(table))
                assert drawn[0] == drawn[1], (row, focus)
        # The hover (the mouse over row 5, on line 2 + 5 inside the border), then a key
        # that hides it.
        hovered, keyed = [], []
        for table in (deck, data):
            app.set_focus(table)
            await pilot.hover(table, offset=(4, 2 + 5))
            await pilot.pause()
            hovered.append(_lines(table))
            await pilot.press("down")
            await pilot.pause()
            keyed.append(_lines(table))
        assert hovered[0] == hovered[1] and keyed[0] == keyed[1]
        assert hovered[0][1 + 5] != keyed[0][1 + 5]


async def test_narrower_than_its_columns_it_scrolls_sideways_as_datatable_does() -> None:
    app = BothApp()
    async with app.run_test(size=(18, 20)) as pilot:
        deck, data = app.query_one(DeckTable), app.query_one(DataTable)
        for table in (deck, data):
            assert table.max_scroll_x > 0
            table.scroll_to(x=3, animate=False)
        await pilot.pause()
        app.set_focus(None)
        await pilot.pause()
        assert _lines(deck) == _lines(data)
        assert _lines(deck)[0][0][0].startswith("ck ")  # " Deck" from its fourth cell


async def test_a_table_with_no_room_for_a_row_still_moves_its_cursor() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 4)) as pilot:  # the border and the header
        table = _table(app)
        await pilot.press("down", "pagedown", "end")
        await pilot.pause()
        assert table.cursor_row == 49
