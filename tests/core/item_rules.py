"""What the item-writing rules mean, measured on generated questions (no test here).

Used by ``test_item_writing.py`` over every bundled deck and the exam-grade fixture, seeds
0–4. The definitions are independent of the generator's code: they read the deck data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from quizzer.generate.text import opposite_action
from quizzer.model import Facet, Group, Item, Kind, Library, Muscle, Question
from quizzer.regions import GROUP_OF_REGION

WHICH = ("/which-muscle", "/map-which-muscle", "/which-map")

ANATOMY_FACETS = frozenset(
    {
        Facet.ORIGIN,
        Facet.INSERTION,
        Facet.ACTIONS,
        Facet.INNERVATION,
        Facet.FIBERS,
        Facet.JOINTS,
        Facet.SYNERGISTS,
        Facet.ANTAGONISTS,
        Facet.GROUP,
    }
)
"""The anatomy facets of the segment measure: origin, insertion, action, nerve and the
new anatomy facets (fibers, joints crossed, synergists, antagonists, groups)."""

SELF_HELP = frozenset(
    {
        Facet.TP_CAUSES,
        Facet.TP_PREVENTION,
        Facet.SELF_TREATMENT,
        Facet.PROFESSIONAL_HELP,
        Facet.TIME_TO_RELIEF,
    }
)

CUE = re.compile(
    r"\b(always|never|only|all|none|must|completely|entirely|for good|so that|"
    r"in order to)\b",
    re.IGNORECASE,
)


def segment(region: str) -> str:
    """A body segment: the exam's region of a muscle region (gluteal and hip → hip)."""
    return GROUP_OF_REGION.get(region, region)


def right_positions(q: Question) -> set[int]:
    """Options true of the subject: the keys of mcq and multi, the others of NOT."""
    if q.kind is Kind.NOT:
        return set(range(len(q.options))) - set(q.correct)
    return set(q.correct)


@dataclass
class Bank:
    """A library and its questions, with the indexes the rules need."""

    library: Library
    questions: list[Question]

    @cached_property
    def generated(self) -> list[Question]:
        """The questions made from the data: hand-written ones (a deck's ``questions:``)
        are asked as written, so only the wording rules apply to them."""
        written = {q.id for d in self.library.decks for q in d.questions}
        return [q for q in self.questions if q.id not in written]

    @cached_property
    def muscles(self) -> dict[str, Muscle]:
        return {m.id: m for m in self.library.muscles()}

    @cached_property
    def groups(self) -> dict[str, Group]:
        return {g.id: g for g in self.library.groups()}

    @cached_property
    def holders(self) -> dict[tuple[Facet, str], set[str]]:
        """(facet, item id) → muscles listing it (for innervation: any of their nerves)."""
        out: dict[tuple[Facet, str], set[str]] = {}
        for m in self.muscles.values():
            for facet, items in m.facts.items():
                for item in items:
                    out.setdefault((facet, item.id), set()).add(m.id)
            if m.innervation:
                for item in (m.innervation.nerve, *m.innervation.other_nerves):
                    out.setdefault((Facet.INNERVATION, item.id), set()).add(m.id)
        return out

    def subject_segment(self, q: Question) -> str:
        if q.muscle in self.muscles:
            return segment(self.muscles[q.muscle].region)
        group = self.groups[q.muscle]
        segments = [segment(self.muscles[x].region) for x in group.members if x in self.muscles]
        return max(sorted(set(segments)), key=segments.count)

    def option_segments(self, q: Question, index: int) -> set[str]:
        """The body segments an option belongs to: a muscle's own; an item's, the
        segments of every muscle that lists it; a group's, its members'; a joint's, the
        muscles' that cross it; anything else (curated wrong options, fiber arrangements and
        other vocabulary labels) the subject's."""
        item = q.items[index]
        if (
            q.id.endswith(WHICH)
            or q.facet in (Facet.SYNERGISTS, Facet.ANTAGONISTS)
            or (q.facet is Facet.GROUP and q.muscle in self.groups and item in self.muscles)
        ):
            return {segment(self.muscles[item].region)} if item in self.muscles else set()
        if q.facet is Facet.GROUP and item in self.groups:
            return {segment(self.muscles[x].region) for x in self.groups[item].members if x in self.muscles}
        if q.facet is Facet.FIBERS:
            return {self.subject_segment(q)}  # a vocabulary ("bipennate"), of no segment
        if q.facet is Facet.JOINTS:
            found = {segment(m.region) for m in self.muscles.values() if item in (m.joints or ())}
        else:
            found = {segment(self.muscles[x].region) for x in self.holders.get((q.facet, item), ())}
        if index in right_positions(q):
            found.add(self.subject_segment(q))
        return found or {self.subject_segment(q)}

    def by_segment_alone(self, q: Question) -> bool:
        """The key is the only option from its body segment: no other option shares a
        segment with it (mcq: the right option; NOT: the odd one out)."""
        key = q.correct[0]
        own = self.option_segments(q, key)
        others: set[str] = set()
        for i in range(len(q.options)):
            if i != key:
                others |= self.option_segments(q, i)
        return not own & others


def anatomy_single_key(questions: Iterable[Question]) -> list[Question]:
    """The questions of the segment measure: single-key choice questions (mcq, which
    muscle, NOT) on the anatomy facets."""
    return [
        q
        for q in questions
        if q.kind in (Kind.MCQ, Kind.NOT) and q.facet in ANATOMY_FACETS and len(q.correct) == 1
    ]


def item_of(q: Question) -> str:
    return q.fact.rsplit("/", 1)[1]


def own_items(muscle: Muscle, facet: Facet) -> tuple[Item, ...]:
    if facet is Facet.INNERVATION:
        inn = muscle.innervation
        return (inn.nerve, *inn.other_nerves) if inn else ()
    return muscle.items(facet)


def opposite(action: str) -> str | None:
    return opposite_action(action)
