"""The ``quizzer`` command: ``quizzer`` alone opens the study app at once; anything else goes
to the command tree (``quizzer.commands.root``, built with click), imported only then.

Opening the app needs none of click (about 5–8 ms of imports at every start), so the
launcher reads what the command tree would (``QUIZZER_HOME``) itself and reports a problem
in the same one line and exit status. Whatever it cannot settle alone (a ``QUIZZER_HOME``
click would refuse) it hands to the command tree, which says why.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizzer.commands.root import cli as cli

HOME_ENV = "QUIZZER_HOME"
"""The environment variable naming the data folder (``--data-dir``'s default)."""


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: every user error ends as one ``quizzer:`` line, never a traceback."""
    _tolerate_unencodable_output()
    args = list(argv) if argv is not None else sys.argv[1:]
    home = os.environ.get(HOME_ENV) or None  # an empty value is unset, as click reads it
    if args or (home is not None and _click_refuses(home)):
        from quizzer.commands.root import run

        run(args)
        return
    try:
        problem = open_app(Path(home) if home is not None else None)
        if problem:
            _fail(problem)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)


def open_app(data_dir: Path | None) -> str | None:
    """``quizzer`` alone: the study app on its home screen; what stopped it, if anything
    (no terminal, a store that cannot be opened), for the caller to report in one line.
    The launcher and the command tree (``quizzer --data-dir DIR``) both open it here."""
    # Lazy: Textual is imported only when the app opens.
    from quizzer.tui import run_app, terminal_problem

    return terminal_problem() or run_app(None, [], data_dir)


def _fail(message: str) -> None:
    """``quizzer: <message>`` on standard error, exit 1 (as ``UsageProblem`` does)."""
    from quizzer.safetext import for_terminal

    # Messages quote paths, names and stored text: nothing in them may reach the terminal
    # as a control sequence.
    print(f"quizzer: {for_terminal(message)}", file=sys.stderr, flush=True)
    sys.exit(1)


def _click_refuses(home: str) -> bool:
    """Whether ``--data-dir``'s type (``click.Path(file_okay=False)``) refuses ``home``: a
    file, or a folder that cannot be read (a missing one is made when the store opens)."""
    try:
        mode = os.stat(home).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) or not os.access(home, os.R_OK)


def _tolerate_unencodable_output() -> None:
    """Replace characters the terminal's encoding lacks (braille, accents) instead of crashing.

    UTF-8 streams are left alone; any other encoding (PYTHONIOENCODING=ascii, a latin-1
    locale) gets ``errors="replace"``, so a map or a card prints with ``?`` in place.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            utf8 = codecs.lookup(encoding).name == "utf-8"
        except LookupError:
            utf8 = False
        if not utf8 and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def __getattr__(name: str) -> Any:
    # ``quizzer.cli.cli``, the click group, for those who drive the command tree in-process
    # (CliRunner): imported when asked for, not when the app opens.
    if name == "cli":
        from quizzer.commands.root import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
