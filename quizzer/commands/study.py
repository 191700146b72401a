"""``quizzer study``, ``quizzer quiz`` (the app, or plain line mode), ``quizzer stats`` and ``quizzer backup``."""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from quizzer.commands import UsageProblem, open_decks

if TYPE_CHECKING:
    from quizzer.session import Session, StudyService

_RATINGS = {"1": 1, "2": 2, "3": 3, "4": 4, "again": 1, "hard": 2, "good": 3, "easy": 4}
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}")
_MOVE_ASIDE = click.option(
    "--move-aside", is_flag=True,
    help="If the progress file is damaged or not ours, rename it aside and start afresh.",
)


def _clock() -> datetime:
    return datetime.now(UTC)


def _open_service(ctx: click.Context, decks: tuple[str, ...], move_aside: bool) -> StudyService:
    """The service for DECKS at the real clock and the local time zone (the CLI is the edge)."""
    from quizzer.session import StoreError, open_service

    library, selected = open_decks(decks)
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    try:
        return open_service(library, deck_ids=selected, data_dir=ctx.obj.get("data_dir"),
                            clock=_clock, utc_offset=offset, move_aside=move_aside)
    except StoreError as exc:
        raise UsageProblem(str(exc)) from None


def _run_app(ctx: click.Context, decks: tuple[str, ...], start: str, n: int | None) -> None:
    from quizzer.tui import run_app

    library, selected = open_decks(decks)
    error = run_app(library, selected, ctx.obj.get("data_dir"), start=start,  # type: ignore[arg-type]
                    n=n)
    if error:
        raise UsageProblem(error)


@click.command()
@click.argument("decks", nargs=-1)
@click.option("--plain", is_flag=True, help="Line mode on plain stdin/stdout (screen readers, scripts).")
@_MOVE_ASIDE
@click.pass_context
def study(ctx: click.Context, decks: tuple[str, ...], plain: bool, move_aside: bool) -> None:
    """Study the cards due today in DECKS (bundled deck ids or paths; default all)."""
    if not plain:
        _run_app(ctx, decks, "study", None)
        return
    service = _open_service(ctx, decks, move_aside)
    try:
        run_plain(service.start_study(), sys.stdin, sys.stdout)
    finally:
        service.close()


