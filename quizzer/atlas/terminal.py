"""Referral pain maps rasterised to braille cells for the terminal, as plain data.

Each character cell is a 2×4 braille dot block, so a map 18 rows tall has 72 dots of
height. The core returns cells tagged with a :class:`Role`; the study app colours them
(essential solid red, spillover a lighter red, trigger points bright, the outline dim).
Without colour the dots still tell the zones apart: essential zones are solid (⣿),
spillover zones stippled (⢕), trigger points are ×.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from quizzer.atlas import (
    Atlas,
    Panel,
    Point,
    Polygon,
    View,
    Window,
    ZoneShape,
    load_atlas,
    pain_map,
    spans,
    window,
)
from quizzer.model import Muscle, Zone


class Role(StrEnum):
    """What a cell shows; the TUI maps each role to a style."""

    EMPTY = "empty"
    OUTLINE = "outline"
    SPILLOVER = "spillover"
    ESSENTIAL = "essential"
    TRIGGER = "trigger"


# When dots of several roles share a cell, the cell takes the strongest role.
_RANK = {role: n for n, role in enumerate(Role)}

# Braille dot bits by (column, row) inside a cell (Unicode's dot numbering).
_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))

TRIGGER_MARK = "×"

_SOLID = 0xFF
"""⣿: every dot of a cell, the essential zone's pattern."""
_STIPPLE = _BITS[0][0] | _BITS[0][2] | _BITS[1][1] | _BITS[1][3]
"""⢕: the dots with an even ``i + j``, the spillover zone's pattern in a whole cell."""
_LEFT_COLUMN = sum(_BITS[0])
_RIGHT_COLUMN = sum(_BITS[1])


@dataclass(frozen=True)
class Cell:
    """One character of the map and what it stands for."""

    char: str
    role: Role


@dataclass(frozen=True)
class Frame:
    """Where one view sits in the map, and its scale: turns cells back into body points."""

    view: str
    col: int
    """First column of the view's figure."""
    cols: int
    x0: float
    """Atlas ``x`` at the figure's left edge."""
    top: float
    """Atlas ``y`` at the map's top edge."""
    scale: float
    """Dots per centimetre (a cell is 2 dots wide, 4 high)."""


@dataclass(frozen=True)
class TerminalMap:
    """A pain map as rows of cells, with the views' labels and where they start."""

    rows: tuple[tuple[Cell, ...], ...]
    labels: tuple[tuple[int, str], ...]
    """(first column, label) of each view, for a caption line under the map."""
    frames: tuple[Frame, ...] = ()

    def locate(self, col: int, row: int) -> tuple[str, Point] | None:
        """The view and atlas point at the centre of a cell (for clicks), or None."""
        if not 0 <= row < len(self.rows):
            return None
        for f in self.frames:
            if f.col <= col < f.col + f.cols:
                x = f.x0 + (col - f.col + 0.5) * 2 / f.scale
                return f.view, (x, f.top + (row + 0.5) * 4 / f.scale)
        return None

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def segments(self) -> list[list[tuple[str, Role]]]:
        """Each row as runs of (text, role): ready for a Rich ``Text`` or Textual strip."""
        out: list[list[tuple[str, Role]]] = []
        for row in self.rows:
            runs: list[tuple[str, Role]] = []
            for cell in row:
                if runs and runs[-1][1] is cell.role:
                    runs[-1] = (runs[-1][0] + cell.char, cell.role)
                else:
                    runs.append((cell.char, cell.role))
            out.append(runs)
        return out

    def caption(self) -> str:
        """The views' labels, each under its figure."""
        line = ""
        for col, label in self.labels:
            line = line.ljust(col) + label
        return line.rstrip()

    def to_text(self, *, caption: bool = True) -> str:
        """Plain text, one line per row (trailing spaces trimmed), then the caption."""
        lines = ["".join(c.char for c in row).rstrip() for row in self.rows]
        if caption:
            lines.append(self.caption())
        return "\n".join(lines) + "\n"


def render_cells(
    muscle: Muscle,
    atlas: Atlas | None = None,
    *,
    rows: int = 18,
    gap: int = 2,
    crop: bool = True,
    views: Sequence[str] | None = None,
    max_width: int = 60,
) -> TerminalMap:
    """Rasterise a muscle's pain map to ``rows`` lines of braille cells.

    Each view the pattern needs is drawn side by side, ``gap`` blank columns apart. With
    ``crop`` the figures show only the marks and a hand's breadth around them
    (:func:`quizzer.atlas.window`) instead of the whole body: a pattern of the hip and
    leg gets half as many dots again, and one on the temple and jaw is drawn as a head
    and shoulders, which is what makes small zones legible at 80×24. A cropped map is at
    most about ``max_width`` columns wide (its band is made taller until it fits).
    ``views`` forces the views shown (see :func:`quizzer.atlas.pain_map`).
    """
    chart = pain_map(muscle, atlas or load_atlas(), views=views)
    ratio = room_ratio(len(chart.panels), rows=rows, gap=gap, max_width=max_width)
    frame = window(chart, crop=crop, ratio=ratio)
    if any(frame.cut) and len(chart.panels) > 1:  # cut figures stand further apart
        ratio = room_ratio(len(chart.panels), rows=rows, gap=gap * 2, max_width=max_width)
        frame = window(chart, crop=crop, ratio=ratio)
    return render_panels(chart.panels, frame, rows=rows, gap=gap)


