"""Closed vocabularies of the deck schema besides body regions: joints, positions, plexuses.

Deck files name these by id; questions show the labels. Like body regions, a fixed
vocabulary lets the generator prove a wrong option false (a muscle that does not list a
joint does not cross it).
"""

from __future__ import annotations

from collections.abc import Iterable

JOINTS: dict[str, str] = {
    "tmj": "Temporomandibular joint",
    "atlanto-occipital": "Atlanto-occipital joint",
    "atlantoaxial": "Atlantoaxial joint",
    "cervical-spine": "Joints of the cervical spine",
    "thoracic-spine": "Joints of the thoracic spine",
    "lumbar-spine": "Joints of the lumbar spine",
    "costovertebral": "Costovertebral and costotransverse joints",
    "sternocostal": "Sternocostal and costochondral joints",
    "sternoclavicular": "Sternoclavicular joint",
    "acromioclavicular": "Acromioclavicular joint",
    "scapulothoracic": "Scapulothoracic joint (scapula on the rib cage)",
    "glenohumeral": "Glenohumeral (shoulder) joint",
    "elbow": "Elbow joint",
    "radioulnar": "Radioulnar joints",
    "wrist": "Wrist (radiocarpal and midcarpal) joints",
    "carpometacarpal": "Carpometacarpal joints of the fingers",
    "metacarpophalangeal": "Metacarpophalangeal joints of the fingers",
    "interphalangeal-hand": "Interphalangeal joints of the fingers",
    "thumb-cmc": "Carpometacarpal joint of the thumb",
    "thumb-mcp": "Metacarpophalangeal joint of the thumb",
    "thumb-ip": "Interphalangeal joint of the thumb",
    "lumbosacral": "Lumbosacral joint",
    "sacroiliac": "Sacroiliac joint",
    "hip": "Hip joint",
    "knee": "Knee joint",
    "ankle": "Ankle (talocrural) joint",
    "subtalar": "Subtalar joint",
    "midtarsal": "Transverse tarsal (midtarsal) joints",
    "tarsometatarsal": "Tarsometatarsal joints",
    "metatarsophalangeal": "Metatarsophalangeal joints",
    "interphalangeal-foot": "Interphalangeal joints of the toes",
}
"""Joint id → label: the ``joints`` a muscle crosses. The ribs have two sets: behind, where
each rib meets the vertebrae (the scalenes, the back muscles, quadratus lumborum); in front,
where it meets its cartilage and the sternum (the anterior chest and abdominal wall)."""

JOINT_SEGMENTS: dict[str, tuple[str, ...]] = {
    "tmj": ("head",),
    "atlanto-occipital": ("neck",),
    "atlantoaxial": ("neck",),
    "cervical-spine": ("neck",),
    "thoracic-spine": ("back",),
    "lumbar-spine": ("back",),
    "costovertebral": ("back", "thorax-abdomen"),
    "sternocostal": ("thorax-abdomen",),
    "sternoclavicular": ("shoulder",),
    "acromioclavicular": ("shoulder",),
    "scapulothoracic": ("shoulder",),
    "glenohumeral": ("shoulder",),
    "elbow": ("arm",),
    "radioulnar": ("arm", "forearm-hand"),
    "wrist": ("forearm-hand",),
    "carpometacarpal": ("forearm-hand",),
    "metacarpophalangeal": ("forearm-hand",),
    "interphalangeal-hand": ("forearm-hand",),
    "thumb-cmc": ("forearm-hand",),
    "thumb-mcp": ("forearm-hand",),
    "thumb-ip": ("forearm-hand",),
    "lumbosacral": ("back",),
    "sacroiliac": ("back", "hip"),
    "hip": ("hip",),
    "knee": ("thigh", "leg"),
    "ankle": ("leg", "foot"),
    "subtalar": ("foot",),
    "midtarsal": ("foot",),
    "tarsometatarsal": ("foot",),
    "metatarsophalangeal": ("foot",),
    "interphalangeal-foot": ("foot",),
}
"""Joint id → the exam regions (``quizzer.regions.REGION_GROUPS``) it lies in: a joint of
the asked muscle's own region is a near miss for "Which joint does it NOT cross?" (the
radioulnar joints lie between the arm's elbow and the forearm's wrist; the knee between
the thigh and the leg)."""

