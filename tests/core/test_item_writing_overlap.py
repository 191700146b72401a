"""Gaps that overlap (item-writer review, 2026-12-06), over the whole bank: a series of
vertebral levels split over several items of one facet is one cloze gap, never a gap per
part whose other part stands visible ("C7" beside "T1").
"""

from __future__ import annotations

import re

from quizzer.model import Kind, Question
from tests.banks import bundled_library, bundled_questions

_GAP = re.compile(r"\{\{c\d+::(.+?)\}\}")
_SPINE = (
    [f"C{n}" for n in range(1, 8)]
    + [f"T{n}" for n in range(1, 13)]
    + [f"L{n}" for n in range(1, 6)]
    + [f"S{n}" for n in range(1, 6)]
)
_RUN = re.compile(r"([CTLS]\d{1,2})(?:\s*[–-]\s*([CTLS]\d{1,2}))?")
_ON_VERTEBRAE = re.compile(r"(.+?) of the (?:cervical|thoracic|lumbar|sacral) vertebrae", re.IGNORECASE)


def _run(q: Question, library_items: dict[tuple[str, str, str], str]) -> tuple[str, int, int] | None:
    """A cloze card's one gap as a run of vertebral levels on one kind of landmark (read from
    its item's text in the data): (landmark, first, last), or None."""
    gaps = _GAP.findall(q.question)
    found = _RUN.fullmatch(gaps[0]) if len(gaps) == 1 else None
    text = library_items.get((q.muscle, q.facet.value, q.key.item), "")
    shape = _ON_VERTEBRAE.fullmatch(text.rstrip("."))
    if found is None or shape is None:
        return None
    first, last = found.group(1), found.group(2) or found.group(1)
    return shape.group(1).lower(), _SPINE.index(first), _SPINE.index(last)


def test_a_series_of_vertebral_levels_is_one_cloze_gap_never_a_gap_per_part() -> None:
    # Rhomboid minor's "spinous processes of C7 and T1" made two clozes, each showing the
    # other vertebra ("{{C7}} … (T1 lies just below it)"); trapezius's {{C7}} and {{T1–T12}}
    # are one run of spinous processes, C7–T12.
    library = bundled_library()[0]
    items = {
        (m.id, f.value, i.id): i.text for m in library.muscles() for f, its in m.facts.items() for i in its
    }
    clozes = [q for q in bundled_questions(0) if q.kind is Kind.CLOZE]
    by_topic: dict[tuple[str, str], list[Question]] = {}
    for q in clozes:
        by_topic.setdefault((q.muscle, q.facet.value), []).append(q)
    shown, split = [], []
    for cards in by_topic.values():
        for q in cards:
            visible = _GAP.sub(" … ", q.question)
            for other in cards:
                if other is not q and any(
                    re.search(rf"(?<![\w–-]){re.escape(g)}(?![\w–-])", visible)
                    for g in _GAP.findall(other.question)
                ):
                    shown.append((q.id, other.id))
        runs = [(r, q.id) for q in cards if (r := _run(q, items)) is not None]
        for (a, qa), (b, qb) in ((x, y) for x in runs for y in runs if x is not y):
            if a[0] == b[0] and b[1] == a[2] + 1:
                split.append((qa, qb))
    assert not shown, shown
    assert not split, split
    by_id = {q.id: q for q in clozes}
    minor = by_id["rhomboid-minor/rhomboid-minor/origin/cervical-spinous-processes/cloze/series"]
    assert minor.question == "Rhomboid minor originates from the spinous processes of {{c1::C7 and T1}}."
    assert minor.items == ("cervical-spinous-processes", "thoracic-spinous-processes")
    trapezius = by_id["trapezius/trapezius/origin/cervical-spinous-processes/cloze/series"]
    assert trapezius.question == "Trapezius originates from the spinous processes of {{c1::C7–T12}}."
    # Parts apart or overlapping, or on different landmarks, stay a card each: psoas
    # major's transverse processes {{L1–L5}} and vertebral bodies {{T12–L5}}.
    assert {q.key.item for q in clozes if q.muscle == "psoas-major"} >= {
        "transverse-processes-l1-l5",
        "vertebral-bodies-t12-l5",
    }
