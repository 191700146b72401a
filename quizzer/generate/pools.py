"""Candidate options: true items and distractors that the data proves false."""

from __future__ import annotations

import heapq
import random
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import islice, pairwise
from typing import Protocol, TypeVar

from quizzer.generate.bones import attachment_bones, shares_bony_feature
from quizzer.generate.text import (
    WORDING,
    action_part,
    digit_twin,
    echo_gives_away,
    echoes,
    has_cue,
    is_plural,
    lower_first,
    mid,
    movement_label,
    opposite_action,
    say,
    strip_stop,
)
from quizzer.model import Facet, Item, Library, Muscle, ReferralZone, bracketed
from quizzer.regions import BODY_REGIONS, GROUP_OF_REGION, MUSCLE_NEIGHBOURS, NEIGHBOURS
from quizzer.vocab import RED_FLAGS, half_true_nerve, implied_joints, nerve_siblings

POOLED_FACETS = frozenset(
    {
        Facet.ORIGIN,
        Facet.INSERTION,
        Facet.ACTIONS,
        Facet.INNERVATION,
        Facet.BLOOD_SUPPLY,
        Facet.CLINICAL_TESTS,
        Facet.CAUTIONS,
        Facet.CONDITIONS,
    }
)
"""Facets where another muscle's item makes a wrong option (when its id differs).

Behaviour facets (causes, symptoms, prevention ...) are not pooled: another muscle's cause
is too often a cause here as well, so those facets use only curated distractors. Clinical
tests, cautions and conditions are pooled: the schema asks for every one that applies, and
shared ones keep one id across muscles."""

REGIONAL_FACETS = frozenset({Facet.ORIGIN, Facet.INSERTION, Facet.ACTIONS})
"""Pooled facets whose wrong options come from the asked muscle's body region first."""

CURATED_SCORE = 20
"""The confusability of a curated wrong option: written as a near miss for this muscle, it
ranks with a same-region option (see ``Pools.affinity``)."""


OWN_END_SCORE = 30
"""The confusability of a muscle's own insertion as a wrong origin (or the reverse): with
a same-region attachment on a shared landmark."""


def is_red_flag(facet: Facet, item_id: str) -> bool:
    """A caution true of every muscle (``quizzer.vocab.RED_FLAGS``): never a wrong option,
    never the one key of a single best answer, never asked "which muscle?"."""
    return facet is Facet.CAUTIONS and item_id in RED_FLAGS


def segment(region: str) -> str:
    """The body segment of a muscle region: the exam's region (``hip`` for gluteal and hip
    muscles, ``back`` for back and lumbar ones; ``quizzer.regions.REGION_GROUPS``)."""
    return GROUP_OF_REGION.get(region, region)


SEGMENT_NEIGHBOURS: dict[str, frozenset[str]] = {}
for _region, _near in MUSCLE_NEIGHBOURS.items():
    for _other in _near:
        _a, _b = segment(_region), segment(_other)
        if _a != _b:
            SEGMENT_NEIGHBOURS[_a] = SEGMENT_NEIGHBOURS.get(_a, frozenset()) | {_b}
            SEGMENT_NEIGHBOURS[_b] = SEGMENT_NEIGHBOURS.get(_b, frozenset()) | {_a}
"""Body segment → the segments that touch it (from ``quizzer.regions.MUSCLE_NEIGHBOURS``,
either way round): the leg for the foot, the neck for the head, never the hand for the
neck."""


def near_segments(home: str) -> frozenset[str]:
    """A segment and those that touch it: where plausible wrong options come from."""
    return SEGMENT_NEIGHBOURS.get(home, frozenset()) | {home}


_PLEXUS_BY_ROOT = (
    ("C", 1, 4, "cervical"),
    ("C", 5, 8, "brachial"),
    ("T", 1, 12, "thoracic"),
    ("L", 1, 3, "lumbar"),
    ("L", 4, 5, "sacral"),
    ("S", 1, 5, "sacral"),
)


def plexus_of(muscle: Muscle) -> str | None:
    """The nerve family: ``innervation.plexus``, or where a deck leaves it out, the one the
    roots point to (L1–L3 lumbar; any of L5–S4 sacral, L4 alone lumbar; C1–C4 cervical;
    C5–T1 brachial; T2–T12 thoracic)."""
    inn = muscle.innervation
    if inn is None:
        return None
    if inn.plexus:
        return inn.plexus
    found = []
    for root in inn.roots:
        letter, number = root[0], int(root[1:])
        for want, low, high, plexus in _PLEXUS_BY_ROOT:
            if letter == want and low <= number <= high:
                found.append(plexus)
    if "sacral" in found and any(r[0] == "S" or r == "L5" for r in inn.roots):
        return "sacral"
    if "lumbar" in found or found == ["sacral"]:
        return "lumbar"  # L4 alone, or L2–L4
    if "brachial" in found and "T1" in inn.roots:
        return "brachial"
    return found[0] if found else None


_GENERIC = frozenset(
    "anterior posterior lateral medial superior inferior upper lower border surface facet "
    "lip margin between behind line lines of the and head base body shaft outer inner part "
    "greater lesser middle deep superficial proximal distal half third fibers fibres "
    "adjacent near along from".split()
)
_LANDMARK_STEMS = {
    "iliac": "ilium",
    "femoral": "femur",
    "tibial": "tibia",
    "fibular": "fibula",
    "sacral": "sacrum",
    "ischial": "ischium",
    "pubic": "pubis",
    "vertebral": "vertebra",
    "vertebrae": "vertebra",
    "costal": "rib",
    "ribs": "rib",
    "lumbar": "lumbar",
    "thoracic": "thoracic",
    "humeral": "humerus",
    "scapular": "scapula",
    "radial": "radius",
    "ulnar": "ulna",
    "calcaneal": "calcaneus",
    "metatarsals": "metatarsal",
    "trochanteric": "trochanter",
    "condylar": "condyle",
    "condyles": "condyle",
}


BONE_NOUNS = frozenset(
    "femur tibia fibula patella ilium ischium pubis sacrum coccyx vertebra rib lumbar thoracic "
    "cervical humerus scapula clavicle sternum radius ulna calcaneus metatarsal metacarpal "
    "mandible maxilla occipital temporal sphenoid".split()
)
"""The landmark words that name a whole bone (``landmark_words``): a muscle on the same
bone does not attach at the same landmark."""


def _on_bone(words: frozenset[str], text: str, *, every: bool = False) -> list[str]:
    """Keys of an attachment's landmark words on its bones: "bicipital@humerus", never
    "humerus" for a landmark on it (every muscle on the humerus is no muscle attaching at
    its bicipital groove), nor "processes" of any bone (the cervical spinous processes are
    not the lumbar transverse ones). A landmark that is a bone alone ("the rib above") is
    its bone, and ``every`` (the index side) keeps the bone words too, so that it finds
    every muscle on that bone."""
    bones = attachment_bones(text)
    if not bones:  # (words that name no bone: the landmark words alone, as they are)
        return [f"word:{w}" for w in words]
    return [f"word:{w}@{b}" for w in (words if every else (words - BONE_NOUNS) or words) for b in bones]


@cache
def landmark_words(item_id: str) -> frozenset[str]:
    """The landmark nouns of an attachment id: ``greater-trochanter-anterior-facet`` →
    {trochanter}; ``iliac-crest-posterior`` → {ilium, crest}. Two attachments sharing one
    are on the same or a neighbouring landmark."""
    return frozenset(
        _LANDMARK_STEMS.get(w, w) for w in item_id.split("-") if len(w) >= 4 and w not in _GENERIC
    )


_OWN_CHECKED = frozenset({Facet.CLINICAL_TESTS, Facet.CAUTIONS, Facet.CONDITIONS})
"""Facets whose wrong options from other muscles are checked against the asked muscle's
own data (``clashes_with_own``)."""

SHARED_SIGN_PARTS = frozenset({"neck", "head"})
"""The parts whose movements make two muscles of one segment partners in a condition or a
posture sign (``Pools.movement_partners``): the head and neck muscles that turn, tilt or
extend together are named together in torticollis and forward head posture."""

_HEAD_OR_NECK = re.compile(r"\b(?:head(?:aches?)?|neck|cervical)\b", re.IGNORECASE)
"""Words that make a condition or a posture sign one of the head or neck
(``Pools.partner_sign``): "wry neck", "forward head posture", "tension-type headache"
(review: "headache" is one word, which a bare ``head`` missed)."""

_SHARED_BY_PARTNERS = frozenset({Facet.CONDITIONS, Facet.CLINICAL_TESTS})
"""Facets whose wrong options a partner's undisputed item rules out (``Pools.partner_sign``)."""

_AT_JOINT = re.compile(r"([a-z-]+?)-(?:mcp|ip|pip|dip)-([a-z-]+)")
"""An action of one joint of a digit (``finger-mcp-flexion``): the digit, the movement."""

_HEAD = re.compile(r"[:,(;]")
_EPONYM_BEFORE = re.compile(
    r"\b([A-Z][a-z]+)(?:['’]s)?\s+(?:sign|test|gait|maneuver|syndrome|tenosynovitis|"
    r"palsy|disease|contracture)\b"
)
_MOVES = {
    "abduction": "abduct",
    "adduction": "adduct",
    "flexion": "flex",
    "extension": "extens|extend",
    "rotation": "rotat",
    "elevation": "elevat",
    "depression": "depress",
    "protraction": "protract|protrud",
    "retraction": "retract|retrud",
    "plantarflexion": "plantarflex|plantar flex",
    "dorsiflexion": "dorsiflex",
    "inversion": "invert|inversion",
    "eversion": "evert|eversion",
    "supination": "supinat",
    "pronation": "pronat",
}
_PART_WORDS = {
    "hip": "hip|thigh",
    "knee": "knee",
    "ankle": "ankle",
    "shoulder": "shoulder|arm",
    "elbow": "elbow",
    "wrist": "wrist",
    "neck": "neck",
    "head": "head",
    "trunk": "trunk",
    "lumbar": "lumbar",
    "mandible": "jaw|mandible",
    "scapula": "scapula",
    "finger": "fingers?",
    "thumb": "thumb",
    "toe": "toes?",
    "great-toe": "great toe|big toe",
    "foot": "foot",
    "forearm": "forearm",
    "pelvis": "pelvis|pelvic",
}


