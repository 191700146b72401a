"""Stats: due forecast, reviews per day, retention, state counts and leeches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quizzer.tui.widgets.charts import bar_chart, heatmap
from quizzer.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from quizzer.session import StudyService


def series(raw: Any) -> list[tuple[str, int]]:
    """(label, count) pairs from the stats forms: a mapping, or a list of dicts or numbers."""
    if isinstance(raw, dict):
        return [(str(k), int(v)) for k, v in raw.items()]
    out: list[tuple[str, int]] = []
    for i, row in enumerate(raw or []):
        if isinstance(row, dict):
            label = row.get("date") or row.get("day") or str(i)
            value = next((row[k] for k in ("count", "due", "reviews", "n") if k in row), 0)
            out.append((str(label), int(value)))
        else:
            out.append((str(i), int(row)))
    return out


def stats_content(stats: dict[str, Any], today: date, *, width: int) -> list[Content]:
    """The blocks of the stats screen, each a styled text."""
    blocks: list[Content] = []
    due = stats.get("due", {})
    states = stats.get("states", {})
    retention = stats.get("retention_30d")
    if isinstance(retention, dict):
        retention = retention.get("retention", retention.get("pct"))
    head = [Content.styled("Today", "bold $accent")]
    if isinstance(due, dict):
        head.append(Content("  due: " + " · ".join(f"{k} {v}" for k, v in due.items())))
    if isinstance(states, dict):
        head.append(Content("  cards: " + " · ".join(f"{k} {v}" for k, v in states.items())))
    if retention is not None:
        value = float(retention)
        pct = value * 100 if value <= 1 else value
        head.append(Content(f"  true retention (30 days): {pct:.0f} %"))
    else:
        head.append(Content("  true retention (30 days): no reviews yet"))
    head.append(Content(f"  answers logged: {stats.get('total_reviews', 0)}"))
    blocks.append(Content("\n").join(head))

    # Each bar takes three columns; show as many days as fit.
    days = max(7, min(30, (width - 4) // 3))
    forecast = series(stats.get("forecast"))[:days]
    if forecast:
        chart = bar_chart([v for _, v in forecast], [label[-2:] for label, _ in forecast], height=4)
        blocks.append(Content("\n").join([Content.styled(f"Due in the next {len(forecast)} days",
                                                         "bold $accent"), chart]))
    per_day = series(stats.get("reviews_per_day"))
    counts: dict[date, int] = {}
    for label, value in per_day:
        try:
            counts[date.fromisoformat(label[:10])] = value
        except ValueError:
            continue
    weeks = max(4, min(26, (width - 4) // 2))
    blocks.append(Content("\n").join([Content.styled("Reviews per day", "bold $accent"),
                                      heatmap(counts, today, weeks=weeks)]))
    leeches = stats.get("leeches") or []
    lines = [Content.styled(f"Leeches ({len(leeches)})", "bold $accent")]
    for leech in leeches[:20]:
        text = leech if isinstance(leech, str) else (leech.get("question") or leech.get("id")
                                                     or str(leech))
        lines.append(Content(f"  {text}"))
    if not leeches:
        lines.append(Content.styled("  none: no card keeps slipping", "$text-muted"))
    blocks.append(Content("\n").join(lines))
    exam = stats.get("exam")
    if exam:
        text = exam if isinstance(exam, str) else str(exam.get("message") or " · ".join(
            f"{k}: {v}" for k, v in exam.items()))
        blocks.append(Content("\n").join([Content.styled("Exam", "bold $accent"),
                                          Content(f"  {text}")]))
    return blocks


class StatsScreen(Screen[None]):
    """Read-only numbers about the chosen decks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="stats.back"),
        Binding("r", "reload", "Refresh", id="stats.reload"),
    ]

    def __init__(self, service: StudyService, deck_ids: Sequence[str]) -> None:
        super().__init__()
        self.service = service
        self.deck_ids = list(deck_ids)

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(" Stats", "bold"), classes="screen-title")
        yield VerticalScroll(id="stats-scroll")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        scroll = self.query_one("#stats-scroll", VerticalScroll)
        scroll.remove_children()
        stats = self.service.stats(self.deck_ids or None)
        today = self.service.now().date()
        width = self.app.size.width
        scroll.mount_all([Static(block, classes="stats-block") for block in
                          stats_content(stats, today, width=width)])

    def action_back(self) -> None:
        self.dismiss(None)
