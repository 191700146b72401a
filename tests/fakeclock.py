"""A clock that stands still until a test moves it (the app and the service take it as ``clock``)."""

from __future__ import annotations

from datetime import datetime, timedelta


class FakeClock:
    """Returns ``now`` when called; ``advance(minutes=…)`` moves it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now
