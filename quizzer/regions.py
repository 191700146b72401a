"""The fixed vocabulary of body regions that referral zones name."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizzer.model import Deck, Library

BODY_REGIONS: dict[str, str] = {
    # Head and face
    "vertex": "Top of the head (vertex)",
    "forehead": "Forehead",
    "eyebrow": "Over the eyebrow (supraorbital region)",
    "orbit": "In and around the eye (orbit)",
    "temple": "Temple (temporal region)",
    "cheek": "Cheek (maxillary region)",
    "ear": "Ear",
    "tmj": "Temporomandibular joint (in front of the ear)",
    "jaw": "Jaw (body and angle of the mandible)",
    "upper-teeth": "Upper teeth (maxillary)",
    "lower-teeth": "Lower teeth (mandibular)",
    "occiput": "Back of the head (occipital region)",
    "mastoid": "Behind the ear (mastoid region)",
    # Neck
    "throat": "Throat (front of the neck)",
    "lateral-neck": "Side of the neck",
    "posterior-neck": "Back of the neck (posterior cervical region)",
    "neck-shoulder-angle": "Angle of the neck and shoulder",
    "top-of-shoulder": "Top of the shoulder (between the neck and the acromion)",
    # Shoulder and upper back
    "anterior-shoulder": "Front of the shoulder",
    "lateral-shoulder": "Side of the shoulder (below the acromion)",
    "posterior-shoulder": "Back of the shoulder",
    "scapula": "Over the scapula (supraspinous and infraspinous fossae)",
    "medial-scapular-border": "Medial (vertebral) border of the scapula",
    "interscapular": "Between the scapulae (interscapular region)",
    "inferior-angle": "Inferior angle of the scapula",
    "mid-back": "Mid back (thoracolumbar region)",
    # Chest and abdomen
    "sternum": "Over the sternum",
    "chest": "Front of the chest (pectoral region)",
    "lateral-chest": "Side of the chest (lateral rib cage)",
    "costal-margin": "Lower ribs in front (costal margin)",
    "upper-abdomen": "Upper abdomen (epigastric region)",
    "lateral-abdomen": "Side of the abdomen (flank)",
    "lower-abdomen": "Lower abdomen",
    "groin": "Groin",
    # Arm and elbow
    "anterior-arm": "Front of the arm",
    "posterior-arm": "Back of the arm",
    "lateral-arm": "Outer (lateral) arm",
    "medial-arm": "Inner (medial) arm",
    "cubital-fossa": "Front of the elbow (cubital fossa)",
    "lateral-epicondyle": "Lateral epicondyle (outer elbow)",
    "medial-epicondyle": "Medial epicondyle (inner elbow)",
    "olecranon": "Back of the elbow (olecranon)",
    # Forearm, wrist and hand
    "anterior-forearm": "Front of the forearm (palmar surface)",
    "posterior-forearm": "Back of the forearm (dorsal surface)",
    "radial-forearm": "Thumb side of the forearm (radial border)",
    "ulnar-forearm": "Little-finger side of the forearm (ulnar border)",
    "palmar-wrist": "Front of the wrist (palmar side)",
    "dorsal-wrist": "Back of the wrist (dorsal side)",
    "palm": "Palm",
    "dorsum-of-hand": "Back of the hand (dorsum)",
    "thenar-eminence": "Base of the thumb (thenar eminence)",
    "hypothenar-eminence": "Little-finger side of the palm (hypothenar eminence)",
    "thumb-web": "Web space between the thumb and index finger",
    "thumb": "Thumb",
    "index-finger": "Index finger",
    "middle-finger": "Middle finger",
    "ring-finger": "Ring finger",
    "little-finger": "Little finger",
    # Low back and pelvis
    "low-back": "Low back",
    "iliac-crest": "Along the iliac crest",
    "sacroiliac-joint": "Sacroiliac joint region",
    "sacrum": "Sacrum",
    "coccyx": "Coccyx",
    "buttock": "Buttock",
    "lateral-hip": "Side of the hip (greater trochanter)",
    "anterior-hip": "Front of the hip",
    "posterior-hip": "Back of the hip joint",
    # Thigh and knee
    "anterior-thigh": "Front of the thigh",
    "lateral-thigh": "Outer (lateral) thigh",
    "medial-thigh": "Inner (medial) thigh",
    "posterior-thigh": "Back of the thigh",
    "anterior-knee": "Front of the knee (patella)",
    "lateral-knee": "Outer (lateral) knee",
    "medial-knee": "Inner (medial) knee",
    "posterior-knee": "Back of the knee (popliteal fossa)",
    # Leg, ankle and foot
    "anterior-leg": "Front of the leg (shin)",
    "lateral-leg": "Outer (lateral) leg (fibular region)",
    "medial-leg": "Inner (medial) leg",
    "posterior-calf": "Calf (back of the leg)",
    "anterior-ankle": "Front of the ankle",
    "lateral-ankle": "Outer ankle (around the lateral malleolus)",
    "medial-ankle": "Inner ankle (around the medial malleolus)",
    "achilles": "Achilles tendon (back of the ankle)",
    "heel": "Heel",
    "dorsum-of-foot": "Dorsum of the foot",
    "lateral-foot": "Outer (lateral) edge of the foot",
    "medial-arch": "Medial arch of the foot (instep)",
    "plantar-foot": "Sole of the foot (plantar surface)",
    "metatarsal-heads": "Ball of the foot (metatarsal heads)",
    "great-toe": "Big toe (hallux)",
    "lesser-toes": "Lesser toes",
}
"""Region id → label. Deck files name regions by id; the pain maps draw them."""

MUSCLE_REGIONS: dict[str, str] = {
    "head": "Head",
    "neck": "Neck",
    "shoulder": "Shoulder",
    "arm": "Arm",
    "forearm": "Forearm",
    "hand": "Hand",
    "back": "Back",
    "thorax": "Thorax",
    "abdomen": "Abdomen",
    "trunk": "Trunk",
    "lumbar": "Lumbar region",
    "gluteal": "Gluteal region",
    "hip": "Hip",
    "thigh": "Thigh",
    "leg": "Leg",
    "foot": "Foot",
}
"""Where a muscle lies: the ``region`` of a muscle (the body segment its options share)."""

REGION_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "head": ("Head and jaw", ("head",)),
    "neck": ("Neck", ("neck",)),
    "shoulder": ("Shoulder girdle and shoulder", ("shoulder",)),
    "arm": ("Arm and elbow", ("arm",)),
    "forearm-hand": ("Forearm, wrist and hand", ("forearm", "hand")),
    "back": ("Back and spine", ("back", "lumbar")),
    "thorax-abdomen": ("Thorax and abdomen", ("thorax", "abdomen", "trunk")),
    "hip": ("Hip and pelvis", ("gluteal", "hip")),
    "thigh": ("Thigh", ("thigh",)),
    "leg": ("Leg", ("leg",)),
    "foot": ("Foot", ("foot",)),
}
"""The regions of the licensing exam, head to foot: group id → (title, muscle regions).
Bundled decks live in a folder per group (``decks/hip/gluteus-medius.yaml``); the home
screen and the Anki deck tree (``Quizzer::<title>::<muscle>``) group decks the same way."""

GROUP_OF_REGION: dict[str, str] = {
    region: group for group, (_, regions) in REGION_GROUPS.items() for region in regions
}
"""Muscle region → the exam region (group id) it belongs to."""

MUSCLE_NEIGHBOURS: dict[str, frozenset[str]] = {
    region: frozenset(near)
    for region, near in {
        "head": ("neck",),
        "neck": ("head", "shoulder", "back"),
        "shoulder": ("neck", "arm", "back", "thorax"),
        "arm": ("shoulder", "forearm"),
        "forearm": ("arm", "hand"),
        "hand": ("forearm",),
        "back": ("neck", "shoulder", "lumbar", "thorax"),
        "thorax": ("shoulder", "back", "abdomen", "trunk"),
        "abdomen": ("thorax", "lumbar", "hip", "trunk"),
        "trunk": ("lumbar", "shoulder", "neck", "thorax", "abdomen", "back"),
        "lumbar": ("gluteal", "hip", "back", "abdomen", "trunk"),
        "gluteal": ("hip", "lumbar", "thigh"),
        "hip": ("gluteal", "thigh", "lumbar", "abdomen"),
        "thigh": ("hip", "gluteal", "leg"),
        "leg": ("thigh", "foot"),
        "foot": ("leg",),
    }.items()
}
"""Muscle regions that touch: "which muscle?" options come from the answer's own region
first, then from these, so that the region alone does not point at the answer."""

_TOUCHING: dict[str, tuple[str, ...]] = {
    # Head and face
    "vertex": ("forehead", "temple", "occiput"),
    "forehead": ("eyebrow", "temple"),
    "eyebrow": ("orbit", "temple"),
    "orbit": ("cheek", "temple"),
    "temple": ("ear", "tmj", "cheek", "occiput"),
    "cheek": ("tmj", "jaw", "upper-teeth"),
    "ear": ("tmj", "mastoid", "jaw"),
    "tmj": ("jaw", "upper-teeth", "lower-teeth"),
    "jaw": ("lower-teeth", "upper-teeth", "throat", "lateral-neck", "mastoid"),
    "upper-teeth": ("lower-teeth",),
    "occiput": ("mastoid", "posterior-neck"),
    "mastoid": ("lateral-neck", "posterior-neck"),
    # Neck
    "throat": ("lateral-neck", "sternum"),
    "lateral-neck": ("posterior-neck", "neck-shoulder-angle", "top-of-shoulder", "chest"),
    "posterior-neck": ("neck-shoulder-angle", "interscapular"),
    "neck-shoulder-angle": ("top-of-shoulder", "medial-scapular-border", "scapula"),
    "top-of-shoulder": ("lateral-shoulder", "anterior-shoulder", "posterior-shoulder", "scapula"),
    # Shoulder and upper back
    "anterior-shoulder": ("lateral-shoulder", "chest", "anterior-arm"),
    "lateral-shoulder": ("posterior-shoulder", "lateral-arm"),
    "posterior-shoulder": ("scapula", "posterior-arm"),
    "scapula": ("medial-scapular-border", "inferior-angle"),
    "medial-scapular-border": ("interscapular", "inferior-angle"),
    "interscapular": ("mid-back", "inferior-angle"),
    "inferior-angle": ("mid-back", "lateral-chest"),
    "mid-back": ("low-back", "lateral-chest"),
    # Chest and abdomen
    "sternum": ("chest", "costal-margin", "upper-abdomen"),
    "chest": ("lateral-chest", "costal-margin", "medial-arm"),
    "lateral-chest": ("costal-margin", "lateral-abdomen", "medial-arm"),
    "costal-margin": ("upper-abdomen", "lateral-abdomen"),
    "upper-abdomen": ("lateral-abdomen", "lower-abdomen"),
    "lateral-abdomen": ("lower-abdomen", "iliac-crest", "low-back"),
    "lower-abdomen": ("groin",),
    # Arm and elbow
    "anterior-arm": ("lateral-arm", "medial-arm", "cubital-fossa"),
    "posterior-arm": ("lateral-arm", "medial-arm", "olecranon"),
    "lateral-arm": ("lateral-epicondyle",),
    "medial-arm": ("medial-epicondyle",),
    "cubital-fossa": ("lateral-epicondyle", "medial-epicondyle", "anterior-forearm"),
    "lateral-epicondyle": ("olecranon", "radial-forearm", "posterior-forearm"),
    "medial-epicondyle": ("olecranon", "ulnar-forearm", "anterior-forearm"),
    "olecranon": ("posterior-forearm",),
    # Forearm, wrist and hand
    "anterior-forearm": ("radial-forearm", "ulnar-forearm", "palmar-wrist"),
    "posterior-forearm": ("radial-forearm", "ulnar-forearm", "dorsal-wrist"),
    "radial-forearm": ("palmar-wrist", "dorsal-wrist", "thumb-web"),
    "ulnar-forearm": ("palmar-wrist", "dorsal-wrist"),
    "palmar-wrist": ("palm", "thenar-eminence", "hypothenar-eminence"),
    "dorsal-wrist": ("dorsum-of-hand",),
    "palm": (
        "thenar-eminence",
        "hypothenar-eminence",
        "index-finger",
        "middle-finger",
        "ring-finger",
        "little-finger",
    ),
    "dorsum-of-hand": ("thumb-web", "index-finger", "middle-finger", "ring-finger", "little-finger"),
    "thenar-eminence": ("thumb", "thumb-web"),
    "hypothenar-eminence": ("little-finger",),
    "thumb-web": ("thumb", "index-finger"),
    "index-finger": ("middle-finger",),
    "middle-finger": ("ring-finger",),
    "ring-finger": ("little-finger",),
    # Low back and pelvis
    "low-back": ("iliac-crest", "sacroiliac-joint", "sacrum"),
    "iliac-crest": ("sacroiliac-joint", "buttock", "lateral-hip"),
    "sacroiliac-joint": ("sacrum", "buttock"),
    "sacrum": ("coccyx", "buttock"),
    "coccyx": ("buttock",),
    "buttock": ("lateral-hip", "posterior-hip", "posterior-thigh"),
    "lateral-hip": ("anterior-hip", "posterior-hip", "lateral-thigh"),
    "anterior-hip": ("groin", "anterior-thigh"),
    "posterior-hip": ("posterior-thigh",),
    "groin": ("anterior-thigh", "medial-thigh"),
    # Thigh and knee
    "anterior-thigh": ("lateral-thigh", "medial-thigh", "anterior-knee"),
    "lateral-thigh": ("posterior-thigh", "lateral-knee"),
    "medial-thigh": ("posterior-thigh", "medial-knee"),
    "posterior-thigh": ("posterior-knee",),
    "anterior-knee": ("lateral-knee", "medial-knee", "anterior-leg"),
    "lateral-knee": ("posterior-knee", "lateral-leg"),
    "medial-knee": ("posterior-knee", "medial-leg"),
    "posterior-knee": ("posterior-calf",),
    # Leg, ankle and foot
    "anterior-leg": ("lateral-leg", "medial-leg", "anterior-ankle"),
    "lateral-leg": ("posterior-calf", "lateral-ankle"),
    "medial-leg": ("posterior-calf", "medial-ankle"),
    "posterior-calf": ("achilles",),
    "anterior-ankle": ("lateral-ankle", "medial-ankle", "dorsum-of-foot"),
    "lateral-ankle": ("achilles", "heel", "lateral-foot", "dorsum-of-foot"),
    "medial-ankle": ("achilles", "heel", "medial-arch"),
    "achilles": ("heel",),
    "heel": ("plantar-foot", "lateral-foot", "medial-arch"),
    "dorsum-of-foot": ("lateral-foot", "medial-arch", "great-toe", "lesser-toes"),
    "lateral-foot": ("plantar-foot", "lesser-toes"),
    "medial-arch": ("plantar-foot", "great-toe"),
    "plantar-foot": ("metatarsal-heads",),
    "metatarsal-heads": ("great-toe", "lesser-toes"),
    "great-toe": ("lesser-toes",),
}


def _symmetric(touching: dict[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {region: set() for region in BODY_REGIONS}
    for region, near in touching.items():
        for other in near:
            out[region].add(other)
            out[other].add(region)
    return {region: frozenset(near) for region, near in out.items()}


NEIGHBOURS: dict[str, frozenset[str]] = _symmetric(_TOUCHING)
"""Regions that touch (each pair listed once above, made symmetric here): never offered as
a wrong referral zone next to a right one, since the edge between two neighbouring zones
is where charts in different books disagree."""


def deck_region(deck: Deck, library: Library) -> str | None:
    """The exam region (a :data:`REGION_GROUPS` id) a deck belongs to: that of most of its
    muscles, or of its groups' members for a deck of groups; None when it has neither."""
    regions = [m.region for m in deck.muscles]
    if not regions:
        index = {m.id: m for m in library.muscles()}
        regions = [index[mid].region for g in deck.groups for mid in g.members if mid in index]
    groups = [GROUP_OF_REGION[r] for r in regions if r in GROUP_OF_REGION]
    if not groups:
        return None
    order = list(REGION_GROUPS)
    return max(sorted(set(groups), key=order.index), key=groups.count)
