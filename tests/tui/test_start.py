"""Starting the app on the bundled decks: the question bank is cached, the same on every start."""

from __future__ import annotations

import gc
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from quizzer.decks import load_library
from quizzer.generate import generate
from quizzer.tui import run_app
from quizzer.tui.app import _started, build_app
from quizzer.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from textual.pilot import Pilot

    Settle = Callable[[Pilot[Any]], Awaitable[None]]


async def _bank_of_a_start(data_dir: Path, clock: Callable[[], datetime], settle: Settle,
                           seed: int) -> list[dict[str, object]]:
    app = build_app(None, [], data_dir, clock=clock, seed=seed, utc_offset=timedelta(0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.service is not None
        return [q.to_dict() for q in app.service.questions()]


async def test_every_start_shows_the_same_questions_from_the_cache(
        data_dir: Path, clock: Callable[[], datetime], settle: Settle,
        monkeypatch: pytest.MonkeyPatch) -> None:
    library, selected = load_library()
    expected = [q.to_dict() for q in generate(library, selected, seed=0)]
    # The per-start seed only drives interval fuzz: the questions are the generator's
    # seed-0 bank, as in `quizzer cards` and the exports, so logged choices keep meaning.
    assert await _bank_of_a_start(data_dir, clock, settle, seed=1) == expected
    assert len(list((data_dir / "cache").glob("bank-bundled-*.pickle"))) == 1

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
        outcome: str | BaseException | None, monkeypatch: pytest.MonkeyPatch) -> None:
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
        _started()  # later calls (another ServiceOpened) change nothing
        assert gc.get_freeze_count() == after
    finally:
        gc.unfreeze()
        gc.enable()
