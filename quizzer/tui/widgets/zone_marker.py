"""The blank figure of "mark the zones": a cursor, regions toggled on it, then the grading."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from quizzer.atlas import VIEW_ORDER, Atlas, load_atlas
from quizzer.atlas.marking import Marking, region_at
from quizzer.atlas.terminal import TerminalMap, render_cells
from quizzer.model import Muscle

Cell = tuple[int, int]
"""(column, row) of a character of the figure."""

_BLANK = Muscle(id="", name="", deck="")
"""No zones and no trigger points: the figure must not hint at the answer."""

STATE_STYLES = {
    "marked": ("⣿", "bold $accent"),
    "right": ("⣿", "bold $success"),
    "missed": ("⢕", "bold $error"),
    "extra": ("×", "bold $error"),
    "spillover": ("░", "$warning"),
}
"""How a cell of a region looks in each state: the dots alone tell them apart without colour."""


def marker_legend(graded: bool) -> Content:
    """The key to the marks, before or after checking."""
    names = ("right", "missed", "extra", "spillover") if graded else ("marked",)
    labels = {"spillover": "spillover (not scored)"}
    parts: list[str | tuple[str, str]] = []
    for name in names:
        char, style = STATE_STYLES[name]
        parts += [(char, style), f" {labels.get(name, name)}   "]
    parts.append(("▒", "reverse"))
    parts.append(" cursor")
    return Content.assemble(*parts)


def region_cells(tmap: TerminalMap, atlas: Atlas) -> dict[Cell, str]:
    """The region each cell of the figure picks (the smallest under the cell's centre).

    A region too small to own a cell centre at this size (the coccyx, the outer ankle)
    takes the cell holding its centroid, so that every region can still be marked.
    """
    cells: dict[Cell, str] = {}
    for row in range(len(tmap.rows)):
        for col in range(tmap.width):
            spot = tmap.locate(col, row)
            region = region_at(*spot, atlas) if spot is not None else None
            if region is not None:
                cells[(col, row)] = region
    owned = {(r, f.view) for (c, _), r in cells.items() for f in tmap.frames
             if f.col <= c < f.col + f.cols}
    for frame in tmap.frames:
        for rid, by_view in sorted(atlas.regions.items()):
            if frame.view not in by_view or (rid, frame.view) in owned:
                continue
            poly = max(by_view[frame.view], key=len)
            x = sum(p[0] for p in poly) / len(poly)
            y = sum(p[1] for p in poly) / len(poly)
            col = frame.col + min(frame.cols - 1, max(0, int((x - frame.x0) * frame.scale / 2)))
            row = min(len(tmap.rows) - 1, max(0, int((y - frame.top) * frame.scale / 4)))
            cells[(col, row)] = rid
    return cells


class ZoneMarker(Widget):
    """Every view of a blank figure; the student toggles the regions under a cursor."""

    DEFAULT_CSS = "ZoneMarker { width: auto; height: auto; }"

    @dataclass
    class Changed(Message):
        """The cursor moved or a region was toggled."""

        marker: ZoneMarker

    def __init__(self, *, rows: int = 18, atlas: Atlas | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.atlas = atlas or load_atlas()
        self.tmap = render_cells(_BLANK, self.atlas, rows=rows, crop=False, views=VIEW_ORDER)
        self.cells = region_cells(self.tmap, self.atlas)
        back = next(f for f in self.tmap.frames if f.view == "back")
        self.cursor: Cell = (back.col + back.cols // 2, len(self.tmap.rows) // 2)
        self.marked: set[str] = set()
        self.result: Marking | None = None

    @property
    def cursor_region(self) -> str | None:
        """The region under the cursor."""
        return self.cells.get(self.cursor)

    @property
    def cursor_view(self) -> str | None:
        col = self.cursor[0]
        return next((f.view for f in self.tmap.frames if f.col <= col < f.col + f.cols), None)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.tmap.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.tmap.rows) + 1

    def move(self, dx: int, dy: int) -> None:
        """Move the cursor one cell (it stops at the edges)."""
        col = min(self.tmap.width - 1, max(0, self.cursor[0] + dx))
        row = min(len(self.tmap.rows) - 1, max(0, self.cursor[1] + dy))
        self.cursor = (col, row)
        self._changed()

    def jump(self, step: int) -> None:
        """Put the cursor on the next (or previous) region, in reading order view by view."""
        firsts: dict[str, Cell] = {}
        for (col, row), region in sorted(self.cells.items(), key=lambda kv: self._order(kv[0])):
            firsts.setdefault(region, (col, row))
        if not firsts:
            return
        stops = sorted(firsts.values(), key=self._order)
        here = self._order(self.cursor)
        if step > 0:
            after = [c for c in stops if self._order(c) > here]
            self.cursor = after[0] if after else stops[0]
        else:
            before = [c for c in stops if self._order(c) < here and self.cells[c] != self.cursor_region]
            self.cursor = before[-1] if before else stops[-1]
        self._changed()

    def _order(self, cell: Cell) -> tuple[int, int, int]:
        view = next((n for n, f in enumerate(self.tmap.frames)
                     if f.col <= cell[0] < f.col + f.cols), len(self.tmap.frames))
        return view, cell[1], cell[0]

    def toggle(self) -> None:
        """Mark or unmark the region under the cursor (not once the marks are checked)."""
        region = self.cursor_region
        if region is None or self.result is not None:
            return
        self.marked.symmetric_difference_update({region})
        self._changed()

    def show_result(self, result: Marking | None) -> None:
        """Draw the grading (None: back to marking)."""
        self.result = result
        self._changed()

    def reset(self) -> None:
        self.marked.clear()
        self.show_result(None)

    def _changed(self) -> None:
        self.refresh()
        self.post_message(self.Changed(self))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if 0 <= event.y < len(self.tmap.rows) and 0 <= event.x < self.tmap.width:
            self.cursor = (event.x, event.y)
            if self.cursor_region is None or self.result is not None:
                self._changed()
            else:
                self.toggle()

    def _state(self, region: str | None) -> str | None:
        if region is None:
            return None
        r = self.result
        if r is None:
            return "marked" if region in self.marked else None
        for name, regions in (("right", r.hits), ("missed", r.missed), ("extra", r.extra),
                              ("spillover", r.spillover)):
            if region in regions:
                return name
        return None

    def render(self) -> Content:
        lines: list[Content] = []
        for y, row in enumerate(self.tmap.rows):
            parts: list[tuple[str, str]] = []
            for x, cell in enumerate(row):
                state = self._state(self.cells.get((x, y)))
                char, style = STATE_STYLES[state] if state else (cell.char, "$foreground-muted")
                if (x, y) == self.cursor:
                    char, style = ("▒" if char == " " else char), f"{style} reverse".strip()
                parts.append((char, style))
            lines.append(Content.assemble(*parts))
        lines.append(Content.styled(self.tmap.caption(), "$text-muted"))
        return Content("\n").join(lines)
