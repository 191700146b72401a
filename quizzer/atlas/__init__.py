"""The body atlas: figure outlines, referral regions and trigger-point sites, read as data.

The geometry lives in ``body.json`` beside this module (read with :mod:`json`), so that it
can be edited and reviewed as data. Its format (``"format": 1``):

``units``, ``height``
    Every coordinate is in centimetres of a stylised adult 176 cm tall, standing. ``y``
    runs down from the top of the head (0) to the soles (176), as in SVG. ``x`` is
    measured from each view's own vertical axis: the midline in the front and back views,
    the plumb line through ear, hip and ankle in the side view. All views share the scale
    and the vertical axis, so a renderer places them side by side by shifting ``x`` only.
``side``
    ``"right"``: one-sided patterns are drawn on the body's right side. In the front view
    that is the viewer's left (``x < 0``); in the back view the viewer's right (``x > 0``);
    the side view shows the right side, facing the viewer's right (``x > 0`` is anterior).
``views``
    ``front``, ``back``, ``side``: each has a ``label``, a ``silhouette`` (one simple
    polygon, a list of ``[x, y]`` points, implicitly closed) and ``details`` (open
    polylines drawn thin inside the body: creases, spine, gluteal folds; never regions).
``regions``
    One entry per id of :data:`quizzer.regions.BODY_REGIONS`: a mapping from a view id to
    a list of polygons, present only in the views where the region is visible. Every
    polygon lies inside its view's silhouette. Regions may overlap (the buttock contains
    the back of the hip joint); renderers draw spillover zones first, essential on top.
``trigger_points``
    Muscle id → site id → ``{"view": ..., "points": [[x, y], ...]}``: where the × marks go
    (a site such as "several trigger points along the outer thigh" has several). Site ids
    are the ``trigger_points.sites`` item ids of the muscle in the deck files.

A pain map shows only the views that its zones and trigger points need: the smallest set
of views (in the order front, back, side) that shows every zone and every site.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizzer.model import Muscle, Zone
from quizzer.regions import BODY_REGIONS

Point = tuple[float, float]
Polygon = tuple[Point, ...]

VIEW_ORDER = ("front", "back", "side")
"""Every view id, in the order charts lay them out."""

ATLAS_PATH = Path(__file__).with_name("body.json")


class AtlasError(ValueError):
    """The atlas file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class View:
    """One drawing of the whole figure."""

    id: str
    label: str
    silhouette: Polygon
    details: tuple[tuple[Point, ...], ...]

    def bounds(self) -> tuple[float, float, float, float]:
        """``(min_x, min_y, max_x, max_y)`` of the silhouette."""
        xs = [p[0] for p in self.silhouette]
        ys = [p[1] for p in self.silhouette]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Site:
    """Where one trigger-point site lies: a view and one or more points in it."""

    muscle: str
    id: str
    view: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Atlas:
    views: Mapping[str, View]
    regions: Mapping[str, Mapping[str, tuple[Polygon, ...]]]
    """Region id → view id → polygons."""
    sites: Mapping[str, Mapping[str, Site]]
    """Muscle id → site id → site."""

    def muscle_sites(self, muscle: Muscle) -> list[Site]:
        """The trigger points to mark for a muscle.

        The deck's site ids choose them when the deck lists sites; a muscle without sites
        in its deck gets every site the atlas has for its id.
        """
        known = self.sites.get(muscle.id, {})
        if muscle.trigger_point_sites:
            return [known[item.id] for item in muscle.trigger_point_sites if item.id in known]
        return list(known.values())


@dataclass(frozen=True)
class ZoneShape:
    """One referral zone drawn in one view."""

    region: str
    zone: Zone
    polygons: tuple[Polygon, ...]


@dataclass(frozen=True)
class Panel:
    """What one view of a pain map shows."""

    view: View
    zones: tuple[ZoneShape, ...]
    """Spillover zones first, then essential ones, so essential paints on top."""
    sites: tuple[Site, ...]


@dataclass(frozen=True)
class PainMap:
    """The geometry of one muscle's chart: the views it needs and what each one shows."""

    muscle: str
    name: str
    panels: tuple[Panel, ...]


