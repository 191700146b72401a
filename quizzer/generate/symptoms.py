"""Symptom → muscle: where a client reports pain, and whose trigger points send it there.

The question a massage therapist answers every day, asked across the atlas from the
referral zones (Travell & Simons' essential and spillover zones, ``referral_zones``):

- **Which muscle?** "A client reports pain over the lateral epicondyle (outer elbow).
  Trigger points in which of these muscles are a likely source?" (single best answer,
  ``deck/muscle/referral/<region>/mcq/which-muscle``). The key has the region in its
  *essential* zone (where nearly every client with those trigger points feels the pain);
  a muscle with it only in its spillover zone is no key, but no wrong option either.
- **Select all**: "A client reports pain in the palm. Select all the muscles whose trigger
  points can refer pain there." (``…/referral/<region>/multi/which-muscle``): the right
  options refer there in their essential *or* spillover zone ("can" refer: spillover is
  pain some clients feel).
- **Where?** "A client has active trigger points in infraspinatus. Where is the client most
  likely to report pain?" (``…/referral/<region>/mcq``): the key is an essential zone, the
  wrong options lie outside the pattern and away from its edges. Unlike the referral
  questions of ``choice`` (select every zone; which is NOT in the pattern) it asks the
  exam's single best answer and tells the essential zone from the spillover.

Every wrong muscle provably does not refer there: it has a recorded pattern (a muscle
without one is unknown, never wrong), none of its zones, essential or spillover, is the
region or one of its :data:`~quizzer.regions.NEIGHBOURS` (charts differ at the edges), none
of its trigger points lies there (local tenderness is real), and it is not listed as having
a pattern like the key's. Wrong options come from the key's body segment and its neighbours
first (``Pools.not_referring``), the most confusable always among them.

Ids are built from data ids: a question about a region hangs on a muscle that refers there
(the key; for "select all", the muscle for which the region is most central, see
:func:`_rank`), so ids never depend on the seed. Weight: at most :data:`PER_MUSCLE`
which-muscle questions keyed on one muscle and :data:`PER_REGION` on one region, one
select-all per region and one "where?" per muscle. The questions carry the tag
:data:`SYMPTOM_TAG`. Red flags (numbness, night pain … → refer out) are written by hand in
``decks/clinical-reasoning.yaml``: they are not facts of the referral zones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from quizzer.generate.build import Builder
from quizzer.generate.pictures import map_in_words
from quizzer.generate.pools import (
    Option,
    Pools,
    Referrer,
    and_list,
    pick_confusable,
    plausible,
    referrer,
    rules_out,
    segment,
)
from quizzer.generate.text import cap, echoes, is_plural, join_list, lower_first, mid, owns, verb
from quizzer.model import WHICH_MUSCLE, Deck, Facet, Kind, Question, Zone
from quizzer.regions import BODY_REGIONS, NEIGHBOURS

__all__ = ["PER_MUSCLE", "PER_REGION", "SYMPTOM_TAG", "WHERE", "for_deck", "rules_out"]

SYMPTOM_TAG = "quizzer::symptom"
"""The tag of every symptom question (an Anki user can filter them with it)."""

PER_MUSCLE = 2
"""Which-muscle questions keyed on one muscle at most (on its most central regions)."""

PER_REGION = 3
"""Muscles that may be keyed on one region at most: nine muscles refer to the buttock."""

WHERE: dict[str, str] = {
    # Head and face
    "vertex": "on the top of the head (vertex)",
    "forehead": "in the forehead",
    "eyebrow": "over the eyebrow",
    "orbit": "in and around the eye",
    "temple": "in the temple",
    "cheek": "in the cheek",
    "ear": "in the ear",
    "tmj": "in the temporomandibular joint, in front of the ear",
    "jaw": "along the jaw",
    "upper-teeth": "in the upper teeth",
    "lower-teeth": "in the lower teeth",
    "occiput": "at the back of the head (occipital region)",
    "mastoid": "behind the ear (mastoid region)",
    # Neck
    "throat": "in the throat (front of the neck)",
    "lateral-neck": "in the side of the neck",
    "posterior-neck": "in the back of the neck",
    "neck-shoulder-angle": "at the angle of the neck and shoulder",
    "top-of-shoulder": "across the top of the shoulder",
    # Shoulder and upper back
    "anterior-shoulder": "in the front of the shoulder",
    "lateral-shoulder": "in the side of the shoulder, below the acromion",
    "posterior-shoulder": "in the back of the shoulder",
    "scapula": "over the scapula",
    "medial-scapular-border": "along the medial (vertebral) border of the scapula",
    "interscapular": "between the scapulae",
    "inferior-angle": "at the inferior angle of the scapula",
    "mid-back": "in the mid back (thoracolumbar region)",
    # Chest and abdomen
    "sternum": "over the sternum",
    "chest": "in the front of the chest (pectoral region)",
    "lateral-chest": "in the side of the chest (lateral rib cage)",
    "costal-margin": "along the lower ribs in front (costal margin)",
    "upper-abdomen": "in the upper abdomen (epigastric region)",
    "lateral-abdomen": "in the side of the abdomen (flank)",
    "lower-abdomen": "in the lower abdomen",
    "groin": "in the groin",
    # Arm and elbow
    "anterior-arm": "in the front of the arm",
    "posterior-arm": "in the back of the arm",
    "lateral-arm": "in the outer (lateral) arm",
    "medial-arm": "in the inner (medial) arm",
    "cubital-fossa": "in the front of the elbow (cubital fossa)",
    "lateral-epicondyle": "over the lateral epicondyle (outer elbow)",
    "medial-epicondyle": "over the medial epicondyle (inner elbow)",
    "olecranon": "at the back of the elbow (olecranon)",
    # Forearm, wrist and hand
    "anterior-forearm": "in the front (palmar surface) of the forearm",
    "posterior-forearm": "in the back (dorsal surface) of the forearm",
    "radial-forearm": "along the thumb side (radial border) of the forearm",
    "ulnar-forearm": "along the little-finger side (ulnar border) of the forearm",
    "palmar-wrist": "in the front (palmar side) of the wrist",
    "dorsal-wrist": "in the back (dorsal side) of the wrist",
    "palm": "in the palm",
    "dorsum-of-hand": "in the back of the hand (dorsum)",
    "thenar-eminence": "at the base of the thumb (thenar eminence)",
    "hypothenar-eminence": "in the little-finger side of the palm (hypothenar eminence)",
    "thumb-web": "in the web space between the thumb and index finger",
    "thumb": "in the thumb",
    "index-finger": "in the index finger",
    "middle-finger": "in the middle finger",
    "ring-finger": "in the ring finger",
    "little-finger": "in the little finger",
    # Low back and pelvis
    "low-back": "in the low back",
    "iliac-crest": "along the iliac crest",
    "sacroiliac-joint": "over the sacroiliac joint",
    "sacrum": "over the sacrum",
    "coccyx": "at the coccyx (tailbone)",
    "buttock": "in the buttock",
    "lateral-hip": "at the side of the hip (greater trochanter)",
    "anterior-hip": "in the front of the hip",
    "posterior-hip": "at the back of the hip joint",
    # Thigh and knee
    "anterior-thigh": "in the front of the thigh",
    "lateral-thigh": "in the outer (lateral) thigh",
    "medial-thigh": "in the inner (medial) thigh",
    "posterior-thigh": "in the back of the thigh",
    "anterior-knee": "in the front of the knee (patella)",
    "lateral-knee": "in the outer (lateral) knee",
    "medial-knee": "in the inner (medial) knee",
    "posterior-knee": "in the back of the knee (popliteal fossa)",
    # Leg, ankle and foot
    "anterior-leg": "in the front of the leg (shin)",
    "lateral-leg": "in the outer (lateral) leg",
    "medial-leg": "in the inner (medial) leg",
    "posterior-calf": "in the calf",
    "anterior-ankle": "in the front of the ankle",
    "lateral-ankle": "around the lateral malleolus (outer ankle)",
    "medial-ankle": "around the medial malleolus (inner ankle)",
    "achilles": "over the Achilles tendon",
    "heel": "in the heel",
    "dorsum-of-foot": "on the dorsum of the foot",
    "lateral-foot": "along the outer (lateral) edge of the foot",
    "medial-arch": "in the medial arch of the foot (instep)",
    "plantar-foot": "in the sole of the foot (plantar surface)",
    "metatarsal-heads": "in the ball of the foot (metatarsal heads)",
    "great-toe": "in the big toe (hallux)",
    "lesser-toes": "in the lesser toes",
}
"""Where the pain is, as a client's report reads after "pain": one phrase per body region."""

