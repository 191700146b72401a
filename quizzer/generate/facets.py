"""Questions on the exam-grade facets of a muscle, each asked the way the exam asks it.

- Fibers: "How are the fibers of … arranged?" among the other arrangements (or directions)
  of the shared vocabulary; never a direction against an arrangement (a vertical muscle may
  well be parallel-fibered too).
- Joints crossed: the joint (one joint), select-all (several), "which muscle crosses both
  the hip and the knee?", and NOT (three or more).
- Synergists and antagonists, by action: "Which of these muscles assists gluteus medius in
  abduction of the hip?" The wrong options provably do not do it: for a synergist, their
  action lists lack the action entirely; for an antagonist, they lack the opposite movement
  (the agonists, which work *with* the muscle, are the most confusable).
- Palpation: the client's position, the resisted movement that makes the muscle stand out,
  the landmarks (a flashcard) and the whole procedure (a flashcard).
- Stretch: the movement that stretches it, against its own actions (which shorten it).
- Groups it belongs to, asked from the muscle's side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from quizzer.generate.build import ALL, Builder
from quizzer.generate.choice import add_multi, add_odd_one_out, add_options
from quizzer.generate.hedges import HEDGES, parts
from quizzer.generate.pools import (
    Option,
    and_list,
    near_segments,
    pick_confusable,
    plausible,
    segment,
)
from quizzer.generate.text import (
    FIBER_DIMENSIONS,
    FIBER_LABELS,
    WORDING,
    WORKS_WITH,
    Wording,
    action_part,
    as_fact,
    cap,
    digit_twin,
    echoes,
    group_members,
    is_plural,
    join_list,
    landmark,
    lower_first,
    mid,
    movement_label,
    opposite_action,
    say,
    strip_stop,
    verb,
)
from quizzer.model import Facet, Item, Kind, Muscle, Relation, bracketed
from quizzer.regions import MUSCLE_NEIGHBOURS
from quizzer.vocab import (
    EITHER_POSITION,
    JOINT_SEGMENTS,
    JOINTS,
    POSITIONS,
    implied_joints,
    moved_through,
    same_movement,
)

_JOINT_CHAINS = (
    (
        "tmj",
        "atlanto-occipital",
        "atlantoaxial",
        "cervical-spine",
        "thoracic-spine",
        "costovertebral",
        "lumbar-spine",
        "lumbosacral",
        "sacroiliac",
    ),
    (
        "cervical-spine",
        "sternoclavicular",
        "acromioclavicular",
        "scapulothoracic",
        "glenohumeral",
        "elbow",
        "radioulnar",
        "wrist",
        "carpometacarpal",
        "metacarpophalangeal",
        "interphalangeal-hand",
    ),
    ("radioulnar", "wrist", "thumb-cmc", "thumb-mcp", "thumb-ip"),
    ("thoracic-spine", "scapulothoracic"),
    ("thoracic-spine", "costovertebral", "sternocostal", "sternoclavicular"),
    (
        "lumbar-spine",
        "lumbosacral",
        "sacroiliac",
        "hip",
        "knee",
        "ankle",
        "subtalar",
        "midtarsal",
        "tarsometatarsal",
        "metatarsophalangeal",
        "interphalangeal-foot",
    ),
)
"""Joints in the order a limb or the spine lines them up: the joints next to the ones a
muscle crosses are the plausible wrong options (the knee for a hip muscle, not the thumb)."""


_PART_FAMILIES = (
    frozenset({"mandible"}),
    frozenset({"head", "neck"}),
    frozenset({"scapula", "shoulder"}),
    frozenset({"elbow", "forearm"}),
    frozenset({"wrist", "finger", "thumb"}),
    frozenset({"trunk", "lumbar", "pelvis"}),
    frozenset({"hip", "pelvis"}),
    frozenset({"knee"}),
    frozenset({"ankle", "foot", "toe", "great-toe"}),
)
"""Parts that move together (``quizzer.generate.text.action_part``): a wrong synergist or
antagonist of a movement of one moves one of them, or it is a filler (levator scapulae
against a jaw movement, a shoulder-girdle muscle against extension of the head)."""


def moves_near(actions: Sequence[Item], part: str) -> bool:
    """Whether a muscle of these actions moves ``part`` or a part that moves with it."""
    family = frozenset().union(*(f for f in _PART_FAMILIES if part in f)) or {part}
    return any(action_part(i.id) in family for i in actions)


def _joint_distance(a: str, b: str) -> int:
    """How many joints apart two joints are along a shared chain (99 when none)."""
    return min(
        (abs(chain.index(a) - chain.index(b)) for chain in _JOINT_CHAINS if a in chain and b in chain),
        default=99,
    )


def add_all(b: Builder) -> None:
    _fibers(b)
    _joints(b)
    _relations(b, Facet.SYNERGISTS)
    _relations(b, Facet.ANTAGONISTS)
    _palpation(b)
    _stretch(b)
    _membership(b)


def action_phrase(actions: Sequence[Item], action_id: str) -> str | None:
    """One of a muscle's actions as a noun phrase for a stem ("abduction of the hip
    (with the hip flexed)"), or None when its id is not a movement of the shared
    vocabulary."""
    label = movement_label(action_id)
    if label is None:
        return None
    item = next((i for i in actions if i.id == action_id), None)
    return bracketed(label, item.qualifier) if item is not None and item.qualifier else label


# --- fibers ---------------------------------------------------------------------------


def _fibers(b: Builder) -> None:
    items = [i for i in b.muscle.items(Facet.FIBERS) if not i.disputed]
    own = {i.id for i in b.muscle.items(Facet.FIBERS)}
    for item in items:
        if item.id not in FIBER_LABELS:
            continue
        dimension = next(d for d, ids in FIBER_DIMENSIONS.items() if item.id in ids)
        others = sorted(FIBER_DIMENSIONS[dimension] - own)
        if len(others) < 3:
            continue
        stem = (
            f"Which way do the fibers of {b.m} run?"
            if dimension == "direction"
            else f"How are the fibers of {b.m} arranged?"
        )
        home = frozenset({segment(b.muscle.region)})
        label = FIBER_LABELS[item.id]
        key = bracketed(label, item.qualifier) if item.qualifier else label  # asked with it
        text = strip_stop(item.qualified_text)
        # "Vertical, running down the arm", not "Vertical: vertical, running down the arm".
        why = f"{cap(text)}." if text.lower().startswith(label.lower()) else f"{label}: {lower_first(text)}."
        if item.note:  # the note follows the item it qualifies, as for every option
            why += f" {cap(strip_stop(item.note))}."
        right = Option(key, item.id, why, segments=home)
        wrong = [
            Option(
                FIBER_LABELS[x], x, f"{FIBER_LABELS[x]} does not describe the fibers of {b.m}.", segments=home
            )
            for x in others
        ]
        qid = b.question_id(Facet.FIBERS, item.id, Kind.MCQ)
        chosen = pick_confusable(b.rng(qid), right.text, wrong, 3, stem=stem)
        if chosen is None:
            continue
        add_options(b, Facet.FIBERS, item.id, Kind.MCQ, stem, [right, *chosen], [0], answer=right.text)


# --- joints crossed -------------------------------------------------------------------


def joint_label(joint: str) -> str:
    return JOINTS.get(joint, joint)


def _joints(b: Builder) -> None:
    m = b.muscle
    joints = [j for j in m.joints or () if j in JOINTS]
    if not joints:
        return
    pools = b.pools
    home = segment(m.region)
    b.add(
        Facet.JOINTS,
        ALL,
        Kind.BASIC,
        say(WORDING[Facet.JOINTS].ask, b.m),
        join_list([joint_label(j) for j in joints]),
        items=joints,
    )
    right = [
        Option(
            joint_label(j),
            j,
            f"{cap(b.m)} {verb(b.m, 'crosses')} the {_mid_label(j)}.",
            segments=frozenset({home}),
        )
        for j in joints
    ]
    wrong = []
    # Never said not to cross a joint one of its actions may move, qualified or disputed,
    # nor one its attachments make defensible.
    actions = [i.id for i in m.items(Facet.ACTIONS)]
    never = {*joints, *implied_joints(actions, joints), *_spanned_by_attachments(m)}
    for joint in JOINTS:
        if joint in never:
            continue
        distance = min(_joint_distance(joint, j) for j in joints)
        holders = pools.joint_holders(joint)
        segments = pools.segments_of(holders)
        score = (10 if home in segments and distance < 9 else 0) + max(0, 4 - distance)
        if score == 0:
            continue
        wrong.append(
            Option(
                joint_label(joint),
                joint,
                f"{cap(b.m)} {verb(b.m, 'does')} not cross the {_mid_label(joint)}.",
                score=score,
                segments=segments,
            )
        )
    if len(joints) == 1:
        stem = say(WORDING[Facet.JOINTS].single, b.m)
        qid = b.question_id(Facet.JOINTS, joints[0], Kind.MCQ)
        chosen = pick_confusable(b.rng(qid), right[0].text, wrong, 3, home=home, stem=stem)
        if chosen is not None:
            add_options(
                b, Facet.JOINTS, joints[0], Kind.MCQ, stem, [right[0], *chosen], [0], answer=right[0].text
            )
        return
    # A joint its scapular actions move through is neither ticked nor said not to be crossed.
    through = moved_through(actions) - set(joints)
    clear = [o for o in wrong if o.id not in through]
    add_multi(b, Facet.JOINTS, say(WORDING[Facet.JOINTS].many, b.m), right, clear, home=home)
    near = near_joints(joints, home, clear)
    if near:  # (no near joint: no question, rather than a key answered by region)
        add_odd_one_out(b, Facet.JOINTS, say(WORDING[Facet.JOINTS].odd, b.m), right, near, home=home)
    _crosses_which(b, joints)


def near_joints(joints: Sequence[str], home: str, wrong: Sequence[Option]) -> list[Option]:
    """The joints a "Which joint does it NOT cross?" may key (item-writer review: a key
    from anywhere in the body, the ankle for a neck muscle, is answered by region): of
    ``wrong`` (never a joint one of its actions moves), those next to a joint the muscle
    crosses along a limb or the spine, and those of its own region (``JOINT_SEGMENTS``)
    up to three joints along; its own region's first, then the nearest."""
    out = []
    for o in wrong:
        distance = min(_joint_distance(o.id, j) for j in joints)
        own = home in JOINT_SEGMENTS.get(o.id, ())
        if distance == 1 or (own and distance <= 3):
            # (a joint of its own region counts as of its segment; the others keep their
            # holders' segments, so that one of a far segment is still left out as a filler)
            segments = o.segments | {home} if own else o.segments
            out.append(replace(o, score=(10 if own else 0) + 4 - distance, segments=segments))
    return out


