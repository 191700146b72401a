"""``quizzer validate`` and ``quizzer cards``: check deck files and print their questions."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import click

from quizzer.commands import UsageProblem, open_decks
from quizzer.decks import DeckError, load_library
from quizzer.discovery import bundled_decks_dir, deck_files
from quizzer.generate import generate
from quizzer.model import Question
from quizzer.safetext import json_for_terminal, one_line


@click.command()
@click.argument("decks", nargs=-1)
def validate(decks: tuple[str, ...]) -> None:
    """Check deck files, folders or bundled deck ids (default: all bundled), a line per problem."""
    paths = [_validate_target(spec) for spec in decks]
    try:
        library, selected = load_library(paths)
    except DeckError as exc:
        for problem in exc.problems:
            click.echo(one_line(str(problem)))
        sys.exit(1)
    checked = [deck for deck in library.decks if deck.id in selected]
    muscles = sum(len(deck.muscles) for deck in checked)
    questions = generate(library, selected)
    written = sum(len(deck.questions) for deck in checked)
    click.echo(
        f"ok: {len(checked)} deck{'s' if len(checked) != 1 else ''}, {muscles} muscle"
        f"{'s' if muscles != 1 else ''}, {len(questions)} questions"
        + (f" ({written} written by hand)" if written else "")
    )


def _validate_target(spec: str) -> Path:
    """A path as given, or the file of the bundled deck that ``spec`` names (as ``cards`` does)."""
    path = Path(spec)
    if path.exists() or "/" in spec or path.suffix.lower() in (".yaml", ".yml", ".csv"):
        if not path.exists():
            raise UsageProblem(f"no such file or folder: {spec}")
        return path
    # Bundled files are named after their deck; the stem is checked first so that a
    # broken bundled deck can still be validated by its id.
    files = deck_files([bundled_decks_dir()])
    by_id = {file.stem: file for file in files}
    if spec not in by_id:
        try:
            library, _ = load_library()
        except DeckError:
            library = None
        if library is not None:
            by_id.update({deck.id: Path(deck.path) for deck in library.decks if deck.bundled})
    if spec in by_id:
        return by_id[spec]
    close = difflib.get_close_matches(spec, sorted(by_id), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UsageProblem(f"no such file or folder: {spec} (and no bundled deck has that id{hint})")


@click.command()
@click.argument("decks", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "jsonl"]),
    default="text",
    show_default=True,
    help="text for reading, jsonl for tools.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for option order and choices.")
def cards(decks: tuple[str, ...], fmt: str, seed: int) -> None:
    """Print every generated question for DECKS (bundled deck ids or paths; default all)."""
    library, selected = open_decks(decks)
    questions = generate(library, selected, seed=seed)
    out = sys.stdout
    for q in questions:
        if fmt == "jsonl":
            out.write(json_for_terminal(json.dumps(q.to_dict(), ensure_ascii=False)) + "\n")
        else:
            out.write(_as_text(q) + "\n")


def _as_text(q: Question) -> str:
    # Every field on its own line, made one line and inert: deck text can neither drive
    # the terminal nor start a line that reads as another field.
    lines = [f"[{q.kind.value}] {one_line(q.id)}", f"Q: {one_line(q.question)}"]
    if q.kind.value == "order":
        lines += [f"  {chr(97 + i)}) {one_line(o)}" for i, o in enumerate(q.options)]
        lines.append("Order: " + " ".join(chr(97 + i) for i in q.correct))
    else:
        for i, o in enumerate(q.options):
            mark = "*" if i in q.correct else " "
            lines.append(f" {mark}{chr(97 + i)}) {one_line(o)}")
    lines.append(f"A: {one_line(q.answer)}")
    if q.explanation:
        lines.append(f"Why: {one_line(q.explanation)}")
    if q.source:  # a hand-written question may have none
        lines.append(f"Source: {one_line(q.source)}")
    return "\n".join(lines) + "\n"
