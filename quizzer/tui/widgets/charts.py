"""Text charts for the stats screen: a bar chart and a calendar heatmap."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from textual.content import Content

_BLOCKS = " ▁▂▃▄▅▆▇█"
_SHADES = ("·", "░", "▒", "▓", "█")


def sparkline(values: Sequence[int]) -> str:
    """One line of block characters scaled to the largest value."""
    top = max(values, default=0)
    if top <= 0:
        return "▁" * len(values)
    return "".join(_BLOCKS[max(1, round(v / top * 8))] if v else "▁" for v in values)


def bar_width(values: Sequence[int]) -> int:
    """Columns per bar: room for the largest count under it and a space (at least 3)."""
    return max(3, len(str(max(values, default=0))) + 1)


def bar_chart(values: Sequence[int], labels: Sequence[str], *, height: int = 6) -> Content:
    """Vertical bars, one per value, with its label and its count underneath.

    Every bar is ``bar_width(values)`` columns wide, so each count is printed in full.
    """
    top = max(values, default=0)
    cell = bar_width(values)
    bar = cell - 1
    rows: list[Content] = []
    for level in range(height, 0, -1):
        cells: list[str | tuple[str, str]] = []
        for v in values:
            filled = v / top * height if top else 0
            if filled >= level:
                cells.append(("█" * bar + " ", "$accent"))
            elif filled > level - 1 and v:
                cells.append((_BLOCKS[max(1, round((filled - level + 1) * 8))] * bar + " ", "$accent"))
            else:
                cells.append(" " * cell)
        rows.append(Content.assemble(*cells))
    rows.append(Content("".join(f"{label[:bar]:<{cell}}" for label in labels)))
    rows.append(Content("".join(f"{v:<{cell}}" for v in values)))
    return Content("\n").join(rows)


def heatmap(counts: Mapping[date, int], today: date, *, weeks: int = 16) -> Content:
    """A GitHub-style calendar: one column per week, rows Monday to Sunday."""
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    top = max(counts.values(), default=0)
    lines: list[Content] = []
    for weekday, name in enumerate(("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")):
        cells: list[str | tuple[str, str]] = [f"{name} "]
        for week in range(weeks):
            day = start + timedelta(days=7 * week + weekday)
            if day > today:
                cells.append("  ")
                continue
            n = counts.get(day, 0)
            shade = 0 if not n or not top else max(1, round(n / top * 4))
            cells.append((_SHADES[shade] + " ", "$success" if n else "$foreground-muted"))
        lines.append(Content.assemble(*cells))
    return Content("\n").join(lines)
