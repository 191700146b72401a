"""Plain types for study progress (ratings, card states, reviews, settings), free of fsrs and sqlite."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum, StrEnum
from typing import Any


class Rating(IntEnum):
    """How well the student recalled a card (the numbers are the keys in plain mode)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        """The word shown on buttons, e.g. "Good"."""
        return self.name.capitalize()


class Status(IntEnum):
    """Where a card is in its life; NEW cards have no row in the store yet."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class Mode(StrEnum):
    """The two session modes, stored in the review log as plain text."""

    STUDY = "study"
    QUIZ = "quiz"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_micros(moment: datetime) -> int:
    """An aware datetime as whole microseconds since the epoch (exact, and sorts as numbers)."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(micros: int) -> datetime:
    return EPOCH + timedelta(microseconds=micros)


def _micros(moment: datetime | None) -> int | None:
    return None if moment is None else to_micros(moment)


def _moment(micros: int | None) -> datetime | None:
    return None if micros is None else from_micros(micros)


@dataclass(frozen=True)
class CardState:
    """The scheduling state of one question, keyed by the question id."""

    qid: str
    deck: str
    fact: str
    status: Status
    due: datetime
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    leech: bool = False
    introduced: datetime | None = None
    """When the card was first answered (counts against the daily new limit that day)."""
    card_id: int = 0
    """The store's integer id (0 until saved); also the fsrs card id."""

    @classmethod
    def new(cls, qid: str, deck: str, fact: str, now: datetime) -> CardState:
        return cls(qid=qid, deck=deck, fact=fact, status=Status.NEW, due=now, step=0)

    def to_row(self) -> tuple[Any, ...]:
        """The store's column values, id first; times as µs since the epoch (exact)."""
        return (
            self.card_id, self.qid, self.deck, self.fact, int(self.status), self.step,
            self.stability, self.difficulty, to_micros(self.due), _micros(self.last_review),
            self.reps, self.lapses, int(self.suspended), int(self.leech),
            _micros(self.introduced),
        )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> CardState:
        (card_id, qid, deck, fact, status, step, stability, difficulty, due, last_review, reps,
         lapses, suspended, leech, introduced) = row
        return cls(
            qid=qid, deck=deck, fact=fact, status=Status(status), step=step,
            stability=stability, difficulty=difficulty, due=from_micros(due),
            last_review=_moment(last_review), reps=reps, lapses=lapses,
            suspended=bool(suspended), leech=bool(leech), introduced=_moment(introduced),
            card_id=card_id,
        )


@dataclass(frozen=True)
class Review:
    """One row of the review log."""

    qid: str
    rating: Rating
    time: datetime
    duration_ms: int
    mode: Mode
    status_before: Status
    chosen: tuple[int, ...] | None = None
    """The option indices the student chose (choice questions only)."""
    id: int = 0

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Review:
        """From (id, qid, rating, time µs, duration, mode, status before, chosen JSON)."""
        review_id, qid, rating, when, duration, mode, status_before, chosen = row
        return cls(
            qid=qid, rating=Rating(rating), time=from_micros(when), duration_ms=duration,
            mode=Mode(mode), status_before=Status(status_before),
            chosen=None if chosen is None else tuple(json.loads(chosen)), id=review_id,
        )


BUILTIN_THEMES = (
    "textual-dark", "textual-light", "nord", "gruvbox", "catppuccin-mocha", "dracula",
    "tokyo-night", "monokai", "flexoki", "catppuccin-latte", "catppuccin-frappe",
    "catppuccin-macchiato", "solarized-light", "solarized-dark", "rose-pine", "rose-pine-moon",
    "rose-pine-dawn", "atom-one-dark", "atom-one-light", "ansi-dark", "ansi-light",
)
"""Textual 8.2's built-in theme names (``textual.theme.BUILTIN_THEMES``), copied so that the
core can check a theme without importing Textual; a test keeps the two equal."""


def _default_steps() -> tuple[int, ...]:
    return (1, 10)


