"""Choice questions on item lists: single best answer, select all, "which is NOT", which
muscle, and ordering (strain grades only: the one order in the data that is real).

Wrong options are chosen as an item writer chooses them (``pools.pick_confusable``): the
most confusable always, then the next most confusable matched in length, one from the key's
body segment whenever one exists, no stem word echoed by the key alone, and no "always" or
"only" that only wrong options carry.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache
from typing import Protocol, TypeVar

from quizzer.generate.bones import attachment_bones, near_bones
from quizzer.generate.build import ALL, Builder
from quizzer.generate.hedges import hedge_a_wrong_action
from quizzer.generate.pools import (
    POOLED_FACETS,
    Candidate,
    Option,
    Rival,
    and_list,
    closeness,
    compatible,
    facet_items,
    is_red_flag,
    landmark_words,
    loose_landmark,
    nested_landmark,
    pick_confusable,
    pick_in_size_slot,
    plausible,
    segment,
    statement,
    without_lone_cues,
)
from quizzer.generate.text import (
    WORDING,
    action_part,
    cap,
    echo_gives_away,
    echoes,
    has_cue,
    is_plural,
    join_list,
    landmark,
    lower_first,
    mid,
    name_pattern,
    one_per_movement,
    owns,
    possessor,
    pronoun,
    same_stem,
    say,
    strip_stop,
    to_place,
    verb,
)
from quizzer.model import WHICH_MUSCLE, Facet, Item, Kind, Muscle
from quizzer.regions import BODY_REGIONS

# Facets whose items are each asked with options (and as select-all and NOT).
_CHOICE_FACETS = (
    Facet.ORIGIN,
    Facet.INSERTION,
    Facet.ACTIONS,
    Facet.INNERVATION,
    Facet.CLINICAL_TESTS,
    Facet.CAUTIONS,
    Facet.CONDITIONS,
    Facet.TP_SYMPTOMS,
    Facet.DIAGNOSTIC_SIGNS,
    Facet.DIFFERENTIAL,
    Facet.STRAIN_SYMPTOMS,
    Facet.STRAIN_CAUSES,
    Facet.STRAIN_ACTIVITIES,
    Facet.STRAIN_TREATMENT,
)

SELF_HELP_FACETS = (
    Facet.TP_CAUSES,
    Facet.TP_PREVENTION,
    Facet.SELF_TREATMENT,
    Facet.PROFESSIONAL_HELP,
    Facet.TIME_TO_RELIEF,
)
"""The seed page's self-help material: the exam hardly asks it, so each facet is one
flashcard and one select-all question, not a question per item."""

_SINGLE_ONLY = frozenset({Facet.INNERVATION})
"""Facets asked by single best answer only (a question or two per muscle): innervation."""

_WHICH_MUSCLE_FACETS = (Facet.ORIGIN, Facet.INSERTION, Facet.CLINICAL_TESTS, Facet.CAUTIONS, Facet.CONDITIONS)
"""Facets also asked the other way round: the fact given, the muscle asked."""


def add_all(b: Builder) -> None:
    home = frozenset({segment(b.muscle.region)})
    for facet in (*_CHOICE_FACETS, *SELF_HELP_FACETS):
        items = facet_items(b.muscle, facet)
        if not items or (facet not in POOLED_FACETS and not b.muscle.distractors.get(facet)):
            continue  # no item, or nothing proven false to set beside it
        # An item that names the muscle ("Nerve to piriformis") would give itself away
        # among options that cannot name it: the flashcards still ask it.
        truths = [i for i in items if not i.disputed and not names_muscle(b.muscle, i.qualified_text)]
        if not truths:
            continue
        wrong = b.pools.wrong_options(b.muscle, facet)
        if not wrong:
            continue
        right = [Option(i.qualified_text, i.id, _right_why(b, facet, i), segments=home) for i in truths]
        # One movement said two ways ("Flexes the MCP joints of the fingers", "Flexes the
        # fingers (at the MCP joints)") is one true option, never two, and asked once.
        kept = {i.id for i in one_per_movement(truths)}
        if facet not in SELF_HELP_FACETS:
            plain = without_lone_cues(wrong, ())
            opposed = any(o.opposes for o in wrong)
            for item, option in zip(truths, right, strict=True):
                if is_red_flag(facet, item.id) or item.id not in kept:
                    continue  # true of every muscle (the option that is always right); said already
                pool = wrong if has_cue(option.text) else plain
                _mcq(b, facet, item, option, compatible(pool, [option]) if opposed else pool)
        if facet in _SINGLE_ONLY:
            continue
        right = [o for o in right if o.id in kept]
        _multi(b, facet, right, wrong)
        if facet not in SELF_HELP_FACETS:
            _odd_one_out(b, facet, right, wrong)
    _which_muscle(b)
    _referral_regions(b)
    _satellites(b)
    _order(
        b,
        Facet.STRAIN_GRADES,
        f"Put these descriptions of {b.m} strains in order from mildest to most severe.",
        "mildest to most severe",
    )


def names_muscle(muscle: Muscle, text: str) -> bool:
    """Whether ``text`` contains one of the muscle's names ("Nerve to piriformis")."""
    return name_pattern(muscle.name, muscle.aliases).search(text) is not None


