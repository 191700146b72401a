"""Helpers for the scheduler, store and session tests (fixtures in conftest.py build on them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from quizzer.session import StudyService
from tests import fakeclock

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
"""A Monday noon, UTC; the study day starts at 04:00."""


class FakeClock(fakeclock.FakeClock):
    """A clock the test moves by hand, at :data:`T0` unless told otherwise."""

    def __init__(self, start: datetime = T0) -> None:
        super().__init__(start)


ServiceMaker = Callable[..., StudyService]
"""``make_service(questions=None, *, shuffle=False, seed=0, **settings)``."""
