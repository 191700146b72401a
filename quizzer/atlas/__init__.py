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
    ``front``, ``back``, ``side`` and ``sole``: each has a ``label``, a ``silhouette`` (one
    simple polygon, a list of ``[x, y]`` points, implicitly closed), optional ``contours``
    (open polylines drawn like the outline inside the body: the arm where it lies over the
    trunk in the side view, the ear) and ``details`` (open polylines drawn thin inside the
    body: creases, spine, gluteal folds; never regions). The figure stands in anatomical
    position, palms forward: the front view shows the palm, the back view the back of the
    hand. The side view's arm hangs a little forward, so that the hand stands clear of the
    hip and its trigger points; where the arm covers the trunk, the trunk's regions stop at
    the arm (it is nearer the viewer).
``sole``
    An inset, not a fourth figure: the sole of the right foot as if the foot were lifted
    behind (toes up, heel on the ground line at ``y = 176``, the big toe on the viewer's
    left as in the back view), at the figure's scale. Its ``x`` is measured from the foot's
    long axis. It is the only view that shows the plantar surface: the sole, the medial
    arch (the sole's concave inner border), the ball of the foot and the undersides of the
    toes; the heel shows in it too, as in the back and side views. A chart draws it only
    when a zone needs it, e.g. the medial arch or the sole.
``regions``
    One entry per id of :data:`quizzer.regions.BODY_REGIONS`: a mapping from a view id to
    a list of polygons, present only in the views where the region is visible. Every
    polygon lies inside its view's silhouette. Regions may overlap (the buttock contains
    the back of the hip joint); renderers draw spillover zones first, essential on top.
    A paired region is drawn on the right side only, even one next to the midline (the
    space between the scapulae, the low back): trigger-point patterns are one-sided. The
    midline's own regions (vertex, forehead, throat, sternum, upper abdomen, sacrum,
    coccyx) lie across it. Neighbouring regions (:data:`quizzer.regions.NEIGHBOURS`)
    touch or nearly so wherever the figure allows.
``trigger_points``
    Muscle id → site id → ``{"view": ..., "points": [[x, y], ...]}``: where the × marks go
    (a site such as "several trigger points along the outer thigh" has several). Site ids
    are the ``trigger_points.sites`` item ids of the muscle in the deck files. These
    explicit places are optional: a deck's site with a ``region`` and no entry here is
    drawn at a point inside that region (in the first chart view that shows the region;
    several sites in one region are spread apart, deterministically). Explicit
    coordinates win.

A pain map shows only the views that its zones and trigger points need: the smallest set
of views (in the order front, back, side, sole) that shows every zone and every site.
Renderers then show only the part of those views around the marks (:func:`window`): a
pattern on the temple and jaw is drawn as a head and shoulders, large enough to read.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizzer.model import Muscle, Zone
from quizzer.regions import BODY_REGIONS

Point = tuple[float, float]
Polygon = tuple[Point, ...]

VIEW_ORDER = ("front", "back", "side", "sole")
"""Every view id, in the order charts lay them out."""

FIGURE_TOP, FIGURE_BOTTOM = -1.0, 177.0
"""The band of ``y`` every whole-figure drawing shows (a centimetre of air at each end)."""

CROP_MARGIN = 16.0
"""Centimetres of figure kept around the marks when a chart is cropped (about a hand)."""

NARROW_BELOW = 80.0
"""A cropped chart's one view is narrowed to its marks only when its band of height is
shorter than this (a zoomed-in chart: an arm, a head). A taller band, or two views, keep
whole-width figures: half a torso cut down the middle beside the next view reads as one
odd body."""

