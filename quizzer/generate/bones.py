"""The bones an attachment lies on, and the bony features it names.

Read from the attachment's words ("… of the femur", "iliac crest", "L1–L4"): a wrong
attachment that names one of the muscle's own bony features is half true (popliteus, from
the popliteal groove on the lateral condyle of the femur, against "Posterior surface of the
lateral condyle of the femur"), and the muscles attached to the same bone, then to a bone
that articulates with it, are the near misses of "which muscle attaches here?".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

_BONE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Soft tissue first: what it spans or lies on.
    (r"iliotibial", ("femur", "tibia")),
    (r"knee", ("femur", "tibia")),
    (r"of the leg\b", ("tibia", "fibula")),
    (r"of the thigh\b", ("femur",)),
    (r"of the arm\b", ("humerus",)),
    (r"forearm", ("radius", "ulna")),
    (r"retinaculum of the ankle", ("tibia", "calcaneus")),
    (r"extensor retinaculum|long plantar ligament", ("calcaneus", "tarsus")),
    (r"plantar aponeurosis", ("calcaneus",)),
    (r"\bsole\b", ("metatarsals",)),
    (r"\bpalm\b|palmar aponeurosis", ("metacarpals",)),
    (r"flexor retinaculum(?! of the ankle)|transverse carpal|\bcarpal\b", ("carpus",)),
    (r"tendon of flexor carpi ulnaris", ("carpus",)),
    (r"tendon of abductor pollicis longus", ("metacarpals",)),
    (r"extensor expansion", ("fingers",)),
    (r"arcuate ligaments", ("lumbar", "ribs")),
    (r"central tendon", ("ribs",)),
    (r"linea alba|aponeurosis of the external oblique", ("abdominal wall",)),
    (r"thoracolumbar", ("lumbar", "ilium", "sacrum")),
    (r"nuchal ligament|ligamentum nuchae", ("cervical", "occipital")),
    (r"sacrotuberous", ("sacrum", "ischium")),
    (r"obturator", ("pubis", "ischium")),
    (r"inguinal ligament", ("ilium", "pubis")),
    (r"glenohumeral", ("humerus", "scapula")),
    (r"temporomandibular", ("mandible", "temporal")),
    (r"epicranial|forehead|eyebrow", ("skull",)),
    (r"lower face|corner of the mouth", ("mandible",)),
    (r"pectoralis major and deltoid", ("clavicle",)),
    (r"gluteal aponeurosis", ("ilium",)),
    # Bones and the adjectives and landmarks that name them.
    (r"femur|femoral|trochanter|linea aspera", ("femur",)),
    (r"tibia|pes anserinus", ("tibia",)),
    (r"fibula", ("fibula",)),
    (r"patella", ("patella",)),
    (r"calcane|sustentaculum", ("calcaneus",)),
    (r"navicular|cuboid|cuneiform", ("tarsus",)),
    (r"metatarsal", ("metatarsals",)),
    (r"\btoes?\b", ("toes",)),
    (r"\bilium\b|\biliac\b|\biliopubic\b|iliolumbar|sacroiliac", ("ilium",)),
    (r"\basis\b|\baiis\b|acetabulum|sciatic notch", ("ilium",)),
    (r"ischi", ("ischium",)),
    (r"pubi|pecten", ("pubis",)),
    (r"sacr", ("sacrum",)),
    (r"coccyx", ("coccyx",)),
    (r"iliolumbar|lumbar|\bl[1-5]\b", ("lumbar",)),
    (r"thoracic|\bt(?:[1-9]|1[0-2])\b", ("thoracic",)),
    (r"cervical|\bc[1-7]\b|\batlas\b|\baxis\b", ("cervical",)),
    (r"^laminae of the vertebrae", ("cervical", "thoracic", "lumbar")),
    (r"\bribs?\b|costal", ("ribs",)),
    (r"stern|manubrium|xiphoid", ("sternum",)),
    (r"clavicle", ("clavicle",)),
    (r"scapula|acromion|coracoid|glenoid", ("scapula",)),
    (r"humer", ("humerus",)),
    (r"radius|radial(?! groove)", ("radius",)),
    (r"\bulna|olecranon", ("ulna",)),
    (r"pisiform|hamate|capitate|trapezium|trapezoid|scaphoid|lunate|triquetr", ("carpus",)),
    (r"metacarpal", ("metacarpals",)),
    (r"finger|thumb", ("fingers",)),
    (r"occipital", ("occipital",)),
    (r"\btemporal|mastoid", ("temporal",)),
    (r"sphenoid", ("sphenoid",)),
    (r"maxill", ("maxilla",)),
    (r"palatine", ("palatine",)),
    (r"zygomatic arch", ("zygomatic", "temporal")),
    (r"mandible", ("mandible",)),
    (r"hyoid", ("hyoid",)),
)
_BONE_PATTERNS = tuple((re.compile(pattern), bones) for pattern, bones in _BONE_WORDS)

BONES = frozenset(b for _, bones in _BONE_WORDS for b in bones)
"""Every bone (or bone group: the carpus, the cervical vertebrae) an attachment can lie on."""

_ARTICULATIONS = (
    ("skull", "occipital", "temporal", "sphenoid", "maxilla", "palatine", "zygomatic"),
    ("mandible", "temporal", "maxilla", "hyoid"),
    ("occipital", "cervical"),
    ("cervical", "thoracic"),
    ("thoracic", "lumbar", "ribs"),
    ("lumbar", "sacrum"),
    ("sacrum", "coccyx", "ilium"),
    ("ribs", "sternum"),
    ("abdominal wall", "ribs", "sternum", "pubis", "ilium"),
    ("sternum", "clavicle"),
    ("clavicle", "scapula"),
    ("scapula", "ribs"),
    ("scapula", "humerus"),
    ("humerus", "radius", "ulna"),
    ("radius", "carpus", "ulna"),
    ("carpus", "metacarpals"),
    ("metacarpals", "fingers"),
    ("ilium", "ischium", "pubis", "femur"),
    ("femur", "tibia", "patella"),
    ("femur", "fibula"),
    ("tibia", "fibula", "calcaneus"),
    ("calcaneus", "tarsus"),
    ("tarsus", "metatarsals"),
    ("metatarsals", "toes"),
)
ADJACENT_BONES: dict[str, frozenset[str]] = {}
for _group in _ARTICULATIONS:
    for _bone in _group:
        ADJACENT_BONES[_bone] = ADJACENT_BONES.get(_bone, frozenset()) | (frozenset(_group) - {_bone})
"""Bone → the bones that articulate with it or lie next to it (the hip bone's three parts,
the skull's bones, the fibula beside the femur at the knee; the talus, which no muscle
attaches to, leaves the tibia and fibula next to the calcaneus)."""


@cache
def attachment_bones(text: str) -> frozenset[str]:
    """The bones an attachment's words name ("Lateral lip of the linea aspera of the femur"
    → femur; "Iliotibial tract" → femur and tibia), brackets aside unless only they name one
    ("Common erector spinae tendon (sacrum, iliac crest …)"); empty when none does."""
    lower = " ".join(text.lower().split())
    return _bones(re.sub(r"\([^)]*\)", " ", lower)) or _bones(lower)


def _bones(plain: str) -> frozenset[str]:
    found: set[str] = set()
    for pattern, bones in _BONE_PATTERNS:
        if pattern.search(plain):
            found.update(bones)
    return frozenset(found)


def near_bones(bones: frozenset[str]) -> frozenset[str]:
    """The bones next to ``bones`` (``ADJACENT_BONES``), themselves left out."""
    return frozenset().union(*(ADJACENT_BONES.get(b, frozenset()) for b in bones)) - bones


_HEADS = frozenset(
    "condyle condyles epicondyle crest crests spine spines tubercle tubercles tuberosity "
    "process processes line lines ridge trochanter groove fossa notch ramus malleolus "
    "protuberance eminence plate".split()
)
"""The nouns that name a bony feature (a border, a surface or a part of a bone does not)."""

_PLURAL = {"condyles": "condyle", "crests": "crest", "spines": "spine", "tubercles": "tubercle"}
_PLURAL |= {"processes": "process", "lines": "line"}

_NOT_MODIFIERS = frozenset(
    "the a of and or on its their upper lower middle distal proximal part half third thirds "
    "two one quarter three four whole".split()
)
_BONE_ADJECTIVES = re.compile(
    r"^(iliac|pubic|ischial|sacral|tibial|fibular|femoral|radial|ulnar|humeral|scapular|"
    r"vertebral|costal|calcaneal|occipital|temporal|mandibular|maxillary)$"
)
_MAIN = re.compile(
    r",|;| (?:at|from|above|below|behind|beside|between|just|in front of|where|via|through|by|to|"
    r"facing|near|around)\b"
)
_FINE = re.compile(
    r"pisiform|hamate|capitate|trapezium|trapezoid|scaphoid|lunate|navicular|cuboid|cuneiform|"
    r"(?:first|second|third|fourth|fifth) meta(?:carpal|tarsal)"
)
_SIDES = frozenset(
    "medial lateral inner outer internal external anterior posterior superior inferior upper "
    "lower middle deep superficial dorsal palmar plantar proximal distal".split()
)
_PART_NOUNS = frozenset("surface surfaces facet border borders lip margin side sides aspect".split())
_PLACED_PARTS = frozenset("floor tip apex root front back top side".split())
"""Parts that say where on a feature they are by themselves (the floor of the bicipital
groove, between its medial and lateral lips)."""
_AXES = (
    frozenset({"medial", "lateral"}),
    frozenset({"inner", "outer", "internal", "external", "deep", "superficial"}),
    frozenset({"anterior", "posterior", "dorsal", "palmar", "plantar"}),
    frozenset({"superior", "inferior", "upper", "lower", "middle"}),
    frozenset({"proximal", "distal"}),
)


@dataclass(frozen=True)
class Feature:
    """A bony feature an attachment names, and which part of it."""

    words: frozenset[str]
    """The words that tell it from its neighbours ("lateral" condyle, "spinous" processes)."""
    noun: str
    bones: frozenset[str]
    part: frozenset[str]
    """The side of the part of it meant ("posterior" surface, "inner" lip, "anterior" facet)."""
    portion: frozenset[str]
    """The side of the stretch of it meant ("anterior" two-thirds, "medial" third)."""
    primary: bool
    """What the attachment is on, not a feature it is on part of: in "Lateral process of
    the calcaneal tuberosity" the process is, the tuberosity is not."""

    def same(self, other: Feature) -> bool:
        """The same feature, and not two parts of it told apart: the anterior facet and the
        lateral surface of the greater trochanter, the medial and lateral surfaces of the
        ramus of the mandible, the medial third and the lateral part of a nuchal line, the
        inner and outer lips of the iliac crest are different places; the posterior surface
        of the lateral condyle of the femur and the popliteal groove on it are one (the
        massage texts say "lateral condyle of the femur" for both)."""
        if (self.words, self.noun) != (other.words, other.noun) or not self.bones & other.bones:
            return False
        if self.part and other.part and not self.part & other.part:
            return False
        return not any(
            self.portion & axis and other.portion & axis and not self.portion & other.portion & axis
            for axis in _AXES
        )


