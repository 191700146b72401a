"""The blank figure of "mark the zones": a cursor, regions toggled on it, then the grading.

The whole figure is about 17 rows tall at 80×24, too small for a face or a hand, so the
student can turn to close-ups of the body's parts (``[``/``]``, or ``+`` on a region and
``-`` back to the whole body). The marks belong to regions, so they show in every part.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from quizzer.atlas import Atlas, load_atlas
from quizzer.atlas.marking import (
    PARTS,
    WHOLE_BODY,
    Cell,
    Marking,
    Part,
    region_cells,
    render_part,
)
from quizzer.atlas.terminal import TerminalMap

__all__ = ["STATE_STYLES", "Cell", "ZoneMarker", "marker_legend", "region_cells"]

STATE_STYLES = {
    "marked": ("⣿", "bold $accent"),
    "right": ("⣿", "bold $success"),
    "missed": ("⢕", "bold $error"),
    "extra": ("×", "bold $error"),
    "spillover": ("░", "$warning"),
}
"""How a cell of a region looks in each state: the dots alone tell them apart without colour."""

MAX_WIDTH = 46
"""Columns a close-up may take at most, leaving room beside it for the cursor's region."""


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


@dataclass(frozen=True)
class _Drawn:
    tmap: TerminalMap
    cells: dict[Cell, str]


class ZoneMarker(Widget):
    """A blank figure, whole or a part of it; the student toggles the regions under a cursor."""

    DEFAULT_CSS = "ZoneMarker { width: auto; height: auto; }"

    @dataclass
    class Changed(Message):
        """The cursor moved, the part changed or a region was toggled."""

        marker: ZoneMarker

    def __init__(self, *, rows: int = 18, atlas: Atlas | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.atlas = atlas or load_atlas()
        self.rows = rows
        self._drawn: dict[str, _Drawn] = {}
        self.part: Part = WHOLE_BODY
        back = next(f for f in self.tmap.frames if f.view == "back")
        self.cursor: Cell = (back.col + back.cols // 2, len(self.tmap.rows) // 2)
        self.marked: set[str] = set()
        self.result: Marking | None = None

    def _draw(self, part: Part) -> _Drawn:
        if part.id not in self._drawn:
            tmap = render_part(part, self.atlas, rows=self.rows, max_width=MAX_WIDTH)
            self._drawn[part.id] = _Drawn(tmap, region_cells(tmap, self.atlas, part.regions))
        return self._drawn[part.id]

    @property
    def tmap(self) -> TerminalMap:
        """The figure on show (the whole body or the current part)."""
        return self._draw(self.part).tmap

    @property
    def cells(self) -> dict[Cell, str]:
        """The region each cell of the figure on show picks."""
        return self._draw(self.part).cells

    @property
    def cursor_region(self) -> str | None:
        """The region under the cursor."""
        return self.cells.get(self.cursor)

    @property
    def cursor_view(self) -> str | None:
        col = self.cursor[0]
        return next((f.view for f in self.tmap.frames if f.col <= col < f.col + f.cols), None)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max(self.tmap.width, len(self.part_line().plain))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.rows + 2

    def move(self, dx: int, dy: int) -> None:
        """Move the cursor one cell (it stops at the edges)."""
        col = min(self.tmap.width - 1, max(0, self.cursor[0] + dx))
        row = min(len(self.tmap.rows) - 1, max(0, self.cursor[1] + dy))
        self.cursor = (col, row)
        self._changed()

    def show_part(self, part: Part) -> None:
        """Turn to a part (the cursor keeps its region when the part shows it)."""
        region = self.cursor_region
        self.part = part
        stops = self._stops()
        own = [c for c in stops if self.cells[c] in part.regions] or stops
        here = next((c for c in stops if self.cells[c] == region), None)
        self.cursor = here or (own[0] if own else (0, 0))
        self._changed()

    def turn(self, step: int) -> None:
        """The next (or previous) part, head to foot, then the whole figure again."""
        index = next(n for n, p in enumerate(PARTS) if p.id == self.part.id)
        self.show_part(PARTS[(index + step) % len(PARTS)])

    def zoom_in(self) -> None:
        """The close-up of the part the cursor's region belongs to (the head if none)."""
        region = self.cursor_region
        part = next((p for p in PARTS if region in p.regions), None)
        if part is None and self.part is WHOLE_BODY:
            part = PARTS[1]
        if part is not None and part is not self.part:
            self.show_part(part)

    def zoom_out(self) -> None:
        """Back to the whole figure."""
        if self.part is not WHOLE_BODY:
            self.show_part(WHOLE_BODY)

    def _stops(self) -> list[Cell]:
        """The first cell of each region, in reading order view by view."""
        firsts: dict[str, Cell] = {}
        for cell, region in sorted(self.cells.items(), key=lambda kv: self._order(kv[0])):
            firsts.setdefault(region, cell)
        return sorted(firsts.values(), key=self._order)

    def jump(self, step: int) -> None:
        """Put the cursor on the next (or previous) region, in reading order view by view."""
        stops = self._stops()
        if not stops:
            return
        here = self._order(self.cursor)
        if step > 0:
            after = [c for c in stops if self._order(c) > here]
            self.cursor = after[0] if after else stops[0]
        else:
            before = [c for c in stops if self._order(c) < here and self.cells[c] != self.cursor_region]
            self.cursor = before[-1] if before else stops[-1]
        self._changed()

    def _order(self, cell: Cell) -> tuple[int, int, int]:
        view = next(
            (n for n, f in enumerate(self.tmap.frames) if f.col <= cell[0] < f.col + f.cols),
            len(self.tmap.frames),
        )
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
        self.refresh(layout=True)
        self.post_message(self.Changed(self))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        row = event.y - 1  # the part's name is the first line
        if 0 <= row < len(self.tmap.rows) and 0 <= event.x < self.tmap.width:
            self.cursor = (event.x, row)
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
        for name, regions in (
            ("right", r.hits),
            ("missed", r.missed),
            ("extra", r.extra),
            ("spillover", r.spillover),
        ):
            if region in regions:
                return name
        return None

    def part_line(self) -> Content:
        """The part on show and the keys to the others."""
        index = next(n for n, p in enumerate(PARTS) if p.id == self.part.id)
        return Content.assemble(
            (self.part.label, "bold"), (f"  {index + 1}/{len(PARTS)} · [ ] parts", "$text-muted")
        )

    def render(self) -> Content:
        lines: list[Content] = [self.part_line()]
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
