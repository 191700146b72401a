"""Adapter over fsrs (FSRS-6): our CardState ↔ fsrs.Card, reviews, previews, exam cap.

The only module that imports fsrs, and only when a card is first scheduled (or its recall
predicted): counting cards for the home screen needs none of it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from quizzer.progress import CardState, Rating, Settings, Status

if TYPE_CHECKING:
    from fsrs import Card, Scheduler, State


@cache
def _states() -> tuple[dict[Status, State], dict[State, Status]]:
    """Our statuses → fsrs states, and back (fsrs imported on first use)."""
    from fsrs import State

    to_state = {
        Status.NEW: State.Learning,
        Status.LEARNING: State.Learning,
        Status.REVIEW: State.Review,
        Status.RELEARNING: State.Relearning,
    }
    from_state = {
        State.Learning: Status.LEARNING,
        State.Review: Status.REVIEW,
        State.Relearning: Status.RELEARNING,
    }
    return to_state, from_state


DayOf = Callable[[datetime], date]


DAY_STARTS_AT = 4
"""The study day rolls over at 04:00 local time, as in Anki, so late-night study counts as today."""


def utc_study_day(moment: datetime) -> date:
    """The study day of a moment when the day rolls over at 04:00 UTC."""
    return (moment - timedelta(hours=DAY_STARTS_AT)).date()


class Planner:
    """Schedules our cards with FSRS under the given settings; randomness comes from ``rng``.

    ``day_of`` maps a moment to its study day. Elapsed time is counted in study days, as
    Anki does, so a review the next morning counts as one day even if under 24 hours passed.
    """

    def __init__(self, settings: Settings, rng: random.Random, day_of: DayOf = utc_study_day) -> None:
        self.settings = settings
        self.rng = rng
        self.day_of = day_of
        self._fsrs: Scheduler | None = None

    @property
    def _scheduler(self) -> Scheduler:
        """fsrs's scheduler for these settings, made (and fsrs imported) when first needed."""
        if self._fsrs is None:
            from fsrs import Scheduler

            # fsrs fuzzes with the global random module; we fuzz ourselves with the rng we
            # are given.
            self._fsrs = Scheduler(
                desired_retention=self.settings.desired_retention,
                learning_steps=tuple(timedelta(minutes=m) for m in self.settings.learning_steps),
                relearning_steps=tuple(timedelta(minutes=m) for m in self.settings.relearning_steps),
                maximum_interval=self.settings.maximum_interval,
                enable_fuzzing=False,
            )
        return self._fsrs

    def review(
        self, card: CardState, rating: Rating, now: datetime, *, fuzz: bool | None = None
    ) -> CardState:
        """The card after a review at ``now`` (aware UTC); leech flags and the exam cap applied."""
        after = self._raw(card, rating, now)
        due = self._due(after, now, self.rng, fuzz)
        lapses = card.lapses + (1 if card.status is Status.REVIEW and rating is Rating.AGAIN else 0)
        leech = card.leech or lapses >= self.settings.leech_threshold
        return replace(
            after,
            due=due,
            reps=card.reps + 1,
            lapses=lapses,
            leech=leech,
            suspended=card.suspended or (leech and not card.leech),
            introduced=card.introduced or now,
        )

    def preview(self, card: CardState, now: datetime) -> dict[Rating, timedelta]:
        """The next interval for each rating: exactly what ``review`` will give next.

        Each rating is fuzzed with a copy of the rng in its current state, the state the
        real answer will draw from, so the interval shown is the interval saved.
        """
        out = {}
        state = self.rng.getstate()
        for rating in Rating:
            copy = random.Random()
            copy.setstate(state)
            out[rating] = self._due(self._raw(card, rating, now), now, copy, None) - now
        return out

    def _due(self, after: CardState, now: datetime, rng: random.Random, fuzz: bool | None) -> datetime:
        """The due time of a reviewed card: fuzzed (review cards only), then capped by the exam."""
        interval = after.due - now
        if after.status is Status.REVIEW and (self.settings.fuzz if fuzz is None else fuzz):
            interval = self._fuzzed(interval, rng)
        return cap_due(now + interval, now, self.settings.exam_date, self.day_of)

    def retrievability(self, card: CardState, now: datetime) -> float | None:
        """The predicted chance of recall now, or None for a card never reviewed."""
        if card.status is Status.NEW or card.stability is None:
            return None
        return float(self._scheduler.get_card_retrievability(self._to_fsrs(card, now), current_datetime=now))

    def _raw(self, card: CardState, rating: Rating, now: datetime) -> CardState:
        from fsrs import Rating as FsrsRating

        now = now.astimezone(UTC)
        fsrs_card, _log = self._scheduler.review_card(
            self._to_fsrs(card, now), FsrsRating(int(rating)), review_datetime=now
        )
        return _from_fsrs(card, fsrs_card)

    def _to_fsrs(self, card: CardState, now: datetime) -> Card:
        # fsrs counts whole 24-hour days since the last review; we (like Anki) count study
        # days, so the last review is moved to exactly that many days before now.
        fsrs_card = _to_fsrs(card)
        if card.last_review is not None:
            days = (self.day_of(now) - self.day_of(card.last_review)).days
            if days >= 1:
                fsrs_card.last_review = now - timedelta(days=days)
        return fsrs_card

    def _fuzzed(self, interval: timedelta, rng: random.Random) -> timedelta:
        # Same ranges as fsrs/Anki, but drawn from our rng so that tests are exact.
        days = interval.days
        if days < 2.5:
            return interval
        from fsrs.scheduler import FUZZ_RANGES

        delta = 1.0
        for fuzz_range in FUZZ_RANGES:
            delta += fuzz_range["factor"] * max(
                min(float(days), fuzz_range["end"]) - fuzz_range["start"], 0.0
            )
        low = max(2, round(days - delta))
        high = min(round(days + delta), self.settings.maximum_interval)
        low = min(low, high)
        fuzzed = min(round(rng.random() * (high - low + 1) + low), self.settings.maximum_interval)
        return timedelta(days=fuzzed)


