"""Fixtures for exam tests: generated question pools from the test decks."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.decks import load_library
from quizzer.generate import generate
from quizzer.model import Kind, Question

DATA = Path(__file__).resolve().parent.parent / "data"
ALL_KINDS = frozenset(Kind)


def pool_of(path: Path, kinds: frozenset[Kind] = ALL_KINDS, seed: int = 0) -> list[Question]:
    library, selected = load_library([path])
    return [q for q in generate(library, selected, seed=seed) if q.kind in kinds]


@pytest.fixture(scope="session")
def mini_pool() -> list[Question]:
    return pool_of(DATA / "mini.yaml")


@pytest.fixture(scope="session")
def hostile_pool() -> list[Question]:
    return pool_of(DATA / "exam_hostile.yaml")


@pytest.fixture
def hostile_deck() -> Path:
    return DATA / "exam_hostile.yaml"
