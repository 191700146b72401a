"""``quizzer exam``: seeded exam papers in versions, with keys, as HTML, Markdown, GIFT, CSV and QTI."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from quizzer.commands import ArgumentProblem, UsageProblem, kinds_named
from quizzer.export.exam import DEFAULT_KINDS, MAX_VERSIONS, ExamError, Quota, build_exam
from quizzer.export.exam_files import FORMATS
from quizzer.model import Facet, Kind, Library, Question, Topic


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _hint(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else f"; choose from {', '.join(choices)}"


def parse_kinds(value: str | None) -> frozenset[Kind]:
    names = _split(value)
    return kinds_named(names) if names else frozenset(DEFAULT_KINDS)


def parse_topics(value: str | None) -> frozenset[Facet] | None:
    """Facet ids, or the broad topics anatomy, trigger-points and strain (all their facets)."""
    names = _split(value)
    if not names:
        return None
    facets: set[Facet] = set()
    known = [f.value for f in Facet] + [t.value for t in Topic]
    for name in names:
        if name in (t.value for t in Topic):
            facets.update(f for f in Facet if f.topic is Topic(name))
        elif name in (f.value for f in Facet):
            facets.add(Facet(name))
        else:
            raise ArgumentProblem(f"--topics: unknown topic {name!r}{_hint(name, known)}")
    return frozenset(facets)


def _summary(library: Library, selected: Sequence[str]) -> str:
    """The decks of an exam in a few words, for its title (every page footer repeats it):
    up to three by name, else by their exam regions ("24 decks (hip and pelvis and thigh)";
    "149 decks, head and jaw to foot")."""
    from quizzer.regions import REGION_GROUPS, deck_region

    names = [library.deck(d).name for d in selected]
    if len(names) <= 3:
        return ", ".join(names)
    found = {deck_region(library.deck(d), library) for d in selected}
    regions = [title.lower() for region, (title, _) in REGION_GROUPS.items() if region in found]
    if not regions:
        return f"{len(names)} decks"
    if len(regions) <= 2:
        return f"{len(names)} decks ({' and '.join(regions)})"
    return f"{len(names)} decks, {regions[0]} to {regions[-1]}"


def read_blueprint(path: Path, kinds: frozenset[Kind]) -> list[Quota]:
    """Blueprint entries as quotas; a topic's plain count uses the ``--kinds`` kinds."""
    from quizzer.decks import DeckError, load_blueprint

    try:
        entries = load_blueprint(path)
    except DeckError as exc:
        raise UsageProblem("\n".join(str(p) for p in exc.problems)) from None
    facets = [f.value for f in Facet]
    quotas: list[Quota] = []
    for entry in entries:
        if entry.topic not in facets:
            raise UsageProblem(f"{entry.where}: unknown topic {entry.topic!r}{_hint(entry.topic, facets)}")
        if entry.count == 0:
            continue
        chosen = frozenset({Kind(entry.kind)}) if entry.kind else kinds
        quotas.append(Quota(Facet(entry.topic), entry.count, chosen, entry.where))
    if not quotas:
        raise UsageProblem(f"{path}: the blueprint asks for no questions")
    return quotas


