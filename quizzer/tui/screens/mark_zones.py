"""Mark the zones: toggle regions on a blank figure, then see how they match the essential zone."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quizzer.atlas.marking import Marking, grade_marking
from quizzer.generate.text import mid
from quizzer.model import Muscle
from quizzer.regions import BODY_REGIONS
from quizzer.tui.widgets.footer import KeyFooter
from quizzer.tui.widgets.pain_map import rows_for_height
from quizzer.tui.widgets.zone_marker import ZoneMarker, marker_legend

PRACTICE_NOTE = "Practice only: nothing here is saved to your progress."


def _names(regions: frozenset[str] | set[str]) -> str:
    return ", ".join(sorted(BODY_REGIONS.get(r, r).lower() for r in regions)) or "none"


def result_content(result: Marking) -> Content:
    """The grading in words: the score, then right, missed and extra regions."""
    lines = [
        Content.styled(f"Overlap with the essential zone: {result.score:.0%}", "bold"),
        Content.assemble(("✔ right: ", "bold $success"), _names(result.hits)),
        Content.assemble(("✘ missed: ", "bold $error"), _names(result.missed)),
        Content.assemble(("✘ extra: ", "bold $error"), _names(result.extra)),
    ]
    if result.spillover:
        lines.append(Content.assemble(("spillover (not scored): ", "$warning"), _names(result.spillover)))
    return Content("\n").join(lines)


class MarkZonesScreen(Screen[None]):
    """Practice a muscle's referral pattern by marking it on the figure."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(0, -1)", "Cursor up", show=False, id="mark.up"),
        Binding("down", "move(0, 1)", "Cursor down", show=False, id="mark.down"),
        Binding("left", "move(-1, 0)", "Cursor left", show=False, id="mark.left"),
        Binding("right", "move(1, 0)", "Cursor right", show=False, id="mark.right"),
        Binding("tab", "jump(1)", "Region", tooltip="Next region", id="mark.next"),
        Binding(
            "right_square_bracket",
            "turn(1)",
            "Part",
            tooltip="Next part (close-ups of the body, head to foot)",
            id="mark.next-part",
        ),
        Binding("left_square_bracket", "turn(-1)", "Previous part", show=False, id="mark.previous-part"),
        Binding(
            "plus,equals_sign",
            "zoom_in",
            "Zoom in",
            tooltip="Zoom in (the close-up of the part under the cursor)",
            show=False,
            id="mark.zoom-in",
        ),
        Binding(
            "minus",
            "zoom_out",
            "Whole body",
            tooltip="Zoom out (the whole body)",
            show=False,
            id="mark.zoom-out",
        ),
        Binding("shift+tab", "jump(-1)", "Previous region", show=False, id="mark.previous"),
        Binding("space", "mark", "Mark", tooltip="Mark / unmark", id="mark.toggle"),
        Binding("enter", "check", "Check", id="mark.check"),
        Binding("r", "reset", "Clear", tooltip="Start again", id="mark.reset"),
        Binding("escape", "app.pop_screen", "Back", id="mark.back"),
    ]

    def __init__(self, muscle: Muscle) -> None:
        super().__init__()
        self.muscle = muscle

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble((" Mark the zones · ", "bold"), (self.muscle.name, "bold $accent")),
            classes="screen-title",
        )
        yield Static(
            Content(
                f"Where do trigger points in {mid(self.muscle.name)} refer pain? Move with "
                f"the arrows or tab (or click), space marks a region, [ ] turn to close-ups, "
                f"enter checks. "
                f"{PRACTICE_NOTE}"
            ),
            id="mark-note",
        )
        rows = rows_for_height(self.app.size.height, reserved=8, most=24)
        with Horizontal(id="mark-body"):
            yield ZoneMarker(rows=rows, id="zone-marker")
            yield Static("", id="mark-result")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._update()

    @property
    def marker(self) -> ZoneMarker:
        return self.query_one("#zone-marker", ZoneMarker)

    def action_move(self, dx: int, dy: int) -> None:
        self.marker.move(dx, dy)

    def action_jump(self, step: int) -> None:
        self.marker.jump(step)

    def action_turn(self, step: int) -> None:
        self.marker.turn(step)

    def action_zoom_in(self) -> None:
        self.marker.zoom_in()

    def action_zoom_out(self) -> None:
        self.marker.zoom_out()

    def action_mark(self) -> None:
        self.marker.toggle()

    def action_check(self) -> None:
        marker = self.marker
        if marker.result is None:
            marker.show_result(grade_marking(self.muscle, marker.marked))

    def action_reset(self) -> None:
        self.marker.reset()

    @on(ZoneMarker.Changed)
    def _marker_changed(self, _event: ZoneMarker.Changed) -> None:
        self._update()

    def _update(self) -> None:
        marker = self.marker
        region = marker.cursor_region
        view = f" ({marker.cursor_view} view)" if marker.cursor_view else ""
        here = Content.assemble(
            ("Cursor: ", "bold"),
            BODY_REGIONS.get(region, region) if region else "not on a region",
            (view, "$text-muted"),
        )
        parts = [here]
        if marker.result is None:
            parts.append(Content.assemble(("Marked: ", "bold"), _names(marker.marked)))
            parts.append(Content.styled("enter checks your marks", "$text-muted"))
        else:
            parts.append(result_content(marker.result))
            parts.append(Content.styled("r starts again · esc goes back", "$text-muted"))
        parts.append(marker_legend(marker.result is not None))
        result = self.query_one("#mark-result", Static)
        result.update(Content("\n\n").join(parts))
        result.set_class(marker.result is not None, "-graded")