_WORD = re.compile(r"[a-z]+")


def _stem_match(a: str, b: str) -> bool:
    return same_stem(a, b)


class Named(Protocol):
    """A muscle, or a view of one, with its names."""

    @property
    def name(self) -> str: ...

    @property
    def aliases(self) -> tuple[str, ...]: ...


def _name_words(muscle: Named) -> frozenset[str]:
    return _words_of_names(muscle.name, muscle.aliases)


@cache
def _words_of_names(name: str, aliases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for n in (name, *aliases) for w in _WORD.findall(n.lower()))


def stem_gives_away(clue: str, answer: Named, others: Sequence[Named]) -> bool:
    """Whether a word of ``clue`` echoes the right muscle's name and no wrong option's:
    "…from the head of the fibula?" points at Fibularis longus whatever the student knows.
    When a wrong option carries the same stem ("lateral" with vastus lateralis and
    another "lateralis"), the word no longer singles the answer out."""
    right = _name_words(answer)
    wrong: frozenset[str] = frozenset().union(*(_name_words(o) for o in others))
    for word in set(_WORD.findall(clue.lower())):
        echo = max((_shared_start(word, w) for w in right if _stem_match(word, w)), default=0)
        # A wrong name echoes it as well only as closely: "medial" points at vastus
        # medialis beside gluteus medius.
        if echo and not any(_stem_match(word, w) and _shared_start(word, w) >= min(echo, 5) for w in wrong):
            return True
    return False


def _shared_start(a: str, b: str) -> int:
    """How many letters two words start with in common."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _right_why(b: Builder, facet: Facet, item: Item) -> str:
    """Why a true option is right, with its note right after it: a note follows the item it
    qualifies, never another option's sentence."""
    said = b.said.get(facet)
    if said is None:
        said = b.said[facet] = statement(facet, b.muscle)
    why = f'"{strip_stop(item.qualified_text)}" is {said}.'
    return f"{why} {cap(strip_stop(item.note))}." if item.note else why


def _mcq(b: Builder, facet: Facet, item: Item, right: Option, wrong: list[Option]) -> None:
    """``wrong``: already fit to stand beside ``right`` (no opposite, no lone cue)."""
    if len(wrong) < 3:
        return
    qid = b.question_id(facet, item.id, Kind.MCQ)
    rng = b.rng(qid)
    w = WORDING[facet]
    single = len(facet_items(b.muscle, facet)) == 1 and w.single
    stem = say(w.single if single else w.one, b.m)
    chosen = pick_confusable(rng, right.text, wrong, 3, home=segment(b.muscle.region), stem=stem)
    if chosen is None:
        return
    if facet is Facet.ACTIONS:  # a qualified key is never the one hedged option
        chosen = hedge_a_wrong_action(b, item, chosen)
    b.add(
        facet,
        item.id,
        Kind.MCQ,
        stem,
        strip_stop(right.text),
        options=[right.text, *(o.text for o in chosen)],
        correct=[0],
        explanation=" ".join([right.why, *(o.why for o in chosen)]),
        sources=[item],
        items=[right.id, *(o.id for o in chosen)],
    )


