"""A bank's questions: what counting and queueing need known at once, the text deck by deck.

Counting and queueing cards need only a few strings of each question (its id, deck, fact
and topic, and whether it is a choice question or about a whole facet); the text, options
and explanations are needed only for the questions shown. The question bank's cache keeps
the two apart, so a start reads every deck's ``KeyTable`` (no object per question) and
decodes a deck's questions when one of them is first asked for (``QuestionSet``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from itertools import compress
from typing import overload

from quizzer.model import Question

__all__ = ["CHOICE", "WHOLE_FACET", "KeyTable", "QuestionSet", "key_table"]

CHOICE = 1
"""Flag: a choice question (mcq, multi, not, order)."""
WHOLE_FACET = 2
"""Flag: a question about every item of a facet at once (``QuestionKey.whole_facet``)."""

_IS_CHOICE = {ord(str(flags)): flags & CHOICE for flags in range(4)}
"""``str.translate`` table: a flags digit to 1 for a choice question, else 0."""
_IS_FLASH = {ord(str(flags)): 1 - (flags & CHOICE) for flags in range(4)}
"""``str.translate`` table: a flags digit to 1 for a flashcard, else 0."""

KeyTable = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]
"""A deck's questions column by column: ids, facts, topics, and flags (one digit each, the
sum of ``CHOICE`` and ``WHOLE_FACET``), all from the questions' keys."""

Reader = Callable[[], Sequence[Question]]
"""Gives a deck's generated questions (decoding them), in the order of its key table."""


def key_table(questions: Sequence[Question]) -> KeyTable:
    """The key table of ``questions`` (what ``QuestionSet`` needs before decoding them)."""
    keys = [q.key for q in questions]
    return (
        tuple(k.id for k in keys),
        tuple(k.fact for k in keys),
        tuple(k.topic for k in keys),
        "".join(str(CHOICE * k.kind.is_choice + WHOLE_FACET * k.whole_facet) for k in keys),
    )


