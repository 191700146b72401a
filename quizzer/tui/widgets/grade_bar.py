"""The four rating buttons, each showing the interval it would give."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

if TYPE_CHECKING:
    from textual.widget import AwaitMount

RATINGS = ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy"))
"""FSRS ratings and their names, in key order."""


class GradeButton(Button, can_focus=False):
    """A rating button that never takes focus.

    A focused ``Button`` answers enter with "press": after one click, enter (reveal, check,
    next) would save a grade the student never picked. Keys 1–4 rate from the keyboard.
    """


class GradeBar(Horizontal):
    """Again / Hard / Good / Easy buttons; ``previews`` maps rating → short interval."""

    DEFAULT_CSS = """
    GradeBar { height: auto; }
    GradeBar > Button { width: 1fr; min-width: 10; }
    """

    @dataclass
    class Rated(Message):
        """A rating button was pressed."""

        rating: int

    def __init__(self, previews: Mapping[int, str] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.previews = dict(previews or {})

    def compose(self) -> ComposeResult:
        # The buttons are made when the bar first has intervals to show (``set_previews``,
        # before it is shown): styling them is the larger part of a session screen's
        # start, and a sitting may begin with choice questions, which never show it.
        yield from ()

    def _buttons(self) -> list[GradeButton]:
        return [
            GradeButton(
                self._label(rating, name),
                id=f"rate-{rating}",
                classes=f"rate rate-{name.lower()}",
                compact=True,
            )
            for rating, name in RATINGS
        ]

    def _label(self, rating: int, name: str) -> str:
        interval = self.previews.get(rating)
        return f"{rating} {name} · {interval}" if interval else f"{rating} {name}"

    def set_previews(self, previews: Mapping[int, str]) -> AwaitMount | None:
        """Show new intervals on the buttons (made now, the first time: await the result
        to have them mounted)."""
        self.previews = dict(previews)
        if not self.children:
            return self.mount_all(self._buttons())
        for rating, name in RATINGS:
            self.query_one(f"#rate-{rating}", Button).label = self._label(rating, name)
        return None

    @on(Button.Pressed)
    def _rated(self, event: Button.Pressed) -> None:
        event.stop()
        rating = int((event.button.id or "rate-3").removeprefix("rate-"))
        self.post_message(self.Rated(rating))
