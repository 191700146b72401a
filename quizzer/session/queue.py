"""What comes next and what is left, kept current answer by answer.

Plain structures that the service feeds (it alone holds the store, clock and rng):
``Today`` (the day's answers, for limits and burying), ``Tally`` (the counts per deck) and
``NewQueue`` (the new cards in the order study introduces them). Each answer, undo or
suspension updates what it touched, never a walk over every card.
"""

from __future__ import annotations

import random
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from quizzer.model import Question
from quizzer.overlap import Taken
from quizzer.progress import CardState, Review, Status, to_micros

__all__ = [
    "NEVER_SEEN",
    "CardKey",
    "NewQueue",
    "Siblings",
    "StudyQueue",
    "Tally",
    "Today",
    "pick_quiz",
    "siblings_of",
]

CardKey = tuple[Status, bool, int]
"""What counting needs of a card: (status, suspended, due in µs since the epoch)."""
NEVER_SEEN: CardKey = (Status.NEW, False, 0)
"""The key of a question with no row in the store."""


class Today:
    """The answers of one study day: new and review counts per deck, answers per fact."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.new_by_deck: Counter[str] = Counter()
        self.new_total = 0
        self.reviews_by_deck: Counter[str] = Counter()
        self.by_fact: dict[str, Counter[str]] = {}
        self.reviews: list[Review] = []

    def add(self, qid: str, deck: str, fact: str, review: Review, sign: int) -> None:
        """Count an answer (``sign`` +1) or take an undone one back (-1)."""
        if review.status_before is Status.NEW:
            self.new_by_deck[deck] += sign
            self.new_total += sign
        elif review.status_before is Status.REVIEW:
            self.reviews_by_deck[deck] += sign
        self.by_fact.setdefault(fact, Counter())[qid] += sign
        if sign > 0:
            self.reviews.append(review)
        else:
            self.reviews = [r for r in self.reviews if r.id != review.id]

    def answered(self, fact: str) -> bool:
        """Some question on ``fact`` was answered today."""
        counts = self.by_fact.get(fact)
        return counts is not None and any(n > 0 for n in counts.values())

    def buried(self, question: Question) -> bool:
        """A sibling (same fact) was answered today and this question was not."""
        return self.buried_id(question.id, question.fact)

    def buried_id(self, qid: str, fact: str) -> bool:
        """``buried`` for the question ``qid`` on ``fact`` (its text not needed)."""
        answered = self.by_fact.get(fact)
        if not answered:
            return False
        return answered[qid] <= 0 and any(n > 0 for n in answered.values())


class _DeckTally:
    """One deck's counts for the day. (A plain class: a dataclass costs about a millisecond
    to make at every start, on the way to the home screen's counts.)"""

    __slots__ = ("learning", "new_cards", "new_facts", "review", "suspended")

    def __init__(self) -> None:
        self.new_facts = 0
        """Facts with a new card to serve (a fact's new siblings count once: study serves one)."""
        self.new_cards = 0
        """New cards not suspended, buried or not (for the exam's daily raise)."""
        self.review = 0
        """Review cards due before the day ends."""
        self.suspended = 0
        self.learning: dict[str, int] = {}
        """Learning and relearning cards: question id → due µs (counted against the time asked)."""


Card = tuple[str, str]
"""A question as counting sees it: (id, deck)."""
Siblings = dict[str, "Card | list[Card]"]
"""Fact → the question on it, or the list of them: the questions one answer can change.
(Most facts have one question: no list is made for those.)"""


def siblings_of(ids: Iterable[str], decks: Iterable[str], facts: Iterable[str]) -> Siblings:
    """The questions (id, deck) of each fact, from the questions' ids, decks and facts in
    step (built once: every day's tally shares it)."""
    out: Siblings = {}
    for card, fact in zip(zip(ids, decks, strict=True), facts, strict=True):
        found = out.get(fact)
        if found is None:
            out[fact] = card
        elif isinstance(found, list):
            found.append(card)
        else:
            out[fact] = [found, card]
    return out


