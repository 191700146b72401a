"""``quizzer settings``: show or change the study settings kept in the progress store."""

from __future__ import annotations

import json
from typing import Any

import click

from quizzer.commands import UsageProblem, open_decks
from quizzer.commands.study import _MOVE_ASIDE, _clock


@click.command("settings", context_settings={"ignore_unknown_options": True})
@click.argument("key", required=False)
@click.argument("value", required=False)
@click.option(
    "--deck",
    help="Set a daily limit (new_per_day, reviews_per_day) for one deck only "
    "(a deck id, or a deck file or folder).",
)
@_MOVE_ASIDE
@click.pass_context
def settings_command(
    ctx: click.Context, key: str | None, value: str | None, deck: str | None, move_aside: bool
) -> None:
    """Show the study settings, one KEY, or set KEY to VALUE (e.g. exam_date 2026-06-01)."""
    from dataclasses import replace

    from quizzer.progress import DeckLimits
    from quizzer.store import StoreError, data_dir, open_store

    # ignore_unknown_options lets a negative VALUE through ("-5" gets the range message),
    # but a mistyped option would then pose as KEY or VALUE: refuse anything else dashed.
    for text in (key, value):
        if text is not None and text.startswith("-") and not _is_number(text):
            raise click.NoSuchOption(text, ctx=ctx)
    now = _clock()
    try:
        store = open_store(data_dir(ctx.obj.get("data_dir")), move_aside=move_aside, now=now)
    except StoreError as exc:
        raise UsageProblem(str(exc)) from None
    try:
        if key is not None and value is not None and deck is None:
            # Setting a key leaves its stored value unread (a bad one must not block its
            # repair); any other stored value out of range goes back to its default, said.
            current, dropped = store.load_settings_for_repair(key)
            for problem in dropped:
                click.echo(
                    f"quizzer: note: the stored setting {problem}; it is back to its default", err=True
                )
        else:
            current = store.load_settings()
        shown = current.to_dict()
        if key is not None and key not in shown:
            raise UsageProblem(f"settings: unknown key {key!r}; keys: {', '.join(shown)}")
        if value is None:
            if deck is not None:
                raise UsageProblem(
                    "settings: --deck needs a KEY and a VALUE, e.g. new_per_day 30 --deck DECK"
                )
            for name, setting in shown.items():
                if key is None or name == key:
                    click.echo(f"{name} = {json.dumps(setting)}")
            return
        assert key is not None
        if deck is not None:
            if key not in ("new_per_day", "reviews_per_day"):
                raise UsageProblem("settings: --deck goes with new_per_day or reviews_per_day")
            deck_ids = _deck_ids(deck, store.deck_ids() | set(current.deck_limits))
            parsed = _parse(key, value)
            limits = dict(current.deck_limits)
            for deck_id in deck_ids:
                limits[deck_id] = replace(limits.get(deck_id, DeckLimits()), **{key: parsed})
            changed = replace(current, deck_limits=limits)
            # Per-deck limits are not part of check(): the same range rule applies to them.
            if parsed < 0:
                raise UsageProblem(f"settings: {key} must be a whole number from 0 up, not {value}")
        else:
            deck_ids = []
            changed = replace(current, **{key: _parse(key, value)})
        # The local date is today at the command line (the edge owns the clock).
        today = now.astimezone().date() if key == "exam_date" else None
        try:
            changed.check(today)
        except ValueError as exc:
            raise UsageProblem(f"settings: {exc}") from None
        store.save_settings(changed)
        if deck is None:
            click.echo(f"{key} = {json.dumps(changed.to_dict()[key])}")
        else:
            click.echo(f"{key} = {parsed} for deck {', '.join(deck_ids)}")
    except StoreError as exc:
        raise UsageProblem(str(exc)) from None
    finally:
        store.close()


def _is_number(text: str) -> bool:
    try:
        float(text.rstrip("%").strip())
    except ValueError:
        return False
    return True


def _deck_ids(spec: str, with_progress: set[str]) -> list[str]:
    """The deck ids ``--deck`` names: a deck file or folder, a bundled deck, or one with progress."""
    import difflib

    from quizzer.discovery import looks_like_path

    if looks_like_path(spec):
        _library, selected = open_decks([spec])
        return list(selected)
    try:
        library, _selected = open_decks([])
        bundled = {d.id for d in library.decks}
    except UsageProblem:
        bundled = set()  # bundled decks that do not load: decks with progress still count
    known = sorted(bundled | with_progress)
    if spec in known:
        return [spec]
    close = difflib.get_close_matches(spec, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f"; decks: {', '.join(known) or 'none'}"
    raise UsageProblem(f"settings: unknown deck {spec!r}{hint}; a deck of your own can be given by its file")


def _parse(key: str, text: str) -> Any:
    """A setting's value from the command line: the forms the app's Settings screen takes."""
    from quizzer.progress import SettingError, parse_setting

    if key == "deck_limits":
        if text.strip().lower() in ("none", "off"):
            return {}  # every per-deck limit cleared
        raise UsageProblem(
            f"settings: set {key} with --deck DECK new_per_day N (or 'none' to clear them all)"
        )
    try:
        return parse_setting(key, text)
    except SettingError as exc:
        raise UsageProblem(f"settings: {exc}") from None
