"""Choice questions: single best answer, select all, "which is NOT", and ordering."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from functools import cache
from typing import TypeVar

from quizzer.generate.build import ALL, Builder
from quizzer.generate.pools import (
    Option,
    and_list,
    compatible,
    facet_items,
    pick_in_size_slot,
    statement,
)
from quizzer.generate.text import WORDING, cap, join_list, landmark, mid, strip_stop
from quizzer.model import Facet, Item, Kind, Muscle
from quizzer.regions import BODY_REGIONS

# Facets whose items are asked with options.
_CHOICE_FACETS = (
    Facet.ORIGIN,
    Facet.INSERTION,
    Facet.ACTIONS,
    Facet.INNERVATION,
    Facet.BLOOD_SUPPLY,
    Facet.TP_SYMPTOMS,
    Facet.TP_CAUSES,
    Facet.TP_PREVENTION,
    Facet.SELF_TREATMENT,
    Facet.PROFESSIONAL_HELP,
    Facet.TIME_TO_RELIEF,
    Facet.DIAGNOSTIC_SIGNS,
    Facet.DIFFERENTIAL,
    Facet.STRAIN_SYMPTOMS,
    Facet.STRAIN_CAUSES,
    Facet.STRAIN_ACTIVITIES,
    Facet.STRAIN_TREATMENT,
)


def add_all(b: Builder) -> None:
    for facet in _CHOICE_FACETS:
        # An item that names the muscle ("Nerve to piriformis") would give itself away
        # among options that cannot name it: the flashcards still ask it.
        truths = [i for i in facet_items(b.muscle, facet)
                  if not i.disputed and not names_muscle(b.muscle, i.text)]
        if not truths:
            continue
        wrong = b.pools.wrong_options(b.muscle, facet)
        right = [Option(i.text, i.id, _right_why(b, facet, i)) for i in truths]
        for item, option in zip(truths, right, strict=True):
            _mcq(b, facet, item, option, wrong)
        _multi(b, facet, right, wrong)
        _odd_one_out(b, facet, right, wrong)
    _which_muscle(b)
    _referral_regions(b)
    _satellites(b)
    _order(b, Facet.RICE, "Put the steps of the RICE protocol in order.", "first to last")
    _order(
        b, Facet.STRAIN_GRADES,
        f"Put these descriptions of {b.m} strains in order from mildest to most severe.",
        "mildest to most severe",
    )


def _text(option: Option) -> str:
    return option.text


def names_muscle(muscle: Muscle, text: str) -> bool:
    """Whether ``text`` contains one of the muscle's names ("Nerve to piriformis")."""
    return _name_pattern(muscle.name, muscle.aliases).search(text) is not None


