"""A qualified key among plain wrong options is a cue: test-wise students pick the hedged
option ("Flexes the hip (assists)" beside three bare actions). When the key of an action
question carries a qualifier, one wrong option is qualified too (wrong options come plain),
and stays provably false: it is a movement the muscle does not perform at all (not even in
part, nor disputed), so no qualifier can make it true of this muscle.

The qualifier comes, first, from another muscle that performs that movement with one (a
real fact of a neighbor: "Abducts the thigh at the hip (upper fibers)"), and only of the
kinds that cannot narrow a movement into one the muscle has under another id ("at the MCP
joints", "index finger" can); failing that, the key's own hedge ("assists", "weakly").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from quizzer.generate.build import Builder
from quizzer.generate.pools import Option
from quizzer.generate.text import opposite_action, strip_stop
from quizzer.model import Facet, Item, Muscle, bracketed, flat_brackets

HEDGES = frozenset({"assists", "may assist", "weak", "weakly", "slightly"})
"""Qualifiers that say how much, never which part or where: any false movement stays false
with them, so the key's own may go on a wrong option."""

_SIDES = frozenset(
    {
        "one side acting",
        "both sides acting",
        "both sides together",
        "bilaterally",
        "unilaterally",
        "reverse action",
    }
)
_PART = re.compile(r"(?:[a-z]+ )+(?:fibers|part|parts|head|belly)|with the (?:knee|hip) flexed")
"""A muscle's part ("upper fibers", "long head") or a joint position: what a muscle that
does not perform the movement at all lacks as much as the whole does."""


def parts(qualifier: str) -> list[str]:
    """A qualifier's parts: "weak, assists" → ["weak", "assists"]."""
    return [p.strip() for p in re.split(r"[,;]", flat_brackets(qualifier)) if p.strip()]


_NAMED_PART = re.compile(r"(?:[a-z]+ )+(?:part|parts|head|heads|belly)")
"""A part a muscle may lack ("frontal belly", "long head", "cervical part"); a fiber
direction ("upper fibers") is one every muscle has."""


def everything_said(muscle: Muscle) -> str:
    """All the data says of a muscle, lowered: where its named parts are looked up."""
    said = [muscle.location, muscle.referral_description]
    for items in muscle.facts.values():
        said += [x for i in items for x in (i.text, i.qualifier or "", i.note or "")]
    return " ".join(said).lower()


def has_part(said: str, qualifier_part: str) -> bool:
    """Whether a qualifier's part may stand on an option of the muscle of which ``said``
    (:func:`everything_said`) is said: any hedge, side or fiber direction, and a named
    part only when the muscle's data names it."""
    return not _NAMED_PART.fullmatch(qualifier_part) or qualifier_part in said


def safe(qualifier: str) -> bool:
    """Whether another muscle's qualifier may go on a movement this muscle lacks."""
    return all(p in HEDGES or p in _SIDES or _PART.fullmatch(p) for p in parts(qualifier))


def hedge_a_wrong_action(b: Builder, key: Item, chosen: Sequence[Option]) -> list[Option]:
    """``chosen`` (the wrong options of an action question whose key is ``key``) with one
    of them qualified when the key is: see the module's docstring. Wrong options come in
    their plain words, whatever brackets they hold ("Aids inspiration (breathing in)" is a
    gloss, not a hedge), so one is qualified whenever the key is."""
    out = list(chosen)
    if not key.qualifier:
        return out
    curated = {d.id for d in b.muscle.distractors.get(Facet.ACTIONS, ())}
    own = {i.id for i in b.muscle.items(Facet.ACTIONS)}
    wanted = set(parts(key.qualifier))
    # The opposite of one of its own movements first: the least likely to be true in some
    # text the data has not recorded (a minority action is hedged like this).
    opposites = {opposite_action(x) for x in own}
    said = everything_said(b.muscle)
    candidates: list[tuple[int, int, int, str]] = []  # (rank, not opposite, position, qualifier)
    for at, option in enumerate(out):
        if option.id in own or option.id in curated:
            continue  # a movement it lacks entirely; a curated text keeps its own words
        other_side = int(option.id not in opposites)
        holders = sorted(b.pools.holders(Facet.ACTIONS, option.id) - {b.muscle.id})
        for holder in holders:
            item = b.pools.action_of(holder, option.id)
            if item is not None and item.qualifier and not item.disputed and safe(item.qualifier):
                # Another muscle's named part ("frontal belly") goes only where the asked
                # muscle has one (review 6b T27: never "(frontal belly)" for masseter).
                kept = [p for p in parts(item.qualifier) if has_part(said, p)]
                if kept:
                    shared = len(wanted & set(kept))
                    candidates.append((-shared, other_side, at, ", ".join(kept)))
        hedge = [p for p in parts(key.qualifier) if p in HEDGES]
        if hedge and holders:  # a movement of the shared vocabulary, not a curated text
            candidates.append((1, other_side, at, ", ".join(hedge)))
    if not candidates:
        return out
    _, _, at, qualifier = min(candidates)
    option = out[at]
    text = bracketed(strip_stop(option.text), qualifier)
    out[at] = replace(
        option, text=text, why=f'"{text}" is not an action of {b.m}, in any part or way; {option.why}'
    )
    return out