def add_multi(
    b: Builder,
    facet: Facet,
    stem: str,
    right: Sequence[Option],
    wrong: Sequence[Option],
    *,
    item: str = ALL,
    home: str | None = None,
) -> None:
    """A select-all question: 2–4 right options (never one that echoes the stem alone)
    among 5–6, the wrong ones the most confusable."""
    qid = b.question_id(facet, item, Kind.MULTI)
    rng = b.rng(qid)
    plain: list[Option] = []
    echoing: list[Option] = []
    for o in right:
        (echoing if echoes(stem, o.text) else plain).append(o)
    k = min(len(right), rng.randint(2, 4))
    total = rng.choice((5, 6))
    d = min(total - k, len(wrong))
    if k + d < 5:
        k = min(len(right), 5 - d)
    if k + d < 5 or d < 1 or k < 2:
        return
    trues = rng.sample(plain, min(k, len(plain)))
    trues += rng.sample(echoing, k - len(trues))
    allowed = without_lone_cues(compatible(wrong, trues), [t.text for t in trues])
    d = min(d, len(allowed))  # fewer wrong options rather than one beside its opposite
    if k + d < 5 or d < 1:
        # The drawn true options' opposites left too few wrong ones: an opposite leaves
        # out a wrong option, not the question, so take the true options that rule out
        # the fewest wrong ones (plain before echoing), as few as will do.
        ruled_out = {o.id: sum(o.id in w.opposes for w in wrong) for o in right}
        fewest = sorted(plain, key=lambda o: ruled_out[o.id]) + sorted(echoing, key=lambda o: ruled_out[o.id])
        for k in range(2, min(len(right), 4) + 1):
            trues = fewest[:k]
            allowed = without_lone_cues(compatible(wrong, trues), [t.text for t in trues])
            d = min(total - k, len(allowed))
            if k + d >= 5 and d >= 1:
                break
        else:
            return
    if facet is Facet.CAUTIONS and all(is_red_flag(facet, t.id) for t in trues):
        # Review 6b T49: the general red flags (DVT, compartment syndrome) are keyed for
        # every muscle; a select-all keyed by them alone teaches nothing of this one.
        own = [o for o in right if not is_red_flag(facet, o.id)]
        if not own:
            return
        trues = [*trues[:-1], own[0]]
        allowed = without_lone_cues(compatible(wrong, trues), [t.text for t in trues])
        d = min(d, len(allowed))
        if k + d < 5 or d < 1:
            return
    chosen = pick_confusable(rng, trues[0].text, allowed, d, home=home, fewest=1)
    if chosen is None or k + len(chosen) < 4:
        return  # (far wrong options left out: 4 options rather than a filler)
    if echo_gives_away(stem, [t.text for t in trues], [o.text for o in chosen]):
        return  # the stem's own words would mark the right options
    picked = trues + chosen
    rng.shuffle(picked)
    correct = [i for i, o in enumerate(picked) if o in trues]
    add_options(
        b, facet, item, Kind.MULTI, stem, picked, correct, answer=join_list([picked[i].text for i in correct])
    )


def _multi(b: Builder, facet: Facet, right: list[Option], wrong: list[Option]) -> None:
    if len(right) < 2 or not wrong:
        return
    add_multi(
        b,
        facet,
        say(WORDING[facet].many, b.m),
        right,
        wrong,
        home=segment(b.muscle.region) if b.muscle.region else None,
    )


def add_odd_one_out(
    b: Builder,
    facet: Facet,
    stem: str,
    right: Sequence[Option],
    wrong: Sequence[Option],
    *,
    item: str = ALL,
    home: str | None = None,
) -> None:
    """ "Which is NOT …?": three true options and one false, the false one among the most
    confusable (from the key's segment when one is), at a size rank drawn evenly."""
    if len(right) < 3 or not wrong:
        return
    qid = b.question_id(facet, item, Kind.NOT)
    rng = b.rng(qid)
    trues = rng.sample(list(right), 3)
    texts = [t.text for t in trues]
    allowed = [
        o
        for o in plausible(without_lone_cues(compatible(wrong, trues), texts), home)
        if not echo_gives_away(stem, [o.text], texts)
    ]
    if not allowed:
        return
    ranked = sorted(allowed, key=lambda o: (not (home and home in o.segments), -o.score))
    # The false statement is among the most confusable: within a little of the best (the
    # muscle's own insertion for "NOT an origin", not a landmark of another segment).
    band = [o for o in ranked[:4] if o.score >= ranked[0].score - 1] or ranked[:1]
    if len(band) < 2:
        band = ranked[:2]
    odd = pick_in_size_slot(rng, texts, band, _text)
    add_options(b, facet, item, Kind.NOT, stem, [odd, *trues], [0], answer=strip_stop(odd.text))


def _odd_one_out(b: Builder, facet: Facet, right: list[Option], wrong: list[Option]) -> None:
    home = segment(b.muscle.region) if b.muscle.region else None
    if facet is Facet.ACTIONS and home:
        wrong = near_joint_actions(b.muscle, wrong, home) or wrong
    add_odd_one_out(b, facet, say(WORDING[facet].odd, b.m), right, wrong, home=home)