def room_ratio(panels: int, *, rows: int, gap: int, max_width: int) -> float:
    """The widest a window may be over its height to fit ``max_width`` columns of cells."""
    room = max(panels, max_width - gap * (panels - 1) - 2 * panels) * 2  # dots across
    return room / (rows * 4)


def render_panels(panels: Sequence[Panel], frame: Window, *, rows: int = 18, gap: int = 2) -> TerminalMap:
    """Rasterise panels side by side, each showing its part of ``frame``.

    Two panels of which one is cut at the side (narrowed to its marks) stand twice
    ``gap`` apart, so that two cut figures do not read as one body.
    """
    top = frame.top
    scale = rows * 4 / frame.height  # dots per centimetre, the same across and down
    grids: list[list[list[Cell]]] = []
    labels: list[tuple[int, str]] = []
    frames: list[Frame] = []
    cut = frame.cut or (False,) * len(panels)
    gaps = [gap * 2 if cut[n] or cut[n + 1] else gap for n in range(len(panels) - 1)]
    col = 0
    for n, (panel, xs) in enumerate(zip(panels, frame.xs, strict=True)):
        grid, x0 = _panel(panel, scale, top, rows, xs)
        cols = len(grid[0])
        width = max(cols, len(panel.view.label))
        pad = (width - cols) // 2
        grid = [
            [Cell(" ", Role.EMPTY)] * pad + r + [Cell(" ", Role.EMPTY)] * (width - pad - len(r)) for r in grid
        ]
        labels.append((col + (width - len(panel.view.label)) // 2, panel.view.label))
        frames.append(Frame(panel.view.id, col + pad, cols, x0, top, scale))
        grids.append(grid)
        col += width + (gaps[n] if n < len(gaps) else 0)
    merged: list[tuple[Cell, ...]] = []
    for y in range(rows):
        row: list[Cell] = []
        for n, grid in enumerate(grids):
            if n:
                row.extend([Cell(" ", Role.EMPTY)] * gaps[n - 1])
            row.extend(grid[y])
        merged.append(tuple(row))
    return TerminalMap(tuple(merged), tuple(labels), tuple(frames))


def _fill(polygon: Polygon, scale: float, x0: float, y0: float, w: int, h: int) -> set[tuple[int, int]]:
    """The dots whose centres fall inside the polygon (scanline, even-odd)."""
    dots: set[tuple[int, int]] = set()
    for j in range(h):
        y = y0 + (j + 0.5) / scale
        for a, b in spans(polygon, y):
            first = max(0, math.ceil((a - x0) * scale - 0.5))
            last = min(w - 1, math.floor((b - x0) * scale - 0.5))
            dots.update((i, j) for i in range(first, last + 1))
    return dots


def _panel(
    panel: Panel, scale: float, top: float, rows: int, xs: tuple[float, float]
) -> tuple[list[list[Cell]], float]:
    """The view's cells, and the atlas ``x`` at their left edge."""
    bx0, bx1 = xs
    cols = math.ceil((bx1 - bx0) * scale / 2) + 1
    w, h = cols * 2, rows * 4
    x0 = (bx0 + bx1) / 2 - w / 2 / scale  # centre the figure in its cells
    # One dot of margin all round, so that a figure cut by the window is open there, not
    # boxed: a dot is outline only where the body itself ends.
    body = {
        (i - 1, j - 1)
        for i, j in _fill(panel.view.silhouette, scale, x0 - 1 / scale, top - 1 / scale, w + 2, h + 2)
    }
    role: dict[tuple[int, int], Role] = {}
    for i, j in body:
        if not (0 <= i < w and 0 <= j < h):
            continue
        if any(n not in body for n in ((i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1))):
            role[(i, j)] = Role.OUTLINE
    role.update(dict.fromkeys(_contour_dots(panel.view, scale, x0, top, w, h), Role.OUTLINE))
    zone_dots: list[tuple[ZoneShape, set[tuple[int, int]]]] = []
    for shape in panel.zones:  # spillover first, essential on top
        dots = set().union(*(_fill(poly, scale, x0, top, w, h) for poly in shape.polygons))
        zone_dots.append((shape, dots))
        for i, j in dots:
            if shape.zone is Zone.ESSENTIAL:
                role[(i, j)] = Role.ESSENTIAL
            elif (i + j) % 2 == 0:
                role[(i, j)] = Role.SPILLOVER
            elif role.get((i, j)) is Role.OUTLINE:
                del role[(i, j)]  # keep the stipple open even at the body's edge
    bits = [[0] * cols for _ in range(rows)]
    cell_role = [[Role.EMPTY] * cols for _ in range(rows)]
    for (i, j), r in role.items():
        cx, cy = i // 2, j // 4
        bits[cy][cx] |= _BITS[i % 2][j % 4]
        if _RANK[r] > _RANK[cell_role[cy][cx]]:
            cell_role[cy][cx] = r
    # A limb two dots wide (a hand in the whole figure) is all edge: drawn (nearly) solid it
    # would read as ⣿, the essential zone, so it keeps only its outer column of dots.
    for cy in range(rows):
        for cx in range(cols):
            if cell_role[cy][cx] is Role.OUTLINE and bits[cy][cx].bit_count() >= 7:
                outer_left = x0 + (2 * cx + 1) / scale < 0
                bits[cy][cx] &= _LEFT_COLUMN if outer_left else _RIGHT_COLUMN
    for shape, dots in zone_dots:
        _keep_legible(shape, dots, bits, cell_role, frame=(x0, top, scale))
    grid = [
        [Cell(chr(0x2800 + b) if b else " ", r) for b, r in zip(brow, rrow, strict=True)]
        for brow, rrow in zip(bits, cell_role, strict=True)
    ]
    for site in panel.sites:
        for x, y in site.points:
            cx = min(cols - 1, max(0, int((x - x0) * scale / 2)))
            cy = min(rows - 1, max(0, int((y - top) * scale / 4)))
            grid[cy][cx] = Cell(TRIGGER_MARK, Role.TRIGGER)
    return grid, x0


def _contour_dots(view: View, scale: float, x0: float, top: float, w: int, h: int) -> set[tuple[int, int]]:
    """The dots under the view's contour lines (the arm over the trunk, the ear)."""
    dots: set[tuple[int, int]] = set()
    for line in view.contours:
        for (xa, ya), (xb, yb) in itertools.pairwise(line):
            steps = max(1, math.ceil(math.hypot(xb - xa, yb - ya) * scale * 2))
            for k in range(steps + 1):
                x = xa + (xb - xa) * k / steps
                y = ya + (yb - ya) * k / steps
                i, j = math.floor((x - x0) * scale), math.floor((y - top) * scale)
                if 0 <= i < w and 0 <= j < h:
                    dots.add((i, j))
    return dots


def _reads_as(role: Role, cell_bits: int) -> bool:
    """Whether a cell's dots tell its zone without colour: dense (essential) or ⢕ (spillover)."""
    if role is Role.ESSENTIAL:
        return cell_bits.bit_count() >= 6
    return cell_bits == _STIPPLE


def _keep_legible(
    shape: ZoneShape,
    dots: set[tuple[int, int]],
    bits: list[list[int]],
    cell_role: list[list[Role]],
    *,
    frame: tuple[float, float, float],
) -> None:
    """Give a zone too small for the dot grid one cell of its own pattern.

    A thin region (the top of the foot seen from the side is about 2 cm deep) gets a dot
    or two, or none, at terminal scale; stippled and mixed with the outline it would not
    show at all, though the SVG draws it. Such a zone takes the cell it covers most (or
    the cell at its centre); when a stronger zone holds those, a neighbouring cell of the
    body (never the empty space around it).
    """
    role = Role.ESSENTIAL if shape.zone is Zone.ESSENTIAL else Role.SPILLOVER
    pattern = _SOLID if role is Role.ESSENTIAL else _STIPPLE
    rows, cols = len(bits), len(bits[0])
    count: dict[tuple[int, int], int] = {}
    for i, j in dots:
        count[(i // 2, j // 4)] = count.get((i // 2, j // 4), 0) + 1
    if any(cell_role[cy][cx] is role and _reads_as(role, bits[cy][cx]) for cx, cy in count):
        return
    x0, top, scale = frame
    points = [p for poly in shape.polygons for p in poly]
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    centre = (
        min(cols - 1, max(0, int((mx - x0) * scale / 2))),
        min(rows - 1, max(0, int((my - top) * scale / 4))),
    )
    covered = list(count) or [centre]
    candidates = [c for c in covered if _RANK[cell_role[c[1]][c[0]]] <= _RANK[role]]
    if not candidates:
        # Held by a stronger zone (the ankle beside the foot): take the body's cell next to it.
        candidates = [
            (nx, ny)
            for cx, cy in covered
            for nx in range(max(0, cx - 1), min(cols, cx + 2))
            for ny in range(max(0, cy - 1), min(rows, cy + 2))
            if Role.EMPTY is not cell_role[ny][nx] and _RANK[cell_role[ny][nx]] <= _RANK[role]
        ]
    if not candidates:
        return
    cx, cy = min(
        candidates,
        key=lambda c: (-count.get(c, 0), (c[0] - centre[0]) ** 2 + (c[1] - centre[1]) ** 2, c),
    )
    bits[cy][cx] = pattern
    cell_role[cy][cx] = role
