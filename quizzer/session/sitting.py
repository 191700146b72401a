"""One sitting: a study session (due queue) or a quiz (N choice questions), driven through the service."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from quizzer.model import Facet, Kind, Question
from quizzer.overlap import Taken, fact_parts
from quizzer.progress import CardState, Mode, Rating, Review, Status, to_micros
from quizzer.schedule import short_interval

if TYPE_CHECKING:
    from quizzer.session.service import StudyService

MAX_DURATION_MS = 5 * 60_000
"""A card left on screen longer than this counts as this long (the student walked away)."""
_PAGE = 64
LEARN_AHEAD = timedelta(minutes=20)
"""When nothing else is left, learning cards due this soon are shown early."""
OVERLAP_GAP = timedelta(minutes=10)
"""A new card overlapping an answer this recent waits while other new cards can go first."""


@dataclass(frozen=True)
class Counts:
    """Cards left today in a deck or a session."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review




@dataclass(frozen=True)
class Shown:
    """The card in front of the student."""

    question: Question
    status: Status
    revealed: bool
    leech: bool
    index: int
    """How many answers came before it in this session."""


@dataclass(frozen=True)
class AnswerResult:
    """What happened to an answer; it is already committed to the store."""

    qid: str
    rating: Rating
    correct: bool | None
    """For choice questions: whether the chosen options were right; else None."""
    due: datetime
    interval: str
    leech: bool
    """True when this answer made the card a leech (it is now suspended)."""
    review_id: int
    right: tuple[int, ...] = ()
    """The right options (choice questions), as positions in the order they were shown."""


@dataclass(frozen=True)
class Summary:
    mode: Mode
    answered: int
    correct: int
    correct_pct: float | None
    seconds: float
    by_facet: dict[Facet, tuple[int, int]] = field(default_factory=dict)
    """(right, answered) per facet."""


@dataclass(frozen=True)
class _Answered:
    before: CardState
    review: Review
    correct: bool
    question: Question
    written: CardState
    """The card as the answer saved it (undo checks the store still holds it)."""
    order: tuple[int, ...] = ()
    """How its options were shown: an undone card comes back as it was."""


def grade_choice(question: Question, chosen: Sequence[int]) -> bool:
    """Whether chosen option indices answer a choice question (order matters for ``order``)."""
    if question.kind.value == "order":
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
    if question.kind.value == "order" and len(chosen) != count:
        return f"give all {count} letters in order"
    if question.kind.value in ("mcq", "not") and len(chosen) != 1:
        return "answer with one letter"
    return None


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
    return replace(question, options=tuple(question.options[i] for i in order),
                   correct=tuple(shown_at[i] for i in question.correct))