def parse_date(value: str) -> str:
    """``--date`` as a real calendar date, YYYY-MM-DD (empty: no date on the paper)."""
    text = value.strip()
    if not text:
        return ""
    # fromisoformat alone also takes 20260101 and week dates; the paper wants one form.
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ArgumentProblem(f"--date: {value!r} is not a date like 2026-12-01 (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise ArgumentProblem(f"--date: {value!r} is not a real date ({exc})") from None


def _digest(path: str | Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def _run_of(
    library: Library, selected: Sequence[str], blueprint: Path | None, **arguments: Any
) -> dict[str, Any]:
    """What makes this exam what it is, for its folder's manifest: the arguments (not
    where it is written), the Quizzer version and the contents of every loaded deck (other
    decks' muscles give the wrong options)."""
    from quizzer import __version__

    return {
        **arguments,
        "decks": list(selected),
        "blueprint": None if blueprint is None else {"file": blueprint.name, "sha256": _digest(blueprint)},
        "quizzer": __version__,
        "deck_files": {deck.id: _digest(deck.path) for deck in sorted(library.decks, key=lambda d: d.id)},
    }


@click.command()
@click.argument("decks", nargs=-1)
@click.option("-n", "count", type=int, help="How many questions (default: the blueprint's total).")
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed for choice, order and options; the same seed gives the same files.",
)
@click.option(
    "--versions",
    type=int,
    default=1,
    show_default=True,
    help=f"Versions A, B, C… (1–{MAX_VERSIONS}): same questions, different order.",
)
@click.option("--kinds", help="Comma-separated kinds (default: mcq,multi,not,order).")
@click.option(
    "--topics", help="Comma-separated facets (e.g. origin,actions) or anatomy, trigger-points, strain."
)
@click.option(
    "--blueprint",
    type=click.Path(path_type=Path),
    help="YAML: questions per topic, e.g. 'origin: 3' or 'actions: {mcq: 2}'.",
)
@click.option(
    "--format",
    "formats",
    default="html,md,gift,csv",
    show_default=True,
    help="Comma-separated: html, md, gift, csv, qti (IMS QTI 1.2 for Canvas, Blackboard, D2L).",
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("exam"),
    show_default=True,
    help="Folder for the files (created if missing).",
)
@click.option("--title", help="Printed on every page (default: from the deck names).")
@click.option("--date", "date", default="", help="YYYY-MM-DD, printed in the header (default: left blank).")
@click.option(
    "--paper",
    type=click.Choice(sorted(["a4", "letter"])),
    default="a4",
    show_default=True,
    help="Page size for printing the HTML.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Replace the exam already in the output folder, made with other arguments "
    "or decks (the same exam is always replaced).",
)
def exam(
    decks: tuple[str, ...],
    count: int | None,
    seed: int,
    versions: int,
    kinds: str | None,
    topics: str | None,
    blueprint: Path | None,
    formats: str,
    out_dir: Path,
    title: str | None,
    date: str,
    paper: str,
    replace: bool,
) -> None:
    """Write exam papers, answer keys, Moodle GIFT, CSV and QTI for DECKS (default: all bundled)."""
    from quizzer.commands import open_decks
    from quizzer.export.exam_files import render_exam
    from quizzer.export.exam_folder import ExamFolderError, write_exam_folder
    from quizzer.generate import generate

    wanted = _split(formats)
    for name in wanted:
        if name not in FORMATS:
            raise ArgumentProblem(f"--format: unknown format {name!r}{_hint(name, FORMATS)}")
    if not wanted:
        raise ArgumentProblem("--format: name at least one of html, md, gift, csv, qti")
    if count is None and blueprint is None:
        raise ArgumentProblem("say how many questions with -n N, or give a --blueprint")
    if count is not None and count < 1:
        raise ArgumentProblem(f"-n must be at least 1, got {count}")
    if not 1 <= versions <= MAX_VERSIONS:
        raise ArgumentProblem(f"--versions must be between 1 and {MAX_VERSIONS}, got {versions}")
    if blueprint is not None and topics:
        raise ArgumentProblem("--topics and --blueprint cannot be combined: the blueprint names the topics")
    printed_date = parse_date(date)
    kind_set = parse_kinds(kinds)
    facet_set = parse_topics(topics)
    quotas = read_blueprint(blueprint, kind_set) if blueprint is not None else None
    library, selected = open_decks(decks)
    allowed = set(kind_set) | {k for q in quotas or () for k in (q.kinds or ())}
    pool: list[Question] = [
        q
        for q in generate(library, selected, seed=seed)
        if q.kind in allowed and (facet_set is None or q.facet in facet_set)
    ]
    if not pool:
        raise UsageProblem("no questions match the chosen decks, --kinds and --topics")
    default_title = "Quizzer exam: " + _summary(library, selected)
    try:
        made = build_exam(
            pool,
            n=count,
            seed=seed,
            versions=versions,
            blueprint=quotas,
            title=title or default_title,
            date=printed_date,
            library=library,
        )
        files = render_exam(made, wanted, paper=paper)
    except ExamError as exc:
        raise UsageProblem(str(exc)) from None
    run = _run_of(
        library,
        selected,
        blueprint,
        count=count,
        seed=seed,
        versions=[v.letter for v in made.versions],
        kinds=sorted(k.value for k in kind_set),
        topics=None if facet_set is None else sorted(f.value for f in facet_set),
        formats=wanted,
        title=title or default_title,
        date=printed_date,
        paper=paper,
    )
    try:
        written = write_exam_folder(out_dir, files, run, replace=replace)
    except ExamFolderError as exc:
        raise UsageProblem(str(exc)) from None
    click.echo(
        f"{len(made.questions)} questions, {len(made.versions)} version"
        f"{'s' if len(made.versions) != 1 else ''}, seed {seed}"
        + (" (the earlier exam in the folder was replaced)" if written.replaced else "")
        + ":"
    )
    for name in written.files:
        click.echo(f"  {out_dir / name}")