RETIRED_JOINTS: dict[str, tuple[str, ...]] = {"ribs": ("costovertebral", "sternocostal")}
"""Joint ids no longer accepted → the ids that replaced them. ``ribs`` ("Joints of the ribs
(costovertebral and costochondral)") was false for every posterior muscle: a deck that
still names it is told which of the two to choose."""

_SPINE = ("thoracic-spine", "lumbar-spine")
_RIBS = ("costovertebral", "sternocostal")
_THUMB = ("thumb-cmc", "thumb-mcp")
ACTION_JOINTS: dict[str, tuple[str, ...]] = {
    "mandible-": ("tmj",),
    "head-": ("atlanto-occipital", "atlantoaxial", "cervical-spine"),
    "neck-skin-tension": (),
    "neck-": ("cervical-spine",),
    "trunk-": _SPINE,
    "lumbar-": ("lumbar-spine",),
    "rib-": _RIBS,
    "inspiration": _RIBS,
    "forced-expiration": _RIBS,
    "sternum-clavicle-elevation": ("sternoclavicular", *_RIBS),
    "scapula-": ("scapulothoracic",),
    "sternoclavicular-": ("sternoclavicular",),
    "shoulder-": ("glenohumeral",),
    "glenohumeral-": ("glenohumeral",),
    "elbow-": ("elbow",),
    "forearm-": ("radioulnar",),
    "distal-radioulnar-": ("radioulnar",),
    "wrist-": ("wrist",),
    "little-finger-opposition": ("carpometacarpal",),
    "finger-mcp-": ("metacarpophalangeal",),
    "finger-pip-": ("interphalangeal-hand",),
    "finger-dip-": ("interphalangeal-hand",),
    "finger-ip-": ("interphalangeal-hand",),
    "finger-abduction": ("metacarpophalangeal",),
    "finger-adduction": ("metacarpophalangeal",),
    "finger-": ("metacarpophalangeal", "interphalangeal-hand"),
    "thumb-ip-": ("thumb-ip",),
    "thumb-opposition": ("thumb-cmc",),
    "thumb-abduction": _THUMB,
    "thumb-adduction": _THUMB,
    "thumb-": (*_THUMB, "thumb-ip"),
    "anterior-pelvic-tilt": ("hip", "lumbosacral", "lumbar-spine"),
    "posterior-pelvic-tilt": ("hip", "lumbosacral", "lumbar-spine"),
    "pelvis-elevation": ("lumbar-spine", "lumbosacral", "hip"),
    "pelvic-": ("hip",),
    "hip-": ("hip",),
    "knee-": ("knee",),
    "lateral-meniscus-": ("knee",),
    "patella-": ("knee",),
    "ankle-": ("ankle",),
    "foot-": ("subtalar", "midtarsal"),
    "first-metatarsal-": ("tarsometatarsal",),
    "great-toe-abduction": ("metatarsophalangeal",),
    "little-toe-": ("metatarsophalangeal",),
    "great-toe-": ("metatarsophalangeal", "interphalangeal-foot"),
    "toe-": ("metatarsophalangeal", "interphalangeal-foot"),
}
"""Action id (or the start of action ids, ending in ``-``) → the joints the movement may
take place at, by the first entry that matches (the head moves at the upper cervical joints
or with the neck; the pelvis tilts at the hips or at the lumbar spine)."""


def action_joints(action_id: str) -> tuple[str, ...]:
    """The joints at which the action ``action_id`` may take place (``ACTION_JOINTS``)."""
    for start, joints in ACTION_JOINTS.items():
        if action_id == start or (start.endswith("-") and action_id.startswith(start)):
            return joints
    return ()