@click.command()
@click.argument("decks", nargs=-1)
@click.option("-n", "count", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many choice questions.")
@click.option("--plain", is_flag=True, help="Line mode on plain stdin/stdout (screen readers, scripts).")
@_MOVE_ASIDE
@click.pass_context
def quiz(ctx: click.Context, decks: tuple[str, ...], count: int, plain: bool,
         move_aside: bool) -> None:
    """Quiz yourself on N choice questions from DECKS, due and weak ones first."""
    if not plain:
        _run_app(ctx, decks, "quiz", count)
        return
    service = _open_service(ctx, decks, move_aside)
    try:
        run_plain(service.start_quiz(count), sys.stdin, sys.stdout)
    finally:
        service.close()


def run_plain(session: Session, stdin: TextIO, out: TextIO) -> None:
    """The line-mode loop: one question at a time; `saved:` only after the answer is committed."""
    from quizzer.session import StoreError

    def say(text: str = "") -> None:
        out.write(text + "\n")
        out.flush()

    say("Enter shows the answer; 1-4 or again/hard/good/easy rates; letters answer choice "
        "questions; u undoes; s suspends; q quits.")
    try:
        while session.current is not None:
            _show_question(session, say)
            if not _answer_one(session, stdin, say):
                break
    except StoreError as exc:
        raise UsageProblem(str(exc)) from None
    summary = session.summary()
    pct = "-" if summary.correct_pct is None else f"{summary.correct_pct:g}%"
    minutes, seconds = divmod(int(summary.seconds), 60)
    say(f"summary: {summary.answered} answered, {pct} right, {minutes}m {seconds:02d}s")
    if session.mode == "quiz" and summary.by_facet:
        for facet, (right, total) in sorted(summary.by_facet.items()):
            say(f"  {facet.title}: {right}/{total}")


def _show_question(session: Session, say: Any) -> None:
    shown = session.current
    assert shown is not None
    q = shown.question
    counts = session.counts()
    flag = " (leech)" if shown.leech else ""
    say("")
    say(f"question {shown.index + 1} [{q.kind.value}, {shown.status.label}{flag}] "
        f"left: new {counts.new}, learning {counts.learning}, review {counts.review}")
    say(_CLOZE.sub(lambda m: f"[{m.group(2) or '...'}]", q.question))
    for i, option in enumerate(q.options):
        say(f"{chr(97 + i)}) {option}")


def _answer_one(session: Session, stdin: TextIO, say: Any) -> bool:
    """Read lines until the shown card is answered, undone or skipped; False to stop."""
    shown = session.current
    assert shown is not None
    q = shown.question
    while True:
        line = stdin.readline()
        if not line:
            return False
        text = line.strip().lower()
        if text in ("q", "quit"):
            return False
        if text == "":
            session.reveal()
            _say_answer(session, say)
            continue
        if text in ("u", "undo"):
            say("undone: the last answer was taken back" if session.undo() else "nothing to undo")
            return True
        if text in ("s", "suspend"):
            session.suspend()
            say(f"suspended: {q.id}")
            return True
        if text in _RATINGS:
            from quizzer.progress import Rating

            result = session.answer(Rating(_RATINGS[text]))
            say(f"saved: {result.qid} {result.rating.label.lower()}, next in {result.interval}"
                + (" (leech: suspended)" if result.leech else ""))
            return True
        letters = text.replace(",", " ").split()
        if q.options and letters and all(len(x) == 1 and "a" <= x <= "z" for x in letters):
            indices = [ord(x) - 97 for x in letters]
            if max(indices) >= len(q.options):
                say(f"choose letters a-{chr(96 + len(q.options))}")
                continue
            result = session.choose(indices)
            right = " ".join(chr(97 + i) for i in result.right)
            say(("right" if result.correct else f"wrong: the answer is {right}") + f". {q.answer}")
            if q.explanation:
                say(f"why: {q.explanation}")
            say(f"saved: {result.qid} {result.rating.label.lower()}, next in {result.interval}"
                + (" (leech: suspended)" if result.leech else ""))
            return True
        say("? Enter shows the answer; 1-4 rates; letters (a, or a c) answer; u undo; s suspend; q quit")


def _say_answer(session: Session, say: Any) -> None:
    shown = session.current
    assert shown is not None
    q = shown.question
    if q.kind.value == "order" or q.options:
        say("answer: " + " ".join(chr(97 + i) for i in q.correct) + f". {q.answer}")
    else:
        say(f"answer: {q.answer}")
    if q.explanation:
        say(f"why: {q.explanation}")
    previews = session.previews()
    say("rate: " + "  ".join(f"{int(r)} {r.label.lower()} ({text})" for r, text in previews.items()))


@click.command()
@click.argument("decks", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@_MOVE_ASIDE
@click.pass_context
def stats(ctx: click.Context, decks: tuple[str, ...], as_json: bool, move_aside: bool) -> None:
    """Show due counts, card states, reviews, retention, forecast, leeches and the exam status."""
    service = _open_service(ctx, decks, move_aside)
    try:
        data = service.stats()
    finally:
        service.close()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    due, states = data["due"], data["states"]
    click.echo(f"due today: {due['new']} new, {due['learning']} learning, {due['review']} review")
    click.echo("cards: " + ", ".join(f"{n} {name}" for name, n in states.items()))
    recent = sum(day["count"] for day in data["reviews_per_day"])
    click.echo(f"reviews in the last 30 days: {recent} (total ever: {data['total_reviews']})")
    retention = data["retention_30d"]
    click.echo("true retention, 30 days: " + ("-" if retention is None else f"{retention:.1%}"))
    week = [day["due"] for day in data["forecast"][:7]]
    click.echo("due in the next 7 days: " + " ".join(str(n) for n in week))
    click.echo(f"leeches: {len(data['leeches'])}")
    for leech in data["leeches"]:
        click.echo(f"  {leech['id']} ({leech['lapses']} lapses)")
    exam = data["exam"]
    click.echo("exam: " + ("no exam date set" if exam is None else exam["message"]))


@click.group()
def backup() -> None:
    """Progress backups (one a day is made automatically; the last 7 are kept)."""


@backup.command("restore")
@click.argument("which", required=False)
@_MOVE_ASIDE
@click.pass_context
def restore(ctx: click.Context, which: str | None, move_aside: bool) -> None:
    """List backups, or restore WHICH (its number in the list, date or file name)."""
    from quizzer.store import StoreError, data_dir, list_backups, open_store

    folder = data_dir(ctx.obj.get("data_dir"))
    backups = list_backups(folder)
    if which is None:
        if not backups:
            click.echo(f"no backups in {folder / 'backups'}")
        for number, path in enumerate(backups, 1):
            click.echo(f"{number}. {path.name}  {path.stat().st_size // 1024} KiB")
        return
    chosen = _pick_backup(backups, which)
    now = _clock()
    try:
        store = open_store(folder, move_aside=move_aside, now=now)
        try:
            safety = folder / "backups" / f"progress-{now:%Y-%m-%d-%H%M%S}-before-restore.sqlite3"
            store.backup_to(safety)
            store.restore_from(chosen)
        finally:
            store.close()
    except StoreError as exc:
        raise UsageProblem(str(exc)) from None
    click.echo(f"restored {chosen.name}; the progress before it is saved as {safety.name}")


def _pick_backup(backups: list[Path], which: str) -> Path:
    if which.isdigit() and 1 <= int(which) <= len(backups):
        return backups[int(which) - 1]
    for path in backups:
        if which in (path.name, path.stem, path.stem.removeprefix("progress-")):
            return path
    listing = ", ".join(p.name for p in backups) or "none"
    raise UsageProblem(f"no backup {which!r} (backups: {listing}); run `quizzer backup restore` to list them")


@click.command("settings")
@click.argument("key", required=False)
@click.argument("value", required=False)
@click.option("--deck", help="Set a daily limit (new_per_day, reviews_per_day) for one deck only.")
@_MOVE_ASIDE
@click.pass_context
def settings_command(ctx: click.Context, key: str | None, value: str | None, deck: str | None,
                     move_aside: bool) -> None:
    """Show the study settings, one KEY, or set KEY to VALUE (e.g. exam_date 2026-06-01)."""
    from dataclasses import replace

    from quizzer.progress import DeckLimits, Settings
    from quizzer.store import StoreError, data_dir, open_store

    try:
        store = open_store(data_dir(ctx.obj.get("data_dir")), move_aside=move_aside, now=_clock())
    except StoreError as exc:
        raise UsageProblem(str(exc)) from None
    try:
        current = store.load_settings()
        shown = current.to_dict()
        if key is not None and key not in shown:
            raise UsageProblem(f"settings: unknown key {key!r}; keys: {', '.join(shown)}")
        if value is None:
            for name, setting in shown.items():
                if key is None or name == key:
                    click.echo(f"{name} = {json.dumps(setting)}")
            return
        assert key is not None
        if deck is not None:
            if key not in ("new_per_day", "reviews_per_day"):
                raise UsageProblem("settings: --deck goes with new_per_day or reviews_per_day")
            limits = dict(current.deck_limits)
            limits[deck] = replace(limits.get(deck, DeckLimits()), **{key: _parse(key, value)})
            changed = replace(current, deck_limits=limits)
        else:
            changed = Settings.from_dict({**shown, key: _parse(key, value)})
        try:
            changed.check()
        except ValueError as exc:
            raise UsageProblem(f"settings: {exc}") from None
        store.save_settings(changed)
        if deck is None:
            click.echo(f"{key} = {json.dumps(changed.to_dict()[key])}")
        else:
            click.echo(f"{key} = {_parse(key, value)} for deck {deck}")
    except StoreError as exc:
        raise UsageProblem(str(exc)) from None
    finally:
        store.close()


def _parse(key: str, text: str) -> Any:
    """A setting's value from the command line, by the type of its default."""
    from datetime import date

    from quizzer.progress import Settings

    default = getattr(Settings(), key)
    try:
        if key == "exam_date":
            return None if text.lower() in ("none", "off", "") else date.fromisoformat(text).isoformat()
        if isinstance(default, bool):
            if text.lower() not in ("on", "off", "true", "false", "yes", "no", "1", "0"):
                raise ValueError(text)
            return text.lower() in ("on", "true", "yes", "1")
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float):
            return float(text)
        if isinstance(default, tuple):
            return [int(part) for part in text.replace(",", " ").split()]
        if isinstance(default, dict):
            raise UsageProblem(f"settings: set {key} with --deck DECK new_per_day N")
    except ValueError:
        raise UsageProblem(f"settings: {key} cannot be {text!r}") from None
    return text