@cache
def _name_pattern(name: str, aliases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a muscle's names (compiled once per muscle: asked for every item)."""
    names = {name, *aliases, re.sub(r"\s*\([^)]*\)", "", name)}
    alternatives = "|".join(re.escape(n) for n in sorted(names) if n)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


_WORD = re.compile(r"[a-z]+")


def _stem_match(a: str, b: str) -> bool:
    """Whether two words share a stem: "fibula"/"fibularis", "lata"/"latae",
    "lateral"/"lateralis", "piriform"/"piriformis" (words under four letters never do)."""
    short = min(len(a), len(b))
    if short < 4 or a[:4] != b[:4]:
        return False
    common = 4
    while common < short and a[common] == b[common]:
        common += 1
    return common >= max(4, short - 2)


def _name_words(muscle: Muscle) -> frozenset[str]:
    return _words_of_names(muscle.name, muscle.aliases)


@cache
def _words_of_names(name: str, aliases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for n in (name, *aliases) for w in _WORD.findall(n.lower()))


def stem_gives_away(clue: str, answer: Muscle, others: Sequence[Muscle]) -> bool:
    """Whether a word of ``clue`` echoes the right muscle's name and no wrong option's:
    "…from the head of the fibula?" points at Fibularis longus whatever the student knows.
    When a wrong option carries the same stem ("lateral" with vastus lateralis and
    another "lateralis"), the word no longer singles the answer out."""
    right = _name_words(answer)
    wrong: frozenset[str] = frozenset().union(*(_name_words(o) for o in others))
    for word in set(_WORD.findall(clue.lower())):
        if any(_stem_match(word, w) for w in right) and not any(
                _stem_match(word, w) for w in wrong):
            return True
    return False


def _right_why(b: Builder, facet: Facet, item: Item) -> str:
    """Why a true option is right, with its note right after it: a note follows the item it
    qualifies, never another option's sentence."""
    why = f'"{strip_stop(item.text)}" is {statement(facet, b.muscle)}.'
    return f"{why} {cap(strip_stop(item.note))}." if item.note else why


def _mcq(b: Builder, facet: Facet, item: Item, right: Option, wrong: list[Option]) -> None:
    wrong = compatible(wrong, [right])
    if len(wrong) < 3:
        return
    qid = b.question_id(facet, item.id, Kind.MCQ)
    rng = b.rng(qid)
    tiers = [o.tier for o in wrong]
    # Nearest body region first (see ``Option.tier``); one tier is a plain draw.
    chosen = rng.sample(wrong, 3) if len(set(tiers)) == 1 else pick_by_tier(rng, wrong, tiers)
    w = WORDING[facet]
    single = len(facet_items(b.muscle, facet)) == 1 and w.single
    stem = (w.single if single else w.one).format(m=b.m)
    b.add(
        facet, item.id, Kind.MCQ, stem, strip_stop(item.text),
        options=[right.text, *(o.text for o in chosen)], correct=[0],
        explanation=" ".join([right.why, *(o.why for o in chosen)]),
        sources=[item], items=[right.id, *(o.id for o in chosen)],
    )


def _multi(b: Builder, facet: Facet, right: list[Option], wrong: list[Option]) -> None:
    if len(right) < 2 or not wrong:
        return
    qid = b.question_id(facet, ALL, Kind.MULTI)
    rng = b.rng(qid)
    k = min(len(right), rng.randint(2, 4))
    total = rng.choice((5, 6))
    d = min(total - k, len(wrong))
    if k + d < 5:
        k = min(len(right), 5 - d)
    if k + d < 5 or d < 1:
        return
    trues = rng.sample(right, k)
    allowed = compatible(wrong, trues)
    d = min(d, len(allowed))  # fewer wrong options rather than one beside its opposite
    if k + d < 5 or d < 1:
        return
    picked = trues + rng.sample(allowed, d)
    rng.shuffle(picked)
    correct = [i for i, o in enumerate(picked) if o in right]
    _add_options(b, facet, ALL, Kind.MULTI, WORDING[facet].many.format(m=b.m), picked, correct,
                 answer=join_list([picked[i].text for i in correct]))


def _odd_one_out(b: Builder, facet: Facet, right: list[Option], wrong: list[Option]) -> None:
    if len(right) < 3 or not wrong:
        return
    qid = b.question_id(facet, ALL, Kind.NOT)
    rng = b.rng(qid)
    trues = rng.sample(right, 3)
    allowed = compatible(wrong, trues)
    if not allowed:
        return
    odd = pick_in_size_slot(rng, [t.text for t in trues], allowed, _text)
    _add_options(b, facet, ALL, Kind.NOT, WORDING[facet].odd.format(m=b.m), [odd, *trues], [0],
                 answer=strip_stop(odd.text))


def _add_options(
    b: Builder, facet: Facet, item: str, kind: Kind, stem: str, options: list[Option],
    correct: list[int], *, answer: str, variant: str = "",
) -> None:
    by_id = {i.id: i for i in facet_items(b.muscle, facet)}
    b.add(
        facet, item, kind, stem, answer, variant=variant,
        options=[o.text for o in options], correct=correct,
        # Why the right options are right first (each with its note), then why the others
        # are wrong.
        explanation=" ".join([options[i].why for i in correct]
                             + [o.why for i, o in enumerate(options) if i not in correct]),
        sources=[by_id[o.id] for o in options if o.id in by_id], items=[o.id for o in options],
    )


def _which_muscle(b: Builder) -> None:
    """"Which muscle ...?" with muscles as options, for attachments and referral patterns."""
    m = b.muscle
    for facet in (Facet.ORIGIN, Facet.INSERTION):
        for item in m.items(facet):
            if item.disputed:
                continue
            if names_muscle(m, item.text):
                continue  # the stem would name the answer
            # Muscles that share the landmark are left out of the options (``without``).
            others = b.pools.muscle_options(m, set(), having=facet, without=item.id,
                                            by_region=True)
            if len(others) < 3:
                continue
            stem = WORDING[facet].choose.format(x=landmark(item.text))
            tiers = [b.pools.region_tier(m, o) for o in others]
            sharers = [s for s in b.pools.sharers(facet, item) if s.id != m.id]
            _muscle_mcq(b, facet, item.id, stem, others, item.text, tiers, sharers,
                        clue=item.text)
    if m.referral_description:
        others = b.pools.muscle_options(m, set(), having=Facet.REFERRAL)
        # Muscles with a similar pattern make the hardest (and fairest) wrong options;
        # then those of the same body region, so the region gives nothing away.
        tiers = [-1 if o.id in m.similar_patterns else b.pools.region_tier(m, o)
                 for o in others]
        if len(others) >= 3:
            stem = WORDING[Facet.REFERRAL].one.format(x=b.hide_name(m.referral_description))
            _muscle_mcq(b, Facet.REFERRAL, ALL, stem, others, m.referral_description, tiers)


T = TypeVar("T")


def pick_by_tier(rng: random.Random, others: Sequence[T], tiers: Sequence[int],
                 count: int = 3) -> list[T]:
    """``count`` of ``others``, lowest tier first: a tier is taken whole while it fits, and
    sampled from when it has more than are still needed. Shuffled, so the wrong options do
    not always come in the same order."""
    chosen: list[T] = []
    for tier in sorted(set(tiers)):
        need = count - len(chosen)
        if need <= 0:
            break
        group = [o for o, t in zip(others, tiers, strict=True) if t == tier]
        chosen += rng.sample(group, need) if len(group) > need else group
    rng.shuffle(chosen)
    return chosen


def _muscle_mcq(
    b: Builder, facet: Facet, item: str, stem: str, others: list[Muscle], fact: str,
    tiers: Sequence[int], sharers: Sequence[Muscle] = (), *, clue: str = "",
) -> None:
    """``clue``: the stem's landmark; no question when it echoes the answer's name (the
    flashcards still ask the fact)."""
    qid = b.question_id(facet, item, Kind.MCQ, "which-muscle")
    rng = b.rng(qid)
    chosen = pick_by_tier(rng, others, tiers)
    if clue and stem_gives_away(clue, b.muscle, chosen):
        return
    explanation = f"It is the {facet.title.lower()} of {b.m}: {strip_stop(fact)}. " + " ".join(
        f"{o.name} is a different muscle{_pattern_hint(facet, o)}." for o in chosen
    )
    if sharers:
        names = and_list([s.name for s in sharers])
        verb = "has" if len(sharers) == 1 else "have"
        kind = facet.title.lower()
        explanation += (f" {names} {verb} it as {'an' if kind[0] in 'aeiou' else 'a'} {kind} too, so "
                        f"{'it is' if len(sharers) == 1 else 'they are'} not among the options.")
    b.add(
        facet, item, Kind.MCQ, stem, b.muscle.name, variant="which-muscle",
        options=[b.muscle.name, *(o.name for o in chosen)], correct=[0],
        explanation=explanation, items=[b.muscle.id, *(o.id for o in chosen)],
    )


def _pattern_hint(facet: Facet, other: Muscle) -> str:
    if facet is Facet.REFERRAL and other.referral_zones:
        main = [BODY_REGIONS[z.region].lower() for z in other.referral_zones
                if z.zone == "essential"][:3]
        return f": its trigger points refer mainly to the {', '.join(main)}"
    items = [i for i in facet_items(other, facet) if not i.disputed]
    if items:
        return f" ({facet.title.lower()}: {mid(strip_stop(items[0].text))})"
    return ""


def _referral_regions(b: Builder) -> None:
    m = b.muscle
    zones = list(dict.fromkeys(z.region for z in m.referral_zones))
    if len(zones) < 2:
        return
    wrong_ids = b.pools.wrong_regions(m)
    right = [Option(BODY_REGIONS[r], r, f"{BODY_REGIONS[r]}: part of the pattern.")
             for r in zones]
    wrong = [Option(BODY_REGIONS[r], r, f"{BODY_REGIONS[r]}: outside the pattern.")
             for r in wrong_ids]
    _multi(b, Facet.REFERRAL, right, wrong)
    _odd_one_out(b, Facet.REFERRAL, right, wrong)


def _satellites(b: Builder) -> None:
    m = b.muscle
    if not m.satellites:
        return
    right = [
        Option(b.name_of(x), x, f"{b.name_of(x)} is listed as a satellite of {b.m}.")
        for x in m.satellites
    ]
    wrong = [
        Option(o.name, o.id, f"{o.name} is not among the muscles listed as satellites of {b.m}.")
        for o in b.pools.muscle_options(m, set(m.satellites))
    ]
    _multi(b, Facet.SATELLITES, right, wrong)
    _odd_one_out(b, Facet.SATELLITES, right, wrong)


def _order(b: Builder, facet: Facet, stem: str, direction: str) -> None:
    items = [i for i in b.muscle.items(facet) if not i.disputed]
    if len(items) < 2:
        return
    if facet is Facet.STRAIN_GRADES:
        items.sort(key=lambda i: int(i.fields.get("grade", 0)))
        texts = [strip_stop(i.fields.get("tear", i.text)) for i in items]
    else:
        # "Rest: limit hip movement" → "Limit hip movement": the labels would spell the
        # acronym and give the order away.
        texts = [cap(strip_stop(i.text.split(":", 1)[-1].strip())) for i in items]
    qid = b.question_id(facet, ALL, Kind.ORDER)
    rng = b.rng(qid)
    order = list(range(len(items)))
    while order == sorted(order):
        rng.shuffle(order)
    options = [texts[i] for i in order]
    correct = [order.index(i) for i in range(len(items))]
    explanation = f"In order, {direction}: " + " → ".join(
        f"({n}) {t}" for n, t in enumerate(texts, 1)
    ) + "."
    b.add(
        facet, ALL, Kind.ORDER, stem, " → ".join(texts), options=options, correct=correct,
        explanation=explanation, sources=items, items=[i.id for i in items],
    )
