"""One sitting: what is on screen, the answers given and undo, for study and quiz alike.

A sitting talks only to the service (``quizzer.session.service``); ``start_study`` and
``start_quiz`` open one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from quizzer.model import Facet, Question
from quizzer.progress import CardState, Mode, Rating, Review, Status
from quizzer.schedule import short_interval
from quizzer.session.rules import MAX_DURATION_MS, Counts, grade_choice, presented

if TYPE_CHECKING:
    from quizzer.session.queue import StudyQueue
    from quizzer.session.service import StudyService

__all__ = [
    "AnswerResult",
    "QuizSession",
    "Session",
    "Shown",
    "StudySession",
    "Summary",
    "Undone",
    "start_quiz",
    "start_study",
]


def start_study(service: StudyService, deck_ids: Iterable[str] | None = None) -> StudySession:
    """A study sitting over ``deck_ids`` (default: every deck)."""
    return StudySession(service, service.study_queue(deck_ids))


def start_quiz(
    service: StudyService,
    n: int = 10,
    deck_ids: Iterable[str] | None = None,
    question_ids: Sequence[str] | None = None,
) -> QuizSession:
    """A quiz of ``n`` choice questions (due first, then the weakest, then new ones), or of
    the given ``question_ids`` (a retry of mistakes)."""
    if question_ids is not None:
        chosen = [qid for qid in dict.fromkeys(question_ids) if qid in service.questions_by_id]
    else:
        chosen = service.quiz_questions(n, deck_ids)
    return QuizSession(service, chosen)


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


@dataclass(frozen=True)
class _Suspended:
    card: CardState
    """The card as it was shown when suspended."""
    order: tuple[int, ...] = ()


Undone = Literal["answer", "suspension"]
"""What ``Session.undo`` took back."""


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
        self._done: list[_Answered | _Suspended] = []
        """Answers and suspensions in order, the last one first to undo."""
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
        return {rating: short_interval(interval) for rating, interval in self.service.preview(card).items()}

    # --- answering ----------------------------------------------------------------------
    def answer(self, rating: Rating, duration_ms: int | None = None) -> AnswerResult:
        """Rate the shown card; committed to the store before this returns."""
        return self._record(Rating(rating), duration_ms, None, None)

    def choose(self, indices: Sequence[int], duration_ms: int | None = None) -> AnswerResult:
        """Answer a choice question with option indices: right rates Good, wrong Again."""
        card = self._need()
        question = self.service.question(card.qid)
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

    def undo(self) -> Undone | None:
        """Undo this session's last answer or suspension, whichever came last; None if there
        is nothing to undo. The card comes back on screen as it was shown.

        An answer's state and log are restored exactly; UndoRefused (nothing changed) if
        the card was changed since (a later answer elsewhere, a suspension). StoreError if
        the store cannot be written.
        """
        if not self._done:
            return None
        last = self._done[-1]
        if isinstance(last, _Suspended):
            self.service.suspend(last.card.qid, False)
            self._done.pop()
            self._skipped.discard(last.card.qid)
            self._put_back(self._current)
            self._show(self.service.card_state(last.card.qid), last.order)
            return "suspension"
        # Popped only once the store agreed: a refused undo keeps the answer in the session.
        restored = self.service.unrecord(last.before, last.review, last.written)
        self._done.pop()
        self._answers.pop()
        self._put_back(self._current)
        self._show(restored, last.order)
        return "answer"

    def suspend(self) -> None:
        """Suspend the shown card and move on (``undo`` takes the suspension back)."""
        card = self._need()
        self.service.suspend(card.qid)
        self._skipped.add(card.qid)
        self._done.append(_Suspended(card, self._order))
        self._current, self._order = None, ()

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
        return Summary(self.mode, answered, correct, pct, (end - self.started).total_seconds(), by_facet)

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
        question = self.service.question(card.qid)
        self._order = self.service.option_order(question) if order is None else order

    def _shown(self) -> Shown:
        assert self._current is not None
        card = self._current
        question = presented(self.service.question(card.qid), self._order)
        return Shown(question, card.status, self._revealed, card.leech, len(self._answers))

    def _record(
        self, rating: Rating, duration_ms: int | None, chosen: tuple[int, ...] | None, correct: bool | None
    ) -> AnswerResult:
        card = self._need()
        now = self.service.now()
        if duration_ms is None:
            duration_ms = int((now - self._shown_at).total_seconds() * 1000)
        duration_ms = max(0, min(duration_ms, MAX_DURATION_MS))
        # The service may apply the answer to a fresher state than the one on screen.
        card, saved, review = self.service.record(
            card, rating, mode=self.mode, duration_ms=duration_ms, chosen=chosen
        )
        question = self.service.question(card.qid)
        right = correct if correct is not None else rating is not Rating.AGAIN
        answered = _Answered(card, review, right, question, saved, self._order)
        self._answers.append(answered)
        self._done.append(answered)
        shown = presented(question, self._order)
        self._current, self._order = None, ()
        return AnswerResult(
            card.qid,
            rating,
            correct,
            saved.due,
            short_interval(saved.due - now),
            saved.leech and not card.leech,
            review.id,
            shown.correct,
        )


class StudySession(Session):
    """Learning cards due now, then today's reviews, then new cards, within daily limits."""

    mode = Mode.STUDY

    def __init__(self, service: StudyService, queue: StudyQueue) -> None:
        super().__init__(service)
        self.queue = queue
        self._skipped = queue.skipped

    @property
    def decks(self) -> set[str]:
        return self.queue.decks

    def _decks(self) -> set[str]:
        return self.queue.decks

    def _next_card(self) -> CardState | None:
        return self.service.next_study_card(self.queue)

    def _put_back(self, card: CardState | None) -> None:
        # A new card displaced by an undo goes back to the front of the new cards (a
        # second undo would otherwise lose it from the session).
        if card is not None:
            self.service.put_back(self.queue, card.qid)


class QuizSession(Session):
    """A fixed list of choice questions; answers feed the scheduler like study answers."""

    mode = Mode.QUIZ

    def __init__(self, service: StudyService, qids: Sequence[str]) -> None:
        super().__init__(service)
        self.qids = list(qids)
        self._remaining = list(qids)

    def _decks(self) -> set[str]:
        return {self.service.question(qid).deck for qid in self.qids}

    def counts(self) -> Counts:
        left = list(self._remaining) + ([self._current.qid] if self._current else [])
        new = sum(1 for qid in left if self.service.is_new(qid))
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