def _mid_label(joint: str) -> str:
    return landmark(joint_label(joint)).removeprefix("the ")


_FOREARM_AND_HAND = ("radius", "ulna", "carp", "phalan", "sesamoid")


def _spanned_by_attachments(m: Muscle) -> frozenset[str]:
    """Joints a muscle's attachments make defensible although its joints leave them out,
    so never wrong joints: the elbow, for one on the humerus (even one the texts dispute,
    flexor pollicis longus's inconstant humeral head) and one on the forearm or hand; the
    sacroiliac and lumbosacral joints, for one naming the sacrum (the erector spinae's
    common tendon, "sacrum, iliac crest and lumbar spinous processes": item-writer review)."""
    texts = [i.text.lower() for f in (Facet.ORIGIN, Facet.INSERTION) for i in m.items(f)]
    found: set[str] = set()
    if any("humer" in t or "epicondyle" in t for t in texts) and any(
        w in t for t in texts for w in _FOREARM_AND_HAND
    ):
        found.add("elbow")
    if any("sacrum" in t or "sacral" in t for t in texts):
        found.update(("sacroiliac", "lumbosacral"))
    return frozenset(found)


def _crosses_which(b: Builder, joints: Sequence[str]) -> None:
    """ "Which of these muscles crosses both the hip and the knee?": the wrong options cross
    some of them but not all (the most confusable), or other joints of the segment."""
    m = b.muscle
    wanted = set(joints)
    names = [landmark(joint_label(j)) for j in joints]
    said = (
        f"both {names[0]} and {names[1]}" if len(names) == 2 else ", ".join(names[:-1]) + " and " + names[-1]
    )
    options = []
    for other in b.pools.crossers(m):
        if other.joints is None or wanted <= set(other.joints) or wanted & other.implied:
            continue  # (its actions may move one of them: "crosses none of them" may be false)
        shared = wanted & set(other.joints)
        crosses = verb(other.name, "crosses")
        why = (
            f"{other.name} {crosses} the {', '.join(_mid_label(j) for j in sorted(shared))} "
            f"but not the {', '.join(_mid_label(j) for j in sorted(wanted - shared))}."
            if shared
            else f"{other.name} {crosses} none of them."
        )
        options.append(other.option(why, 8 * len(shared)))
    stem = f"Which of these muscles crosses {said}?"
    qid = b.question_id(Facet.JOINTS, ALL, Kind.MCQ, "which-muscle")
    chosen = pick_confusable(b.rng(qid), m.name, options, 3, home=segment(m.region), stem=stem)
    if chosen is None:
        return
    b.add(
        Facet.JOINTS,
        ALL,
        Kind.MCQ,
        stem,
        m.name,
        variant="which-muscle",
        options=[m.name, *(o.text for o in chosen)],
        correct=[0],
        explanation=f"{m.name} {verb(m.name, 'crosses')} {said}. " + " ".join(o.why for o in chosen),
        items=[m.id, *(o.id for o in chosen)],
    )


