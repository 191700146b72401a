"""Settings: retention, daily limits, learning steps, exam date and theme, saved in the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from quizzer.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from quizzer.progress import Settings
    from quizzer.session import StudyService


class SettingsProblem(ValueError):
    """A settings field holds text that is not a valid value; names the field."""


FIELDS = (
    ("retention", "desired_retention", "desired retention"),
    ("new_per_day", "new_per_day", "new cards per day, each deck"),
    ("new_per_day_total", "new_per_day_total", "new cards per day, all decks"),
    ("reviews_per_day", "reviews_per_day", "reviews per day"),
    ("steps", "learning_steps", "learning steps"),
    ("exam", "exam_date", "exam date"),
)
"""(field id, setting, what the message calls it) for each text field of the form."""


def parse_fields(values: dict[str, str]) -> dict[str, Any]:
    """Turn the form's texts into ``update_settings`` arguments; raises SettingsProblem.

    Each field takes what ``quizzer settings`` takes for its setting (``parse_setting``).
    """
    from quizzer.progress import SettingError, parse_setting

    out: dict[str, Any] = {}
    for field, key, label in FIELDS:
        if field not in values:
            continue
        try:
            out[key] = parse_setting(key, values[field])
        except SettingError as exc:
            raise SettingsProblem(f"{label} {exc.detail}") from None
    return out


class FormInput(Input):
    """A settings field that leaves ``?`` to Help.

    A focused ``Input`` takes every printable key, so ``? Help`` would leave the footer
    as soon as a field has focus (and the form opens in one). No field ever needs a "?".
    """

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character != "?" and super().check_consume_key(key, character)


class SettingsScreen(Screen[None]):
    """A small form; ctrl+s (or the button) checks and saves, esc leaves without saving."""

    AUTO_FOCUS = "#retention"
    """Open in the first field, so typing a number changes it at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="settings.save", priority=True),
        Binding("escape", "back", "Back", id="settings.back"),
        # Priority: before the focused field would type the "?" into itself.
        Binding("question_mark", "app.help", "Help", id="settings.help", priority=True),
    ]

    def __init__(self, service: StudyService) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        s: Settings = self.service.settings
        yield Static(Content.styled(" Settings", "bold"), classes="screen-title")
        with VerticalScroll(id="settings-form"):
            yield from _row(
                "Desired retention", FormInput(f"{s.desired_retention:.2f}", id="retention", compact=True)
            )
            yield from _row(
                "New/day, each deck",
                FormInput(str(s.new_per_day), id="new_per_day", type="integer", compact=True),
            )
            yield from _row(
                "New/day, all decks",
                FormInput(str(s.new_per_day_total), id="new_per_day_total", type="integer", compact=True),
            )
            yield from _row(
                "Reviews per day",
                FormInput(str(s.reviews_per_day), id="reviews_per_day", type="integer", compact=True),
            )
            yield from _row(
                "Learning steps (min)",
                FormInput(" ".join(map(str, s.learning_steps)), id="steps", compact=True),
            )
            yield from _row(
                "Exam date",
                FormInput(
                    s.exam_date.isoformat() if s.exam_date else "",
                    placeholder="YYYY-MM-DD (empty: none)",
                    id="exam",
                    compact=True,
                ),
            )
            themes = sorted(self.app.available_themes)
            yield from _row(
                "Theme",
                Select(
                    [(t, t) for t in themes],
                    value=self.app.theme,
                    allow_blank=False,
                    id="theme",
                    compact=True,
                ),
            )
            yield Static("", id="settings-error")
            with Horizontal(id="settings-buttons"):
                yield Button("Save", id="settings-save", variant="primary", compact=True)
                yield Button("Cancel", id="settings-cancel", compact=True)
        yield KeyFooter()

    def form_values(self) -> dict[str, str]:
        return {key: self.query_one(f"#{key}", Input).value for key, _setting, _label in FIELDS}

    def action_save(self) -> None:
        error = self.query_one("#settings-error", Static)
        try:
            changes = parse_fields(self.form_values())
            theme = self.query_one("#theme", Select).value
            if isinstance(theme, str):
                changes["theme"] = theme
            self.service.update_settings(**changes)
        except ValueError as exc:
            error.update(Content.styled(str(exc), "bold $error"))
            return
        error.update("")
        if isinstance(theme, str):
            self.app.theme = theme
        self.notify("Settings saved.")
        self.dismiss(None)

    def action_back(self) -> None:
        saved = self.service.settings.theme
        if saved in self.app.available_themes:
            self.app.theme = saved
        self.dismiss(None)

    @on(Button.Pressed, "#settings-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#settings-cancel")
    def _cancel_pressed(self) -> None:
        self.action_back()

    @on(Select.Changed, "#theme")
    def _theme_changed(self, event: Select.Changed) -> None:
        # Preview the theme at once; it is kept only when saved.
        if isinstance(event.value, str):
            self.app.theme = event.value


def _row(label: str, field: Input | Select[str]) -> ComposeResult:
    with Horizontal(classes="settings-row"):
        yield Label(label, classes="settings-label")
        yield field
