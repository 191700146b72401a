"""The "mark the zones" exercise: which region a point falls in, and how well a student marked.

A front end shows the figure in every view (``views=VIEW_ORDER``, and in the terminal
``crop=False``, since both choices would otherwise hint at the answer), turns each click
into a region with :func:`region_at` (``TerminalMap.locate`` maps a cell to a point),
toggles it, and grades the marked set with :func:`grade_marking`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from quizzer.atlas import Atlas, Point, Polygon, contains, load_atlas
from quizzer.model import Muscle, Zone


def _area(polygon: Polygon) -> float:
    n = len(polygon)
    return (
        abs(
            sum(
                polygon[i][0] * polygon[(i + 1) % n][1] - polygon[(i + 1) % n][0] * polygon[i][1]
                for i in range(n)
            )
        )
        / 2
    )


def region_at(view: str, point: Point, atlas: Atlas | None = None) -> str | None:
    """The region under a point of a view, or None.

    Where regions overlap (the back of the hip lies within the buttock) the smallest wins,
    so that every region can be picked somewhere.
    """
    atlas = atlas or load_atlas()
    hits = [
        (_area(poly), rid)
        for rid, by_view in atlas.regions.items()
        for poly in by_view.get(view, ())
        if contains(poly, point)
    ]
    return min(hits)[1] if hits else None


@dataclass(frozen=True)
class Marking:
    """How a set of marked regions compares with a muscle's referral pattern."""

    hits: frozenset[str]
    """Essential regions the student marked."""
    missed: frozenset[str]
    """Essential regions left unmarked."""
    extra: frozenset[str]
    """Marked regions outside the whole pattern."""
    spillover: frozenset[str]
    """Spillover regions the student marked: neither right nor wrong."""

    @property
    def score(self) -> float:
        """Overlap with the essential zone, 0..1: hits / (hits + missed + extra)."""
        total = len(self.hits) + len(self.missed) + len(self.extra)
        return len(self.hits) / total if total else 1.0


def grade_marking(muscle: Muscle, marked: Collection[str]) -> Marking:
    """Grade marked regions by their overlap with the essential zone.

    Spillover regions do not count either way: charts disagree on them, and a student
    who marks one has still seen where the pain goes.
    """
    essential = {z.region for z in muscle.referral_zones if z.zone is Zone.ESSENTIAL}
    spill = {z.region for z in muscle.referral_zones if z.zone is Zone.SPILLOVER} - essential
    chosen = set(marked)
    return Marking(
        hits=frozenset(chosen & essential),
        missed=frozenset(essential - chosen),
        extra=frozenset(chosen - essential - spill),
        spillover=frozenset(chosen & spill),
    )
