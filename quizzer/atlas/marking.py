"""The "mark the zones" exercise: which region a point falls in, and how well a student marked.

A front end shows the whole figure in every view (choosing views or cropping to the
pattern would hint at the answer), and close-ups of its parts (:data:`PARTS`, chosen by
the student, never by the answer) where small regions are big enough to point at; turns
each click into a region with :func:`region_at` (``TerminalMap.locate`` maps a cell to a
point), toggles it, and grades the marked set with :func:`grade_marking`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from quizzer.atlas import (
    Atlas,
    PainMap,
    Panel,
    Point,
    Window,
    area,
    contains,
    frame,
    load_atlas,
    window,
)
from quizzer.atlas.terminal import TerminalMap, render_panels, room_ratio
from quizzer.model import Muscle, Zone


@dataclass(frozen=True)
class Part:
    """A close-up of the figure for "mark the zones": some views, framed around some regions.

    At 80×24 the whole figure is about 17 rows tall: a head is two rows, too small to tell
    the temple from the jaw. The student marks small regions in close-ups (the face seen
    from the side, the hand palm and back), big ones anywhere; marks are shared by all.
    """

    id: str
    label: str
    views: tuple[str, ...]
    regions: tuple[str, ...]
    """The regions it frames (others inside the frame can be marked there too)."""


WHOLE_BODY = Part("body", "Whole body", ("front", "back", "side"), ())
"""The whole figure (the sole shows in the foot's close-up)."""

PARTS: tuple[Part, ...] = (
    WHOLE_BODY,
    Part(
        "head",
        "Head",
        ("side",),
        (
            "vertex",
            "forehead",
            "eyebrow",
            "orbit",
            "temple",
            "cheek",
            "ear",
            "tmj",
            "jaw",
            "upper-teeth",
            "lower-teeth",
            "occiput",
            "mastoid",
        ),
    ),
    Part(
        "neck",
        "Neck and shoulders",
        ("front", "back"),
        (
            "throat",
            "lateral-neck",
            "posterior-neck",
            "neck-shoulder-angle",
            "top-of-shoulder",
            "anterior-shoulder",
            "lateral-shoulder",
            "posterior-shoulder",
            "scapula",
            "medial-scapular-border",
            "interscapular",
            "inferior-angle",
            "sternum",
            "chest",
            "lateral-chest",
        ),
    ),
    Part(
        "arm",
        "Arm and elbow",
        ("front", "back"),
        (
            "anterior-arm",
            "posterior-arm",
            "lateral-arm",
            "medial-arm",
            "cubital-fossa",
            "lateral-epicondyle",
            "medial-epicondyle",
            "olecranon",
        ),
    ),
    Part(
        "forearm",
        "Forearm and wrist",
        ("front", "back"),
        (
            "anterior-forearm",
            "posterior-forearm",
            "radial-forearm",
            "ulnar-forearm",
            "palmar-wrist",
            "dorsal-wrist",
        ),
    ),
    Part(
        "hand",
        "Hand",
        ("front", "back"),
        (
            "palm",
            "dorsum-of-hand",
            "thenar-eminence",
            "hypothenar-eminence",
            "thumb-web",
            "thumb",
            "index-finger",
            "middle-finger",
            "ring-finger",
            "little-finger",
        ),
    ),
    Part(
        "trunk",
        "Abdomen, low back and hip",
        ("front", "back", "side"),
        (
            "mid-back",
            "costal-margin",
            "upper-abdomen",
            "lateral-abdomen",
            "lower-abdomen",
            "groin",
            "low-back",
            "iliac-crest",
            "sacroiliac-joint",
            "sacrum",
            "coccyx",
            "buttock",
            "lateral-hip",
            "anterior-hip",
            "posterior-hip",
        ),
    ),
    Part(
        "thigh",
        "Thigh and knee",
        ("front", "back", "side"),
        (
            "anterior-thigh",
            "lateral-thigh",
            "medial-thigh",
            "posterior-thigh",
            "anterior-knee",
            "lateral-knee",
            "medial-knee",
            "posterior-knee",
        ),
    ),
    Part(
        "leg",
        "Leg and ankle",
        ("front", "back", "side"),
        (
            "anterior-leg",
            "lateral-leg",
            "medial-leg",
            "posterior-calf",
            "anterior-ankle",
            "lateral-ankle",
            "medial-ankle",
            "achilles",
        ),
    ),
    Part(
        "foot",
        "Foot",
        ("front", "side", "sole"),
        (
            "heel",
            "dorsum-of-foot",
            "lateral-foot",
            "medial-arch",
            "plantar-foot",
            "metatarsal-heads",
            "great-toe",
            "lesser-toes",
        ),
    ),
)
"""The whole figure, then close-ups head to foot; every region is framed by one of them."""

PART_MARGIN = 2.5
"""Centimetres of figure kept above and below a close-up's regions."""

PART_MARGIN_X = 1.0
"""... and beside them: an arm's close-up shows the arm, not a sliver of trunk."""

PART_MIN_HEIGHT = 20.0


def part_frame(part: Part, atlas: Atlas, *, ratio: float | None) -> Window:
    """What of its views a part shows: its regions and a little around them."""
    views = [atlas.views[v] for v in part.views]
    marks = [
        [p for rid in part.regions for poly in atlas.regions[rid].get(v.id, ()) for p in poly] for v in views
    ]
    if not any(marks):
        return window(PainMap("", "", tuple(Panel(v, (), ()) for v in views)), crop=False)
    return frame(
        views,
        marks,
        ratio=ratio,
        margin=PART_MARGIN,
        min_height=PART_MIN_HEIGHT,
        tight=True,
        margin_x=PART_MARGIN_X,
    )


def region_at(view: str, point: Point, atlas: Atlas | None = None) -> str | None:
    """The region under a point of a view, or None.

    Where regions overlap (the back of the hip lies within the buttock) the smallest wins,
    so that every region can be picked somewhere.
    """
    atlas = atlas or load_atlas()
    hits = [
        (area(poly), rid)
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


def render_part(
    part: Part, atlas: Atlas | None = None, *, rows: int = 17, gap: int = 2, max_width: int = 46
) -> TerminalMap:
    """A blank close-up (or the whole figure) in braille cells, for marking regions on it."""
    atlas = atlas or load_atlas()
    panels = [Panel(atlas.views[v], (), ()) for v in part.views]
    # Close-ups are cut at the side: their views stand twice ``gap`` apart.
    ratio = room_ratio(len(panels), rows=rows, gap=gap * 2, max_width=max_width)
    return render_panels(panels, part_frame(part, atlas, ratio=ratio), rows=rows, gap=gap)


Cell = tuple[int, int]
"""(column, row) of a character of a terminal map."""


def region_cells(
    tmap: TerminalMap, atlas: Atlas | None = None, regions: Collection[str] = ()
) -> dict[Cell, str]:
    """The region each cell of a figure picks (the smallest under the cell's centre).

    Each of ``regions`` (a close-up's own) too small to own a cell centre at this size
    (the coccyx, a tooth row) takes the body cell nearest its centre that does not leave
    another region without a cell, so that every one of them can still be marked.
    """
    atlas = atlas or load_atlas()
    cells: dict[Cell, str] = {}
    body: set[Cell] = set()
    for row in range(len(tmap.rows)):
        for col in range(tmap.width):
            spot = tmap.locate(col, row)
            if spot is None:
                continue
            if tmap.rows[row][col].char != " " or _on_figure(atlas, *spot):
                body.add((col, row))
            region = region_at(*spot, atlas)
            if region is not None:
                cells[(col, row)] = region
    owners = Counter(cells.values())
    for rid in sorted(
        regions, key=lambda r: (min(area(p) for ps in atlas.regions[r].values() for p in ps), r)
    ):
        if owners[rid]:
            continue
        spots = []
        for f in tmap.frames:
            for poly in atlas.regions[rid].get(f.view, ()):
                x = sum(p[0] for p in poly) / len(poly)
                y = sum(p[1] for p in poly) / len(poly)
                col = f.col + min(f.cols - 1, max(0, int((x - f.x0) * f.scale / 2)))
                row = min(len(tmap.rows) - 1, max(0, int((y - f.top) * f.scale / 4)))
                spots.append((-area(poly), (col, row), f))
        if not spots:
            continue
        _, (col, row), f = min(spots)
        near = sorted(
            (
                (c, r)
                for c in range(max(f.col, col - 3), min(f.col + f.cols, col + 4))
                for r in range(max(0, row - 3), min(len(tmap.rows), row + 4))
            ),
            key=lambda cell: ((cell[0] - col) ** 2 + (cell[1] - row) ** 2, cell),
        )
        for cell in near:
            held = cells.get(cell)
            if cell in body and (held is None or owners[held] > 1):
                if held is not None:
                    owners[held] -= 1
                cells[cell] = rid
                owners[rid] += 1
                break
    return cells


def _on_figure(atlas: Atlas, view: str, point: Point) -> bool:
    return contains(atlas.views[view].silhouette, point)
