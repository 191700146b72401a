"""Starting the app on the bundled decks: the question bank is cached, the same on every start."""

from __future__ import annotations

import functools
import gc
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from quizzer.decks import load_library
from quizzer.generate import generate
from quizzer.tui import run_app
from quizzer.tui.app import _started, build_app
from quizzer.tui.screens.home import HomeScreen
from quizzer.tui.screens.session import StudyScreen
from quizzer.tui.widgets.deck_table import DeckTable

DATA = Path(__file__).resolve().parent.parent / "data"

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from textual.pilot import Pilot

    Settle = Callable[[Pilot[Any]], Awaitable[None]]


async def _bank_of_a_start(
    data_dir: Path, clock: Callable[[], datetime], settle: Settle, seed: int
) -> list[dict[str, object]]:
    app = build_app(None, [], data_dir, clock=clock, seed=seed, utc_offset=timedelta(0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.service is not None
        return [q.to_dict() for q in app.service.questions()]


async def test_every_start_shows_the_same_questions_from_the_cache(
    data_dir: Path,
    clock: Callable[[], datetime],
    settle: Settle,
    monkeypatch: pytest.MonkeyPatch,
    eight_bundled: Path,
) -> None:
    # The cache's round trip through the app, not the atlas: eight stand-in bundled decks.
    library, selected = load_library()
    expected = [q.to_dict() for q in generate(library, selected, seed=0)]
    # The per-start seed only drives interval fuzz: the questions are the generator's
    # seed-0 bank, as in `quizzer cards` and the exports, so logged choices keep meaning.
    assert await _bank_of_a_start(data_dir, clock, settle, seed=1) == expected
    assert len(list((data_dir / "cache").glob("*/index"))) == 1

    def no_generating(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a warm start must not generate questions")

    monkeypatch.setattr("quizzer.generate.generate", no_generating)
    assert await _bank_of_a_start(data_dir, clock, settle, seed=2) == expected


class _FakeApp:
    def __init__(self, outcome: str | BaseException | None) -> None:
        self.outcome = outcome
        self.collector_was_on: bool | None = None

    def run(self) -> str | None:
        self.collector_was_on = gc.isenabled()
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


@pytest.mark.parametrize("outcome", [None, "quizzer: the store is in use", KeyboardInterrupt()])
def test_the_collector_is_paused_for_start_up_and_always_back_on(
    outcome: str | BaseException | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _FakeApp(outcome)
    monkeypatch.setattr("quizzer.tui.app.build_app", lambda *_a, **_k: fake)
    assert gc.isenabled()
    if isinstance(outcome, BaseException):
        with pytest.raises(type(outcome)):
            run_app(None, [], None)
    else:
        assert run_app(None, [], None) == outcome
    assert fake.collector_was_on is False and gc.isenabled()


def test_start_up_ends_by_freezing_its_objects_once() -> None:
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        _started()
        assert gc.isenabled() and gc.get_freeze_count() > frozen
        after = gc.get_freeze_count()
        _started()  # later calls (another ServiceOpened) freeze nothing more
        # (the count may drop: a frozen object whose last reference goes is freed)
        assert gc.get_freeze_count() <= after
    finally:
        gc.unfreeze()
        gc.enable()


def test_study_with_a_deck_folder_starts_from_the_cache(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``quizzer study DIR``: built (and checked) before the app the first time, then read
    from the cache while the app starts, with neither YAML nor the generator."""
    from click.testing import CliRunner

    import quizzer.decks
    import quizzer.generate
    import quizzer.tui
    from quizzer.cli import cli

    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "mini.yaml").write_text((DATA / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    runs: list[dict[str, Any]] = []
    monkeypatch.setattr(quizzer.tui, "run_app", lambda *args, **kwargs: runs.append({"args": args, **kwargs}))
    monkeypatch.setattr(quizzer.tui, "terminal_problem", lambda *_a: None)  # CliRunner: no TTY
    args = ["--data-dir", str(data_dir), "study", str(folder)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    library, selected = load_library([folder])
    expected = generate(library, selected)
    first = runs[-1]  # built before the app starts: the app is handed the bank
    assert first["args"][0] is None and first["load"] is not None
    bank = first["load"]()
    assert (bank.library, bank.selected, bank.questions) == (library, selected, expected)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a warm start reads no YAML and generates nothing")

    monkeypatch.setattr(quizzer.decks, "parse_file", refuse)
    monkeypatch.setattr(quizzer.generate, "generate_deck", refuse)
    assert CliRunner().invoke(cli, args).exit_code == 0
    second = runs[-1]
    assert second["args"][0] is None and second["load"] is not None
    bank = second["load"]()  # what the app's worker does
    assert (bank.library, bank.selected, bank.questions) == (library, selected, expected)


def test_a_broken_deck_is_listed_in_full_before_the_app_starts(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    import quizzer.tui
    from quizzer.cli import cli

    broken = tmp_path / "broken.yaml"
    text = (DATA / "mini.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("region:", "regoin:", 2), encoding="utf-8")
    monkeypatch.setattr(quizzer.tui, "run_app", lambda *a, **k: pytest.fail("app started"))
    monkeypatch.setattr(quizzer.tui, "terminal_problem", lambda *_a: None)  # CliRunner: no TTY
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "study", str(broken)])
    assert result.exit_code == 1
    assert result.stderr.count("regoin") == 2 and result.stderr.startswith("quizzer: ")


@pytest.mark.parametrize(
    ("args", "line_mode"), [([], "study"), (["study"], "study"), (["quiz", "-n", "3"], "quiz")]
)
def test_without_a_terminal_the_app_refuses_at_once(args: list[str], line_mode: str, tmp_path: Path) -> None:
    """``quizzer </dev/null`` (cron, a pipe): one line pointing to line mode, exit 1, at once
    (it used to wait for keys forever, burning CPU)."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "quizzer", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "QUIZZER_HOME": str(tmp_path)},
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "quizzer: the study app needs a terminal (standard input and standard output are not "
        f"one); for line mode on plain input and output use `quizzer {line_mode} --plain`\n"
    )


def test_quizzer_alone_opens_the_app_without_the_command_tree(tmp_path: Path) -> None:
    """`quizzer` with no arguments goes straight to the app: click (the command tree, 5-8 ms
    of imports) is not imported; with a ``QUIZZER_HOME`` that ``--data-dir`` refuses (a
    file) the command tree reports it as before, in one line, exit 2."""
    import subprocess
    import sys

    code = (
        "import sys, quizzer.cli\n"
        "try:\n"
        "    quizzer.cli.main([])\n"
        "except SystemExit as exc:\n"
        "    print(exc.code, 'click' in sys.modules)\n"
    )
    run = functools.partial(
        subprocess.run, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False
    )
    result = run([sys.executable, "-c", code], env={**os.environ, "QUIZZER_HOME": str(tmp_path)})
    assert result.stdout == "1 False\n"
    assert result.stderr.startswith("quizzer: the study app needs a terminal")
    afile = tmp_path / "a-file"
    afile.write_text("", encoding="utf-8")
    result = run([sys.executable, "-m", "quizzer"], env={**os.environ, "QUIZZER_HOME": str(afile)})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"quizzer: Invalid value for '--data-dir': Directory {str(afile)!r} is a file. (see quizzer --help)\n"
    )


def test_a_terminal_on_input_alone_is_not_enough(tmp_path: Path) -> None:
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "quizzer"],
            stdin=follower,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, "QUIZZER_HOME": str(tmp_path)},
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 1 and result.stdout == ""
    assert "(standard output is not one)" in result.stderr and result.stderr.count("\n") == 1


async def test_home_shows_loading_after_the_grace_then_its_counts(
    mini_library: tuple[Any, list[str]], data_dir: Path, clock: Callable[[], datetime], settle: Settle
) -> None:
    """A slow start (first start, after an upgrade): the home screen waits for its counts
    only FIRST_PAINT_GRACE, then shows "Loading decks…", then the counts when they come."""
    import asyncio
    import threading

    from textual.widgets import Static

    from quizzer.session import open_service
    from quizzer.tui.app import FIRST_PAINT_GRACE, QuizzerApp

    library, selected = mini_library
    release = threading.Event()

    def slow_library() -> tuple[Any, list[str]]:
        assert release.wait(10)
        return library, selected

    def opener(lib: Any, chosen: Any) -> Any:
        return open_service(lib, deck_ids=list(chosen), data_dir=data_dir, clock=clock)

    app = QuizzerApp(load_library=slow_library, open_service=opener, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)
        await asyncio.sleep(FIRST_PAINT_GRACE + 0.1)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Loading decks" in str(app.screen.query_one("#home-today", Static).render())
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 2
        assert "Today: 0 reviewed" in str(app.screen.query_one("#home-today", Static).render())
        assert app.screen.query_one("#deck-table", DeckTable).row_count > 0


def test_the_home_screens_start_waits_for_the_counts(
    mini_library: tuple[Any, list[str]],
    data_dir: Path,
    clock: Callable[[], datetime],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The home screen shows the counts: the opening thread counts every card before it
    hands the service over."""
    import threading

    from quizzer.session import StudyService
    from quizzer.tui.opening import Opening

    counting, release = threading.Event(), threading.Event()
    real = StudyService.counts

    def slow_counts(self: StudyService, *args: Any) -> Any:
        if threading.current_thread().name == "quizzer-opening":
            counting.set()
            assert release.wait(10)
        return real(self, *args)

    monkeypatch.setattr(StudyService, "counts", slow_counts)
    library, selected = mini_library
    opening = Opening(library, selected, data_dir, clock=clock, count_first=True)
    assert counting.wait(10)
    got: list[StudyService] = []
    waiter = threading.Thread(target=lambda: got.append(opening.service()))
    waiter.start()
    waiter.join(0.5)
    assert not got
    release.set()
    waiter.join(10)
    [service] = got
    assert service.counted and service.counts() == real(service)
    service.close()


async def test_a_study_start_shows_the_question_before_counting_the_cards(
    mini_library: tuple[Any, list[str]],
    data_dir: Path,
    clock: Callable[[], datetime],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A first question waits for no count: the opening thread hands the service over
    uncounted, the question is drawn, and the header's counts come from a worker that
    counts every card once (drawing the question never competes with counting)."""
    import threading

    from textual.widgets import Static

    from quizzer.session import StudyService

    counting, release = threading.Event(), threading.Event()
    counted_on: list[str] = []
    real = StudyService.counts

    def slow_counts(self: StudyService, *args: Any) -> Any:
        if not self.counted:
            counted_on.append(threading.current_thread().name)
            counting.set()
            assert release.wait(10)
        return real(self, *args)

    monkeypatch.setattr(StudyService, "counts", slow_counts)
    library, selected = mini_library
    app = build_app(library, selected, data_dir, start="study", clock=clock, seed=1, utc_offset=timedelta(0))
    async with app.run_test(size=(100, 30)) as pilot:
        while not isinstance(app.screen, StudyScreen) or app.screen.displayed is None:
            await pilot.pause()
        assert counting.wait(10)  # the worker is counting; the question is on screen
        header = app.screen.query_one("#session-counts", Static)
        assert "New" not in str(header.render())
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "New" in str(header.render())
    assert (
        counted_on and "quizzer-opening" not in counted_on and counted_on[0] != threading.main_thread().name
    )
