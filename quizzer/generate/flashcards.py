"""Flashcards: basic (question → answer), reverse (facts → muscle) and cloze."""

from __future__ import annotations

import re
from collections.abc import Sequence

from quizzer.generate.build import ALL, Builder
from quizzer.generate.choice import SELF_HELP_FACETS, names_muscle
from quizzer.generate.pools import Pools, _rami_roots
from quizzer.generate.text import (
    WORDING,
    action_part,
    as_fact,
    cap,
    is_plural,
    join_list,
    landmark,
    lower_first,
    mid,
    names_in,
    notes_for,
    one_per_movement,
    say,
    strip_stop,
    verb,
)
from quizzer.model import Facet, Innervation, Item, Kind, Muscle, bracketed, flat_brackets
from quizzer.regions import BODY_REGIONS
from quizzer.vocab import nested_nerves

_GAP = re.compile(r"\{\{(.+?)\}\}")

# Facets asked as one "list them" card; structured facets get a card per item instead.
_LIST_FACETS = (
    Facet.ORIGIN,
    Facet.INSERTION,
    Facet.ACTIONS,
    Facet.BLOOD_SUPPLY,
    Facet.FIBERS,
    Facet.CLINICAL_TESTS,
    Facet.CAUTIONS,
    Facet.CONDITIONS,
    Facet.TP_SYMPTOMS,
    Facet.TP_CAUSES,
    Facet.TP_PREVENTION,
    Facet.PROFESSIONAL_HELP,
    Facet.TIME_TO_RELIEF,
    Facet.DIAGNOSTIC_SIGNS,
    Facet.DIFFERENTIAL,
    Facet.STRAIN_SYMPTOMS,
    Facet.STRAIN_CAUSES,
    Facet.STRAIN_ACTIVITIES,
    Facet.STRAIN_TREATMENT,
    Facet.SELF_TREATMENT,
)

# Facets whose items marked ``distinctive`` are asked "which muscle?" as a flashcard.
_REVERSE_FACETS = (Facet.ORIGIN, Facet.INSERTION)


def add_all(b: Builder) -> None:
    _location(b)
    for facet in _LIST_FACETS:
        _list_card(b, facet)
    _innervation(b)
    _referral(b)
    _muscle_lists(b)
    _mechanism(b)
    _rice(b)
    _grades(b)
    _reverse(b)
    _signs_together(b)
    _cloze(b)


def _text(item: Item) -> str:
    text = strip_stop(item.qualified_text)
    return bracketed(text, item.doubt) if item.doubt else text


def _notes(items: Sequence[Item]) -> str:
    return notes_for(items)


def _location(b: Builder) -> None:
    m = b.muscle
    if m.location:
        answer = m.location
        # A location that already places the muscle under another ("only its posterior
        # part is covered by gluteus maximus") is not followed by a flat "deep to" sentence.
        said = answer.lower()
        names = [mid(b.name_of(x)) for x in m.deep_to if b.name_of(x).lower() not in said]
        if names:
            answer += f" {'They lie' if is_plural(b.m) else 'It lies'} deep to {' and '.join(names)}."
        b.add(Facet.LOCATION, ALL, Kind.BASIC, f"Where {verb(b.m, 'is')} {b.m} located?", answer)
    if m.deep_to or m.superficial_to:
        parts = []
        lies = verb(b.m, "lies")
        if m.deep_to:
            parts.append("deep to " + _and([mid(b.name_of(x)) for x in m.deep_to]))
        if m.superficial_to:
            parts.append("superficial to " + _and([mid(b.name_of(x)) for x in m.superficial_to]))
        b.add(
            Facet.DEPTH,
            ALL,
            Kind.BASIC,
            f"Which muscles lie over or under {b.m}?",
            cap(f"{b.m} {lies} " + f"; {'they' if is_plural(b.m) else 'it'} {lies} ".join(parts)) + ".",
            items=m.deep_to + m.superficial_to,
        )


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _list_card(b: Builder, facet: Facet) -> None:
    items = b.muscle.items(facet)
    if facet is Facet.ACTIONS:
        items = tuple(one_per_movement(items))  # one movement said two ways: listed once
    if not items:
        return
    w = WORDING[facet]
    question = say(w.single if len(items) == 1 and w.single else w.ask, b.m)
    b.add(
        facet,
        ALL,
        Kind.BASIC,
        question,
        join_list([_text(i) for i in items]),
        explanation=_notes(items),
        sources=items,
        items=[i.id for i in items],
    )


