"""The key footer: one widget that draws the screen's keys as Textual's footer does."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class FooterItem(NamedTuple):
    """One key the footer shows."""

    key: str
    """The key as bindings name it ("s", "question_mark"), what a click presses."""
    display: str
    """The key as shown ("s", "?", "^q")."""
    description: str
    enabled: bool
    tooltip: str


class KeyFooter(Widget, can_focus=False):
    """The screen's keys, each ``key description`` (a click presses the key), as Textual's
    ``Footer`` shows them, in one widget.

    Textual's footer is a scrolling container with a widget per key: styling and laying
    them out took about 20 ms of the home screen's first frame (of about 100 more than a
    one-label app), and it is composed empty and rebuilt after the first refresh. This one
    reads the screen's keys when it renders (so they are in the screen's first frame) and
    only repaints when they change. Keys beyond the right edge are cut, as there; every
    screen's keys fit at 80 columns (tested).
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--hover",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        overflow: hidden hidden;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[FooterItem, ...] = ()
        self._spans: list[tuple[int, int, FooterItem]] = []
        """Where each key is drawn: (first column, column after it, the key)."""
        self._hover: str | None = None

    @property
    def shown(self) -> tuple[FooterItem, ...]:
        """The keys on show (as last drawn), left to right."""
        return self._shown

    @property
    def placed(self) -> tuple[tuple[int, int, FooterItem], ...]:
        """Where each key on show was drawn: its first column, the column after it."""
        return tuple(self._spans)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen and _visible(screen) != self._shown:
            self.refresh()

    def render(self) -> Text:
        self._shown = _visible(self.screen)
        base = self.rich_style
        key = self.get_component_rich_style("footer-key--key", partial=True)
        description = self.get_component_rich_style("footer-key--description", partial=True)
        hover = self.get_component_rich_style("footer-key--hover")
        text = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for item in self._shown:
            start = len(text)
            style = hover if item.key == self._hover else base
            if not item.enabled:
                style += Style(dim=True)
            text.append(f" {item.display} ", style + key)
            if item.description:
                text.append(f"{item.description} ", style + description)
            self._spans.append((start, len(text), item))
        return text

    def _item_at(self, x: int) -> FooterItem | None:
        return next((item for start, end, item in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._item_at(event.x)
        hover = item.key if item is not None else None
        if hover != self._hover:
            self._hover = hover
            self.tooltip = item.tooltip if item is not None and item.tooltip else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self._item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()


def _visible(screen: Screen[object]) -> tuple[FooterItem, ...]:
    """The keys a footer shows for ``screen``: the first shown key of each action, in the
    order of the screen's active bindings (as Textual's footer picks them)."""
    items: dict[str, FooterItem] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.show or binding.action in items:
            continue
        items[binding.action] = FooterItem(
            key=binding.key,
            display=screen.app.get_key_display(binding),
            description=binding.description,
            enabled=active.enabled,
            tooltip=active.tooltip or binding.tooltip,
        )
    return tuple(items.values())
