"""The FSRS adapter: fixed-time intervals, previews, fuzz from our rng, the exam cap, leeches."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.progress import CardState, Rating, Settings, Status
from quizzer.schedule import Planner, cap_due, short_interval

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def _new() -> CardState:
    return CardState.new("d/m/f/i/basic", "d", "d/m/f/i", T0)


def _planner(**changes: object) -> Planner:
    return Planner(Settings(**{"fuzz": False, **changes}), random.Random(0))  # type: ignore[arg-type]


def test_good_four_times_gives_the_known_fsrs_intervals() -> None:
    planner = _planner()
    card, now, intervals = _new(), T0, []
    for _ in range(4):
        card = planner.review(card, Rating.GOOD, now)
        intervals.append(card.due - now)
        now = card.due
    assert intervals == [timedelta(minutes=10), timedelta(days=2), timedelta(days=11), timedelta(days=46)]
    assert card.status is Status.REVIEW and card.reps == 4 and card.introduced == T0


def test_previews_call_the_scheduler_once_per_rating() -> None:
    previews = _planner().preview(_new(), T0)
    assert previews == {
        Rating.AGAIN: timedelta(minutes=1),
        Rating.HARD: timedelta(minutes=5, seconds=30),
        Rating.GOOD: timedelta(minutes=10),
        Rating.EASY: timedelta(days=8),
    }


def test_learning_steps_are_settings() -> None:
    card = _planner(learning_steps=(5,)).review(_new(), Rating.AGAIN, T0)
    assert card.due - T0 == timedelta(minutes=5)


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (timedelta(seconds=5), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=90), "2h"),
        (timedelta(days=2), "2d"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=60), "2mo"),
        (timedelta(days=730), "2y"),
        (timedelta(days=400), "1.1y"),
    ],
)
def test_short_interval(interval: timedelta, text: str) -> None:
    assert short_interval(interval) == text


def test_fuzz_comes_from_the_given_rng_only() -> None:
    def run(seed: int) -> list[datetime]:
        planner = Planner(Settings(fuzz=True), random.Random(seed))
        card, now, dues = _new(), T0, []
        for _ in range(6):
            card = planner.review(card, Rating.GOOD, now)
            dues.append(card.due)
            now = card.due
        return dues

    assert run(1) == run(1)
    assert run(1) != run(2)  # long intervals do get spread


def test_lapses_make_a_leech_that_is_suspended() -> None:
    planner = _planner(leech_threshold=3)
    card, now = _new(), T0
    card = planner.review(card, Rating.EASY, now)
    for lapse in range(1, 4):
        now = card.due
        card = planner.review(card, Rating.AGAIN, now)  # review → relearning: a lapse
        assert card.lapses == lapse
        now = card.due
        card = planner.review(card, Rating.GOOD, now)
    assert card.leech and card.suspended


def test_exam_cap_pulls_due_to_the_day_before_the_exam() -> None:
    exam = date(2026, 1, 10)
    planner = _planner(exam_date=exam)
    card = planner.review(_new(), Rating.EASY, T0)  # would be 8 days, on 13 January
    assert card.due == datetime(2026, 1, 9, 12, tzinfo=UTC)
    assert planner.preview(_new(), T0)[Rating.EASY] == timedelta(days=4)
    # The day before the exam is a study day: it ends at 04:00 on the exam's date.
    assert cap_due(datetime(2026, 1, 10, 3, tzinfo=UTC), T0, exam) == datetime(2026, 1, 10, 3, tzinfo=UTC)
    assert cap_due(datetime(2026, 1, 10, 5, tzinfo=UTC), T0, exam) == datetime(2026, 1, 9, 5, tzinfo=UTC)
    # Short intervals are left alone, and once the exam has passed there is no cap.
    assert cap_due(T0 + timedelta(minutes=10), T0, exam) == T0 + timedelta(minutes=10)
    late = datetime(2026, 1, 11, tzinfo=UTC)
    assert cap_due(late + timedelta(days=5), late, exam) == late + timedelta(days=5)


_ratings = st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=12)
_gaps = st.lists(st.integers(min_value=0, max_value=200 * 86400), min_size=12, max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    ratings=_ratings,
    gaps=_gaps,
    fuzz=st.booleans(),
    exam=st.none() | st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
)
def test_due_is_never_before_the_review(
    ratings: list[Rating], gaps: list[int], fuzz: bool, exam: date | None
) -> None:
    planner = Planner(Settings(fuzz=fuzz, exam_date=exam), random.Random(3))
    card, now = _new(), T0
    for rating, gap in zip(ratings, gaps, strict=False):
        card = planner.review(card, rating, now)
        assert card.due >= now
        assert card.last_review == now
        assert card.stability is not None and card.stability > 0
        assert card.difficulty is not None and 1 <= card.difficulty <= 10
        now = now + timedelta(seconds=gap)
