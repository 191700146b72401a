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

from quizzer.generate.build import Builder
from quizzer.generate.choice import add_multi, add_odd_one_out, add_options
from quizzer.generate.pools import SCAN, Option, and_list, pick_confusable, segment
from quizzer.generate.text import cap, join_list, mid, movement_label, strip_stop
from quizzer.model import Facet, Group, Kind, Muscle

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
    extra = (f" Some texts also count {and_list([mid(x.name) for x in borderline])}"
             f"{': ' + mid(strip_stop(group.note)) if group.note else ''}." if borderline else
             (f" {cap(strip_stop(group.note))}." if group.note else ""))
    b.add(Facet.GROUP, MEMBERS, Kind.BASIC, f"Which muscles make up {g}?",
          join_list([m.name for m in members]), explanation=described + extra,
          items=[m.id for m in members])
    home = _home(members)
    # "Belong to" reads for every group name ("the muscles of mastication", "the rotator
    # cuff"), where "the muscles of …" and "one of …" did not.
    right = [Option(m.name, m.id, f"{m.name} belongs to {g}.", segments=frozenset({
        segment(m.region)})) for m in members]
    wrong = _outsiders(b, group, members)
    add_multi(b, Facet.GROUP, f"Select all the muscles that belong to {g}.", right, wrong,
              item=MEMBERS, home=home)
    add_odd_one_out(b, Facet.GROUP, f"Which of these muscles does NOT belong to {g}?", right,
                    wrong, item=MEMBERS, home=home)
    _actions(b, group, members)
    _mnemonic(b, group)


def _the(group: Group) -> str:
    """"the hamstrings", "the rotator cuff"."""
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
    for member in members:
        for scanned, other in enumerate(pools.region_first(member)):
            if scanned >= SCAN:
                break
            if other.id in inside:
                continue
            score = pools.affinity(member, other)
            if actions & {i.id for i in other.items(Facet.ACTIONS)}:
                score += 6
            best[other.id] = max(best.get(other.id, 0), score)
    return [Option(pools.by_id[x].name, x, f"{pools.by_id[x].name} does not belong to "
                   f"{_the(group)}.", score=score,
                   segments=frozenset({segment(pools.by_id[x].region)}))
            for x, score in sorted(best.items())]


def _actions(b: Builder, group: Group, members: list[Muscle]) -> None:
    actions = [a for a in group.actions if not a.disputed]
    if not actions:
        return
    g = _the(group)
    b.add(Facet.GROUP, "actions", Kind.BASIC, f"Which action do the members of {g} share?",
          join_list([a.qualified_text for a in actions]), sources=actions,
          items=[a.id for a in actions])
    done = {i.id for m in members for i in m.items(Facet.ACTIONS)}
    own = {a.id for a in actions}
    parts = {a.id.split("-")[0] for a in actions}
    for action in actions:
        label = movement_label(action.id)
        if label is None:
            continue
        right = Option(cap(label), action.id, f"{cap(label)}: {mid(strip_stop(action.qualified_text))}.")
        wrong = [Option(cap(other), x, f"None of {g} performs {other}.",
                        score=10 if x.split("-")[0] in parts else 0)
                 for x in b.pools.action_ids()
                 if x not in done and x not in own and (other := movement_label(x))]
        stem = f"Which action do the members of {g} share?"
        qid = b.question_id(Facet.GROUP, action.id, Kind.MCQ)
        chosen = pick_confusable(b.rng(qid), right.text, wrong, 3, stem=stem)
        if chosen is not None:
            add_options(b, Facet.GROUP, action.id, Kind.MCQ, stem, [right, *chosen], [0],
                        answer=right.text, cite=[action.source])


def _mnemonic(b: Builder, group: Group) -> None:
    mnemonic = group.mnemonic
    if mnemonic is None or mnemonic.disputed:
        return
    g = _the(group)
    b.add(Facet.GROUP, mnemonic.id, Kind.BASIC, f"What is the mnemonic for {g}?",
          strip_stop(mnemonic.text), explanation=mnemonic.note or "", sources=[mnemonic],
          items=[mnemonic.id])
    if mnemonic.cloze and _GAP.search(mnemonic.cloze):
        fact = f"The mnemonic for {g}: {strip_stop(mnemonic.cloze)}."
        b.add(Facet.GROUP, mnemonic.id, Kind.CLOZE,
              _GAP.sub(lambda m: "{{c1::" + m.group(1) + "}}", fact),
              _GAP.sub(lambda m: m.group(1), fact), explanation=mnemonic.note or "",
              sources=[mnemonic], items=[mnemonic.id])