def cap_due(due: datetime, now: datetime, exam_date: date | None, day_of: DayOf = utc_study_day) -> datetime:
    """Pull a due time on or after the exam's study day back to the day before (never before now).

    The time of day is kept, so the card comes due during the day before the exam.
    """
    if exam_date is None or day_of(now) >= exam_date:
        return due
    overshoot = (day_of(due) - exam_date).days + 1
    if overshoot <= 0:
        return due
    return max(due - timedelta(days=overshoot), now)


def short_interval(interval: timedelta) -> str:
    """A short human interval: "1m", "10m", "3h", "2d", "3.5mo", "1.2y"."""
    seconds = max(interval.total_seconds(), 0)
    minutes = seconds / 60
    if minutes < 60:
        return f"{max(1, round(minutes))}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{_one_decimal(days / 30)}mo"
    return f"{_one_decimal(days / 365)}y"


def _one_decimal(value: float) -> str:
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def _to_fsrs(card: CardState) -> Card:
    from fsrs import Card, State

    # Always pass card_id: without one fsrs sleeps 1 ms to make ids unique.
    if card.status is Status.NEW:
        return Card(card_id=card.card_id or 1, state=State.Learning, step=0, due=card.due)
    return Card(
        card_id=card.card_id or 1,
        state=_states()[0][card.status],
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def _from_fsrs(card: CardState, fsrs_card: Card) -> CardState:
    return replace(
        card,
        status=_states()[1][fsrs_card.state],
        step=fsrs_card.step,
        stability=fsrs_card.stability,
        difficulty=fsrs_card.difficulty,
        due=fsrs_card.due,
        last_review=fsrs_card.last_review,
    )
