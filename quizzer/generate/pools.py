"""Candidate options: true items and distractors that the data proves false."""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import TypeVar

from quizzer.generate.text import WORDING, mid, strip_stop
from quizzer.model import Facet, Item, Library, Muscle
from quizzer.regions import BODY_REGIONS, MUSCLE_NEIGHBOURS, NEIGHBOURS

POOLED_FACETS = frozenset(
    {Facet.ORIGIN, Facet.INSERTION, Facet.ACTIONS, Facet.INNERVATION, Facet.BLOOD_SUPPLY}
)
"""Facets where another muscle's item makes a wrong option (when its id differs).

Behaviour facets (causes, symptoms, prevention ...) are not pooled: another muscle's cause
is too often a cause here as well, so those facets use only curated distractors."""

REGIONAL_FACETS = frozenset({Facet.ORIGIN, Facet.INSERTION, Facet.ACTIONS})
"""Pooled facets whose wrong options come from the asked muscle's body region first."""


@dataclass(frozen=True)
class Option:
    """A candidate option: its text, the data id behind it, and why it is right or wrong."""

    text: str
    id: str
    why: str
    opposes: frozenset[str] = frozenset()
    """Ids of true items this wrong option contradicts (see ``compatible``)."""
    tier: int = 0
    """How far the muscle it comes from lies from the asked muscle (0 for curated options
    and the same body region, see ``Pools.region_tier``): nearer ones are asked first."""


def compatible(wrong: Sequence[Option], shown: Sequence[Option]) -> list[Option]:
    """The wrong options that may stand next to ``shown``: not one that contradicts a
    shown true item ("Sit with the legs crossed" beside "Avoid sitting with the legs
    crossed"), since the pair gives the answer away."""
    ids = {o.id for o in shown}
    return [o for o in wrong if not o.opposes & ids]


@cache
def norm(text: str) -> str:
    """Wording compared loosely (case, spaces, a final full stop); cached: the same texts
    are compared again and again across an atlas."""
    return " ".join(strip_stop(text).lower().split())


def facet_items(muscle: Muscle, facet: Facet) -> tuple[Item, ...]:
    """A muscle's items for a facet (the nerve counts as the innervation item)."""
    if facet is Facet.INNERVATION:
        return (muscle.innervation.nerve,) if muscle.innervation else ()
    return muscle.items(facet)


def statement(facet: Facet, *muscles: Muscle) -> str:
    """E.g. "an insertion of gluteus minimus"; with several muscles, "an action of
    gluteus maximus and tensor fasciae latae", so a shared item is credited to all."""
    return WORDING[facet].is_.format(m=and_list([mid(m.name) for m in muscles]))


