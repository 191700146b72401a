"""The home screen: decks with new / learning / due counts, today's totals, exam countdown."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quizzer.tui.widgets.charts import sparkline
from quizzer.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from quizzer.tui.app import QuizzerApp

ALL_ROW = "*"
"""The row key of the "all chosen decks" row."""


class HomeScreen(Screen[None]):
    """Pick decks and start a workflow; counts refresh whenever the screen comes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "study", "Study", id="home.study"),
        Binding("q", "quiz", "Quiz", id="home.quiz"),
        Binding("b", "app.browse", "Browse", id="home.browse"),
        Binding("m", "sheet", "Sheet", tooltip="Muscle sheet", id="home.sheet"),
        Binding("t", "app.stats", "Stats", id="home.stats"),
        Binding("comma", "app.settings", "Settings", id="home.settings"),
    ]

    @property
    def quizzer(self) -> QuizzerApp:
        return cast("QuizzerApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="home-top"):
            yield Static(Content.styled(" Quizzer", "bold $accent"), id="home-title")
            yield Static("", id="home-exam")
        table: DataTable[str | Content] = DataTable(id="deck-table", cursor_type="row",
                                                    zebra_stripes=True)
        yield table
        with Horizontal(id="home-bottom"):
            yield Static("Loading decks…", id="home-today")
            yield Static("", id="home-forecast")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#deck-table", DataTable)
        table.add_column("Deck", key="deck", width=40)
        for key in ("New", "Learn", "Due"):
            table.add_column(f"{key:>6}", key=key.lower(), width=6)
        if self.quizzer.service is not None:
            self.refresh_counts()

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    def service_ready(self) -> None:
        """The session service is open: fill in the counts."""
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """Re-read the deck counts and today's totals from the service."""
        service = self.quizzer.service
        if service is None:
            return
        table = self.query_one("#deck-table", DataTable)
        keep = table.cursor_row
        table.clear()
        counts = service.deck_counts()
        # What studying every deck serves: new cards within the total a day, not the sum.
        every = service.counts()
        totals = [every.new, every.learning, every.review]
        if len(counts) > 1:
            table.add_row(Content.styled("All decks", "bold"), *_numbers(totals), key=ALL_ROW)
        for c in counts:
            table.add_row(Content("  " + c.name if len(counts) > 1 else c.name),
                          *_numbers([c.new, c.learning, c.review]), key=c.deck)
        if counts:
            table.move_cursor(row=min(keep, table.row_count - 1))
        today = service.today()
        right = f" · {today.correct_pct:.0f} % right" if today.correct_pct is not None else ""
        self.query_one("#home-today", Static).update(
            f" Today: {today.reviewed} reviewed{right} · {today.minutes:.0f} min")
        self.query_one("#home-exam", Static).update(self._exam_text(every.new,
                                                                   every.learning + every.review))
        from quizzer.session import study_stats

        forecast = _forecast(study_stats(service, self.quizzer.selected or None))
        self.query_one("#home-forecast", Static).update(
            f"{sparkline(forecast)} next 7 days " if forecast else "")

    def _exam_text(self, new: int, due: int) -> Content:
        """The top line: the exam countdown and what is waiting today (new cards and due)."""
        service = self.quizzer.service
        exam = service.settings.exam_date if service is not None else None
        parts = [f"{new} new · {due} due "]
        if exam is not None:
            days = (exam - self.quizzer.clock().date()).days
            when = "today" if days == 0 else (f"in {days} days" if days > 0 else f"{-days} days ago")
            parts.insert(0, f"Exam {when} · ")
        return Content.styled("".join(parts), "$text-muted")

    def _chosen_decks(self) -> list[str] | None:
        table = self.query_one("#deck-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key in (None, ALL_ROW) else [key]

    def action_study(self) -> None:
        self.quizzer.action_study(self._chosen_decks())

    def action_quiz(self) -> None:
        self.quizzer.action_quiz(self._chosen_decks())

    def action_sheet(self) -> None:
        self.quizzer.action_sheet()

    @on(DataTable.RowSelected, "#deck-table")
    def _deck_chosen(self) -> None:
        self.action_study()


def _numbers(values: list[int]) -> list[Content]:
    styles = ("$primary", "$warning", "$success")
    return [Content.styled(f"{v:>6}", style if v else "$text-muted")
            for v, style in zip(values, styles, strict=True)]


def _forecast(stats: dict[str, object]) -> list[int]:
    """Due counts for the next 7 days from the stats dictionary, when it has them."""
    raw = stats.get("forecast") or stats.get("due_forecast")
    if isinstance(raw, dict):
        return [int(v) for v in list(raw.values())[:7]]
    if isinstance(raw, list):
        return [int(v["due"] if isinstance(v, dict) else v) for v in raw[:7]]
    return []