def _innervation(b: Builder) -> None:
    """One flashcard: the nerve and its roots (with any further nerves). Innervation is a
    question or two on the exam: the other is the single best answer (``choice``)."""
    inn = b.muscle.innervation
    if inn is None:
        return
    note = " ".join(n for n in (inn.nerve.note, inn.note) if n)
    nerve = strip_stop(inn.nerve.qualified_text)  # "Median nerve (superficial head)"
    # A cranial nerve has no spinal roots: the card asks for the nerve only. Roots its name
    # already says ("dorsal ramus of C1") are not said again.
    roots = "" if names_roots(inn.nerve.text, inn.roots) else ", ".join(inn.roots)
    question = WORDING[Facet.INNERVATION].ask if inn.roots else WORDING[Facet.INNERVATION].one
    answer = bracketed(nerve, roots) if roots else nerve
    further, same = further_nerves(inn)
    if further:
        answer += "; also " + join_list([lower_first(strip_stop(n.qualified_text)) for n in further])
    if same:
        # Names the texts also give the same supply (a branch or parent): right, never a
        # wrong option, but no further nerve.
        said = join_list([lower_first(strip_stop(n.qualified_text)) for n in same])
        also = f"The same supply, named by a branch or parent nerve: {said}."
        note = " ".join(x for x in (note, also, notes_for(same)) if x)
    b.add(
        Facet.INNERVATION,
        ALL,
        Kind.BASIC,
        say(question, b.m),
        answer,
        explanation=note,
        sources=[inn.nerve, *inn.other_nerves],
        items=[inn.nerve.id, *(n.id for n in inn.other_nerves)],
    )


_ROOT_NAME = re.compile(r"\b[CTLS]\d{1,2}\b")
_BY_WAY = re.compile(r",?\s*\b(?:through|by way of)\b.*$", re.IGNORECASE)


def names_roots(text: str, roots: Sequence[str]) -> bool:
    """Whether a nerve's name says all its roots ("Suboccipital nerve (dorsal ramus of C1)",
    "Anterior (ventral) rami of T12 and L1–L3")."""
    return bool(roots) and set(roots) <= _named_rami(text)


def _named_rami(text: str) -> frozenset[str]:
    """The roots a nerve named as rami lists by name (none for "Dorsal rami of the spinal
    nerves", which names no level)."""
    return _rami_roots(text) if _ROOT_NAME.search(text) else frozenset()


def _part(item: Item) -> str:
    """The part of the muscle a nerve's qualifier names ("deep head" of "deep head, through
    its deep branch"); "" when it names none ("through its lateral plantar branch",
    "C3–C5, by way of the phrenic nerve")."""
    part = _BY_WAY.sub("", item.qualifier or "").strip(" ,;")
    return "" if not _ROOT_NAME.sub("", part).strip(" ,;–-") else part.lower()


def further_nerves(inn: Innervation) -> tuple[list[Item], list[Item]]:
    """The innervation's ``other_nerves`` split into further nerves, said as "also …",
    and names of the same supply: a branch or parent of a nerve already said
    (``quizzer.vocab.nested_nerves``: "Deep branch of the ulnar nerve" beside "Ulnar
    nerve"), or rami whose levels it already names ("Ventral ramus of L1" beside "Ventral
    rami of T12 and L1–L3"). A branch or parent is a further nerve only where both name
    different parts of the muscle (flexor pollicis brevis: the median nerve for the
    superficial head, the deep branch of the ulnar nerve for the deep head); the cervical
    dorsal rami for the cervical part of a muscle the dorsal rami supply are the same."""
    said = [inn.nerve]
    same: list[Item] = []
    for other in inn.other_nerves:
        rami = _named_rami(other.text)
        within = bool(rami) and any(rami <= _named_rami(n.text) for n in said)
        nested = [n for n in said if nested_nerves(other.id, n.id)]
        part = _part(other)
        apart = bool(part) and all(_part(n) not in ("", part) for n in nested)
        if within or (nested and not apart):
            same.append(other)
        else:
            said.append(other)
    return said[1:], same


