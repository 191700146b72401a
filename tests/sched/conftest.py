"""Fixtures for the scheduler, store and session tests: a fake clock and a service over the mini deck."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizzer.decks import load_library
from quizzer.generate import generate
from quizzer.model import Library, Question
from quizzer.session import StudyService
from quizzer.store import Store, open_store
from tests.sched.servicetools import FakeClock, ServiceMaker


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def mini_library() -> tuple[Library, list[str]]:
    return load_library([Path(__file__).parent.parent / "data" / "mini.yaml"])


@pytest.fixture(scope="session")
def mini_questions(mini_library: tuple[Library, list[str]]) -> list[Question]:
    library, selected = mini_library
    return generate(library, selected, seed=0)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def make_service(store: Store, clock: FakeClock, mini_questions: list[Question]) -> ServiceMaker:
    """Build a service over the mini deck (fuzz off unless settings say otherwise; options
    in the bank's order unless ``shuffle=True``, so that tests can answer by letter)."""

    def make(
        questions: list[Question] | None = None, *, shuffle: bool = False, seed: int = 0, **changes: object
    ) -> StudyService:
        service = StudyService(
            store,
            questions if questions is not None else mini_questions,
            clock=clock,
            rng=random.Random(seed),
            deck_names={"mini": "Mini deck"},
        )
        service.update_settings(**{"fuzz": False, **changes})
        if not shuffle:
            service.shuffle_rng = None
        return service

    return make
