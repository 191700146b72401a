"""A labelled line whose wrapped text continues under the text, not under its label."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class Hanging(Horizontal):
    """A head (an option's letter, "source:") and a body that wraps with a hanging indent.

    One ``Static`` wraps every line from its left edge, so a long option would continue
    under its letter and blur into the next option; two side by side keep the body a block.
    """

    DEFAULT_CSS = """
    Hanging { height: auto; }
    Hanging > .hanging-head { height: auto; }
    Hanging > .hanging-body { width: 1fr; height: auto; }
    """

    def __init__(
        self, head: Content, body: Content, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._head = head
        self._body = body

    def compose(self) -> ComposeResult:
        head = Static(self._head, classes="hanging-head")
        # The head's own width (trailing spaces included) is where the body starts.
        head.styles.width = max(1, self._head.cell_length)
        yield head
        yield Static(self._body, classes="hanging-body")

    @property
    def body(self) -> Content:
        return self._body

    def set_head(self, head: Content) -> None:
        """Change the head (it keeps the width it was composed with)."""
        self._head = head
        for static in self.query(".hanging-head").results(Static):
            static.update(head)

    def set_body(self, body: Content) -> None:
        self._body = body
        for static in self.query(".hanging-body").results(Static):
            static.update(body)
