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
    from quizzer.bank import Bank, PendingBank
    from quizzer.decks import DeckError
    from quizzer.model import Kind, Library

__all__ = ["UsageProblem", "kinds_named", "load_decks", "open_decks", "prepare_decks"]


class UsageProblem(click.ClickException):
    """A user error: printed as one line, exit 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        from quizzer.safetext import for_terminal

        # Messages quote paths, names and stored text: nothing in them may reach the
        # terminal as a control sequence.
        click.echo(f"quizzer: {for_terminal(self.format_message())}", err=True)


class ArgumentProblem(click.UsageError):
    """A mistake in the command's arguments (a bad option value, a missing or clashing option):
    ``quizzer: <command>: <message> (see quizzer <command> --help)``, exit 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message, click.get_current_context(silent=True))


def open_decks(specs: Sequence[str]) -> tuple[Library, list[str]]:
    """Load the decks that command-line arguments name.

    Each argument is a path (a deck file or a folder of them) or the id of a bundled deck;
    with none, every bundled deck is selected. Bundled decks are always loaded so that
    references and distractors can use their muscles.
    """
    from quizzer.bank import UnknownDeck, select
    from quizzer.decks import DeckError, load_library
    from quizzer.discovery import split_specs

    paths, names = split_specs(specs)
    try:
        library, selected = load_library(paths)
        return library, select(library, selected, paths=bool(paths), names=names)
    except DeckError as exc:
        raise UsageProblem(_problems_text(exc)) from None
    except UnknownDeck as exc:
        raise UsageProblem(str(exc)) from None


def prepare_decks(specs: Sequence[str], data_dir: Path | None) -> PendingBank:
    """The question bank of the decks that arguments name (as ``open_decks``), from the
    cache in the data folder when nothing changed: ``load_decks`` loads it."""
    from quizzer.bank import prepare_bank
    from quizzer.discovery import split_specs
    from quizzer.session import BANK_SEED, bank_cache_dir

    paths, names = split_specs(specs)
    return prepare_bank(paths, names=names, seed=BANK_SEED, cache_dir=bank_cache_dir(data_dir))


def load_decks(pending: PendingBank) -> Bank:
    """Load a prepared bank; a deck problem is a one-line-per-problem user error."""
    from quizzer.bank import UnknownDeck
    from quizzer.decks import DeckError

    try:
        return pending.load()
    except DeckError as exc:
        raise UsageProblem(_problems_text(exc)) from None
    except UnknownDeck as exc:
        raise UsageProblem(str(exc)) from None


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
            raise ArgumentProblem(f"--kinds: unknown kind {name!r}{hint}")
        out.add(Kind(key))
    return frozenset(out)
