"""The home screen: decks by exam region with new / learning / due counts, today's totals,
the exam countdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quizzer.tui.widgets.charts import sparkline
from quizzer.tui.widgets.deck_table import DeckTable
from quizzer.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from quizzer.session import DeckCounts, DeckRegion
    from quizzer.tui.app import QuizzerApp

ALL_ROW = "*"
"""The row key of the "all chosen decks" row."""
REGION_ROW = "region:"
"""The row key of a region is this and the region's id (deck ids never hold a colon)."""
DECK_WIDTH = 40
"""The width of the deck column (the counts take the rest)."""
MUTED = "dim"
"""Muted text in the table's cells. (``$text-muted`` is an "auto" colour, worked out
against the background; in a table cell it came out black on the dark theme.)"""
COLUMNS = (("Deck", DECK_WIDTH), ("   New", 6), (" Learn", 6), ("   Due", 6))
"""The deck table's columns: headers and widths."""
_CHROME_ROWS = 6
"""Rows of the screen that are not deck rows: the top and bottom lines, the footer, the
table's border and header."""


class HomeScreen(Screen[None]):
    """Pick decks (all of them, an exam region or one deck) and start a workflow; counts
    refresh whenever the screen comes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "study", "Study", id="home.study"),
        Binding("q", "quiz", "Quiz", id="home.quiz"),
        Binding("b", "app.browse", "Browse", id="home.browse"),
        Binding("m", "sheet", "Sheet", tooltip="Muscle sheet", id="home.sheet"),
        Binding("t", "app.stats", "Stats", id="home.stats"),
        Binding("comma", "app.settings", "Settings", id="home.settings"),
        # Priority: before the table's own left and right (a scrolling view scrolls sideways).
        Binding(
            "right",
            "open_region",
            "Open region",
            tooltip="Open a region, or step into its decks",
            show=False,
            priority=True,
            id="home.open",
        ),
        Binding(
            "left",
            "close_region",
            "Close region",
            tooltip="Close a region, or step out to it",
            show=False,
            priority=True,
            id="home.close",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.open_regions: set[str] | None = None
        """Regions whose decks are listed (None until the decks are known: then every
        region opens if all of them fit on the screen, else none)."""
        self._regions: list[DeckRegion] = []
        self._region_of: dict[str, str] = {}
        self._counted_at_mount = False
        """Deck id → the id of the region row it is listed under."""

    @property
    def quizzer(self) -> QuizzerApp:
        return cast("QuizzerApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="home-top"):
            yield Static(Content.styled(" Quizzer", "bold $accent"), id="home-title")
            yield Static("", id="home-exam")
        # One click on a region row opens or closes it; other rows are highlighted by a
        # first click and chosen by a second, as in any table.
        yield DeckTable(COLUMNS, selects_at_once=(REGION_ROW,), id="deck-table")
        with Horizontal(id="home-bottom"):
            yield Static("Loading decks…", id="home-today")
            yield Static("", id="home-forecast")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.quizzer.service is not None:
            self.service_ready()
            self._counted_at_mount = True

    def on_screen_resume(self) -> None:
        if self._counted_at_mount:  # the resume that follows the mount: counted just now
            self._counted_at_mount = False
            return
        self.refresh_counts()

    def service_ready(self) -> None:
        """The session service is open: fill in the counts."""
        self.refresh_counts()

    @property
    def grouped(self) -> bool:
        """Decks are listed under their regions (they span more than one)."""
        return len(self._regions) > 1

    def refresh_counts(self) -> None:
        """Re-read the deck counts and today's totals from the service."""
        service = self.quizzer.service
        if service is None:
            return
        self._regions = service.regions
        self._region_of = {deck: region.id for region in self._regions for deck in region.decks}
        if self.open_regions is None:
            every_row = 1 + len(self._regions) + len(self._region_of)
            fits = every_row <= self.app.size.height - _CHROME_ROWS
            self.open_regions = {region.id for region in self._regions} if fits else set()
        self._fill_table()
        today = service.today()
        every = service.counts()
        right = f" · {today.correct_pct:.0f} % right" if today.correct_pct is not None else ""
        self.query_one("#home-today", Static).update(
            f" Today: {today.reviewed} reviewed{right} · {today.minutes:.0f} min"
        )
        self.query_one("#home-exam", Static).update(self._exam_text(every.new, every.learning, every.review))
        from quizzer.session import due_forecast

        forecast = due_forecast(service, self.quizzer.selected or None)
        self.query_one("#home-forecast", Static).update(
            f"{sparkline(forecast)} next 7 days " if forecast else ""
        )

    def _fill_table(self) -> None:
        """List the rows (All decks, each region, the decks of open regions) with counts,
        keeping the cursor on the row it was on."""
        service = self.quizzer.service
        assert service is not None and self.open_regions is not None
        table = self.query_one("#deck-table", DeckTable)
        keep = self._highlighted_key()
        counts = {c.deck: c for c in service.deck_counts()}
        # What studying every deck serves: new cards within the total a day, not the sum.
        every = service.counts()
        with self.app.batch_update():
            table.clear()
            if len(counts) > 1:
                table.add_row(
                    self._all_label(counts, every.new),
                    *_numbers([every.new, every.learning, every.review]),
                    key=ALL_ROW,
                )
            for region in self._regions:
                rows = [counts[deck] for deck in region.decks if deck in counts]
                if self.grouped:
                    is_open = region.id in self.open_regions
                    # A region serves new cards within the day's total too.
                    new = min(sum(r.new for r in rows), every.new)
                    table.add_row(
                        _region_label(region, is_open),
                        *_numbers([new, sum(r.learning for r in rows), sum(r.review for r in rows)]),
                        key=REGION_ROW + region.id,
                    )
                    if not is_open:
                        continue
                indent = "    " if self.grouped else ("  " if len(counts) > 1 else "")
                for row in rows:
                    table.add_row(
                        Content(_cut(indent + row.name, DECK_WIDTH)),
                        *_numbers([row.new, row.learning, row.review]),
                        key=row.deck,
                    )
            if table.row_count:
                table.move_cursor(self._row_of(keep))

    def _all_label(self, counts: dict[str, DeckCounts], new: int) -> Content:
        """ "All decks", and where its new cards come from: the first region (head to
        foot) with new cards to give today."""
        label = Content.styled("All decks", "bold")
        first = next(
            (region for region in self._regions if any(counts[d].new for d in region.decks if d in counts)),
            None,
        )
        if not self.grouped or not new or first is None:
            return label
        where = _cut(f"new: {first.title}", DECK_WIDTH - 11)
        return Content.assemble(label, " " * (DECK_WIDTH - 9 - len(where)), (where, MUTED))

    def _row_of(self, key: str | None) -> int:
        """The row to put the cursor on for ``key``: its own, its region's when it is
        hidden in a closed region, else the first."""
        table = self.query_one("#deck-table", DeckTable)
        for candidate in (key, REGION_ROW + self._region_of.get(key or "", "")):
            row = table.row_index(candidate) if candidate is not None else None
            if row is not None:
                return row
        return 0

    def _highlighted_key(self) -> str | None:
        return self.query_one("#deck-table", DeckTable).highlighted_key

    def _exam_text(self, new: int, learning: int, due: int) -> Content:
        """The top line: the exam countdown and what is waiting today, in the table's words
        (new cards, learning cards when there are any, reviews due)."""
        service = self.quizzer.service
        exam = service.settings.exam_date if service is not None else None
        learn = f"{learning} learning · " if learning else ""
        parts = [f"{new} new · {learn}{due} due "]
        if exam is not None:
            days = (exam - self.quizzer.clock().date()).days
            when = "today" if days == 0 else (f"in {days} days" if days > 0 else f"{-days} days ago")
            parts.insert(0, f"Exam {when} · ")
        return Content.styled("".join(parts), "$text-muted")

    # --- regions ----------------------------------------------------------------------------

    def toggle_region(self, region_id: str) -> None:
        """Open a closed region (list its decks) or close an open one."""
        if self.open_regions is None or self.quizzer.service is None:
            return
        if region_id in self.open_regions:
            self.open_regions.discard(region_id)
        else:
            self.open_regions.add(region_id)
        self._fill_table()

    def action_open_region(self) -> None:
        key = self._highlighted_key() or ""
        if not key.startswith(REGION_ROW) or self.open_regions is None:
            return
        region = key.removeprefix(REGION_ROW)
        if region in self.open_regions:
            table = self.query_one("#deck-table", DeckTable)
            table.move_cursor(table.cursor_row + 1)
        else:
            self.toggle_region(region)

    def action_close_region(self) -> None:
        key = self._highlighted_key() or ""
        if key.startswith(REGION_ROW):
            if self.open_regions is not None and key.removeprefix(REGION_ROW) in self.open_regions:
                self.toggle_region(key.removeprefix(REGION_ROW))
        elif key in self._region_of and self.grouped:
            table = self.query_one("#deck-table", DeckTable)
            table.move_cursor(self._row_of(REGION_ROW + self._region_of[key]))

    # --- what the keys act on ---------------------------------------------------------------

    def _chosen_decks(self) -> list[str] | None:
        """The decks of the highlighted row (None: every chosen deck)."""
        key = self._highlighted_key()
        if key is None or key == ALL_ROW:
            return None
        if key.startswith(REGION_ROW):
            region = key.removeprefix(REGION_ROW)
            return next((list(r.decks) for r in self._regions if r.id == region), None)
        return [key]

    def action_study(self) -> None:
        self.quizzer.action_study(self._chosen_decks())

    def action_quiz(self) -> None:
        self.quizzer.action_quiz(self._chosen_decks())

    def action_sheet(self) -> None:
        """The sheet of the highlighted deck's muscle (or group); else the first muscle's."""
        self.quizzer.action_sheet(self.subject_in_view())

    def subject_in_view(self) -> str | None:
        """The muscle (or group) of the highlighted deck: its first muscle, else its first
        group; None on "All decks" or a region."""
        key = self._highlighted_key()
        library = self.quizzer.library
        if library is None or key is None or key == ALL_ROW or key.startswith(REGION_ROW):
            return None
        deck = next((d for d in library.decks if d.id == key), None)
        if deck is None:
            return None
        subjects = [m.id for m in deck.muscles] + [g.id for g in deck.groups]
        return subjects[0] if subjects else None

    @on(DeckTable.RowSelected, "#deck-table")
    def _row_chosen(self, event: DeckTable.RowSelected) -> None:
        key = event.key
        if key.startswith(REGION_ROW):
            self.toggle_region(key.removeprefix(REGION_ROW))
        else:
            self.action_study()


def _region_label(region: DeckRegion, is_open: bool) -> Content:
    """``▸ Neck ……… 17 decks``: the region's title, its deck count at the column's end."""
    count = len(region.decks)
    decks = f"{count} deck{'s' if count != 1 else ''}"
    title = _cut(region.title, DECK_WIDTH - 4 - len(decks))
    gap = " " * (DECK_WIDTH - 2 - len(title) - len(decks))
    return Content.assemble(("▾ " if is_open else "▸ ", "$accent"), (title, "bold"), gap, (decks, MUTED))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _numbers(values: Sequence[int]) -> list[Content]:
    styles = ("$primary", "$warning", "$success")
    return [Content.styled(f"{v:>6}", style if v else MUTED) for v, style in zip(values, styles, strict=True)]
