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
from itertools import chain

from quizzer.generate.pools import SCAN, Pools, pick_by_length
from quizzer.generate.text import cap, lower_first, mid
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
    Zone,
)
from quizzer.regions import BODY_REGIONS, NEIGHBOURS

__all__ = ["WHICH_MAP", "WHOSE_MAP", "for_muscle", "map_in_words", "picture_questions"]


WHOSE_STEM = "Whose referral pattern is this?"
WHICH_STEM = "Which map shows where trigger points in {m} refer pain?"


def picture_questions(
    library: Library, deck_ids: Iterable[str] | None = None, *, seed: int = 0
) -> list[Question]:
    """The picture questions among ``generate()``'s, placed exactly as it places them."""
    from quizzer.generate import generate  # the package imports this module

    return [q for q in generate(library, deck_ids, seed=seed)
            if q.key.variant in (WHOSE_MAP, WHICH_MAP)]


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
            source=muscle.source_text(),
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
            texts = [map_in_words(m) for m in (muscle, *chosen)]
            out.append(
                replace(
                    base,
                    question=WHICH_STEM.format(m=mid(muscle.name)),
                    answer=texts[0],
                    options=tuple(texts),
                    explanation=f"{muscle.referral_description} "
                    + " ".join(
                        f"The map of {mid(o.name)}: {t}."
                        for o, t in zip(chosen, texts[1:], strict=True)
                    ),
                    option_pictures=tuple(
                        (t, m.id) for t, m in zip(texts, (muscle, *chosen), strict=True)
                    ),
                )
            )
    return out


def _choose(rng: random.Random, muscle: Muscle, others: list[Muscle], *,
            by_size: bool) -> list[Muscle]:
    """Three rivals: those with a similar pattern first (the fairest wrong options).

    With ``by_size`` (options that are maps), rivals are matched to the size of the
    muscle's map so that size does not tell the right one: drawn blindly from the bundled
    decks, gluteus medius's map was the biggest of the four in 60 % of seeds and vastus
    lateralis's the smallest in 60 %. (The biggest map, gluteus minimus's, and the
    smallest cannot help being so on their own questions.)
    """
    prefer = sum(1 for o in others if o.id in muscle.similar_patterns)
    if not by_size:
        if prefer >= 3:
            return rng.sample(others[:prefer], 3)
        return others[:prefer] + rng.sample(others[prefer:], 3 - prefer)
    own = map_in_words(muscle)
    if prefer >= 3:
        return pick_by_length(rng, own, others[:prefer], 3, map_in_words)
    return others[:prefer] + pick_by_length(rng, own, others[prefer:], 3 - prefer,
                                            map_in_words, fixed=others[:prefer])


def _signature(muscle: Muscle) -> frozenset[tuple[str, Zone]]:
    return frozenset((z.region, z.zone) for z in muscle.referral_zones)


def _rivals(pools: Pools, muscle: Muscle, limit: int = 8) -> list[Muscle]:
    """Other muscles whose maps look like this one's, but not the same and not each other.

    Muscles listed as having a similar pattern come first (``Pools.related`` order): they
    make the fairest wrong options. Then look-alikes: maps that share regions with this
    one or touch them (:data:`quizzer.regions.NEIGHBOURS`), closest first, so that an arm
    pattern's rivals are arm patterns, not the only upper-body map among hip maps. Only
    when fewer than three maps lie near does the search go on to the muscle's neighbours
    in the body, for as many as it takes. Two identical maps can never both be options,
    or the question has no answer. The search stops at ``limit`` rivals, so it stays
    cheap in an atlas of hundreds of muscles.
    """
    seen = {_signature(muscle)}
    similar = sorted((pools.by_id[x] for x in muscle.similar_patterns if x in pools.by_id),
                     key=lambda m: m.id)
    out: list[Muscle] = []
    for candidates, enough in ((chain(similar, pools.look_alikes(muscle)), limit),
                               (pools.related(muscle), 3)):
        for scanned, other in enumerate(candidates):
            if len(out) >= enough or scanned >= SCAN:  # like every search: linear in the atlas
                break
            if not other.referral_zones or other.id == muscle.id:
                continue
            signature = _signature(other)
            if signature not in seen:
                seen.add(signature)
                out.append(other)
    return out


def closeness(a: Muscle, b: Muscle) -> int:
    """How alike two maps look: 3 for each region both have, 1 for each pair that touch."""
    mine = {z.region for z in a.referral_zones}
    theirs = {z.region for z in b.referral_zones}
    return 3 * len(mine & theirs) + sum(len(NEIGHBOURS[r] & theirs) for r in mine)


def map_in_words(muscle: Muscle) -> str:
    """The map in words, e.g. "essential: buttock, calf; spillover: top of the foot"."""
    parts = []
    for zone in (Zone.ESSENTIAL, Zone.SPILLOVER):
        names = [lower_first(BODY_REGIONS[z.region]) for z in muscle.referral_zones
                 if z.zone is zone]
        if names:
            parts.append(f"{zone.value}: {', '.join(names)}")
    return "; ".join(parts)
