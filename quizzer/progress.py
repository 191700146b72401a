"""Plain types for study progress (ratings, card states, reviews, settings), free of fsrs and sqlite."""

from __future__ import annotations

import json
import math
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


_LAST_MICROS = to_micros(datetime(9999, 12, 31, tzinfo=UTC))
_MAX_COUNT = 10**9


def _shown(value: Any) -> str:
    text = (
        json.dumps(value)
        if isinstance(value, (int, float, str)) and not isinstance(value, bool)
        else repr(value)
    )
    return text if len(text) <= 40 else text[:40] + "…"


def _whole(name: str, value: Any, low: int, high: int, *, null: bool = False) -> int | None:
    """``value`` if it is a whole number in [low, high] (or None, if allowed), else ValueError
    naming the field, what it holds and what it should."""
    if value is None and null:
        return None
    if type(value) is not int or not low <= value <= high:
        expected = "0 or 1" if (low, high) == (0, 1) else f"a whole number from {low} to {high:,}"
        raise ValueError(f"{name} is {_shown(value)}; expected {expected}")
    return value


def _real(name: str, value: Any, low: float, high: float, what: str) -> float | None:
    if value is None:
        return None
    if type(value) not in (int, float) or not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{name} is {_shown(value)}; expected {what}")
    return float(value)


def _time(name: str, value: Any, *, null: bool = False) -> datetime | None:
    if value is None and null:
        return None
    if type(value) is not int or not 0 <= value <= _LAST_MICROS:
        raise ValueError(
            f"{name} is {_shown(value)}; expected a time from 1970 to 9999 (microseconds since 1970)"
        )
    return from_micros(value)


def _choice(name: str, value: Any, kind: type[IntEnum] | type[StrEnum]) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in kind)
        raise ValueError(f"{name} is {_shown(value)}; expected one of {allowed}") from None


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
            self.card_id,
            self.qid,
            self.deck,
            self.fact,
            int(self.status),
            self.step,
            self.stability,
            self.difficulty,
            to_micros(self.due),
            _micros(self.last_review),
            self.reps,
            self.lapses,
            int(self.suspended),
            int(self.leech),
            _micros(self.introduced),
        )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> CardState:
        """A card from the store's columns; ValueError names the first value out of range
        (the store is data another program, a bug or a disk can have changed)."""
        (
            card_id,
            qid,
            deck,
            fact,
            status,
            step,
            stability,
            difficulty,
            due,
            last_review,
            reps,
            lapses,
            suspended,
            leech,
            introduced,
        ) = row
        for name, text in (("qid", qid), ("deck", deck), ("fact", fact)):
            if not isinstance(text, str) or (name == "qid" and not text):
                raise ValueError(f"{name} is {_shown(text)}; expected text")
        state = _choice("status", status, Status)
        card = cls(
            qid=qid,
            deck=deck,
            fact=fact,
            status=state,
            step=_whole("step", step, 0, 1000, null=True),
            stability=_real("stability", stability, 0.0001, 1e6, "a number of days from 0.0001 to 1,000,000"),
            difficulty=_real("difficulty", difficulty, 1, 10, "a number from 1 to 10"),
            due=_time("due", due) or EPOCH,
            last_review=_time("last_review", last_review, null=True),
            reps=_whole("reps", reps, 0, _MAX_COUNT) or 0,
            lapses=_whole("lapses", lapses, 0, _MAX_COUNT) or 0,
            suspended=bool(_whole("suspended", suspended, 0, 1)),
            leech=bool(_whole("leech", leech, 0, 1)),
            introduced=_time("introduced", introduced, null=True),
            card_id=_whole("id", card_id, 0, 2**63 - 1) or 0,
        )
        if state in (Status.REVIEW, Status.RELEARNING) and (
            card.stability is None or card.difficulty is None
        ):
            raise ValueError(
                f"status is {state.label} but stability or difficulty is missing; "
                "expected both for a card in review"
            )
        return card


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
        picked: tuple[int, ...] | None = None
        if chosen is not None:
            try:
                value = json.loads(chosen) if isinstance(chosen, str) else None
            except ValueError:
                value = None
            if not isinstance(value, list) or not all(type(i) is int and 0 <= i < 26 for i in value):
                raise ValueError(
                    f"chosen is {_shown(chosen)}; expected a JSON list of option numbers from 0 to 25"
                )
            picked = tuple(value)
        return cls(
            qid=qid,
            rating=_choice("rating", rating, Rating),
            time=_time("time", when) or EPOCH,
            duration_ms=_whole("duration_ms", duration, 0, 7 * 86_400_000) or 0,
            mode=_choice("mode", mode, Mode),
            status_before=_choice("status_before", status_before, Status),
            chosen=picked,
            id=_whole("id", review_id, 0, 2**63 - 1) or 0,
        )


