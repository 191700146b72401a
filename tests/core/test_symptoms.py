"""Symptom → muscle questions ("A client reports pain over the lateral epicondyle…") over
the whole bank: every key refers pain where the client reports it, no wrong option refers
there or next to it, and they stay few and stable. The rules are read from the deck data
here, not from the generator's code."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from quizzer.generate import generate
from quizzer.generate.pools import near_segments, segment
from quizzer.generate.symptoms import PER_MUSCLE, PER_REGION, SYMPTOM_TAG, WHERE
from quizzer.model import (
    WHICH_MUSCLE,
    Deck,
    Facet,
    Item,
    Kind,
    Library,
    Muscle,
    Question,
    ReferralZone,
    Source,
    Zone,
)
from quizzer.regions import BODY_REGIONS, NEIGHBOURS
from tests.banks import bundled_library, bundled_questions

SEEDS = (0, 1, 2, 3, 4)


@cache
def bundled() -> tuple[Library, tuple[Question, ...]]:
    return bundled_library()[0], tuple(q for s in SEEDS for q in bundled_questions(s))


def symptom(questions: tuple[Question, ...] | list[Question]) -> list[Question]:
    return [q for q in questions if SYMPTOM_TAG in q.tags]


def zones(muscle: Muscle, zone: Zone | None = None) -> set[str]:
    return {z.region for z in muscle.referral_zones if zone is None or z.zone is zone}


def provably_elsewhere(muscle: Muscle, region: str) -> bool:
    """Recorded pattern, and no zone (nor trigger point) on the region or a neighbour."""
    near = NEIGHBOURS[region] | {region}
    sites = {s.fields.get("region") for s in muscle.trigger_point_sites}
    return bool(muscle.referral_zones) and not zones(muscle) & near and not sites & near


def check(q: Question, muscles: dict[str, Muscle]) -> None:
    """One symptom question against the data: keys refer there, wrong options provably not."""
    region = q.key.item
    assert q.facet is Facet.REFERRAL and region in BODY_REGIONS, q.id
    assert len(q.items) == len(q.options), q.id
    subject = muscles[q.muscle]
    if q.key.variant == WHICH_MUSCLE:
        assert WHERE[region] in q.question, q.id
        assert q.muscle in {q.items[i] for i in q.correct}, q.id  # hung on a key
        for index, (muscle_id, text) in enumerate(zip(q.items, q.options, strict=True)):
            other = muscles[muscle_id]
            assert text == other.name, q.id
            if index in q.correct:
                wanted = Zone.ESSENTIAL if q.kind is Kind.MCQ else None
                assert region in zones(other, wanted), (q.id, text, "does not refer there")
            else:
                assert provably_elsewhere(other, region), (q.id, text, "may refer there")
        if q.kind is Kind.MCQ:
            # Three options only when no fourth plausible muscle is left (no far filler:
            # see the test of four options below).
            assert len(q.options) in (3, 4) and len(q.correct) == 1, q.id
        else:
            assert q.kind is Kind.MULTI and 2 <= len(q.correct) <= 4, q.id
        return
    # "A client has active trigger points in X. Where …?": regions as options.
    assert q.kind is Kind.MCQ and not q.key.variant and subject.name.lower() in q.question.lower()
    near = zones(subject).union(*(NEIGHBOURS[r] for r in zones(subject)))
    for index, (region_id, text) in enumerate(zip(q.items, q.options, strict=True)):
        assert text == BODY_REGIONS[region_id], q.id
        if index in q.correct:
            assert region_id == region and region in zones(subject, Zone.ESSENTIAL), q.id
        else:
            assert region_id not in near, (q.id, text, "in or beside the pattern")


@pytest.mark.slow  # the whole atlas, five seeds
def test_every_key_refers_there_and_no_wrong_option_refers_there_or_next_to_it() -> None:
    library, questions = bundled()
    muscles = {m.id: m for m in library.muscles()}
    found = symptom(questions)
    for q in found:
        check(q, muscles)
    kinds = Counter((q.kind, q.key.variant) for q in found)
    assert kinds[Kind.MCQ, WHICH_MUSCLE] >= 100 * len(SEEDS), kinds
    assert kinds[Kind.MULTI, WHICH_MUSCLE] >= 50 * len(SEEDS), kinds
    assert kinds[Kind.MCQ, ""] >= 80 * len(SEEDS), kinds


def test_muscles_without_a_pattern_are_never_options_and_spillover_is_no_key() -> None:
    library = _hand_library()
    found = symptom(generate(library, seed=0))
    muscles = {m.id: m for m in library.muscles()}
    for q in found:
        check(q, muscles)
    palm = [q for q in found if q.key.item == "palm" and q.key.variant == WHICH_MUSCLE]
    assert {(q.muscle, q.kind) for q in palm} == {("key", Kind.MCQ), ("key", Kind.MULTI)}
    which = next(q for q in palm if q.kind is Kind.MCQ)
    assert set(which.items) <= {"key", "far-1", "far-2", "far-3", "far-4", "far-5"}
    every = next(q for q in palm if q.kind is Kind.MULTI)
    # The spillover muscle can refer there: right in "select all", never a key or wrong.
    assert "spill" in {every.items[i] for i in every.correct}
    for q in palm:  # the unknown, the bordering and the locally tender are never offered
        assert not {"unknown", "border", "site"} & set(q.items), q.id
    assert not any("unknown" in q.items for q in found)


@pytest.mark.parametrize("seed", [1, pytest.param(7, marks=pytest.mark.slow)])
def test_the_same_questions_whatever_the_seed(seed: int) -> None:
    ids = {q.id for q in symptom(bundled_questions(0))}
    assert ids and ids == {q.id for q in symptom(bundled_questions(seed))}


@pytest.mark.slow  # the whole atlas
def test_a_few_per_muscle_and_per_region_and_a_small_share_of_the_bank() -> None:
    library = bundled_library()[0]
    questions = bundled_questions(0)
    found = symptom(questions)
    which = [q for q in found if q.kind is Kind.MCQ and q.key.variant == WHICH_MUSCLE]
    assert max(Counter(q.muscle for q in which).values()) <= PER_MUSCLE
    assert max(Counter(q.key.item for q in which).values()) <= PER_REGION
    every = [q for q in found if q.kind is Kind.MULTI]
    assert max(Counter(q.key.item for q in every).values()) == 1
    where = [q for q in found if not q.key.variant]
    assert max(Counter(q.muscle for q in where).values()) == 1
    assert len(found) / len(questions) < 0.05, (len(found), len(questions))
    # Most muscles with a pattern are a key somewhere, most regions referred to are asked.
    patterned = {m.id for m in library.muscles() if m.referral_zones}
    assert len({q.muscle for q in which}) >= 0.8 * len(patterned)
    asked = {q.key.item for q in found if q.key.variant}
    assert len(asked) >= 0.8 * len({r for m in library.muscles() for r in zones(m)})


@pytest.mark.slow  # the whole atlas, five seeds
def test_a_which_muscle_question_has_four_options_whenever_three_near_muscles_refer_elsewhere() -> None:
    # Review (item writer, 2026-12-06): at seed 31, 27 "Trigger points in which of these
    # muscles…?" questions had three options although three wrong ones could be found: two
    # muscles with a pattern near the region were taken rather than a third from the key's
    # body segment or a touching one. Three options only when no three such muscles
    # provably refer elsewhere.
    library, questions = bundled()
    muscles = {m.id: m for m in library.muscles()}
    short = []
    for q in symptom(questions):
        if q.kind is not Kind.MCQ or q.key.variant != WHICH_MUSCLE or len(q.options) >= 4:
            continue
        key = muscles[q.muscle]
        home = near_segments(segment(key.region))
        wrong = [
            m.id
            for m in muscles.values()
            if m.id != key.id
            and segment(m.region) in home
            and provably_elsewhere(m, q.key.item)
            and m.id not in key.similar_patterns
            and key.id not in m.similar_patterns
        ]
        if len(wrong) >= 3:
            short.append((q.id, len(q.options), wrong[:4]))
    assert not short, (len(short), short[:5])


def test_every_region_reads_as_a_place_of_pain() -> None:
    assert set(WHERE) == set(BODY_REGIONS)
    for phrase in WHERE.values():
        assert phrase.split()[0] in {
            "in",
            "on",
            "over",
            "at",
            "along",
            "across",
            "around",
            "behind",
            "between",
        }, phrase


# --- a library made by hand: each rule has a muscle that breaks it -----------------------


def _muscle(
    muscle_id: str,
    region: str,
    essential: tuple[str, ...] = (),
    spillover: tuple[str, ...] = (),
    site: str | None = None,
) -> Muscle:
    book = Source("ts", "Travell & Simons' Myofascial Pain and Dysfunction")
    return Muscle(
        id=muscle_id,
        name=muscle_id.replace("-", " ").capitalize() + " muscle",
        deck="hand",
        region=region,
        referral_description="Pain." if essential or spillover else "",
        referral_zones=tuple(
            [ReferralZone(r, Zone.ESSENTIAL) for r in essential]
            + [ReferralZone(r, Zone.SPILLOVER) for r in spillover]
        ),
        trigger_point_sites=(
            Item("belly", "In the belly", source="ts", fields={"region": site or "anterior-forearm"}),
        ),
        sources=(book,),
    )


def _hand_library() -> Library:
    muscles = (
        _muscle("key", "forearm", ("palm",)),
        _muscle("spill", "forearm", ("anterior-forearm",), ("palm",)),
        _muscle("border", "hand", ("thenar-eminence",)),  # touches the palm
        _muscle("unknown", "hand"),  # no recorded pattern
        _muscle("site", "hand", ("lateral-epicondyle",), site="palm"),  # local tenderness
        *(
            _muscle(f"far-{n}", "forearm", (r,))
            for n, r in enumerate(
                ("lateral-epicondyle", "medial-epicondyle", "olecranon", "posterior-arm", "anterior-arm"), 1
            )
        ),
    )
    return Library((Deck("hand", "Hand", "hand.yaml", muscles),))