# --- synergists and antagonists ------------------------------------------------------


def _relations(b: Builder, facet: Facet) -> None:
    m = b.muscle
    relations: tuple[Relation, ...] = m.synergists if facet is Facet.SYNERGISTS else m.antagonists
    actions = {i.id: i for i in m.items(Facet.ACTIONS)}
    for relation in relations:
        own = actions.get(relation.action)
        if own is None or own.disputed:
            continue
        members = [x for x in relation.muscles if x in b.pools.by_id]
        if not members:
            continue
        label = movement_label(relation.action)
        # The agonist's qualifier ("assists", "posterior fibers") is its own: said in a
        # sentence about it before the question, never at the end of a stem that asks for
        # other muscles, where it would read as theirs ("an antagonist of anconeus in
        # extension of the elbow (assists)?").
        lead = as_fact(Facet.ACTIONS, m.name, own.qualified_text) + " " if own.qualifier else ""
        said = (
            ("this movement" if label else "this action")
            if lead
            else (label or f"its action: {lower_first(strip_stop(own.text))}")
        )
        w = WORKS_WITH if facet is Facet.SYNERGISTS and _only_assists(own) else WORDING[facet]
        names = [b.name_of(x) for x in members]
        ask, also = _ask_listed(b, facet, relation, lead, said, w)
        b.add(
            facet,
            relation.action,
            Kind.BASIC,
            ask,
            join_list(names),
            explanation=" ".join(x for x in (relation.note or "", also) if x),
            cite=[relation.source],
            items=members,
        )
        role = "synergist" if facet is Facet.SYNERGISTS else "antagonist"
        # An action without a movement name is said in the stem; each option's sentence
        # refers to it rather than repeating it.
        within = label or "this action"
        near = {x: b.pools.near_of(m, x) for x in members}
        right = [near[x].option(f"{_is_a(b.name_of(x), role)} of {b.m} in {within}.") for x in members]
        # Near the muscle asked about (and, in ``pick_confusable``, near the key).
        wrong = plausible(_not_related(b, facet, relation, members), segment(m.region))
        stem = lead + say(w.one, b.m, x=said)
        if label is None and not lead and facet is Facet.SYNERGISTS:
            # An action with no movement name ("tightens the iliotibial tract"): asked in
            # its own words.
            stem = f"Which of these muscles, like {b.m}, {lower_first(strip_stop(own.text))}?"
        qid = b.question_id(facet, relation.action, Kind.MCQ)
        rng = b.rng(qid)
        # The key is one of the listed muscles, not one whose name echoes the stem's
        # ("vastus medialis" for "vastus lateralis") when another will do.
        plain = [o for o in right if not echoes(stem, o.text)] or right
        key = rng.choice(plain)
        home = near[key.id].segment  # the key's segment, not the stem's
        chosen = pick_confusable(rng, key.text, wrong, 3, home=home, stem=stem)
        if chosen is not None:
            add_options(
                b,
                facet,
                relation.action,
                Kind.MCQ,
                stem,
                [key, *chosen],
                [0],
                answer=key.text,
                cite=[relation.source],
            )
        if len(right) >= 2:
            add_multi(
                b,
                facet,
                lead + say(w.many, b.m, x=said),
                right,
                wrong,
                item=relation.action,
                home=segment(m.region),
            )