WHICH_STEM = "A client reports pain {where}. Trigger points in which of these muscles are a likely source?"
ALL_STEM = "A client reports pain {where}. Select all the muscles whose trigger points can refer pain there."
WHERE_STEM = "A client has active trigger points in {m}. Where is the client most likely to report pain?"

_CANDIDATES = 12
"""Wrong regions kept per "where?" question (the nearest): enough for a fair draw."""


def for_deck(pools: Pools, deck: Deck, seed: int) -> list[Question]:
    """The symptom questions of one deck's muscles, right option first (callers place it)."""
    out: list[Question] = []
    for muscle in deck.muscles:
        if not _essential(referrer(muscle)):
            continue
        b = Builder(pools, deck, muscle, seed)
        add_all(b)
        out.extend(replace(q, tags=(*q.tags, SYMPTOM_TAG)) for q in b.questions)
    return out


def add_all(b: Builder) -> None:
    """One muscle's symptom questions: which-muscle on its most central regions, the
    select-all of each region it is most central to, and one "where?"."""
    m = b.muscle
    essential = _essential(referrer(m))
    made = 0
    for region in _own_regions(b.pools, referrer(m)):
        if made >= PER_MUSCLE:
            break
        made += _which_muscle(b, region)
    for region in dict.fromkeys(z.region for z in m.referral_zones):
        referrers = b.pools.referrers(region)
        if min(referrers, key=lambda o: _rank(o, region)).id == m.id:
            _select_all(b, region, referrers)
    for region in essential:
        if _where(b, region):
            break