class QuestionSet(Sequence[Question]):
    """Questions in a bank's order: generated ones deck by deck, then the hand-written ones
    (``model.with_written``: a hand-written question takes the place of the generated one
    with its id).

    ``parts`` are each a deck's id, the key table of its generated questions and how to
    read them; a part is read on first use of one of its questions (``get``), or all at
    once when the set is iterated. Reading is safe from several threads.
    """

    def __init__(
        self, parts: Iterable[tuple[str, KeyTable, Reader]], written: Sequence[Question] = ()
    ) -> None:
        self._readers: list[Reader] = []
        self._part_ids: list[tuple[str, ...]] = []
        own = {q.id: q for q in written}
        ids: list[str] = []
        decks: list[str] = []
        facts: list[str] = []
        topics: list[str] = []
        flags: list[str] = []
        parts_of: list[int] = []
        spans: list[tuple[str, int, int]] = []
        for index, (deck, (part_ids, part_facts, part_topics, part_flags), read) in enumerate(parts):
            if not (len(part_ids) == len(part_facts) == len(part_topics) == len(part_flags)):
                raise ValueError("a damaged key table")
            self._readers.append(read)
            self._part_ids.append(part_ids)
            if own and not own.keys().isdisjoint(part_ids):
                kept = [i for i, qid in enumerate(part_ids) if qid not in own]
                part_ids = tuple(part_ids[i] for i in kept)
                part_facts = tuple(part_facts[i] for i in kept)
                part_topics = tuple(part_topics[i] for i in kept)
                part_flags = "".join(part_flags[i] for i in kept)
            if part_ids:
                spans.append((deck, len(ids), len(ids) + len(part_ids)))
            ids += part_ids
            decks += [deck] * len(part_ids)
            facts += part_facts
            topics += part_topics
            flags.append(part_flags)
            parts_of += [index] * len(part_ids)
        if written:
            own_ids, own_facts, own_topics, own_flags = key_table(written)
            for at, question in enumerate(written, start=len(ids)):
                if spans and spans[-1][0] == question.deck and spans[-1][2] == at:
                    spans[-1] = (question.deck, spans[-1][1], at + 1)
                else:
                    spans.append((question.deck, at, at + 1))
            ids += own_ids
            decks += [q.deck for q in written]
            facts += own_facts
            topics += own_topics
            flags.append(own_flags)
            parts_of += [-1] * len(written)
        self.ids: list[str] = ids
        """Every question's id, in the bank's order."""
        self.decks = decks
        """Each question's deck (by position, as ``ids``)."""
        self.facts = facts
        self.topics = topics
        self._flags = "".join(flags)
        self._parts_of = parts_of
        self._spans = spans
        """Runs of questions of one deck: (deck, first position, position after the run)."""
        self.positions: dict[str, int] = dict(zip(ids, range(len(ids)), strict=True))
        """Each question's position in ``ids`` (and ``decks``, ``facts``, ``topics``); read
        only."""
        self._decoded: dict[str, Question] = dict(own)
        self._read: set[int] = set()
        self._all: list[Question] | None = None
        self._lock = threading.Lock()
        self.by_id: Mapping[str, Question] = _ById(self)
        """The questions by id (a question is decoded when looked up)."""

    @classmethod
    def of(cls, questions: Iterable[Question]) -> QuestionSet:
        """The set of questions already made (nothing left to decode)."""
        made = list(questions)
        unique = list({q.id: q for q in made}.values())
        found = cls(
            [
                (deck, key_table(part), lambda part=part: part)  # type: ignore[misc]
                for deck, part in _by_deck(unique)
            ]
        )
        found._decoded.update((q.id, q) for q in unique)
        found._read.update(range(len(found._readers)))
        if len(unique) == len(made) and [q.id for q in made] == found.ids:
            found._all = made
        return found

    # --- what counting and queueing need (nothing decoded) --------------------------------
    def position(self, qid: str) -> int | None:
        """The question's position (for ``decks``, ``facts``, ``topics``); None: no such
        question."""
        return self.positions.get(qid)

    def is_choice(self, index: int) -> bool:
        return bool((ord(self._flags[index]) - 48) & CHOICE)

    def whole_facet(self, index: int) -> bool:
        return bool((ord(self._flags[index]) - 48) & WHOLE_FACET)

    def by_kind(self, decks: Container[str]) -> dict[str, tuple[list[str], list[str]]]:
        """The question ids of each of ``decks`` in the bank's order, flashcards and choice
        questions apart (a deck with no question is left out).

        Made run by run (a deck's questions are together in the bank) with slices, not
        question by question: at 600 muscles (44,000 questions) it is what a study sitting
        waits for before its first question."""
        flags = self._flags
        choice = flags.translate(_IS_CHOICE).encode("ascii")
        flash = flags.translate(_IS_FLASH).encode("ascii")
        ids = self.ids
        out: dict[str, tuple[list[str], list[str]]] = {}
        for deck, start, end in self._spans:
            if deck not in decks:
                continue
            run = ids[start:end]
            found = out.get(deck)
            if found is None:
                found = out[deck] = ([], [])
            found[0].extend(compress(run, flash[start:end]))
            found[1].extend(compress(run, choice[start:end]))
        return out

    # --- the questions ---------------------------------------------------------------------
    def get(self, qid: str) -> Question | None:
        """The question with that id, its deck's questions decoded if not yet."""
        found = self._decoded.get(qid)
        if found is not None:
            return found
        index = self.positions.get(qid)
        if index is None:
            return None
        self._decode(self._parts_of[index])
        return self._decoded.get(qid)

    def all(self) -> list[Question]:
        """Every question, in order (decoding what is not yet)."""
        if self._all is None:
            for part in range(len(self._readers)):
                self._decode(part)
            decoded = self._decoded
            self._all = [decoded[qid] for qid in self.ids]
        return self._all

    def _decode(self, part: int) -> None:
        if part in self._read or part < 0:
            return
        with self._lock:
            if part in self._read:
                return
            questions = self._readers[part]()
            if tuple(q.id for q in questions) != self._part_ids[part]:
                raise ValueError("a deck's questions do not match their key table")
            index, parts_of, decoded = self.positions, self._parts_of, self._decoded
            for q in questions:
                at = index.get(q.id)
                if at is not None and parts_of[at] == part:
                    decoded[q.id] = q
            self._read.add(part)

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[Question]:
        return iter(self.all())

    @overload
    def __getitem__(self, index: int) -> Question: ...

    @overload
    def __getitem__(self, index: slice) -> list[Question]: ...

    def __getitem__(self, index: int | slice) -> Question | list[Question]:
        return self.all()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, QuestionSet | list | tuple):
            return self.all() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"QuestionSet({len(self.ids)} questions)"


def _by_deck(questions: Sequence[Question]) -> list[tuple[str, list[Question]]]:
    """Runs of questions of one deck, in order."""
    out: list[tuple[str, list[Question]]] = []
    for q in questions:
        if out and out[-1][0] == q.deck:
            out[-1][1].append(q)
        else:
            out.append((q.deck, [q]))
    return out


class _ById(Mapping[str, Question]):
    """``QuestionSet.by_id``: a question is decoded when looked up; membership, length
    and iteration need only the ids."""

    def __init__(self, questions: QuestionSet) -> None:
        self._set = questions

    def __getitem__(self, qid: str) -> Question:
        found = self._set.get(qid)
        if found is None:
            raise KeyError(qid)
        return found

    def get(self, qid: str, default: Question | None = None) -> Question | None:  # type: ignore[override]
        found = self._set.get(qid)
        return default if found is None else found

    def __contains__(self, qid: object) -> bool:
        return isinstance(qid, str) and self._set.position(qid) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._set.ids)

    def __len__(self) -> int:
        return len(self._set.ids)