def _only_assists(action: Item) -> bool:
    """Whether a muscle's own part in an action is qualified as a helper's ("assists",
    "may assist", "weak"): its synergists are then not said to assist it."""
    return any(p in HEDGES for p in parts(action.qualifier or ""))


def _ask_listed(
    b: Builder, facet: Facet, relation: Relation, lead: str, said: str, w: Wording
) -> tuple[str, str]:
    """The stem of a synergist flashcard: "Which muscles assist …?", or, when other muscles
    of the body segment perform the movement too but the source does not list them here,
    "Which muscles does Kendall name as synergists of …?" — the card's answer is that
    source's list, and a student who names quadratus lumborum for serratus posterior
    inferior's depression of the ribs is not wrong about the movement: the explanation names
    the others. (Listing them in the answer would make a card of up to a dozen muscles.)
    Returns the stem and that sentence ("" when none)."""
    stem = lead + say(w.ask, b.m, x=said)
    if facet is not Facet.SYNERGISTS:
        return stem, ""
    doers = b.pools.segment_doers(b.muscle, same_movement(relation.action))
    others = [x for x in doers if x not in relation.muscles]
    if not others:
        return stem, ""
    author = source_author(b.source(cite=[relation.source])) if relation.source else "the texts"
    does = "do" if "&" in author or author == "the texts" else "does"
    also = f"Also performing it, though not listed here: {and_list([mid(b.name_of(x)) for x in others])}."
    return lead + f"Which muscles {does} {author} name as synergists of {b.m} in {said}?", also


