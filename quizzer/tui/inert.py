"""Text on the app's screen is inert: nothing in it can drive the terminal.

Textual (and Rich, under it) remove a few control characters (BEL, BS, VT, FF, CR) from
every piece of text they are given, but pass ESC, the C1 controls (CSI, OSC …) and the
bidirectional controls through to the terminal: a deck, a file name or a stored id holding
``ESC ] 52`` would write the clipboard, ``ESC [ 2 J`` clear the screen. Both libraries
strip with one translation table each, applied to all text they are given; this widens
those tables to everything :func:`quizzer.safetext.for_terminal` removes, so all text the
app draws is covered, whichever widget draws it. Textual's own output (styles, cursor
moves) is made from its own codes, never from text, and is untouched.
"""

from __future__ import annotations

import rich.control
import textual.content

from quizzer.controls import terminal_drops


def make_text_inert() -> None:
    """Widen Textual's and Rich's control-code tables (idempotent; a test checks the screen)."""
    extra = dict.fromkeys(terminal_drops())
    for table in (textual.content._CONTROL_STRIP_TRANSLATE, rich.control._CONTROL_STRIP_TRANSLATE):
        table.update(extra)  # in place: both modules bound the table as a default argument
