"""``quizzer study`` and ``quizzer quiz`` (the app, or plain line mode), ``stats`` and ``backup``."""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from quizzer.commands import UsageProblem, _problems_text, load_decks, prepare_decks

if TYPE_CHECKING:
    from collections.abc import Callable

    from quizzer.bank import PendingBank
    from quizzer.session import Session, StudyService

_RATINGS = {"1": 1, "2": 2, "3": 3, "4": 4, "again": 1, "hard": 2, "good": 3, "easy": 4}
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}")
_MOVE_ASIDE = click.option(
    "--move-aside",
    is_flag=True,
    help="If the progress file is damaged or not ours, rename it aside and start afresh.",
)


def _clock() -> datetime:
    return datetime.now(UTC)


def _open_service(
    ctx: click.Context,
    decks: tuple[str, ...],
    move_aside: bool,
    seed: int | None = None,
    *,
    read_only: bool = False,
) -> StudyService:
    """The service for DECKS, opened as the app opens it (``open_study``): the real clock,
    the local time zone, the seed-0 question bank (as ``quizzer cards`` prints it), from
    the question bank's cache when no deck file changed. ``seed`` only drives the option
    shuffle and the interval fuzz, fresh on every run unless given.
    """
    from quizzer.decks import DeckError
    from quizzer.session import StoreError, open_study

    data_dir = ctx.obj.get("data_dir")
    # With no DECK, open_study reads the bundled decks' bank itself.
    bank = load_decks(prepare_decks(decks, data_dir)) if decks else None
    try:
        service = open_study(
            None,
            data_dir=data_dir,
            clock=_clock,
            seed=seed,
            move_aside=move_aside,
            read_only=read_only,
            load=(lambda: bank) if bank is not None else None,
        ).service
    except DeckError as exc:
        raise UsageProblem(_problems_text(exc)) from None
    except StoreError as exc:
        raise UsageProblem(str(exc)) from None
    if service.backup_warning:
        from quizzer.safetext import one_line

        click.echo(f"quizzer: warning: {one_line(service.backup_warning)}", err=True)
    return service


def _run_app(ctx: click.Context, decks: tuple[str, ...], start: str, n: int | None) -> None:
    from quizzer.tui import run_app, terminal_problem

    problem = terminal_problem(start)
    if problem:
        raise UsageProblem(problem)
    data_dir = ctx.obj.get("data_dir")
    # With no DECK the app reads the bundled decks itself, while it starts. A bank that is
    # in the cache is read while the app starts too; one that must be built is built first,
    # so that a problem in a deck file is listed in full before any screen is drawn.
    pending = _while_textual_loads(lambda: prepare_decks(decks, data_dir)) if decks else None
    load = None
    if pending is not None:
        if pending.warm:
            load = pending.load
        else:
            bank = load_decks(pending)
            load = lambda: bank  # noqa: E731 - built already
    error = run_app(None, [], data_dir, start=start, n=n, load=load)  # type: ignore[arg-type]
    if error:
        raise UsageProblem(error)


def _while_textual_loads(task: Callable[[], PendingBank]) -> PendingBank:
    """``task`` run on a thread while the app's modules (Textual) are imported here: looking
    up the bank reads and hashes every deck file, which mostly runs outside the GIL."""
    import threading

    done: list[PendingBank] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(task())
        except BaseException as exc:  # noqa: BLE001 - raised again below, on this thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="quizzer-decks", daemon=True)
    thread.start()
    import quizzer.tui.app  # noqa: F401 - imported now, while the thread hashes

    thread.join()
    if failed:
        raise failed[0]
    return done[0]


_SEED = click.option(
    "--seed",
    type=int,
    default=None,
    help="Plain mode: fix the option shuffle and interval fuzz (default: fresh each run).",
)