def source_author(title: str) -> str:
    """How a stem names a book: "Kendall et al., Muscles: …" → "Kendall", "Travell & Simons'
    Myofascial Pain …" → "Travell & Simons", "Gray's Anatomy: …" → "Gray's Anatomy"."""
    head = re.split(r"[,:]", title, maxsplit=1)[0].strip()
    head = re.sub(r"\s+et al\.?$", "", head)
    return head.split("' ", 1)[0] if "' " in head else head


def _not_related(b: Builder, facet: Facet, relation: Relation, members: Sequence[str]) -> list[Option]:
    """Muscles the data proves are not synergists (antagonists) of this action."""
    m = b.muscle
    pools = b.pools
    action = relation.action
    label = movement_label(action) or "this action"
    opposite = opposite_action(action)
    # The movement under any of its names (``same_movement``), agreed or not.
    doers = {x for a in same_movement(action) for x in pools.holders(Facet.ACTIONS, a)}
    undoers = (
        {x for a in same_movement(opposite) for x in pools.holders(Facet.ACTIONS, a)} if opposite else set()
    )
    listed = {
        x
        for r in (m.synergists if facet is Facet.SYNERGISTS else m.antagonists)
        if r.action == action
        for x in r.muscles
    }
    part = action_part(action)
    out = []
    for other in pools.performers(m):
        if other.id in listed or other.id in members:
            continue
        if part is not None and not moves_near(other.actions, part):
            continue  # a filler: it moves nothing near the part (fewer options instead)
        # The great toe's (thumb's) movement is a toe's (finger's) too, and the other way
        # round: extensor hallucis brevis is no provable non-antagonist of toe flexion.
        move = action if facet is Facet.SYNERGISTS else opposite
        if move and any(digit_twin(x.id, move) or digit_twin(move, x.id) for x in other.actions):
            continue
        if facet is Facet.SYNERGISTS:
            if other.id in doers:
                continue  # it does the action, in some part or way: not provably wrong
            bonus = 10 if other.id in undoers else 0
            does = verb(other.name, "does")
            why = f"{other.name} {does} not perform {label}."
            if bonus and opposite and _agreed(other.actions, opposite):  # never disputed
                why = (
                    f"{other.name} {does} not perform {label}; "
                    f"{_they(other.name)} {verb(other.name, 'performs')} "
                    f"{action_phrase(other.actions, opposite)}, the opposite movement."
                )
        else:
            if opposite is None:
                if other.id not in doers or any(
                    i.id == action and (i.qualifier or i.disputed) for i in other.actions
                ):
                    continue
            elif other.id in undoers:
                continue  # it does the opposite movement: it may well oppose
            if m.id in other.antagonists:
                continue
            bonus = 10 if other.id in doers else 0
            name = other.name
            # Its own action, disputed, is no reason: what makes it wrong is said instead.
            why = (
                f"{name} also {verb(name, 'performs')} {action_phrase(other.actions, action) or label}"
                f", so {_they(name)} {verb(name, 'works')} with {b.m}, not against it."
                if bonus and _agreed(other.actions, action)
                else f"{name} {verb(name, 'does')} not perform "
                f"{movement_label(opposite or '') or 'the opposite movement'}."
            )
        out.append(other.option(why, bonus))
    return out


