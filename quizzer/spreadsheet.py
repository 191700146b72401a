"""CSV that a spreadsheet opens safely: formula cells neutralized on the way out, restored on the way in.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab
or a carriage return) as a formula: deck text such as ``=HYPERLINK(…)`` in an exam CSV would
be a live formula on the instructor's machine (OWASP: CSV injection). As OWASP recommends,
every such cell is written with a leading ``'``, which spreadsheets show as text; the reader
removes exactly that one quote again, so a file Quizzer wrote reads back as it was meant.

The rule is symmetric: a cell is escaped when it matches ``'*<trigger>`` (any number of
quotes, then a trigger character), and the reader strips one quote from a cell that
matches ``'+<trigger>``. So ``=x`` ↔ ``'=x`` and a literal ``'=x`` ↔ ``''=x``: every text
survives the round trip unchanged, and no written cell ever starts with a trigger.

Every CSV that Quizzer writes goes through ``write_rows``; every CSV it reads goes through
``restore_cell``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

TRIGGERS = "=+-@\t\r"
"""First characters that make a spreadsheet evaluate a cell (OWASP's list)."""

_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def neutralize_cell(text: str) -> str:
    """``text`` as a cell no spreadsheet runs as a formula (a leading ``'`` where needed)."""
    return "'" + text if _NEEDS_QUOTE.match(text) else text


def restore_cell(text: str) -> str:
    """The text that ``neutralize_cell`` was given: one leading ``'`` removed where it added one."""
    return text[1:] if _QUOTED.match(text) else text


def write_rows(rows: Iterable[Iterable[object]], *, delimiter: str = ",") -> str:
    """RFC 4180 CSV (CRLF line ends, quotes only where needed) with every cell neutralized."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([neutralize_cell(str(cell)) for cell in row])
    return buffer.getvalue()
