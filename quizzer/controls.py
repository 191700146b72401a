"""The characters a terminal would act on, as plain data.

``quizzer.safetext`` builds its checks and filters on these; the study app widens its
renderers' tables with :func:`terminal_drops` at every start, which needs only this module
(``safetext`` compiles about ten regular expressions when imported: 3-5 ms).
"""

from __future__ import annotations

CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
"""C0 and C1 control characters and DEL, except tab and newline (ESC, CSI, OSC, NEL …)."""
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""The bidirectional controls (they reorder what is shown: "Trojan Source")."""


def terminal_drops() -> list[int]:
    """The code points :func:`quizzer.safetext.for_terminal` removes (for renderers with a
    table of their own): ``CONTROLS`` and ``BIDI``."""
    return [
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
