"""Referral pain maps rasterised to braille cells for the terminal, as plain data.

Each character cell is a 2×4 braille dot block, so a map 18 rows tall has 72 dots of
height. The core returns cells tagged with a :class:`Role`; the study app colours them
(essential solid red, spillover a lighter red, trigger points bright, the outline dim).
Without colour the dots still tell the zones apart: essential zones are solid (⣿),
spillover zones stippled (⢕), trigger points are ×.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from quizzer.atlas import Atlas, Panel, Point, Polygon, load_atlas, pain_map, spans
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

_CROP_MARGIN = 16.0
"""Centimetres of figure kept above the highest mark when cropping (about a hand)."""


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
) -> TerminalMap:
    """Rasterise a muscle's pain map to ``rows`` lines of braille cells.

    Each view the pattern needs is drawn side by side, ``gap`` blank columns apart. With
    ``crop`` the figures start a hand's breadth above the highest zone or trigger point
    instead of at the head: a pattern of the hip and leg then gets half as many dots
    again, which is what makes small zones such as the ankle legible at 80×24. At the
    default 18 rows the widest map (three views of the hip) is under 60 columns.
    ``views`` forces the views shown (see :func:`quizzer.atlas.pain_map`).
    """
    chart = pain_map(muscle, atlas or load_atlas(), views=views)
    top, bottom = -1.0, 177.0
    if crop:
        ys = [y for p in chart.panels for z in p.zones for poly in z.polygons for _, y in poly]
        ys += [y for p in chart.panels for s in p.sites for _, y in s.points]
        if ys:
            top = max(top, min(ys) - _CROP_MARGIN)
    scale = rows * 4 / (bottom - top)  # dots per centimetre, the same across and down
    grids: list[list[list[Cell]]] = []
    labels: list[tuple[int, str]] = []
    frames: list[Frame] = []
    col = 0
    for panel in chart.panels:
        grid, x0 = _panel(panel, scale, top, rows)
        cols = len(grid[0])
        width = max(cols, len(panel.view.label))
        pad = (width - cols) // 2
        grid = [
            [Cell(" ", Role.EMPTY)] * pad + r + [Cell(" ", Role.EMPTY)] * (width - pad - len(r))
            for r in grid
        ]
        labels.append((col + (width - len(panel.view.label)) // 2, panel.view.label))
        frames.append(Frame(panel.view.id, col + pad, cols, x0, top, scale))
        grids.append(grid)
        col += width + gap
    merged: list[tuple[Cell, ...]] = []
    for y in range(rows):
        row: list[Cell] = []
        for n, grid in enumerate(grids):
            if n:
                row.extend([Cell(" ", Role.EMPTY)] * gap)
            row.extend(grid[y])
        merged.append(tuple(row))
    return TerminalMap(tuple(merged), tuple(labels), tuple(frames))


def _fill(
    polygon: Polygon, scale: float, x0: float, y0: float, w: int, h: int
) -> set[tuple[int, int]]:
    """The dots whose centres fall inside the polygon (scanline, even-odd)."""
    dots: set[tuple[int, int]] = set()
    for j in range(h):
        y = y0 + (j + 0.5) / scale
        for a, b in spans(polygon, y):
            first = max(0, math.ceil((a - x0) * scale - 0.5))
            last = min(w - 1, math.floor((b - x0) * scale - 0.5))
            dots.update((i, j) for i in range(first, last + 1))
    return dots


def _panel(panel: Panel, scale: float, top: float, rows: int) -> tuple[list[list[Cell]], float]:
    """The view's cells, and the atlas ``x`` at their left edge."""
    bx0, _, bx1, _ = panel.view.bounds()
    cols = math.ceil((bx1 - bx0) * scale / 2) + 1
    w, h = cols * 2, rows * 4
    x0 = (bx0 + bx1) / 2 - w / 2 / scale  # centre the figure in its cells
    # One dot row above the window, so that a cropped figure is open at the top, not boxed.
    body = {
        (i, j - 1) for i, j in _fill(panel.view.silhouette, scale, x0, top - 1 / scale, w, h + 1)
    }
    role: dict[tuple[int, int], Role] = {}
    for i, j in body:
        if j < 0:
            continue
        if any(n not in body for n in ((i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1))):
            role[(i, j)] = Role.OUTLINE
    for shape in panel.zones:  # spillover first, essential on top
        for poly in shape.polygons:
            for i, j in _fill(poly, scale, x0, top, w, h):
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