def _is_a(name: str, role: str) -> str:
    """ "Piriformis is a synergist", "Rotatores are synergists", "Iliacus is an antagonist"."""
    if is_plural(name):
        return f"{name} are {role}s"
    return f"{name} is {'an' if role[0] in 'aeiou' else 'a'} {role}"


def _they(name: str) -> str:
    return "they" if is_plural(name) else "it"


def _agreed(actions: Sequence[Item], action_id: str) -> bool:
    """Whether a muscle's actions list the action and the texts agree on it (not
    disputed): only then may an explanation give it as a reason."""
    return any(i.id == action_id and not i.disputed for i in actions)


# --- palpation and stretch -------------------------------------------------------------


def _movement_options(b: Builder, exclude: set[str], why: str) -> list[Option]:
    """Joint movements of the shared vocabulary the muscle does not perform, for
    palpation: those of the joints it moves first, then the opposite movements, then
    those muscles of its body segment perform, then of the segments next to it (no
    "compression of the abdominal contents" for a hand muscle)."""
    m = b.muscle
    own = {i.id for i in m.items(Facet.ACTIONS)}
    parts = {action_part(x) for x in own} - {None}
    opposites = {opposite_action(x) for x in own}
    home = segment(m.region)
    near = {segment(r) for r in MUSCLE_NEIGHBOURS.get(m.region, ())}
    out = []
    for action in b.pools.action_ids():
        if action in own or action in exclude or any(digit_twin(x, action) for x in own):
            continue
        label = movement_label(action)
        if label is None or not _is_movement(action):
            continue
        segments = b.pools.item_segments(Facet.ACTIONS, action)
        score = (
            (10 if action_part(action) in parts else 0)
            + (5 if action in opposites else 0)
            + (3 if home in segments else 2 if near & segments else 0)
        )
        out.append(Option(cap(label), action, why.format(x=cap(label)), score=score, segments=segments))
    return out


