"""SVG pain charts: well-formed, small, deterministic, and rendered by a real SVG engine."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import cairosvg  # type: ignore[import-untyped]
import pytest
from PIL import Image

from quizzer.atlas import load_atlas
from quizzer.atlas.svg import RED, render_svg
from quizzer.model import Muscle, ReferralZone, Zone
from tests.banks import bundled_library

NS = "{http://www.w3.org/2000/svg}"
BUNDLED = bundled_library()[0]
MUSCLES = sorted(BUNDLED.muscles(), key=lambda m: m.id)
MAPPED = [m for m in MUSCLES if m.referral_zones]
"""Every muscle with a referral pattern; Travell & Simons give none for some (longus colli,
psoas minor, the intercostals), which have no zones to paint."""


def _png(svg: str, background: str) -> Image.Image:
    data = cairosvg.svg2png(bytestring=svg.encode(), background_color=background)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(data)).convert("RGB")


@pytest.mark.parametrize("muscle", MAPPED, ids=[m.id for m in MAPPED])
def test_chart_parses_is_small_and_renders_on_light_and_dark(muscle: Muscle) -> None:
    svg = render_svg(muscle)
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    assert len(svg.encode()) < 12_000, "a chart should be a few kilobytes"
    labels = [t.text for t in root.iter(f"{NS}text")]
    assert muscle.name in labels
    for background in ("white", "#1e1e1e"):
        image = _png(svg, background)
        assert image.size == (int(root.get("width", "0")), 320)
        red = tuple(int(RED[i : i + 2], 16) for i in (1, 3, 5))
        assert red in {c for _, c in image.getcolors(1 << 16) or []}, "essential zone painted"


def test_chart_shows_the_needed_views_and_a_matching_legend() -> None:
    atlas = load_atlas()
    muscle = Muscle(
        id="m",
        name="M",
        deck="d",
        referral_zones=(
            ReferralZone("lateral-leg", Zone.ESSENTIAL),
            ReferralZone("posterior-calf", Zone.SPILLOVER),
        ),
    )
    root = ET.fromstring(render_svg(muscle, atlas))
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert [t for t in texts if t in ("Front", "Back", "Right side")] == ["Back", "Right side"]
    assert "Essential zone" in texts and "Spillover zone" in texts
    assert "Trigger point" not in texts  # the atlas has no sites for "m"
    stippled = [p for p in root.iter(f"{NS}polygon") if p.get("fill", "").startswith("url(#")]
    assert len(stippled) == 1


def test_trigger_points_are_drawn_as_crosses() -> None:
    muscle = BUNDLED.muscle("vastus-lateralis")
    root = ET.fromstring(render_svg(muscle))
    crosses = [p for p in root.iter(f"{NS}path") if p.get("stroke") == "#000"]
    points = sum(len(s.points) for s in load_atlas().muscle_sites(muscle))
    assert len(crosses) - 1 == points  # one more in the legend
    assert "Trigger point" in [t.text for t in root.iter(f"{NS}text")]


def test_untitled_chart_does_not_give_the_muscle_away() -> None:
    muscle = BUNDLED.muscle("gluteus-minimus")
    svg = render_svg(muscle, title=False)
    for word in ("gluteus", "minimus", "Gluteus"):
        assert word not in svg
    ET.fromstring(svg)


def test_output_is_deterministic_and_ids_can_be_chosen() -> None:
    muscle = BUNDLED.muscle("piriformis")
    assert render_svg(muscle) == render_svg(muscle)
    assert 'id="exam-q3"' in render_svg(muscle, id_prefix="exam-q3")
    other = render_svg(BUNDLED.muscle("gluteus-medius"))
    first_id = render_svg(muscle).split('pattern id="')[1].split('"')[0]
    assert f'id="{first_id}"' not in other, "two charts on one page need distinct ids"


def test_names_with_markup_characters_are_escaped() -> None:
    muscle = Muscle(
        id="x", name="A <b> & C", deck="d", referral_zones=(ReferralZone("groin", Zone.ESSENTIAL),)
    )
    root = ET.fromstring(render_svg(muscle))
    assert "A <b> & C" in [t.text for t in root.iter(f"{NS}text")]


def test_views_can_be_forced_for_exercises() -> None:
    muscle = BUNDLED.muscle("fibularis-longus")
    root = ET.fromstring(render_svg(muscle, views=("front", "back", "side")))
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert [t for t in texts if t in ("Front", "Back", "Right side")] == [
        "Front",
        "Back",
        "Right side",
    ]
