"""A bank's questions, whose keys are known at once and whose text is read deck by deck.

Counting and queueing cards need only what a question is about (its ``QuestionKey``); the
text, options and explanations are needed only for the questions shown. The question
bank's cache keeps the two apart, so a start reads every deck's keys and decodes a deck's
questions when one of them is first asked for (``QuestionSet``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import overload

from quizzer.model import Question, QuestionKey

__all__ = ["QuestionSet"]

Reader = Callable[[], Sequence[Question]]
"""Gives a deck's generated questions (decoding them), in the order of its keys."""


class QuestionSet(Sequence[Question]):
    """Questions in a bank's order: generated ones deck by deck, then the hand-written ones
    (``model.with_written``: a hand-written question takes the place of the generated one
    with its id).

    ``parts`` are each a deck's generated keys and how to read its questions; they are read
    on first use of one of them (``get``), or all at once when the set is iterated. Reading
    is safe from several threads.
    """

    def __init__(self, parts: Iterable[tuple[Sequence[QuestionKey], Reader]],
                 written: Sequence[Question] = ()) -> None:
        self._parts = [(tuple(keys), read) for keys, read in parts]
        own = {q.id: q for q in written}
        self._decoded: dict[str, Question] = dict(own)
        self._part_of: dict[str, int] = {}
        keys: list[QuestionKey] = []
        for index, (part_keys, _read) in enumerate(self._parts):
            for key in part_keys:
                if key.id not in own:
                    keys.append(key)
                    self._part_of[key.id] = index
        keys += [q.key for q in written]
        self.keys: list[QuestionKey] = keys
        """Every question's key, in the bank's order (nothing is decoded for them)."""
        self._key_of = {key.id: key for key in keys}
        self._read: set[int] = set()
        self._all: list[Question] | None = None
        self._lock = threading.Lock()
        self.by_id: Mapping[str, Question] = _ById(self)
        """The questions by id (a question is decoded when looked up)."""

    @classmethod
    def of(cls, questions: Iterable[Question]) -> QuestionSet:
        """The set of questions already made (nothing left to decode)."""
        made = list(questions)
        found = cls([(tuple(q.key for q in made), lambda: made)])
        found._decoded.update((q.id, q) for q in made)
        found._read.add(0)
        found._all = made
        return found

    def key(self, qid: str) -> QuestionKey | None:
        """The key of the question with that id (None: no such question)."""
        return self._key_of.get(qid)

    def get(self, qid: str) -> Question | None:
        """The question with that id, its deck's questions decoded if not yet."""
        found = self._decoded.get(qid)
        if found is not None:
            return found
        index = self._part_of.get(qid)
        if index is None:
            return None
        self._decode(index)
        return self._decoded.get(qid)

    def all(self) -> list[Question]:
        """Every question, in order (decoding what is not yet)."""
        if self._all is None:
            for index in range(len(self._parts)):
                self._decode(index)
            decoded = self._decoded
            self._all = [decoded[key.id] for key in self.keys]
        return self._all

    def _decode(self, index: int) -> None:
        if index in self._read:
            return
        with self._lock:
            if index in self._read:
                return
            keys, read = self._parts[index]
            questions = read()
            if tuple(q.key for q in questions) != keys:
                raise ValueError("a deck's questions do not match their keys")
            for q in questions:
                if self._part_of.get(q.id) == index:
                    self._decoded[q.id] = q
            self._read.add(index)

    def __len__(self) -> int:
        return len(self.keys)

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
        return f"QuestionSet({len(self.keys)} questions)"


class _ById(Mapping[str, Question]):
    """``QuestionSet.by_id``: a question is decoded when looked up; membership, length
    and iteration need only the keys."""

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
        return isinstance(qid, str) and self._set.key(qid) is not None

    def __iter__(self) -> Iterator[str]:
        return (key.id for key in self._set.keys)

    def __len__(self) -> int:
        return len(self._set.keys)