def _palpation(b: Builder) -> None:
    m = b.muscle
    p = m.palpation
    if p is None:
        return
    position = POSITIONS.get(p.position, p.position)
    text = f"{strip_stop(p.text)}."
    # The position once (review 6b T39: "Client prone. With the client prone and …"): said
    # before the text unless the text's first sentence says it.
    first = re.split(r"\.(?:\s|$)", p.text, maxsplit=1)[0].lower().replace("-", " ")
    if not re.search(rf"\b{re.escape(position.lower().replace('-', ' '))}\b", first):
        text = f"Client {position.lower()}. {text}"
    b.add(
        Facet.PALPATION,
        ALL,
        Kind.BASIC,
        say(WORDING[Facet.PALPATION].ask, b.m),
        text,
        explanation=p.note or "",
        cite=[p.source],
    )
    if p.landmarks:
        b.add(
            Facet.PALPATION,
            "landmarks",
            Kind.BASIC,
            f"Which bony landmarks guide you to {b.m} when you palpate it?",
            join_list([cap(x) for x in p.landmarks]),
            explanation=text,
            cite=[p.source],
        )
    if p.position in POSITIONS:
        stem = say(WORDING[Facet.PALPATION].one, b.m)
        right = Option(position, p.position, f"{position}: {lower_first(strip_stop(p.text))}.")
        # Seated and supine both serve for arm, forearm and hand muscles: never one
        # against the other.
        either = EITHER_POSITION.get(m.region, frozenset())
        same = either if p.position in either else frozenset()
        wrong = [
            Option(label, x, f"{label} is not the position the texts use for {b.m}.")
            for x, label in POSITIONS.items()
            if x != p.position and x not in same
        ]
        qid = b.question_id(Facet.PALPATION, p.position, Kind.MCQ)
        chosen = pick_confusable(b.rng(qid), position, wrong, 3, stem=stem)
        if chosen is not None:
            add_options(
                b,
                Facet.PALPATION,
                p.position,
                Kind.MCQ,
                stem,
                [right, *chosen],
                [0],
                answer=position,
                cite=[p.source],
            )
    label = movement_label(p.resisted) if p.resisted else None
    if p.resisted and label:
        stem = f"Which resisted movement makes {b.m} stand out under your fingers?"
        right = Option(
            cap(label),
            p.resisted,
            f"{cap(label)} is an action of {b.m}: resisted, it contracts the muscle "
            "(resisting a movement it does not perform leaves it slack).",
        )
        wrong = _movement_options(b, set(), "{x} is not an action of " + b.m + ".")
        qid = b.question_id(Facet.PALPATION, p.resisted, Kind.MCQ)
        chosen = pick_confusable(b.rng(qid), right.text, wrong, 3, home=segment(m.region), stem=stem)
        if chosen is not None:
            add_options(
                b,
                Facet.PALPATION,
                p.resisted,
                Kind.MCQ,
                stem,
                [right, *chosen],
                [0],
                answer=right.text,
                cite=[p.source],
            )


def _stretch(b: Builder) -> None:
    m = b.muscle
    s = m.stretch
    if s is None:
        return
    own = {i.id for i in m.items(Facet.ACTIONS)}
    labels = [_stretch_label(x, own) for x in s.movements]
    said = join_list([cap(x) for x in labels if x])
    b.add(
        Facet.STRETCH,
        ALL,
        Kind.BASIC,
        say(WORDING[Facet.STRETCH].ask, b.m),
        strip_stop(s.text) + (f". Lengthened by {lower_first_all(said)}" if said else "") + ".",
        explanation=s.note or "",
        cite=[s.source],
        items=list(s.movements),
    )
    # Its own actions shorten it: the wrong options (only those it performs outright,
    # without a qualifier, and that are joint movements).
    wrong = [
        Option(cap(label), i.id, f"{cap(label)} is an action of {b.m}: it shortens the muscle.", score=10)
        for i in m.items(Facet.ACTIONS)
        if not i.disputed
        and not i.qualifier
        and i.id not in s.movements
        and (label := movement_label(i.id)) is not None
        and _is_movement(i.id)
    ]
    # A stretch movement that is also one of its actions ("lateral flexion of the neck"
    # for upper trapezius) is either named with its side (to the opposite side: the
    # action is to the same side), or, without a side to name (a part of the muscle does
    # it, or it does so only from some positions), never keyed: both readings would be
    # defensible.
    right = [
        Option(cap(label), x, f"{cap(label)} lengthens {b.m}.")
        for x in s.movements
        if (label := _stretch_label(x, own)) is not None and (x not in own or _sided(x))
    ]
    for option in right:
        stem = say(WORDING[Facet.STRETCH].one, b.m)
        qid = b.question_id(Facet.STRETCH, option.id, Kind.MCQ)
        chosen = pick_confusable(b.rng(qid), option.text, wrong, 3, stem=stem)
        if chosen is not None:
            add_options(
                b,
                Facet.STRETCH,
                option.id,
                Kind.MCQ,
                stem,
                [option, *chosen],
                [0],
                answer=option.text,
                cite=[s.source],
            )
    if len(right) >= 2:
        add_multi(b, Facet.STRETCH, say(WORDING[Facet.STRETCH].many, b.m), right, wrong)


