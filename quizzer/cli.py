"""The ``quizzer`` command line; the study app is imported lazily."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from quizzer import __version__
from quizzer.commands import UsageProblem, open_decks
from quizzer.decks import DeckError, load_library
from quizzer.generate import generate
from quizzer.model import Library, Question


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quizzer")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="QUIZZER_HOME",
    help="Where progress is kept (default: the user data folder; env QUIZZER_HOME).",
)
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None) -> None:
    """Quizzer: study muscles, trigger points and strains with spaced repetition."""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir
    if ctx.invoked_subcommand is None:
        # Lazy: Textual is imported only when the app opens, so other commands stay fast.
        from quizzer.tui import run_app

        error = run_app(None, [], data_dir)
        if error:
            raise UsageProblem(error)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check deck files (default: the bundled decks); one line per problem."""
    try:
        library, selected = load_library(list(paths))
    except DeckError as exc:
        for problem in exc.problems:
            click.echo(str(problem))
        sys.exit(1)
    decks = [deck for deck in library.decks if deck.id in selected]
    muscles = sum(len(deck.muscles) for deck in decks)
    questions = generate(library, selected)
    click.echo(
        f"ok: {len(decks)} deck{'s' if len(decks) != 1 else ''}, {muscles} muscle"
        f"{'s' if muscles != 1 else ''}, {len(questions)} questions"
    )


@cli.command()
@click.argument("decks", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True, help="text for reading, jsonl for tools.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed for option order and choices.")
def cards(decks: tuple[str, ...], fmt: str, seed: int) -> None:
    """Print every generated question for DECKS (bundled deck ids or paths; default all)."""
    library, selected = open_decks(decks)
    questions = generate(library, selected, seed=seed)
    out = sys.stdout
    for q in questions:
        if fmt == "jsonl":
            out.write(json.dumps(q.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(_as_text(q) + "\n")


def _as_text(q: Question) -> str:
    lines = [f"[{q.kind.value}] {q.id}", f"Q: {q.question}"]
    if q.kind.value == "order":
        lines += [f"  {chr(97 + i)}) {o}" for i, o in enumerate(q.options)]
        lines.append("Order: " + " ".join(chr(97 + i) for i in q.correct))
    else:
        for i, o in enumerate(q.options):
            mark = "*" if i in q.correct else " "
            lines.append(f" {mark}{chr(97 + i)}) {o}")
    lines.append(f"A: {q.answer}")
    if q.explanation:
        lines.append(f"Why: {q.explanation}")
    lines.append(f"Source: {q.source}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="quizzer")
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)


# Subcommands that live in their own modules (each imports heavy libraries lazily, inside
# the command, so that `quizzer --help` and the app's cold start stay fast).
from quizzer.commands.export import export  # noqa: E402

cli.add_command(export)

from quizzer.commands.exam import exam  # noqa: E402

cli.add_command(exam)
from quizzer.commands.study import backup, quiz, settings_command, stats, study  # noqa: E402

cli.add_command(study)
cli.add_command(quiz)
cli.add_command(stats)
cli.add_command(backup)
cli.add_command(settings_command)

from quizzer.commands.pain_map import map_command  # noqa: E402

cli.add_command(map_command)