def _essential(muscle: Referrer) -> list[str]:
    return list(dict.fromkeys(z.region for z in muscle.referral_zones if z.zone is Zone.ESSENTIAL))


def _rank(muscle: Referrer, region: str) -> tuple[bool, int, int, str]:
    """How central ``region`` is to a muscle's pattern (lower first): essential before
    spillover, then where the deck lists it among those zones (the main zone first), then
    how few essential zones the muscle has, then its id."""
    zone = next(z.zone for z in muscle.referral_zones if z.region == region)
    same = list(dict.fromkeys(z.region for z in muscle.referral_zones if z.zone is zone))
    return (zone is Zone.SPILLOVER, same.index(region), len(_essential(muscle)), muscle.id)


def _ranked(muscles: Iterable[Referrer], region: str) -> list[Referrer]:
    return sorted(muscles, key=lambda o: _rank(o, region))


def _own_regions(pools: Pools, muscle: Referrer) -> list[str]:
    """The essential regions a which-muscle question may key on ``muscle``: those where it
    is among the :data:`PER_REGION` most central referrers, where it is most central
    first, then the regions fewest muscles refer to."""
    found: list[tuple[int, int, int, str]] = []
    for order, region in enumerate(_essential(muscle)):
        ranked = _ranked([o for o in pools.referrers(region) if region in _essential(o)], region)
        place = next(i for i, o in enumerate(ranked) if o.id == muscle.id)
        if place < PER_REGION:
            found.append((place, len(ranked), order, region))
    return [region for *_, region in sorted(found)]


def _why_wrong(wrong: Iterable[Option]) -> list[str]:
    """Why each wrong muscle is wrong, one sentence per pattern: muscles with the same
    pattern (rhomboid major and minor) share one."""
    by_pattern: dict[str, list[str]] = {}
    for option in wrong:
        by_pattern.setdefault(option.why, []).append(option.text)
    said = []
    for pattern, names in by_pattern.items():
        whose = "its pattern" if len(names) == 1 and not is_plural(names[0]) else "their pattern"
        # A dash, not brackets: the region names carry brackets of their own.
        said.append(
            f"{cap(and_list([names[0], *(mid(n) for n in names[1:])]))}: {whose} "
            f"neither covers nor borders this region — {pattern}."
        )
    return said