def _sided(action_id: str) -> bool:
    """A movement made to one side or the other, its id naming neither (lateral flexion)."""
    return action_id.endswith("-lateral-flexion")


def _stretch_label(action_id: str, own: set[str]) -> str | None:
    """A stretch movement in words; "… to the opposite side" when it is a sideways
    movement the muscle itself makes (to its own side)."""
    label = movement_label(action_id)
    if label is not None and action_id in own and _sided(action_id):
        return f"{label} to the opposite side"
    return label


def lower_first_all(text: str) -> str:
    return text[:1].lower() + text[1:]


def _is_movement(action_id: str) -> bool:
    """A joint movement (not "stabilization of the pelvis"): what a stretch can reverse."""
    return "stabilisation" not in action_id and "stabilization" not in action_id


# --- groups, from the muscle's side ---------------------------------------------------


def _membership(b: Builder) -> None:
    m = b.muscle
    pools = b.pools
    mine = [g for g in pools.groups if m.id in g.members]
    if not mine:
        return
    b.add(
        Facet.GROUP,
        ALL,
        Kind.BASIC,
        say(WORDING[Facet.GROUP].ask, b.m),
        join_list([g.name for g in mine]),
        items=[g.id for g in mine],
        explanation=" ".join(f"{g.name}: {lower_first(strip_stop(g.description))}." for g in mine),
    )
    home = segment(m.region)
    near = near_segments(home)
    others = []
    for g in pools.groups:
        if m.id in g.members or m.id in g.borderline:
            continue
        segments = pools.segments_of(g.members)
        # Confusable by place (its segment, then a touching one) or by what it does (the
        # same action, or the same movement of another joint: the deep six lateral
        # rotators beside the rotator cuff, which rotates the arm laterally).
        movement = _shares_movement(m, g.actions)
        score = (12 if home in segments else 4 if near & segments else 0) + (
            6 if _shares_action(m, g.actions) else 5 if movement else 0
        )
        members = and_list([mid(pools.name_of(x)) for x in g.members if x in pools.by_id])
        others.append(
            Option(
                g.name,
                g.id,
                f"The {mid(g.name)}: {members}.",
                score=score,
                segments=segments,
                plausible=movement,
            )
        )
    stem = say(WORDING[Facet.GROUP].one, b.m)
    for g in mine:
        right = Option(
            g.name,
            g.id,
            f"{cap(b.m)} {verb(b.m, 'is')} one of {group_members(g.name)}: "
            f"{lower_first(strip_stop(g.description))}.",
            segments=frozenset({home}),
        )
        qid = b.question_id(Facet.GROUP, g.id, Kind.MCQ)
        chosen = pick_confusable(
            b.rng(qid), g.name, [o for o in others if o.id != g.id], 3, home=home, stem=stem
        )
        if chosen is not None:
            add_options(b, Facet.GROUP, g.id, Kind.MCQ, stem, [right, *chosen], [0], answer=g.name)


def _movement(action_id: str) -> str | None:
    """The movement of a shared action id without its joint: ``hip-lateral-rotation`` →
    ``lateral-rotation``; None for an id that is no joint movement."""
    part = action_part(action_id)
    return action_id[len(part) + 1 :] if part and movement_label(action_id) else None


def _shares_movement(m: Muscle, actions: Sequence[Item]) -> bool:
    """Whether a group's action is one of the muscle's movements at another joint, a
    movement with a direction (lateral rotation of the hip for a lateral rotator of the
    shoulder; never plain extension, which nearly every group has somewhere)."""
    own = {x for i in m.items(Facet.ACTIONS) if not i.disputed if (x := _movement(i.id)) and "-" in x}
    return any(_movement(a.id) in own for a in actions)


def _shares_action(m: Muscle, actions: Sequence[Item]) -> bool:
    own = {i.id for i in m.items(Facet.ACTIONS)}
    return any(a.id in own for a in actions)
