"""The study service: the only holder of the store, the clock and the randomness.

Front ends and sittings ask it for counts, the next card, card details and settings, and
give it answers, undos and suspensions. ``open_study`` opens it as the CLI and the app do.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from quizzer.model import Library, Question
from quizzer.progress import CardState, Mode, Rating, Review, Settings, Status, to_micros
from quizzer.questionset import QuestionSet
from quizzer.schedule import Planner
from quizzer.session.queue import (
    NEVER_SEEN,
    CardKey,
    NewQueue,
    Siblings,
    StudyQueue,
    Tally,
    Today,
    pick_quiz,
    siblings_of,
)
from quizzer.session.rules import (
    LEARN_AHEAD,
    OVERLAP_GAP,
    Counts,
    DeckRegion,
    StudyDay,
    by_region,
    new_limit,
    option_order,
)
from quizzer.store import StaleCard, Store, StoreError, UndoRefused, open_store
from quizzer.store import data_dir as resolve_data_dir

if TYPE_CHECKING:
    from quizzer.bank import Bank

__all__ = [
    "BANK_SEED",
    "CardInfo",
    "Clock",
    "DeckCounts",
    "Opened",
    "StoreError",
    "StudyService",
    "TodayTotals",
    "UndoRefused",
    "bank_cache_dir",
    "open_service",
    "open_study",
]

Clock = Callable[[], datetime]
_RECORD_ATTEMPTS = 3
"""Tries to commit an answer while other screens or Quizzers keep changing the same card."""
_PAGE = 64
"""Due cards read from the store at a time while looking for the next one to show."""
_LEARNING = (Status.LEARNING, Status.RELEARNING)

BANK_SEED = 0
"""The generator's seed for studying: the same as ``quizzer cards`` and the exports' default,
so a question reads the same everywhere and on every start (the review log's chosen options
refer to the bank's order). The per-start seed only drives the option shuffle and fuzz."""


class DeckCounts(NamedTuple):
    """One line of the home screen's deck list."""

    deck: str
    name: str
    new: int
    learning: int
    review: int
    total: int
    """Questions in the deck."""
    suspended: int


class TodayTotals(NamedTuple):
    reviewed: int
    correct: int
    correct_pct: float | None
    minutes: float


class CardInfo(NamedTuple):
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


class Opened(NamedTuple):
    """What ``open_study`` opened: every loaded deck, the chosen ones and the service."""

    source: Library | Bank
    """The library, or the bank that gives it (decoding its decks when first asked)."""
    selected: list[str]
    service: StudyService

    @property
    def library(self) -> Library:
        """Every loaded deck (decoded now if not yet)."""
        return self.source if isinstance(self.source, Library) else self.source.library


def open_study(
    library: Library | None,
    selected: Sequence[str] = (),
    *,
    data_dir: Path | None = None,
    clock: Clock | None = None,
    seed: int | None = None,
    utc_offset: timedelta | None = None,
    move_aside: bool = False,
    read_only: bool = False,
    load: Callable[[], Bank] | None = None,
) -> Opened:
    """Open the study service the way the CLI and the app both do.

    The caller is the edge, so what is left out is taken from the machine here: the real
    clock, the local time zone and a fresh seed (it drives the option shuffle and interval
    fuzz; the questions are always the ``BANK_SEED`` bank). With ``library`` None the bank
    ``load`` gives is opened (``quizzer.bank``: the decks named on the command line), or
    else the bundled decks', from the question bank's cache when no deck file changed.
    ``read_only``: only to read progress (stats): no backup, nothing written, and a store
    the user may not write still opens. Raises ``DeckError`` or ``StoreError``.
    """
    clock = clock or (lambda: datetime.now(UTC))
    if utc_offset is None:
        utc_offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    if seed is None:
        seed = random.SystemRandom().randrange(2**32)
    if library is not None:
        service = open_service(
            library,
            deck_ids=list(selected) or None,
            data_dir=data_dir,
            clock=clock,
            seed=BANK_SEED,
            rng=random.Random(seed),
            utc_offset=utc_offset,
            move_aside=move_aside,
            read_only=read_only,
        )
        return Opened(library, list(selected), service)
    from quizzer.bank import load_bank

    bank = load() if load is not None else load_bank(seed=BANK_SEED, cache_dir=bank_cache_dir(data_dir))
    # The bank's decks are decoded only when something needs them (a sheet, a pain map):
    # counting needs only their names and regions.
    service = open_service(
        bank.about,
        deck_ids=list(bank.selected) or None,
        data_dir=data_dir,
        clock=clock,
        seed=BANK_SEED,
        rng=random.Random(seed),
        utc_offset=utc_offset,
        move_aside=move_aside,
        questions=bank.source,
        read_only=read_only,
    )
    return Opened(bank, list(bank.selected), service)


def open_service(
    library: Library | Sequence[tuple[str, str, str | None]],
    *,
    deck_ids: Sequence[str] | None = None,
    data_dir: Path | None = None,
    clock: Clock,
    seed: int = 0,
    rng: random.Random | None = None,
    utc_offset: timedelta = timedelta(0),
    settings: Settings | None = None,
    move_aside: bool = False,
    questions: Sequence[Question] | QuestionSet | None = None,
    read_only: bool = False,
) -> StudyService:
    """Build the service for a library: open the store, make today's backup, and generate
    the questions with ``seed`` (unless ``questions`` are given, already generated).
    With ``questions`` given, ``library`` may be what the home screen lists of each deck
    instead (``Bank.about``: id, name, exam region)."""
    now = clock()
    store = open_store(resolve_data_dir(data_dir), move_aside=move_aside, now=now, read_only=read_only)
    try:
        if read_only:
            store.check_daily((now + utc_offset).date())
        else:
            store.backup_daily((now + utc_offset).date())
        if questions is None:
            from quizzer.generate import generate

            if not isinstance(library, Library):
                raise TypeError("questions are generated from a library")
            questions = generate(library, deck_ids, seed=seed)
        if isinstance(library, Library):
            from quizzer.regions import deck_region

            about = [(deck.id, deck.name, deck_region(deck, library)) for deck in library.decks]
        else:
            about = list(library)
        names = {deck: name for deck, name, _ in about}
        regions = {deck: region for deck, _, region in about}
        service = StudyService(
            store,
            questions,
            clock=clock,
            rng=rng or random.Random(seed),
            utc_offset=utc_offset,
            settings=settings,
            deck_names=names,
            deck_regions=regions,
        )
        service.today_at(now)  # today's answers, read (and checked) while opening, not on screen
        return service
    except BaseException:
        store.close()
        raise


class StudyService:
    """Everything a front end needs: deck counts, the next card, answers, card info, settings.

    Counts and the study queue are kept current answer by answer (``quizzer.session.queue``):
    what an answer costs does not grow with the number of cards.
    """

    def __init__(
        self,
        store: Store,
        questions: Sequence[Question] | QuestionSet,
        *,
        clock: Clock,
        rng: random.Random,
        utc_offset: timedelta = timedelta(0),
        settings: Settings | None = None,
        deck_names: dict[str, str] | None = None,
        deck_regions: Mapping[str, str | None] | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._rng = rng
        self.shuffle_rng: random.Random | None = _fork(rng)
        """Shuffles the options of each question shown; its own stream, so that shuffling
        leaves the interval fuzz drawn from the main rng exactly as it was. None shows
        options in the bank's order (tests that answer by fixed letters)."""
        self.day = StudyDay(utc_offset)
        self._settings = settings or store.load_settings()
        self._planner = Planner(self._settings, rng, self.day.of)
        # A question's id, deck, fact and topic are all that counting and queueing need;
        # its text is decoded when it is shown (``QuestionSet``).
        self._source = questions if isinstance(questions, QuestionSet) else QuestionSet.of(questions)
        self.questions_by_id: Mapping[str, Question] = self._source.by_id
        self._deck_sizes: dict[str, int] = dict(Counter(self._source.decks))
        self.decks = list(self._deck_sizes)
        self.deck_names = deck_names or {}
        self.regions: list[DeckRegion] = by_region(self.decks, deck_regions or {}, self.deck_names)
        """The decks by exam region, head to foot, then decks with no region: the home
        screen's order and the order in which study introduces new cards."""
        # qid → (status, suspended, due µs): enough to count without touching the disk.
        self._keys: dict[str, CardKey] = store.card_keys()
        self._today: Today | None = None
        self._tally: Tally | None = None
        self._siblings: Siblings | None = None
        self._tally_lock = threading.RLock()
        """Held while the tally is made or a card changes: at start the cards may be counted
        on another thread while a sitting begins (``quizzer.tui.opening``)."""

    # --- time -----------------------------------------------------------------------------
    def now(self) -> datetime:
        return self._clock().astimezone(UTC)

    def study_day(self, now: datetime) -> date:
        return self.day.of(now)

    def day_start(self, now: datetime) -> datetime:
        return self.day.start(now)

    def today_at(self, now: datetime) -> Today:
        """Today's answers (for limits and burying), reloaded when the day rolls over."""
        start = self.day.start(now)
        if self._today is None or self._today.start != start:
            today = Today(start)
            for row in self._store.reviews_since(start):
                today.add(row.review.qid, row.deck, row.fact, row.review, +1)
            with self._tally_lock:
                self._today, self._tally = today, None
        return self._today

    @property
    def counted(self) -> bool:
        """Whether today's cards are counted (``counts`` answers at once); else the first
        count goes through every card (tens of milliseconds at atlas size)."""
        today, tally = self._today, self._tally
        return tally is not None and today is not None and today.start == self.day.start(self.now())

    def _tally_at(self, now: datetime) -> Tally:
        today = self.today_at(now)
        tally = self._tally
        if tally is None:
            with self._tally_lock:  # made once, whichever thread asks first
                tally = self._tally
                if tally is None:
                    if self._siblings is None:
                        source = self._source
                        self._siblings = siblings_of(source.ids, source.decks, source.facts)
                    tally = self._tally = Tally(
                        self._siblings, self._keys, today, to_micros(self.day.end(now))
                    )
        return tally

    # --- settings -------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self._settings

    def update_settings(self, **changes: Any) -> Settings:
        """Change settings (ValueError if out of range) and save them in the store."""
        new = replace(self._settings, **changes)
        # The exam date is checked against today only when it changes: an exam that has
        # passed must not block changing anything else.
        moved = new.exam_date != self._settings.exam_date
        new.check(self.day.of(self.now()) if moved else None)
        self._store.save_settings(new)
        self._settings = new
        self._planner = Planner(new, self._rng, self.day.of)
        return new

    # --- counts ---------------------------------------------------------------------------
    def new_limit(self, deck: str, now: datetime) -> int:
        """New cards allowed today in a deck, raised so every card is met a week before the exam."""
        limit, _ = self._settings.limits_for(deck)
        if self._settings.exam_date is None:
            return limit  # counted for every deck after every answer: the usual case is quick
        return new_limit(
            limit,
            remaining=self._tally_at(now).new_cards_in(deck),
            introduced_today=self.today_at(now).new_by_deck[deck],
            exam=self._settings.exam_date,
            today=self.day.of(now),
        )

    def new_limit_total(self, now: datetime) -> int:
        """New cards allowed today in all decks together (raised for the exam likewise)."""
        if self._settings.exam_date is None:
            # The usual case, and the first card of a sitting: no tally to build for it.
            return self._settings.new_per_day_total
        return new_limit(
            self._settings.new_per_day_total,
            remaining=self._tally_at(now).new_cards,
            introduced_today=self.today_at(now).new_total,
            exam=self._settings.exam_date,
            today=self.day.of(now),
        )

    def new_remaining(self, deck: str) -> int:
        """New cards (not suspended) of a deck not met yet."""
        return self._tally_at(self.now()).new_cards_in(deck)

    def counts(self, deck_ids: Iterable[str] | None = None) -> Counts:
        """Cards left today (new within limits, learning due now, reviews due today within
        limits): what studying these decks serves."""
        rows = self.deck_counts(deck_ids)
        new = min(sum(r.new for r in rows), self._new_left_total(self.now()))
        return Counts(new, sum(r.learning for r in rows), sum(r.review for r in rows))

    def deck_counts(self, deck_ids: Iterable[str] | None = None) -> list[DeckCounts]:
        """Per deck: cards left today, each within its deck's limits and the total's."""
        now = self.now()
        today, tally = self.today_at(now), self._tally_at(now)
        wanted = set(deck_ids) if deck_ids is not None else set(self.decks)
        learn_until = to_micros(now + LEARN_AHEAD)
        total_left = self._new_left_total(now)
        out = []
        for deck in self.decks:
            if deck not in wanted:
                continue
            new, learning, review, suspended = tally.counts(deck, learn_until)
            new_left = max(0, self.new_limit(deck, now) - today.new_by_deck[deck])
            review_left = max(0, self._settings.limits_for(deck)[1] - today.reviews_by_deck[deck])
            out.append(
                DeckCounts(
                    deck,
                    self.deck_names.get(deck, deck),
                    min(new, new_left, total_left),
                    learning,
                    min(review, review_left),
                    self._deck_sizes[deck],
                    suspended,
                )
            )
        return out

    def _new_left_total(self, now: datetime) -> int:
        return max(0, self.new_limit_total(now) - self.today_at(now).new_total)

    def today(self) -> TodayTotals:
        reviews = self.today_at(self.now()).reviews
        correct = sum(1 for r in reviews if r.rating is not Rating.AGAIN)
        minutes = sum(r.duration_ms for r in reviews) / 60_000
        pct = round(100 * correct / len(reviews), 1) if reviews else None
        return TodayTotals(len(reviews), correct, pct, round(minutes, 1))

    # --- questions and cards --------------------------------------------------------------
    def question(self, qid: str) -> Question:
        return self.questions_by_id[qid]

    def deck_of(self, qid: str) -> str | None:
        """The deck of the question with that id (None: no such question), without
        decoding its text."""
        at = self._source.position(qid)
        return None if at is None else self._source.decks[at]

    def _deck_and_fact(self, qid: str) -> tuple[str, str] | None:
        at = self._source.position(qid)
        return None if at is None else (self._source.decks[at], self._source.facts[at])

    def questions(self, deck_ids: Iterable[str] | None = None) -> list[Question]:
        if deck_ids is None:
            return list(self._source.all())
        decks = set(deck_ids)
        return [q for q in self._source.all() if q.deck in decks]

    def is_new(self, qid: str) -> bool:
        """Never answered (or every answer undone) and not suspended."""
        status, suspended, _ = self._keys.get(qid, NEVER_SEEN)
        return status is Status.NEW and not suspended

    def card_key(self, qid: str) -> CardKey:
        """(status, suspended, due µs) of a card, from memory."""
        return self._keys.get(qid, NEVER_SEEN)

    def stored_keys(self) -> Mapping[str, CardKey]:
        """The key of every card with a row in the store (read only; others are new)."""
        return MappingProxyType(self._keys)

    def state_labels(self) -> dict[str, str]:
        """Question id → "new", "learning", "review", "relearning" or "suspended", for every
        card with a row in the store (others are new)."""
        return {
            qid: "suspended" if suspended else status.label
            for qid, (status, suspended, _due) in self._keys.items()
        }

    def card_state(self, qid: str) -> CardState:
        """The stored state, or a fresh NEW card for a question never answered."""
        card = self._store.card(qid)
        if card is not None:
            return card
        found = self._deck_and_fact(qid)
        if found is None:
            raise KeyError(qid)
        return CardState.new(qid, *found, self.now())

    def card_info(self, qid: str) -> CardInfo:
        card = self._store.card(qid)
        question = self.questions_by_id.get(qid)
        if card is None:
            return CardInfo(question, qid, Status.NEW, None, None, None, None, 0, 0, False, False, [])
        return CardInfo(
            question,
            qid,
            card.status,
            None if card.status is Status.NEW else card.due,
            card.stability,
            card.difficulty,
            self._planner.retrievability(card, self.now()),
            card.reps,
            card.lapses,
            card.suspended,
            card.leech,
            self._store.history(qid),
        )

    def preview(self, card: CardState) -> dict[Rating, timedelta]:
        """The next interval for each rating: exactly what answering now would save."""
        return self._planner.preview(card, self.now())

    def option_order(self, question: Question) -> tuple[int, ...]:
        """A fresh order to show ``question``'s options in (``rules.option_order``)."""
        return option_order(question, self.shuffle_rng)

    # --- what the stats show --------------------------------------------------------------
    def leeches(self) -> list[tuple[str, int, bool]]:
        """(qid, lapses, suspended) of every card flagged as a leech."""
        return self._store.leeches()

    def review_days(self, start: datetime, decks: Iterable[str]) -> dict[int, tuple[int, int, int]]:
        """Per day since ``start``: (answers, review-state answers, of those Again)."""
        return self._store.review_days(start, decks)

    def review_count(self) -> int:
        return self._store.review_count()

    def history(self, qid: str) -> list[Review]:
        return self._store.history(qid)

    @property
    def store_path(self) -> Path:
        return self._store.path

    @property
    def backup_warning(self) -> str | None:
        """Why today's backup was not made (studying goes on), or None."""
        return self._store.backup_warning

    # --- what comes next ------------------------------------------------------------------
    def study_queue(self, deck_ids: Iterable[str] | None = None) -> StudyQueue:
        """A study sitting's queue over ``deck_ids`` (default: every deck)."""
        decks = set(self.decks) if deck_ids is None else set(deck_ids)
        now = self.now()
        tiers = [[d for d in region.decks if d in decks] for region in self.regions]
        return StudyQueue(decks, NewQueue(self._source.by_kind(decks), tiers), self.day.start(now))

    def next_study_card(self, queue: StudyQueue) -> CardState | None:
        """What a study sitting shows next: learning cards due now, then today's reviews
        (within the daily limits), then new cards, then learning cards due soon."""
        now = self.now()
        today = self.today_at(now)
        if queue.day_start != today.start:
            # A new day: yesterday's burying is over, so the new cards are dealt afresh.
            queue.new = self.study_queue(queue.decks).new
            queue.day_start = today.start
        card = self._due_card(queue, now, _LEARNING, lambda c: True)
        quota = {
            deck: self._settings.limits_for(deck)[1] - today.reviews_by_deck[deck] for deck in queue.decks
        }
        if card is None and any(left > 0 for left in quota.values()):
            card = self._due_card(
                queue, self.day.end(now), (Status.REVIEW,), lambda c: quota.get(c.deck, 0) > 0
            )
        if card is None:
            card = self._next_new(queue, now)
        if card is None:
            card = self._due_card(queue, now + LEARN_AHEAD, _LEARNING, lambda c: True)
        return card

    def put_back(self, queue: StudyQueue, qid: str) -> None:
        """A new card an undo displaced from the screen goes first in its deck again."""
        at = self._source.position(qid)
        if at is not None and self.is_new(qid):
            queue.new.put_back(qid, self._source.decks[at], self._source.is_choice(at))

    def _due_card(
        self,
        queue: StudyQueue,
        until: datetime,
        statuses: tuple[Status, ...],
        allowed: Callable[[CardState], bool],
    ) -> CardState | None:
        today = self.today_at(self.now())
        offset = 0
        while True:
            page = self._store.due_cards(until, statuses=statuses, limit=_PAGE, offset=offset)
            for card in page:
                found = self._deck_and_fact(card.qid)
                # Orphans (questions gone from the decks) keep their rows but are never shown.
                if found is None or found[0] not in queue.decks or card.qid in queue.skipped:
                    continue
                if not today.buried_id(card.qid, found[1]) and allowed(card):
                    return card
            if len(page) < _PAGE:
                return None
            offset += _PAGE

    def _next_new(self, queue: StudyQueue, now: datetime) -> CardState | None:
        """The next new card within the daily limits, kept apart from overlapping answers.

        A whole-facet card ("where does it originate?") and a card on one of its items (one
        origin) give each other away: a new card that overlaps an answer of the last
        ``OVERLAP_GAP`` waits while other new cards can go first. It is never held back
        for the day (the counts on the home screen stay what study serves).
        """
        if self._new_left_total(now) <= 0:
            return None
        today = self.today_at(now)
        recent_any, recent_whole = self._recent_facets(today, now - OVERLAP_GAP)
        left: dict[str, int] = {}

        def allowed(deck: str) -> bool:
            if deck not in left:
                left[deck] = self.new_limit(deck, now) - today.new_by_deck[deck]
            return left[deck] > 0

        source = self._source

        def waits(qid: str) -> bool:
            at = source.positions[qid]
            return source.topics[at] in (recent_any if source.whole_facet(at) else recent_whole)

        def done(qid: str) -> bool:
            return not self.is_new(qid) or today.buried_id(qid, source.facts[source.positions[qid]])

        found = queue.new.next(allowed=allowed, done=done, skip=lambda qid: qid in queue.skipped, waits=waits)
        return None if found is None else self.card_state(found)

    def _recent_facets(self, today: Today, since: datetime) -> tuple[set[str], set[str]]:
        """Facets (``deck/muscle/facet``) answered since ``since``: by any card; by a
        whole-facet card."""
        any_card: set[str] = set()
        whole: set[str] = set()
        for review in reversed(today.reviews):  # in time order: stop at the first older answer
            if review.time < since:
                break
            at = self._source.position(review.qid)
            if at is None:
                continue
            topic = self._source.topics[at]
            any_card.add(topic)
            if self._source.whole_facet(at):
                whole.add(topic)
        return any_card, whole

    def quiz_questions(self, n: int, deck_ids: Iterable[str] | None = None) -> list[str]:
        """``n`` choice questions that do not overlap: due first, then the weakest, then new."""
        decks = set(self.decks) if deck_ids is None else set(deck_ids)
        candidates = [q for q in self._source.all() if q.deck in decks and q.kind.is_choice]
        wanted = {q.id for q in candidates}
        states = {card.qid: card for card in self._store.cards() if card.qid in wanted}
        now = self.now()
        return pick_quiz(
            candidates,
            states,
            now=now,
            target=self._settings.desired_retention,
            recall=lambda card: self._planner.retrievability(card, now),
            rng=self._rng,
            n=n,
        )

    # --- changes --------------------------------------------------------------------------
    def record(
        self, card: CardState, rating: Rating, *, mode: Mode, duration_ms: int, chosen: tuple[int, ...] | None
    ) -> tuple[CardState, CardState, Review]:
        """Schedule and commit one answer; returns the state it was applied to, the saved card
        and the review.

        ``card`` is the state shown to the student. If the store holds a newer state (a
        suspension from Browse, another session's answer), the answer is applied to that
        fresh state instead, so the newer change is kept (a suspended card stays suspended).
        """
        now = self.now()
        # Before the commit: loading a new day's answers after it would count this one twice.
        today = self.today_at(now)
        # A retry draws the same fuzz as the first try, the one the interval preview showed.
        rng_state = self._rng.getstate()
        for attempt in range(_RECORD_ATTEMPTS):
            after = self._planner.review(card, rating, now)
            review = Review(card.qid, rating, now, duration_ms, mode, card.status, chosen)
            try:
                saved, logged = self._store.record(review, card, after)
                break
            except StaleCard:
                if attempt == _RECORD_ATTEMPTS - 1:
                    raise
                card = self.card_state(card.qid)
                self._rng.setstate(rng_state)
        with self._changing(saved.qid):
            self._keys[saved.qid] = (saved.status, saved.suspended, to_micros(saved.due))
            today.add(saved.qid, saved.deck, saved.fact, logged, +1)
        return card, saved, logged

    def unrecord(self, card_before: CardState, review: Review, written: CardState) -> CardState:
        """Undo one recorded answer in the store and in today's tallies.

        ``written`` is the card the answer saved; UndoRefused if the card changed since.
        """
        restored = self._store.undo(review.id, written=written)
        with self._changing(card_before.qid):
            if restored is None:
                self._keys.pop(card_before.qid, None)
            else:
                self._keys[restored.qid] = (restored.status, restored.suspended, to_micros(restored.due))
            if self._today is not None and review.time >= self._today.start:
                self._today.add(card_before.qid, card_before.deck, card_before.fact, review, -1)
        return restored or card_before

    def suspend(self, qid: str, suspended: bool = True) -> None:
        """Suspend (or unsuspend) a question; a suspended leech stays flagged.

        Only the flag is written, never a state read beforehand: an answer committed
        meanwhile (another screen or Quizzer) is kept.
        """
        found = self._deck_and_fact(qid)
        new = None if found is None else CardState.new(qid, *found, self.now())
        saved = self._store.set_suspended(qid, suspended, new=new)
        with self._changing(qid):
            self._keys[qid] = (saved.status, saved.suspended, to_micros(saved.due))

    @contextmanager
    def _changing(self, qid: str) -> Iterator[None]:
        """Around a change to a card: its fact leaves the tally before and comes back after;
        the tally is not being made meanwhile (it may be, on another thread, at start)."""
        found = self._deck_and_fact(qid)
        with self._tally_lock:
            tally = self._tally if found is not None else None
            fact = found[1] if found is not None else ""
            if tally is not None:
                tally.remove(fact)
            try:
                yield
            finally:
                if tally is not None:
                    tally.add(fact)

    def close(self) -> None:
        self._store.close()


def _fork(rng: random.Random) -> random.Random:
    """A second generator seeded from ``rng``'s state without drawing from it."""
    state = rng.getstate()[1]
    return random.Random(sum(word << (32 * i) for i, word in enumerate(state[:8])))
