"""The home screen's 7-day forecast: what the stats' forecast says, from stored cards alone."""

from __future__ import annotations

from typing import Any

from quizzer.progress import Rating
from quizzer.session import due_forecast, start_study, study_stats
from tests.fakeclock import FakeClock


def test_due_forecast_matches_the_stats_forecast(make_service: Any, clock: FakeClock) -> None:
    service = make_service(new_per_day=40, fuzz=True)
    assert due_forecast(service) == [0] * 7  # new cards are never due
    session = start_study(service)
    for rating in [Rating.EASY, Rating.GOOD, Rating.HARD, Rating.AGAIN] * 6:
        shown = session.current
        if shown is None:
            break
        if shown.question.kind.is_choice:
            session.choose(list(shown.question.correct))
        else:
            session.answer(rating)
        clock.advance(minutes=3)
    qid = next(iter(service.stored_keys()))
    service.suspend(qid)  # a suspended card is never due
    for days in (0, 1, 3, 9):
        clock.advance(days=days)
        stats = [day["due"] for day in study_stats(service)["forecast"][:7]]
        assert due_forecast(service) == stats
        assert due_forecast(service, ["mini"]) == stats and due_forecast(service, []) == [0] * 7
    assert sum(due_forecast(service, days=30)) > 0
