"""The app: nothing drawn from data can drive the terminal; a backup it cannot write is only a notice."""

from __future__ import annotations

import dataclasses
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.notifications import Notify

from quizzer.decks import load_library
from quizzer.model import Facet, Library
from quizzer.tui.app import build_app
from tests.tui.pilots import DATA, FakeClock, Settle, push_session

EVIL = "\x1b]52;c;aGk=\x07\x1b[2J\u202e\x9b31m\x9d0;title\x9c"
CODES = ("\x1b]52", "\x1b[2J", "\u202e", "\x9b", "\x9d", "\x9c", "\x07")


def _hostile_library() -> Library:
    # The loader refuses all of this; a library built in code (or read from anywhere
    # else one day) must still reach the screen as inert text.
    library, _ = load_library([DATA / "mini.yaml"], include_bundled=False)
    deck = library.decks[0]
    alpha = deck.muscles[0]
    actions = tuple(dataclasses.replace(item, text=item.text + EVIL) for item in alpha.facts[Facet.ACTIONS])
    alpha = dataclasses.replace(
        alpha, name="Alpha" + EVIL, location="Side" + EVIL, facts={**alpha.facts, Facet.ACTIONS: actions}
    )
    deck = dataclasses.replace(deck, name="Mini" + EVIL, muscles=(alpha, *deck.muscles[1:]))
    return Library((deck,))


def _terminal_output(app: Any) -> str:
    """What the app would write to the terminal for its whole screen now."""
    update = app.screen._compositor.render_update(full=True)
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=100)
    return str(update.render_segments(console))


async def test_deck_text_reaches_the_screen_without_terminal_codes(
    tmp_path: Path, clock: FakeClock, settle: Settle
) -> None:
    app = build_app(
        _hostile_library(), ["mini"], tmp_path / "progress", clock=clock, seed=0, utc_offset=timedelta(0)
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = _terminal_output(app)
        assert "Mini" in home
        assert not [code for code in CODES if code in home]
        await pilot.press("m")
        await settle(pilot)
        sheet = _terminal_output(app)
        assert "]52;c;aGk=" in sheet  # the text is there, its codes are not
        assert not [code for code in CODES if code in sheet]
        # (The NOT question: its true options carry the text. The select-all would echo
        # the stem's muscle name, suffix and all, in its right options only: not asked.)
        await push_session(pilot, "mini/alpha/actions/all/not")
        question = _terminal_output(app)
        assert "Abducts the hip" in question
        assert not [code for code in CODES if code in question]


async def test_a_backup_that_cannot_be_written_is_a_notice_not_a_stop(
    make_app: Any, data_dir: Path, settle: Settle
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "backups").write_text("not a folder", encoding="utf-8")
    notices: list[str] = []

    def hook(message: Any) -> None:
        if isinstance(message, Notify) and message.notification.severity == "warning":
            notices.append(message.notification.message)

    app = make_app("study")
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await settle(pilot)
        assert app.service is not None
        assert [n for n in notices if n.startswith("today's backup was not made: cannot write")]
        await pilot.press("space", "3")
        await settle(pilot)
        assert app.service.review_count() == 1  # studying went on, the answer is saved