class Session:
    """The shared workflow of study and quiz sessions.

    Choice questions are shown with freshly shuffled options (``Shown.question``); the
    indices a front end passes to ``choose`` are positions as shown, and are logged as the
    bank's option indices.
    """

    mode = Mode.STUDY

    def __init__(self, service: StudyService) -> None:
        self.service = service
        self.started = service.now()
        self._current: CardState | None = None
        self._order: tuple[int, ...] = ()
        self._revealed = False
        self._shown_at = self.started
        self._answers: list[_Answered] = []
        self._skipped: set[str] = set()

    # --- what is shown ------------------------------------------------------------------
    @property
    def current(self) -> Shown | None:
        """The card to answer now, fetched when needed; None when the session is over."""
        if self._current is None:
            card = self._next_card()
            if card is None:
                return None
            self._show(card)
        return self._shown()

    @property
    def finished(self) -> bool:
        return self.current is None

    def reveal(self) -> Shown:
        self._need()
        self._revealed = True
        return self._shown()

    def previews(self) -> dict[Rating, str]:
        """The next interval for each rating, as short text ("10m", "2d")."""
        card = self._need()
        return {rating: short_interval(interval)
                for rating, interval in self.service.planner.preview(card, self.service.now()).items()}

    # --- answering ----------------------------------------------------------------------
    def answer(self, rating: Rating, duration_ms: int | None = None) -> AnswerResult:
        """Rate the shown card; committed to the store before this returns."""
        return self._record(Rating(rating), duration_ms, None, None)

    def choose(self, indices: Sequence[int], duration_ms: int | None = None) -> AnswerResult:
        """Answer a choice question with option indices: right rates Good, wrong Again."""
        card = self._need()
        question = self.service.questions_by_id[card.qid]
        if not question.kind.is_choice:
            raise ValueError(f"{question.id} is not a choice question; rate it instead")
        bad = [i for i in indices if not 0 <= i < len(question.options)]
        if bad or not indices:
            raise ValueError(f"choose among options 0-{len(question.options) - 1}")
        # Positions as shown → the bank's option indices, which the log keeps.
        chosen = tuple(self._order[i] for i in indices) if self._order else tuple(indices)
        correct = grade_choice(question, chosen)
        rating = Rating.GOOD if correct else Rating.AGAIN
        return self._record(rating, duration_ms, chosen, correct)

    def undo(self) -> bool:
        """Undo this session's last answer (state and log restored exactly); False if none.

        UndoRefused (nothing changed) if the card was changed since (a later answer
        elsewhere, a suspension); StoreError if the store cannot be written.
        """
        if not self._answers:
            return False
        last = self._answers[-1]
        # Popped only once the store agreed: a refused undo keeps the answer in the session.
        restored = self.service.unrecord(last.before, last.review, last.written)
        self._answers.pop()
        self._put_back(self._current)
        self._show(restored, last.order)
        return True

    def suspend(self) -> None:
        """Suspend the shown card and move on."""
        card = self._need()
        self.service.suspend(card.qid)
        self._skipped.add(card.qid)
        self._current = None

    # --- progress -----------------------------------------------------------------------
    def counts(self) -> Counts:
        return self.service.counts(self._decks())

    def mistakes(self) -> list[str]:
        """Question ids answered wrong (or Again) in this session, in order, once each."""
        return list(dict.fromkeys(a.question.id for a in self._answers if not a.correct))

    def summary(self) -> Summary:
        answered = len(self._answers)
        correct = sum(1 for a in self._answers if a.correct)
        end = self._answers[-1].review.time if self._answers else self.service.now()
        by_facet: dict[Facet, tuple[int, int]] = {}
        for a in self._answers:
            right, total = by_facet.get(a.question.facet, (0, 0))
            by_facet[a.question.facet] = (right + a.correct, total + 1)
        pct = round(100 * correct / answered, 1) if answered else None
        return Summary(self.mode, answered, correct, pct, (end - self.started).total_seconds(),
                       by_facet)

    # --- internals ----------------------------------------------------------------------
    def _next_card(self) -> CardState | None:
        raise NotImplementedError

    def _decks(self) -> set[str]:
        raise NotImplementedError

    def _put_back(self, card: CardState | None) -> None:
        """An undone answer takes the place of the card that was showing."""

    def _need(self) -> CardState:
        if self.current is None or self._current is None:
            raise RuntimeError("no question is being shown: the session is over")
        return self._current

    def _show(self, card: CardState, order: tuple[int, ...] | None = None) -> None:
        """Put ``card`` in front of the student, its options (if any) freshly shuffled
        unless ``order`` says how they were shown before (an undone answer)."""
        self._current, self._revealed, self._shown_at = card, False, self.service.now()
        question = self.service.questions_by_id[card.qid]
        self._order = option_order(question, self.service.shuffle_rng) if order is None else order

    def _shown(self) -> Shown:
        assert self._current is not None
        card = self._current
        question = presented(self.service.questions_by_id[card.qid], self._order)
        return Shown(question, card.status, self._revealed, card.leech, len(self._answers))

    def _record(self, rating: Rating, duration_ms: int | None, chosen: tuple[int, ...] | None,
                correct: bool | None) -> AnswerResult:
        card = self._need()
        now = self.service.now()
        if duration_ms is None:
            duration_ms = int((now - self._shown_at).total_seconds() * 1000)
        duration_ms = max(0, min(duration_ms, MAX_DURATION_MS))
        # The service may apply the answer to a fresher state than the one on screen.
        card, saved, review = self.service.record(card, rating, mode=self.mode,
                                                  duration_ms=duration_ms, chosen=chosen)
        question = self.service.questions_by_id[card.qid]
        right = correct if correct is not None else rating is not Rating.AGAIN
        self._answers.append(_Answered(card, review, right, question, saved, self._order))
        shown = presented(question, self._order)
        self._current, self._order = None, ()
        return AnswerResult(
            card.qid, rating, correct, saved.due, short_interval(saved.due - now),
            saved.leech and not card.leech, review.id, shown.correct,
        )


