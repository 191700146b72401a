"""Pure rules of studying: the study day and its limits, grading, option order.

Nothing here holds a store, a clock or randomness: times and generators are passed in.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from quizzer.model import Kind, Question
from quizzer.regions import REGION_GROUPS
from quizzer.schedule import DAY_STARTS_AT

__all__ = [
    "INTRODUCE_BEFORE_EXAM",
    "LEARN_AHEAD",
    "MAX_DURATION_MS",
    "OTHER_DECKS",
    "OVERLAP_GAP",
    "Counts",
    "DeckRegion",
    "StudyDay",
    "answer_problem",
    "by_region",
    "grade_choice",
    "name_order",
    "new_limit",
    "option_order",
    "presented",
]

MAX_DURATION_MS = 5 * 60_000
"""A card left on screen longer than this counts as this long (the student walked away)."""
LEARN_AHEAD = timedelta(minutes=20)
"""When nothing else is left, learning cards due this soon are shown early."""
OVERLAP_GAP = timedelta(minutes=10)
"""A new card overlapping an answer this recent waits while other new cards can go first."""
INTRODUCE_BEFORE_EXAM = 7
"""Every new card should be met at least this many days before the exam."""


class Counts(NamedTuple):
    """Cards left today in a deck or a sitting."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


# --- decks by exam region ----------------------------------------------------------------

OTHER_DECKS = "other"
"""The id of the region of decks that belong to no exam region (instructors' question files)."""


class DeckRegion(NamedTuple):
    """An exam region and its decks: a row of the home screen, a step of the new-card order."""

    id: str
    """A ``REGION_GROUPS`` id, or ``OTHER_DECKS``."""
    title: str
    decks: tuple[str, ...]


def by_region(
    decks: Sequence[str], region_of: Mapping[str, str | None], names: Mapping[str, str] | None = None
) -> list[DeckRegion]:
    """``decks`` grouped by exam region, head to foot (``REGION_GROUPS`` order), decks with no
    region last ("Other decks"); within a region by name (``names``: deck id → name; numbers
    in order, "Week 2" before "Week 10"). Regions with no deck are left out."""
    grouped: dict[str, list[str]] = {region: [] for region in (*REGION_GROUPS, OTHER_DECKS)}
    for deck in decks:
        region = region_of.get(deck)
        grouped[region if region in REGION_GROUPS else OTHER_DECKS].append(deck)
    titles = {region: title for region, (title, _) in REGION_GROUPS.items()}
    names = names or {}
    return [
        DeckRegion(
            region,
            titles.get(region, "Other decks"),
            tuple(sorted(members, key=lambda deck: name_order(names.get(deck, deck)))),
        )
        for region, members in grouped.items()
        if members
    ]


def name_order(name: str) -> tuple[tuple[int, str], ...]:
    """A sort key for names as a person orders them: case aside, numbers by value."""
    return tuple(
        (int(part), "") if part.isdigit() else (0, part)
        for part in re.split(r"(\d+)", name.casefold())
        if part
    )


# --- the study day and its limits -------------------------------------------------------


class StudyDay(NamedTuple):
    """A student's calendar: a study day rolls over at 04:00 local time, as in Anki, so
    late-night study still counts as today."""

    utc_offset: timedelta = timedelta(0)
    """The local time zone's offset from UTC."""

    def of(self, moment: datetime) -> date:
        """The study day a moment belongs to."""
        return (moment + self.utc_offset - timedelta(hours=DAY_STARTS_AT)).date()

    def start(self, moment: datetime) -> datetime:
        """When the study day of ``moment`` began (aware UTC)."""
        local = datetime.combine(self.of(moment), time(DAY_STARTS_AT), tzinfo=UTC)
        return local - self.utc_offset

    def end(self, moment: datetime) -> datetime:
        """When the study day of ``moment`` ends (aware UTC)."""
        return self.start(moment) + timedelta(days=1)


def new_limit(per_day: int, *, remaining: int, introduced_today: int, exam: date | None, today: date) -> int:
    """New cards allowed on ``today``: ``per_day``, raised when an exam is near so that every
    new card is met at least ``INTRODUCE_BEFORE_EXAM`` days before it (all at once when that
    is no longer possible).

    ``remaining``: new cards not met yet; ``introduced_today``: met today already.
    """
    if exam is None:
        return per_day
    days = (exam - timedelta(days=INTRODUCE_BEFORE_EXAM) - today).days + 1
    total = remaining + introduced_today
    if days <= 0:
        return max(per_day, total)
    return max(per_day, -(-total // days))


# --- grading ----------------------------------------------------------------------------


def grade_choice(question: Question, chosen: Sequence[int]) -> bool:
    """Whether chosen option indices answer a choice question (order matters for ``order``)."""
    if question.kind is Kind.ORDER:
        return tuple(chosen) == tuple(question.correct)
    return len(set(chosen)) == len(chosen) and sorted(chosen) == sorted(question.correct)


def answer_problem(question: Question, chosen: Sequence[int]) -> str | None:
    """Why option indices are not a well-formed answer to a choice question, or None if they are.

    A malformed answer (two letters for one answer, a letter repeated, an order missing
    options) is a slip to ask again about, not a wrong answer to grade.
    """
    count = len(question.options)
    if not chosen:
        return "answer with option letters"
    if any(not 0 <= i < count for i in chosen):
        return f"choose letters a-{chr(96 + count)}"
    if len(set(chosen)) != len(chosen):
        return "give each letter once"
    if question.kind is Kind.ORDER and len(chosen) != count:
        return f"give all {count} letters in order"
    if question.kind in (Kind.MCQ, Kind.NOT) and len(chosen) != 1:
        return "answer with one letter"
    return None


# --- option order -----------------------------------------------------------------------


def option_order(question: Question, rng: random.Random | None) -> tuple[int, ...]:
    """A fresh order to show a choice question's options in (shown position → option index).

    The bank keeps one option order (the one ``quizzer cards`` prints and the review log
    refers to); every showing reshuffles it so that a student cannot learn a card by the
    position of its answer. An ``order`` question is never shown already in order. Other
    kinds, and a ``None`` rng (the bank's order, for tests), get ``()``: nothing to shuffle.
    """
    n = len(question.options)
    if rng is None or not question.kind.is_choice or n < 2:
        return ()
    order = list(range(n))
    rng.shuffle(order)
    # Drawn again (not rotated, which would favour one layout) while it shows the steps in
    # their right order; at least half of all layouts are not that one, so this ends fast.
    while question.kind is Kind.ORDER and presented(question, order).correct == tuple(range(n)):
        rng.shuffle(order)
    return tuple(order)


def presented(question: Question, order: Sequence[int]) -> Question:
    """``question`` with its options shown in ``order`` (from ``option_order``)."""
    if not order:
        return question
    shown_at = {source: shown for shown, source in enumerate(order)}
    return replace(
        question,
        options=tuple(question.options[i] for i in order),
        correct=tuple(shown_at[i] for i in question.correct),
    )
