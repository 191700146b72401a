"""A footer that shows its keys in the screen's first frame and redraws only when they change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer is composed empty and fills itself in after the screen's first
    refresh (a recompose, about 10 ms, then another frame), and rebuilds itself on every
    bindings refresh. This one is composed with the screen's keys, so they are in the
    screen's first frame, and skips a rebuild when the visible keys and their states are
    the same."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)
        self._shown: tuple[tuple[str, str, bool], ...] | None = None
        # The screen's keys are known when the footer is composed (it is composed with
        # the screen): no need to wait for the first bindings refresh.
        self.set_reactive(Footer._bindings_ready, True)

    def compose(self) -> ComposeResult:
        self._shown = _visible(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = _visible(screen)
        if shown == self._shown:
            return
        self._shown = shown  # (the rebuild is to come: once, for several changes before it)
        super().bindings_changed(screen)


def _visible(screen: Screen[object]) -> tuple[tuple[str, str, bool], ...]:
    """The keys a footer shows for ``screen``, with their descriptions and states."""
    return tuple(
        (key, active.binding.description, active.enabled)
        for key, active in screen.active_bindings.items()
        if active.binding.show
    )
