"""Fixtures for the app's tests: the real session service on a temp folder, a fixed clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, Input

from quizzer.decks import load_library
from quizzer.model import Library
from quizzer.tui import Start
from quizzer.tui.app import QuizzerApp, build_app
from tests.tui.pilots import DATA, FakeClock, MakeApp, Settle, settle_app


@pytest.fixture(autouse=True)
def _calm_widgets(monkeypatch: pytest.MonkeyPatch) -> None:
    """No button click animation (it swallows presses) and no cursor blink in tests."""
    button_init = Button.__init__
    input_init = Input.__init__

    def quick_button(self: Button, *args: Any, **kwargs: Any) -> None:
        button_init(self, *args, **kwargs)
        self.active_effect_duration = 0

    def still_input(self: Input, *args: Any, **kwargs: Any) -> None:
        input_init(self, *args, **kwargs)
        self.set_reactive(Input.cursor_blink, False)

    monkeypatch.setattr(Button, "__init__", quick_button)
    monkeypatch.setattr(Input, "__init__", still_input)


@pytest.fixture(scope="session")
def mini_library() -> tuple[Library, list[str]]:
    """The four-muscle test deck, without the bundled decks."""
    return load_library([DATA / "mini.yaml"], include_bundled=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "progress"


@pytest.fixture
def make_app(mini_library: tuple[Library, list[str]], data_dir: Path, clock: FakeClock) -> MakeApp:
    """Build the app through the same factory ``quizzer`` uses, on the mini deck."""
    return _maker(mini_library, data_dir, clock)


def _maker(loaded: tuple[Library, list[str]], data_dir: Path, clock: FakeClock) -> MakeApp:
    def make(start: Start = "home", quiz_size: int | None = None) -> QuizzerApp:
        library, selected = loaded
        return build_app(
            library,
            selected,
            data_dir,
            start=start,
            quiz_size=quiz_size,
            clock=clock,
            seed=0,
            utc_offset=timedelta(0),
        )

    return make


@pytest.fixture
def settle() -> Settle:
    """``await settle(pilot)`` waits for the decks, the service and the first drawing."""
    return settle_app


@pytest.fixture(scope="session")
def atlas_library(atlas_decks: Path) -> tuple[Library, list[str]]:
    """The atlas-size deck folder (143 decks across the exam regions), loaded."""
    return load_library([atlas_decks], include_bundled=False)


@pytest.fixture
def make_atlas_app(atlas_library: tuple[Library, list[str]], data_dir: Path, clock: FakeClock) -> MakeApp:
    """Build the app on the atlas-size deck folder, as ``make_app`` does on the mini deck."""
    return _maker(atlas_library, data_dir, clock)