@dataclass(frozen=True)
class DeckLimits:
    """Per-deck daily limits that override the global ones."""

    new_per_day: int | None = None
    reviews_per_day: int | None = None


@dataclass(frozen=True)
class Settings:
    """Every study setting; persisted in the store as JSON, one row per field."""

    desired_retention: float = 0.90
    """The recall probability the scheduler aims for (0.7-0.99)."""
    learning_steps: tuple[int, ...] = field(default_factory=_default_steps)
    """Learning steps in minutes."""
    relearning_steps: tuple[int, ...] = (10,)
    """Relearning steps in minutes."""
    maximum_interval: int = 36500
    """The longest interval in days."""
    fuzz: bool = True
    """Spread review intervals a little so cards learnt together do not stay together."""
    new_per_day: int = 20
    """New cards per deck per day."""
    reviews_per_day: int = 200
    """Reviews per deck per day."""
    deck_limits: dict[str, DeckLimits] = field(default_factory=dict)
    """Overrides of the two daily limits by deck id."""
    leech_threshold: int = 8
    """Lapses after which a card is flagged as a leech and suspended."""
    exam_date: date | None = None
    """No interval reaches past this day; new cards are introduced a week before it."""
    theme: str = "textual-dark"
    """The app's colour theme."""

    def limits_for(self, deck: str) -> tuple[int, int]:
        """(new per day, reviews per day) for a deck."""
        own = self.deck_limits.get(deck, DeckLimits())
        new = self.new_per_day if own.new_per_day is None else own.new_per_day
        reviews = self.reviews_per_day if own.reviews_per_day is None else own.reviews_per_day
        return new, reviews

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["learning_steps"] = list(self.learning_steps)
        out["relearning_steps"] = list(self.relearning_steps)
        out["exam_date"] = self.exam_date.isoformat() if self.exam_date else None
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Settings from stored values; unknown keys (from a newer version) are ignored."""
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        if "learning_steps" in values:
            values["learning_steps"] = tuple(int(v) for v in values["learning_steps"])
        if "relearning_steps" in values:
            values["relearning_steps"] = tuple(int(v) for v in values["relearning_steps"])
        if values.get("exam_date"):
            values["exam_date"] = date.fromisoformat(values["exam_date"])
        if "deck_limits" in values:
            values["deck_limits"] = {
                deck: DeckLimits(**limits) for deck, limits in values["deck_limits"].items()
            }
        return replace(cls(), **values)

    def check(self, today: date | None = None) -> None:
        """Raise ValueError naming the first setting that is out of range.

        With ``today`` (pass it when the exam date is being set), an exam date before today
        is refused: every new card would be due at once.
        """
        if not 0.7 <= self.desired_retention <= 0.99:
            raise ValueError("desired_retention must be between 0.7 and 0.99 (or 70% to 99%), "
                             f"not {self.desired_retention:g}")
        if any(step <= 0 for step in (*self.learning_steps, *self.relearning_steps)):
            raise ValueError("learning and relearning steps must be positive minutes")
        if self.maximum_interval < 1:
            raise ValueError("maximum_interval must be at least 1 day")
        for name in ("new_per_day", "reviews_per_day"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be a whole number from 0 up, not {getattr(self, name)}")
        if self.leech_threshold < 1:
            raise ValueError("leech_threshold must be at least 1")
        if today is not None and self.exam_date is not None and self.exam_date < today:
            raise ValueError(f"exam_date {self.exam_date.isoformat()} is in the past; give a date "
                             f"from today ({today.isoformat()}) on, or 'none' to clear it")
        if self.theme not in BUILTIN_THEMES:
            raise ValueError(f"theme must be a built-in theme ({', '.join(BUILTIN_THEMES)}), "
                             f"not {self.theme!r}")


def settings_json(settings: Settings) -> dict[str, str]:
    """Each setting as a JSON text, the form the store keeps."""
    return {key: json.dumps(value) for key, value in settings.to_dict().items()}
