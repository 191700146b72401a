"""Picture questions: maps as stems and as options, with fair distractors and stable ids."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.atlas.svg import render_svg
from quizzer.decks import load_library
from quizzer.generate import pictures
from quizzer.generate.pictures import WHICH_MAP, WHOSE_MAP, picture_questions
from quizzer.generate.pools import nested_maps
from quizzer.model import (
    QUESTION_KEYS,
    Deck,
    Facet,
    Kind,
    Library,
    Muscle,
    Question,
    ReferralZone,
    Zone,
)
from tests.banks import bundled_library, bundled_questions

BUNDLED, SELECTED = bundled_library()


def _bundled_pictures(seed: int) -> list[Question]:
    """``picture_questions(BUNDLED, SELECTED, seed=seed)`` taken from the shared bundled bank."""
    return [q for q in bundled_questions(seed) if q.key.variant in (WHOSE_MAP, WHICH_MAP)]


MINI, _ = load_library([Path(__file__).parent.parent / "data" / "mini.yaml"], include_bundled=False)


def test_each_muscle_gets_both_picture_questions() -> None:
    questions = _bundled_pictures(0)
    muscles = [m.id for m in BUNDLED.muscles() if m.referral_zones]
    assert Counter(q.muscle for q in questions) == dict.fromkeys(muscles, 2)
    variants = Counter(q.id.rsplit("/", 1)[1] for q in questions)
    assert variants == {WHOSE_MAP: len(muscles), WHICH_MAP: len(muscles)}
    assert len({q.id for q in questions}) == len(questions)


@pytest.mark.slow  # every picture question of five seeds
def test_whose_map_shows_the_map_and_asks_the_muscle() -> None:
    for q in _bundled_pictures(3):
        if not q.id.endswith(WHOSE_MAP):
            continue
        muscle = BUNDLED.muscle(q.muscle)
        assert q.picture == q.muscle and q.option_pictures == ()
        assert q.kind is Kind.MCQ and q.facet is Facet.REFERRAL
        assert q.options[q.correct[0]] == muscle.name == q.answer
        assert len(set(q.options)) == 4
        assert muscle.name not in q.question
        assert q.id == f"{q.deck}/{q.muscle}/referral/all/mcq/{WHOSE_MAP}"
        assert q.fact == f"{q.deck}/{q.muscle}/referral/all"
        # The picture can be drawn without naming the muscle.
        assert muscle.name not in render_svg(muscle, title=False)


@pytest.mark.slow  # every picture question of five seeds
def test_which_map_offers_four_different_maps() -> None:
    for q in _bundled_pictures(4):
        if not q.id.endswith(WHICH_MAP):
            continue
        maps = dict(q.option_pictures)
        assert q.picture == ""
        assert set(maps) == set(q.options) and len(set(maps.values())) == 4
        assert maps[q.options[q.correct[0]]] == q.muscle
        zones = {m: {(z.region, z.zone) for z in BUNDLED.muscle(m).referral_zones} for m in maps.values()}
        assert len({frozenset(v) for v in zones.values()}) == 4, "no two options look alike"
        assert BUNDLED.muscle(q.muscle).name.lower() in q.question.lower()


def test_similar_patterns_are_the_first_distractors() -> None:
    # gluteus minimus lists five similar patterns, none nested with its own: the wrong
    # options come from them, but for one "which map?" option that may be bigger than all
    # of them, so that the right map is not always the biggest.
    minimus = BUNDLED.muscle("gluteus-minimus")
    similar = {x for x in minimus.similar_patterns if not nested_maps(minimus, BUNDLED.muscle(x))}
    assert len(similar) >= 3
    for q in picture_questions(BUNDLED, ["gluteus-minimus"], seed=1):
        others = set(q.items) - {q.muscle} - similar
        assert len(others) <= (1 if q.id.endswith(WHICH_MAP) else 0), q.id
    # alpha lists beta only: beta is always among the options.
    asked = 0
    for q in picture_questions(MINI, seed=2):
        if q.muscle == "alpha":
            asked += 1
            assert "beta" in q.items
    assert asked == 2


def test_identical_maps_are_never_options_together() -> None:
    twin = Muscle(id="twin", name="Twin", deck="extra", referral_zones=MINI.muscle("delta").referral_zones)
    library = Library((*MINI.decks, Deck("extra", "Extra", "extra.yaml", (twin,))))
    for q in picture_questions(library, seed=0):
        assert not {"twin", "delta"} <= set(q.items), q.id


def test_too_few_other_maps_means_no_picture_questions() -> None:
    def m(i: int) -> Muscle:
        return Muscle(
            id=f"m{i}",
            name=f"M{i}",
            deck="d",
            referral_zones=(
                ReferralZone("groin", Zone.ESSENTIAL),
                ReferralZone("sacrum", Zone.ESSENTIAL if i else Zone.SPILLOVER),
            ),
        )

    library = Library((Deck("d", "D", "d.yaml", (m(0), m(1), m(2))),))
    assert picture_questions(library) == []


def test_right_answers_are_spread_over_positions() -> None:
    # Each deck's single-answer questions take the four positions in turn (shuffled rounds),
    # so its two picture questions land where a fair draw would put them: over the atlas
    # the counts fit a uniform spread (chi-square below 16.27, p = 0.001 with 3 degrees of
    # freedom), which the builders' right-option-first order fails by far.
    positions = Counter(q.correct[0] for q in _bundled_pictures(0))
    assert set(positions) == {0, 1, 2, 3}
    expected = sum(positions.values()) / 4
    assert expected >= 20, "enough picture questions to tell a spread from chance"
    chi2 = sum((n - expected) ** 2 / expected for n in positions.values())
    assert chi2 < 16.27, positions


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000))
def test_same_seed_same_questions(seed: int) -> None:
    assert picture_questions(MINI, seed=seed) == picture_questions(MINI, seed=seed)


def test_jsonl_form_keeps_its_keys() -> None:
    for q in picture_questions(MINI, seed=0):
        assert tuple(q.to_dict()) == QUESTION_KEYS


@pytest.mark.parametrize("muscle", ["alpha", "delta"])
def test_for_muscle_puts_the_right_answer_first(muscle: str) -> None:
    deck = MINI.deck("mini")
    for q in pictures.for_muscle(MINI, deck, MINI.muscle(muscle), seed=0):
        assert q.correct == (0,)


# The upper-body fixture with the mini fixture's hip and leg patterns, without the bundled
# decks (which define muscles of the same ids, and would leave no pattern short of
# look-alikes): a few arm maps among the rest.
UPPER, UPPER_SELECTED = load_library(
    [Path(__file__).parent.parent / "data" / name for name in ("upper.yaml", "mini.yaml")],
    include_bundled=False,
)


def test_rivals_are_maps_that_look_alike() -> None:
    # An arm pattern's wrong options are other arm patterns, not hip maps beside the only
    # arm map.
    # Maps nested with the muscle's (one's essential zone inside the other's map) are
    # never rivals; "which map?" may add a map of the size the look-alikes lack.
    questions = picture_questions(UPPER, seed=5)
    assert {q.muscle for q in questions} >= {"infraspinatus", "supinator", "upper-trapezius"}
    for q in questions:
        muscle = UPPER.muscle(q.muscle)
        near = {
            m.id
            for m in UPPER.muscles()
            if m.id != muscle.id
            and m.referral_zones
            and pictures.closeness(muscle, m) > 0
            and not nested_maps(muscle, m)
        }
        rivals = set(q.items) - {q.muscle}
        assert not any(nested_maps(muscle, UPPER.muscle(r)) for r in rivals), q.id
        # "which map?" may add one map of a size no look-alike has
        spare = 1 if q.id.endswith(WHICH_MAP) else 0
        if len(near) >= 3:
            assert len(rivals - near - set(muscle.similar_patterns)) <= spare, (q.id, rivals)
        else:
            assert near <= rivals | {q.muscle}, q.id  # every look-alike there is is used


def test_closeness_counts_shared_and_touching_regions() -> None:
    infraspinatus, supinator = UPPER.muscle("infraspinatus"), UPPER.muscle("supinator")
    biceps, minimus = UPPER.muscle("biceps-brachii"), UPPER.muscle("alpha")  # a hip pattern
    assert pictures.closeness(infraspinatus, supinator) > 0  # both on the radial forearm
    assert pictures.closeness(infraspinatus, biceps) > pictures.closeness(infraspinatus, supinator)
    assert pictures.closeness(infraspinatus, minimus) == 0
    assert pictures.closeness(supinator, infraspinatus) == pictures.closeness(infraspinatus, supinator)
