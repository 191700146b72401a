"""``quizzer new muscle`` (a skeleton deck to fill in) and ``quizzer ids`` (ids for question files)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from quizzer.commands import UsageProblem


@click.group()
def new() -> None:
    """Start a new deck file to fill in."""


@new.command("muscle")
@click.argument("name")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (default: NAME as a slug, .yaml, in this folder; - for standard output).",
)
def muscle(name: str, output: Path | None) -> None:
    """Write a commented skeleton deck for the muscle NAME, with every field of the schema."""
    from quizzer.discovery import bundled_decks_dir
    from quizzer.questions import slug_of
    from quizzer.skeleton import muscle_skeleton

    name = " ".join(name.split())
    if not name:
        raise click.BadParameter("the muscle needs a name", param_hint="NAME")
    slug = slug_of(name)
    _refuse_known_muscle(name, slug)
    to_stdout = output is not None and str(output) == "-"
    target = output if output is not None and not to_stdout else Path(f"{slug}.yaml")
    schema = target.resolve().parent / "schema.json"
    bundled = bundled_decks_dir() / "schema.json"
    schema_path = (
        "schema.json" if schema.is_file() else bundled.resolve().as_uri() if bundled.is_file() else ""
    )
    text = muscle_skeleton(name, file=str(target), schema_path=schema_path)
    if to_stdout:
        sys.stdout.write(text)
        return
    try:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageProblem(
            f"{target} already exists; nothing was written (choose another file with -o)"
        ) from None
    except OSError as exc:
        raise UsageProblem(f"cannot write {target}: {exc.strerror}") from None
    click.echo(f"wrote {target}: fill in its blanks, then run `quizzer validate {target}`")


def _refuse_known_muscle(name: str, slug: str) -> None:
    from quizzer.decks import DeckError, load_library

    try:
        library, _ = load_library()
    except DeckError:
        return
    for m in library.muscles():
        if m.id == slug or m.name.casefold() == name.casefold():
            deck = library.deck(m.deck)
            raise UsageProblem(
                f"{m.name} ({m.id}) is already in the deck {deck.path}: edit "
                "that file, or give the new muscle another name"
            )


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def ids(files: tuple[Path, ...]) -> None:
    """Write an id into every question of CSV question FILES that has none.

    Without an id a question is known by its wording, so editing it starts its progress
    afresh. The id written is the one it has now: progress so far is kept, and from then on
    the wording can change.
    """
    from quizzer.questions import QuestionFileError, read_question_file, read_sheet
    from quizzer.spreadsheet import write_rows

    for path in files:
        if path.suffix.lower() != ".csv":
            raise click.BadParameter(f"{path} is not a .csv question file", param_hint="FILES")
        try:
            drafts = read_question_file(path)
            sheet = read_sheet(path)
        except QuestionFileError as exc:
            raise UsageProblem(
                "\n".join(f"{path}:{line}: {message}" for line, message in exc.problems)
            ) from None
        header = list(sheet.header)
        names = [" ".join(cell.casefold().split()) for cell in header]
        if "id" not in names:
            header.append("id")
            names.append("id")
        column = names.index("id")
        rows: list[list[str]] = [header]
        written = 0
        for (_, cells), made in zip(sheet.rows, drafts, strict=True):
            cells = cells + [""] * (len(header) - len(cells))
            if not cells[column]:
                cells[column] = made.item
                written += 1
            rows.append(cells)
        if not written:
            click.echo(f"{path}: every question already has an id")
            continue
        text = write_rows(rows, delimiter=sheet.delimiter)
        _replace(path, ("\ufeff" if sheet.bom else "") + text)
        click.echo(f"{path}: {written} id{'s' if written != 1 else ''} written")


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file renamed into place."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise UsageProblem(f"cannot write {path}: {exc.strerror}") from None