@click.command()
@click.argument("decks", nargs=-1)
@click.option("--plain", is_flag=True, help="Line mode on plain stdin/stdout (screen readers, scripts).")
@_MOVE_ASIDE
@_SEED
@click.pass_context
def study(
    ctx: click.Context, decks: tuple[str, ...], plain: bool, move_aside: bool, seed: int | None
) -> None:
    """Study the cards due today in DECKS (bundled deck ids or paths; default all)."""
    if not plain:
        _run_app(ctx, decks, "study", None)
        return
    from quizzer.session import start_study

    service = _open_service(ctx, decks, move_aside, seed)
    try:
        run_plain(start_study(service), sys.stdin, sys.stdout)
    finally:
        service.close()


@click.command()
@click.argument("decks", nargs=-1)
@click.option(
    "-n",
    "count",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="How many choice questions.",
)
@click.option("--plain", is_flag=True, help="Line mode on plain stdin/stdout (screen readers, scripts).")
@_MOVE_ASIDE
@_SEED
@click.pass_context
def quiz(
    ctx: click.Context, decks: tuple[str, ...], count: int, plain: bool, move_aside: bool, seed: int | None
) -> None:
    """Quiz yourself on N choice questions from DECKS, due and weak ones first."""
    if not plain:
        _run_app(ctx, decks, "quiz", count)
        return
    from quizzer.session import start_quiz

    service = _open_service(ctx, decks, move_aside, seed)
    try:
        session = start_quiz(service, count)
        found = len(session.qids)
        if found < count:
            # Fewer questions are left once overlapping ones are left out: say so, not silently.
            click.echo(f"only {found} questions that do not overlap are available; the quiz has {found}")
        run_plain(session, sys.stdin, sys.stdout)
    finally:
        service.close()


def run_plain(session: Session, stdin: TextIO, out: TextIO) -> None:
    """The line-mode loop: one question at a time; `saved:` only after the answer is committed."""
    from quizzer.safetext import one_line
    from quizzer.session import StoreError

    def say(text: str = "") -> None:
        # One line per call, always: a newline in deck text cannot fake a `saved:` line,
        # and nothing in it can drive the terminal.
        out.write(one_line(text) + "\n")
        out.flush()

    say(
        "Enter shows the answer and 1-4 or again/hard/good/easy rates it; choice questions "
        "are answered with option letters; u undoes; s suspends; q quits."
    )
    if session.current is None and session.mode == "study":
        say("nothing is due now: new cards come back tomorrow; a quiz (quizzer quiz --plain) works any time")
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
    say(
        f"question {shown.index + 1} [{q.kind.value}, {shown.status.label}{flag}] "
        f"left: new {counts.new}, learning {counts.learning}, review {counts.review}"
    )
    say(_CLOZE.sub(lambda m: f"[{m.group(2) or '...'}]", q.question))
    for i, option in enumerate(q.options):
        say(f"{chr(97 + i)}) {option}")


def _answer_one(session: Session, stdin: TextIO, say: Any) -> bool:
    """Read lines until the shown card is answered, undone or skipped; False to stop."""
    from quizzer.session import UndoRefused, answer_problem

    shown = session.current
    assert shown is not None
    q = shown.question
    choice = q.kind.is_choice
    while True:
        line = stdin.readline()
        if not line:
            return False
        text = line.strip().lower()
        if text in ("q", "quit"):
            return False
        if text in ("u", "undo"):
            try:
                undone = session.undo()
            except UndoRefused as exc:
                # The refusal changed nothing: say why and keep asking the shown question.
                say(f"? {exc}")
                continue
            say(f"undone: the last {undone} was taken back" if undone else "nothing to undo")
            return True
        if text in ("s", "suspend"):
            session.suspend()
            say(f"suspended: {q.id}")
            return True
        if choice and (text == "" or text in _RATINGS):
            # Choice questions grade themselves: revealing then self-rating would skip the test.
            say(f"? answer with option letters ({_letters_hint(q)}); u undo; s suspend; q quit")
            continue
        if text == "":
            session.reveal()
            _say_answer(session, say)
            continue
        if text in _RATINGS:
            from quizzer.progress import Rating

            result = session.answer(Rating(_RATINGS[text]))
            say(
                f"saved: {result.qid} {result.rating.label.lower()}, next in {result.interval}"
                + (" (leech: suspended)" if result.leech else "")
            )
            return True
        indices = _parse_letters(text)
        if choice and indices is not None:
            problem = answer_problem(q, indices)
            if problem is not None:
                say(f"? {problem}")
                continue
            result = session.choose(indices)
            right = " ".join(chr(97 + i) for i in result.right)
            say(("right" if result.correct else f"wrong: the answer is {right}") + f". {q.answer}")
            if q.explanation:
                say(f"why: {q.explanation}")
            say(
                f"saved: {result.qid} {result.rating.label.lower()}, next in {result.interval}"
                + (" (leech: suspended)" if result.leech else "")
            )
            return True
        if choice:
            say(f"? answer with option letters ({_letters_hint(q)}); u undo; s suspend; q quit")
        else:
            say("? Enter shows the answer; 1-4 rates; u undo; s suspend; q quit")


