"""Referral pain charts as small, deterministic SVG documents."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from xml.sax.saxutils import escape

from quizzer.atlas import (
    FIGURE_BOTTOM,
    FIGURE_TOP,
    Atlas,
    Panel,
    Point,
    load_atlas,
    pain_map,
    window,
)
from quizzer.model import Muscle, Zone

# The figure carries its own light fill and dark outline, and text sits on light pills, so
# the chart reads the same on a white page, in Anki's night mode and in a dark terminal.
BODY_FILL = "#f3ede6"
OUTLINE = "#3a3633"
DETAIL = "#9a928a"
RED = "#d32f2f"
DARK_RED = "#9f1d1d"
INK = "#222"

# Sizes of everything but the figure, in centimetres of a whole-figure chart. A cropped
# chart (a head, an arm) zooms in on the figure only: these shrink with its band of
# height, so that text, strokes and marks come out the same size on the page.
_PAD = 3.0
_GAP = 5.0
_TOP = 9.0
_LABEL = 6.5
_LEGEND = 15.0
_BOTTOM = 20.0
_WHOLE = FIGURE_BOTTOM - FIGURE_TOP

SVG_RATIO = 1.7
"""Widest a cropped chart's figures may be, over their height (a landscape card at most)."""


def _n(value: float) -> str:
    """A coordinate with at most one decimal: small files, identical across platforms."""
    text = f"{value:.1f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def _n2(value: float) -> str:
    """A size with two decimals (strokes and marks of a zoomed-in chart are small)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _pts(points: Iterable[Point], dx: float) -> str:
    # The same outlines (silhouettes, details, common zones) recur in every map of an atlas:
    # formatted once each.
    return _formatted(points if isinstance(points, tuple) else tuple(points), dx)


@lru_cache(maxsize=8192)
def _formatted(points: tuple[Point, ...], dx: float) -> str:
    return " ".join(f"{_n(x + dx)},{_n(y)}" for x, y in points)


def _pill_width(text: str, size: float) -> float:
    # Text width is estimated (no font metrics in core): ~0.55 em per character.
    return len(text) * size * 0.55 + size * 1.2


def _pill(cx: float, cy: float, text: str, size: float) -> str:
    w = _pill_width(text, size)
    h = size * 1.6
    return (
        f'<rect x="{_n2(cx - w / 2)}" y="{_n2(cy - h / 2)}" width="{_n2(w)}" '
        f'height="{_n2(h)}" rx="{_n2(h / 2)}" fill="{BODY_FILL}" stroke="{OUTLINE}" '
        f'stroke-width="{_n2(size / 12)}"/>'
        f'<text x="{_n2(cx)}" y="{_n2(cy + size * 0.35)}" font-size="{_n2(size)}" '
        f'text-anchor="middle" fill="{INK}">{escape(text)}</text>'
    )


def _cross(x: float, y: float, r: float = 1.5) -> str:
    d = (
        f"M{_n2(x - r)} {_n2(y - r)}L{_n2(x + r)} {_n2(y + r)}"
        f"M{_n2(x - r)} {_n2(y + r)}L{_n2(x + r)} {_n2(y - r)}"
    )
    # A white halo under a black cross keeps it visible on red zones and on the figure.
    return (
        f'<path d="{d}" stroke="#fff" stroke-width="{_n2(r)}" stroke-linecap="round"/>'
        f'<path d="{d}" stroke="#000" stroke-width="{_n2(r * 0.47)}" stroke-linecap="round"/>'
    )


def _panel(panel: Panel, dx: float, stipple: str, u: float) -> list[str]:
    view = panel.view
    out = [
        (
            f'<polygon points="{_pts(view.silhouette, dx)}" fill="{BODY_FILL}" '
            f'stroke="{OUTLINE}" stroke-width="{_n2(0.6 * u)}" stroke-linejoin="round"/>'
        )
    ]
    for shape in panel.zones:
        for poly in shape.polygons:
            if shape.zone is Zone.ESSENTIAL:
                # A stroke of the same red closes the hairline seams between bands.
                out.append(
                    f'<polygon points="{_pts(poly, dx)}" fill="{RED}" stroke="{RED}" '
                    f'stroke-width="{_n2(0.4 * u)}" stroke-linejoin="round"/>'
                )
            else:
                out.append(
                    f'<polygon points="{_pts(poly, dx)}" fill="url(#{stipple})" '
                    f'stroke="{RED}" stroke-width="{_n2(0.25 * u)}" '
                    f'stroke-dasharray="{_n2(0.8 * u)} {_n2(0.8 * u)}"/>'
                )
    # The arm in front of the trunk (side view) and the ear: drawn over the zones, as the
    # nearer outline they are.
    for line in view.contours:
        out.append(
            f'<polyline points="{_pts(line, dx)}" fill="none" stroke="{OUTLINE}" '
            f'stroke-width="{_n2(0.45 * u)}" stroke-linejoin="round" stroke-linecap="round"/>'
        )
    for line in view.details:
        out.append(
            f'<polyline points="{_pts(line, dx)}" fill="none" stroke="{DETAIL}" '
            f'stroke-width="{_n2(0.3 * u)}" stroke-linecap="round"/>'
        )
    out.extend(_cross(x + dx, y, 1.5 * u) for site in panel.sites for x, y in site.points)
    return out


def render_svg(
    muscle: Muscle,
    atlas: Atlas | None = None,
    *,
    title: bool = True,
    height: int = 320,
    id_prefix: str = "",
    views: Sequence[str] | None = None,
    crop: bool = True,
) -> str:
    """A referral pain chart for one muscle, as an SVG document.

    Args:
        muscle: the muscle whose ``referral_zones`` and trigger-point sites are drawn.
        atlas: the body atlas (the bundled one by default).
        title: show the muscle's name. Pass False for "whose pattern is this?" questions:
            the drawing then says nothing about the muscle, not even in its ids.
        height: the height in CSS pixels; the drawing scales to it.
        id_prefix: the id of the stipple pattern, for pages that inline several charts
            (ids are document-wide in HTML). Defaults to a hash of the muscle id.
        views: force these views instead of the fewest the pattern needs.
        crop: show the marks and a hand's breadth around them
            (:func:`quizzer.atlas.window`), not the whole figure: a pattern on the face
            is drawn as a head and shoulders, large enough to tell the cheek from the jaw.

    Returns:
        The SVG text: deterministic, a few kilobytes, no scripts and no external links.
    """
    chart = pain_map(muscle, atlas or load_atlas(), views=views)
    frame = window(chart, crop=crop, ratio=SVG_RATIO)
    u = frame.height / _WHOLE
    stipple = id_prefix or "qz-" + hashlib.sha1(muscle.id.encode()).hexdigest()[:10]
    zones = {z.zone for p in chart.panels for z in p.zones}
    legend = [
        (kind, text)
        for kind, text in (
            ("essential", "Essential zone"),
            ("spillover", "Spillover zone"),
            ("trigger", "Trigger point"),
        )
        if (kind == "trigger" and any(p.sites for p in chart.panels)) or kind in zones
    ]
    pad = _PAD * u
    whole = [not cut for cut in frame.cut]
    # A view cut at the side stands further off its neighbour, so the two do not read as
    # one body.
    gaps = [_GAP * u * (1 if whole[i] and whole[i + 1] else 3) for i in range(len(whole) - 1)]
    figures = frame.width + 2 * pad * len(chart.panels) + sum(gaps)
    width = max(figures, (_legend_width(legend) + 4) * u, (_pill_width(muscle.name, 4.4) + 4) * u)
    foot = frame.bottom - 1.0 * u  # the ground line of a whole figure (176) sits 1 cm up
    body: list[str] = []
    clips: list[str] = []
    x = (width - figures) / 2
    for n, (panel, (x0, x1)) in enumerate(zip(chart.panels, frame.xs, strict=True)):
        dx = x + pad - x0
        shapes = _panel(panel, dx, stipple, u)
        if (frame.top, frame.bottom) != (FIGURE_TOP, FIGURE_BOTTOM) or not whole[n]:
            # Cropped: the figure is cut at the window (strokes and crosses keep a margin).
            clip = f"{stipple}-v{n}"
            clips.append(
                f'<clipPath id="{clip}"><rect x="{_n2(x0 + dx - pad / 2)}" y="{_n2(frame.top)}" '
                f'width="{_n2(x1 - x0 + pad)}" height="{_n2(frame.height)}"/></clipPath>'
            )
            shapes = [f'<g clip-path="url(#{clip})">', *shapes, "</g>"]
        body.extend(shapes)
        body.append(_pill(dx + (x0 + x1) / 2, foot + _LABEL * u, panel.view.label, 3.6 * u))
        x += (x1 - x0) + 2 * pad + (gaps[n] if n < len(gaps) else 0)
    body.extend(_legend(legend, width, stipple, foot + _LEGEND * u, u))
    name = f"Referral pattern: {muscle.name}" if title else "Referral pattern"
    if title:
        body.insert(0, _pill(width / 2, frame.top + 1.0 * u - (_TOP / 2 + 0.5) * u, muscle.name, 4.4 * u))
    top = frame.top - _TOP * u if title else frame.top - 1.0 * u
    view_h = foot + _BOTTOM * u - top
    px_w = round(height * width / view_h)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_n2(0)} {_n2(top)} {_n2(width)} '
        f'{_n2(view_h)}" width="{px_w}" height="{height}" role="img" '
        f'font-family="Helvetica, Arial, sans-serif">'
        f"<title>{escape(name)}</title>"
        f'<defs><pattern id="{stipple}" width="{_n2(1.6 * u)}" height="{_n2(1.6 * u)}" '
        f'patternUnits="userSpaceOnUse"><circle cx="{_n2(0.8 * u)}" cy="{_n2(0.8 * u)}" '
        f'r="{_n2(0.45 * u)}" fill="{RED}"/></pattern>{"".join(clips)}</defs>' + "".join(body) + "</svg>\n"
    )


_LEGEND_SIZE = 3.4


def _legend_widths(entries: list[tuple[str, str]]) -> list[float]:
    return [len(text) * _LEGEND_SIZE * 0.55 + 6.5 for _, text in entries]


def _legend_width(entries: list[tuple[str, str]]) -> float:
    return sum(_legend_widths(entries)) + 2.0 if entries else 0.0


def _legend(entries: list[tuple[str, str]], width: float, stipple: str, y: float, u: float) -> list[str]:
    if not entries:
        return []
    size = _LEGEND_SIZE * u
    widths = [w * u for w in _legend_widths(entries)]
    total = _legend_width(entries) * u
    x = (width - total) / 2
    out = [
        (
            f'<rect x="{_n2(x)}" y="{_n2(y - 3 * u)}" width="{_n2(total)}" height="{_n2(6 * u)}" '
            f'rx="{_n2(3 * u)}" fill="{BODY_FILL}" stroke="{OUTLINE}" stroke-width="{_n2(0.3 * u)}"/>'
        )
    ]
    x += 2.0 * u
    for (kind, text), w in zip(entries, widths, strict=True):
        if kind == "essential":
            out.append(
                f'<rect x="{_n2(x)}" y="{_n2(y - 1.6 * u)}" width="{_n2(3.2 * u)}" '
                f'height="{_n2(3.2 * u)}" fill="{RED}"/>'
            )
        elif kind == "spillover":
            out.append(
                f'<rect x="{_n2(x)}" y="{_n2(y - 1.6 * u)}" width="{_n2(3.2 * u)}" '
                f'height="{_n2(3.2 * u)}" fill="url(#{stipple})" stroke="{RED}" '
                f'stroke-width="{_n2(0.25 * u)}"/>'
            )
        else:
            out.append(_cross(x + 1.6 * u, y, 1.3 * u))
        out.append(
            f'<text x="{_n2(x + 4.4 * u)}" y="{_n2(y + size * 0.35)}" font-size="{_n2(size)}" '
            f'fill="{INK}">{escape(text)}</text>'
        )
        x += w
    return out