def _own_words(muscle: Muscle) -> str:
    """Everything the muscle's data says in words (items, qualifiers, notes, location):
    where a named test or condition of its own shows up."""
    parts = [muscle.location or "", muscle.referral_description or ""]
    for items in muscle.facts.values():
        for i in items:
            parts += [i.text, i.qualifier or "", i.note or ""]
    return " ".join(parts)


def clashes_with_own(
    muscle: Muscle, text: str, own_words: str, muscle_words: frozenset[str] = frozenset()
) -> str | None:
    """Why another muscle's test, sign, condition or caution may be true of this one too,
    or None. Only its name is read (before any comma, colon or bracket), never the
    description after it:

    - an eponym ("Trendelenburg sign", "Adson's test") that the muscle's own data names,
      with its capital (tensor fasciae latae "prevents the Trendelenburg drop"); a
      muscle's name ("Piriformis syndrome") is no eponym (``muscle_words``);
    - a name of two words or more that its own data uses ("Plantar fasciitis" for
      soleus, whose notes compare the two);
    - a movement of one of its own actions, said of its part ("hip abductor weakness"
      for a hip abductor; "neck flexor" for a neck flexor), never a position ("with the
      elbow extended").
    """
    head = _HEAD.split(text, 1)[0].strip()
    for eponym in _EPONYM_BEFORE.findall(head):
        if eponym.lower() not in muscle_words and re.search(rf"\b{eponym}\b", own_words):
            return f"its own data names {eponym}"
    words = head.lower()
    if len(words.split()) >= 2 and re.search(rf"\b{re.escape(words)}\b", own_words.lower()):
        return f"its own data names {head}"
    for item in muscle.items(Facet.ACTIONS):
        part = action_part(item.id)
        if item.disputed or part is None or part not in _PART_WORDS:
            continue
        moves = [_MOVES[w] for w in item.id[len(part) + 1 :].split("-") if w in _MOVES]
        sides = [w for w in item.id[len(part) + 1 :].split("-") if w in ("medial", "lateral")]
        if len(moves) != 1:
            continue
        place, move = _PART_WORDS[part], moves[0]
        said = re.search(
            rf"(?<!with the )\b({place})\s+({move})\w*|\b({move})\w*\s+of\s+"
            rf"the\s+({place})\b",
            words,
        )
        if said and all(re.search(rf"\b{w}\b", words) for w in sides):
            return f"it names {movement_label(item.id) or item.id}, one of its actions"
    return None


@dataclass(frozen=True)
class Option:
    """A candidate option: its text, the data id behind it, and why it is right or wrong."""

    text: str
    id: str
    why: str
    opposes: frozenset[str] = frozenset()
    """Ids of true items this wrong option contradicts (see ``compatible``)."""
    score: int = 0
    """How confusable it is with the right answer (higher first, see ``Pools.affinity``):
    the most confusable option is always among a question's wrong options."""
    segments: frozenset[str] = frozenset()
    """The body segments of the muscles it belongs to (empty when unknown)."""
    plausible: bool = False
    """Confusable whatever its segment (a group sharing the muscle's movement: the deep
    six lateral rotators for infraspinatus), so never left out as far (``plausible``)."""


def plausible(wrong: Sequence[Option], home: str | None) -> list[Option]:
    """The wrong options a student could believe for a subject of segment ``home``: of
    that segment or one touching it (``near_segments``), of no known segment, or marked
    ``plausible``. Levator scapulae for a jaw movement, the ankle for a hip muscle, a hip
    nerve for a foot muscle are fillers answerable by segment alone."""
    if not home:
        return list(wrong)
    near = near_segments(home)
    return [o for o in wrong if o.plausible or not o.segments or not o.segments.isdisjoint(near)]


@dataclass(frozen=True)
class Referrer:
    """What the symptom questions (``symptoms``) learn of a muscle that refers pain to a
    region: its id, name and referral zones, and nothing else, so that the question bank's
    cache (which fingerprints this field by field) keeps their decks when another part of
    that muscle's file changes."""

    id: str
    name: str
    referral_zones: tuple[ReferralZone, ...]


def referrer(muscle: Muscle) -> Referrer:
    return Referrer(muscle.id, muscle.name, muscle.referral_zones)


def rules_out(other: Muscle, region: str) -> bool:
    """Whether the data proves that ``other``'s trigger points do not refer to ``region``:
    it has a recorded pattern, and neither a zone nor a trigger point on the region or a
    neighbouring one."""
    near = NEIGHBOURS[region] | {region}
    return (
        bool(other.referral_zones)
        and not any(z.region in near for z in other.referral_zones)
        and not any(s.fields.get("region") in near for s in other.trigger_point_sites)
    )


@dataclass(frozen=True)
class Near:
    """A muscle a "which muscle?" search about another one scans (``Pools.region_first``
    order), as the search sees it: only what it weighs, so that the question bank's cache
    (which fingerprints this field by field) keeps the asking deck when another part of
    this muscle's file changes."""

    id: str
    name: str
    segment: str
    affinity: int
    """``Pools.affinity`` of the asked muscle with this one."""

    def option(self, why: str, bonus: int = 0) -> Option:
        """This muscle as a wrong option (what ``Pools.muscle_option`` makes of it)."""
        return Option(
            self.name, self.id, why, score=self.affinity + bonus, segments=frozenset({self.segment})
        )


@dataclass(frozen=True)
class Rival(Near):
    """A ``Near`` muscle with its other names and referral zones (``Pools.map_rivals``)."""

    aliases: tuple[str, ...]
    referral_zones: tuple[ReferralZone, ...]


@dataclass(frozen=True)
class Candidate(Near):
    """A ``Near`` muscle with its other names, its region and its items in one facet, with
    their landmark words (``Pools.which_muscle_candidates``)."""

    aliases: tuple[str, ...]
    items: tuple[Item, ...]
    landmarks: frozenset[str]
    region: str
    """Its body region: a question on a shared attachment needs one of the key's region
    among the options."""
    bones: frozenset[str] = frozenset()
    """The bones its origins and insertions lie on (``bones.attachment_bones``)."""


@dataclass(frozen=True)
class Crosser(Near):
    """A ``Near`` muscle with the joints it crosses (``Pools.crossers``)."""

    joints: tuple[str, ...] | None
    implied: frozenset[str] = frozenset()
    """Joints its actions may take place at that ``joints`` leaves out
    (``quizzer.vocab.implied_joints``): never said not to be crossed."""


@dataclass(frozen=True)
class Performer(Near):
    """A ``Near`` muscle with its actions and the muscles it lists as its antagonists
    (``Pools.performers``)."""

    actions: tuple[Item, ...]
    antagonists: frozenset[str]


NEAR_PATTERN = 3
"""A wrong muscle whose pattern lies within this many touching steps of the region a
client reports pain in is a plausible source whatever its body segment (never nearer than
two: ``rules_out``)."""

REFERRAL_CANDIDATES = 12
"""Wrong muscles kept per anchor of ``Pools.not_referring`` (the nearest): enough for a
fair draw."""


def compatible(wrong: Sequence[Option], shown: Sequence[Option]) -> list[Option]:
    """The wrong options that may stand next to ``shown``: not one that contradicts a
    shown true item ("Sit with the legs crossed" beside "Avoid sitting with the legs
    crossed"), since the pair gives the answer away."""
    ids = {o.id for o in shown}
    return [o for o in wrong if not o.opposes & ids]


@cache
def norm(text: str) -> str:
    """Wording compared loosely (case, spaces, a final full stop); cached: the same texts
    are compared again and again across an atlas."""
    return " ".join(strip_stop(text).lower().split())


@cache
def loose_landmark(text: str) -> str:
    """An attachment's wording compared for nesting: a border or margin is a surface's edge
    ("posterior border of the ulna" ~ "posterior surface of the ulna"); brackets dropped."""
    plain = re.sub(r"\([^)]*\)", " ", norm(text))
    plain = re.sub(r"\b(borders?|margins?)\b", "surface", plain)
    return " ".join(plain.replace(",", " ").split())


def nested_landmark(wrong: str, truths: Sequence[str]) -> bool:
    """Whether ``wrong`` lies inside one of ``truths`` or around it (``loose_landmark``
    forms): the one's words within the other's, or two stretches of one surface that
    overlap (``_stretch``: extensor digitorum longus's "upper three-quarters of the
    anterior surface of the fibula" and extensor hallucis longus's "middle part" of it)."""
    for t in truths:
        if f" {wrong} " in f" {t} " or f" {t} " in f" {wrong} ":
            return True
    mine = _stretch(wrong)
    if mine is None:
        return False
    for t in truths:
        theirs = _stretch(t)
        if theirs is not None and _same_place(mine[0], theirs[0]) and _overlap(mine[1:], theirs[1:]):
            return True
    return False


_FRACTIONS = {
    "half": 1 / 2,
    "third": 1 / 3,
    "two-thirds": 2 / 3,
    "two thirds": 2 / 3,
    "quarter": 1 / 4,
    "fourth": 1 / 4,
    "three-quarters": 3 / 4,
    "three quarters": 3 / 4,
    "three-fourths": 3 / 4,
    "part": 1 / 2,
    "portion": 1 / 2,
}
_ENDS = {
    "upper": ("long", 0),
    "superior": ("long", 0),
    "proximal": ("long", 0),
    "lower": ("long", 1),
    "inferior": ("long", 1),
    "distal": ("long", 1),
    "anterior": ("front", 0),
    "posterior": ("front", 1),
    "medial": ("side", 0),
    "lateral": ("side", 1),
    "middle": ("", 0.5),
}
_STRETCH = re.compile(
    rf"^({'|'.join(_ENDS)}) ({'|'.join(sorted(_FRACTIONS, key=len, reverse=True))}) of (?:the )?(.+)$"
)


