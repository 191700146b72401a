"""The help dialog: every key of every screen, built from the bindings themselves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

_KEY_NAMES = {
    "question_mark": "?",
    "comma": ",",
    "space": "space",
    "escape": "esc",
    "enter": "enter",
    "slash": "/",
    "backspace": "backspace",
    "ctrl+q": "ctrl+q",
    "ctrl+p": "ctrl+p",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}


def key_label(keys: str) -> str:
    """Readable key names: ``question_mark`` → ``?``; alternatives joined with ``/``."""
    names = [_KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(",")]
    if len(names) > 3 and all(len(n) == 1 for n in names):
        return f"{names[0]}–{names[-1]}"
    return "/".join(names)


def binding_title(binding: Binding) -> str:
    """A key's full name for help and the command palette: the footer shows the short
    ``description`` (every key must fit at 80 columns), the ``tooltip`` spells it out."""
    return binding.tooltip or binding.description


def help_content(sections: Sequence[tuple[str, Sequence[BindingType]]]) -> Content:
    """One block per screen listing its keys and what they do."""
    lines: list[Content] = []
    for title, bindings in sections:
        rows = [b for b in bindings if isinstance(b, Binding) and b.description]
        if not rows:
            continue
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(title, "bold $accent"))
        for b in rows:
            lines.append(Content.assemble((f"  {key_label(b.key):<14}", "bold"), binding_title(b)))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Lists every key; any of esc, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss(None)", "Close help", id="help.close"),
    ]

    def __init__(self, sections: Sequence[tuple[str, Sequence[BindingType]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(
                Content.styled("Keys  (esc closes · ctrl+p finds any action)", "bold"), id="help-title"
            )
            with VerticalScroll(id="help-scroll"):
                yield Static(help_content(self.sections), id="help-text")