class Tally:
    """The counts per deck for one study day, kept current fact by fact.

    Built in one pass; after that a change to a card (answer, undo, suspension) is applied
    fact by fact: ``remove(fact)`` before the change takes back what the fact's questions
    counted for, ``add(fact)`` after it counts them as they stand now (only that fact's
    few sibling questions are visited).
    """

    def __init__(
        self, siblings: Siblings, keys: Mapping[str, CardKey], today: Today, day_end_us: int
    ) -> None:
        self._siblings = siblings
        self._keys = keys
        self._today = today
        self._end = day_end_us
        self.decks: dict[str, _DeckTally] = {}
        self.new_cards = 0
        """New cards not suspended in every deck (for the exam's raise of the total)."""
        decks, answered, end = self.decks, today.by_fact, day_end_us
        for fact, found in siblings.items():
            if not isinstance(found, list) and fact not in answered:
                # The common case, one question on its fact, not answered today: counted
                # inline (the same rules as ``_place``).
                qid, name = found
                deck = decks.get(name)
                if deck is None:
                    deck = decks[name] = _DeckTally()
                key = keys.get(qid)
                if key is None:
                    deck.new_cards += 1
                    deck.new_facts += 1
                    self.new_cards += 1
                    continue
                status, suspended, due = key
                if suspended:
                    deck.suspended += 1
                elif status is Status.REVIEW:
                    if due < end:
                        deck.review += 1
                elif status is Status.NEW:
                    deck.new_cards += 1
                    deck.new_facts += 1
                    self.new_cards += 1
                else:
                    deck.learning[qid] = due
                continue
            for _qid, name in found if isinstance(found, list) else (found,):
                if name not in decks:
                    decks[name] = _DeckTally()
            self._place(fact, +1)

    def remove(self, fact: str) -> None:
        """Take back what ``fact``'s questions count for (before they change)."""
        self._place(fact, -1)

    def add(self, fact: str) -> None:
        """Count ``fact``'s questions as they stand now."""
        self._place(fact, +1)

    def _place(self, fact: str, sign: int) -> None:
        found = self._siblings.get(fact)
        if found is None:
            return  # an orphan: its question is gone from the decks
        keys = self._keys
        answered = self._today.by_fact.get(fact)
        if answered is not None and not any(n > 0 for n in answered.values()):
            answered = None
        new_in: list[str] = []
        for qid, name in found if isinstance(found, list) else (found,):
            deck = self.decks[name]
            status, suspended, due = keys.get(qid, NEVER_SEEN)
            if suspended:
                deck.suspended += sign
                continue
            if status is Status.NEW:
                deck.new_cards += sign
                self.new_cards += sign
            if answered is not None and answered[qid] <= 0:
                continue  # buried: a sibling was answered today
            if status is Status.NEW:
                if name not in new_in:
                    new_in.append(name)
                    deck.new_facts += sign
            elif status is Status.REVIEW:
                if due < self._end:
                    deck.review += sign
            elif sign > 0:
                deck.learning[qid] = due
            else:
                del deck.learning[qid]

    def counts(self, deck: str, learning_until_us: int) -> tuple[int, int, int, int]:
        """(new facts, learning due by ``learning_until_us``, reviews due today, suspended)."""
        tally = self.decks.get(deck)
        if tally is None:
            return 0, 0, 0, 0
        learning = sum(1 for due in tally.learning.values() if due <= learning_until_us)
        return tally.new_facts, learning, tally.review, tally.suspended

    def new_cards_in(self, deck: str) -> int:
        tally = self.decks.get(deck)
        return 0 if tally is None else tally.new_cards


