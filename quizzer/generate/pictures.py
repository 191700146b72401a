"""Picture questions: a pain map as the stem ("whose pattern is this?") or as the options.

The questions carry no drawing, only references: ``Question.picture`` is the muscle id
whose map the stem shows, and ``Question.option_pictures`` pairs each option's text with
the muscle id whose map stands for that option. Front ends draw the maps with
``quizzer.atlas`` (SVG for Anki and exams, braille cells in the terminal). The option texts
name the zones in words, so the questions still make sense where no picture can be shown.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace

from quizzer.generate.pools import Pools, Rival, closeness, map_in_words, pick_by_length
from quizzer.generate.text import cap, mid
from quizzer.model import (
    ALL,
    WHICH_MAP,
    WHOSE_MAP,
    Deck,
    Facet,
    Kind,
    Library,
    Muscle,
    Question,
    QuestionKey,
)

__all__ = ["WHICH_MAP", "WHOSE_MAP", "closeness", "for_muscle", "map_in_words", "picture_questions"]


WHOSE_STEM = "Whose referral pattern is this?"
WHICH_STEM = "Which map shows where trigger points in {m} refer pain?"


def picture_questions(
    library: Library, deck_ids: Iterable[str] | None = None, *, seed: int = 0
) -> list[Question]:
    """The picture questions among ``generate()``'s, placed exactly as it places them."""
    from quizzer.generate import generate  # the package imports this module

    return [q for q in generate(library, deck_ids, seed=seed) if q.key.variant in (WHOSE_MAP, WHICH_MAP)]


def for_muscle(
    library: Library | None, deck: Deck, muscle: Muscle, seed: int, pools: Pools | None = None
) -> list[Question]:
    """The picture questions about one muscle, right option first (callers place it);
    ``pools`` when given, else pools over ``library``."""
    if not muscle.referral_zones:
        return []
    if pools is None:
        assert library is not None, "for_muscle needs pools or a library"
        pools = Pools(library)
    others = _rivals(pools, muscle)
    if len(others) < 3:
        return []
    out = []
    for variant in (WHOSE_MAP, WHICH_MAP):
        key = QuestionKey(deck.id, muscle.id, Facet.REFERRAL, ALL, Kind.MCQ, variant)
        rng = random.Random(f"{seed}|{key.id}")
        chosen = _choose(rng, muscle, others, by_size=variant == WHICH_MAP)
        base = Question(
            key=key,
            question="",
            answer="",
            correct=(0,),
            tags=(
                f"quizzer::deck::{deck.id}",
                f"quizzer::muscle::{muscle.id}",
                f"quizzer::topic::{Facet.REFERRAL.topic.value}",
                f"quizzer::facet::{Facet.REFERRAL.value}",
                f"quizzer::kind::{Kind.MCQ.value}",
                "quizzer::picture",
            ),
            source=next(
                (s.title for s in muscle.sources if s.id == muscle.referral_source), muscle.source_text()
            ),
            items=(muscle.id, *(o.id for o in chosen)),
            muscle_name=muscle.name,
            deck_name=deck.name,
        )
        if variant == WHOSE_MAP:
            out.append(
                replace(
                    base,
                    question=WHOSE_STEM,
                    answer=muscle.name,
                    options=(muscle.name, *(o.name for o in chosen)),
                    explanation=f"This is the pattern of {mid(muscle.name)}: {map_in_words(muscle)}. "
                    + " ".join(f"{cap(mid(o.name))}: {map_in_words(o)}." for o in chosen),
                    picture=muscle.id,
                )
            )
        else:
            shown: list[Muscle | Rival] = [muscle, *chosen]
            texts = [map_in_words(m) for m in shown]
            out.append(
                replace(
                    base,
                    question=WHICH_STEM.format(m=mid(muscle.name)),
                    answer=texts[0],
                    options=tuple(texts),
                    explanation=f"{muscle.referral_description} "
                    + " ".join(
                        f"The map of {mid(o.name)}: {t}." for o, t in zip(chosen, texts[1:], strict=True)
                    ),
                    option_pictures=tuple((t, m.id) for t, m in zip(texts, shown, strict=True)),
                )
            )
    return out


def _choose(rng: random.Random, muscle: Muscle, others: list[Rival], *, by_size: bool) -> list[Rival]:
    """Three rivals: those with a similar pattern first (the fairest wrong options), then
    the closest look-alikes.

    With ``by_size`` (options that are maps), rivals are matched to the size of the
    muscle's map so that size does not tell the right one: drawn blindly from the bundled
    decks, gluteus medius's map was the biggest of the four in 60 % of seeds and vastus
    lateralis's the smallest in 60 %. The closest look-alikes are the pool; when it holds
    no map bigger (or smaller) than the muscle's, the nearest rival of that size joins it,
    so that the right map is the biggest (or the smallest) of the four at most as often as
    chance puts it there. (The biggest map of all, gluteus minimus's, cannot
    help being so on its own question.)
    """
    similar = [o for o in others if o.id in muscle.similar_patterns]
    if not by_size:
        # Look-alikes only (the maps added to balance sizes need not look alike).
        alike = [o for o in others if o in similar or closeness(muscle, o) > 0]
        near = (alike if len(alike) >= 3 else others)[:CLOSEST]
        prefer = [o for o in near if o in similar]
        if len(prefer) >= 3:
            return rng.sample(prefer, 3)
        rest = [o for o in near if o not in prefer]
        return prefer + rng.sample(rest, 3 - len(prefer))
    own = len(map_in_words(muscle))
    fixed = [] if len(similar) >= 3 else similar
    pool = similar if len(similar) >= 3 else [o for o in others[:CLOSEST] if o not in fixed]
    for bigger in (True, False):
        have = sum((len(map_in_words(o)) >= own) == bigger for o in (*fixed, *pool))
        extra = [
            o for o in others if o not in pool and o not in fixed and (len(map_in_words(o)) >= own) == bigger
        ]
        pool += extra[: max(0, 1 - have)]
    return fixed + pick_by_length(rng, map_in_words(muscle), pool, 3 - len(fixed), map_in_words, fixed=fixed)


CLOSEST = 8
"""The look-alikes a question's rivals are drawn from (the closest maps first)."""


def _rivals(pools: Pools, muscle: Muscle) -> list[Rival]:
    """Other muscles whose maps may stand beside this one's (``Pools.map_rivals``): the
    listed similar patterns, then look-alikes, closest first, never a map identical to
    another or nested with this one (``nested_maps``)."""
    return pools.map_rivals(muscle)
