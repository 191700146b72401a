"""Browse: search every question and read its answer, source and schedule."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import ColumnKey

from quizzer.model import Kind, Question
from quizzer.session.search import (
    SearchIndex,
    filter_problem,
    filter_values,
    named,
    parse_query,
    subject_names,
)
from quizzer.tui.widgets.footer import KeyFooter
from quizzer.tui.widgets.question_card import plain_prompt

if TYPE_CHECKING:
    from quizzer.session import CardInfo, StudyService
    from quizzer.tui.app import QuizzerApp

MAX_ROWS = 500
"""Rows drawn at once; a search narrows the rest down."""

MUSCLE_WIDTH, FACET_WIDTH, KIND_WIDTH, STATE_WIDTH = 12, 12, 7, 10
"""Every column but the question's; the question takes what they leave."""


class BrowseScreen(Screen[None]):
    """A search box, the matching questions, and the highlighted one in detail."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="browse.search"),
        Binding("s", "toggle_suspend", "Suspend / unsuspend", id="browse.suspend"),
        Binding("m", "sheet", "Sheet", tooltip="Muscle sheet", id="browse.sheet"),
        Binding("escape", "back", "Back", id="browse.back"),
        # From the search box: ↓ goes down into the list (the list itself takes ↓ first).
        Binding(
            "down",
            "to_list",
            "To the list",
            tooltip="From the search box down to the list",
            show=False,
            id="browse.to-list",
        ),
    ]

    def __init__(self, service: StudyService, deck_ids: Sequence[str], *, search: str = "") -> None:
        super().__init__()
        self.service = service
        self.deck_ids = list(deck_ids)
        self.initial_search = search
        """What the search box holds on opening (Stats opens a leech as ``id:<its id>``)."""
        self.questions = service.questions(self.deck_ids or None)
        self.by_id = {q.id: q for q in self.questions}
        self.states: dict[str, str] = self._states()
        self.values = filter_values(self.questions)
        self.names: dict[str, tuple[str, ...]] = {}
        """Every muscle's and group's names and aliases (what the search finds them by)."""
        self.shown: list[Question] = []
        self._fitted_width: int | None = None
        """The terminal width the question column was cut for."""

    def _states(self) -> dict[str, str]:
        # The service keeps every stored card's status in memory; reading it here keeps the
        # search instant (no per-question store look-up).
        return self.service.state_labels()

    def compose(self) -> ComposeResult:
        yield Input(
            self.initial_search,
            placeholder="search: words, muscle: facet: kind: state: (e.g. kind:mcq state:new)",
            id="browse-search",
            compact=True,
        )
        table: DataTable[str] = DataTable(id="browse-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="browse-count")
        with VerticalScroll(id="browse-detail-scroll"):
            yield Static("", id="browse-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#browse-table", DataTable)
        table.add_column("Question", key="question")
        table.add_column("Muscle", key="muscle", width=MUSCLE_WIDTH)
        # The facet tells apart rows whose cut prompts read the same ("Where does
        # fibularis (peroneus) longus …" is its origin and its insertion).
        table.add_column("Facet", key="facet", width=FACET_WIDTH)
        table.add_column("Kind", key="kind", width=KIND_WIDTH)
        table.add_column("State", key="state", width=STATE_WIDTH)
        library = cast("QuizzerApp", self.app).library
        if library is not None:
            self.names = subject_names(library)
        self.index = SearchIndex(self.questions, self.names)
        self.apply_search(self.initial_search)
        table.focus()

    @on(Input.Changed, "#browse-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.apply_search(event.value)

    @on(Input.Submitted, "#browse-search")
    def _search_submitted(self) -> None:
        self.query_one("#browse-table", DataTable).focus()

    def apply_search(self, text: str) -> None:
        """Fill the table with the questions that match ``text``."""
        self.shown = self.index.search(text, self.states)
        table = self.query_one("#browse-table", DataTable)
        table.clear()
        # The other columns, each column's two cells of padding and a spare cell.
        others = MUSCLE_WIDTH + FACET_WIDTH + KIND_WIDTH + STATE_WIDTH + 2 * 5 + 1
        width = max(20, self.app.size.width - others)
        self._fitted_width = self.app.size.width
        # A fixed width: an auto width only ever grows (it would keep a wider terminal's).
        question = table.columns[ColumnKey("question")]
        question.auto_width, question.width = False, width
        for q in self.shown[:MAX_ROWS]:
            table.add_row(
                _cut(plain_prompt(q), width),
                _cut(q.muscle_name or q.muscle, MUSCLE_WIDTH),
                _cut(q.facet.title, FACET_WIDTH),
                q.kind.value,
                self.states.get(q.id, "new"),
                key=q.id,
            )
        problem = None if self.shown else filter_problem(text, self.questions, self.values, self.names)
        if problem is not None:
            count = Content.styled(_cut(f" {problem}", self.app.size.width), "bold $warning")
        else:
            more = f" (first {MAX_ROWS} shown; search to narrow)" if len(self.shown) > MAX_ROWS else ""
            count = Content.styled(
                _cut(
                    f" {len(self.shown)} of {len(self.questions)} questions{more}{self._named_first(text)}",
                    self.app.size.width,
                ),
                "$text-muted",
            )
        self.query_one("#browse-count", Static).update(count)
        self._show_highlighted()

    def on_resize(self) -> None:
        """Refit the question column to the new width, keeping the highlighted row."""
        if self._fitted_width in (None, self.app.size.width):
            return
        table = self.query_one("#browse-table", DataTable)
        row = table.cursor_row
        self.apply_search(self.query_one("#browse-search", Input).value)
        if row < table.row_count:
            table.move_cursor(row=row)

    def _named_first(self, text: str) -> str:
        """`` · Gluteus medius first``: the muscles the search names, whose questions lead."""
        shown = {q.muscle for q in self.shown[:MAX_ROWS]}
        found = [self.names[s][0] for s in named(parse_query(text).words, self.names) if s in shown]
        if not found:
            return ""
        listed = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
        return f" · {listed} first"

    @on(DataTable.RowHighlighted, "#browse-table")
    def _row_highlighted(self) -> None:
        # The event may come from before the last search refilled the table: the row under
        # the cursor now is the one to show, never the event's (it may be gone).
        self._show_highlighted()

    def _show_highlighted(self) -> None:
        qid = self._highlighted()
        if qid is None:
            self.query_one("#browse-detail", Static).update(
                Content.styled("No question matches.", "$text-muted")
            )
        else:
            self.show_detail(qid)

    def show_detail(self, qid: str) -> None:
        """Show the question, its answer and its card's schedule in the detail pane."""
        q = self.by_id[qid]
        info = self.service.card_info(qid)
        lines = [
            Content.assemble((f"{q.muscle_name} · {q.facet.title} · {q.kind.value}", "bold $accent")),
            Content(plain_prompt(q)),
        ]
        for i, option in enumerate(q.options):
            # Every option of an order question is "correct": show its place instead.
            if q.kind is Kind.ORDER:
                mark = str(q.correct.index(i) + 1)
            else:
                mark = "✔" if i in q.correct else " "
            lines.append(Content.assemble((f" {mark} ", "$success"), f"{chr(97 + i)}  {option}"))
        lines.append(Content.assemble(("Answer: ", "bold"), q.answer))
        if q.explanation:
            lines.append(Content.assemble(("Why: ", "bold"), q.explanation))
        if q.source:
            lines.append(Content.styled(f"source: {q.source}", "$text-muted"))
        lines.append(Content.styled("Schedule", "bold $accent"))
        lines.append(Content(_schedule_line(info)))
        for review in info.history[-8:]:
            lines.append(
                Content(
                    f"  {review.time:%Y-%m-%d %H:%M}  {review.rating.label:<5} "
                    f"{review.mode.value:<5} {review.duration_ms / 1000:.0f} s"
                )
            )
        self.query_one("#browse-detail", Static).update(Content("\n").join(lines))

    def _highlighted(self) -> str | None:
        table = self.query_one("#browse-table", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_to_list(self) -> None:
        self.query_one("#browse-table", DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def action_toggle_suspend(self) -> None:
        qid = self._highlighted()
        if qid is None:
            return
        suspended = not self.service.card_info(qid).suspended
        self.service.suspend(qid, suspended)
        status, now_suspended, _due = self.service.card_key(qid)
        self.states[qid] = "suspended" if now_suspended else status.label
        # The row's State cell follows at once (a `state:` filter applies on the next search).
        self.query_one("#browse-table", DataTable).update_cell(qid, "state", self.states[qid])
        self.notify("Suspended." if suspended else "Unsuspended.")
        self.show_detail(qid)

    def action_sheet(self) -> None:
        subject = self.subject_in_view()
        if subject is not None:
            cast("QuizzerApp", self.app).action_sheet(subject)

    def subject_in_view(self) -> str | None:
        """The muscle (or group) of the highlighted question."""
        qid = self._highlighted()
        return None if qid is None else self.by_id[qid].muscle

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#browse-table", DataTable).focus()
        else:
            self.dismiss(None)


def _schedule_line(info: CardInfo) -> str:
    parts = [f"state {info.status.label}"]
    if info.suspended:
        parts.append("suspended")
    if info.leech:
        parts.append("leech")
    if info.due is not None:
        parts.append(f"due {info.due:%Y-%m-%d %H:%M}")
    if info.stability is not None:
        parts.append(f"stability {info.stability:.1f} d")
    if info.retrievability is not None:
        parts.append(f"recall now {info.retrievability * 100:.0f} %")
    parts.append(f"reps {info.reps} · lapses {info.lapses}")
    return " · ".join(parts)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
