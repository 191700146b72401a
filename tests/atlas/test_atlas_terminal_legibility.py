"""Terminal maps without colour: ⣿ only for essential zones, and small zones still show."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.atlas import VIEW_ORDER, load_atlas
from quizzer.atlas.terminal import Role, TerminalMap, render_cells
from quizzer.decks import load_library
from quizzer.model import Muscle, ReferralZone, Zone

MINI, _ = load_library([Path(__file__).parent.parent / "data" / "mini.yaml"], include_bundled=False)

SOLID, STIPPLE = "⣿", "⢕"


def _muscle(*zones: tuple[str, Zone]) -> Muscle:
    return Muscle(
        id="m", name="M", deck="d", referral_zones=tuple(ReferralZone(region, zone) for region, zone in zones)
    )


def _dots(char: str) -> int:
    return (ord(char) - 0x2800).bit_count() if "\u2800" <= char <= "\u28ff" else 0


def _cells(tmap: TerminalMap) -> list[tuple[int, int, str, Role]]:
    return [(x, y, c.char, c.role) for y, row in enumerate(tmap.rows) for x, c in enumerate(row)]


HIP = _muscle(("lateral-thigh", Zone.SPILLOVER))
FOOT = _muscle(("lateral-ankle", Zone.ESSENTIAL), ("dorsum-of-foot", Zone.SPILLOVER))


@pytest.mark.parametrize("rows", [12, 18, 24, 30, 40])
@pytest.mark.parametrize("crop", [False, True])
@pytest.mark.parametrize("views", [None, VIEW_ORDER], ids=["chosen-views", "all-views"])
@pytest.mark.parametrize(
    "muscle",
    [HIP, FOOT, *MINI.muscles()],
    ids=lambda m: m.id if m.deck != "d" else "-".join(z.region for z in m.referral_zones),
)
def test_solid_cells_only_ever_mean_essential(
    muscle: Muscle, views: tuple[str, ...] | None, crop: bool, rows: int
) -> None:
    # The whole figure's hands are two dots wide: drawn solid, they read as pain zones.
    if not muscle.referral_zones:
        pytest.skip("no map")
    tmap = render_cells(muscle, rows=rows, crop=crop, views=views)
    for x, y, char, role in _cells(tmap):
        if char == SOLID:
            assert role is Role.ESSENTIAL, (x, y, role)
        if role is Role.OUTLINE:
            assert char != STIPPLE and _dots(char) < 7, (x, y, char)


@pytest.mark.parametrize("view", ["front", "back"])
def test_the_whole_figure_draws_the_hands_as_outline(view: str) -> None:
    tmap = render_cells(HIP, rows=18, crop=False, views=(view,))
    # Rows 7–9 of 18 hold the hands, at the outer edges of the figure.
    for y in (7, 8, 9):
        edge = [c for c in tmap.rows[y] if c.char != " "]
        for hand in (edge[0], edge[-1]):
            assert hand.role is Role.OUTLINE and _dots(hand.char) <= 4, tmap.to_text()
    assert not any(c.char == SOLID for row in tmap.rows for c in row)  # HIP has no essential


@pytest.mark.parametrize("rows", [12, 18, 24, 40])
@pytest.mark.parametrize("crop", [False, True])
def test_the_top_of_the_foot_shows_as_spillover(crop: bool, rows: int) -> None:
    tmap = render_cells(FOOT, rows=rows, crop=crop)
    [frame] = tmap.frames
    assert frame.view == "side"
    stippled = [(x, y) for x, y, char, role in _cells(tmap) if role is Role.SPILLOVER and char == STIPPLE]
    assert stippled, tmap.to_text()
    # ... where the foot is: the cell's centre lies within a cell or so of the region.
    [polygon] = load_atlas().regions["dorsum-of-foot"]["side"]
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    slack_x, slack_y = 2 / frame.scale * 1.5, 4 / frame.scale * 1.5
    for x, y in stippled:
        located = tmap.locate(x, y)
        assert located is not None
        _, (px, py) = located
        assert min(xs) - slack_x <= px <= max(xs) + slack_x
        assert min(ys) - slack_y <= py <= max(ys) + slack_y


def test_a_zone_is_not_forced_over_a_stronger_one() -> None:
    # The ankle (essential) stays essential where the foot's spillover is marked.
    tmap = render_cells(FOOT, rows=18, crop=False)
    roles = {role for _, _, _, role in _cells(tmap)}
    assert Role.ESSENTIAL in roles and Role.SPILLOVER in roles
    essential = render_cells(_muscle(("lateral-ankle", Zone.ESSENTIAL)), rows=18, crop=False)
    assert [(x, y) for x, y, _, r in _cells(essential) if r is Role.ESSENTIAL] == [
        (x, y) for x, y, _, r in _cells(tmap) if r is Role.ESSENTIAL
    ]
