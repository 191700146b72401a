"""Stats: due forecast, reviews per day, retention, state counts and leeches."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizzer.tui.widgets.charts import bar_chart, bar_width, heatmap
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

    # Each bar is as wide as its largest count needs; show as many days as fit.
    forecast = series(stats.get("forecast"))
    days = max(7, min(30, (width - 4) // bar_width([v for _, v in forecast[:30]])))
    forecast = forecast[:days]
    if forecast:
        chart = bar_chart([v for _, v in forecast], [label[-2:] for label, _ in forecast], height=4)
        blocks.append(
            Content("\n").join(
                [Content.styled(f"Due in the next {len(forecast)} days", "bold $accent"), chart]
            )
        )
    per_day = series(stats.get("reviews_per_day"))
    counts: dict[date, int] = {}
    for label, value in per_day:
        try:
            counts[date.fromisoformat(label[:10])] = value
        except ValueError:
            continue
    weeks = max(4, min(26, (width - 4) // 2))
    blocks.append(
        Content("\n").join(
            [Content.styled("Reviews per day", "bold $accent"), heatmap(counts, today, weeks=weeks)]
        )
    )
    exam = stats.get("exam")
    if exam:
        text = (
            exam
            if isinstance(exam, str)
            else str(exam.get("message") or " · ".join(f"{k}: {v}" for k, v in exam.items()))
        )
        blocks.append(Content("\n").join([Content.styled("Exam", "bold $accent"), Content(f"  {text}")]))
    return blocks


MAX_LEECHES = 20
"""Leeches listed (the title counts them all): past that, the deck needs fixing more than a
longer list."""


def leech_title(leeches: Sequence[Mapping[str, Any]]) -> Content:
    """The heading of the leech list, saying what selecting one does."""
    title = Content.styled(f"Leeches ({len(leeches)})", "bold $accent")
    if not leeches:
        return Content("\n").join([title, Content.styled("  none: no card keeps slipping", "$text-muted")])
    return Content.assemble(title, ("  enter or click one to read and fix it in Browse", "$text-muted"))


def leech_options(leeches: Sequence[Mapping[str, Any]]) -> list[Option]:
    """One option per leech (its id is the card's), naming its lapses and whether it rests."""
    options = []
    for leech in leeches[:MAX_LEECHES]:
        lapses = int(leech["lapses"])
        extra = f" · {lapses} lapse{'' if lapses == 1 else 's'}" + (
            " · suspended" if leech.get("suspended") else ""
        )
        options.append(
            Option(Content.assemble(str(leech["question"]), (extra, "$text-muted")), id=str(leech["id"]))
        )
    return options


class StatsScreen(Screen[None]):
    """Numbers about the chosen decks; a leech opens in Browse to be read and fixed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="stats.back"),
        Binding("r", "reload", "Refresh", id="stats.reload"),
        Binding("l", "leeches", "Leeches", tooltip="Go to the leech list", id="stats.leeches"),
    ]

    def __init__(self, service: StudyService, deck_ids: Sequence[str]) -> None:
        super().__init__()
        self.service = service
        self.deck_ids = list(deck_ids)

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(" Stats", "bold"), classes="screen-title")
        yield VerticalScroll(id="stats-scroll")
        yield KeyFooter()

    async def on_mount(self) -> None:
        await self.action_reload()

    async def action_reload(self) -> None:
        scroll = self.query_one("#stats-scroll", VerticalScroll)
        await scroll.remove_children()  # the leech list's id must be free again
        from quizzer.session import study_stats

        stats = study_stats(self.service, self.deck_ids or None)
        today = self.service.now().date()
        width = self.app.size.width
        leeches = stats.get("leeches") or []
        blocks: list[Widget] = [
            Static(block, classes="stats-block") for block in stats_content(stats, today, width=width)
        ]
        blocks.append(
            Static(
                leech_title(leeches),
                id="stats-leech-title",
                classes="stats-block" + (" -above-list" if leeches else ""),
            )
        )
        if leeches:
            blocks.append(OptionList(*leech_options(leeches), id="stats-leeches"))
        await scroll.mount_all(blocks)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leeches":
            return bool(self.query("#stats-leeches")) or None  # dimmed when there are none
        return True

    def action_leeches(self) -> None:
        for leeches in self.query("#stats-leeches").results(OptionList):
            leeches.focus()

    @on(OptionList.OptionSelected, "#stats-leeches")
    def _leech_selected(self, event: OptionList.OptionSelected) -> None:
        """Open Browse on that one card: its answer, schedule and history, and s to unsuspend."""
        from quizzer.tui.screens.browse import BrowseScreen

        qid = event.option.id
        if qid is None:
            return
        browse = BrowseScreen(self.service, self.deck_ids, search=f"id:{qid}")
        self.app.push_screen(browse, self._browse_closed)

    async def _browse_closed(self, _result: None) -> None:
        """Back from Browse the numbers may have changed (a leech unsuspended, say); the
        student comes back to the leech they opened, to go on to the next one."""
        before = self.query_one("#stats-leeches", OptionList).highlighted
        await self.action_reload()
        for leeches in self.query("#stats-leeches").results(OptionList):
            leeches.focus()
            if before is not None and leeches.option_count:
                leeches.highlighted = min(before, leeches.option_count - 1)

    def action_back(self) -> None:
        self.dismiss(None)
