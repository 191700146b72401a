"""A muscle's referral pain map drawn in braille cells, in theme colours, with a legend."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from quizzer.atlas.terminal import Role, TerminalMap, render_cells
from quizzer.model import Muscle

ROLE_STYLES: dict[Role, str] = {
    Role.EMPTY: "",
    Role.OUTLINE: "$foreground-muted",
    # Stippled dots already tell spillover from essential; the weaker colour repeats it.
    Role.SPILLOVER: "$error 75%",
    Role.ESSENTIAL: "bold $error",
    Role.TRIGGER: "bold $foreground on $error",
}
"""Theme style of each cell role (the core decides the dots, the app the colours)."""

MIN_ROWS = 8
"""Below this a figure stops reading as a body; the widget never draws smaller."""


def legend() -> Content:
    """The one-line key of a pain map."""
    return Content.assemble(
        ("⣿", ROLE_STYLES[Role.ESSENTIAL]),
        " essential  ",
        ("⢕", ROLE_STYLES[Role.SPILLOVER]),
        " spillover  ",
        ("×", ROLE_STYLES[Role.TRIGGER]),
        " trigger point",
    )


class MapSizes:
    """One muscle's map rendered at each height asked for (a few ms each, kept)."""

    def __init__(self, muscle: Muscle) -> None:
        self.muscle = muscle
        self._maps: dict[int, TerminalMap] = {}

    def at(self, rows: int) -> TerminalMap:
        if rows not in self._maps:
            self._maps[rows] = render_cells(self.muscle, rows=rows)
        return self._maps[rows]

    def fitting_rows(self, width: int, max_rows: int) -> int:
        """The most rows (at most ``max_rows``) whose map is no wider than ``width``."""
        rows = max(MIN_ROWS, max_rows)
        while rows > MIN_ROWS and self.at(rows).width > width:
            rows -= 1
        return rows


def map_content(tmap: TerminalMap, *, caption: bool = True, show_legend: bool = True) -> Content:
    """The map's rows in theme colours, then the view labels and the legend."""
    lines = [
        Content.assemble(*[(text, ROLE_STYLES[role]) for text, role in runs]) for runs in tmap.segments()
    ]
    if caption:
        lines.append(Content.styled(tmap.caption(), "$text-muted"))
    if show_legend:
        lines.append(legend())
    return Content("\n").join(lines)


class PainMap(Widget):
    """Where one muscle refers pain: the figure views its pattern needs, and a legend.

    The map is as tall as ``max_rows`` allows and shrinks (down to :data:`MIN_ROWS`)
    until it fits the width it is given, so it stays whole in a narrow column.
    """

    DEFAULT_CSS = "PainMap { height: auto; width: auto; }"

    def __init__(
        self,
        muscle: Muscle,
        *,
        max_rows: int = 18,
        show_legend: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.muscle = muscle
        self.sizes = MapSizes(muscle)
        self.max_rows = max(MIN_ROWS, max_rows)
        self.show_legend = show_legend

    def _lines_below(self) -> int:
        return 2 if self.show_legend else 1

    def get_content_width(self, container: Size, viewport: Size) -> int:
        # The natural width at full height; a narrower parent makes the map shorter instead.
        natural = max(self.sizes.at(self.max_rows).width, len(legend().plain) if self.show_legend else 0)
        return min(natural, container.width) if container.width > 0 else natural

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.sizes.fitting_rows(width, self.max_rows) + self._lines_below()

    @property
    def rows(self) -> int:
        """The map rows drawn at the widget's current width."""
        return self.sizes.fitting_rows(self.content_size.width or 10_000, self.max_rows)

    def set_max_rows(self, max_rows: int) -> None:
        """Redraw at another height (screens call this when the terminal is resized)."""
        max_rows = max(MIN_ROWS, max_rows)
        if max_rows != self.max_rows:
            self.max_rows = max_rows
            self.refresh(layout=True)

    def render(self) -> Content:
        return map_content(self.sizes.at(self.rows), show_legend=self.show_legend)


def rows_for_height(height: int, *, reserved: int, most: int = 18) -> int:
    """Map rows that leave ``reserved`` lines of a ``height``-line screen for the rest."""
    return max(MIN_ROWS, min(most, height - reserved))
