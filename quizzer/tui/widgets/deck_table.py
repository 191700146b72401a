"""The home screen's deck list: a one-line-per-row table drawn with the Line API.

It looks and moves like Textual's ``DataTable`` with a row cursor and zebra stripes (the same
theme variables, one space of padding either side of each cell, a header that stays put),
at a fraction of its cost to build, style and paint: the rows are fixed-width cells of
``Content``, so a line is a handful of segments, with nothing to measure or wrap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as ContentStyle

_NULL = ContentStyle()


class DeckTable(ScrollView, can_focus=True):
    """Rows of cells under a header, with a row cursor: enter (or a click on the cursor's
    row) selects a row; a click on a row that ``selects_at_once`` accepts selects it at once."""

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First row", show=False),
        Binding("end,ctrl+end", "last", "Last row", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "deck-table--header",
        "deck-table--even-row",
        "deck-table--cursor",
        "deck-table--hover",
    }
    """The parts DataTable styles with the same theme variables (its ``datatable--*``)."""

    DEFAULT_CSS = """
    DeckTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .deck-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .deck-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .deck-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .deck-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .deck-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .deck-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .deck-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .deck-table--hover {
            background: $block-hover-background;
        }
    }
    """

    class RowSelected(Message):
        """A row was chosen (enter, a second click, or one click on a one-click row)."""

        def __init__(self, table: DeckTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> DeckTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[tuple[str, int]],
        *,
        selects_at_once: tuple[str, ...] = (),
        id: str | None = None,
    ) -> None:
        """``columns``: each column's header and width (cells are cut or padded to it);
        ``selects_at_once``: key prefixes of rows that one click selects."""
        super().__init__(id=id)
        self._columns = tuple(columns)
        self._selects_at_once = selects_at_once
        self._keys: list[str] = []
        self._cells: list[tuple[Content, ...]] = []
        self._index: dict[str, int] = {}
        self._cursor = 0
        self._hover: int | None = None
        """The row under the mouse (None: no mouse, or the keyboard was used since)."""
        self._lines: dict[tuple[int, bool, bool, int, int], Strip] = {}
        self._table_width = sum(width + 2 for _, width in self._columns)

    # --- rows -------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def keys(self) -> list[str]:
        """The rows' keys, top to bottom."""
        return list(self._keys)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def highlighted_key(self) -> str | None:
        """The key of the cursor's row (None when there are no rows)."""
        return self._keys[self._cursor] if self._keys else None

    def row_index(self, key: str) -> int | None:
        return self._index.get(key)

    def row_text(self, key: str) -> list[str]:
        """The cells of row ``key`` as plain text."""
        return [cell.plain for cell in self._cells[self._index[key]]]

    def clear(self) -> None:
        """Remove every row (the cursor stays where it is, within the rows added next)."""
        self._keys.clear()
        self._cells.clear()
        self._index.clear()
        self._changed()

    def add_row(self, *cells: Content, key: str) -> None:
        if key in self._index:
            raise ValueError(f"duplicate row key {key!r}")
        if len(cells) != len(self._columns):
            raise ValueError(f"a row has {len(self._columns)} cells, not {len(cells)}")
        self._index[key] = len(self._keys)
        self._keys.append(key)
        self._cells.append(cells)
        self._changed()

    def _changed(self) -> None:
        self._lines.clear()
        self.virtual_size = Size(self._table_width, len(self._keys) + 1)
        self.refresh()

    # --- the cursor -------------------------------------------------------------------------

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (kept within the rows) and scroll it into view."""
        self._cursor = max(0, min(row, len(self._keys) - 1))
        self.refresh()
        self._scroll_to_cursor()

    def _scroll_to_cursor(self, again_later: bool = True) -> None:
        page = self.scrollable_content_region.height - 1  # the rows under the header
        if page <= 0:  # not laid out yet (once more after the next refresh), or no room
            if again_later:
                self.call_after_refresh(self._scroll_to_cursor, False)
            return
        top = round(self.scroll_y)
        if self._cursor < top:
            top = self._cursor
        elif self._cursor >= top + page:
            top = self._cursor - page + 1
        self.scroll_to(y=top, animate=False, force=True)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_cursor_up(self) -> None:
        self._hover = None
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._hover = None
        self.move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        self._hover = None
        self.scroll_to(y=self.scroll_y - self._page(), animate=False, force=True)
        self.move_cursor(self._cursor - self._page())

    def action_page_down(self) -> None:
        self._hover = None
        self.scroll_to(y=self.scroll_y + self._page(), animate=False, force=True)
        self.move_cursor(self._cursor + self._page())

    def action_first(self) -> None:
        self._hover = None
        self.move_cursor(0)

    def action_last(self) -> None:
        self._hover = None
        self.move_cursor(len(self._keys) - 1)

    def action_select_cursor(self) -> None:
        self._hover = None
        self.refresh()
        if self._keys:
            self.post_message(self.RowSelected(self, self._keys[self._cursor]))

    # --- the mouse --------------------------------------------------------------------------

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return None
        row = offset.y - 1 + round(self.scroll_y)
        return row if row < len(self._keys) else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._row_at(event)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event)
        if row is None:
            return
        event.stop()
        self._hover = row
        key = self._keys[row]
        chosen = row == self._cursor or key.startswith(self._selects_at_once)
        self.move_cursor(row)
        if chosen:
            self.post_message(self.RowSelected(self, key))

    # --- drawing ----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        row = -1 if y == 0 else y - 1 + round(self.scroll_y)
        if row >= len(self._keys):
            return Strip.blank(width, self.rich_style)
        scroll_x = round(self.scroll_x)
        cursor = row == self._cursor and row >= 0
        hover = row == self._hover
        cache_key = (row, cursor, hover, width, scroll_x)
        line = self._lines.get(cache_key)
        if line is None:
            line = self._lines[cache_key] = self._render_row(row, cursor, hover, width, scroll_x)
        return line

    def _render_row(self, row: int, cursor: bool, hover: bool, width: int, scroll_x: int) -> Strip:
        """One row as DataTable draws it: each cell on the row's style (zebra, then hover
        and cursor), the cursor's and hover's colour over the cell's own; the rest of the
        width in the row's colours."""
        get_style = self.get_component_rich_style
        widget_style = self.rich_style
        if row < 0:
            base = get_style("deck-table--header")
            cells: Sequence[Content] = [Content(label) for label, _ in self._columns]
        else:
            base = get_style("deck-table--even-row") if row % 2 == 0 else widget_style
            cells = self._cells[row]
        over = Style()
        if hover:
            over += get_style("deck-table--hover")
        if cursor:
            over += get_style("deck-table--cursor")
        pre = base + over
        post = Style(color=over.color) if over.color is not None else Style()
        segments: list[Segment] = []
        for column, (cell, (_, cell_width)) in enumerate(zip(cells, self._columns, strict=True)):
            # Each cell is marked with its place, as DataTable marks it (which also keeps
            # the cells apart in a screenshot).
            cell_pre = pre + Style.from_meta({"row": row, "column": column})
            padding = cell_pre + post
            segments.append(Segment(" ", padding))
            segments.extend(
                Segment(part.text, cell_pre + part.style + post if part.style else padding)
                for part in cell.truncate(cell_width, pad=True).render_segments(_NULL)
            )
            segments.append(Segment(" ", padding))
        rest = pre + Style.from_meta({"row": row, "column": 0, "out_of_bounds": True})
        segments.append(Segment(" " * max(0, width - self._table_width), rest))
        strip = Strip(segments)
        if scroll_x:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.adjust_cell_length(width, widget_style).simplify()
