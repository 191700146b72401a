"""Which questions overlap (ask or give away the same fact): the rule shared by quizzes and exams."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from quizzer.model import ALL, Facet, Kind, Question

__all__ = ["Taken", "conflicts", "fact_parts", "overlapping_others"]


def fact_parts(q: Question) -> tuple[str, str]:
    """``(deck/muscle/facet, item)`` of the fact a question tests, from its key."""
    return q.key.topic, q.key.item


def _named(q: Question) -> set[str]:
    """Data item ids a question names: its fact's item and every option's item."""
    item = fact_parts(q)[1]
    return {x for x in (*q.items, item) if x != ALL}


def _answered(q: Question) -> tuple[str, ...]:
    """Data item ids a question states as true: its right options (for "NOT", the three
    true ones), or every item of a flashcard. A wrong option of a "which muscle" question
    names a muscle without saying anything about it."""
    if not q.kind.is_choice or q.kind is Kind.ORDER or not q.options:
        return q.items
    right = set(q.correct)
    flip = q.kind is Kind.NOT
    return tuple(x for i, x in enumerate(q.items) if (i in right) != flip)


def conflicts(a: Question, b: Question, *, shared_items: bool = False) -> bool:
    """True when two questions must not be asked together.

    They test the same fact (facet-level ``…/all`` facts overlap every item of that facet;
    the same item id in the same facet of two muscles states the same fact), or one states
    something true of the other's muscle while the other states something true of the
    first's (a symmetric relation such as depth or satellites: each stem's subject is the
    other's answer; a muscle offered as a wrong option says nothing of it). With
    ``shared_items``, two questions of one facet that name any same data item also overlap
    (a "NOT true" question listing another question's answer as an option, say).
    """
    if a.id == b.id:
        return True
    if a.facet is not b.facet:
        return False
    head_a, item_a = fact_parts(a)
    head_b, item_b = fact_parts(b)
    if head_a == head_b and (item_a == item_b or a.key.whole_facet or b.key.whole_facet):
        return True
    if item_a == item_b and _shared(a.facet, item_a):
        return True
    if shared_items and _named(a) & _named(b):
        return True
    return a.muscle != b.muscle and a.muscle in _answered(b) and b.muscle in _answered(a)


def overlapping_others(questions: Iterable[Question], against: Iterable[Question] | None = None) -> set[str]:
    """Ids of the questions that overlap (``conflicts``) a question of another muscle in
    ``against`` (default: ``questions`` themselves): the same item id in one facet, or a
    symmetric relation. Linear."""
    qs = list(questions)
    others = qs if against is None else list(against)
    holders: dict[tuple[Facet, str], set[str]] = {}
    answers: dict[tuple[Facet, str], set[str]] = {}
    for q in others:
        item = fact_parts(q)[1]
        if _shared(q.facet, item):
            holders.setdefault((q.facet, item), set()).add(q.muscle)
        answers.setdefault((q.facet, q.muscle), set()).update(_answered(q))
    out: set[str] = set()
    for q in qs:
        item = fact_parts(q)[1]
        if (_shared(q.facet, item) and holders.get((q.facet, item), set()) - {q.muscle}) or any(
            q.muscle in answers.get((q.facet, x), ()) for x in _answered(q) if x != q.muscle
        ):
            out.add(q.id)
    return out


def _shared(facet: Facet, item: str) -> bool:
    """Whether an item id names the same fact in any muscle: not "all" (a facet of one
    muscle), nor a group's "members" (who belongs to that group: another group's members
    are another fact)."""
    return item != ALL and not (facet is Facet.GROUP and item == "members")


class Taken:
    """Questions chosen so far, indexed so that a clash check costs O(items), not O(n).

    ``clashes(q)`` is ``any(conflicts(q, t, shared_items=...) for t in taken)``, computed
    from hashed keys.
    """

    def __init__(self, questions: Iterable[Question] = (), *, shared_items: bool = False) -> None:
        self.shared_items = shared_items
        self.ids: set[str] = set()
        self.facts: set[tuple[str, str]] = set()
        self.heads: set[str] = set()
        self.heads_all: set[str] = set()
        self.items: set[tuple[Facet, str]] = set()
        self.named_items: set[tuple[Facet, str]] = set()
        self.named: set[tuple[Facet, str, str]] = set()
        self.muscles: Counter[str] = Counter()
        self.kinds: Counter[Kind] = Counter()
        for q in questions:
            self.add(q)

    def add(self, q: Question) -> None:
        head, item = fact_parts(q)
        self.ids.add(q.id)
        self.facts.add((head, item))
        self.heads.add(head)
        if q.key.whole_facet:
            self.heads_all.add(head)
        elif _shared(q.facet, item):
            self.items.add((q.facet, item))
        self.named_items.update((q.facet, x) for x in _named(q))
        self.named.update((q.facet, q.muscle, x) for x in _answered(q) if x != q.muscle)
        self.muscles[q.muscle] += 1
        self.kinds[q.kind] += 1

    def clashes(self, q: Question) -> bool:
        head, item = fact_parts(q)
        if q.id in self.ids or (head, item) in self.facts:
            return True
        if q.key.whole_facet:
            if head in self.heads:
                return True
        elif head in self.heads_all or (_shared(q.facet, item) and (q.facet, item) in self.items):
            return True
        if self.shared_items and any((q.facet, x) in self.named_items for x in _named(q)):
            return True
        return any((q.facet, x, q.muscle) in self.named for x in _answered(q) if x != q.muscle)