def _stretch(text: str) -> tuple[str, str, float, float] | None:
    """A stretch of a landmark as (the landmark, its axis, where it starts, where it ends),
    from 0 at the upper (proximal, anterior, medial) end to 1 at the other: "upper
    three-quarters of the anterior surface of the fibula" → ("anterior surface of the
    fibula", "long", 0, 0.75); a middle stretch is centred on any axis ("middle part":
    0.25 to 0.75); None for a whole landmark."""
    found = _STRETCH.match(text)
    if found is None:
        return None
    end, size, place = found.groups()
    axis, at = _ENDS[end]
    length = _FRACTIONS[size]
    start = at - length / 2 if axis == "" else (0.0 if at == 0 else 1 - length)
    return place, axis, start, start + length


def _same_place(a: str, b: str) -> bool:
    """The same landmark, one said at more length ("anterior surface of the fibula" and
    "anterior surface of the fibula between the head and the interosseous border")."""
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def _overlap(a: tuple[str, float, float], b: tuple[str, float, float]) -> bool:
    """Whether two stretches of one landmark overlap: on one axis when their ranges share
    more than a point (an upper and a lower third do not); along different axes always
    (the anterior two-thirds and the upper half of a crest meet somewhere)."""
    if a[0] and b[0] and a[0] != b[0]:
        return True
    return min(a[2], b[2]) - max(a[1], b[1]) > 1e-9


def half_true_landmark(wrong: str, within: Sequence[str], truths: Iterable[Item]) -> bool:
    """Whether the attachment ``wrong`` is half true for a muscle whose attachments (in
    this facet, disputed ones too) are ``truths`` (``within``: their ``loose_landmark``
    forms): inside one of them or around it, or naming one of their bony features
    (``bones.shares_bony_feature``: "Posterior surface of the lateral condyle of the femur"
    for popliteus, from the popliteal groove on that condyle; the medial condyle stays)."""
    return nested_landmark(loose_landmark(wrong), within) or shares_bony_feature(
        wrong, tuple(i.text for i in truths)
    )


_INNERVATION = Facet.INNERVATION  # (an enum member looked up once: asked for every item)


def facet_items(muscle: Muscle, facet: Facet) -> tuple[Item, ...]:
    """A muscle's items for a facet, as questions ask them (the nerve counts as the
    innervation item)."""
    if facet is _INNERVATION:
        return (muscle.innervation.nerve,) if muscle.innervation else ()
    return muscle.facts.get(facet, ())


def true_items(muscle: Muscle, facet: Facet) -> tuple[Item, ...]:
    """Everything true of the muscle in a facet, so never a wrong option: its items, and
    for innervation the further nerves (``other_nerves``) too."""
    if facet is _INNERVATION and muscle.innervation:
        return (muscle.innervation.nerve, *muscle.innervation.other_nerves)
    return muscle.facts.get(facet, ())


def statement(facet: Facet, *muscles: Muscle) -> str:
    """E.g. "an insertion of gluteus minimus"; with several muscles, "an action of
    gluteus maximus and tensor fasciae latae", so a shared item is credited to all."""
    names = [mid(m.name) for m in muscles]
    return say(WORDING[facet].is_, and_list(names), plural=len(names) > 1 or is_plural(names[0]))


_DENIES_RELATION: dict[Facet, re.Pattern[str]] = {
    Facet.INNERVATION: re.compile(r"\bsensory\b", re.IGNORECASE),
}
"""Qualifiers that deny a holder the relation a holder list states. A nerve that only
carries sensation from a muscle (the lower intercostal and subcostal nerves from the rim
of the diaphragm, "sensory only") is not its nerve supply: on the exam the nerve supply is
the motor nerve, and "the phrenic nerve is the diaphragm's only motor nerve" is the fact
asked. Every other qualifier limits the relation without denying it ("a few anterior
fibers", "through its deep branch", "may assist"): printed after the holder's name."""


def holder(facet: Facet, muscle: Muscle, item: Item) -> str | None:
    """``muscle`` as one holder of ``item`` in a list "X is an origin of A, B and C": its
    name with the item's qualifier ("iliacus (a few anterior fibers)"), or None when the
    qualifier denies the relation (``_DENIES_RELATION``: it is left out of the list)."""
    qualifier = item.qualifier
    if not qualifier:
        return mid(muscle.name)
    deny = _DENIES_RELATION.get(facet)
    if deny is not None and deny.search(qualifier):
        return None
    return bracketed(mid(muscle.name), qualifier)


def held_by(facet: Facet, holders: Sequence[str]) -> str:
    """E.g. "an origin of iliacus (a few anterior fibers) and rectus femoris": the
    statement of ``statement`` over holders already named (``holder``)."""
    return WORDING[facet].is_.format(m=and_list(holders))


