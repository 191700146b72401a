"""The Textual study app; import it lazily (``from quizzer.tui import run_app``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from quizzer.bank import Bank
    from quizzer.model import Library

Start = Literal["home", "study", "quiz"]


def terminal_problem(command: str = "study") -> str | None:
    """Why the app cannot open here, as one line, or None when it can.

    The app draws on standard output and reads keys from standard input; when either is
    not a terminal (a pipe, a file, ``</dev/null``, cron) it would wait for keys that never
    come. ``command`` names the line-mode command to point to (``study`` or ``quiz``).
    """
    import sys

    streams = {"standard input": sys.stdin, "standard output": sys.stdout}
    missing = [name for name, stream in streams.items() if stream is None or not stream.isatty()]
    if not missing:
        return None
    return (
        f"the study app needs a terminal ({' and '.join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} not one); for line mode on plain input "
        f"and output use `quizzer {command} --plain`"
    )


def run_app(
    library: Library | None,
    selected: Sequence[str],
    data_dir: Path | None,
    *,
    start: Start = "home",
    n: int | None = None,
    load: Callable[[], Bank] | None = None,
) -> str | None:
    """Open the study app on ``start`` and block until the user quits.

    Returns None, or a one-line message when the app could not start (decks or the
    progress store unreadable), for the command to print as its error.

    Args:
        library: every loaded deck (bundled and given); None reads the bundled decks
            in a worker after the first paint.
        selected: the deck ids the command line chose (shown first, studied by default).
        data_dir: where progress is kept (None: the user data folder).
        start: the first screen.
        n: quiz length when ``start`` is "quiz" (None: the default).
        load: with ``library`` None, gives the bank to open (on the worker) instead of
            the bundled decks' (``quizzer.bank``: the decks named on the command line).
    """
    import gc

    # Start-up allocates hundreds of thousands of long-lived objects (Textual's modules, the
    # stylesheet, the question bank); the cycle collector would rescan them over and over.
    # It is switched off until the first screen shows its counts (QuizzerApp then freezes
    # what start-up made and switches it back on), and in any case when the app ends.
    gc.disable()
    try:
        from quizzer.tui.app import build_app

        app = build_app(library, selected, data_dir, start=start, quiz_size=n, load=load)
        return app.run()
    finally:
        gc.enable()