class StudySession(Session):
    """Learning cards due now, then today's reviews, then new cards, within daily limits."""

    mode = Mode.STUDY

    def __init__(self, service: StudyService, decks: set[str]) -> None:
        super().__init__(service)
        self.decks = decks
        self._new = _new_interleaved(service, decks)

    def _decks(self) -> set[str]:
        return self.decks

    def _next_card(self) -> CardState | None:
        svc = self.service
        now = svc.now()
        day = svc.day(now)
        learning = (Status.LEARNING, Status.RELEARNING)
        card = self._scan(now, learning, lambda c: True)
        quota = {deck: svc.settings.limits_for(deck)[1] - day.reviews_by_deck[deck]
                 for deck in self.decks}
        if card is None and any(left > 0 for left in quota.values()):
            day_end = svc.day_start(now) + timedelta(days=1)
            card = self._scan(day_end, (Status.REVIEW,), lambda c: quota.get(c.deck, 0) > 0)
        if card is None:
            card = self._next_new(now)
        if card is None:
            card = self._scan(now + LEARN_AHEAD, learning, lambda c: True)
        return card

    def _next_new(self, now: datetime) -> CardState | None:
        """The next new card within the daily limits, kept apart from overlapping answers.

        A whole-facet card ("where does it originate?") and a card on one of its items (one
        origin) give each other away: a new card that overlaps an answer of the last
        ``OVERLAP_GAP`` waits while other new cards can go first. It is never held back
        for the day (the counts on the home screen stay what study serves).
        """
        svc = self.service
        day = svc.day(now)
        self._new = [qid for qid in self._new if svc._is_new(qid)]
        recent_any, recent_whole = _recent_facets(svc, day.reviews, now - OVERLAP_GAP)
        limits: dict[str, int] = {}
        waiting: str | None = None
        for qid in self._new:
            q = svc.questions_by_id[qid]
            if qid in self._skipped or day.buried(q):
                continue
            if q.deck not in limits:
                limits[q.deck] = svc.new_limit(q.deck, now) - day.new_by_deck[q.deck]
            if limits[q.deck] <= 0:
                continue
            head, item = fact_parts(q)
            if head in (recent_any if item == "all" else recent_whole):
                waiting = waiting or qid
                continue
            return svc.card_state(qid)
        return None if waiting is None else svc.card_state(waiting)

    def _put_back(self, card: CardState | None) -> None:
        # A new card displaced by an undo goes back to the front of the new cards (a
        # second undo would otherwise lose it from the session).
        if card is not None and card.qid not in self._new and self.service._is_new(card.qid):
            self._new.insert(0, card.qid)

    def _scan(self, until: datetime, statuses: tuple[Status, ...],
              allowed: Callable[[CardState], bool]) -> CardState | None:
        svc = self.service
        day = svc.day(svc.now())
        offset = 0
        while True:
            page = svc.store.due_cards(until, statuses=statuses, limit=_PAGE, offset=offset)
            for card in page:
                q = svc.questions_by_id.get(card.qid)
                # Orphans (questions gone from the decks) keep their rows but are never shown.
                if q is None or q.deck not in self.decks or card.qid in self._skipped:
                    continue
                if not day.buried(q) and allowed(card):
                    return card
            if len(page) < _PAGE:
                return None
            offset += _PAGE


