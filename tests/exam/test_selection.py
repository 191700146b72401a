"""Exam selection: seeded, balanced across topics, never two questions on one fact."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from quizzer.decks import load_library
from quizzer.export.exam import (
    DEFAULT_KINDS,
    ExamError,
    Quota,
    _capacity,
    _greedy_key,
    build_exam,
    fair_quotas,
    proportional_quotas,
    select_questions,
)
from quizzer.generate import generate
from quizzer.model import Facet, Kind, Library, Question, QuestionKey, Topic
from quizzer.overlap import conflicts
from tests.banks import bundled_library, bundled_questions


def _q(qid: str, *, items: tuple[str, ...] = (), kind: Kind | None = None) -> Question:
    """The question whose key reads ``qid`` (``deck/muscle/facet/item/kind``): short to write."""
    deck, muscle, facet, item, kind_text = qid.split("/")
    key = QuestionKey(deck, muscle, Facet(facet), item, kind or Kind(kind_text))
    q = Question(key, question="?", answer="!", items=items)
    assert q.id == qid
    return q


CONFLICTS = [
    # (a, b, conflict?, why)
    ("d/m/origin/x/mcq", "d/m/origin/x/reverse", True, "same fact, siblings"),
    ("d/m/actions/all/multi", "d/m/actions/abduct/mcq", True, "facet-level overlaps its items"),
    ("d/m/actions/all/multi", "d/n/actions/abduct/mcq", False, "another muscle's facet"),
    ("d/m/actions/abduct/mcq", "d/n/actions/abduct/mcq", True, "same item id = same fact"),
    ("d/m/actions/abduct/mcq", "d/m/actions/extend/mcq", False, "different items"),
    ("d/m/origin/x/mcq", "d/m/insertion/x/mcq", False, "different facets"),
    ("g/g/group/members/multi", "g/g/group/members/not", True, "one group's members"),
    ("g/g/group/members/multi", "h/h/group/members/multi", False, "two groups' members"),
    ("g/g/group/hip-flexion/mcq", "h/h/group/hip-flexion/mcq", True, "a shared action id"),
]


@pytest.mark.parametrize(("a", "b", "expected", "why"), CONFLICTS)
def test_conflict_table(a: str, b: str, expected: bool, why: str) -> None:
    assert conflicts(_q(a), _q(b)) is expected, why
    assert conflicts(_q(b), _q(a)) is expected, why


def test_symmetric_relation_is_a_give_away() -> None:
    # "Which muscles lie over m?" (answer n) and "... over n?" (answer m): each stem's
    # subject is the other's answer.
    a = _q("d/m/depth/all/basic", items=("n",), kind=Kind.BASIC)
    b = _q("d/n/depth/all/basic", items=("m",), kind=Kind.BASIC)
    c = _q("d/o/depth/all/basic", items=("p",), kind=Kind.BASIC)
    assert conflicts(a, b)
    assert not conflicts(a, c)


def _facts_ok(chosen: list[Question]) -> None:
    for a, b in itertools.combinations(chosen, 2):
        assert not conflicts(a, b), (a.id, b.id)
    assert len({q.fact for q in chosen}) == len(chosen)


@pytest.mark.parametrize("seed", range(12))
def test_no_repeated_facts(mini_pool: list[Question], seed: int) -> None:
    pool = [q for q in mini_pool if q.kind in DEFAULT_KINDS]
    chosen = select_questions(pool, n=15, rng=random.Random(seed))
    assert len(chosen) == 15
    _facts_ok(chosen)
    # Facet-level and item-level facts of one muscle never meet.
    heads: Counter[tuple[str, bool]] = Counter()
    for q in chosen:
        head, _, item = q.fact.rpartition("/")
        heads[(head, item == "all")] += 1
    for (head, is_all), _count in heads.items():
        if is_all:
            assert (head, False) not in heads


def test_same_seed_same_exam(mini_pool: list[Question]) -> None:
    one = build_exam(mini_pool, n=10, seed=3, versions=3)
    two = build_exam(list(reversed(mini_pool)), n=10, seed=3, versions=3)
    assert one == two
    other = build_exam(mini_pool, n=10, seed=4, versions=3)
    assert [q.id for q in other.questions] != [q.id for q in one.questions]


def test_quotas_follow_the_bank() -> None:
    # One muscle with 30 origin, 10 actions, 20 insertion questions on distinct facts:
    # 12 → 6 / 2 / 4.
    pool = (
        [_q(f"d/m/origin/o{i}/mcq") for i in range(30)]
        + [_q(f"d/m/actions/a{i}/mcq") for i in range(10)]
        + [_q(f"d/m/insertion/i{i}/mcq") for i in range(20)]
    )
    quotas = {q.facet: q.count for q in proportional_quotas(pool, 12)}
    assert quotas == {Facet.ORIGIN: 6, Facet.ACTIONS: 2, Facet.INSERTION: 4}
    assert {q.facet: q.count for q in fair_quotas(pool, 12, random.Random(0))} == quotas
    chosen = select_questions(pool, n=12, rng=random.Random(1))
    assert Counter(q.facet for q in chosen) == Counter(quotas)


def _lopsided_pool() -> list[Question]:
    """Muscle "big" has 60 questions over six facets; "a", "b", "c" have 6 each on two."""
    facets = ("origin", "insertion", "actions", "tp-causes", "strain-causes", "differential")
    pool = [_q(f"d/big/{f}/{f}{i}/mcq") for f in facets for i in range(10)]
    pool += [_q(f"d/{m}/{f}/{m}{f}{i}/mcq") for m in "abc" for f in ("origin", "actions") for i in range(3)]
    return pool


@pytest.mark.parametrize("seed", range(8))
def test_every_muscle_gets_an_equal_share(seed: int) -> None:
    # In proportion to the bank, "big" would take 60/78 of the paper (9 of 12).
    chosen = select_questions(_lopsided_pool(), n=12, rng=random.Random(seed))
    assert Counter(q.muscle for q in chosen) == {"big": 3, "a": 3, "b": 3, "c": 3}
    _facts_ok(chosen)


def test_a_muscles_share_still_spreads_over_its_topics() -> None:
    # "big" gets 6 of 24: one per facet, not six of whichever facet came first.
    chosen = select_questions(_lopsided_pool(), n=24, rng=random.Random(3))
    assert Counter(q.muscle for q in chosen) == {"big": 6, "a": 6, "b": 6, "c": 6}
    assert len({q.facet for q in chosen if q.muscle == "big"}) == 6


def test_a_muscle_short_of_questions_leaves_its_seats_to_the_others() -> None:
    pool = [_q(f"d/small/origin/s{i}/mcq") for i in range(2)] + [
        _q(f"d/{m}/origin/{m}{i}/mcq") for m in ("a", "b") for i in range(9)
    ]
    chosen = select_questions(pool, n=12, rng=random.Random(0))
    assert Counter(q.muscle for q in chosen) == {"small": 2, "a": 5, "b": 5}


def test_a_facet_level_question_does_not_eat_a_muscles_seats() -> None:
    # "Select all the origins of m" blocks every origin item of m: taken first, m could
    # give only one question of the three it is due.
    pool = (
        [_q("d/m/origin/all/multi"), _q("d/m/origin/all/not")]
        + [_q(f"d/m/origin/x{i}/mcq") for i in range(3)]
        + [_q(f"d/{m}/origin/{m}{i}/mcq") for m in ("a", "b") for i in range(6)]
    )
    for seed in range(10):
        chosen = select_questions(pool, n=9, rng=random.Random(seed))
        assert Counter(q.muscle for q in chosen) == {"m": 3, "a": 3, "b": 3}, seed


def _bundled_pool(seed: int) -> tuple[Library, list[Question]]:
    return bundled_library()[0], [q for q in bundled_questions(seed) if q.kind in DEFAULT_KINDS]


@pytest.mark.parametrize(
    "seed", [0, pytest.param(1, marks=pytest.mark.slow), pytest.param(2, marks=pytest.mark.slow)]
)
def test_bundled_exam_spreads_over_muscles_and_topics(seed: int) -> None:
    # 40 seats among the atlas's muscles and groups (more than 40): forty of them, one
    # question each. Each topic gets what the muscles' equal shares give it: a muscle's
    # share spread over its facets in proportion to its questions.
    library, pool = _bundled_pool(seed)
    exam = build_exam(pool, n=40, seed=seed, library=library)
    per_muscle = Counter(q.muscle for q in exam.questions)
    subjects = Counter(q.muscle for q in pool)
    assert len(subjects) > 40
    assert len(per_muscle) == 40 and set(per_muscle.values()) == {1}
    # Which forty is the seed's draw; given the forty, each one's seat is spread over its
    # facets (the whole pool's shares would also count the draw's luck: seed 2 drew 3
    # groups where 5.35 were expected).
    expected: dict[Topic, Fraction] = {}
    for q in pool:
        if q.muscle in per_muscle:
            share = Fraction(1, subjects[q.muscle])
            expected[q.facet.topic] = expected.get(q.facet.topic, Fraction(0)) + share
    topics = Counter(q.facet.topic for q in exam.questions)
    for topic, share in expected.items():
        assert abs(topics[topic] - share) <= 2, (topic, topics[topic], float(share))
    assert {Topic.ANATOMY, Topic.CLINICAL, Topic.TRIGGER_POINTS} <= set(topics)
    _facts_ok(list(exam.questions))


@pytest.mark.parametrize("seed", range(3))
def test_bundled_exam_shares_the_paper_equally(seed: int) -> None:
    # 300 seats: two or three for each muscle and group. One with fewer questions on
    # distinct facts (a group whose two "members" questions are one fact) gets all it
    # has, and the others share the rest. A fact that muscles share (one item id, or a
    # group and its members' "which group?") is asked for one of them only: the muscle
    # that needs it (quadratus femoris, whose facts the deep six share, got no seat when
    # shared facts went to the first muscle in id order).
    library, pool = _bundled_pool(seed)
    n = 300
    exam = build_exam(pool, n=n, seed=seed, library=library)
    per_muscle = Counter(q.muscle for q in exam.questions)
    subjects = sorted({q.muscle for q in pool})
    floor = n // len(subjects)
    assert floor >= 2
    own = {m: _capacity(sorted((q for q in pool if q.muscle == m), key=_greedy_key)) for m in subjects}
    short = [m for m in subjects if own[m] < floor]
    for m in short:
        assert per_muscle[m] == own[m], (m, per_muscle[m], own[m])
    rest = [per_muscle[m] for m in subjects if m not in short]
    assert min(rest) >= floor and max(rest) - min(rest) <= 1, Counter(rest)
    assert len(short) <= 8, short  # a handful of small groups
    _facts_ok(list(exam.questions))


def test_quotas_spill_over_when_a_topic_runs_dry() -> None:
    # Actions has many questions but they all test one fact: it can give only one.
    pool = [_q(f"d/m/actions/all/{k}") for k in ("multi", "not", "basic")] + [
        _q(f"d/m{i}/origin/o{i}/mcq") for i in range(3)
    ]
    quotas = {q.facet: q.count for q in proportional_quotas(pool, 4)}
    assert quotas == {Facet.ACTIONS: 1, Facet.ORIGIN: 3}


def test_balance_on_a_real_pool(mini_pool: list[Question]) -> None:
    pool = [q for q in mini_pool if q.kind in DEFAULT_KINDS]
    quotas = proportional_quotas(pool, 20)
    per_facet = Counter(q.facet for q in pool)
    for quota in quotas:
        share = 20 * per_facet[quota.facet] / len(pool)
        assert quota.count <= share + 2, quota


def test_too_many_questions_says_how_many_there_are(mini_pool: list[Question]) -> None:
    with pytest.raises(ExamError, match=r"only \d+ questions on distinct facts, 500 were asked"):
        select_questions(mini_pool, n=500, rng=random.Random(0))


def test_blueprint_exact_counts(mini_pool: list[Question]) -> None:
    blueprint = [
        Quota(Facet.ACTIONS, 1, frozenset({Kind.MULTI})),
        Quota(Facet.ACTIONS, 2, frozenset({Kind.MCQ})),
        Quota(Facet.ORIGIN, 3, frozenset(DEFAULT_KINDS)),
    ]
    chosen = select_questions(mini_pool, n=None, rng=random.Random(5), blueprint=blueprint)
    counts = Counter((q.facet, q.kind if q.facet is Facet.ACTIONS else None) for q in chosen)
    assert counts == {(Facet.ACTIONS, Kind.MULTI): 1, (Facet.ACTIONS, Kind.MCQ): 2, (Facet.ORIGIN, None): 3}
    _facts_ok(chosen)


def test_blueprint_short_topic_is_named(mini_pool: list[Question]) -> None:
    blueprint = [Quota(Facet.STRAIN_GRADES, 5, frozenset({Kind.ORDER}), where="bp.yaml:3:1")]
    with pytest.raises(ExamError) as info:
        select_questions(mini_pool, n=None, rng=random.Random(0), blueprint=blueprint)
    assert str(info.value) == (
        "bp.yaml:3:1: topic 'strain-grades' is short: 5 order "
        "questions asked for, only 1 on distinct facts available"
    )


def test_blueprint_and_n_must_agree(mini_pool: list[Question]) -> None:
    with pytest.raises(ExamError, match="disagrees with the blueprint"):
        select_questions(mini_pool, n=4, rng=random.Random(0), blueprint=[Quota(Facet.ORIGIN, 2)])


def test_selection_never_gets_stuck_on_facet_level_facts() -> None:
    # Picking the facet-level question first would leave room for one question only.
    pool = [
        _q("d/m/actions/all/multi"),
        _q("d/m/actions/a/mcq"),
        _q("d/m/actions/b/mcq"),
        _q("d/m/actions/c/mcq"),
    ]
    for seed in range(20):
        chosen = select_questions(pool, n=3, rng=random.Random(seed))
        assert sorted(q.id for q in chosen) == [q.id for q in pool[1:]]


def test_spreads_over_muscles() -> None:
    pool = [_q(f"d/{m}/origin/{m}{i}/mcq") for m in ("a", "b", "c") for i in range(5)]
    chosen = select_questions(pool, n=6, rng=random.Random(2))
    assert Counter(q.muscle for q in chosen) == {"a": 2, "b": 2, "c": 2}


def test_two_kinds_on_one_fact_conflict() -> None:
    a = _q("d/m/origin/x/mcq")
    b = _q("d/m/origin/x/reverse", kind=Kind.REVERSE)
    assert a.fact == b.fact == "d/m/origin/x"
    assert conflicts(a, b)


@pytest.mark.parametrize("seed", range(5))
def test_index_agrees_with_the_pairwise_rule(
    hostile_pool: list[Question], mini_pool: list[Question], seed: int
) -> None:
    from quizzer.overlap import Taken as _Taken

    rng = random.Random(seed)
    pool = hostile_pool + mini_pool
    taken = rng.sample(pool, 12)
    index = _Taken(taken)
    for q in pool:
        assert index.clashes(q) == any(conflicts(q, t) for t in taken), q.id


def test_overlapping_others_agrees_with_the_pairwise_rule() -> None:
    # The questions another muscle's question overlaps (shared item ids, a group and its
    # members): the ones the exam gives to whichever muscle needs them more.
    from quizzer.overlap import overlapping_others

    fixture = Path(__file__).resolve().parents[1] / "data" / "exam_grade"
    library, selected = load_library([fixture], include_bundled=False)
    pool = generate(library, selected, seed=0)
    slow = {q.id for q in pool if any(r.muscle != q.muscle and conflicts(q, r) for r in pool)}
    assert overlapping_others(pool) == slow
    assert 0 < len(slow) < len(pool)


def test_an_exam_draws_on_the_exam_grade_facets_and_groups() -> None:
    fixture = Path(__file__).resolve().parents[1] / "data" / "exam_grade"
    library, selected = load_library([fixture], include_bundled=False)
    pool = [q for q in generate(library, selected, seed=0) if q.kind in DEFAULT_KINDS]
    exam = build_exam(pool, n=60, seed=0, library=library)
    assert len(exam.questions) == 60
    facets = {q.facet for q in exam.questions}
    assert (
        Facet.GROUP in facets
        and len(
            facets
            & {
                Facet.SYNERGISTS,
                Facet.ANTAGONISTS,
                Facet.JOINTS,
                Facet.PALPATION,
                Facet.STRETCH,
                Facet.CLINICAL_TESTS,
                Facet.CAUTIONS,
                Facet.CONDITIONS,
                Facet.FIBERS,
            }
        )
        >= 5
    ), facets
    assert any(q.muscle in {g.id for g in library.groups()} for q in exam.questions)
    _facts_ok(list(exam.questions))