class NewQueue:
    """The new cards of some decks in the order study introduces them.

    The decks come in steps (``tiers``: the exam regions, head to foot): new cards come
    from the first step that has one to give today, and from the next only when it has
    none (its cards are all met, or its decks reached their daily limits). Within a step
    each deck keeps its own order (its muscles in turn, each muscle's facets location
    first) and the decks take turns, one card each: studying a region interleaves its
    muscles instead of finishing one before the next (interleaved practice among the
    muscles a student confuses). Flashcards and choice questions are dealt in the
    proportion the decks hold them, spread evenly (a flashcard, three choice questions, a
    flashcard…), never a long run of one kind.
    """

    def __init__(
        self, streams: Mapping[str, tuple[Iterable[str], Iterable[str]]], tiers: Sequence[Sequence[str]]
    ) -> None:
        """``streams``: each deck's new card ids in the bank's order, flashcards and choice
        questions apart (``QuestionSet.by_kind``); ``tiers``: the decks to take them from,
        step by step."""
        in_tiers = {deck for tier in tiers for deck in tier}
        self._streams: dict[str, tuple[deque[str], deque[str]]] = {}
        for deck, (flashcards, choices) in streams.items():
            if deck not in in_tiers:
                continue
            pair = (deque(flashcards), deque(choices))
            if pair[0] or pair[1]:
                self._streams[deck] = pair
        flash = sum(len(pair[0]) for pair in self._streams.values())
        total = flash + sum(len(pair[1]) for pair in self._streams.values())
        self._share = flash / total if total else 0.5
        """Of the cards to deal, the flashcards' share."""
        self._dealt = [0, 0]
        """Flashcards and choice questions dealt so far."""
        self._tier_of = {deck: t for t, tier in enumerate(tiers) for deck in tier}
        self._tiers = [[deck for deck in tier if deck in self._streams] for tier in tiers]
        """Each step's decks that have new cards, in turn order."""
        self._turns = [0] * len(self._tiers)
        """Each step's next deck to take its turn."""

    def next(
        self,
        *,
        allowed: Callable[[str], bool],
        done: Callable[[str], bool],
        skip: Callable[[str], bool],
        waits: Callable[[str], bool],
    ) -> str | None:
        """The next new card's id: from the first step with one to give, in turn from a deck
        that is ``allowed`` more today, of the kind that is behind its share (else the
        other kind).

        ``done``: no longer to introduce (answered, suspended, or buried today), dropped
        when met at the front of its stream; ``skip``: not now; ``waits``: to come only when
        no other card can (it overlaps a recent answer).
        """
        dealt = self._dealt
        preferred = 0 if dealt[0] < self._share * (dealt[0] + dealt[1] + 1) else 1
        waiting: tuple[int, int, int, str] | None = None
        for tier_index, tier in enumerate(self._tiers):
            count = len(tier)
            for step in range(count):
                index = (self._turns[tier_index] + step) % count
                deck = tier[index]
                pair = self._streams[deck]
                for stream in pair:
                    while stream and done(stream[0]):
                        stream.popleft()
                if not (pair[0] or pair[1]) or not allowed(deck):
                    continue
                for kind in (preferred, 1 - preferred):
                    for q in pair[kind]:
                        if done(q) or skip(q):
                            continue
                        if waits(q):
                            if waiting is None:
                                waiting = (tier_index, index, kind, q)
                            continue
                        return self._deal(tier_index, index, kind, q)
        return None if waiting is None else self._deal(*waiting)

    def _deal(self, tier: int, index: int, kind: int, question: str) -> str:
        self._turns[tier] = (index + 1) % len(self._tiers[tier])
        self._dealt[kind] += 1
        return question

    def put_back(self, qid: str, deck: str, choice: bool) -> None:
        """Put a card first in its deck again (an undo displaced it from the screen), and
        give its deck the turn it had, so the card is the next one its step deals instead
        of waiting a whole round of the other decks."""
        kind = int(choice)
        pair = self._streams.get(deck)
        tier = self._tier_of.get(deck)
        if tier is None:
            tier = self._tier_of[deck] = len(self._tiers)
            self._tiers.append([])
            self._turns.append(0)
        if pair is None:
            pair = self._streams[deck] = (deque(), deque())
        if deck not in self._tiers[tier]:
            self._tiers[tier].append(deck)
        self._turns[tier] = self._tiers[tier].index(deck)
        stream = pair[kind]
        if qid not in stream:
            stream.appendleft(qid)
        self._dealt[kind] = max(0, self._dealt[kind] - 1)


@dataclass
class StudyQueue:
    """The state of one study sitting's queue, which the service advances."""

    decks: set[str]
    new: NewQueue
    day_start: datetime
    """The study day the new queue was made for (burying lasts a day)."""
    skipped: set[str] = field(default_factory=set)
    """Question ids suspended during the sitting."""


def pick_quiz(
    questions: Sequence[Question],
    states: Mapping[str, CardState],
    *,
    now: datetime,
    target: float,
    recall: Callable[[CardState], float | None],
    rng: random.Random,
    n: int,
) -> list[str]:
    """Choose n choice questions: due first, then the weakest, then new, then the rest.

    No two overlap (``quizzer.overlap``: same fact, a facet-level question and one of its
    items, or two questions naming the same data item), so a quiz never asks or gives away
    the same thing twice. ``states`` holds the stored cards, ``target`` the desired
    retention; ``rng`` shuffles the new and the rest.
    """
    due: list[tuple[int, str]] = []
    weak: list[tuple[float, str]] = []
    new: list[str] = []
    rest: list[str] = []
    now_us = to_micros(now)
    for q in questions:
        card = states.get(q.id)
        if card is not None and card.suspended:
            continue
        if card is None or card.status is Status.NEW:
            new.append(q.id)
        elif to_micros(card.due) <= now_us:
            due.append((to_micros(card.due), q.id))
        else:
            chance = recall(card) or 1.0
            if chance < target or card.lapses:
                weak.append((chance, q.id))
            else:
                rest.append(q.id)
    rng.shuffle(new)
    rng.shuffle(rest)
    ordered = [q for _, q in sorted(due)] + [q for _, q in sorted(weak)] + new + rest
    by_id = {q.id: q for q in questions}
    chosen: list[str] = []
    taken = Taken(shared_items=True)
    for qid in ordered:
        question = by_id[qid]
        if not taken.clashes(question):
            taken.add(question)
            chosen.append(qid)
        if len(chosen) >= n:
            break
    return chosen