def near_joint_actions(muscle: Muscle, wrong: Sequence[Option], home: str) -> list[Option]:
    """The false actions a "Which is NOT an action of …?" may offer, by the joint each
    moves, not by whose action it is (review 4b, T6: "elevates the pelvis" against the
    deltoid because latissimus dorsi, a shoulder muscle, holds it): the curated near misses
    and movements of the parts the muscle itself moves first (the deltoid: the shoulder),
    then of the parts that move with them (the scapula); never a movement of a far part
    (the pelvis, the neck for quadratus lumborum). An action of no known part ("elevates
    the hyoid bone") ranks after them, as its holders' segment places it."""
    from quizzer.generate.facets import moves_near  # (facets builds on this module)

    own = muscle.items(Facet.ACTIONS)
    parts = {action_part(i.id) for i in own} - {None}
    curated = {d.id for d in muscle.distractors.get(Facet.ACTIONS, ())}
    out = []
    for o in wrong:
        part = action_part(o.id)
        if o.id in curated or part in parts:
            bonus = 200
        elif part is None:
            out.append(o)
            continue
        elif moves_near(own, part):
            bonus = 100
        else:
            continue  # a far joint: answerable without knowing the muscle
        out.append(replace(o, score=o.score + bonus, segments=o.segments | {home}))
    return out


def _text(option: Option) -> str:
    return option.text


def add_options(
    b: Builder,
    facet: Facet,
    item: str,
    kind: Kind,
    stem: str,
    options: Sequence[Option],
    correct: list[int],
    *,
    answer: str,
    variant: str = "",
    cite: Sequence[str | None] = (),
) -> None:
    """A choice question from options; explanation: why the right options are right
    (each with its note), then why the others are wrong."""
    mine = facet_items(b.muscle, facet) if isinstance(b.subject, Muscle) else ()
    by_id = {i.id: i for i in mine}
    b.add(
        facet,
        item,
        kind,
        stem,
        answer,
        variant=variant,
        options=[o.text for o in options],
        correct=correct,
        explanation=" ".join(
            [options[i].why for i in correct] + [o.why for i, o in enumerate(options) if i not in correct]
        ),
        sources=[by_id[o.id] for o in options if o.id in by_id],
        cite=cite,
        items=[o.id for o in options],
    )


def _which_muscle(b: Builder) -> None:
    """ "Which muscle ...?" with muscles as options: attachments, tests and signs,
    cautions, conditions, and the referral pattern."""
    m = b.muscle
    for facet in _WHICH_MUSCLE_FACETS:
        for item in m.items(facet):
            if item.disputed or names_muscle(m, item.qualified_text) or is_red_flag(facet, item.id):
                continue  # the stem would name the answer, or every muscle is one
            attachment = facet in (Facet.ORIGIN, Facet.INSERTION)
            exclude: set[str] = set()
            if b.pools.shared(facet, item, m.id):
                if not attachment:
                    if b.pools.shared_by_agreement(facet, item, m.id):
                        continue  # another muscle lists it: not distinctive enough to ask
                    # Others list it only as disputed: asked, never offering them.
                    exclude = b.pools.holders(facet, item.id) - {m.id}
                else:
                    # A shared attachment ("inserts on the greater trochanter") is fair
                    # when no muscle attaching there (same id, words or landmark) is offered.
                    exclude = b.pools.attached_there(item, m.id)
            # Muscles that share the item are left out of the options (``without``).
            others = b.pools.which_muscle_candidates(m, facet, item.id, frozenset(exclude))
            if attachment:
                # Nor one whose attachment lies within this one or around it (extensor
                # digitorum longus's upper three-quarters of the anterior surface of the
                # fibula for extensor hallucis longus's middle part of it).
                here = loose_landmark(item.text)
                others = [
                    o for o in others if not nested_landmark(here, [loose_landmark(i.text) for i in o.items])
                ]
            if len(others) < 3 or (attachment and exclude and all(o.region != m.region for o in others)):
                continue  # (none of its region left: the region would give it away)
            words = landmark_words(item.id) if attachment else frozenset()
            # Muscles on the same bone first, then on a bone next to it, then the segment:
            # three scapular muscles for a humeral insertion answer it by bone alone.
            bones = attachment_bones(item.text) if attachment else frozenset()
            near = near_bones(bones)
            options = [
                o.option(
                    "",
                    (8 if words & o.landmarks else 0)
                    + (40 if bones & o.bones else 20 if near & o.bones else 0),
                )
                for o in others
            ]
            # With its qualifier: rectus capitis posterior major arises from the cervical
            # spinous processes "(C2, the axis)", not from all of them.
            x = (
                landmark(item.qualified_text)
                if facet in (Facet.ORIGIN, Facet.INSERTION)
                else lower_first(strip_stop(item.qualified_text))
            )
            stem = WORDING[facet].choose.format(x=x)
            _muscle_mcq(
                b,
                facet,
                item.id,
                stem,
                options,
                {o.id: o for o in others},
                item.qualified_text,
                clue=item.qualified_text,
                sources=[item],
            )
    if m.referral_description and m.referral_zones:
        # The maps that may stand beside this one (as in the picture questions): listed
        # similar patterns first, then look-alikes, never one nested with it (two
        # defensible answers); the closest rank first.
        rivals = b.pools.map_rivals(m)[:8]
        # A look-alike map is confusable whatever the muscle's segment (plausible).
        options = [
            Option(
                o.name,
                o.id,
                "",
                score=closeness(m, o) + (40 if o.id in m.similar_patterns else 0),
                segments=frozenset({o.segment}),
                plausible=True,
            )
            for o in rivals
        ]
        if len(rivals) >= 3:
            stem = WORDING[Facet.REFERRAL].one.format(x=b.hide_name(m.referral_description))
            # "…the back of the knee (the popliteal fossa)": a word that echoes the
            # answer's name ("popliteus") needs a wrong option that echoes it too.
            _muscle_mcq(
                b,
                Facet.REFERRAL,
                ALL,
                stem,
                options,
                {o.id: o for o in rivals},
                m.referral_description,
                clue=b.hide_name(m.referral_description),
            )