MOVED_THROUGH: dict[str, tuple[str, ...]] = {
    "scapula-": ("acromioclavicular", "sternoclavicular"),
    "head-": ("atlanto-occipital", "atlantoaxial"),
}
"""Joints an action moves through although the muscle need not span them: the scapula
moves on the thorax at the clavicle's two joints, the head on the neck at the
atlanto-occipital and atlantoaxial joints. "Pectoralis minor (ribs to coracoid) does NOT
cross the acromioclavicular joint" and "spinalis (which extends the head through its
inconstant capitis part) does NOT cross the atlantoaxial joint" are defensibly wrong
(item-writer reviews): such a joint is never a key of "Which joint does it NOT cross?" nor
an unticked option of "Select all the joints it crosses" (a single best answer may still
offer it beside the joint the muscle does cross)."""


def moved_through(action_ids: Iterable[str]) -> frozenset[str]:
    """The joints these actions move through (``MOVED_THROUGH``)."""
    return frozenset(
        joint
        for action in action_ids
        for start, through in MOVED_THROUGH.items()
        if action.startswith(start)
        for joint in through
    )


def implied_joints(action_ids: Iterable[str], joints: Iterable[str]) -> frozenset[str]:
    """The joints a muscle of these actions may cross that its ``joints`` leave out: for an
    action taking place at none of ``joints``, every joint it may take place at (palmar
    interossei's inconstant thumb slip adducts the thumb: the thumb's carpometacarpal and
    metacarpophalangeal joints). A muscle with such an action, however qualified or
    disputed, is never said not to cross them."""
    crossed = set(joints)
    found: set[str] = set()
    for action in action_ids:
        moved = action_joints(action)
        if not crossed.intersection(moved):
            found.update(moved)
    return frozenset(found)


POSITIONS: dict[str, str] = {
    "supine": "Supine",
    "prone": "Prone",
    "side-lying": "Side-lying",
    "seated": "Seated",
    "standing": "Standing",
}
"""Client positions for palpation."""

EITHER_POSITION: dict[str, frozenset[str]] = {
    region: frozenset({"seated", "supine"}) for region in ("arm", "forearm", "hand")
}
"""Positions the texts use interchangeably, by muscle region: Biel palpates most arm,
forearm and hand muscles with the client seated or supine, so neither is ever offered as a
wrong answer beside the other (either would be defensible)."""

PLEXUSES: dict[str, str] = {
    "cranial": "Cranial nerve",
    "cervical": "Cervical plexus",
    "brachial": "Brachial plexus",
    "thoracic": "Thoracic spinal nerves (intercostal and subcostal)",
    "lumbar": "Lumbar plexus",
    "sacral": "Sacral plexus",
    "dorsal-rami": "Dorsal (posterior) rami of spinal nerves",
}
"""Where a muscle's nerve comes from: wrong nerve options from the same family are the
confusable ones."""

TEST_TYPES: dict[str, str] = {
    "test": "Clinical test",
    "gait": "Gait sign",
    "posture": "Postural sign",
    "sign": "Clinical sign",
}
"""The kinds of ``clinical_tests`` entry: tests the examiner performs, gait and postural
signs the examiner sees (signs are objective; what the client reports is a symptom)."""

NERVE_PARENTS: dict[str, tuple[str, ...]] = {
    "sciatic-nerve-tibial-division": ("sciatic-nerve",),
    "sciatic-nerve-common-fibular-division": ("sciatic-nerve",),
    "tibial-nerve": ("sciatic-nerve-tibial-division",),
    "common-fibular-nerve": ("sciatic-nerve-common-fibular-division",),
    "deep-fibular-nerve": ("common-fibular-nerve",),
    "superficial-fibular-nerve": ("common-fibular-nerve",),
    "medial-plantar-nerve": ("tibial-nerve",),
    "lateral-plantar-nerve": ("tibial-nerve",),
    "deep-radial-nerve": ("radial-nerve",),
    "anterior-interosseous-nerve": ("median-nerve",),
    "recurrent-branch-median-nerve": ("median-nerve",),
    "deep-branch-ulnar-nerve": ("ulnar-nerve",),
    "phrenic-nerve": ("cervical-ventral-rami",),
    "suboccipital-nerve": ("cervical-dorsal-rami",),
    "greater-occipital-nerve": ("cervical-dorsal-rami",),
    "cervical-dorsal-rami": ("spinal-dorsal-rami",),
    "iliohypogastric-nerve": ("l1-ventral-ramus",),
    "ilioinguinal-nerve": ("l1-ventral-ramus",),
    "l1-ventral-ramus": ("lumbar-plexus-branches", "lumbar-ventral-rami"),
    "subcostal-nerve": ("lumbar-ventral-rami",),
}
"""Nerve id → the nerves (divisions, trunks, rami) it branches from, by the shared nerve
ids of the decks. A nerve and its parent are never each other's wrong options ("Tibial
division of the sciatic nerve" for a muscle the tibial nerve supplies is half true): add
a new branch here when a deck names one. Nerves named as rami ("Ventral rami of L1–L3")
are also matched by their roots (``quizzer.generate.pools``)."""