def _referral(b: Builder) -> None:
    m = b.muscle
    if not m.referral_description:
        return
    essential = [BODY_REGIONS[z.region] for z in m.referral_zones if z.zone == "essential"]
    spill = [BODY_REGIONS[z.region] for z in m.referral_zones if z.zone == "spillover"]
    explanation = f"Essential zone: {join_list(essential)}."
    if spill:
        explanation += f" Spillover: {join_list(spill)}."
    b.add(
        Facet.REFERRAL,
        ALL,
        Kind.BASIC,
        say(WORDING[Facet.REFERRAL].ask, b.m),
        m.referral_description,
        explanation=explanation,
        items=[z.region for z in m.referral_zones],
    )
    b.add(
        Facet.REFERRAL,
        ALL,
        Kind.REVERSE,
        WORDING[Facet.REFERRAL].reverse.format(x=b.hide_name(m.referral_description)),
        m.name,
        explanation=explanation,
    )


def _muscle_lists(b: Builder) -> None:
    m = b.muscle
    for facet, ids in ((Facet.SATELLITES, m.satellites), (Facet.SIMILAR_PATTERNS, m.similar_patterns)):
        if ids:
            names = [b.name_of(x) for x in ids]
            b.add(facet, ALL, Kind.BASIC, say(WORDING[facet].ask, b.m), join_list(names), items=ids)


def _mechanism(b: Builder) -> None:
    for item in b.muscle.items(Facet.STRAIN_MECHANISM):
        kind = item.fields.get("type", "")
        label = "an overuse" if kind == "overuse" else "an acute (injury)"
        b.add(
            Facet.STRAIN_MECHANISM,
            item.id,
            Kind.BASIC,
            f"What is {label} strain of {b.m} like?",
            strip_stop(item.text),
            explanation=_notes([item]),
            sources=[item],
            items=[item.id],
        )


def _rice(b: Builder) -> None:
    for item in b.muscle.items(Facet.RICE):
        letter = item.fields.get("letter", "?")
        b.add(
            Facet.RICE,
            item.id,
            Kind.BASIC,
            f"In the RICE protocol for a strain of {b.m}, what does {letter} stand for, and what do you do?",
            strip_stop(item.text),
            explanation=_notes([item]),
            sources=[item],
            items=[item.id],
        )


def _grades(b: Builder) -> None:
    for item in b.muscle.items(Facet.STRAIN_GRADES):
        f = item.fields
        name = f" ({f['name']})" if "name" in f else ""
        details = [
            f"{label}: {strip_stop(f[key])}"
            for key, label in (
                ("tear", "Tear"),
                ("symptoms", "Symptoms"),
                ("healing", "Healing"),
                ("see_doctor", "See a doctor"),
            )
            if key in f
        ]
        b.add(
            Facet.STRAIN_GRADES,
            item.id,
            Kind.BASIC,
            f"What is a grade {f.get('grade', '?')}{name} strain of {b.m}?",
            ". ".join([strip_stop(item.text), *details]),
            explanation=_notes([item]),
            sources=[item],
            items=[item.id],
        )


def _reverse(b: Builder) -> None:
    for facet in _REVERSE_FACETS:
        for item in b.muscle.items(facet):
            if item.disputed:
                continue
            if not item.distinctive:
                continue  # many landmarks are shared with muscles outside the decks
            if b.pools.holders(facet, item.id) - {b.muscle.id}:
                continue  # shared with another muscle: "which muscle" has two answers
            if names_in(item.text, b.muscle.name, b.muscle.aliases):
                continue  # a landmark named after it ("the deltoid tuberosity") answers itself
            b.add(
                facet,
                item.id,
                Kind.REVERSE,
                WORDING[facet].reverse.format(x=b.hide_name(landmark(item.text))),
                b.muscle.name,
                explanation=f"{cap(strip_stop(item.text))}: {b.m}.",
                sources=[item],
                items=[item.id],
            )


def _signs_together(b: Builder) -> None:
    """Key signs point to a muscle together, not one by one: ask them as one set."""
    signs = [i for i in b.muscle.items(Facet.DIAGNOSTIC_SIGNS) if not i.disputed]
    if len(signs) < 2 or signs_fit_another(b.pools, b.muscle, signs):
        return  # "which muscle?" would have two answers: the list card asks them forward
    listed = join_list([i.text for i in signs])
    b.add(
        Facet.DIAGNOSTIC_SIGNS,
        ALL,
        Kind.REVERSE,
        f"Taken together, these signs point to trigger points in which muscle? {listed}.",
        b.muscle.name,
        explanation=_notes(signs),
        sources=signs,
        items=[i.id for i in signs],
    )


