"""The options of a "which map?" question: one pain map per letter, all at once or paged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from quizzer.model import Muscle
from quizzer.tui.widgets.choices import LETTERS
from quizzer.tui.widgets.pain_map import PainMap, legend


class MapTile(Vertical):
    """One option's map under its letter; clicking it picks the option."""

    DEFAULT_CSS = """
    MapTile { height: auto; width: auto; padding: 0 1; border-left: thick $primary 40%; }
    MapTile.-right { border-left: thick $success; }
    MapTile.-wrong { border-left: thick $error; }
    MapTile > .tile-letter { width: auto; height: 1; }
    """

    def __init__(self, index: int, muscle: Muscle, *, max_rows: int) -> None:
        super().__init__(id=f"map-tile-{index}", classes="map-tile")
        self.index = index
        self.muscle = muscle
        self.max_rows = max_rows
        self.mark = ""
        self.suffix = ""

    def compose(self) -> ComposeResult:
        yield Static(self._letter(), classes="tile-letter")
        yield PainMap(self.muscle, max_rows=self.max_rows, show_legend=False)

    def _letter(self) -> Content:
        style = (
            "bold $success"
            if self.has_class("-right")
            else ("bold $error" if self.has_class("-wrong") else "bold")
        )
        return Content.assemble(
            (self.mark, style), (f"Map {LETTERS[self.index]}", "bold $accent"), (self.suffix, "$text-muted")
        )

    def set_label(self, *, mark: str | None = None, suffix: str | None = None) -> None:
        """Change the ✔/✘ before the letter or the note after it."""
        self.mark = self.mark if mark is None else mark
        self.suffix = self.suffix if suffix is None else suffix
        if self.is_mounted:
            self.query_one(".tile-letter", Static).update(self._letter())

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(MapChoices.Picked(self.index))


class MapChoices(Vertical):
    """Four maps, one per option: a 2×2 grid when there is room, else one at a time.

    At 80×24 four maps side by side would be about 8 rows each, too coarse to read, so
    the small layout shows one map at 14 rows and ←/→ turn to the others.
    """

    DEFAULT_CSS = """
    MapChoices { height: auto; width: auto; }
    MapChoices > .tile-row { height: auto; width: auto; }
    MapChoices .map-tile { margin-right: 1; }
    MapChoices > .map-legend { height: auto; width: auto; }
    """

    @dataclass
    class Picked(Message):
        """A map was clicked: pick its option."""

        index: int

    def __init__(
        self, muscles: Sequence[Muscle], *, per_page: int, max_rows: int, id: str | None = None
    ) -> None:
        super().__init__(id=id, classes="-grid" if per_page > 1 else "")
        self.muscles = list(muscles)
        self.per_page = per_page
        self.max_rows = max_rows
        self.page = 0
        """Index of the map shown when one is shown at a time."""

    def compose(self) -> ComposeResult:
        per_row = 2 if self.per_page > 1 else 1
        for start in range(0, len(self.muscles), per_row):
            with Horizontal(classes="tile-row"):
                for index in range(start, min(start + per_row, len(self.muscles))):
                    yield MapTile(index, self.muscles[index], max_rows=self.max_rows)
        yield Static(legend(), classes="map-legend")

    def on_mount(self) -> None:
        self._show_page()

    @property
    def paged(self) -> bool:
        return self.per_page == 1 and len(self.muscles) > 1

    def _show_page(self) -> None:
        for row in self.query(".tile-row").results(Horizontal):
            row.display = not self.paged or any(t.index == self.page for t in row.query(MapTile))
        if self.paged:
            for tile in self.query(MapTile):
                tile.set_label(suffix=f"  {tile.index + 1} of {len(self.muscles)} · ←/→ others")

    def flip(self, step: int) -> None:
        """Show the next (or previous) map when they are shown one at a time."""
        if self.paged:
            self.turn_to((self.page + step) % len(self.muscles))

    def turn_to(self, index: int) -> None:
        self.page = index
        self._show_page()

    def show_result(self, correct: Sequence[int], chosen: Sequence[int]) -> None:
        """Frame the right map in the success colour (and a wrong pick in the error one)."""
        for tile in self.query(MapTile):
            right = tile.index in correct
            wrong = tile.index in chosen and not right
            tile.set_class(right, "-right")
            tile.set_class(wrong, "-wrong")
            tile.set_label(mark="✔ " if right else ("✘ " if wrong else ""))
        if correct:
            self.turn_to(correct[0])