T = TypeVar("T")


def pick_by_tier(rng: random.Random, others: Sequence[T], tiers: Sequence[int], count: int = 3) -> list[T]:
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
    b: Builder,
    facet: Facet,
    item: str,
    stem: str,
    others: list[Option],
    muscles: Mapping[str, Candidate | Rival],
    fact: str,
    *,
    clue: str = "",
    sources: Sequence[Item] = (),
) -> None:
    """``muscles``: the muscles of ``others`` by id; ``clue``: the stem's fact; no question
    when it echoes the answer's name and no wrong option's (the flashcards still ask the
    fact)."""
    qid = b.question_id(facet, item, Kind.MCQ, WHICH_MUSCLE)
    rng = b.rng(qid)
    chosen = pick_confusable(rng, b.muscle.name, others, 3, home=segment(b.muscle.region), stem=clue)
    if chosen is None:
        return
    if clue and stem_gives_away(clue, b.muscle, [muscles[o.id] for o in chosen]):
        return
    # Why each is wrong, written for the three chosen only (a sentence per candidate
    # would cost as much as the question); each hint is said once (two muscles with the
    # same red flag or posture get different hints, or the second none).
    hinted: dict[str, str] = {}
    # Never a fact the key muscle has too, as if it set the rival apart (review 6b T8: the
    # patellar reflex given for vastus medialis against rectus femoris).
    shared = frozenset(i.id for i in facet_items(b.muscle, facet))
    chosen = [
        o
        if o.why
        else replace(
            o, why=f"{_different(o.text)}{_pattern_hint(facet, muscles[o.id], hinted, shared, b.m)}."
        )
        for o in chosen
    ]
    said = (
        f"the {facet.title.lower()} of {b.m}"
        if facet in (Facet.ORIGIN, Facet.INSERTION, Facet.REFERRAL)
        else statement(facet, b.muscle)
    )
    explanation = f"It is {said}: {strip_stop(fact)}. " + " ".join(o.why for o in chosen)
    b.add(
        facet,
        item,
        Kind.MCQ,
        stem,
        b.muscle.name,
        variant=WHICH_MUSCLE,
        options=[b.muscle.name, *(o.text for o in chosen)],
        correct=[0],
        explanation=explanation,
        sources=sources,
        items=[b.muscle.id, *(o.id for o in chosen)],
    )


