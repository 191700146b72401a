"""The bones and bony features an attachment's words name (``quizzer.generate.bones``),
over every bundled attachment."""

from __future__ import annotations

import pytest

from quizzer.generate.bones import BONES, attachment_bones, shares_bony_feature
from quizzer.model import Facet
from tests.banks import bundled_library


def test_every_bundled_attachment_lies_on_a_known_bone() -> None:
    texts = {
        i.text
        for m in bundled_library()[0].muscles()
        for f in (Facet.ORIGIN, Facet.INSERTION)
        for i in m.items(f)
    }
    assert len(texts) > 250
    unknown = sorted(t for t in texts if not attachment_bones(t) or not attachment_bones(t) <= BONES)
    assert not unknown


@pytest.mark.parametrize(
    ("text", "bones"),
    [
        ("Popliteal groove on the lateral condyle of the femur", {"femur"}),
        ("Upper two-thirds of the iliac fossa and the inner lip of the iliac crest", {"ilium"}),
        ("Iliotibial tract", {"femur", "tibia"}),
        ("Posterior surface of the humerus, above the radial groove", {"humerus"}),
        ("Medial (ulnar) side of the base of the proximal phalanx of the little finger", {"fingers"}),
        ("Spinous processes of the cervical vertebrae", {"cervical"}),
        ("Transverse processes of L1–L4", {"lumbar"}),
        ("Anterior tubercle of the atlas (C1)", {"cervical"}),
        (
            "Common erector spinae tendon (sacrum, iliac crest and lumbar spinous processes)",
            {"sacrum", "ilium", "lumbar"},
        ),
        ("Infratemporal surface and crest of the greater wing of the sphenoid", {"sphenoid"}),
        ("Coronoid process of the mandible", {"mandible"}),
        ("Anterior surface of the coronoid process of the ulna", {"ulna"}),
        ("Hook of the hamate", {"carpus"}),
        ("Superficial (palmar) surface of the flexor retinaculum", {"carpus"}),
        ("Medial lip of the bicipital (intertubercular) groove of the humerus", {"humerus"}),
    ],
)
def test_the_bones_of_an_attachment(text: str, bones: set[str]) -> None:
    assert attachment_bones(text) == bones


@pytest.mark.parametrize(
    ("wrong", "truth", "half_true"),
    [
        (
            "Posterior surface of the lateral condyle of the femur",
            "Popliteal groove on the lateral condyle of the femur",
            True,
        ),
        (
            "Posterior surface of the medial condyle of the femur",
            "Popliteal groove on the lateral condyle of the femur",
            False,
        ),
        (
            "Lateral supracondylar line of the femur",
            "Popliteal groove on the lateral condyle of the femur",
            False,
        ),
        ("Lateral condyle of the tibia", "Popliteal groove on the lateral condyle of the femur", False),
        (
            "Anterior two-thirds of the iliac crest",
            "Upper two-thirds of the iliac fossa and the inner lip of the iliac crest",
            True,
        ),
        (
            "Anterior part of the outer lip of the iliac crest",
            "Upper two-thirds of the iliac fossa and the inner lip of the iliac crest",
            False,
        ),
        (
            "Lateral surface of the greater trochanter of the femur",
            "Anterior facet of the greater trochanter of the femur",
            False,
        ),
        (
            "Middle facet of the greater tubercle of the humerus",
            "Superior facet of the greater tubercle of the humerus",
            False,
        ),
        (
            "Medial surface of the ramus and angle of the mandible",
            "Lateral surface of the ramus and angle of the mandible",
            False,
        ),
        ("Superior lip of the spine of the scapula", "Inferior lip of the spine of the scapula", False),
        (
            "Medial border of the scapula, from the root of the spine to the inferior angle",
            "Medial border of the scapula at the root of the spine",
            False,
        ),
        (
            "Lateral part of the superior nuchal line of the occipital bone",
            "Medial third of the superior nuchal line of the occipital bone",
            False,
        ),
        (
            "Distal third of the lateral supracondylar ridge of the humerus",
            "Proximal two-thirds of the lateral supracondylar ridge of the humerus",
            False,
        ),
        (
            "Floor of the bicipital (intertubercular) groove of the humerus",
            "Lateral lip of the bicipital (intertubercular) groove of the humerus",
            False,
        ),
        ("Lateral process of the calcaneal tuberosity", "Medial process of the calcaneal tuberosity", False),
        ("Tubercle of the trapezium", "Tubercle of the scaphoid", False),
        (
            "Transverse processes of the cervical vertebrae",
            "Spinous processes of the cervical vertebrae",
            False,
        ),
        ("Transverse processes of L1–L5", "Transverse processes of L1–L4", True),
    ],
)
def test_a_bony_feature_shared_with_a_true_attachment_is_half_true(
    wrong: str, truth: str, half_true: bool
) -> None:
    assert shares_bony_feature(wrong, [truth]) is half_true