@functools.cache
def load_atlas(path: Path = ATLAS_PATH) -> Atlas:
    """Read and check an atlas file (the bundled one by default)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AtlasError(f"{path.name}: cannot read the atlas: {exc}") from None
    return _parse(raw, path.name)


def _points(raw: object, where: str, *, minimum: int) -> tuple[Point, ...]:
    if not isinstance(raw, list) or len(raw) < minimum:
        raise AtlasError(f"{where}: expected a list of at least {minimum} [x, y] points")
    out: list[Point] = []
    for point in raw:
        if (
            not isinstance(point, list)
            or len(point) != 2
            or not all(isinstance(v, int | float) for v in point)
        ):
            raise AtlasError(f"{where}: {point!r} is not an [x, y] point")
        out.append((float(point[0]), float(point[1])))
    return tuple(out)


def _parse(raw: object, name: str) -> Atlas:
    if not isinstance(raw, dict) or raw.get("format") != 1:
        raise AtlasError(f"{name}: not an atlas of format 1")
    views: dict[str, View] = {}
    for vid in VIEW_ORDER:
        v = raw.get("views", {}).get(vid)
        if not isinstance(v, dict):
            raise AtlasError(f"{name}: views.{vid}: missing")
        views[vid] = View(
            vid,
            str(v.get("label", vid)),
            _points(v.get("silhouette"), f"{name}: views.{vid}.silhouette", minimum=3),
            tuple(
                _points(d, f"{name}: views.{vid}.details[{i}]", minimum=2)
                for i, d in enumerate(v.get("details", []))
            ),
        )
    regions: dict[str, dict[str, tuple[Polygon, ...]]] = {}
    for rid, by_view in raw.get("regions", {}).items():
        if rid not in BODY_REGIONS:
            raise AtlasError(f"{name}: regions.{rid}: not a region of quizzer.regions")
        if not isinstance(by_view, dict) or not by_view:
            raise AtlasError(f"{name}: regions.{rid}: expected a mapping of views to polygons")
        regions[rid] = {}
        for vid, polys in by_view.items():
            if vid not in views:
                raise AtlasError(f"{name}: regions.{rid}.{vid}: unknown view")
            if not isinstance(polys, list) or not polys:
                raise AtlasError(f"{name}: regions.{rid}.{vid}: expected a list of polygons")
            regions[rid][vid] = tuple(
                _points(p, f"{name}: regions.{rid}.{vid}[{i}]", minimum=3)
                for i, p in enumerate(polys)
            )
    missing = [rid for rid in BODY_REGIONS if rid not in regions]
    if missing:
        raise AtlasError(f"{name}: regions: no geometry for {', '.join(missing)}")
    sites: dict[str, dict[str, Site]] = {}
    for mid, by_site in raw.get("trigger_points", {}).items():
        sites[mid] = {}
        for sid, s in by_site.items():
            where = f"{name}: trigger_points.{mid}.{sid}"
            if not isinstance(s, dict) or s.get("view") not in views:
                raise AtlasError(f"{where}: expected {{view: front|back|side, points: [[x, y]]}}")
            points = _points(s.get("points"), f"{where}.points", minimum=1)
            sites[mid][sid] = Site(mid, sid, s["view"], points)
    return Atlas(views, regions, sites)


def pain_map(
    muscle: Muscle, atlas: Atlas | None = None, *, views: Sequence[str] | None = None
) -> PainMap:
    """The views a muscle's chart needs, with its zones and trigger points in each.

    Args:
        views: draw these views (in this order) instead of the fewest that show the
            pattern; e.g. all three for a "mark the zones" exercise, where choosing the
            views would give the answer away.

    Raises:
        KeyError: a referral zone names a region the atlas has no geometry for.
        ValueError: ``views`` names a view the atlas does not have.
    """
    atlas = atlas or load_atlas()
    zones = [z for z in muscle.referral_zones if z.zone is Zone.SPILLOVER]
    zones += [z for z in muscle.referral_zones if z.zone is Zone.ESSENTIAL]
    sites = atlas.muscle_sites(muscle)
    if views is None:
        needs = [frozenset(atlas.regions[z.region]) for z in zones]
        needs += [frozenset({s.view}) for s in sites]
        chosen = _cover(needs)
    else:
        unknown = [v for v in views if v not in atlas.views]
        if unknown or not views:
            raise ValueError(f"views must be some of {', '.join(VIEW_ORDER)}, not {unknown}")
        chosen = tuple(dict.fromkeys(views))
    panels = []
    for vid in chosen:
        shapes = []
        for z in zones:
            polys = atlas.regions[z.region].get(vid)
            # A region seen in two chosen views is drawn in the first only: once is enough.
            first = next((v for v in chosen if v in atlas.regions[z.region]), None)
            if polys and vid == first:
                shapes.append(ZoneShape(z.region, z.zone, polys))
        panels.append(
            Panel(atlas.views[vid], tuple(shapes), tuple(s for s in sites if s.view == vid))
        )
    return PainMap(muscle.id, muscle.name, tuple(panels))


def _cover(needs: Sequence[frozenset[str]]) -> tuple[str, ...]:
    """The fewest views (earliest in VIEW_ORDER on ties) that meet every need."""
    if not needs:
        return (VIEW_ORDER[0],)
    for size in range(1, len(VIEW_ORDER) + 1):
        for combo in itertools.combinations(VIEW_ORDER, size):
            if all(need & set(combo) for need in needs):
                return combo
    return VIEW_ORDER


def contains(polygon: Sequence[Point], point: Point) -> bool:
    """Even-odd point-in-polygon test (points exactly on an edge may go either way)."""
    x, y = point
    inside = False
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def spans(polygon: Sequence[Point], y: float) -> list[tuple[float, float]]:
    """The ``x`` intervals where the horizontal line at ``y`` lies inside the polygon."""
    xs: list[float] = []
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y):
            xs.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    xs.sort()
    return [(xs[i], xs[i + 1]) for i in range(0, len(xs) - 1, 2)]