def signs_fit_another(pools: Pools, muscle: Muscle, signs: Sequence[Item]) -> bool:
    """Whether another muscle of the same body segment shares what the signs rest on: one
    of the signs themselves, or the stretch movement a sign names (gluteus minimus's
    "Painful, limited adduction when the thigh is crossed over the other" is restricted
    stretch in adduction, which fits gluteus medius and tensor fasciae latae as well)."""
    said = " ".join(i.text.lower() for i in signs)
    basis = frozenset(
        x
        for x in (muscle.stretch.movements if muscle.stretch else ())
        if (part := action_part(x)) and re.search(rf"\b{x[len(part) + 1 :].replace('-', ' ')}\b", said)
    )
    return pools.shares_signs(muscle, frozenset(i.id for i in signs), basis)


def _cloze(b: Builder) -> None:
    for facet, items in b.muscle.facts.items():
        if facet in SELF_HELP_FACETS:
            continue  # seldom examined: their list card is enough
        asked = [
            item
            for item in items
            if item.cloze
            and not item.disputed
            and _GAP.search(item.cloze)
            # "middle {{half}}" where Muscolino gives the middle third
            and not disputed_value(item.cloze, " ".join(x for x in (item.note, item.qualifier) if x))
        ]
        in_series: set[str] = set()
        for series in vertebral_series(asked):
            _series_cloze(b, facet, series)
            in_series.update(i.id for i in series)
        for item in asked:
            if item.id in in_series:
                continue  # asked as one gap with the rest of its series
            cloze = item.cloze or ""
            if item.qualifier:  # asked with its qualifier, like every right answer
                cloze = with_qualifier(cloze, item.qualifier)
            # "Transverse processes of {{L1–L4}}" names neither the muscle nor the facet:
            # without a lead-in the card cannot be answered as a fact.
            fact = (
                cloze
                if names_muscle(b.muscle, cloze)
                else as_fact(facet, b.muscle.name, cloze, grade=item.fields.get("grade", ""))
            )
            b.add(
                facet,
                item.id,
                Kind.CLOZE,
                _GAP.sub(lambda g: "{{c1::" + g.group(1) + "}}", fact),
                _GAP.sub(lambda g: g.group(1), fact),
                explanation=_notes([item]),
                sources=[item],
                items=[item.id],
            )


SERIES = "series"
"""The variant of a cloze whose one gap is a series of vertebral levels split over several
items (``deck/muscle/facet/<first item>/cloze/series``)."""

_VERTEBRAE = (
    [f"C{n}" for n in range(1, 8)]
    + [f"T{n}" for n in range(1, 13)]
    + [f"L{n}" for n in range(1, 6)]
    + [f"S{n}" for n in range(1, 6)]
)
_LEVELS = re.compile(r"([CTLS]\d{1,2})(?:\s*[–-]\s*([CTLS]?\d{1,2}))?")
_ON_VERTEBRAE = re.compile(
    r"^(?P<what>.+?) of the (?:cervical|thoracic|lumbar|sacral) vertebrae$", re.IGNORECASE
)


def _levels(item: Item) -> tuple[str, int, int] | None:
    """What an item's cloze asks when its one gap is a vertebral level or a run of them on
    one kind of landmark ("Spinous processes of the cervical vertebrae ({{C7}})"): the
    landmark ("spinous processes") and the first and last level (as places in the spine);
    None otherwise."""
    gaps = _GAP.findall(item.cloze or "")
    shape = _ON_VERTEBRAE.match(strip_stop(item.text))
    found = _LEVELS.fullmatch(gaps[0].strip()) if len(gaps) == 1 else None
    if shape is None or found is None:
        return None
    first, last = found.group(1), found.group(2) or found.group(1)
    if last[0].isdigit():
        last = first[0] + last  # "T2–5"
    if first not in _VERTEBRAE or last not in _VERTEBRAE:
        return None
    return shape.group("what").lower(), _VERTEBRAE.index(first), _VERTEBRAE.index(last)


