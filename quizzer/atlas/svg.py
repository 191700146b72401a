"""Referral pain charts as small, deterministic SVG documents."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from xml.sax.saxutils import escape

from quizzer.atlas import Atlas, Panel, Point, load_atlas, pain_map
from quizzer.model import Muscle, Zone

# The figure carries its own light fill and dark outline, and text sits on light pills, so
# the chart reads the same on a white page, in Anki's night mode and in a dark terminal.
BODY_FILL = "#f3ede6"
OUTLINE = "#3a3633"
DETAIL = "#9a928a"
RED = "#d32f2f"
DARK_RED = "#9f1d1d"
INK = "#222"

_PAD = 3.0
_GAP = 5.0
_TOP = 9.0
_FOOT = 176.0
_LABEL_Y = _FOOT + 6.5
_LEGEND_Y = _FOOT + 15.0
_BOTTOM = _FOOT + 20.0


def _n(value: float) -> str:
    """A coordinate with at most one decimal: small files, identical across platforms."""
    text = f"{value:.1f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


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
        f'<rect x="{_n(cx - w / 2)}" y="{_n(cy - h / 2)}" width="{_n(w)}" height="{_n(h)}" '
        f'rx="{_n(h / 2)}" fill="{BODY_FILL}" stroke="{OUTLINE}" stroke-width="0.3"/>'
        f'<text x="{_n(cx)}" y="{_n(cy + size * 0.35)}" font-size="{_n(size)}" '
        f'text-anchor="middle" fill="{INK}">{escape(text)}</text>'
    )


def _cross(x: float, y: float, r: float = 1.5) -> str:
    d = f"M{_n(x - r)} {_n(y - r)}L{_n(x + r)} {_n(y + r)}M{_n(x - r)} {_n(y + r)}L{_n(x + r)} {_n(y - r)}"
    # A white halo under a black cross keeps it visible on red zones and on the figure.
    return (
        f'<path d="{d}" stroke="#fff" stroke-width="1.5" stroke-linecap="round"/>'
        f'<path d="{d}" stroke="#000" stroke-width="0.7" stroke-linecap="round"/>'
    )


def _panel(panel: Panel, dx: float, stipple: str) -> list[str]:
    view = panel.view
    out = [
        (
            f'<polygon points="{_pts(view.silhouette, dx)}" fill="{BODY_FILL}" '
            f'stroke="{OUTLINE}" stroke-width="0.6" stroke-linejoin="round"/>'
        )
    ]
    for shape in panel.zones:
        for poly in shape.polygons:
            if shape.zone is Zone.ESSENTIAL:
                # A stroke of the same red closes the hairline seams between bands.
                out.append(
                    f'<polygon points="{_pts(poly, dx)}" fill="{RED}" stroke="{RED}" '
                    'stroke-width="0.4" stroke-linejoin="round"/>'
                )
            else:
                out.append(
                    f'<polygon points="{_pts(poly, dx)}" fill="url(#{stipple})" '
                    f'stroke="{RED}" stroke-width="0.25" stroke-dasharray="0.8 0.8"/>'
                )
    for line in view.details:
        out.append(
            f'<polyline points="{_pts(line, dx)}" fill="none" stroke="{DETAIL}" '
            'stroke-width="0.3" stroke-linecap="round"/>'
        )
    out.extend(_cross(x + dx, y) for site in panel.sites for x, y in site.points)
    return out


def render_svg(
    muscle: Muscle,
    atlas: Atlas | None = None,
    *,
    title: bool = True,
    height: int = 320,
    id_prefix: str = "",
    views: Sequence[str] | None = None,
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

    Returns:
        The SVG text: deterministic, a few kilobytes, no scripts and no external links.
    """
    chart = pain_map(muscle, atlas or load_atlas(), views=views)
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
    figures = sum(p.view.bounds()[2] - p.view.bounds()[0] + 2 * _PAD for p in chart.panels)
    figures += _GAP * (len(chart.panels) - 1)
    width = max(figures, _legend_width(legend) + 4, _pill_width(muscle.name, 4.4) + 4)
    body: list[str] = []
    x = (width - figures) / 2
    for panel in chart.panels:
        x0, _, x1, _ = panel.view.bounds()
        dx = x + _PAD - x0
        body.extend(_panel(panel, dx, stipple))
        body.append(_pill(dx + (x0 + x1) / 2, _LABEL_Y, panel.view.label, 3.6))
        x += (x1 - x0) + 2 * _PAD + _GAP
    body.extend(_legend(legend, width, stipple))
    name = f"Referral pattern: {muscle.name}" if title else "Referral pattern"
    if title:
        body.insert(0, _pill(width / 2, -_TOP / 2 - 0.5, muscle.name, 4.4))
    top = -_TOP - 1 if title else -2.0
    view_h = _BOTTOM - top
    px_w = round(height * width / view_h)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 {_n(top)} {_n(width)} '
        f'{_n(view_h)}" width="{px_w}" height="{height}" role="img" '
        f'font-family="Helvetica, Arial, sans-serif">'
        f"<title>{escape(name)}</title>"
        f'<defs><pattern id="{stipple}" width="1.6" height="1.6" patternUnits="userSpaceOnUse">'
        f'<circle cx="0.8" cy="0.8" r="0.45" fill="{RED}"/></pattern></defs>'
        + "".join(body)
        + "</svg>\n"
    )


_LEGEND_SIZE = 3.4


def _legend_widths(entries: list[tuple[str, str]]) -> list[float]:
    return [len(text) * _LEGEND_SIZE * 0.55 + 6.5 for _, text in entries]


def _legend_width(entries: list[tuple[str, str]]) -> float:
    return sum(_legend_widths(entries)) + 2.0 if entries else 0.0


def _legend(entries: list[tuple[str, str]], width: float, stipple: str) -> list[str]:
    if not entries:
        return []
    size = _LEGEND_SIZE
    widths = _legend_widths(entries)
    total = _legend_width(entries)
    x = (width - total) / 2
    y = _LEGEND_Y
    out = [
        (
            f'<rect x="{_n(x)}" y="{_n(y - 3)}" width="{_n(total)}" height="6" rx="3" '
            f'fill="{BODY_FILL}" stroke="{OUTLINE}" stroke-width="0.3"/>'
        )
    ]
    x += 2.0
    for (kind, text), w in zip(entries, widths, strict=True):
        if kind == "essential":
            out.append(
                f'<rect x="{_n(x)}" y="{_n(y - 1.6)}" width="3.2" height="3.2" fill="{RED}"/>'
            )
        elif kind == "spillover":
            out.append(
                f'<rect x="{_n(x)}" y="{_n(y - 1.6)}" width="3.2" height="3.2" '
                f'fill="url(#{stipple})" stroke="{RED}" stroke-width="0.25"/>'
            )
        else:
            out.append(_cross(x + 1.6, y, 1.3))
        out.append(
            f'<text x="{_n(x + 4.4)}" y="{_n(y + size * 0.35)}" font-size="{_n(size)}" '
            f'fill="{INK}">{escape(text)}</text>'
        )
        x += w
    return out
