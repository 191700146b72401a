"""The "mark the zones" core: clicking regions on the figure and grading the marks."""

from __future__ import annotations

import pytest

from quizzer.atlas import VIEW_ORDER, load_atlas
from quizzer.atlas.marking import grade_marking, region_at
from quizzer.atlas.terminal import render_cells
from quizzer.model import Muscle, ReferralZone, Zone
from quizzer.regions import BODY_REGIONS

ATLAS = load_atlas()
MUSCLE = Muscle(
    id="m",
    name="M",
    deck="d",
    referral_zones=(
        ReferralZone("buttock", Zone.ESSENTIAL),
        ReferralZone("lateral-thigh", Zone.ESSENTIAL),
        ReferralZone("lateral-ankle", Zone.SPILLOVER),
    ),
)


def _centroid(region: str) -> tuple[str, tuple[float, float]]:
    view, polys = next(iter(ATLAS.regions[region].items()))
    poly = polys[0]
    return view, (sum(p[0] for p in poly) / len(poly), sum(p[1] for p in poly) / len(poly))


@pytest.mark.parametrize(
    "region",
    ["sacrum", "coccyx", "posterior-hip", "lateral-ankle", "anterior-knee", "sacroiliac-joint"],
)
def test_every_small_region_can_be_picked(region: str) -> None:
    view, point = _centroid(region)
    assert region_at(view, point) == region


def test_points_off_every_region_pick_nothing() -> None:
    assert region_at("front", (0.0, 10.0)) is None  # the head
    assert region_at("back", (40.0, 90.0)) is None  # beside the figure


@pytest.mark.parametrize(
    ("marked", "score", "extra"),
    [
        ({"buttock", "lateral-thigh"}, 1.0, set()),
        ({"buttock", "lateral-thigh", "lateral-ankle"}, 1.0, set()),  # spillover is free
        ({"buttock"}, 0.5, set()),
        ({"buttock", "lateral-thigh", "groin"}, 2 / 3, {"groin"}),
        (set(), 0.0, set()),
    ],
)
def test_marks_are_graded_by_overlap_with_the_essential_zone(
    marked: set[str], score: float, extra: set[str]
) -> None:
    result = grade_marking(MUSCLE, marked)
    assert result.score == pytest.approx(score)
    assert result.extra == extra
    assert result.hits | result.missed == {"buttock", "lateral-thigh"}


def test_a_terminal_click_finds_the_region_under_it() -> None:
    tmap = render_cells(MUSCLE, crop=False, views=VIEW_ORDER)
    assert [f.view for f in tmap.frames] == list(VIEW_ORDER)
    found: set[str] = set()
    for row in range(len(tmap.rows)):
        for col in range(tmap.width):
            spot = tmap.locate(col, row)
            if spot is not None:
                region = region_at(*spot)
                if region:
                    found.add(region)
    # At 18 rows most regions have a cell of their own; the big ones certainly do.
    assert {"buttock", "lateral-thigh", "posterior-calf", "anterior-thigh"} <= found
    assert found <= set(BODY_REGIONS)
    assert tmap.locate(-1, 0) is None and tmap.locate(0, 99) is None


def test_forced_views_reject_unknown_ones() -> None:
    with pytest.raises(ValueError, match="views must be some of front, back, side"):
        render_cells(MUSCLE, views=("top",))
