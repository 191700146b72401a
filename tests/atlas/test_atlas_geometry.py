"""The body atlas: every region and trigger point lies on the figure, and decks are covered."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzer.atlas import (
    ATLAS_PATH,
    VIEW_ORDER,
    AtlasError,
    Point,
    contains,
    load_atlas,
    pain_map,
    spans,
)
from quizzer.model import Muscle, ReferralZone, Zone
from quizzer.regions import BODY_REGIONS
from tests.banks import bundled_library

ATLAS = load_atlas()
BUNDLED = bundled_library()[0]
TOLERANCE = 0.05
"""Centimetres: a region may touch the silhouette, never cross it."""


def winding(polygon: list[Point] | tuple[Point, ...], p: Point) -> int:
    """Winding number of the polygon around ``p``: an independent inside test."""
    wn = 0
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        cross = (x2 - x1) * (p[1] - y1) - (p[0] - x1) * (y2 - y1)
        if y1 <= p[1] < y2 and cross > 0:
            wn += 1
        elif y2 <= p[1] < y1 and cross < 0:
            wn -= 1
    return wn


def distance_to_edge(polygon: tuple[Point, ...], p: Point) -> float:
    best = math.inf
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        dx, dy = x2 - x1, y2 - y1
        t = (
            0.0
            if dx == dy == 0
            else max(0.0, min(1.0, ((p[0] - x1) * dx + (p[1] - y1) * dy) / (dx * dx + dy * dy)))
        )
        best = min(best, math.hypot(p[0] - x1 - t * dx, p[1] - y1 - t * dy))
    return best


def on_figure(silhouette: tuple[Point, ...], p: Point) -> bool:
    return winding(silhouette, p) != 0 or distance_to_edge(silhouette, p) <= TOLERANCE


def edge_samples(polygon: tuple[Point, ...], step: float = 0.25) -> list[Point]:
    out: list[Point] = []
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        k = max(1, math.ceil(math.hypot(x2 - x1, y2 - y1) / step))
        out.extend((x1 + (x2 - x1) * j / k, y1 + (y2 - y1) * j / k) for j in range(k))
    return out


def test_every_region_of_the_vocabulary_has_geometry() -> None:
    assert set(ATLAS.regions) == set(BODY_REGIONS)


@pytest.mark.parametrize("region", sorted(BODY_REGIONS))
def test_region_lies_inside_its_views_silhouette(region: str) -> None:
    for view, polygons in ATLAS.regions[region].items():
        silhouette = ATLAS.views[view].silhouette
        for polygon in polygons:
            outside = [p for p in edge_samples(polygon) if not on_figure(silhouette, p)]
            assert not outside, f"{region} in {view}: {outside[:3]}"


def test_silhouettes_are_adult_sized_and_simple() -> None:
    for view in ATLAS.views.values():
        x0, y0, x1, y1 = view.bounds()
        if view.id == "sole":  # the inset: one foot on the ground line, at the same scale
            assert y1 == 176.0 and 24 < y1 - y0 < 28 and 8 < x1 - x0 < 11
        else:
            assert (y0, y1) == (0.0, 176.0), view.id
            assert 20 < x1 - x0 < 60, view.id
        # A simple polygon: no two non-adjacent edges cross.
        pts = view.silhouette
        edges = [(pts[i], pts[(i + 1) % len(pts)]) for i in range(len(pts))]
        for i, (a, b) in enumerate(edges):
            for j in range(i + 2, len(edges)):
                if i == 0 and j == len(edges) - 1:
                    continue
                assert not _cross(a, b, *edges[j]), (view.id, i, j)


def _cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    def orient(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return (orient(a, b, c) * orient(a, b, d) < 0) and (orient(c, d, a) * orient(c, d, b) < 0)


def test_every_trigger_point_lies_on_its_figure() -> None:
    for muscle, sites in ATLAS.sites.items():
        for site in sites.values():
            for p in site.points:
                assert winding(ATLAS.views[site.view].silhouette, p) != 0, (muscle, site.id, p)


def test_every_referral_zone_used_by_a_bundled_deck_exists_in_the_atlas() -> None:
    used = {z.region for m in BUNDLED.muscles() for z in m.referral_zones}
    assert used, "the bundled decks name no referral zones"
    assert used <= set(ATLAS.regions)


def test_every_bundled_trigger_point_site_has_a_place() -> None:
    # A place in body.json, or a region of the deck to draw it in. A muscle with a referral
    # pattern has trigger points to draw; one for which Travell & Simons give no pattern
    # (longus colli, psoas minor, ...) may list none, but any site it lists is drawn too.
    unmapped_sites = 0
    for muscle in BUNDLED.muscles():
        known = ATLAS.sites.get(muscle.id, {})
        ids = [item.id for item in muscle.trigger_point_sites] or list(known)
        if muscle.referral_zones:
            assert ids, f"{muscle.id}: no trigger-point sites in the atlas or the deck"
        elif ids:
            unmapped_sites += 1
        by_region = dict(ATLAS.region_sites(muscle))
        missing = [i for i in ids if i not in known and i not in by_region]
        assert not missing, f"{muscle.id}: sites {missing} have no place in body.json and no region"
        assert len(ATLAS.muscle_sites(muscle)) + len(by_region) == len(ids)
        drawn = {s.id for panel in pain_map(muscle).panels for s in panel.sites}
        assert drawn == set(ids), muscle.id
    assert unmapped_sites, "the sites of a muscle with no referral pattern are checked too"


@given(st.floats(-30, 30), st.floats(-5, 180))
def test_contains_agrees_with_the_winding_number(x: float, y: float) -> None:
    for view in ATLAS.views.values():
        p = (x, y)
        if distance_to_edge(view.silhouette, p) > 1e-6:
            assert contains(view.silhouette, p) == (winding(view.silhouette, p) != 0)


def test_spans_cover_exactly_the_inside() -> None:
    silhouette = ATLAS.views["front"].silhouette
    for y in (10.5, 50.5, 100.5, 150.5):
        for a, b in spans(silhouette, y):
            assert contains(silhouette, ((a + b) / 2, y))
            assert not contains(silhouette, (a - 0.01, y))


def _muscle(*zones: tuple[str, Zone], mid: str = "test") -> Muscle:
    return Muscle(id=mid, name="Test", deck="t", referral_zones=tuple(ReferralZone(r, z) for r, z in zones))


@pytest.mark.parametrize(
    ("zones", "views"),
    [
        ((("lateral-ankle", Zone.ESSENTIAL),), ("side",)),
        ((("anterior-thigh", Zone.ESSENTIAL), ("anterior-knee", Zone.SPILLOVER)), ("front",)),
        ((("buttock", Zone.ESSENTIAL), ("lateral-thigh", Zone.SPILLOVER)), ("back", "side")),
        (
            (
                ("groin", Zone.ESSENTIAL),
                ("sacrum", Zone.ESSENTIAL),
                ("lateral-knee", Zone.ESSENTIAL),
            ),
            ("front", "back", "side"),
        ),
        ((("dorsum-of-foot", Zone.SPILLOVER),), ("front",)),
        ((), ("front",)),
    ],
)
def test_a_map_shows_only_the_views_it_needs(
    zones: tuple[tuple[str, Zone], ...], views: tuple[str, ...]
) -> None:
    assert tuple(p.view.id for p in pain_map(_muscle(*zones)).panels) == views


def test_bundled_maps_use_few_views_and_draw_every_zone_once() -> None:
    for muscle in BUNDLED.muscles():
        chart = pain_map(muscle)
        assert 1 <= len(chart.panels) <= len(VIEW_ORDER)
        drawn = [z.region for p in chart.panels for z in p.zones]
        assert sorted(drawn) == sorted(z.region for z in muscle.referral_zones), muscle.id
        # Spillover is painted before essential so that essential stays on top.
        for panel in chart.panels:
            kinds = [z.zone for z in panel.zones]
            assert kinds == sorted(kinds, key=lambda k: k is Zone.ESSENTIAL)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda a: a.update(format=2), "not an atlas of format 1"),
        (lambda a: a["views"].pop("side"), "views.side: missing"),
        (lambda a: a["regions"].pop("coccyx"), "no geometry for coccyx"),
        (
            lambda a: a["regions"].update({"elbow": {"front": [[[0, 0], [1, 0], [0, 1]]]}}),
            "regions.elbow: not a region",
        ),
        (
            lambda a: a["regions"]["sacrum"].update({"top": [[[0, 0], [1, 0], [0, 1]]]}),
            "regions.sacrum.top: unknown view",
        ),
        (
            lambda a: a["regions"]["sacrum"].update({"back": [[[0, 0], [1, 0]]]}),
            "regions.sacrum.back[0]: expected a list of at least 3",
        ),
        (
            lambda a: a["trigger_points"]["piriformis"]["medial-trp"].update(points=[["x", 1]]),
            "trigger_points.piriformis.medial-trp.points: ['x', 1] is not an [x, y] point",
        ),
        (
            lambda a: a["trigger_points"]["piriformis"]["medial-trp"].update(view="top"),
            "trigger_points.piriformis.medial-trp: expected",
        ),
    ],
)
def test_a_malformed_atlas_is_reported_with_its_key(tmp_path: Path, mutate: object, message: str) -> None:
    raw = json.loads(ATLAS_PATH.read_text(encoding="utf-8"))
    mutate(raw)  # type: ignore[operator]
    path = tmp_path / "body.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(AtlasError, match=r"^body\.json: .*") as info:
        load_atlas(path)
    assert message in str(info.value)


def test_an_unreadable_atlas_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "body.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(AtlasError, match=r"body\.json: cannot read the atlas"):
        load_atlas(path)