def _parse_letters(text: str) -> list[int] | None:
    """Option indices from "b", "a c", "a,c" or "bca"; None when the text is not letters."""
    tokens = text.replace(",", " ").split()
    if not tokens or not all(token.isascii() and token.isalpha() for token in tokens):
        return None
    return [ord(ch) - 97 for token in tokens for ch in token]


def _letters_hint(q: Any) -> str:
    last = chr(96 + len(q.options))
    if q.kind.value == "order":
        return f"all {len(q.options)} letters a-{last} in order, e.g. b a c"
    if q.kind.value == "multi":
        return f"every right letter a-{last}, e.g. a c"
    return f"one letter a-{last}"


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
    from quizzer.session import StoreError, study_stats

    # Read only: stats need no backup and work on a store the user may not write.
    service = _open_service(ctx, decks, move_aside, read_only=True)
    try:
        data = study_stats(service)
    except StoreError as exc:  # a row found out of range while reading
        raise UsageProblem(str(exc)) from None
    finally:
        service.close()
    if as_json:
        from quizzer.safetext import json_for_terminal

        click.echo(json_for_terminal(json.dumps(data, ensure_ascii=False)))
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
        from quizzer.safetext import one_line

        click.echo(f"  {one_line(leech['id'])} ({leech['lapses']} lapses)")  # from the store
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
    """List backups, or restore WHICH (its number in the list, date or file name).

    The backup is checked before anything is replaced (a Quizzer store, integrity check
    passed, values in range, some progress in it), and the progress it replaces is saved
    first as a backup of its own.
    """
    from quizzer.safetext import one_line
    from quizzer.store import BACKUP_DIR, StoreError, check_backup, data_dir, list_backups, open_store

    folder = data_dir(ctx.obj.get("data_dir"))
    backups = list_backups(folder)
    if which is None:
        if not backups:
            click.echo(f"no backups in {folder / BACKUP_DIR}")
        for number, path in enumerate(backups, 1):
            click.echo(one_line(f"{number}. {path.name}  {_size(path) // 1024} KiB"))
        return
    chosen = _pick_backup(backups, which)
    now = _clock()
    try:
        info = check_backup(chosen)  # before anything is touched
        store = open_store(folder, move_aside=move_aside, now=now)
        try:
            before = store.review_count()
            safety = store.save_copy(folder / BACKUP_DIR, f"progress-{now:%Y-%m-%d-%H%M%S}-before-restore")
            store.restore_from(chosen, info)
        finally:
            store.close()
    except StoreError as exc:
        raise UsageProblem(str(exc)) from None
    click.echo(
        one_line(
            f"restored {chosen.name} ({info.cards} cards, {info.reviews} reviews); "
            f"the progress before it ({before} reviews) is saved as {safety.name}"
        )
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # removed meanwhile by another Quizzer's rotation
        return 0


def _pick_backup(backups: list[Path], which: str) -> Path:
    if which.isdigit() and 1 <= int(which) <= len(backups):
        return backups[int(which) - 1]
    for path in backups:
        if which in (path.name, path.stem, path.stem.removeprefix("progress-")):
            return path
    listing = ", ".join(p.name for p in backups) or "none"
    raise UsageProblem(f"no backup {which!r} (backups: {listing}); run `quizzer backup restore` to list them")
