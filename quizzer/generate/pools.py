"""Candidate options: true items and distractors that the data proves false."""

from __future__ import annotations

from dataclasses import dataclass

from quizzer.generate.text import WORDING, mid, strip_stop
from quizzer.model import Facet, Item, Library, Muscle
from quizzer.regions import BODY_REGIONS, NEIGHBOURS

POOLED_FACETS = frozenset(
    {Facet.ORIGIN, Facet.INSERTION, Facet.ACTIONS, Facet.INNERVATION, Facet.BLOOD_SUPPLY}
)
"""Facets where another muscle's item makes a wrong option (when its id differs).

Behaviour facets (causes, symptoms, prevention ...) are not pooled: another muscle's cause
is too often a cause here as well, so those facets use only curated distractors."""


@dataclass(frozen=True)
class Option:
    """A candidate option: its text, the data id behind it, and why it is right or wrong."""

    text: str
    id: str
    why: str


def norm(text: str) -> str:
    return " ".join(strip_stop(text).lower().split())


def facet_items(muscle: Muscle, facet: Facet) -> tuple[Item, ...]:
    """A muscle's items for a facet (the nerve counts as the innervation item)."""
    if facet is Facet.INNERVATION:
        return (muscle.innervation.nerve,) if muscle.innervation else ()
    return muscle.items(facet)


def statement(facet: Facet, muscle: Muscle) -> str:
    """E.g. "an insertion of gluteus minimus"."""
    return WORDING[facet].is_.format(m=mid(muscle.name))


def wrong_options(library: Library, muscle: Muscle, facet: Facet) -> list[Option]:
    """Every option that the data proves false for this muscle and facet, without repeats."""
    truths = facet_items(muscle, facet)
    true_ids = {item.id for item in truths}
    seen = {norm(item.text) for item in truths}
    out: list[Option] = []
    for d in muscle.distractors.get(facet, ()):
        if d.id in true_ids or norm(d.text) in seen:
            continue
        seen.add(norm(d.text))
        out.append(Option(d.text, d.id, f'Not "{strip_stop(d.text)}": {d.why}'))
    if facet in POOLED_FACETS:
        others = sorted((m for m in library.muscles() if m.id != muscle.id), key=lambda m: m.id)
        for other in others:
            for item in facet_items(other, facet):
                if item.disputed or item.id in true_ids or norm(item.text) in seen:
                    continue
                seen.add(norm(item.text))
                why = f'"{strip_stop(item.text)}" is {statement(facet, other)}.'
                out.append(Option(item.text, item.id, why))
    return out


def muscle_options(
    library: Library, muscle: Muscle, exclude: set[str], *, having: Facet | None = None
) -> list[Muscle]:
    """Other muscles for "which muscle" options, minus ``exclude``.

    With ``having``, only muscles whose data covers that facet: the data can then vouch
    that the fact is false for them.
    """
    out = []
    for other in sorted(library.muscles(), key=lambda m: m.id):
        if other.id == muscle.id or other.id in exclude:
            continue
        if having is Facet.REFERRAL and not other.referral_description:
            continue
        if having is not None and having is not Facet.REFERRAL and not facet_items(other, having):
            continue
        out.append(other)
    return out


def wrong_regions(library: Library, muscle: Muscle) -> list[str]:
    """Region ids that are clearly outside the muscle's referral pattern.

    Regions neighbouring a true zone are left out: charts differ at the edges.
    """
    true = {zone.region for zone in muscle.referral_zones}
    near: set[str] = set(true)
    for region in true:
        near |= NEIGHBOURS.get(region, frozenset())
    used_elsewhere = [
        zone.region
        for other in sorted(library.muscles(), key=lambda m: m.id)
        for zone in other.referral_zones
    ]
    ordered = list(dict.fromkeys(used_elsewhere + list(BODY_REGIONS)))
    return [region for region in ordered if region not in near]
