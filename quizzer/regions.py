"""The fixed vocabulary of body regions that referral zones name."""

from __future__ import annotations

BODY_REGIONS: dict[str, str] = {
    "low-back": "Low back",
    "iliac-crest": "Along the iliac crest",
    "sacroiliac-joint": "Sacroiliac joint region",
    "sacrum": "Sacrum",
    "coccyx": "Coccyx",
    "buttock": "Buttock",
    "lateral-hip": "Side of the hip (greater trochanter)",
    "anterior-hip": "Front of the hip",
    "posterior-hip": "Back of the hip joint",
    "groin": "Groin",
    "lower-abdomen": "Lower abdomen",
    "anterior-thigh": "Front of the thigh",
    "lateral-thigh": "Outer (lateral) thigh",
    "posterior-thigh": "Back of the thigh",
    "lateral-knee": "Outer (lateral) knee",
    "anterior-knee": "Front of the knee (patella)",
    "posterior-knee": "Back of the knee",
    "lateral-leg": "Outer (lateral) leg, peroneal region",
    "posterior-calf": "Calf",
    "lateral-ankle": "Outer ankle (around the lateral malleolus)",
    "lateral-foot": "Outer edge of the foot",
    "dorsum-of-foot": "Top of the foot",
}
"""Region id → label. Deck files name regions by id; the pain maps draw them."""

MUSCLE_REGIONS: dict[str, str] = {
    "gluteal": "Gluteal region",
    "hip": "Hip",
    "lumbar": "Lumbar region",
    "thigh": "Thigh",
    "leg": "Leg",
    "foot": "Foot",
    "trunk": "Trunk",
    "shoulder": "Shoulder",
    "arm": "Arm",
    "forearm": "Forearm",
    "neck": "Neck",
    "head": "Head",
}
"""Where a muscle lies: the ``region`` of a muscle."""

MUSCLE_NEIGHBOURS: dict[str, frozenset[str]] = {
    region: frozenset(near)
    for region, near in {
        "gluteal": ("hip", "lumbar", "thigh"),
        "hip": ("gluteal", "thigh", "lumbar"),
        "lumbar": ("gluteal", "hip", "trunk"),
        "thigh": ("hip", "gluteal", "leg"),
        "leg": ("thigh", "foot"),
        "foot": ("leg",),
        "trunk": ("lumbar", "shoulder", "neck"),
        "shoulder": ("trunk", "arm", "neck"),
        "arm": ("shoulder", "forearm"),
        "forearm": ("arm",),
        "neck": ("head", "shoulder", "trunk"),
        "head": ("neck",),
    }.items()
}
"""Muscle regions that touch: "which muscle?" options come from the answer's own region
first, then from these, so that the region alone does not point at the answer."""

NEIGHBOURS: dict[str, frozenset[str]] = {
    region: frozenset(near)
    for region, near in {
        "low-back": ("iliac-crest", "sacroiliac-joint", "sacrum"),
        "iliac-crest": ("low-back", "sacroiliac-joint", "buttock", "lateral-hip"),
        "sacroiliac-joint": ("low-back", "iliac-crest", "sacrum", "buttock"),
        "sacrum": ("low-back", "sacroiliac-joint", "coccyx", "buttock"),
        "coccyx": ("sacrum", "buttock"),
        "buttock": ("sacroiliac-joint", "sacrum", "coccyx", "iliac-crest", "lateral-hip",
                    "posterior-hip", "posterior-thigh"),
        "lateral-hip": ("buttock", "iliac-crest", "anterior-hip", "posterior-hip",
                        "lateral-thigh"),
        "anterior-hip": ("lateral-hip", "groin", "anterior-thigh"),
        "posterior-hip": ("buttock", "lateral-hip", "posterior-thigh"),
        "groin": ("anterior-hip", "lower-abdomen", "anterior-thigh"),
        "lower-abdomen": ("groin",),
        "anterior-thigh": ("anterior-hip", "groin", "lateral-thigh", "anterior-knee"),
        "lateral-thigh": ("lateral-hip", "anterior-thigh", "posterior-thigh", "lateral-knee"),
        "posterior-thigh": ("buttock", "posterior-hip", "lateral-thigh", "posterior-knee"),
        "lateral-knee": ("lateral-thigh", "anterior-knee", "posterior-knee", "lateral-leg"),
        "anterior-knee": ("anterior-thigh", "lateral-knee"),
        "posterior-knee": ("posterior-thigh", "lateral-knee", "posterior-calf"),
        "lateral-leg": ("lateral-knee", "posterior-calf", "lateral-ankle"),
        "posterior-calf": ("posterior-knee", "lateral-leg"),
        "lateral-ankle": ("lateral-leg", "lateral-foot", "dorsum-of-foot"),
        "lateral-foot": ("lateral-ankle", "dorsum-of-foot"),
        "dorsum-of-foot": ("lateral-ankle", "lateral-foot"),
    }.items()
}
"""Regions that touch: never offered as a wrong referral zone next to a right one, since
the edge between two neighbouring zones is where charts in different books disagree."""