def nerve_lineage(nerve: str) -> frozenset[str]:
    """Every nerve ``nerve`` branches from, however far up (its ancestors)."""
    found: set[str] = set()
    stack = list(NERVE_PARENTS.get(nerve, ()))
    while stack:
        parent = stack.pop()
        if parent not in found:
            found.add(parent)
            stack.extend(NERVE_PARENTS.get(parent, ()))
    return frozenset(found)


def nested_nerves(a: str, b: str) -> bool:
    """Whether one of two nerves branches from the other."""
    return a in nerve_lineage(b) or b in nerve_lineage(a)


def half_true_nerve(nerve: str, true: Iterable[str]) -> bool:
    """Whether ``nerve`` would be half true as a wrong option for a muscle whose nerves are
    ``true``: one of them, a parent of one (the tibial division of the sciatic nerve for a
    muscle of the tibial nerve), or a branch of one whose branch to this muscle the data
    does not name. A branch of a named trunk beside the muscle's own named branch is its
    sibling, and false: the superficial fibular nerve for extensor hallucis longus, which
    lists the deep fibular nerve and the common fibular division it comes from."""
    mine = set(true)
    lineage = nerve_lineage(nerve)
    for t in mine:
        if nerve == t or nerve in nerve_lineage(t):
            return True
        if t in lineage and not any(t in nerve_lineage(s) for s in mine if s != t):
            return True
    return False


def nerve_siblings(a: str, b: str) -> bool:
    """Whether two different nerves branch from the same nerve (deep and superficial
    fibular; medial and lateral plantar), neither from the other."""
    return (
        a != b
        and not nested_nerves(a, b)
        and bool(set(NERVE_PARENTS.get(a, ())) & set(NERVE_PARENTS.get(b, ())))
    )


RED_FLAGS: frozenset[str] = frozenset(
    {"numbness-weakness-arm-refer-out", "deep-vein-thrombosis", "acute-compartment-syndrome"}
)
"""Caution ids that call for referral whatever muscle is worked on: true of every muscle,
so never a wrong option, never the one key of a single best answer (it would be the option
that is always right) and never asked "which muscle?"."""


MOVEMENT_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"trunk-extension", "lumbar-extension"}),
    frozenset({"trunk-flexion", "lumbar-flexion"}),
    frozenset({"trunk-lateral-flexion", "lumbar-lateral-flexion"}),
    frozenset({"rib-elevation", "inspiration", "sternum-clavicle-elevation"}),
    frozenset({"rib-depression", "forced-expiration"}),
)
"""Action ids that name one movement in other words (the trunk's extension is the lumbar
spine's; lifting the ribs is inspiration): a muscle that performs one of them is no
provable non-performer of another (psoas major's disputed lumbar extension beside quadratus
lumborum's trunk extension; sternocleidomastoid, an accessory muscle of inspiration,
beside rib elevation)."""


def same_movement(action_id: str) -> frozenset[str]:
    """The action ids that name the movement ``action_id`` names, itself included."""
    for family in MOVEMENT_FAMILIES:
        if action_id in family:
            return family
    return frozenset({action_id})
