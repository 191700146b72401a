"""Pieces shared by the command modules: deck arguments and one-line user errors.

Kept apart from ``quizzer.cli`` so that a command module can be imported on its own.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from quizzer.decks import DeckError
    from quizzer.model import Kind, Library

__all__ = ["UsageProblem", "kinds_named", "open_decks"]


class UsageProblem(click.ClickException):
    """A user error: printed as one line, exit 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        from quizzer.safetext import for_terminal

        # Messages quote paths, names and stored text: nothing in them may reach the
        # terminal as a control sequence.
        click.echo(f"quizzer: {for_terminal(self.format_message())}", err=True)


def open_decks(specs: Sequence[str]) -> tuple[Library, list[str]]:
    """Load the decks that command-line arguments name.

    Each argument is a path (a deck file or a folder of them) or the id of a bundled deck;
    with none, every bundled deck is selected. Bundled decks are always loaded so that
    references and distractors can use their muscles.
    """
    from quizzer.decks import DeckError, load_library

    paths = [Path(spec) for spec in specs if _looks_like_path(spec)]
    names = [spec for spec in specs if not _looks_like_path(spec)]
    try:
        library, selected = load_library(paths)
    except DeckError as exc:
        raise UsageProblem(_problems_text(exc)) from None
    if not specs:
        return library, selected
    chosen = list(selected) if paths else []
    known = [deck.id for deck in library.decks]
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f"; bundled decks: {', '.join(known)}"
            raise UsageProblem(f"unknown deck {name!r}: no such file, and no deck has that id{hint}")
        if name not in chosen:
            chosen.append(name)
    return library, chosen


def _looks_like_path(spec: str) -> bool:
    return Path(spec).exists() or spec.lower().endswith((".yaml", ".yml", ".csv")) or "/" in spec


def _problems_text(exc: DeckError) -> str:
    from quizzer.safetext import one_line

    # ClickException prints one message; each problem keeps its own line (and only one).
    return "\n".join(one_line(str(p)) for p in exc.problems)


def kinds_named(names: Sequence[str]) -> frozenset[Kind]:
    """The kinds a ``--kinds`` option names (any case); a one-line error for an unknown one."""
    from quizzer.model import Kind

    known = [kind.value for kind in Kind]
    out: set[Kind] = set()
    for name in names:
        key = name.strip().lower()
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f"; choose from {', '.join(known)}"
            raise UsageProblem(f"--kinds: unknown kind {name!r}{hint}")
        out.add(Kind(key))
    return frozenset(out)