def and_list(parts: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


T = TypeVar("T")


def pick_by_length(
    rng: random.Random, right: str, candidates: Sequence[T], count: int,
    text: Callable[[T], str], *, fixed: Sequence[T] = (),
) -> list[T]:
    """``count`` of ``candidates`` chosen so that the length of ``right`` gives nothing away.

    Test-wise students pick the longest option (the most detailed, so the right one), or
    the odd one out in size. Here how many options come out longer than ``right`` is drawn
    evenly from 0 to all of them, so ``right`` is the longest as often as the shortest,
    each about once in k questions with k options; on each side the candidates nearest in
    length are preferred. When one side has too few candidates, the other gives the rest
    (a right answer longer than every distractor stays the longest: only the data can fix
    that). ``fixed`` options are already chosen and count towards the draw.
    """
    count = min(count, len(candidates))
    size = len(right)
    longer = [c for c in candidates if len(text(c)) >= size]
    shorter = [c for c in candidates if len(text(c)) < size]
    wanted = rng.randint(0, count + len(fixed)) - sum(len(text(f)) >= size for f in fixed)
    up = max(count - len(shorter), min(wanted, count, len(longer)), 0)
    out = _nearest(rng, longer, up, size, text) + _nearest(rng, shorter, count - up, size, text)
    rng.shuffle(out)  # else the longer ones would always come before the shorter ones
    return out


def pick_in_size_slot(rng: random.Random, others: Sequence[str], candidates: Sequence[T],
                      text: Callable[[T], str]) -> T:
    """One of ``candidates`` to stand among ``others`` at a size rank drawn evenly.

    For "which is NOT true?", whose answer is the one false statement: drawn blindly, the
    curated false statements are often the shortest of the four. The slot (how many of
    ``others`` are shorter) is drawn from 0 to all; the nearest slot that some candidate
    fills is used when the drawn one is empty.
    """
    sizes = sorted(len(o) for o in others)

    def slot(c: T) -> int:
        return bisect_left(sizes, len(text(c)))  # how many of ``others`` are shorter

    by_slot: dict[int, list[T]] = {}
    for c in candidates:
        by_slot.setdefault(slot(c), []).append(c)
    wanted = rng.randint(0, len(sizes))
    nearest = min(by_slot, key=lambda s: (abs(s - wanted), s))
    return rng.choice(by_slot[nearest])


def _nearest(rng: random.Random, side: list[T], count: int, size: int,
             text: Callable[[T], str]) -> list[T]:
    """``count`` of ``side`` drawn from the twice as many nearest in length (some variety)."""
    if count <= 0:
        return []
    near = sorted(side, key=lambda c: abs(len(text(c)) - size))[: 2 * count]
    return rng.sample(near, count)


SCAN = 64
"""At most this many other muscles are looked at for one question's options, so that
generation stays linear in the number of muscles however alike their data is."""


class Pools:
    """Indexes over a library, built once per ``generate`` call.

    Candidate muscles come nearest first (similar patterns, satellites, depth neighbours,
    the same body region, then the rest), and the search stops once enough are found: the
    most plausible wrong options, and linear work at atlas scale.
    """

    def __init__(self, library: Library) -> None:
        self.muscles = sorted(library.muscles(), key=lambda m: m.id)
        self.by_id = {m.id: m for m in self.muscles}
        self._position = {m.id: i for i, m in enumerate(self.muscles)}
        self._by_region: dict[str, list[Muscle]] = {}
        for m in self.muscles:
            self._by_region.setdefault(m.region, []).append(m)
        self._holders: dict[tuple[Facet, str], set[str]] = {}
        self._text_holders: dict[tuple[Facet, str], set[str]] = {}
        for m in self.muscles:
            for facet in (*POOLED_FACETS, Facet.DIAGNOSTIC_SIGNS):
                for item in facet_items(m, facet):
                    self._holders.setdefault((facet, item.id), set()).add(m.id)
                    self._text_holders.setdefault((facet, norm(item.text)), set()).add(m.id)
        used = [z.region for m in self.muscles for z in m.referral_zones]
        self._region_order = list(dict.fromkeys(used + list(BODY_REGIONS)))
        # Asked for every facet of every muscle: computed once each.
        self._region_first: dict[str, list[Muscle]] = {}
        self._nearest: dict[str, list[Muscle]] = {}
        self._sharers: dict[tuple[Facet, str, str, bool], list[Muscle]] = {}

    def holders(self, facet: Facet, item_id: str) -> set[str]:
        """Ids of the muscles that list this item in this facet."""
        return self._holders.get((facet, item_id), set())

    def sharers(self, facet: Facet, item: Item, *, same_words: bool = False) -> list[Muscle]:
        """Every loaded muscle that lists this item as agreed (not disputed), by name.

        The same item is the same id; with ``same_words``, the same wording too (whatever
        the id): "Abducts the thigh (upper fibres)" is not every abductor's item.
        """
        key = norm(item.text)
        memo = (facet, item.id, key, same_words)
        found = self._sharers.get(memo)
        if found is None:
            ids = self._text_holders.get((facet, key), set()) if same_words else self.holders(
                facet, item.id)
            found = self._sharers[memo] = sorted((m for m in (self.by_id[x] for x in ids) if any(
                not i.disputed and (norm(i.text) == key if same_words else i.id == item.id)
                for i in facet_items(m, facet))), key=lambda m: m.name)
        return found

    def region_tier(self, muscle: Muscle, other: Muscle) -> int:
        """0 for the same body region, 1 for a neighbouring one, 2 for any other."""
        if muscle.region and other.region == muscle.region:
            return 0
        return 1 if other.region in MUSCLE_NEIGHBOURS.get(muscle.region, ()) else 2

    def region_first(self, muscle: Muscle) -> list[Muscle]:
        """Other muscles, those of the same region first, then of neighbouring regions,
        nearest first within each: the region of an option must not point at the answer."""
        found = self._region_first.get(muscle.id)
        if found is not None:
            return found
        near = self.nearest(muscle)
        rank = {m.id: i for i, m in enumerate(near)}
        pool = list(self._by_region.get(muscle.region, [])[:SCAN])
        for region in sorted(MUSCLE_NEIGHBOURS.get(muscle.region, ())):
            pool.extend(self._by_region.get(region, [])[:SCAN])
        unique = {m.id: m for m in [*pool, *near] if m.id != muscle.id}
        found = self._region_first[muscle.id] = sorted(
            unique.values(), key=lambda m: (self.region_tier(muscle, m), rank.get(m.id, SCAN), m.id))
        return found

    def nearest(self, muscle: Muscle) -> list[Muscle]:
        """The first ``SCAN`` muscles of ``related`` (all a search ever looks at), kept."""
        found = self._nearest.get(muscle.id)
        if found is None:
            found = self._nearest[muscle.id] = list(islice(self.related(muscle), SCAN))
        return found

    def related(self, muscle: Muscle) -> Iterator[Muscle]:
        """Every other muscle once, nearest first."""
        seen = {muscle.id}
        near = (*muscle.similar_patterns, *muscle.satellites, *muscle.deep_to,
                *muscle.superficial_to)
        for other in [self.by_id[x] for x in near if x in self.by_id] + self._by_region.get(
            muscle.region, []
        ):
            if other.id not in seen:
                seen.add(other.id)
                yield other
        start, n = self._position.get(muscle.id, 0), len(self.muscles)
        for step in range(1, n + 1):
            other = self.muscles[(start + step) % n]
            if other.id not in seen:
                seen.add(other.id)
                yield other

    def wrong_options(self, muscle: Muscle, facet: Facet, limit: int = 12) -> list[Option]:
        """Options the data proves false for this muscle and facet, without repeats."""
        truths = facet_items(muscle, facet)
        true_ids = {item.id for item in truths}
        seen = {norm(item.text) for item in truths}
        seen_ids: set[str] = set()
        out: list[Option] = []
        for d in muscle.distractors.get(facet, ()):
            if d.id in true_ids or norm(d.text) in seen:
                continue
            seen.add(norm(d.text))
            out.append(Option(d.text, d.id, f'Not "{strip_stop(d.text)}": {d.why}',
                              frozenset(d.opposes)))
        if facet not in POOLED_FACETS:
            return out
        # Attachments and actions of muscles of the same body region first: three thigh
        # attachments beside one pelvic one point at the answer.
        others = self.region_first(muscle) if facet in REGIONAL_FACETS else self.nearest(
            muscle)
        for scanned, other in enumerate(others):
            if len(out) >= limit or scanned >= SCAN:
                break
            for item in facet_items(other, facet):
                if (item.disputed or item.id in true_ids or item.id in seen_ids
                        or norm(item.text) in seen):
                    continue
                seen.add(norm(item.text))
                seen_ids.add(item.id)
                # Every loaded muscle that lists it, not just the first one found.
                sharers = [m for m in self.sharers(facet, item, same_words=True)
                           if m.id != muscle.id]
                why = f'"{strip_stop(item.text)}" is {statement(facet, *sharers)}.'
                tier = self.region_tier(muscle, other) if facet in REGIONAL_FACETS else 0
                out.append(Option(item.text, item.id, why, tier=tier))
        return out

    def muscle_options(
        self, muscle: Muscle, exclude: set[str], *, having: Facet | None = None,
        without: str | None = None, limit: int = 8, by_region: bool = False,
    ) -> list[Muscle]:
        """Other muscles for "which muscle" options, nearest first, minus ``exclude``.

        With ``having``, only muscles whose data covers that facet, so the data can vouch
        that the fact is false for them; with ``without``, only muscles that do not list
        that item id in the facet. With ``by_region``, muscles of the same body region
        come first (see ``region_first``).
        """
        out: list[Muscle] = []
        candidates = self.region_first(muscle) if by_region else self.nearest(muscle)
        for scanned, other in enumerate(candidates):
            if len(out) >= limit or scanned >= SCAN:
                break
            if other.id in exclude:
                continue
            if having is Facet.REFERRAL and not other.referral_description:
                continue
            if having not in (None, Facet.REFERRAL) and not facet_items(other, having):
                continue
            if having is not None and without and other.id in self.holders(having, without):
                continue
            out.append(other)
        return out

    def wrong_regions(self, muscle: Muscle) -> list[str]:
        """Region ids clearly outside the muscle's referral pattern.

        Regions neighbouring a true zone are left out: charts differ at the edges.
        """
        true = {zone.region for zone in muscle.referral_zones}
        near: set[str] = set(true)
        for region in true:
            near |= NEIGHBOURS.get(region, frozenset())
        return [region for region in self._region_order if region not in near]