BUILTIN_THEMES = (
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "dracula",
    "tokyo-night",
    "monokai",
    "flexoki",
    "catppuccin-latte",
    "catppuccin-frappe",
    "catppuccin-macchiato",
    "solarized-light",
    "solarized-dark",
    "rose-pine",
    "rose-pine-moon",
    "rose-pine-dawn",
    "atom-one-dark",
    "atom-one-light",
    "ansi-dark",
    "ansi-light",
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
    new_per_day_total: int = 20
    """New cards per day across all decks together: studying several decks at once, or one
    after another, introduces no more than this in a day (the exam date can raise it)."""
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
        own = self.deck_limits.get(deck)
        if own is None:  # the usual case (asked per deck and answer): nothing to make
            return self.new_per_day, self.reviews_per_day
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
        """Settings from stored values; unknown keys (from a newer version) are ignored.

        ValueError names a value of the wrong kind; ranges are :meth:`check`'s business.
        """
        known = {f.name for f in fields(cls)}
        values = {key: _setting(key, value) for key, value in data.items() if key in known}
        return replace(cls(), **values)

    def check(self, today: date | None = None) -> None:
        """Raise SettingProblem (a ValueError) naming the first setting out of range and
        the range.

        With ``today`` (pass it when the exam date is being set), an exam date before today
        is refused: every new card would be due at once.
        """

        def problem(key: str, message: str) -> SettingProblem:
            return SettingProblem(key, f"{key} {message}")

        if not 0.7 <= self.desired_retention <= 0.99:
            raise problem(
                "desired_retention",
                f"must be between 0.7 and 0.99 (or 70% to 99%), not {self.desired_retention:g}",
            )
        for name in ("learning_steps", "relearning_steps"):
            steps = getattr(self, name)
            if any(not 0 < step <= MAX_STEP for step in steps):
                raise problem(
                    name, f"must be minutes from 1 to {MAX_STEP:,} (a year), not {' '.join(map(str, steps))}"
                )
        if not 1 <= self.maximum_interval <= MAX_INTERVAL:
            raise problem(
                "maximum_interval", f"must be from 1 to {MAX_INTERVAL} days, not {self.maximum_interval}"
            )
        for name in ("new_per_day", "new_per_day_total", "reviews_per_day"):
            value = getattr(self, name)
            if not 0 <= value <= MAX_PER_DAY:
                raise problem(name, f"must be a whole number from 0 to {MAX_PER_DAY:,}, not {value}")
            if name == "new_per_day_total":
                continue  # not a per-deck limit
            for deck, own in self.deck_limits.items():
                value = getattr(own, name)
                if value is not None and not 0 <= value <= MAX_PER_DAY:
                    raise SettingProblem(
                        "deck_limits",
                        f"{name} of deck {deck} must be a whole "
                        f"number from 0 to {MAX_PER_DAY:,}, not {value}",
                    )
        if not 1 <= self.leech_threshold <= MAX_PER_DAY:
            raise problem("leech_threshold", f"must be from 1 to {MAX_PER_DAY:,}, not {self.leech_threshold}")
        if today is not None and self.exam_date is not None and self.exam_date < today:
            raise problem(
                "exam_date",
                f"{self.exam_date.isoformat()} is in the past; give a date "
                f"from today ({today.isoformat()}) on, or 'none' to clear it",
            )
        if self.theme not in BUILTIN_THEMES:
            raise problem(
                "theme", f"must be a built-in theme ({', '.join(BUILTIN_THEMES)}), not {self.theme!r}"
            )


class SettingProblem(ValueError):
    """A setting out of range; ``key`` names the setting (the message says the range)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


MAX_STEP = 525_600
"""The longest learning step, in minutes (a year)."""
MAX_INTERVAL = 36_500
"""The longest interval, in days (as in Anki)."""
MAX_PER_DAY = 1_000_000
"""The highest daily limit (and leech threshold) a store may hold."""


def _setting(key: str, value: Any) -> Any:
    """A stored setting as its field's type; ValueError when it is of another kind."""
    default = getattr(Settings(), key)
    if key == "exam_date":
        if value is None:
            return None
        try:
            if isinstance(value, str):
                return date.fromisoformat(value)
        except ValueError:
            pass
        return _wrong(key, value, "a date like 2026-12-18, or null")
    if key == "deck_limits":
        if not isinstance(value, dict):
            return _wrong(key, value, "a mapping of deck id to limits")
        out = {}
        for deck, limits in value.items():
            if not isinstance(limits, dict) or not set(limits) <= {"new_per_day", "reviews_per_day"}:
                _wrong(f"deck_limits of {deck}", limits, "new_per_day and reviews_per_day")
            for name, number in limits.items():
                _whole(f"{name} of deck {deck}", number, 0, MAX_PER_DAY, null=True)
            out[deck] = DeckLimits(**limits)
        return out
    if isinstance(default, bool):
        return value if type(value) is bool else _wrong(key, value, "true or false")
    if isinstance(default, int):
        return value if type(value) is int else _wrong(key, value, "a whole number")
    if isinstance(default, float):
        ok = type(value) in (int, float) and math.isfinite(value)
        return float(value) if ok else _wrong(key, value, "a number")
    if isinstance(default, tuple):
        ok = isinstance(value, list) and all(type(v) is int for v in value)
        return tuple(value) if ok else _wrong(key, value, "a list of whole minutes")
    return value if isinstance(value, str) else _wrong(key, value, "text")


def _wrong(key: str, value: Any, expected: str) -> Any:
    raise ValueError(f"{key} is {_shown(value)}; expected {expected}")


def settings_json(settings: Settings) -> dict[str, str]:
    """Each setting as a JSON text, the form the store keeps."""
    return {key: json.dumps(value) for key, value in settings.to_dict().items()}


class SettingError(ValueError):
    """Text that is not a value a setting can take; says which setting and what it expects."""

    def __init__(self, key: str, text: str, expected: str, *, quote: bool = True) -> None:
        self.key = key
        self.detail = f"must be {expected}, not {repr(text) if quote else text.strip()}"
        """The message without the setting's name, for a front end that names it its own way."""
        super().__init__(f"{key} {self.detail}")


SETTING_FORMS = {
    "desired_retention": "a number like 0.9 or 90%",
    "learning_steps": "minutes like 1,10",
    "relearning_steps": "minutes like 10",
    "maximum_interval": "a whole number of days like 36500",
    "fuzz": "on or off",
    "new_per_day": "a whole number like 20",
    "new_per_day_total": "a whole number like 20",
    "reviews_per_day": "a whole number like 200",
    "leech_threshold": "a whole number like 8",
    "exam_date": "a date like 2026-12-18 (or 'none' to clear)",
    "theme": "a theme name like textual-dark",
}
"""What each setting's text looks like, for messages."""

_ON = ("on", "true", "yes", "1")
_OFF = ("off", "false", "no", "0")


def parse_setting(key: str, text: str) -> Any:
    """A setting's value from what a person typed, on the command line or in the app.

    Both front ends take the same forms: a retention as a fraction or a percentage
    (``0.9``, ``90``, ``90%``, ``90 %``: a number above 1 is a percentage), steps as minutes
    separated by commas or spaces, ``on``/``off``, whole numbers (negative ones too, so the
    range check can say what is allowed), a date or ``none``. Ranges are ``Settings.check``'s
    business. Raises SettingError for text of the wrong form, KeyError for an unknown key.
    """
    expected = SETTING_FORMS[key]
    raw = text.strip()
    try:
        if key == "desired_retention":
            number = float(raw.removesuffix("%").strip())
            if number != number:  # NaN
                raise ValueError(raw)
            # Students think in percent, the scheduler in fractions.
            value = number / 100 if raw.endswith("%") or number > 1 else number
            if not 0.7 <= round(value, 6) <= 0.99:
                raise SettingError(key, text, "between 0.7 and 0.99 (or 70% to 99%)", quote=False)
            return round(value, 6)
        if key in ("learning_steps", "relearning_steps"):
            steps = tuple(int(part) for part in raw.replace(",", " ").split())
            if not steps:
                raise ValueError(raw)
            return steps
        if key == "fuzz":
            if raw.lower() not in (*_ON, *_OFF):
                raise ValueError(raw)
            return raw.lower() in _ON
        if key == "exam_date":
            return None if raw.lower() in ("", "none", "off") else date.fromisoformat(raw)
        if key == "theme":
            return raw
        return int(raw)
    except ValueError as exc:
        if isinstance(exc, SettingError):
            raise
        raise SettingError(key, text, expected) from None