def vertebral_series(items: Sequence[Item]) -> list[list[Item]]:
    """The items whose cloze gaps are parts of one series of vertebral levels on one kind of
    landmark, each run in the spine's order: rhomboid minor's spinous processes of {{C7}}
    (cervical) and of {{T1}} (thoracic), trapezius's {{C7}} and {{T1–T12}}. One gap per part
    would leave the other part visible, or guessable from the pair (C7 → T1): the series is
    one gap. Runs that meet end to end only (C7, then T1), never overlapping or apart."""
    by_landmark: dict[str, list[tuple[int, int, Item]]] = {}
    for item in items:
        found = _levels(item)
        if found is not None:
            by_landmark.setdefault(found[0], []).append((found[1], found[2], item))
    out: list[list[Item]] = []
    for parts in by_landmark.values():
        parts.sort(key=lambda p: (p[0], p[1]))
        run = [parts[0]]
        for part in parts[1:]:
            if part[0] == run[-1][1] + 1:
                run.append(part)
                continue
            if len(run) > 1:
                out.append([p[2] for p in run])
            run = [part]
        if len(run) > 1:
            out.append([p[2] for p in run])
    return out


def _series_cloze(b: Builder, facet: Facet, series: Sequence[Item]) -> None:
    """One cloze for a series of vertebral levels (``vertebral_series``): "Rhomboid minor
    originates from the spinous processes of {{C7 and T1}}"; a longer run as a range
    ("{{C7–T12}}"). Asked under the first item's id with the variant :data:`SERIES`."""
    first, last = _levels(series[0]), _levels(series[-1])
    assert first is not None and last is not None  # (``vertebral_series`` made sure)
    start, end = _VERTEBRAE[first[1]], _VERTEBRAE[last[2]]
    span = f"{start} and {end}" if last[2] == first[1] + 1 else f"{start}–{end}"
    shape = _ON_VERTEBRAE.match(strip_stop(series[0].text))
    assert shape is not None
    fact = as_fact(facet, b.muscle.name, f"{shape.group('what')} of {{{{{span}}}}}")
    b.add(
        facet,
        series[0].id,
        Kind.CLOZE,
        _GAP.sub(lambda g: "{{c1::" + g.group(1) + "}}", fact),
        _GAP.sub(lambda g: g.group(1), fact),
        variant=SERIES,
        # The parts' notes as they are: each part's label ("Spinous processes of the
        # thoracic vertebrae: …") would name one part of the series for the whole of it.
        explanation=" ".join(i.note.strip() for i in series if i.note),
        sources=series,
        items=[i.id for i in series],
    )


_VALUE = re.compile(
    r"\b(?:\d+|[CTLS]\d{1,2}|half|halves|thirds?|quarters?|fourths?|fifths?|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b",
    re.IGNORECASE,
)
_ANOTHER_TEXT = re.compile(
    r"\b(?:some texts|other texts|some people|gives|allows|in (?:Gray's|Kendall|Muscolino|Travell)(?!'))",
    re.IGNORECASE,
)


def disputed_value(cloze: str, said: str) -> bool:
    """Whether a gap of ``cloze`` holds a number or fraction ("middle {{half}}", "{{C2–C7}}")
    while ``said`` (the item's note and qualifier) gives another value from another text
    or person ("Muscolino gives the middle third", "some texts start at the atlas (C1)",
    "some people have it from ribs 2–4"): a student taught the other value would mark a
    right answer wrong (review 4b, T39), so the flashcard and choice questions ask it."""
    gaps = {v.lower() for gap in _GAP.findall(cloze) for v in _VALUE.findall(gap)}
    if not gaps or not _ANOTHER_TEXT.search(said):
        return False
    return bool({v.lower() for v in _VALUE.findall(said)} - gaps)


def with_qualifier(cloze: str, qualifier: str) -> str:
    """A cloze with the parts of its item's qualifier it does not already say: "…vertebrae
    ({{C7}})" with "C7, upper fibers" → "…vertebrae ({{C7}}, upper fibers)". A part the
    cloze says (in a gap or not) is not said again, so a gap's answer never stands beside
    it; the rest joins the cloze's closing bracket, or a bracket of its own."""
    said = _GAP.sub(lambda g: g.group(1), cloze).lower()
    rest = [flat_brackets(part) for part in _top_level_parts(qualifier) if part.lower() not in said]
    if not rest:
        return cloze
    body = strip_stop(cloze)
    extra = ", ".join(rest)
    if body.endswith(")"):
        return f"{body[:-1]}, {extra})."
    return f"{body} ({extra})."


def _top_level_parts(text: str) -> list[str]:
    """``text`` split at its commas outside brackets: "C7 (cervical part, inconstant), upper
    fibers" → ["C7 (cervical part, inconstant)", "upper fibers"]."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in text:
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        depth += (char == "(") - (char == ")")
        current += char
    parts.append(current.strip())
    return [p for p in parts if p]