class QuizSession(Session):
    """A fixed list of choice questions; answers feed the scheduler like study answers."""

    mode = Mode.QUIZ

    def __init__(self, service: StudyService, qids: Sequence[str]) -> None:
        super().__init__(service)
        self.qids = list(qids)
        self._remaining = list(qids)

    def _decks(self) -> set[str]:
        return {self.service.questions_by_id[qid].deck for qid in self.qids}

    def counts(self) -> Counts:
        left = list(self._remaining) + ([self._current.qid] if self._current else [])
        new = sum(1 for qid in left if self.service._is_new(qid))
        return Counts(new, 0, len(left) - new)

    def _next_card(self) -> CardState | None:
        while self._remaining:
            qid = self._remaining.pop(0)
            if qid not in self._skipped:
                return self.service.card_state(qid)
        return None

    def _put_back(self, card: CardState | None) -> None:
        if card is not None:
            self._remaining.insert(0, card.qid)


def _recent_facets(service: StudyService, reviews: Sequence[Review],
                   since: datetime) -> tuple[set[str], set[str]]:
    """Facets (``deck/muscle/facet``) with an answer since ``since``: any card, whole-facet card."""
    any_card: set[str] = set()
    whole: set[str] = set()
    for review in reversed(reviews):  # in time order: stop at the first older answer
        if review.time < since:
            break
        q = service.questions_by_id.get(review.qid)
        if q is None:
            continue
        head, item = fact_parts(q)
        any_card.add(head)
        if item == "all":
            whole.add(head)
    return any_card, whole


def _new_interleaved(service: StudyService, decks: set[str]) -> list[str]:
    """New questions of ``decks``, taking one from each deck in turn.

    Each deck keeps its own order (a muscle's facets, location first), but studying
    several decks alternates between muscles instead of finishing one before the next:
    interleaved practice, and every deck's daily new cards start on the first day.
    """
    by_deck: dict[str, list[str]] = {deck: [] for deck in service.decks if deck in decks}
    for qid in service.order:
        queue = by_deck.get(service.questions_by_id[qid].deck)
        if queue is not None and service._is_new(qid):
            queue.append(qid)
    queues = [queue for queue in by_deck.values() if queue]
    out: list[str] = []
    for position in range(max((len(q) for q in queues), default=0)):
        out.extend(queue[position] for queue in queues if position < len(queue))
    return out


def pick_quiz(service: StudyService, decks: set[str], n: int) -> list[str]:
    """Choose n choice questions: due first, then the weakest, then new, then the rest.

    No two overlap (``quizzer.overlap``: same fact, a facet-level question and one of its
    items, or two questions naming the same data item), so a quiz never asks or gives away
    the same thing twice.
    """
    now = service.now()
    candidates = {qid for qid in service.order
                  if service.questions_by_id[qid].deck in decks
                  and service.questions_by_id[qid].kind.is_choice}
    states = {card.qid: card for card in service.store.cards() if card.qid in candidates}
    due: list[tuple[int, str]] = []
    weak: list[tuple[float, str]] = []
    new: list[str] = []
    rest: list[str] = []
    now_us = to_micros(now)
    target = service.settings.desired_retention
    for qid in service.order:
        if qid not in candidates:
            continue
        card = states.get(qid)
        if card is not None and card.suspended:
            continue
        if card is None or card.status is Status.NEW:
            new.append(qid)
        elif to_micros(card.due) <= now_us:
            due.append((to_micros(card.due), qid))
        else:
            recall = service.planner.retrievability(card, now) or 1.0
            if recall < target or card.lapses:
                weak.append((recall, qid))
            else:
                rest.append(qid)
    service.rng.shuffle(new)
    service.rng.shuffle(rest)
    ordered = [q for _, q in sorted(due)] + [q for _, q in sorted(weak)] + new + rest
    chosen: list[str] = []
    taken = Taken(shared_items=True)
    for qid in ordered:
        question = service.questions_by_id[qid]
        if not taken.clashes(question):
            taken.add(question)
            chosen.append(qid)
        if len(chosen) >= n:
            break
    return chosen
