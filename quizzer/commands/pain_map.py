"""``quizzer map``: a muscle's referral pain map in the terminal, or as an SVG file."""

from __future__ import annotations

import os
from pathlib import Path

import click

from quizzer.commands import UsageProblem, open_decks
from quizzer.model import Muscle


def _style(text: str, role: str) -> str:
    """Colour one run of cells (the study app uses its theme colours instead)."""
    if role == "outline":
        return click.style(text, dim=True)
    if role == "spillover":
        return click.style(text, fg="red")
    if role == "essential":
        return click.style(text, fg="red", bold=True)
    if role == "trigger":
        return click.style(text, fg="bright_white", bg="red", bold=True)
    return text


@click.command("map")
@click.argument("muscle")
@click.argument("decks", nargs=-1)
@click.option(
    "--svg",
    "svg_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the chart as an SVG file instead (- for standard output).",
)
@click.option(
    "--rows",
    type=click.IntRange(6, 60),
    default=18,
    show_default=True,
    help="Height of the terminal map in lines.",
)
@click.option("--full", is_flag=True, help="Draw the whole figure, head to feet.")
@click.option("--no-title", is_flag=True, help="Leave the muscle's name off (for quizzes).")
def map_command(
    muscle: str,
    decks: tuple[str, ...],
    svg_path: Path | None,
    rows: int,
    full: bool,
    no_title: bool,
) -> None:
    """Draw where MUSCLE's trigger points refer pain.

    MUSCLE is a muscle id (e.g. gluteus-minimus), name or alias (TFL, "glute med"); DECK
    arguments work as for `cards`.
    """
    from quizzer.atlas import AtlasError
    from quizzer.bank import unknown_id_hint
    from quizzer.session.search import named

    library, _ = open_decks(decks)
    known = sorted(m.id for m in library.muscles())
    if muscle not in known:
        # A name or alias, as the app's palette finds it ("TFL", "glute med").
        found = named(muscle.split(), {m.id: (m.name, *m.aliases) for m in library.muscles()})
        if len(found) > 1:
            raise UsageProblem(f"{muscle!r} names several muscles: {', '.join(found)}; give one of them")
        if not found:
            raise UsageProblem(f"unknown muscle {muscle!r}{unknown_id_hint(muscle, known, 'muscles')}")
        muscle = found[0]
    chosen = library.muscle(muscle)
    if not chosen.referral_zones:
        raise UsageProblem(f"{muscle}: the deck gives no referral zones to draw")
    try:
        if svg_path is not None:
            _write_svg(chosen, svg_path, title=not no_title, crop=not full)
        else:
            _print_map(chosen, rows=rows, crop=not full, title=not no_title)
    except AtlasError as exc:
        raise UsageProblem(str(exc)) from None


def _write_svg(muscle: Muscle, path: Path, *, title: bool, crop: bool) -> None:
    from quizzer.atlas.svg import render_svg

    svg = render_svg(muscle, title=title, crop=crop)
    if str(path) == "-":
        click.echo(svg, nl=False)
        return
    try:
        path.write_text(svg, encoding="utf-8")
    except OSError as exc:
        raise UsageProblem(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"wrote {path} ({len(svg.encode())} bytes)", err=True)


def _print_map(muscle: Muscle, *, rows: int, crop: bool, title: bool) -> None:
    from quizzer.atlas.terminal import render_cells

    tmap = render_cells(muscle, rows=rows, crop=crop)
    color = None if not os.environ.get("NO_COLOR") else False
    if title:
        click.echo(f"{muscle.name}: referral pattern")
    for runs in tmap.segments():
        line = "".join(_style(text, role.value) for text, role in runs)
        click.echo(line.rstrip(), color=color)
    click.echo(tmap.caption())
    click.echo("⣿ essential zone   ⢕ spillover zone   × trigger point")
