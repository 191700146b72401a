"""The study/quiz session service used by the CLI and the app alike: queue, answers, undo, limits, burying."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from quizzer.model import Library, Question
from quizzer.progress import (
    CardState,
    Mode,
    Rating,
    Review,
    Settings,
    Status,
    to_micros,
)
from quizzer.schedule import DAY_STARTS_AT, Planner
from quizzer.store import StaleCard, Store, StoreError, UndoRefused, open_store
from quizzer.store import data_dir as resolve_data_dir
from quizzer.study import (
    LEARN_AHEAD,
    AnswerResult,
    Counts,
    QuizSession,
    Session,
    Shown,
    StudySession,
    Summary,
    answer_problem,
    grade_choice,
    pick_quiz,
)

__all__ = [
    "AnswerResult", "CardInfo", "Counts", "DeckCounts", "Session", "Shown", "StoreError",
    "StudyService", "Summary", "TodayTotals", "UndoRefused", "answer_problem", "bank_cache_dir",
    "grade_choice", "open_service",
]

Clock = Callable[[], datetime]
_RECORD_ATTEMPTS = 3
"""Tries to commit an answer while other screens or Quizzers keep changing the same card."""


@dataclass(frozen=True)
class DeckCounts:
    """One line of the home screen's deck list."""

    deck: str
    name: str
    new: int
    learning: int
    review: int
    total: int
    """Questions in the deck."""
    suspended: int


@dataclass(frozen=True)
class TodayTotals:
    reviewed: int
    correct: int
    correct_pct: float | None
    minutes: float


@dataclass(frozen=True)
class CardInfo:
    question: Question | None
    qid: str
    status: Status
    due: datetime | None
    stability: float | None
    difficulty: float | None
    retrievability: float | None
    reps: int
    lapses: int
    suspended: bool
    leech: bool
    history: list[Review]


def bank_cache_dir(data_dir: Path | None = None) -> Path:
    """Where the question bank's cache is kept: ``cache/`` in the progress folder."""
    return resolve_data_dir(data_dir) / "cache"


def open_service(
    library: Library, *, deck_ids: Sequence[str] | None = None, data_dir: Path | None = None,
    clock: Clock, seed: int = 0, rng: random.Random | None = None,
    utc_offset: timedelta = timedelta(0), settings: Settings | None = None,
    move_aside: bool = False, questions: Sequence[Question] | None = None,
) -> StudyService:
    """Build the service for a library: open the store, make today's backup, and generate
    the questions with ``seed`` (unless ``questions`` are given, already generated)."""
    now = clock()
    store = open_store(resolve_data_dir(data_dir), move_aside=move_aside, now=now)
    try:
        store.backup_daily((now + utc_offset).date())
        if questions is None:
            from quizzer.generate import generate

            questions = generate(library, deck_ids, seed=seed)
        names = {deck.id: deck.name for deck in library.decks}
        service = StudyService(store, questions, clock=clock, rng=rng or random.Random(seed),
                               utc_offset=utc_offset, settings=settings, deck_names=names)
        service.day(now)  # today's answers, read (and checked) while opening, not on screen
        return service
    except BaseException:
        store.close()
        raise


