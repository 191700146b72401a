"""Terminal pain maps: braille cells with roles, legible at 80×24, golden text snapshots."""

from __future__ import annotations

import os
from itertools import pairwise
from pathlib import Path

import pytest

from quizzer.atlas.terminal import TRIGGER_MARK, Role, render_cells
from quizzer.decks import load_library
from quizzer.model import Muscle, ReferralZone, Zone
from tests.banks import bundled_library

GOLDEN = Path(__file__).parent / "golden"
BUNDLED = bundled_library()[0]
MUSCLES = sorted(BUNDLED.muscles(), key=lambda m: m.id)
MAPPED = [m for m in MUSCLES if m.referral_zones]
UNMAPPED = [m for m in MUSCLES if not m.referral_zones]
"""Muscles for which Travell & Simons give no referral pattern (longus colli, psoas minor,
the intercostals, ...): no zones to paint."""
MINI, _ = load_library([Path(__file__).parent.parent / "data" / "mini.yaml"], include_bundled=False)


def _check_golden(name: str, text: str) -> None:
    # Regenerate on purpose with QUIZZER_UPDATE_GOLDEN=1, then read the diff.
    path = GOLDEN / name
    if os.environ.get("QUIZZER_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("deck", "muscle"),
    [
        ("bundled", "gluteus-minimus"),
        ("bundled", "quadratus-lumborum"),
        ("bundled", "fibularis-longus"),
        ("mini", "alpha"),
    ],
)
def test_terminal_map_matches_its_golden_snapshot(deck: str, muscle: str) -> None:
    library = BUNDLED if deck == "bundled" else MINI
    _check_golden(f"{muscle}.txt", render_cells(library.muscle(muscle)).to_text())


@pytest.mark.parametrize("muscle", MAPPED, ids=[m.id for m in MAPPED])
def test_every_bundled_map_fits_an_80x24_screen(muscle: Muscle) -> None:
    tmap = render_cells(muscle)
    assert len(tmap.rows) == 18
    assert tmap.width <= 60
    assert all(len(row) == tmap.width for row in tmap.rows)
    roles = {cell.role for row in tmap.rows for cell in row}
    assert {Role.OUTLINE, Role.ESSENTIAL} <= roles
    marks = sum(cell.char == TRIGGER_MARK for row in tmap.rows for cell in row)
    assert (Role.TRIGGER in roles) == (marks > 0)
    # Two views side by side stay within 38 columns each.
    starts = [col for col, _ in tmap.labels] + [tmap.width]
    assert all(b - a <= 38 + 2 for a, b in pairwise(starts))


def test_a_muscle_with_no_referral_pattern_paints_no_zone() -> None:
    # Its figure is the outline and the trigger points it lists, if any: nothing is painted
    # as referred pain, and it has no pattern to describe either.
    assert MAPPED and UNMAPPED
    for muscle in UNMAPPED:
        assert not muscle.referral_description, muscle.id
        tmap = render_cells(muscle)
        roles = {cell.role for row in tmap.rows for cell in row}
        assert Role.OUTLINE in roles and not {Role.ESSENTIAL, Role.SPILLOVER} & roles, muscle.id
        assert (Role.TRIGGER in roles) == bool(muscle.trigger_point_sites), muscle.id


def test_roles_follow_the_zones() -> None:
    muscle = Muscle(
        id="m",
        name="M",
        deck="d",
        referral_zones=(
            ReferralZone("lateral-thigh", Zone.ESSENTIAL),
            ReferralZone("lateral-leg", Zone.SPILLOVER),
        ),
    )
    tmap = render_cells(muscle, crop=False)
    cells = [cell for row in tmap.rows for cell in row]
    assert {c.char for c in cells if c.role is Role.ESSENTIAL} >= {"⣿"}
    stipple = {c.char for c in cells if c.role is Role.SPILLOVER}
    assert stipple and "⣿" not in stipple
    assert all(c.char == " " for c in cells if c.role is Role.EMPTY)

    # Essential rows lie above spillover rows: thigh above leg.
    def rows_of(role: Role) -> list[int]:
        return [y for y, row in enumerate(tmap.rows) if any(c.role is role for c in row)]

    assert max(rows_of(Role.ESSENTIAL)) <= min(rows_of(Role.SPILLOVER))
    assert tmap.caption().strip() == "Right side"


def test_segments_rebuild_the_rows() -> None:
    tmap = render_cells(BUNDLED.muscle("piriformis"))
    for row, runs in zip(tmap.rows, tmap.segments(), strict=True):
        assert "".join(text for text, _ in runs) == "".join(c.char for c in row)
        assert all(a[1] is not b[1] for a, b in pairwise(runs))


def test_cropping_keeps_the_figure_open_at_the_top() -> None:
    muscle = BUNDLED.muscle("fibularis-longus")
    cropped = render_cells(muscle)
    full = render_cells(muscle, crop=False)
    assert cropped.width > full.width  # cropping buys resolution
    assert "⠉⠉⠉⠉" not in cropped.rows[0][0].char + "".join(c.char for c in cropped.rows[0])


def test_rows_can_be_chosen_and_output_is_deterministic() -> None:
    muscle = BUNDLED.muscle("gluteus-medius")
    assert len(render_cells(muscle, rows=10).rows) == 10
    assert render_cells(muscle) == render_cells(muscle)