def _which_muscle(b: Builder, region: str) -> bool:
    m = b.muscle
    referrers = b.pools.referrers(region)
    # Ranked by where their patterns lie, the key's segment only breaking ties: those
    # whose pattern lies near the region (``plausible``); when only two are, both and the
    # nearest of the key's segment and its neighbours (the wider pool, ranked by where
    # their patterns lie: four options, never a far filler). When those cannot do
    # (a word of the stem echoed by the key alone, "medial" for vastus medialis), the whole
    # wider pool may bring an option that echoes it too; only when no three will do, two.
    ranked = b.pools.not_referring((m.id,), region)
    if len(ranked) < 3:
        return False
    qid = b.question_id(Facet.REFERRAL, region, Kind.MCQ, WHICH_MUSCLE)
    near = [o for o in ranked if o.plausible]
    wider = plausible(ranked, segment(m.region))  # (``plausible`` keeps every near one)
    # Two near: both, and the nearest of the wider pool after them (fewer than two near
    # draw three from the wider pool, as they always have).
    first = [*near, *[o for o in wider if not o.plausible][:1]] if len(near) == 2 else near
    chosen = None
    tried: set[tuple[int, tuple[str, ...]]] = set()
    for count, wrong in ((3, first), (3, wider), (2, near), (2, wider)):
        attempt = (count, tuple(o.id for o in wrong))
        if len(wrong) < count or attempt in tried:
            continue  # (the same draw again would give the same answer)
        tried.add(attempt)
        chosen = pick_confusable(b.rng(qid), m.name, wrong, count, stem=WHERE[region])
        if chosen is not None:
            break
    if chosen is None:
        return False
    also = [mid(o.name) for o in referrers if o.id != m.id]
    explanation = (
        f"Pain {WHERE[region]} is in the essential zone of {owns(b.m, 'referral pattern')}"
        f" — {map_in_words(m)}. " + " ".join(_why_wrong(chosen))
    )
    if also:
        explanation += (
            f" {cap(and_list(also))} {verb(also[0], 'refers', plural=len(also) > 1 or None)} pain "
            "here too, so not among the options."
        )
    b.add(
        Facet.REFERRAL,
        region,
        Kind.MCQ,
        WHICH_STEM.format(where=WHERE[region]),
        m.name,
        variant=WHICH_MUSCLE,
        options=[m.name, *(o.text for o in chosen)],
        correct=[0],
        explanation=explanation,
        sources=m.trigger_point_sites,
        items=[m.id, *(o.id for o in chosen)],
    )
    return True


def _select_all(b: Builder, region: str, referrers: Sequence[Referrer]) -> None:
    """2–4 muscles that refer to the region (the host always) among 5–6 options."""
    m = b.muscle
    where = WHERE[region]
    # A right option echoing the stem ("abdominis" for pain in the abdomen, "dorsal" for
    # the dorsum) would mark itself: such a muscle is left out (it is not wrong either).
    if echoes(where, m.name):
        return
    others = [o for o in referrers if o.id != m.id and not echoes(where, o.name)]
    wrong = b.pools.not_referring((m.id, *(o.id for o in others)), region)
    if not others or len(wrong) < 4:
        return
    qid = b.question_id(Facet.REFERRAL, region, Kind.MULTI, WHICH_MUSCLE)
    rng = b.rng(qid)
    k = min(len(others) + 1, rng.randint(2, 4))
    total = rng.choice((5, 6))
    trues = [referrer(m), *rng.sample(others, k - 1)]
    chosen = pick_confusable(rng, m.name, wrong, total - k)
    if chosen is None:
        return
    right = [Option(t.name, t.id, "") for t in trues]
    picked = right + chosen
    rng.shuffle(picked)
    correct = [i for i, o in enumerate(picked) if o in right]
    keys = [next(t for t in trues if t.id == picked[i].id) for i in correct]
    b.add(
        Facet.REFERRAL,
        region,
        Kind.MULTI,
        ALL_STEM.format(where=where),
        join_list([picked[i].text for i in correct]),
        variant=WHICH_MUSCLE,
        options=[o.text for o in picked],
        correct=correct,
        explanation=" ".join(
            [_why_right(keys, region), *_why_wrong(o for i, o in enumerate(picked) if i not in correct)]
        ),
        sources=m.trigger_point_sites,
        items=[o.id for o in picked],
    )