class StudyService:
    """Everything a front end needs: deck counts, sessions, card info, settings, stats."""

    def __init__(
        self, store: Store, questions: Sequence[Question], *, clock: Clock, rng: random.Random,
        utc_offset: timedelta = timedelta(0), settings: Settings | None = None,
        deck_names: dict[str, str] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.rng = rng
        self.shuffle_rng: random.Random | None = _fork(rng)
        """Shuffles the options of each question shown; its own stream, so that shuffling
        leaves the interval fuzz drawn from ``rng`` exactly as it was. None shows options in
        the bank's order (tests that answer by fixed letters)."""
        self.utc_offset = utc_offset
        self._settings = settings or store.load_settings()
        self.planner = Planner(self._settings, rng, self.study_day)
        self.questions_by_id = {q.id: q for q in questions}
        self.order = [q.id for q in questions]
        self.decks = list(dict.fromkeys(q.deck for q in questions))
        # Per deck, in order: (question, sibling key). Counting walks every question after
        # every answer, so the walk is kept free of lookups it can do once here.
        self._deck_rows: dict[str, list[tuple[Question, str]]] = {deck: [] for deck in self.decks}
        for qid in self.order:
            q = self.questions_by_id[qid]
            self._deck_rows[q.deck].append((q, q.fact or q.id))
        self.deck_names = deck_names or {}
        # qid → (status, suspended, due µs): enough to count without touching the disk.
        self.cache: dict[str, tuple[Status, bool, int]] = store.card_keys()
        self._day: _Day | None = None

    # --- time ---------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock().astimezone(UTC)

    def study_day(self, now: datetime) -> date:
        return (now + self.utc_offset - timedelta(hours=DAY_STARTS_AT)).date()

    def day_start(self, now: datetime) -> datetime:
        local = datetime.combine(self.study_day(now), time(DAY_STARTS_AT), tzinfo=UTC)
        return local - self.utc_offset

    def day(self, now: datetime) -> _Day:
        """Today's answers (for limits and burying), reloaded when the day rolls over."""
        start = self.day_start(now)
        if self._day is None or self._day.start != start:
            self._day = _Day(start)
            for row in self.store.reviews_since(start):
                self._day.add(row.review.qid, row.deck, row.fact, row.review, +1)
        return self._day

    # --- settings -----------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self._settings

    def update_settings(self, **changes: Any) -> Settings:
        """Change settings (ValueError if out of range) and save them in the store."""
        new = replace(self._settings, **changes)
        # The exam date is checked against today only when it changes: an exam that has
        # passed must not block changing anything else.
        moved = new.exam_date != self._settings.exam_date
        new.check(self.study_day(self.now()) if moved else None)
        self.store.save_settings(new)
        self._settings = new
        self.planner = Planner(new, self.rng, self.study_day)
        return new

    # --- counts -------------------------------------------------------------------------
    def new_limit(self, deck: str, now: datetime) -> int:
        """New cards allowed today in a deck, raised so every card is met a week before the exam."""
        limit, _ = self._settings.limits_for(deck)
        exam = self._settings.exam_date
        if exam is None:
            return limit
        days = (exam - timedelta(days=7) - self.study_day(now)).days + 1
        remaining = self.new_remaining(deck) + self.day(now).new_by_deck[deck]
        if days <= 0:
            return max(limit, remaining)
        return max(limit, -(-remaining // days))

    def new_remaining(self, deck: str) -> int:
        return sum(1 for q, _ in self._deck_rows.get(deck, ()) if self._is_new(q.id))

    def counts(self, deck_ids: Iterable[str] | None = None) -> Counts:
        """Cards left today (new within limits, learning due now, reviews due today within limits)."""
        rows = self.deck_counts(deck_ids)
        return Counts(sum(r.new for r in rows), sum(r.learning for r in rows),
                      sum(r.review for r in rows))

    def deck_counts(self, deck_ids: Iterable[str] | None = None) -> list[DeckCounts]:
        now = self.now()
        today = self.day(now)
        wanted = set(deck_ids) if deck_ids is not None else set(self.decks)
        now_us, end_us = to_micros(now + LEARN_AHEAD), to_micros(self.day_start(now) + timedelta(days=1))
        out = []
        for deck in self.decks:
            if deck not in wanted:
                continue
            rows = self._deck_rows[deck]
            new, learning, review, suspended = self._tally(rows, today, now_us, end_us)
            new_left = max(0, self.new_limit(deck, now) - today.new_by_deck[deck])
            review_left = max(0, self._settings.limits_for(deck)[1] - today.reviews_by_deck[deck])
            out.append(DeckCounts(deck, self.deck_names.get(deck, deck), min(new, new_left),
                                  learning, min(review, review_left), len(rows), suspended))
        return out

    def _tally(self, rows: list[tuple[Question, str]], today: _Day, now_us: int,
               end_us: int) -> tuple[int, int, int, int]:
        """(new, learning due now, reviews due today, suspended) among ``rows``, before limits.

        New cards count once per fact: study serves one of a fact's new siblings a day (the
        others are buried once it is answered), so that is what the counts promise.
        Runs over every question after every answer, hence plain local counters.
        """
        cache, answered = self.cache, today.by_fact
        never_seen = (Status.NEW, False, 0)
        new = learning = review = suspended = 0
        new_facts: set[str] = set()
        for q, sibling_key in rows:
            status, is_suspended, due = cache.get(q.id, never_seen)
            if is_suspended:
                suspended += 1
            elif sibling_key in answered and today.buried(q):
                continue
            elif status is Status.NEW:
                if sibling_key not in new_facts:
                    new_facts.add(sibling_key)
                    new += 1
            elif status is Status.REVIEW:
                if due < end_us:
                    review += 1
            elif due <= now_us:  # LEARNING or RELEARNING
                learning += 1
        return new, learning, review, suspended

    def today(self) -> TodayTotals:
        reviews = self.day(self.now()).reviews
        correct = sum(1 for r in reviews if r.rating is not Rating.AGAIN)
        minutes = sum(r.duration_ms for r in reviews) / 60_000
        pct = round(100 * correct / len(reviews), 1) if reviews else None
        return TodayTotals(len(reviews), correct, pct, round(minutes, 1))

    # --- sessions -----------------------------------------------------------------------
    def start_study(self, deck_ids: Iterable[str] | None = None) -> Session:
        return StudySession(self, self._deck_set(deck_ids))

    def start_quiz(self, n: int = 10, deck_ids: Iterable[str] | None = None,
                   question_ids: Sequence[str] | None = None) -> QuizSession:
        """A quiz of ``n`` choice questions: due first, then the weakest, then new ones."""
        if question_ids is not None:
            chosen = [qid for qid in dict.fromkeys(question_ids) if qid in self.questions_by_id]
        else:
            chosen = pick_quiz(self, self._deck_set(deck_ids), n)
        return QuizSession(self, chosen)

    # --- cards --------------------------------------------------------------------------
    def questions(self, deck_ids: Iterable[str] | None = None) -> list[Question]:
        decks = self._deck_set(deck_ids)
        return [self.questions_by_id[qid] for qid in self.order
                if self.questions_by_id[qid].deck in decks]

    def card_state(self, qid: str) -> CardState:
        """The stored state, or a fresh NEW card for a question never answered."""
        card = self.store.card(qid)
        if card is not None:
            return card
        q = self.questions_by_id[qid]
        return CardState.new(qid, q.deck, q.fact or qid, self.now())

    def card_info(self, qid: str) -> CardInfo:
        card = self.store.card(qid)
        question = self.questions_by_id.get(qid)
        if card is None:
            return CardInfo(question, qid, Status.NEW, None, None, None, None, 0, 0, False,
                            False, [])
        return CardInfo(
            question, qid, card.status, None if card.status is Status.NEW else card.due,
            card.stability, card.difficulty, self.planner.retrievability(card, self.now()),
            card.reps, card.lapses, card.suspended, card.leech, self.store.history(qid),
        )

    def suspend(self, qid: str, suspended: bool = True) -> None:
        """Suspend (or unsuspend) a question; a suspended leech stays flagged.

        Only the flag is written, never a state read beforehand: an answer committed
        meanwhile (another screen or Quizzer) is kept.
        """
        q = self.questions_by_id.get(qid)
        new = None if q is None else CardState.new(qid, q.deck, q.fact or qid, self.now())
        saved = self.store.set_suspended(qid, suspended, new=new)
        self.cache[qid] = (saved.status, saved.suspended, to_micros(saved.due))

    def stats(self, deck_ids: Iterable[str] | None = None) -> dict[str, Any]:
        """The same object `quizzer stats --json` prints."""
        from quizzer.stats import compute_stats

        return compute_stats(self, self._deck_set(deck_ids))

    def close(self) -> None:
        self.store.close()

    # --- used by sessions ---------------------------------------------------------------
    def _is_new(self, qid: str) -> bool:
        status, suspended, _ = self.cache.get(qid, (Status.NEW, False, 0))
        return status is Status.NEW and not suspended

    def _deck_set(self, deck_ids: Iterable[str] | None) -> set[str]:
        return set(self.decks) if deck_ids is None else set(deck_ids)

    def record(self, card: CardState, rating: Rating, *, mode: Mode, duration_ms: int,
               chosen: tuple[int, ...] | None) -> tuple[CardState, CardState, Review]:
        """Schedule and commit one answer; returns the state it was applied to, the saved card
        and the review.

        ``card`` is the state shown to the student. If the store holds a newer state (a
        suspension from Browse, another session's answer), the answer is applied to that
        fresh state instead, so the newer change is kept (a suspended card stays suspended).
        """
        now = self.now()
        # Before the commit: loading a new day's answers after it would count this one twice.
        day = self.day(now)
        # A retry draws the same fuzz as the first try, the one the interval preview showed.
        rng_state = self.rng.getstate()
        for attempt in range(_RECORD_ATTEMPTS):
            after = self.planner.review(card, rating, now)
            review = Review(card.qid, rating, now, duration_ms, mode, card.status, chosen)
            try:
                saved, logged = self.store.record(review, card, after)
                break
            except StaleCard:
                if attempt == _RECORD_ATTEMPTS - 1:
                    raise
                card = self.card_state(card.qid)
                self.rng.setstate(rng_state)
        self.cache[saved.qid] = (saved.status, saved.suspended, to_micros(saved.due))
        day.add(saved.qid, saved.deck, saved.fact, logged, +1)
        return card, saved, logged

    def unrecord(self, card_before: CardState, review: Review, written: CardState) -> CardState:
        """Undo one recorded answer in the store and in today's tallies.

        ``written`` is the card the answer saved; UndoRefused if the card changed since.
        """
        restored = self.store.undo(review.id, written=written)
        if restored is None:
            self.cache.pop(card_before.qid, None)
        else:
            self.cache[restored.qid] = (restored.status, restored.suspended, to_micros(restored.due))
        if self._day is not None and review.time >= self._day.start:
            self._day.add(card_before.qid, card_before.deck, card_before.fact, review, -1)
        return restored or card_before


def _fork(rng: random.Random) -> random.Random:
    """A second generator seeded from ``rng``'s state without drawing from it."""
    state = rng.getstate()[1]
    return random.Random(sum(word << (32 * i) for i, word in enumerate(state[:8])))


class _Day:
    """Tallies of one study day's answers."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.new_by_deck: Counter[str] = Counter()
        self.reviews_by_deck: Counter[str] = Counter()
        self.by_fact: dict[str, Counter[str]] = {}
        self.reviews: list[Review] = []

    def add(self, qid: str, deck: str, fact: str, review: Review, sign: int) -> None:
        if review.status_before is Status.NEW:
            self.new_by_deck[deck] += sign
        elif review.status_before is Status.REVIEW:
            self.reviews_by_deck[deck] += sign
        self.by_fact.setdefault(fact, Counter())[qid] += sign
        if sign > 0:
            self.reviews.append(review)
        else:
            self.reviews = [r for r in self.reviews if r.id != review.id]

    def buried(self, question: Question) -> bool:
        """A sibling (same fact) was answered today and this question was not."""
        answered = self.by_fact.get(question.fact or question.id)
        if not answered:
            return False
        return answered[question.id] <= 0 and any(n > 0 for n in answered.values())