def _pattern_hint(
    facet: Facet,
    other: Candidate | Rival,
    hinted: dict[str, str],
    shared: frozenset[str] = frozenset(),
    key: str = "",
) -> str:
    """What ``other`` has instead, unless ``hinted`` (the hints already given in this
    explanation, each with the rival it was given for) holds it: then its next item, or
    that it shares one given above (review 6a T61: never a bare "X is a different muscle."
    when it has a fact); never an item of ``shared`` (the ids of ``key``, the muscle asked
    about) as if it set them apart: when only those are left, one is said as shared."""
    it = "they share" if is_plural(other.name) else "it shares"
    if isinstance(other, Rival):
        # A map's rival always has a map (``Pools.map_rivals``).
        main = and_list(
            [to_place(BODY_REGIONS[z.region]) for z in other.referral_zones if z.zone == "essential"][:3]
        )
        if main in hinted:
            return f": {pronoun(other.name)} trigger points refer mainly to the same places as {hinted[main]}"
        hinted[main] = possessor(mid(other.name))
        return f": {pronoun(other.name)} trigger points refer mainly to {main}"
    agreed = [lower_first(strip_stop(i.text)) for i in other.items if not i.disputed and i.id not in shared]
    mutual = [
        lower_first(strip_stop(i.text))
        for i in other.items
        if key and not i.disputed and i.id in shared and not is_red_flag(facet, i.id)
    ]
    for text in agreed:
        if text not in hinted:
            hinted[text] = mid(other.name)
            return f"; {pronoun(other.name)} {facet.title.lower()}: {text}"  # its own brackets never nested
    for text in mutual:
        if text not in hinted:
            hinted[text] = mid(other.name)
            return f"; {it} {owns(key, facet.title.lower())}: {text}"
    given = [*agreed, *mutual]
    return f"; {it} {owns(hinted[given[0]], facet.title.lower())} given above" if given else ""


def _different(name: str) -> str:
    """ "Piriformis is a different muscle", "Rotatores are different muscles"."""
    return f"{name} are different muscles" if is_plural(name) else f"{name} is a different muscle"


def _listed(name: str) -> str:
    return "are listed as satellites" if is_plural(name) else "is listed as a satellite"


def _referral_regions(b: Builder) -> None:
    m = b.muscle
    zones = list(dict.fromkeys(z.region for z in m.referral_zones))
    if len(zones) < 2:
        return
    right = [Option(BODY_REGIONS[r], r, f"{BODY_REGIONS[r]}: part of the pattern.") for r in zones]
    # Nearest regions outside the pattern first: plausible, never on its edge.
    wrong = [
        Option(BODY_REGIONS[r], r, f"{BODY_REGIONS[r]}: outside the pattern.", score=-distance)
        for r, distance in b.pools.wrong_regions(m)[:12]
    ]
    _multi(b, Facet.REFERRAL, right, wrong)
    _odd_one_out(b, Facet.REFERRAL, right, wrong)


def _satellites(b: Builder) -> None:
    m = b.muscle
    if not m.satellites:
        return
    right = [
        Option(b.name_of(x), x, f"{b.name_of(x)} {_listed(b.name_of(x))} of {b.m}.") for x in m.satellites
    ]
    whose = f"satellites of {b.m}"
    wrong = [
        Option(o.name, o.id, f"{o.name} {verb(o.name, 'is')} not among the muscles listed as {whose}.")
        for o in b.pools.near_options(m, frozenset(m.satellites))
    ]
    _multi(b, Facet.SATELLITES, right, wrong)
    _odd_one_out(b, Facet.SATELLITES, right, wrong)


def _order(b: Builder, facet: Facet, stem: str, direction: str) -> None:
    items = [i for i in b.muscle.items(facet) if not i.disputed]
    if len(items) < 2:
        return
    items.sort(key=lambda i: int(i.fields.get("grade", 0)))
    texts = [strip_stop(i.fields.get("tear", i.text)) for i in items]
    qid = b.question_id(facet, ALL, Kind.ORDER)
    rng = b.rng(qid)
    order = list(range(len(items)))
    while order == sorted(order):
        rng.shuffle(order)
    options = [texts[i] for i in order]
    correct = [order.index(i) for i in range(len(items))]
    explanation = f"In order, {direction}: " + " → ".join(f"({n}) {t}" for n, t in enumerate(texts, 1)) + "."
    b.add(
        facet,
        ALL,
        Kind.ORDER,
        stem,
        " → ".join(texts),
        options=options,
        correct=correct,
        explanation=explanation,
        sources=items,
        items=[i.id for i in items],
    )


__all__ = [
    "SELF_HELP_FACETS",
    "add_all",
    "add_multi",
    "add_odd_one_out",
    "add_options",
    "has_cue",
    "names_muscle",
    "pick_by_tier",
    "stem_gives_away",
]