MIN_WINDOW = 36.0
"""The least height of body a cropped chart shows: a head and shoulders, an elbow and
forearm; below this a figure stops reading as a body."""

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
    contours: tuple[tuple[Point, ...], ...] = ()
    """Lines drawn like the outline inside the body (the arm over the trunk, the ear)."""

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
        """The trigger points with explicit places in the atlas to mark for a muscle.

        The deck's site ids choose them when the deck lists sites; a muscle without sites
        in its deck gets every site the atlas has for its id. Sites placed by their region
        instead are :meth:`region_sites`.
        """
        known = self.sites.get(muscle.id, {})
        if muscle.trigger_point_sites:
            return [known[item.id] for item in muscle.trigger_point_sites if item.id in known]
        return list(known.values())

    def region_sites(self, muscle: Muscle) -> list[tuple[str, str]]:
        """(site id, region) of the deck's sites drawn inside their region (no explicit place)."""
        known = self.sites.get(muscle.id, {})
        return [
            (item.id, item.fields["region"])
            for item in muscle.trigger_point_sites
            if item.id not in known and item.fields.get("region") in self.regions
        ]


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
            tuple(
                _points(d, f"{name}: views.{vid}.contours[{i}]", minimum=2)
                for i, d in enumerate(v.get("contours", []))
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
                _points(p, f"{name}: regions.{rid}.{vid}[{i}]", minimum=3) for i, p in enumerate(polys)
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
                raise AtlasError(f"{where}: expected {{view: {'|'.join(VIEW_ORDER)}, points: [[x, y]]}}")
            points = _points(s.get("points"), f"{where}.points", minimum=1)
            sites[mid][sid] = Site(mid, sid, s["view"], points)
    return Atlas(views, regions, sites)


def pain_map(muscle: Muscle, atlas: Atlas | None = None, *, views: Sequence[str] | None = None) -> PainMap:
    """The views a muscle's chart needs, with its zones and trigger points in each.

    Args:
        views: draw these views (in this order) instead of the fewest that show the
            pattern; e.g. all of them for a "mark the zones" exercise, where choosing the
            views would give the answer away.

    Raises:
        KeyError: a referral zone names a region the atlas has no geometry for.
        ValueError: ``views`` names a view the atlas does not have.
    """
    atlas = atlas or load_atlas()
    zones = [z for z in muscle.referral_zones if z.zone is Zone.SPILLOVER]
    zones += [z for z in muscle.referral_zones if z.zone is Zone.ESSENTIAL]
    sites = atlas.muscle_sites(muscle)
    floating = atlas.region_sites(muscle)
    if views is None:
        needs = [frozenset(atlas.regions[z.region]) for z in zones]
        needs += [frozenset({s.view}) for s in sites]
        needs += [frozenset(atlas.regions[region]) for _, region in floating]
        chosen = _cover(needs, [_areas(atlas, z.region) for z in zones])
    else:
        unknown = [v for v in views if v not in atlas.views]
        if unknown or not views:
            raise ValueError(f"views must be some of {', '.join(VIEW_ORDER)}, not {unknown}")
        chosen = tuple(dict.fromkeys(views))
    placed = _place_sites(atlas, muscle.id, floating, chosen)
    panels = []
    for vid in chosen:
        shapes = []
        for z in zones:
            polys = atlas.regions[z.region].get(vid)
            # A region seen in two chosen views is drawn in the first only: once is enough.
            first = next((v for v in chosen if v in atlas.regions[z.region]), None)
            if polys and vid == first:
                shapes.append(ZoneShape(z.region, z.zone, polys))
        here = [s for s in sites if s.view == vid] + [s for s in placed if s.view == vid]
        panels.append(Panel(atlas.views[vid], tuple(shapes), tuple(here)))
    return PainMap(muscle.id, muscle.name, tuple(panels))


def _place_sites(
    atlas: Atlas, muscle: str, floating: Sequence[tuple[str, str]], chosen: Sequence[str]
) -> list[Site]:
    """Sites without explicit places, each at a point inside its region.

    A site goes to the first chosen view that shows its region, in the region's largest
    polygon there; the sites of one region are spread over it (the first at its most
    inward point, each next as far from the others and from the edge as it can be).
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for sid, region in floating:
        view = next((v for v in chosen if v in atlas.regions[region]), None)
        if view is not None:
            groups.setdefault((region, view), []).append(sid)
    out: list[Site] = []
    for (region, view), ids in groups.items():
        polygon = max(atlas.regions[region][view], key=area)
        for sid, point in zip(ids, spread(polygon, len(ids)), strict=True):
            out.append(Site(muscle, sid, view, (point,)))
    return out


def spread(polygon: Polygon, count: int) -> list[Point]:
    """``count`` points inside a polygon, far from its edge and from each other.

    Deterministic: the candidates are a fixed grid of the polygon's bounding box, ties
    go to the topmost, then leftmost point.
    """
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    step = max(0.1, max(max(xs) - min(xs), max(ys) - min(ys)) / 24)
    candidates: list[tuple[Point, float]] = []
    y = min(ys) + step / 2
    while y < max(ys):
        x = min(xs) + step / 2
        while x < max(xs):
            if contains(polygon, (x, y)):
                candidates.append(((round(x, 2), round(y, 2)), _edge_distance(polygon, (x, y))))
            x += step
        y += step
    if not candidates:  # a sliver: its centroid still names the place
        centre = (sum(xs) / len(xs), sum(ys) / len(ys))
        return [centre] * count
    chosen: list[Point] = []
    for _ in range(count):

        def score(c: tuple[Point, float]) -> tuple[float, float, float]:
            (x, y), edge = c
            apart = min((math.dist((x, y), p) for p in chosen), default=math.inf)
            return (-min(edge, apart / 2), y, x)

        chosen.append(min(candidates, key=score)[0])
    return chosen


def _edge_distance(polygon: Polygon, p: Point) -> float:
    best = math.inf
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        dx, dy = x2 - x1, y2 - y1
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - x1) * dx + (p[1] - y1) * dy) / length))
        best = min(best, math.hypot(p[0] - x1 - t * dx, p[1] - y1 - t * dy))
    return best


def area(polygon: Polygon) -> float:
    """The polygon's area (shoelace formula)."""
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


@dataclass(frozen=True)
class Window:
    """The part of a chart's views that a renderer shows.

    One band of height for every panel (they stand side by side on one ground line), and
    an ``x`` range per panel, in panel order.
    """

    top: float
    bottom: float
    xs: tuple[tuple[float, float], ...]
    cut: tuple[bool, ...] = ()
    """Per panel: narrowed to its marks, so the figure is cut at the side."""

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def width(self) -> float:
        """The panels' widths added up (no gaps)."""
        return sum(x1 - x0 for x0, x1 in self.xs)


def window(
    chart: PainMap,
    *,
    crop: bool = True,
    ratio: float | None = None,
    margin: float = CROP_MARGIN,
    min_height: float = MIN_WINDOW,
) -> Window:
    """What of each view a chart shows: the marks and a hand's breadth around them.

    Without ``crop`` (or without marks) it is the whole figure. Cropped, the band runs
    ``margin`` above the highest mark and below the lowest (at least ``min_height`` tall);
    in a band shorter than :data:`NARROW_BELOW`, a chart's only view is narrowed to its
    marks (and ``margin`` either side) when that saves a third of its width, so an elbow
    is not drawn with the whole trunk beside it. ``ratio`` (panel widths over height) caps the
    width: a band too wide for it is made taller, which keeps every chart within the room
    a renderer has (the terminal's 60 columns).
    """
    marks = [
        [p for z in panel.zones for poly in z.polygons for p in poly]
        + [p for s in panel.sites for p in s.points]
        for panel in chart.panels
    ]
    views = [panel.view for panel in chart.panels]
    if not crop or not any(marks):
        whole = tuple(_extent(v, FIGURE_TOP, FIGURE_BOTTOM) for v in views)
        return Window(FIGURE_TOP, FIGURE_BOTTOM, whole, (False,) * len(whole))
    return frame(views, marks, ratio=ratio, margin=margin, min_height=min_height)


def frame(
    views: Sequence[View],
    marks: Sequence[Sequence[Point]],
    *,
    ratio: float | None = None,
    margin: float = CROP_MARGIN,
    min_height: float = MIN_WINDOW,
    tight: bool = False,
    margin_x: float | None = None,
) -> Window:
    """The window around ``marks`` (points per view, in ``views`` order): see :func:`window`.

    ``tight`` narrows every view to its marks whatever the band (a close-up of a part of
    the body, as "mark the zones" shows them), ``margin_x`` from the side (``margin`` if
    None): an arm close-up need not show the trunk beside it.
    """
    ys = [y for points in marks for _, y in points]
    top, bottom = _grow(min(ys) - margin, max(ys) + margin, min_height)
    for _ in range(6):
        narrow = tight or (bottom - top < NARROW_BELOW and len(views) == 1)
        xs = tuple(
            _narrow(
                view,
                top,
                bottom,
                points if narrow else [],
                margin if margin_x is None else margin_x,
                tight=tight,
            )
            for view, points in zip(views, marks, strict=True)
        )
        width = sum(x1 - x0 for x0, x1 in xs)
        if ratio is None or width <= ratio * (bottom - top) + 1e-6:
            break
        if (top, bottom) == (FIGURE_TOP, FIGURE_BOTTOM):
            break
        top, bottom = _grow(top, bottom, width / ratio)
    cut = tuple(xs[n] != _extent(v, top, bottom) for n, v in enumerate(views))
    return Window(top, bottom, xs, cut)


def _grow(top: float, bottom: float, height: float) -> tuple[float, float]:
    """The band widened evenly to ``height`` (at most the figure's), kept on the figure."""
    top, bottom = max(top, FIGURE_TOP), min(bottom, FIGURE_BOTTOM)
    need = min(height, FIGURE_BOTTOM - FIGURE_TOP) - (bottom - top)
    if need > 0:
        top, bottom = top - need / 2, bottom + need / 2
        if top < FIGURE_TOP:
            top, bottom = FIGURE_TOP, bottom + FIGURE_TOP - top
        if bottom > FIGURE_BOTTOM:
            top, bottom = top - (bottom - FIGURE_BOTTOM), FIGURE_BOTTOM
    return top, bottom


def _extent(view: View, top: float, bottom: float) -> tuple[float, float]:
    """The ``x`` range of the figure within a band of height (the view's width if none)."""
    xs = [x for x, y in view.silhouette if top <= y <= bottom]
    for y in (top, bottom):
        xs += [x for span in spans(view.silhouette, y) for x in span]
    if not xs:
        x0, _, x1, _ = view.bounds()
        return x0, x1
    return min(xs), max(xs)


def _narrow(
    view: View, top: float, bottom: float, marks: Sequence[Point], margin: float, *, tight: bool = False
) -> tuple[float, float]:
    x0, x1 = _extent(view, top, bottom)
    if not marks:
        return x0, x1
    c0 = max(x0, min(x for x, _ in marks) - margin)
    c1 = min(x1, max(x for x, _ in marks) + margin)
    return (c0, c1) if tight or c1 - c0 <= (x1 - x0) * 2 / 3 else (x0, x1)


def _areas(atlas: Atlas, region: str) -> dict[str, float]:
    return {v: sum(area(p) for p in polys) for v, polys in atlas.regions[region].items()}


def _cover(needs: Sequence[frozenset[str]], zones: Sequence[Mapping[str, float]] = ()) -> tuple[str, ...]:
    """The fewest views that meet every need; of those, the one showing the zones largest.

    ``zones`` gives each zone's area in every view that shows it: a temple is a sliver at
    the edge of the front view and a fan in the side view, so a pattern the front and
    the side views both show is drawn from the side. Ties go to the earliest views in
    VIEW_ORDER.
    """
    if not needs:
        return (VIEW_ORDER[0],)
    for size in range(1, len(VIEW_ORDER) + 1):
        combos = [c for c in itertools.combinations(VIEW_ORDER, size) if all(need & set(c) for need in needs)]
        if combos:

            def shown(combo: tuple[str, ...]) -> float:
                # Each zone is drawn in the first view of the combination that shows it.
                return sum(next((z[v] for v in combo if v in z), 0.0) for z in zones)

            return max(combos, key=lambda c: (round(shown(c), 1), -combos.index(c)))
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
