"""The question generator: a pure function of (library, selected decks, seed)."""

from __future__ import annotations

import gc
import random
from collections.abc import Iterable, Sequence
from dataclasses import replace

from quizzer.generate import choice, facets, flashcards, pictures, symptoms
from quizzer.generate import groups as group_questions
from quizzer.generate.build import Builder
from quizzer.generate.pools import Pools
from quizzer.model import Deck, Kind, Library, Question, with_written

__all__ = ["Pools", "generate", "generate_deck"]


def generate(library: Library, deck_ids: Iterable[str] | None = None, *, seed: int = 0) -> list[Question]:
    """Every question for the selected decks (all decks when ``deck_ids`` is None).

    Options and wording choices depend only on ``seed`` and each question's id, so the
    same seed always gives the same questions, and adding a muscle leaves the others be.
    A deck's hand-written questions come last, as written (their options unshuffled); one
    with the id of a generated question takes its place (an edited exam CSV read back).
    """
    # Tens of thousands of small acyclic objects (questions, options): the cycle collector
    # would rescan them again and again for nothing, so it waits until the bank is made
    # (as the deck loader does while it parses).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _generate(library, deck_ids, seed)
    finally:
        if enabled:
            gc.enable()


def _generate(library: Library, deck_ids: Iterable[str] | None, seed: int) -> list[Question]:
    selected = None if deck_ids is None else set(deck_ids)
    out: list[list[Question]] = []
    pools = Pools(library)
    for deck in library.decks:
        if selected is None or deck.id in selected:
            out.append(generate_deck(pools, deck, seed))
    return with_written([d for d in library.decks if selected is None or d.id in selected], out)


def generate_deck(pools: Pools, deck: Deck, seed: int) -> list[Question]:
    """One deck's generated questions, exactly as ``generate`` gives them (before the
    hand-written ones are put in; see ``with_written``).

    Everything they take from other decks comes through ``pools`` (built over the whole
    library): the question bank's cache (``quizzer.bank``) hands in a stand-in that
    records what was asked of it, to know later whether the questions still hold. Keep it
    so: read other muscles only through ``pools``.
    """
    out: list[Question] = []
    for muscle in deck.muscles:
        builder = Builder(pools, deck, muscle, seed)
        flashcards.add_all(builder)
        choice.add_all(builder)
        facets.add_all(builder)
        out.extend(builder.questions)
        out.extend(pictures.for_muscle(None, deck, muscle, seed, pools))
    for group in deck.groups:
        builder = Builder(pools, deck, group, seed)
        group_questions.add_all(builder, group)
        out.extend(builder.questions)
    out.extend(symptoms.for_deck(pools, deck, seed))
    # Positions are balanced per deck, so a deck's questions need no other deck.
    return _balance_positions(out, seed)


def _balance_positions(questions: Sequence[Question], seed: int) -> list[Question]:
    """Place single right answers so that each position is used equally often per deck.

    Builders put the right option first; here each deck's ``mcq`` and ``not`` questions
    take positions from shuffled rounds of 0..n-1, so no position is favoured.
    """
    out = list(questions)
    groups: dict[tuple[str, str, int], list[int]] = {}
    for index, q in enumerate(out):
        if q.kind in (Kind.MCQ, Kind.NOT) and len(q.correct) == 1:
            groups.setdefault((q.deck, q.kind.value, len(q.options)), []).append(index)
    for (deck, kind, size), indices in sorted(groups.items()):
        rng = random.Random(f"{seed}|{deck}|{kind}|{size}|positions")
        positions: list[int] = []
        for index in sorted(indices, key=lambda i: out[i].id):
            if not positions:
                positions = list(range(size))
                rng.shuffle(positions)
            target = positions.pop()
            q = out[index]
            if q.correct[0] == target:
                continue  # already there: nothing to rebuild
            out[index] = replace(
                q,
                options=_move(q.options, q.correct[0], target),
                items=_move(q.items, q.correct[0], target) if q.items else q.items,
                correct=(target,),
            )
    return out


def _move(values: tuple[str, ...], source: int, target: int) -> tuple[str, ...]:
    """``values`` with the element at ``source`` moved to ``target``, the rest in order."""
    rest = [v for i, v in enumerate(values) if i != source]
    return (*rest[:target], values[source], *rest[target:])
