"""``quizzer export``: write study material for other programs (Anki packages)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from quizzer.commands import ArgumentProblem, UsageProblem, kinds_named, open_decks
from quizzer.generate import generate
from quizzer.model import Kind

_KIND_NAMES = ", ".join(kind.value for kind in Kind)


def parse_kinds(values: tuple[str, ...]) -> set[Kind] | None:
    """``--kinds`` values (repeatable, comma-separated) as a set; None means every kind."""
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    if not names:
        if values:
            raise ArgumentProblem(f"--kinds: no kind given (choose from {_KIND_NAMES})")
        return None
    return set(kinds_named(names))


@click.group()
def export() -> None:
    """Export questions for other programs (Anki)."""


@export.command("anki")
@click.argument("decks", nargs=-1)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The .apkg file to write (replaced if it exists).",
)
@click.option(
    "--kinds",
    "kinds",
    multiple=True,
    metavar="KIND[,KIND...]",
    help=f"Only these question kinds ({_KIND_NAMES}); default all.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed for option order and choices (as for `quizzer cards`).",
)
def anki(decks: tuple[str, ...], output: Path, kinds: tuple[str, ...], seed: int) -> None:
    """Write DECKS (bundled deck ids or paths; default all) as an Anki package.

    Re-importing a newer export into Anki updates the notes in place and keeps review
    progress: each note's id comes from its question id, not from its wording.
    """
    if output.suffix.lower() != ".apkg":
        raise ArgumentProblem(f"{output}: the output file must end in .apkg (Anki imports only those)")
    if output.is_dir():
        raise UsageProblem(f"{output}: is a folder; give a file name ending in .apkg")
    if not output.parent.is_dir():
        raise UsageProblem(f"{output}: folder {output.parent} does not exist")
    wanted = parse_kinds(kinds)
    library, selected = open_decks(decks)
    questions = [q for q in generate(library, selected, seed=seed) if wanted is None or q.kind in wanted]
    if not questions:
        raise UsageProblem("nothing to export: no questions of the chosen kinds in these decks")
    from quizzer.export.anki import ExportError, write_package

    descriptions = {deck.id: deck.description for deck in library.decks}
    # The export time is every note's modification time: Anki only updates notes whose
    # time is newer than its own copy, so this must be the real clock.
    now = datetime.now(UTC)
    try:
        result = write_package(questions, output, now=now, descriptions=descriptions, library=library)
    except ExportError as exc:
        raise UsageProblem(
            f"{output}: cannot write: {exc}; nothing was written (a file already there is unchanged)"
        ) from None
    maps = f", {_count(len(result.media), 'pain map')}" if result.media else ""
    click.echo(
        f"wrote {output}: {_count(result.notes, 'note')}, {_count(result.cards, 'card')} in "
        f"{_count(len(result.decks), 'deck')}{maps} ({result.size / 1024:.0f} KiB)"
    )


def _count(n: int, noun: str) -> str:
    """ "1 note", "2 notes"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