def _why_right(keys: Sequence[Referrer], region: str) -> str:
    """One sentence per zone for the right options: essential zones (nearly every client
    with those trigger points feels the pain there), then spillover (some clients do)."""
    said = []
    for zone, how in (
        (
            Zone.ESSENTIAL,
            "in the essential zone, where nearly every client with these trigger points feels it",
        ),
        (Zone.SPILLOVER, "in the spillover zone, where some clients feel it"),
    ):
        names = [k.name for k in keys if next(z.zone for z in k.referral_zones if z.region == region) is zone]
        if names:
            refer = verb(names[0], "refers", plural=len(names) > 1 or None)
            said.append(f"{cap(and_list([mid(n) for n in names]))} {refer} pain here, {how}.")
    return " ".join(said)


def _where(b: Builder, region: str) -> bool:
    """ "Where is the client most likely to report pain?": ``region`` (an essential zone) among
    three regions outside the pattern, off its edges and away from its trigger points,
    those nearest the key first (a knee among knees, not three knees beside a hip)."""
    m = b.muscle
    sites = {s.fields.get("region", "") for s in m.trigger_point_sites}
    blocked = sites.union(*(NEIGHBOURS.get(s, frozenset()) for s in sites))
    steps = _steps_from(region)
    ranked = sorted(
        (
            Option(BODY_REGIONS[r], r, "", score=-steps.get(r, len(steps)))
            for r, _ in b.pools.wrong_regions(m)
            if r not in blocked
        ),
        key=lambda o: -o.score,
    )
    # No two that touch: three fingers beside a wrist would point at the wrist.
    wrong: list[Option] = []
    for option in ranked:
        if len(wrong) < _CANDIDATES and not any(o.id in NEIGHBOURS[option.id] for o in wrong):
            wrong.append(option)
    if len(wrong) < 3:
        return False
    qid = b.question_id(Facet.REFERRAL, region, Kind.MCQ)
    key = BODY_REGIONS[region]
    chosen = pick_confusable(b.rng(qid), key, wrong, 3, stem=b.m)
    if chosen is None:
        return False
    essential = [lower_first(BODY_REGIONS[r]) for r in _essential(referrer(m))]
    spill = [lower_first(BODY_REGIONS[z.region]) for z in m.referral_zones if z.zone is Zone.SPILLOVER]
    explanation = (
        f"Pain {WHERE[region]} is in the essential zone of {owns(b.m, 'pattern')}, where "
        "nearly every client with these trigger points feels it: "
        f"{and_list(essential)}"
    )
    explanation += f"; its spillover zone, felt by some, is {and_list(spill)}. " if spill else ". "
    explanation += (
        f"{cap(and_list([lower_first(o.text) for o in chosen]))} lie outside the "
        "pattern and away from its edges."
    )
    b.add(
        Facet.REFERRAL,
        region,
        Kind.MCQ,
        WHERE_STEM.format(m=b.m),
        key,
        options=[key, *(o.text for o in chosen)],
        correct=[0],
        explanation=explanation,
        sources=m.trigger_point_sites,
        items=[region, *(o.id for o in chosen)],
    )
    return True


def _steps_from(region: str) -> dict[str, int]:
    """Every region's distance from ``region`` in touching steps (:data:`NEIGHBOURS`)."""
    steps = {region: 0}
    frontier = [region]
    while frontier:
        nxt = []
        for here in frontier:
            for near in sorted(NEIGHBOURS[here]):
                if near not in steps:
                    steps[near] = steps[here] + 1
                    nxt.append(near)
        frontier = nxt
    return steps
