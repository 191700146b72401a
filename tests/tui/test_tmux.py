"""Drive the real ``quizzer`` in tmux as a person would: start, study three cards, quit."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Tmux:
    """One detached tmux session running a command at a fixed size."""

    def __init__(self, command: str, *, width: int = 100, height: int = 30) -> None:
        self.name = f"quizzer-test-{uuid.uuid4().hex[:8]}"
        # A private server (socket) per test: nothing shared with the user's tmux or a
        # server left over from an earlier run.
        self.socket = self.name
        self._run("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), command)
        self._run("set-option", "-t", self.name, "remain-on-exit", "on")

    def _run(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True, timeout=10
        ).stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._run("send-keys", "-t", self.name, key)
            time.sleep(0.05)  # a person's pace; the app handles each key in turn

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear; the screen shows:\n{screen}")
            time.sleep(0.1)

    def wait_until(self, ok: Callable[[str], bool], timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while not ok(screen := self.screen()):
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen did not change as expected:\n{screen}")
            time.sleep(0.1)
        return screen

    def kill(self) -> None:
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False, timeout=10
        )


def test_start_study_three_cards_and_quit(tmp_path: Path) -> None:
    home = tmp_path / "home"
    quizzer = Path(sys.executable).with_name("quizzer")
    program = shlex.quote(str(quizzer)) if quizzer.exists() else (f"{shlex.quote(sys.executable)} -m quizzer")
    status_file = tmp_path / "exit-status"
    # The shell records the exit status itself: tmux (3.3a) sometimes leaves its dead child
    # unreaped for a long while, so its own "Pane is dead (status …)" note is unreliable.
    command = (
        f"cd {shlex.quote(os.getcwd())} && QUIZZER_HOME={shlex.quote(str(home))} "
        f"{program}; echo $? > {shlex.quote(str(status_file))}"
    )
    tmux = Tmux(command)
    try:
        # The table's header shows while the decks load (a first start builds the cache):
        # wait for the footer's keys, which come with the counts.
        screen = tmux.wait_until(lambda s: "Learn" in s and "s Study" in s)
        assert "Quizzer" in screen and "Due" in screen and "s Study" in screen
        tmux.wait_for("Today: 0 reviewed")
        tmux.keys("s")
        kinds = []
        for answered in range(3):
            # The header's count follows once the question is painted; kinds are mixed.
            screen = tmux.wait_for(f"New {20 - answered} ·")
            if re.search(r"a–[b-h] answer", screen):  # a single-answer choice question
                kinds.append("choice")
                tmux.keys("a")
                tmux.wait_for("enter next")
                tmux.keys("Enter")
                continue
            kinds.append("flashcard")
            tmux.keys("Space")
            screen = tmux.wait_for("3 Good ·")
            assert "1 Again ·" in screen and "4 Easy ·" in screen
            tmux.keys("3")
        assert "flashcard" in kinds and "choice" in kinds
        tmux.wait_for("New 17 ·")
        tmux.keys("Escape")
        screen = tmux.wait_for("Today: 3 reviewed")
        assert "% right" in screen
        tmux.keys("C-q")
        deadline = time.monotonic() + 15
        while not status_file.exists() or not status_file.read_text().strip():
            assert time.monotonic() < deadline, f"quizzer did not quit:\n{tmux.screen()}"
            time.sleep(0.1)
        assert status_file.read_text().strip() == "0", tmux.screen()
        assert "Traceback" not in tmux.screen()
    finally:
        tmux.kill()
    assert any(home.glob("*.sqlite3")) or any(home.rglob("*.sqlite3"))


def test_pain_map_on_the_sheet_and_mark_the_zones(tmp_path: Path) -> None:
    """The real app with the bundled decks: the sheet's map, then marking and checking zones."""
    quizzer = Path(sys.executable).with_name("quizzer")
    program = shlex.quote(str(quizzer)) if quizzer.exists() else (f"{shlex.quote(sys.executable)} -m quizzer")
    home = tmp_path / "home"
    tmux = Tmux(f"cd {shlex.quote(os.getcwd())} && QUIZZER_HOME={shlex.quote(str(home))} {program}")
    try:
        tmux.wait_for("Today: 0 reviewed")
        tmux.keys("m")
        screen = tmux.wait_until(
            lambda s: "⣿ essential  ⢕ spillover  × trigger point" in s and "z Mark the zones" in s
        )
        assert "Right side" in screen.split("⣿ essential")[0]  # the map is drawn above its legend
        tmux.keys("z")
        tmux.wait_for("Mark the zones ·")
        tmux.keys("Tab")
        screen = tmux.wait_until(lambda s: "Cursor: not on a region" not in s and "Cursor:" in s)
        tmux.keys("Space")
        tmux.wait_until(lambda s: "Marked: none" not in s)
        tmux.keys("Enter")
        screen = tmux.wait_for("Overlap with the essential zone:")
        assert "✘ missed:" in screen and "Traceback" not in screen
        tmux.keys("Escape", "Escape")
        tmux.wait_for("Today: 0 reviewed")  # practice wrote nothing to the progress store
        tmux.keys("C-q")
    finally:
        tmux.kill()