def and_list(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


T = TypeVar("T")


def pick_by_length(
    rng: random.Random,
    right: str,
    candidates: Sequence[T],
    count: int,
    text: Callable[[T], str],
    *,
    fixed: Sequence[T] = (),
) -> list[T]:
    """``count`` of ``candidates`` chosen so that the length of ``right`` gives nothing away.

    Test-wise students pick the longest option (the most detailed, so the right one), or
    the odd one out in size. Here how many options come out longer than ``right`` is drawn
    evenly from 0 to all of them, so ``right`` is the longest as often as the shortest,
    each about once in k questions with k options; on each side the candidates nearest in
    length are preferred. When one side has too few candidates, the other gives the rest
    (a right answer longer than every distractor stays the longest: only the data can fix
    that). ``fixed`` options are already chosen and count towards the draw.
    """
    count = min(count, len(candidates))
    size = len(right)
    longer: list[tuple[int, T]] = []
    shorter: list[tuple[int, T]] = []
    for c in candidates:
        gap = len(text(c)) - size
        (longer if gap >= 0 else shorter).append((abs(gap), c))
    wanted = rng.randint(0, count + len(fixed)) - sum(len(text(f)) >= size for f in fixed)
    up = max(count - len(shorter), min(wanted, count, len(longer)), 0)
    out = _nearest(rng, longer, up) + _nearest(rng, shorter, count - up)
    rng.shuffle(out)  # else the longer ones would always come before the shorter ones
    return out


def pick_in_size_slot(
    rng: random.Random, others: Sequence[str], candidates: Sequence[T], text: Callable[[T], str]
) -> T:
    """One of ``candidates`` to stand among ``others`` at a size rank drawn evenly.

    For "which is NOT true?", whose answer is the one false statement: drawn blindly, the
    curated false statements are often the shortest of the four. The slot (how many of
    ``others`` are shorter) is drawn from 0 to all; the nearest slot that some candidate
    fills is used when the drawn one is empty.
    """
    sizes = sorted(len(o) for o in others)

    def slot(c: T) -> int:
        return bisect_left(sizes, len(text(c)))  # how many of ``others`` are shorter

    by_slot: dict[int, list[T]] = {}
    for c in candidates:
        by_slot.setdefault(slot(c), []).append(c)
    wanted = rng.randint(0, len(sizes))
    nearest = min(by_slot, key=lambda s: (abs(s - wanted), s))
    return rng.choice(by_slot[nearest])


def _nearest(rng: random.Random, side: list[tuple[int, T]], count: int) -> list[T]:
    """``count`` of ``side`` ((gap in length, candidate) pairs) drawn from the twice as many
    nearest in length (some variety)."""
    if count <= 0:
        return []
    near = sorted(side, key=_gap)[: 2 * count]
    return [c for _, c in rng.sample(near, count)]


def _gap(pair: tuple[int, object]) -> int:
    return pair[0]


SCAN = 64
"""At most this many other muscles are looked at for one question's options, so that
generation stays linear in the number of muscles however alike their data is."""


def _text(option: Option) -> str:
    return option.text


def pick_confusable(
    rng: random.Random,
    right: str,
    wrong: Sequence[Option],
    count: int = 3,
    *,
    home: str | None = None,
    stem: str = "",
    fewest: int = 2,
) -> list[Option] | None:
    """``count`` wrong options for ``right`` the way an item writer picks them.

    The most confusable option (highest ``score``; a draw among equals) is always one of
    them; the others come from the next most confusable, matched in length so that the
    key's length gives nothing away (see ``pick_by_length``). When some candidate shares
    the key's body segment (``home``), one chosen option does, so that the segment alone
    never points at the answer. With ``home``, no option from a segment far from it
    (``plausible``): fewer options, down to ``fewest``, rather than a filler. With
    ``stem``, no word of the stem may be echoed by the key alone ("fibularis" → "fibular
    artery"): an option echoing it too is brought in, or None is returned (no question).
    None also when there are too few candidates.
    """
    if home:
        wrong = plausible(wrong, home)
        if len(wrong) < count:
            count = len(wrong) if len(wrong) >= min(fewest, count) else count
    if len(wrong) < count or count < 1:
        return None
    ranked = wrong if _descending(wrong) else sorted(wrong, key=_minus_score)  # stable
    best = ranked[0].score
    first = rng.choice([o for o in ranked if o.score == best])
    rest = [o for o in ranked if o is not first]
    band = rest[: max(2 * (count - 1), 4)]
    chosen = [first, *pick_by_length(rng, right, band, count - 1, _text, fixed=[first])]
    guard: Option | None = first if home and home in first.segments else None
    if home and guard is None:
        guard = next((o for o in chosen if home in o.segments), None)
        if guard is None:
            guard = next((o for o in rest if home in o.segments), None)
            if guard is not None and count > 1:
                chosen[-1] = guard
    if stem and echo_gives_away(stem, [right], [o.text for o in chosen]):
        words = echoes(stem, right)
        echoing = [o for o in rest if o not in chosen and echoes(stem, o.text) & words]
        spare = [i for i, o in enumerate(chosen) if o is not first and o is not guard]
        if not echoing or not spare:
            return None
        chosen[spare[-1]] = echoing[0]
        if echo_gives_away(stem, [right], [o.text for o in chosen]):
            return None
    rng.shuffle(chosen)
    return chosen


def _minus_score(option: Option) -> int:
    return -option.score


def _descending(options: Sequence[Option]) -> bool:
    """Whether options are already ranked, most confusable first (as ``wrong_options``
    returns them): no sort needed."""
    return all(a.score >= b.score for a, b in pairwise(options))


def without_lone_cues(wrong: Sequence[Option], right: Sequence[str]) -> list[Option]:
    """``wrong`` minus options carrying a specific determiner or a rationalising clause
    ("always", "only", "so that ...") unless a right option carries one too: test-wise
    students strike those out unread."""
    if any(has_cue(text) for text in right):
        return list(wrong)
    return [o for o in wrong if not has_cue(o.text)]


class Zoned(Protocol):
    """A muscle, or a view of one, with its referral zones."""

    @property
    def referral_zones(self) -> tuple[ReferralZone, ...]: ...


def map_regions(muscle: Zoned) -> frozenset[str]:
    """Every region of a muscle's referral pattern (essential and spillover)."""
    return frozenset(z.region for z in muscle.referral_zones)


def essential_regions(muscle: Zoned) -> frozenset[str]:
    """The essential zone's regions (the whole pattern when it names none)."""
    found = frozenset(z.region for z in muscle.referral_zones if z.zone == "essential")
    return found or map_regions(muscle)


def nested_maps(a: Zoned, b: Zoned) -> bool:
    """Whether two maps are too alike to be each other's rivals (either would be a
    defensible answer to "whose pattern is this?" about the other): identical (adductor
    longus and brevis, rhomboid major and minor, semitendinosus and semimembranosus: one
    chart each), one inside the other (quadratus plantae's heel inside abductor hallucis's
    heel and arch; extensor indicis's dorsal wrist and hand inside extensor carpi radialis
    brevis's), or sharing an essential region while one's essential zone lies wholly
    within the other's map (supinator's lateral epicondyle and thumb web inside
    brachioradialis's pattern). A map whose core lies only in another's spillover
    (biceps femoris's back of the knee in vastus lateralis's) stays a fair rival: the
    chief pain is elsewhere. Symmetric: such a muscle is never the other's rival, in
    words or in pictures."""
    mine, theirs = map_regions(a), map_regions(b)
    if mine <= theirs or theirs <= mine:
        return True
    core_a, core_b = essential_regions(a), essential_regions(b)
    return bool(core_a & core_b) and (core_a <= theirs or core_b <= mine)


def closeness(a: Zoned, b: Zoned) -> int:
    """How alike two maps look: 3 for each region both have, 1 for each pair that touch."""
    mine = map_regions(a)
    theirs = map_regions(b)
    return 3 * len(mine & theirs) + sum(len(NEIGHBOURS[r] & theirs) for r in mine)


def map_signature(muscle: Zoned) -> frozenset[tuple[str, str]]:
    return frozenset((z.region, z.zone.value) for z in muscle.referral_zones)


def pattern_steps(muscle: Zoned, steps: dict[str, int]) -> int:
    """How far a muscle's pattern lies from a region, in half touching steps: the mean of
    its zones' ``steps`` from it, each essential zone counted twice (where nearly every
    client feels the pain). A pattern with one zone two steps away and the rest far (the
    deltoid's front of the shoulder, three steps from the lower ribs in front) lies farther
    than one wholly two steps away (serratus posterior inferior's mid back)."""
    far = len(steps)
    weights = [(2 if z.zone == "essential" else 1, steps.get(z.region, far)) for z in muscle.referral_zones]
    total = sum(w for w, _ in weights)
    return round(2 * sum(w * n for w, n in weights) / total) if total else 2 * far


def map_in_words(muscle: Zoned) -> str:
    """The map in words, e.g. "essential: buttock, calf; spillover: top of the foot"."""
    parts = []
    for zone in ("essential", "spillover"):
        names = [lower_first(BODY_REGIONS[z.region]) for z in muscle.referral_zones if z.zone == zone]
        if names:
            parts.append(f"{zone}: {', '.join(names)}")
    return "; ".join(parts)


NEAR = 16
"""Muscles of one region looked at for look-alike maps (a map has a handful of regions)."""


class Pools:
    """Indexes over a library, built once per ``generate`` call.

    Candidate muscles come nearest first (similar patterns, satellites, depth neighbours,
    the same body region, then the rest), and the search stops once enough are found: the
    most plausible wrong options, and linear work at atlas scale. Each candidate option is
    scored by confusability with the asked muscle (``affinity`` and the facet's own
    measures); the choice functions above always take the most confusable.
    """

    def __init__(self, library: Library) -> None:
        self.muscles = sorted(library.muscles(), key=lambda m: m.id)
        self.by_id = {m.id: m for m in self.muscles}
        self.groups = sorted(library.groups(), key=lambda g: g.id)
        self.group_by_id = {g.id: g for g in self.groups}
        self._groups_of: dict[str, set[str]] = {}
        for g in self.groups:
            for x in (*g.members, *g.borderline):
                self._groups_of.setdefault(x, set()).add(g.id)
        self._position = {m.id: i for i, m in enumerate(self.muscles)}
        self._by_region: dict[str, list[Muscle]] = {}
        for m in self.muscles:
            self._by_region.setdefault(m.region, []).append(m)
        self._holders: dict[tuple[Facet, str], set[str]] = {}
        self._text_holders: dict[tuple[Facet, str], set[str]] = {}
        self._agreed_holders: dict[tuple[Facet, str], set[str]] = {}
        for m in self.muscles:
            for facet in (*POOLED_FACETS, Facet.DIAGNOSTIC_SIGNS, Facet.FIBERS):
                for item in true_items(m, facet):
                    self._holders.setdefault((facet, item.id), set()).add(m.id)
                    if not item.disputed:
                        self._agreed_holders.setdefault((facet, item.id), set()).add(m.id)
                    self._text_holders.setdefault((facet, norm(item.text)), set()).add(m.id)
        used = [z.region for m in self.muscles for z in m.referral_zones]
        self._region_order = list(dict.fromkeys(used + list(BODY_REGIONS)))
        self._plexus = {m.id: plexus_of(m) for m in self.muscles}
        self._nerves = self._index_nerves()
        self._nerve_by_text = {norm(n.item.text): nerve_id for nerve_id, n in self._nerves.items()}
        self._joint_holders: dict[str, set[str]] = {}
        for m in self.muscles:
            for joint in m.joints or ():
                self._joint_holders.setdefault(joint, set()).add(m.id)
        # Asked for every facet of every muscle: computed once each.
        self._region_first: dict[str, list[Muscle]] = {}
        self._nearest: dict[str, list[Muscle]] = {}
        self._sharers: dict[tuple[Facet, str, str, bool], list[Muscle]] = {}
        self._affinity: dict[tuple[str, str], int] = {}
        self._related: dict[str, frozenset[str]] = {}
        self._landmarks: dict[tuple[str, Facet], frozenset[str]] = {}
        self._action_ids: list[str] | None = None
        self._item_segments: dict[tuple[Facet, str], frozenset[str]] = {}
        self._whys: dict[tuple[Facet, str, str], str] = {}
        self._by_zone: dict[str, list[Muscle]] | None = None
        self._not_referring: dict[tuple[str, str], list[Option]] = {}
        self._region_steps: dict[str, dict[str, int]] = {}
        self._near_pattern_of: dict[str, list[Muscle]] = {}
        self._crossers: dict[str, list[Crosser]] = {}
        self._performers: dict[str, list[Performer]] = {}
        self._attach_index: dict[str, set[str]] | None = None
        self._bones: dict[str, frozenset[str]] = {}
        self._partners: dict[str, frozenset[str]] = {}
        self.muscle_words = frozenset(
            w for m in self.muscles for n in (m.name, *m.aliases) for w in re.findall(r"[a-z]+", n.lower())
        )
        """Every word of a muscle's name: never an eponym ("Piriformis syndrome")."""

    # --- who holds what ----------------------------------------------------------------

    def holders(self, facet: Facet, item_id: str) -> set[str]:
        """Ids of the muscles that list this item in this facet (for innervation, as their
        nerve or one of their further nerves)."""
        return self._holders.get((facet, item_id), set())

    def agreed_holders(self, facet: Facet, item_id: str) -> set[str]:
        """``holders`` less those that list the item as disputed: whose fact it is by
        agreement. A wrong option is as confusable as the nearest of these: a condition
        recorded as disputed for longissimus (torticollis) is no reason to rank it high as
        a wrong option of iliocostalis (a disputed holder still keeps it from being a wrong
        option of that holder itself, ``holders``)."""
        return self._agreed_holders.get((facet, item_id), set())

    def shared(self, facet: Facet, item: Item, muscle_id: str) -> bool:
        """Whether another muscle lists this item, by its id or in the same words (with a
        qualifier or not, agreed or disputed): a "which muscle?" question on it would
        have another answer."""
        others = self._holders.get((facet, item.id), set()) | self._text_holders.get(
            (facet, norm(item.text)), set()
        )
        return bool(others - {muscle_id})

    def shared_by_agreement(self, facet: Facet, item: Item, muscle_id: str) -> bool:
        """``shared`` less the muscles that list the item (by its id) only as disputed:
        middle scalene's long thoracic nerve entrapment leaves "Which muscle is weakened
        by a long thoracic nerve injury?" to serratus anterior (middle scalene is then
        never one of its options)."""
        by_id = self._holders.get((facet, item.id), set())
        disputed_only = by_id - self._agreed_holders.get((facet, item.id), set())
        others = (by_id | self._text_holders.get((facet, norm(item.text)), set())) - disputed_only
        return bool(others - {muscle_id})

    def attached_there(self, item: Item, muscle_id: str) -> set[str]:
        """Ids of the other muscles that attach where ``item`` (an origin or insertion)
        is, at either end: the same item id, the same words, or a landmark word of its
        id in their ids or words (``landmark_words``: any facet of the greater trochanter;
        pectineus's line "below the lesser trochanter"). Left out of a "which
        muscle?" question on a shared attachment, the key is the one answer offered."""
        if self._attach_index is None:
            index: dict[str, set[str]] = {}
            for m in self.muscles:
                for facet in (Facet.ORIGIN, Facet.INSERTION):
                    for i in m.items(facet):
                        words = landmark_words(i.id) | landmark_words(
                            "-".join(re.findall(r"[a-z]+", i.text.lower()))
                        )
                        keys = _on_bone(words, i.text, every=True)
                        for key in (f"id:{i.id}", f"text:{norm(i.text)}", *keys):
                            index.setdefault(key, set()).add(m.id)
            self._attach_index = index
        found: set[str] = set()
        for key in (
            f"id:{item.id}",
            f"text:{norm(item.text)}",
            *_on_bone(landmark_words(item.id), item.text),
        ):
            found |= self._attach_index.get(key, set())
        return found - {muscle_id}

    def groups_of(self, muscle_id: str) -> set[str]:
        """Ids of the groups a muscle belongs to, as a member or a borderline one."""
        return self._groups_of.get(muscle_id, set())

    def plexus(self, muscle: Muscle) -> str | None:
        return self._plexus.get(muscle.id) if muscle.id in self._plexus else plexus_of(muscle)

    def action_ids(self) -> list[str]:
        """Every action id some loaded muscle lists, sorted."""
        if self._action_ids is None:
            self._action_ids = sorted(x for f, x in self._holders if f is Facet.ACTIONS)
        return self._action_ids

    def joint_holders(self, joint: str) -> set[str]:
        """Ids of the muscles that list this joint among those they cross."""
        return self._joint_holders.get(joint, set())

    def sharers(self, facet: Facet, item: Item, *, same_words: bool = False) -> list[Muscle]:
        """Every loaded muscle that lists this item as agreed (not disputed), by name.

        The same item is the same id; with ``same_words``, the same wording too (whatever
        the id): "Abducts the thigh (upper fibres)" is not every abductor's item.
        """
        key = norm(item.text)
        memo = (facet, item.id, key, same_words)
        found = self._sharers.get(memo)
        if found is None:
            ids = self._text_holders.get((facet, key), set()) if same_words else self.holders(facet, item.id)
            found = self._sharers[memo] = sorted(
                (
                    m
                    for m in (self.by_id[x] for x in ids)
                    if any(
                        not i.disputed and (norm(i.text) == key if same_words else i.id == item.id)
                        for i in true_items(m, facet)
                    )
                ),
                key=lambda m: m.name,
            )
        return found

    # --- how near two muscles are ------------------------------------------------------

    def region_tier(self, muscle: Muscle, other: Muscle) -> int:
        """0 for the same body region, 1 for a neighbouring one, 2 for any other."""
        if muscle.region and other.region == muscle.region:
            return 0
        return 1 if other.region in MUSCLE_NEIGHBOURS.get(muscle.region, ()) else 2

    def related_ids(self, muscle: Muscle) -> frozenset[str]:
        """Muscles the data ties to this one: similar patterns, satellites, depth
        neighbours, synergists and antagonists."""
        found = self._related.get(muscle.id)
        if found is None:
            ids = {*muscle.similar_patterns, *muscle.satellites, *muscle.deep_to, *muscle.superficial_to}
            for relation in (*muscle.synergists, *muscle.antagonists):
                ids.update(relation.muscles)
            found = self._related[muscle.id] = frozenset(ids)
        return found

    def affinity(self, muscle: Muscle, other: Muscle) -> int:
        """How easily a student confuses ``other`` with ``muscle``: the same body segment
        (+12; the same region +6 more) or a neighbouring region (+5), a shared group (+6),
        the same nerve family (+2), a tie in the data (depth, satellites, similar pattern,
        synergist or antagonist: +2)."""
        key = (muscle.id, other.id)
        found = self._affinity.get(key)
        if found is not None:
            return found
        score = 0
        if muscle.region == other.region:
            score += 18
        elif segment(other.region) == segment(muscle.region):
            score += 12
        elif other.region in MUSCLE_NEIGHBOURS.get(muscle.region, ()):
            score += 5
        mine = self._groups_of.get(muscle.id)
        if mine and not mine.isdisjoint(self._groups_of.get(other.id, ())):
            score += 6
        plexus = self._plexus.get(muscle.id)
        if plexus and plexus == self._plexus.get(other.id):
            score += 2
        if other.id in self.related_ids(muscle) or muscle.id in self.related_ids(other):
            score += 2
        self._affinity[key] = score
        return score

    def landmarks(self, muscle: Muscle, facet: Facet) -> frozenset[str]:
        """The landmark words of a muscle's attachments in one facet."""
        key = (muscle.id, facet)
        found = self._landmarks.get(key)
        if found is None:
            found = self._landmarks[key] = frozenset().union(
                *(landmark_words(i.id) for i in muscle.items(facet) if not i.disputed)
            )
        return found

    def region_first(self, muscle: Muscle) -> list[Muscle]:
        """Other muscles, those of the same region first, then of neighbouring regions,
        nearest first within each: the region of an option must not point at the answer."""
        found = self._region_first.get(muscle.id)
        if found is not None:
            return found
        near = self.nearest(muscle)
        rank = {m.id: i for i, m in enumerate(near)}
        pool = list(self._by_region.get(muscle.region, [])[:SCAN])
        for region in sorted(MUSCLE_NEIGHBOURS.get(muscle.region, ())):
            pool.extend(self._by_region.get(region, [])[:SCAN])
        unique = {m.id: m for m in [*pool, *near] if m.id != muscle.id}
        found = self._region_first[muscle.id] = sorted(
            unique.values(), key=lambda m: (self.region_tier(muscle, m), rank.get(m.id, SCAN), m.id)
        )
        return found

    def name_of(self, muscle_id: str) -> str:
        """A loaded muscle's name: a question that names another muscle depends on its name
        only, not on the rest of its file."""
        return self.by_id[muscle_id].name

    def near_of(self, muscle: Muscle, other_id: str) -> Near:
        """A loaded muscle as a "which muscle?" question about ``muscle`` weighs it."""
        other = self.by_id[other_id]
        return Near(other.id, other.name, segment(other.region), self.affinity(muscle, other))

    def action_of(self, muscle_id: str, action_id: str) -> Item | None:
        """A loaded muscle's item of that id among its actions, if it lists one."""
        return next((i for i in self.by_id[muscle_id].items(Facet.ACTIONS) if i.id == action_id), None)

    def segment_doers(self, muscle: Muscle, action_ids: frozenset[str]) -> list[str]:
        """Ids of the other muscles of ``muscle``'s body segment that perform one of the
        actions (the texts agreeing), by name."""
        home = segment(muscle.region)
        return sorted(
            (
                x
                for x in set().union(*(self.holders(Facet.ACTIONS, a) for a in action_ids)) - {muscle.id}
                if segment(self.by_id[x].region) == home
                and any(i.id in action_ids and not i.disputed for i in self.by_id[x].items(Facet.ACTIONS))
            ),
            key=self.name_of,
        )

    def shares_signs(self, muscle: Muscle, signs: frozenset[str], stretches: frozenset[str]) -> bool:
        """Whether another muscle of ``muscle``'s body segment lists one of these diagnostic
        signs or is stretched by one of these movements."""
        home = segment(muscle.region)
        return any(
            other.id != muscle.id
            and segment(other.region) == home
            and (
                bool(signs & {i.id for i in other.items(Facet.DIAGNOSTIC_SIGNS)})
                or bool(other.stretch and stretches & set(other.stretch.movements))
            )
            for other in self.muscles
        )

    def crossers(self, muscle: Muscle) -> list[Crosser]:
        """The first ``SCAN`` muscles of ``region_first`` with the joints they cross."""
        found = self._crossers.get(muscle.id)
        if found is None:
            found = self._crossers[muscle.id] = [
                Crosser(
                    o.id,
                    o.name,
                    segment(o.region),
                    self.affinity(muscle, o),
                    o.joints,
                    implied_joints((i.id for i in o.items(Facet.ACTIONS)), o.joints or ()),
                )
                for o in self.region_first(muscle)[:SCAN]
            ]
        return found

    def performers(self, muscle: Muscle) -> list[Performer]:
        """The first ``SCAN`` muscles of ``region_first`` with their actions and the
        muscles they list as antagonists."""
        found = self._performers.get(muscle.id)
        if found is None:
            found = self._performers[muscle.id] = [
                Performer(
                    o.id,
                    o.name,
                    segment(o.region),
                    self.affinity(muscle, o),
                    o.items(Facet.ACTIONS),
                    frozenset(x for r in o.antagonists for x in r.muscles),
                )
                for o in self.region_first(muscle)[:SCAN]
            ]
        return found

    def nearest(self, muscle: Muscle) -> list[Muscle]:
        """The first ``SCAN`` muscles of ``related`` (all a search ever looks at), kept."""
        found = self._nearest.get(muscle.id)
        if found is None:
            found = self._nearest[muscle.id] = list(islice(self.related(muscle), SCAN))
        return found

    def look_alikes(self, muscle: Muscle) -> Iterator[Muscle]:
        """Muscles with a zone on or next to one of this muscle's zones, most alike first.

        The scores are ``closeness``, counted through an index of
        the muscles by region (a region's first :data:`NEAR` muscles, a touching region's
        first half of that), and only the ``SCAN`` closest are sorted: bounded work per
        muscle at any atlas size. An iterator, like ``related``: a search takes what it
        needs (and the question bank's cache records only what was taken).
        """
        index = self._zone_index()
        score: dict[str, int] = {}
        found: dict[str, Muscle] = {}
        for region in dict.fromkeys(z.region for z in muscle.referral_zones):
            for near, weight, most in (
                (region, 3, NEAR),
                *((n, 1, NEAR // 2) for n in NEIGHBOURS.get(region, ())),
            ):
                for m in index.get(near, ())[:most]:
                    score[m.id] = score.get(m.id, 0) + weight
                    found[m.id] = m
        score.pop(muscle.id, None)
        return iter(
            [
                found[muscle_id]
                for _, muscle_id in heapq.nsmallest(SCAN, ((-n, muscle_id) for muscle_id, n in score.items()))
            ]
        )

    def map_rivals(self, muscle: Muscle) -> list[Rival]:
        """``_rivals`` as the questions see them: name, segment, affinity with ``muscle``
        and referral zones only."""
        return [
            Rival(o.id, o.name, segment(o.region), self.affinity(muscle, o), o.aliases, o.referral_zones)
            for o in self._rivals(muscle)
        ]

    def near_options(self, muscle: Muscle, exclude: frozenset[str]) -> list[Near]:
        """``muscle_options(muscle, exclude)`` as a question about ``muscle`` sees them."""
        return [
            Near(o.id, o.name, segment(o.region), self.affinity(muscle, o))
            for o in self.muscle_options(muscle, set(exclude))
        ]

    def which_muscle_candidates(
        self, muscle: Muscle, facet: Facet, item_id: str, exclude: frozenset[str] = frozenset()
    ) -> list[Candidate]:
        """Wrong options for "which muscle has this item of ``facet``?" about ``muscle``:
        ``muscle_options`` (region first, only muscles with data on the facet and without
        that item, none of ``exclude``), as the question sees them. For an attachment,
        three times as many, with the bones they attach to: the question ranks them by
        bone."""
        ends = facet in (Facet.ORIGIN, Facet.INSERTION)
        return [
            Candidate(
                o.id,
                o.name,
                segment(o.region),
                self.affinity(muscle, o),
                o.aliases,
                facet_items(o, facet),
                self.landmarks(o, facet),
                o.region,
                self.bones_of(o) if ends else frozenset(),
            )
            for o in self.muscle_options(
                muscle, set(exclude), having=facet, without=item_id, by_region=True, limit=24 if ends else 8
            )
        ]

    def bones_of(self, muscle: Muscle) -> frozenset[str]:
        """The bones a muscle's origins and insertions lie on, disputed ones too."""
        found = self._bones.get(muscle.id)
        if found is None:
            found = self._bones[muscle.id] = frozenset().union(
                *(attachment_bones(i.text) for f in (Facet.ORIGIN, Facet.INSERTION) for i in muscle.items(f))
            )
        return found

    def _rivals(self, muscle: Muscle) -> list[Muscle]:
        """Muscles whose maps may stand beside this one's, most alike first: the listed
        similar patterns, then look-alikes (maps on or next to its regions, see
        ``look_alikes``), never one identical to another or nested with this one
        (``nested_maps``); only when fewer than three such maps exist, its neighbours in
        the body. At most ``SCAN`` looked at per search, as everywhere."""
        seen = {map_signature(muscle)}
        similar = sorted(
            (self.by_id[x] for x in muscle.similar_patterns if x in self.by_id), key=lambda m: m.id
        )
        out: list[Muscle] = []

        def fits(other: Muscle) -> bool:
            if not other.referral_zones or other.id == muscle.id:
                return False
            signature = map_signature(other)
            if signature in seen or nested_maps(muscle, other):
                return False
            seen.add(signature)
            return True

        for scanned, other in enumerate((*similar, *self.look_alikes(muscle))):
            if scanned >= SCAN:
                break
            if fits(other):
                out.append(other)
        # Too few look-alikes, or none bigger (smaller) than this map: the muscle's
        # neighbours in the body make up the rest, and one map of the missing size, so
        # that a map's size never tells it (``pictures``).
        own = len(map_in_words(muscle))
        sides = [sum((len(map_in_words(o)) >= own) == bigger for o in out) for bigger in (False, True)]
        if len(out) >= 3 and all(sides):
            return out
        for scanned, other in enumerate(self.related(muscle)):
            if scanned >= SCAN or (len(out) >= 3 and all(sides)):
                break
            bigger = len(map_in_words(other)) >= own
            if (len(out) < 3 or not sides[bigger]) and fits(other):
                out.append(other)
                sides[bigger] += 1
        return out

    def referrers(self, region: str) -> tuple[Referrer, ...]:
        """Every muscle with a referral zone (essential or spillover) on ``region``, by id
        (only what ``Referrer`` tells of it)."""
        return tuple(referrer(m) for m in self._zone_index().get(region, ()))

    def not_referring(self, around: Sequence[str], region: str) -> list[Option]:
        """Muscles that provably do not refer to ``region`` (``rules_out``) as wrong options
        of a "which muscle?" question, ranked by where their pattern lies: the fewer
        touching steps from ``region`` to its nearest zone (``region_steps``), the more
        confusable, whatever the muscles' segments, since the place of the pain is what
        the student reasons from (review 4b, T44: not the deltoid for pain along the lower
        ribs in front); among equals, the nearer to the muscles ``around`` (ids; the
        ``affinity`` of the nearest of them). Candidates: from each one's
        ``region_first``, the first :data:`REFERRAL_CANDIDATES` (``_not_referring_near``),
        and the muscles with a zone on the nearest rings of regions around ``region``
        (``_near_pattern``); never one of the region's referrers, nor one listed as having
        a pattern like theirs (either way). Each is explained by its pattern in words and
        is ``plausible`` whatever its segment when its pattern lies within
        :data:`NEAR_PATTERN` steps; highest score first."""
        anchors = [self.by_id[x] for x in around]
        candidates: dict[str, Muscle] = {}
        for anchor in around:
            for option in self._not_referring_near(anchor, region):
                candidates[option.id] = self.by_id[option.id]
        for other in self._near_pattern(region):
            if not any(a.id in other.similar_patterns or other.id in a.similar_patterns for a in anchors):
                candidates.setdefault(other.id, other)
        steps = self.region_steps(region)
        found = []
        for other in candidates.values():
            if other.id in around:
                continue
            away = pattern_steps(other, steps)
            nearest = max(self.affinity(a, other) for a in anchors)
            found.append(
                Option(
                    other.name,
                    other.id,
                    map_in_words(other),
                    score=nearest - 50 * away,
                    segments=frozenset({segment(other.region)}),
                    plausible=away <= 2 * NEAR_PATTERN,
                )
            )
        return sorted(found, key=lambda o: (-o.score, o.id))

    def region_steps(self, region: str) -> dict[str, int]:
        """Every body region's distance from ``region`` in touching steps
        (``quizzer.regions.NEIGHBOURS``), a step into another part of the body
        (``_BODY_PART``: from the chest to the front of the shoulder) counting two; computed
        once per region."""
        found = self._region_steps.get(region)
        if found is None:
            found = self._region_steps[region] = {}
            queue = [(0, region)]
            while queue:
                away, here = heapq.heappop(queue)
                if here in found:
                    continue
                found[here] = away
                for near in _SORTED_NEIGHBOURS.get(here, ()):
                    if near not in found:
                        cost = 1 if _BODY_PART.get(near) == _BODY_PART.get(here) else 2
                        heapq.heappush(queue, (away + cost, near))
        return found

    def _near_pattern(self, region: str) -> list[Muscle]:
        """Muscles that provably do not refer to ``region`` but have a zone on the nearest
        rings of regions around it (two steps away, then three, …): whole rings until at
        least :data:`REFERRAL_CANDIDATES` are found, by id within a ring."""
        found = self._near_pattern_of.get(region)
        if found is None:
            steps = self.region_steps(region)
            index = self._zone_index()
            found = self._near_pattern_of[region] = []
            seen: set[str] = set()
            for away in range(2, max(steps.values(), default=0) + 1):
                if len(found) >= REFERRAL_CANDIDATES:
                    break
                ring = sorted(r for r, n in steps.items() if n == away)
                for other in sorted(
                    {m.id: m for r in ring for m in index.get(r, ())}.values(), key=lambda m: m.id
                ):
                    if other.id not in seen and rules_out(other, region):
                        seen.add(other.id)
                        found.append(other)
        return found

    def _not_referring_near(self, anchor_id: str, region: str) -> list[Option]:
        key = (anchor_id, region)
        found = self._not_referring.get(key)
        if found is None:
            anchor = self.by_id[anchor_id]
            exclude = {m.id for m in self._zone_index().get(region, ())}
            similar = set(anchor.similar_patterns)
            found = self._not_referring[key] = []
            for other in self.region_first(anchor):
                if len(found) >= REFERRAL_CANDIDATES:
                    break
                if other.id in exclude or other.id in similar or (anchor.id in other.similar_patterns):
                    continue
                if rules_out(other, region):
                    found.append(self.muscle_option(anchor, other, map_in_words(other)))
        return found

    def _zone_index(self) -> dict[str, list[Muscle]]:
        """Region id → the muscles with a zone on it, by id (built once)."""
        index = self._by_zone
        if index is None:
            index = self._by_zone = {}
            for m in self.muscles:
                for region in dict.fromkeys(z.region for z in m.referral_zones):
                    index.setdefault(region, []).append(m)
        return index

    def related(self, muscle: Muscle) -> Iterator[Muscle]:
        """Every other muscle once, nearest first."""
        seen = {muscle.id}
        near = (*muscle.similar_patterns, *muscle.satellites, *muscle.deep_to, *muscle.superficial_to)
        for other in [self.by_id[x] for x in near if x in self.by_id] + self._by_region.get(
            muscle.region, []
        ):
            if other.id not in seen:
                seen.add(other.id)
                yield other
        start, n = self._position.get(muscle.id, 0), len(self.muscles)
        for step in range(1, n + 1):
            other = self.muscles[(start + step) % n]
            if other.id not in seen:
                seen.add(other.id)
                yield other

    def segments_of(self, ids: Iterable[str]) -> frozenset[str]:
        return frozenset(segment(self.by_id[x].region) for x in ids if x in self.by_id)

    def item_segments(self, facet: Facet, item_id: str) -> frozenset[str]:
        """The body segments of the muscles that list an item as agreed (``agreed_holders``;
        all of them when every one disputes it), computed once."""
        key = (facet, item_id)
        found = self._item_segments.get(key)
        if found is None:
            holders = self.agreed_holders(facet, item_id) or self.holders(facet, item_id)
            found = self._item_segments[key] = self.segments_of(holders)
        return found

    # --- wrong options -----------------------------------------------------------------

    def wrong_options(self, muscle: Muscle, facet: Facet, limit: int = 12) -> list[Option]:
        """Options the data proves false for this muscle and facet, without repeats, each
        scored by confusability (higher first)."""
        truths = true_items(muscle, facet)
        true_ids = {item.id for item in truths}
        seen = {norm(item.text) for item in truths}
        seen_ids: set[str] = set()
        if facet is Facet.ACTIONS:
            # Half true: the fingers' (toes') movement beside the thumb's (great toe's).
            seen_ids = {x for x in self.action_ids() if any(digit_twin(t, x) for t in true_ids)}
            # And the fingers' (toes') movement beside the same movement of one of their
            # joints: "Flexes the fingers" for a muscle that flexes only their MCP joints.
            seen_ids |= {
                f"{found.group(1)}-{found.group(2)}"
                for t in true_ids
                if (found := _AT_JOINT.fullmatch(t)) and found.group(1) in ("finger", "toe")
            }
        out: list[Option] = []
        home = frozenset({segment(muscle.region)})
        for d in muscle.distractors.get(facet, ()):
            if d.id in true_ids or d.id in seen_ids or norm(d.text) in seen or is_red_flag(facet, d.id):
                continue
            seen.add(norm(d.text))
            out.append(
                Option(
                    d.text,
                    d.id,
                    f'Not "{strip_stop(d.text)}": {d.why}',
                    frozenset(d.opposes),
                    CURATED_SCORE,
                    home,
                )
            )
        if facet not in POOLED_FACETS:
            return out
        if facet is Facet.INNERVATION:
            # A curated wrong nerve is the library's nerve of that name when there is one
            # (its id, its rank), else ranks first: the nerve family decides what a
            # student confuses. Neither may be a branch or a parent of a true nerve.
            nerves = self._wrong_nerves(muscle, true_ids, seen)
            top = nerves[0].score if nerves else CURATED_SCORE
            curated = []
            for o in out:
                known = self._nerve_by_text.get(norm(o.text), o.id)
                if self._half_true_nerve(muscle, known, true_ids):
                    continue
                curated.append(
                    replace(
                        o, id=known, score=self._nerve_score(muscle, known) if known in self._nerves else top
                    )
                )
            out = curated + nerves
            out.sort(key=_minus_score)
            return out
        # An attachment inside a true one, or around it, is half true: "Posterior surface
        # of the ulna" beside flexor carpi ulnaris's "upper two-thirds of the posterior
        # border of the ulna"; "Greater trochanter" beside "its anterior surface".
        within = [loose_landmark(i.text) for i in truths] if facet in (Facet.ORIGIN, Facet.INSERTION) else []
        if facet in (Facet.ORIGIN, Facet.INSERTION):
            # The muscle's own other end: the near miss of "which is an origin?" (the
            # insertion on the ribs for serratus posterior inferior, not a cervical
            # landmark), false by the convention every text follows.
            other_end = Facet.INSERTION if facet is Facet.ORIGIN else Facet.ORIGIN
            for item in muscle.items(other_end):
                if (
                    item.disputed
                    or item.id in true_ids
                    or norm(item.text) in seen
                    or landmark_words(item.id) & self.landmarks(muscle, facet)
                ):
                    continue
                seen.add(norm(item.text))
                seen_ids.add(item.id)
                out.append(
                    Option(
                        item.text,
                        item.id,
                        # With its qualifier: "an insertion of iliacus (a few fibers)".
                        f'"{strip_stop(item.text)}" is '
                        f"{held_by(other_end, [holder(other_end, muscle, item) or mid(muscle.name)])}.",
                        score=OWN_END_SCORE,
                        segments=home,
                    )
                )
        # Attachments and actions of muscles of the same body region first: three thigh
        # attachments beside one pelvic one point at the answer.
        own_words = _own_words(muscle) if facet in _OWN_CHECKED else ""
        partners = self.movement_partners(muscle) if facet in _SHARED_BY_PARTNERS else frozenset()
        for scanned, other in enumerate(self.region_first(muscle)):
            if len(out) >= limit or scanned >= SCAN:
                break
            for item in true_items(other, facet):
                if (
                    item.disputed
                    or item.id in true_ids
                    or item.id in seen_ids
                    or norm(item.text) in seen
                    or is_red_flag(facet, item.id)
                ):
                    continue
                if within and half_true_landmark(item.text, within, truths):
                    continue
                if own_words and clashes_with_own(muscle, item.text, own_words, self.muscle_words):
                    seen.add(norm(item.text))
                    continue  # another muscle's, but maybe this one's too (review P7)
                if partners and self.partner_sign(facet, item, partners):
                    seen.add(norm(item.text))
                    continue  # a partner's, so likely this one's too (review 5, Q1 and Q2)
                seen.add(norm(item.text))
                seen_ids.add(item.id)
                why = self._why_wrong(facet, item)
                holders = self.agreed_holders(facet, item.id)
                # Whose item it is: the nearest muscle that lists it. The scan goes region
                # first, so the one it was found in is among the nearest; a short list of
                # holders is looked at in full (a common action is held by dozens).
                score = self.affinity(muscle, other)
                if len(holders) <= 6:
                    score = max(self.affinity(muscle, self.by_id[h]) for h in holders)
                score += self._facet_bonus(muscle, facet, item, holders)
                out.append(
                    Option(item.text, item.id, why, score=score, segments=self.item_segments(facet, item.id))
                )
        out.sort(key=_minus_score)  # stable: nearest first among equals
        return out

    def movement_partners(self, muscle: Muscle) -> frozenset[str]:
        """Ids of the other muscles of ``muscle``'s body segment or a touching one that
        share one of its movements of the head or neck (``SHARED_SIGN_PARTS``), both
        agreeing: splenius capitis for rectus capitis posterior major (extension of the
        head); multifidus for rotatores (extension of the neck); splenius capitis (neck)
        for multifidus (back), whose cervical part turns and extends the neck with it.
        Computed once per muscle."""
        found = self._partners.get(muscle.id)
        if found is None:
            home = segment(muscle.region)
            near = SEGMENT_NEIGHBOURS.get(home, frozenset()) | {home}
            moves = sorted(
                i.id
                for i in muscle.items(Facet.ACTIONS)
                if not i.disputed and action_part(i.id) in SHARED_SIGN_PARTS
            )
            found = self._partners[muscle.id] = frozenset(
                x
                for a in moves
                for x in self.agreed_holders(Facet.ACTIONS, a)
                if x != muscle.id and segment(self.by_id[x].region) in near
            )
        return found

    def partner_sign(self, facet: Facet, item: Item, partners: frozenset[str]) -> bool:
        """Whether a condition or a posture sign of the head or neck (its words name one:
        "wry neck", "forward head posture", "head tilted toward one side") is held
        undisputed by a muscle that moves the head or neck with this one
        (``movement_partners``): torticollis (splenius capitis) for rectus capitis
        posterior major. Muscles that turn or extend the head together are shortened or
        overactive together in it, so a text naming one may name the others: never a
        wrong option (a curated one, written for this muscle, still is). A condition
        that names neither (occipital neuralgia, thoracic outlet syndrome, low back pain)
        is about where a nerve or a level is, not a movement: the rule leaves it be."""
        if facet is Facet.CLINICAL_TESTS and item.fields.get("type") != "posture":
            return False
        return bool(_HEAD_OR_NECK.search(item.text)) and not partners.isdisjoint(
            self.agreed_holders(facet, item.id)
        )

    def _why_wrong(self, facet: Facet, item: Item) -> str:
        """Whose fact a wrong option is: every loaded muscle that lists it in these words
        (never the asked muscle, whose own texts are never wrong options)."""
        key = (facet, item.id, item.text)
        found = self._whys.get(key)
        if found is None:
            said = self.holders_said(facet, item)
            found = self._whys[key] = f'"{strip_stop(item.text)}" is {said}.' if said else ""
        return found

    def holders_said(self, facet: Facet, item: Item) -> str:
        """Whose item this is, for a wrong option's explanation: "an origin of iliacus (a
        few anterior fibers) and rectus femoris". Every loaded muscle that lists it as agreed
        in these words, each with its own qualifier, less those whose qualifier denies the
        relation (``holder``: the diaphragm's sensory-only intercostal nerves); "" when
        none is left."""
        key = norm(item.text)
        names = []
        for m in self.sharers(facet, item, same_words=True):
            own = next(i for i in true_items(m, facet) if not i.disputed and norm(i.text) == key)
            name = holder(facet, m, own)
            if name is not None:
                names.append(name)
        return held_by(facet, names) if names else ""

    def _facet_bonus(self, muscle: Muscle, facet: Facet, item: Item, holders: set[str]) -> int:
        """What makes an option of this facet confusable beyond whose it is: a shared or
        neighbouring landmark (attachments), the same joint or the opposite movement
        (actions), the same kind of test (clinical tests)."""
        if facet in (Facet.ORIGIN, Facet.INSERTION):
            words = landmark_words(item.id)
            other = Facet.INSERTION if facet is Facet.ORIGIN else Facet.ORIGIN
            if words & self.landmarks(muscle, facet):
                return 8
            return 3 if words & self.landmarks(muscle, other) else 0
        if facet is Facet.ACTIONS:
            own = [i.id for i in muscle.items(Facet.ACTIONS)]
            part = action_part(item.id)
            bonus = 6 if part and part in {action_part(x) for x in own} else 0
            if any(opposite_action(x) == item.id for x in own):
                bonus += 4
            return bonus
        if facet is Facet.CLINICAL_TESTS:
            kind = item.fields.get("type")
            own_kinds = {i.fields.get("type") for i in muscle.items(facet)}
            return 4 if kind in own_kinds else 0
        return 0

    def _index_nerves(self) -> dict[str, _Nerve]:
        nerves: dict[str, _Nerve] = {}
        for m in self.muscles:
            inn = m.innervation
            if inn is None:
                continue
            for item in (inn.nerve, *inn.other_nerves):
                if item.disputed:
                    continue
                nerve = nerves.get(item.id)
                if nerve is None:
                    nerve = nerves[item.id] = _Nerve(
                        item, _name_words(item.text), rami=_rami_roots(item.text), kind=_rami_kind(item.text)
                    )
                nerve.holders.add(m.id)
                nerve.roots.update(inn.roots)
                nerve.segments.add(segment(m.region))
                nerve.regions.add(m.region)
                plexus = self._plexus.get(m.id)
                if plexus:
                    nerve.plexuses.add(plexus)
        return nerves

    def _half_true_nerve(self, muscle: Muscle, nerve_id: str, true_ids: set[str]) -> bool:
        """Whether a wrong nerve would be half true: a parent of one of the muscle's
        nerves, or a branch of one whose branch to it is not named
        (``quizzer.vocab.half_true_nerve``: the tibial division of the sciatic nerve for a
        muscle of the tibial nerve; never the superficial fibular nerve beside the deep
        fibular one), or rami of the same kind (ventral, dorsal) that share a root with the
        muscle ("ventral rami of L1–L3" for a muscle supplied by L2–L4 through the femoral
        nerve)."""
        if half_true_nerve(nerve_id, true_ids):
            return True
        nerve = self._nerves.get(nerve_id)
        inn = muscle.innervation
        if nerve is None or not nerve.rami or inn is None:
            return False
        kind = "dorsal" if self.plexus(muscle) == "dorsal-rami" else "ventral"
        return nerve.kind == kind and bool(nerve.rami & set(inn.roots))

    def nerve_key(self, muscle: Muscle, nerve_id: str) -> tuple[int, int, int, int, int]:
        """How confusable a wrong nerve is, compared in this order: a sibling branch of one
        of the muscle's nerves (``quizzer.vocab.nerve_siblings``: deep and superficial
        fibular, medial and lateral plantar) or a namesake ("superior gluteal" and
        "inferior gluteal", "anterior interosseous" and "posterior interosseous"); a
        muscle of the same body segment has it (2) or of a touching segment (1), never
        only a far one (0); the same nerve family (plexus); the number of shared spinal
        roots; a muscle of the same region has it."""
        nerve = self._nerves[nerve_id]
        inn = muscle.innervation
        own = _name_words(inn.nerve.text) if inn else frozenset()
        mine = [i.id for i in true_items(muscle, Facet.INNERVATION)]
        plexus = self.plexus(muscle)
        home = segment(muscle.region)
        sibling = any(nerve_siblings(nerve_id, t) for t in mine) or bool(own & nerve.words)
        near = 2 if home in nerve.segments else int(bool(near_segments(home) & nerve.segments))
        return (
            int(sibling),
            near,
            int(plexus is not None and plexus in nerve.plexuses),
            len(nerve.roots & set(inn.roots if inn else ())),
            int(muscle.region in nerve.regions),
        )

    def _nerve_score(self, muscle: Muscle, nerve_id: str) -> int:
        key = self.nerve_key(muscle, nerve_id)
        return key[0] * 10**6 + key[1] * 10**5 + key[2] * 10**4 + key[3] * 10 + key[4]

    def _wrong_nerves(self, muscle: Muscle, true_ids: set[str], seen: set[str]) -> list[Option]:
        out = []
        seen = set(seen)
        for nerve_id, nerve in self._nerves.items():
            if nerve_id in true_ids or norm(nerve.item.text) in seen:
                continue
            seen.add(norm(nerve.item.text))
            if self._half_true_nerve(muscle, nerve_id, true_ids):
                continue
            score = self._nerve_score(muscle, nerve_id)
            if nerve.why is None:
                said = self.holders_said(Facet.INNERVATION, nerve.item)
                nerve.why = f'"{strip_stop(nerve.item.text)}" is {said}.' if said else ""
                nerve.option_segments = frozenset(nerve.segments)
            if not nerve.why:
                continue
            out.append(
                Option(nerve.item.text, nerve_id, nerve.why, score=score, segments=nerve.option_segments)
            )
        out.sort(key=lambda o: (-o.score, o.id))
        return out

    def muscle_options(
        self,
        muscle: Muscle,
        exclude: set[str],
        *,
        having: Facet | None = None,
        without: str | None = None,
        limit: int = 8,
        by_region: bool = False,
    ) -> list[Muscle]:
        """Other muscles for "which muscle" options, nearest first, minus ``exclude``.

        With ``having``, only muscles whose data covers that facet, so the data can vouch
        that the fact is false for them; with ``without``, only muscles that do not list
        that item id in the facet. With ``by_region``, muscles of the same body region
        come first (see ``region_first``).
        """
        out: list[Muscle] = []
        candidates = self.region_first(muscle) if by_region else self.nearest(muscle)
        for scanned, other in enumerate(candidates):
            if len(out) >= limit or scanned >= SCAN:
                break
            if other.id in exclude:
                continue
            if having is Facet.REFERRAL and not other.referral_description:
                continue
            if having not in (None, Facet.REFERRAL) and not facet_items(other, having):
                continue
            if having is not None and without and other.id in self.holders(having, without):
                continue
            out.append(other)
        return out

    def muscle_option(self, muscle: Muscle, other: Muscle, why: str, bonus: int = 0) -> Option:
        """``other`` as an option of a "which muscle" question about ``muscle``."""
        return Option(
            other.name,
            other.id,
            why,
            score=self.affinity(muscle, other) + bonus,
            segments=frozenset({segment(other.region)}),
        )

    def wrong_regions(self, muscle: Muscle) -> list[tuple[str, int]]:
        """Region ids clearly outside the muscle's referral pattern, with how many regions
        away from it they lie, nearest first (the plausible wrong zones: the calf for a
        thigh pattern, not the forehead).

        Regions touching a true zone are left out: charts differ at the edges.
        """
        true = {zone.region for zone in muscle.referral_zones}
        distance = dict.fromkeys(true, 0)
        frontier = sorted(true)
        while frontier:
            step = []
            for region in frontier:
                for near in _SORTED_NEIGHBOURS.get(region, ()):
                    if near not in distance:
                        distance[near] = distance[region] + 1
                        step.append(near)
            frontier = step
        rank = {r: i for i, r in enumerate(self._region_order)}
        out = [(r, distance.get(r, 99)) for r in self._region_order if distance.get(r, 99) >= 2]
        return sorted(out, key=lambda x: (x[1], rank[x[0]]))


_SORTED_NEIGHBOURS = {region: tuple(sorted(near)) for region, near in NEIGHBOURS.items()}

_BODY_PART = {
    region: part
    for part, regions in {
        "head": "vertex forehead eyebrow orbit temple cheek ear tmj jaw upper-teeth lower-teeth "
        "occiput mastoid",
        "neck": "throat lateral-neck posterior-neck neck-shoulder-angle",
        "upper-limb": "top-of-shoulder anterior-shoulder lateral-shoulder posterior-shoulder anterior-arm "
        "posterior-arm lateral-arm medial-arm cubital-fossa lateral-epicondyle medial-epicondyle olecranon "
        "anterior-forearm posterior-forearm radial-forearm ulnar-forearm palmar-wrist dorsal-wrist palm "
        "dorsum-of-hand thenar-eminence hypothenar-eminence thumb-web thumb index-finger middle-finger "
        "ring-finger little-finger",
        "lower-limb": "lateral-hip anterior-hip posterior-hip anterior-thigh lateral-thigh medial-thigh "
        "posterior-thigh anterior-knee lateral-knee medial-knee posterior-knee anterior-leg lateral-leg "
        "medial-leg posterior-calf anterior-ankle lateral-ankle medial-ankle achilles heel dorsum-of-foot "
        "lateral-foot medial-arch plantar-foot metatarsal-heads great-toe lesser-toes",
    }.items()
    for region in regions.split()
}
"""The part of the body a referral region belongs to (the rest is the trunk: chest,
abdomen, upper and low back, buttock, groin): pain along the lower ribs in front is nearer
to the mid back than to the front of the shoulder, though both lie two touching regions
away. The exam's "which muscle?" reasoning starts from the part that hurts."""

_NERVE_WORDS = frozenset(
    "nerve nerves to of the and branch branches division divisions ramus rami ventral dorsal "
    "anterior posterior superior inferior lateral medial upper lower deep superficial long "
    "short common plexus spinal cranial".split()
)


@cache
def _name_words(text: str) -> frozenset[str]:
    """The distinctive words of a nerve's name ("Inferior gluteal nerve" → {gluteal})."""
    words = "".join(c if c.isalpha() else " " for c in text.lower()).split()
    return frozenset(w for w in words if w not in _NERVE_WORDS and len(w) >= 4)


_ROOT_ORDER = (
    [f"C{n}" for n in range(1, 9)]
    + [f"T{n}" for n in range(1, 13)]
    + [f"L{n}" for n in range(1, 6)]
    + [f"S{n}" for n in range(1, 6)]
)
_ROOT_SPAN = re.compile(r"\b([CTLS])(\d{1,2})(?:\s*[–-]\s*([CTLS])?(\d{1,2}))?")


def _rami_roots(text: str) -> frozenset[str]:
    """The spinal roots a nerve named as rami lists ("Ventral rami of T12 and L1–L3" →
    T12, L1, L2, L3); empty for a named nerve ("Femoral nerve")."""
    if not re.search(r"\bram(i|us)\b", text, re.IGNORECASE):
        return frozenset()
    region = re.search(r"\b(cervical|thoracic|lumbar|sacral)?\s*spinal nerves\b", text, re.IGNORECASE)
    if region and not _ROOT_SPAN.search(text):  # "Dorsal rami of the cervical spinal nerves"
        letter = {"cervical": "C", "thoracic": "T", "lumbar": "L", "sacral": "S"}.get(
            (region.group(1) or "").lower()
        )
        return frozenset(r for r in _ROOT_ORDER if letter is None or r[0] == letter)
    roots: set[str] = set()
    for letter, first, last_letter, last in _ROOT_SPAN.findall(text):
        start = f"{letter}{first}"
        end = f"{last_letter or letter}{last}" if last else start
        if start in _ROOT_ORDER and end in _ROOT_ORDER:
            i, j = _ROOT_ORDER.index(start), _ROOT_ORDER.index(end)
            roots.update(_ROOT_ORDER[min(i, j) : max(i, j) + 1])
    return frozenset(roots)


def _rami_kind(text: str) -> str:
    """``dorsal`` for a nerve named as dorsal (posterior) rami, else ``ventral``."""
    return "dorsal" if re.search(r"\b(dorsal|posterior)\b", text, re.IGNORECASE) else "ventral"


@dataclass
class _Nerve:
    """A nerve of the library and what the muscles it supplies say about it."""

    item: Item
    words: frozenset[str]
    rami: frozenset[str] = frozenset()
    """The roots of a nerve named as rami ("Ventral rami of L1–L3"), else empty."""
    kind: str = "ventral"
    """``dorsal`` for dorsal (posterior) rami, else ``ventral``."""
    holders: set[str] = field(default_factory=set)
    roots: set[str] = field(default_factory=set)
    segments: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    plexuses: set[str] = field(default_factory=set)
    why: str | None = None
    """Why it is a wrong option: whose nerve it is (the asked muscle never has it)."""
    option_segments: frozenset[str] = frozenset()
