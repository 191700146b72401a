"""Questions about a group of muscles (the hamstrings, the deep six, the rotator cuff).

A group's questions have the group as their subject (``Question.muscle`` is the group's
id, ``muscle_name`` its name) and the facet ``group``:

- the members (a flashcard, select-all, and "which of these is NOT one of …", whose key is
  a muscle of the same segment that is not a member and not ``borderline``);
- the action the members share (a flashcard; single best answer against movements none of
  the members performs);
- the mnemonic (a flashcard, and a cloze card when the deck marks gaps in it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from quizzer.generate.build import Builder
from quizzer.generate.choice import add_multi, add_odd_one_out, add_options
from quizzer.generate.facets import moves_near
from quizzer.generate.pools import Option, Performer, and_list, pick_confusable, segment
from quizzer.generate.text import (
    action_part,
    cap,
    digit_twin,
    group_members,
    join_list,
    lower_first,
    mid,
    movement_label,
    opposite_action,
    strip_stop,
    verb,
)
from quizzer.model import Facet, Group, Kind, Muscle
from quizzer.regions import MUSCLE_NEIGHBOURS

_GAP = re.compile(r"\{\{(.+?)\}\}")

MEMBERS = "members"
"""The item of a group's questions on who belongs to it: one fact, apart from the shared
actions and the mnemonic (a facet-level ``all`` would make them overlap in a quiz)."""


def add_all(b: Builder, group: Group) -> None:
    pools = b.pools
    members = [pools.by_id[x] for x in group.members if x in pools.by_id]
    if not members:
        return
    g = _the(group)
    described = f"{cap(strip_stop(group.description))}."
    borderline = [pools.by_id[x] for x in group.borderline if x in pools.by_id]
    extra = (
        f" Some texts also count {and_list([mid(x.name) for x in borderline])}"
        f"{': ' + lower_first(strip_stop(group.note)) if group.note else ''}."
        if borderline
        else (f" {cap(strip_stop(group.note))}." if group.note else "")
    )
    b.add(
        Facet.GROUP,
        MEMBERS,
        Kind.BASIC,
        f"Which muscles make up {g}?",
        join_list([m.name for m in members]),
        explanation=described + extra,
        items=[m.id for m in members],
    )
    home = _home(members)
    each = group_members(group.name)
    right = [
        Option(m.name, m.id, f"{_is(m.name)} one of {each}.", segments=frozenset({segment(m.region)}))
        for m in members
    ]
    wrong = _outsiders(b, group, members)
    # "Select all the muscles of mastication", "… the muscles of the rotator cuff": never
    # "the muscles of the muscles of mastication".
    add_multi(b, Facet.GROUP, f"Select all {each}.", right, wrong, item=MEMBERS, home=home)
    add_odd_one_out(
        b, Facet.GROUP, f"Which of these muscles is NOT one of {each}?", right, wrong, item=MEMBERS, home=home
    )
    _actions(b, group, members)
    _mnemonic(b, group)


def _is(name: str) -> str:
    """ "Piriformis is", "Rotatores are"."""
    return f"{name} {verb(name, 'is')}"


def _the(group: Group) -> str:
    """ "the hamstrings", "the rotator cuff"."""
    return f"the {mid(group.name)}"


def _home(members: list[Muscle]) -> str | None:
    """The body segment most members share."""
    segments = [segment(m.region) for m in members]
    return max(sorted(set(segments)), key=segments.count) if segments else None


def _outsiders(b: Builder, group: Group, members: list[Muscle]) -> list[Option]:
    """Muscles that are not in the group (nor borderline), the most confusable first: of
    the members' segment, sharing the group's action, tied to a member in the data."""
    pools = b.pools
    inside = {*group.members, *group.borderline}
    actions = {a.id for a in group.actions}
    best: dict[str, int] = {}
    found: dict[str, Performer] = {}
    for member in members:
        for other in pools.performers(member):
            if other.id in inside:
                continue
            score = other.affinity
            if actions & {i.id for i in other.actions}:
                score += 6
            best[other.id] = max(best.get(other.id, 0), score)
            found[other.id] = other
    return [
        Option(
            found[x].name,
            x,
            f"{_is(found[x].name)} not one of {group_members(group.name)}.",
            score=score,
            segments=frozenset({found[x].segment}),
        )
        for x, score in sorted(best.items())
    ]


def _actions(b: Builder, group: Group, members: list[Muscle]) -> None:
    actions = [a for a in group.actions if not a.disputed]
    if not actions:
        return
    each = group_members(group.name)
    b.add(
        Facet.GROUP,
        "actions",
        Kind.BASIC,
        f"Which action do {each} share?",
        join_list([a.qualified_text for a in actions]),
        sources=actions,
        items=[a.id for a in actions],
    )
    # What a member, or a muscle some texts count in the group, performs: never wrong.
    counted = [*members, *(b.pools.by_id[x] for x in group.borderline if x in b.pools.by_id)]
    done = {i.id for m in counted for i in m.items(Facet.ACTIONS)}
    own = {a.id for a in actions}
    parts = {a.id.split("-")[0] for a in actions}
    opposites = {opposite_action(a.id) for a in actions}
    home = _home(members)
    near = {segment(r) for m in members for r in MUSCLE_NEIGHBOURS.get(m.region, ())}
    for action in actions:
        label = movement_label(action.id)
        # Keyed only when every member lists it among its own actions: what a member's
        # data leaves out is false of it, so an action one member has (or none lists) is
        # no shared action to key; the flashcard above still gives the group's list.
        if (
            label is None
            or not members
            or not all(action.id in {i.id for i in m.items(Facet.ACTIONS)} for m in members)
        ):
            continue
        right = Option(
            cap(label), action.id, f"{cap(label)}: {lower_first(strip_stop(action.qualified_text))}."
        )
        # Wrong: movements no member performs (never a stabilization, which any
        # group crossing the joint may claim: the hamstrings and the pes anserinus
        # stabilize the knee; nor the fingers' movement beside the thumb's), the most
        # confusable first: of the same joint, the opposite movement, one that muscles of
        # the group's own body segment perform (not the ankle for the thenar group).
        wrong = []
        for x in b.pools.action_ids():
            other = movement_label(x)
            if (
                other is None
                or x in done
                or x in own
                or not _joint_movement(x)
                or any(digit_twin(d, x) for d in done)
            ):
                continue
            segments = b.pools.item_segments(Facet.ACTIONS, x)
            score = (
                (10 if x.split("-")[0] in parts else 0)
                + (4 if x in opposites else 0)
                + (3 if home in segments else 2 if near & segments else 0)
            )
            wrong.append(
                Option(cap(other), x, f"None of {each} performs {other}.", score=score, segments=segments)
            )
        stem = f"Which action do {each} share?"
        qid = b.question_id(Facet.GROUP, action.id, Kind.MCQ)
        # Movements of the members' own joints first, never of a far one (review 4b,
        # pattern 7: not plantarflexion for the pes anserinus); the old pool only when
        # fewer than two are left.
        joint_near = at_members_joints(counted, wrong)
        chosen = (
            pick_confusable(b.rng(qid), right.text, joint_near, 3, home=home, stem=stem)
            if len(joint_near) >= 2
            else None
        ) or pick_confusable(b.rng(qid), right.text, wrong, 3, home=home, stem=stem)
        if chosen is not None:
            add_options(
                b,
                Facet.GROUP,
                action.id,
                Kind.MCQ,
                stem,
                [right, *chosen],
                [0],
                answer=right.text,
                cite=[action.source],
            )


def at_members_joints(members: Sequence[Muscle], wrong: Sequence[Option]) -> list[Option]:
    """The wrong shared actions that move a part some member moves (the hip for the pes
    anserinus, which flexes the knee) or a part that moves with one, the members' own
    parts ranked first; a movement of a far part (the ankle for the pes anserinus, the
    elbow for the thenar group) is left out; a movement of no joint ("inspiration") is kept
    as it was. Each near one is ``plausible`` whatever its holders'
    segment (the joint is the members' own); the choice still brings one of the group's
    segment when there is one."""
    own = [i for m in members for i in m.items(Facet.ACTIONS)]
    parts = {action_part(i.id) for i in own} - {None}
    out = []
    for o in wrong:
        part = action_part(o.id)
        if part is None:  # no joint ("inspiration"): as its holders' segment places it
            out.append(o)
            continue
        if not moves_near(own, part):
            continue
        bonus = 20 if part in parts else 10
        out.append(replace(o, score=o.score + bonus, plausible=True))
    return out


def _joint_movement(action_id: str) -> bool:
    """A movement ("flexion of the knee", "anterior tilt of the pelvis", "inspiration"), not
    a stabilization: any group whose muscles cross the joint may claim that."""
    return "stabili" not in action_id


def _mnemonic(b: Builder, group: Group) -> None:
    mnemonic = group.mnemonic
    if mnemonic is None or mnemonic.disputed:
        return
    g = _the(group)
    b.add(
        Facet.GROUP,
        mnemonic.id,
        Kind.BASIC,
        f"What is the mnemonic for {g}?",
        strip_stop(mnemonic.text),
        explanation=mnemonic.note or "",
        sources=[mnemonic],
        items=[mnemonic.id],
    )
    if mnemonic.cloze and _GAP.search(mnemonic.cloze):
        fact = f"The mnemonic for {g}: {strip_stop(mnemonic.cloze)}."
        b.add(
            Facet.GROUP,
            mnemonic.id,
            Kind.CLOZE,
            _GAP.sub(lambda m: "{{c1::" + m.group(1) + "}}", fact),
            _GAP.sub(lambda m: m.group(1), fact),
            explanation=mnemonic.note or "",
            sources=[mnemonic],
            items=[mnemonic.id],
        )