@cache
def bony_features(text: str) -> frozenset[Feature]:
    """The bony features the main phrase of an attachment names: "Popliteal groove on the
    lateral condyle of the femur" → the popliteal groove and the lateral condyle, of the
    femur. The main phrase stops at a comma or a word of place ("…of the scapula at the
    root of the spine" names no feature of its own: the spine only locates it). A bone's own
    adjective (iliac, pubic) is the bone, not a word of the feature: "iliac crest" is the
    crest of the ilium. Medial and lateral, superior and inferior stay apart."""
    plain = re.sub(r"\([^)]*\)", " ", text.lower())
    main = _MAIN.split(plain, maxsplit=1)[0]
    fine = frozenset(_FINE.findall(main))
    bones = fine or attachment_bones(main) or attachment_bones(text)
    words = re.findall(r"[a-z]+", main)
    found = set()
    start = 0  # where this feature's own words begin (after "… and the", or another feature)
    primary = True
    for i, word in enumerate(words):
        if word == "the" and i and words[i - 1] == "and":
            start, primary = i + 1, True
        if word not in _HEADS:
            continue
        modifiers: list[str] = []
        j = i
        while j > start and words[j - 1] not in _NOT_MODIFIERS and words[j - 1] not in _HEADS:
            j -= 1
            if not _BONE_ADJECTIVES.match(words[j]):
                modifiers.append(words[j])
        for after in words[i + 1 :]:  # ("trochanter-front": the words after it, to the next "of")
            if after in _NOT_MODIFIERS or after in _HEADS:
                break
            modifiers.append(after)
        before = words[start:j]
        part = {w for k, w in enumerate(before) if w in _SIDES and _PART_NOUNS & set(before[k + 1 : k + 3])}
        part |= _PLACED_PARTS & set(before)
        portion = {w for w in before if w in _SIDES} - part
        noun = _PLURAL.get(word, word)
        found.add(Feature(frozenset(modifiers), noun, bones, frozenset(part), frozenset(portion), primary))
        start, primary = i + 1, False
    return frozenset(found)


def shares_bony_feature(wrong: str, truths: Iterable[str]) -> bool:
    """Whether the attachment ``wrong`` names a bony feature one of ``truths`` names too
    (``Feature.same``), as what it is on or what one of them is on: half true as a wrong
    option ("Posterior surface of the lateral condyle of the femur" for popliteus, from the
    popliteal groove on that condyle; "Anterior two-thirds of the iliac crest" for iliacus,
    from the inner lip of the crest). Features that only hold both (the calcaneal
    tuberosity of its medial and lateral processes) do not count."""
    mine = bony_features(wrong)
    if not mine:
        return False
    for text in truths:
        for g in bony_features(text):
            if any(f.same(g) and (f.primary or g.primary) for f in mine):
                return True
    return False
