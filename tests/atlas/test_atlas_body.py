"""The whole body: regions that touch and barely overlap, hands and sole, sites placed by region."""

from __future__ import annotations

import math
from itertools import combinations
from pathlib import Path

import pytest

from quizzer.atlas import (
    VIEW_ORDER,
    Point,
    Polygon,
    area,
    contains,
    load_atlas,
    pain_map,
    spread,
    window,
)
from quizzer.atlas.terminal import TRIGGER_MARK, Role, render_cells
from quizzer.decks import load_library
from quizzer.model import Item, Muscle, ReferralZone, Zone
from quizzer.regions import NEIGHBOURS

ATLAS = load_atlas()
UPPER, _ = load_library([Path(__file__).parent.parent / "data" / "upper.yaml"], include_bundled=False)


def _muscle(*zones: tuple[str, Zone], sites: tuple[str, ...] = (), mid: str = "m") -> Muscle:
    return Muscle(
        id=mid,
        name="M",
        deck="d",
        referral_zones=tuple(ReferralZone(r, z) for r, z in zones),
        trigger_point_sites=tuple(
            Item(id=f"s{i}", text="site", fields={"region": r}) for i, r in enumerate(sites)
        ),
    )


def _crosses(a: Point, b: Point, c: Point, d: Point) -> bool:
    def orient(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return (orient(a, b, c) * orient(a, b, d) < 0) and (orient(c, d, a) * orient(c, d, b) < 0)


def _samples(polygon: Polygon, step: float) -> list[Point]:
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    out = []
    y = min(ys) + step / 2
    while y < max(ys):
        x = min(xs) + step / 2
        while x < max(xs):
            if contains(polygon, (x, y)):
                out.append((x, y))
            x += step
        y += step
    return out


def _gap(a: tuple[Polygon, ...], b: tuple[Polygon, ...]) -> float:
    """The least distance between two regions' outlines (0 where they overlap)."""
    best = math.inf
    for p in a:
        for q in b:
            if any(contains(q, v) for v in p) or any(contains(p, v) for v in q):
                return 0.0
            for (x1, y1), (x2, y2) in zip(p, p[1:] + p[:1], strict=True):
                for v in q:
                    best = min(best, _segment_distance(v, (x1, y1), (x2, y2)))
            for (x1, y1), (x2, y2) in zip(q, q[1:] + q[:1], strict=True):
                for v in p:
                    best = min(best, _segment_distance(v, (x1, y1), (x2, y2)))
    return best


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if not length else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def test_every_region_polygon_is_simple() -> None:
    for region, by_view in ATLAS.regions.items():
        for view, polygons in by_view.items():
            for poly in polygons:
                edges = list(zip(poly, poly[1:] + poly[:1], strict=True))
                for i, j in combinations(range(len(edges)), 2):
                    if j - i > 1 and not (i == 0 and j == len(edges) - 1):
                        assert not _crosses(*edges[i], *edges[j]), (region, view, i, j)


NESTED = {("buttock", "posterior-hip"), ("anterior-hip", "groin"), ("anterior-hip", "lateral-hip")}
"""Overlaps drawn on purpose: the back of the hip joint lies within the buttock; the groin
crease runs over the front of the hip, and the side of the hip reaches round to its front."""


def _box(polygons: tuple[Polygon, ...]) -> tuple[float, float, float, float]:
    xs = [x for p in polygons for x, _ in p]
    ys = [y for p in polygons for _, y in p]
    return min(xs), min(ys), max(xs), max(ys)


def test_regions_overlap_only_at_their_edges() -> None:
    for view in VIEW_ORDER:
        shown = [(r, polys) for r, by_view in ATLAS.regions.items() for polys in [by_view.get(view)] if polys]
        for (r1, p1), (r2, p2) in combinations(shown, 2):
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = _box(p1), _box(p2)
            if ax1 < bx0 or bx1 < ax0 or ay1 < by0 or by1 < ay0:
                continue
            small, big = (p1, p2) if sum(map(area, p1)) < sum(map(area, p2)) else (p2, p1)
            points = [s for poly in small for s in _samples(poly, 0.3)]
            shared = sum(any(contains(q, s) for q in big) for s in points)
            if points and tuple(sorted((r1, r2))) not in NESTED:
                assert shared / len(points) < 0.1, (view, r1, r2, shared / len(points))


APART = {
    ("tmj", "upper-teeth"),
    ("lower-teeth", "tmj"),
    ("jaw", "mastoid"),
    ("radial-forearm", "thumb-web"),
    ("great-toe", "medial-arch"),
}
"""Neighbours in the charts' sense (pain at one is often charted at the other) that the
figure's anatomy sets apart: the wrist lies between the forearm and the web of the thumb,
the ball of the foot between the big toe and the arch."""

LOWER_BODY_AS_DRAWN = {
    ("low-back", "sacroiliac-joint"),
    ("low-back", "sacrum"),
    ("iliac-crest", "lateral-hip"),
    ("buttock", "iliac-crest"),
    ("anterior-hip", "anterior-thigh"),
    ("posterior-hip", "posterior-thigh"),
    ("anterior-thigh", "groin"),
    ("anterior-knee", "anterior-leg"),
    ("anterior-knee", "anterior-thigh"),
    ("lateral-ankle", "lateral-foot"),
    ("dorsum-of-foot", "lateral-foot"),
}
"""Neighbours of the first, lower-body atlas that were drawn a little apart; the bundled
charts are drawn with them as they are."""


def test_neighbouring_regions_touch() -> None:
    for r1, near in NEIGHBOURS.items():
        for r2 in near:
            pair = tuple(sorted((r1, r2)))
            views = set(ATLAS.regions[r1]) & set(ATLAS.regions[r2])
            if r1 >= r2 or not views or pair in APART | LOWER_BODY_AS_DRAWN:
                continue
            gap = min(_gap(ATLAS.regions[r1][v], ATLAS.regions[r2][v]) for v in views)
            assert gap <= 2.0, (r1, r2, round(gap, 1))


def test_the_hand_shows_its_palm_in_front_and_its_back_behind() -> None:
    for region in ("palm", "thenar-eminence", "hypothenar-eminence", "palmar-wrist"):
        assert "front" in ATLAS.regions[region] and "back" not in ATLAS.regions[region]
    for region in ("dorsum-of-hand", "dorsal-wrist"):
        assert "back" in ATLAS.regions[region] and "front" not in ATLAS.regions[region]
    for region in ("thumb", "thumb-web", "index-finger", "middle-finger", "ring-finger", "little-finger"):
        assert {"front", "back"} <= set(ATLAS.regions[region]), region
    # Palm forward: the thumb is on the outer side, the little finger towards the body.
    [thumb] = ATLAS.regions["thumb"]["front"]
    [little] = ATLAS.regions["little-finger"]["front"]
    assert max(x for x, _ in thumb) < min(x for x, _ in little) < 0


def test_the_side_view_shows_the_whole_arm_in_front_of_the_trunk() -> None:
    arm = ("lateral-shoulder", "lateral-arm", "lateral-epicondyle", "olecranon", "radial-forearm", "thumb")
    assert all("side" in ATLAS.regions[r] for r in arm)
    side = ATLAS.views["side"]
    assert side.contours, "the arm over the trunk is outlined"
    tops = [min(y for poly in ATLAS.regions[r]["side"] for _, y in poly) for r in arm]
    assert tops == sorted(tops) and tops[0] < 35 and tops[-1] > 85  # shoulder to hand
    # Where the arm covers the trunk, the trunk's regions stop at it.
    forearm = ATLAS.regions["radial-forearm"]["side"]
    for region in ("iliac-crest", "chest", "anterior-hip"):
        for poly in ATLAS.regions[region]["side"]:
            inside = [p for p in _samples(poly, 0.3) if any(contains(f, p) for f in forearm)]
            assert len(inside) <= 2, region
    # ... and the gluteal trigger points of the side view stay clear of the hand.
    for muscle, sites in ATLAS.sites.items():
        for site in sites.values():
            if site.view == "side":
                for p in site.points:
                    assert not any(contains(f, p) for f in forearm), (muscle, site.id)


def test_the_sole_inset_holds_the_plantar_regions() -> None:
    for region in ("plantar-foot", "medial-arch", "metatarsal-heads"):
        assert set(ATLAS.regions[region]) == {"sole"}, region
    for region in ("heel", "great-toe", "lesser-toes", "lateral-foot"):
        assert "sole" in ATLAS.regions[region] and len(ATLAS.regions[region]) > 1
    # Medial to the viewer's left, as in the back view: the arch lies left of the outer edge.
    [arch] = ATLAS.regions["medial-arch"]["sole"]
    [edge] = ATLAS.regions["lateral-foot"]["sole"]
    assert max(x for x, _ in arch) < min(x for x, _ in edge)
    chart = pain_map(_muscle(("medial-arch", Zone.ESSENTIAL), ("posterior-calf", Zone.SPILLOVER)))
    assert [p.view.id for p in chart.panels] == ["back", "sole"]


@pytest.mark.parametrize(
    ("zones", "views"),
    [
        ((("temple", Zone.ESSENTIAL), ("jaw", Zone.SPILLOVER)), ("side",)),  # larger there
        ((("forehead", Zone.ESSENTIAL),), ("front",)),
        ((("lateral-epicondyle", Zone.ESSENTIAL), ("thumb-web", Zone.ESSENTIAL)), ("front",)),
        ((("interscapular", Zone.ESSENTIAL), ("chest", Zone.SPILLOVER)), ("front", "back")),
        ((("plantar-foot", Zone.ESSENTIAL),), ("sole",)),
    ],
)
def test_upper_body_and_plantar_maps_use_the_views_that_show_them_best(
    zones: tuple[tuple[str, Zone], ...], views: tuple[str, ...]
) -> None:
    assert tuple(p.view.id for p in pain_map(_muscle(*zones)).panels) == views


def test_sites_without_coordinates_are_drawn_inside_their_region_and_apart() -> None:
    muscle = _muscle(("temple", Zone.ESSENTIAL), sites=("temple", "temple", "temple", "jaw"))
    [panel] = pain_map(muscle).panels
    assert panel.view.id == "side"
    points = {s.id: s.points[0] for s in panel.sites}
    assert set(points) == {"s0", "s1", "s2", "s3"}
    [temple] = ATLAS.regions["temple"]["side"]
    [jaw] = ATLAS.regions["jaw"]["side"]
    assert all(contains(temple, points[f"s{i}"]) for i in range(3))
    assert contains(jaw, points["s3"])
    spaced = [math.dist(points[a], points[b]) for a, b in combinations(["s0", "s1", "s2"], 2)]
    assert min(spaced) > 2.0  # a temple is about 9 cm wide: three sites spread over it
    assert pain_map(muscle) == pain_map(muscle)  # deterministic


def test_explicit_coordinates_win_over_the_region() -> None:
    piriformis = Muscle(
        id="piriformis",
        name="Piriformis",
        deck="d",
        referral_zones=(ReferralZone("buttock", Zone.ESSENTIAL),),
        trigger_point_sites=(
            Item(id="lateral-trp", text="x", fields={"region": "buttock"}),  # in body.json
            Item(id="elsewhere", text="y", fields={"region": "buttock"}),
        ),
    )
    [panel] = pain_map(piriformis).panels
    places = {s.id: s.points for s in panel.sites}
    assert places["lateral-trp"] == ATLAS.sites["piriformis"]["lateral-trp"].points
    assert contains(ATLAS.regions["buttock"]["back"][0], places["elsewhere"][0])


def test_spread_points_keep_off_the_edge() -> None:
    [poly] = ATLAS.regions["scapula"]["back"]
    points = spread(poly, 3)
    assert len(set(points)) == 3 and all(contains(poly, p) for p in points)
    assert spread(poly, 3) == points


def test_a_face_pattern_is_drawn_as_a_head_and_shoulders() -> None:
    chart = pain_map(_muscle(("temple", Zone.ESSENTIAL), ("jaw", Zone.ESSENTIAL)))
    frame = window(chart, ratio=1.7)
    assert frame.top <= 0 and 36 <= frame.bottom <= 42
    tmap = render_cells(_muscle(("temple", Zone.ESSENTIAL), ("jaw", Zone.ESSENTIAL)), rows=18)
    rows = [y for y, row in enumerate(tmap.rows) if any(c.role is Role.ESSENTIAL for c in row)]
    assert max(rows) - min(rows) >= 8  # half the map's height is face, not a few dots


UPPER_MUSCLES = sorted(UPPER.muscles(), key=lambda m: m.id)


@pytest.mark.parametrize("rows", [14, 18])
@pytest.mark.parametrize("muscle", UPPER_MUSCLES, ids=[m.id for m in UPPER_MUSCLES])
def test_upper_body_maps_fit_80x24_and_show_every_zone(muscle: Muscle, rows: int) -> None:
    tmap = render_cells(muscle, rows=rows)
    assert tmap.width <= 60
    chart = pain_map(muscle)
    # Every zone shows in its own pattern somewhere: at least one cell whose centre lies in
    # the region carries the zone's role (or a stronger one drawn over it).
    for panel, f in zip(chart.panels, tmap.frames, strict=True):
        for shape in panel.zones:
            role = Role.ESSENTIAL if shape.zone is Zone.ESSENTIAL else Role.SPILLOVER
            near = []
            for y, row in enumerate(tmap.rows):
                for x in range(f.col, f.col + f.cols):
                    spot = tmap.locate(x, y)
                    assert spot is not None
                    if any(contains(p, spot[1]) for p in shape.polygons) or any(
                        math.dist(spot[1], v) < 4 / f.scale for p in shape.polygons for v in p
                    ):
                        near.append(row[x].role)
            assert role in near or (role is Role.SPILLOVER and Role.ESSENTIAL in near), (
                shape.region,
                tmap.to_text(),
            )
    marks = sum(c.char == TRIGGER_MARK for row in tmap.rows for c in row)
    assert marks >= 1
