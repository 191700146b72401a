"""Content checks over the bundled decks, from the QA pass: cloze cards read as facts,
no true statement beside its own opposite, stems that do not name the answer, wording."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from quizzer.generate.choice import stem_gives_away
from quizzer.generate.pools import Pools, facet_items, norm
from quizzer.generate.text import PROPER_NOUNS, as_fact, join_list, landmark, mid, same_stem
from quizzer.model import Facet, Group, Kind, Library, Muscle, Question
from tests.banks import bundled_library, bundled_questions
from tests.core.test_bad_input import GOOD, run_validate, write

_GAP = re.compile(r"\{\{c\d+::(.+?)\}\}")


@cache
def _bundled() -> tuple[Library, tuple[Question, ...]]:
    return bundled_library()[0], bundled_questions(0)


def _names(muscle: Muscle | Group) -> list[str]:
    plain = re.sub(r"\s*\([^)]*\)", "", muscle.name)
    return [n.lower() for n in (muscle.name, plain, *muscle.aliases)]


# 1. Cloze cards without a subject (QA item 7)


def test_every_bundled_cloze_names_its_muscle() -> None:
    library, questions = _bundled()
    groups = {g.id: g for g in library.groups()}
    clozes = [q for q in questions if q.kind is Kind.CLOZE]
    assert len(clozes) >= 10
    for q in clozes:
        names = _names(groups.get(q.muscle) or library.muscle(q.muscle))  # or the group's
        assert any(n in q.question.lower() for n in names), q.question
        assert q.answer == _GAP.sub(lambda g: g.group(1), q.question)


def test_attachment_clozes_say_origin_or_insertion() -> None:
    _, questions = _bundled()
    by_id = {q.id: q for q in questions}
    ql = by_id["quadratus-lumborum/quadratus-lumborum/insertion/lumbar-transverse-processes/cloze"]
    assert ql.question == ("Quadratus lumborum inserts on the transverse processes of {{c1::L1–L4}}.")
    pir = by_id["piriformis/piriformis/origin/sacrum-anterior-surface/cloze"]
    assert pir.question.startswith("Piriformis originates from the anterior (pelvic) surface")


def test_as_fact_lowers_the_first_word_but_not_abbreviations() -> None:
    assert as_fact(Facet.ACTIONS, "Gluteus minimus", "Abducts the thigh.") == (
        "Gluteus minimus abducts the thigh."
    )
    assert as_fact(Facet.STRAIN_TREATMENT, "Gluteus minimus", "RICE for {{3 days}}") == (
        "For a gluteus minimus strain, RICE for {{3 days}}."
    )
    assert as_fact(Facet.STRAIN_GRADES, "Gluteus minimus", "A grade 1 strain heals") == (
        "In gluteus minimus, a grade 1 strain heals."
    )
    assert as_fact(Facet.STRAIN_GRADES, "Alpha", "Heals in {{6 weeks}}", grade="2") == (
        "A grade 2 alpha strain: heals in {{6 weeks}}."
    )
    assert as_fact(Facet.RICE, "Alpha", "Ice it") == "For an alpha strain, ice it."
    assert as_fact(Facet.ORIGIN, "Quadratus lumborum", "{{L1}} transverse process") == (
        "Quadratus lumborum originates from {{L1}} transverse process."
    )


# 2. No true statement next to its own opposite (QA item 2)

_PAIRS = [  # (true item, distractor that contradicts it), from the QA report
    ("avoid-crossed-legs", "sit-legs-crossed"),
    ("poor-warm-up", "thorough-warm-up"),
    ("pain-on-inclines", "pain-eases-on-stairs"),
]


def test_no_question_shows_a_distractor_with_an_item_it_opposes() -> None:
    library, questions = _bundled()
    muscles = {m.id: m for m in library.muscles()}
    checked = 0
    for q in questions:
        if not q.kind.is_choice or q.muscle not in muscles:  # a group has no curated ones
            continue
        muscle = muscles[q.muscle]
        for d in muscle.distractors.get(q.facet, ()):
            if d.id in q.items:
                checked += bool(d.opposes)
                assert not set(d.opposes) & set(q.items), (q.id, d.id)
    assert checked >= 10


def test_the_reported_pairs_are_marked_and_kept_apart() -> None:
    library, questions = _bundled()
    minimus = library.muscle("gluteus-minimus")
    opposes = {d.id: d.opposes for ds in minimus.distractors.values() for d in ds}
    for true, false in _PAIRS:
        assert true in opposes[false]
        assert not any(
            true in q.items and false in q.items for q in questions if q.muscle == "gluteus-minimus"
        )


def test_opposites_leave_out_a_wrong_option_not_the_question() -> None:
    # A strain symptom and three of the four strain treatments have an opposite among
    # their distractors: the questions stay, with the other wrong options. (The trimmed
    # seed content leaves three prevention habits with one distractor, and two strain
    # symptom distractors: too few options for a prevention select-all or a symptom's
    # single best answer, opposites or not.)
    _, questions = _bundled()
    ids = {q.id for q in questions}
    base = "gluteus-minimus/gluteus-minimus/"
    assert {
        f"{base}strain-symptoms/all/multi",
        f"{base}strain-symptoms/all/not",
        f"{base}strain-treatment/all/not",
    } <= ids
    for item in ("stop-stressing-activities", "rice-first-days", "alternate-cold-and-heat"):
        assert f"{base}strain-treatment/{item}/mcq" in ids


def test_opposes_must_name_an_item_of_the_same_facet(tmp_path: Path) -> None:
    text = (
        GOOD
        + """\
    distractors:
      actions:
        - {id: d, text: Wrong, why: Because., opposes: [o]}
"""
    )
    code, lines = run_validate(write(tmp_path, text))
    assert code == 1
    assert any("unknown item 'o'" in line and "actions" in line for line in lines), lines
    code, _ = run_validate(write(tmp_path, text.replace("opposes: [o]", "opposes: [a]")))
    assert code == 0


# 3. Stems that name the answer (QA item 5)


def _which_muscle(questions: tuple[Question, ...]) -> list[Question]:
    return [
        q
        for q in questions
        if q.id.endswith("which-muscle") and q.kind is Kind.MCQ and q.facet in (Facet.ORIGIN, Facet.INSERTION)
    ]


def test_no_which_muscle_stem_echoes_only_the_right_name() -> None:
    _, questions = _bundled()
    asked = _which_muscle(questions)
    assert len(asked) >= 20
    for q in asked:
        words = set(re.findall(r"[a-z]+", q.question.lower()))
        key = q.correct[0]  # the options may come in any order
        right = set(re.findall(r"[a-z]+", q.options[key].lower()))
        wrong = set(re.findall(r"[a-z]+", " ".join(o for i, o in enumerate(q.options) if i != key).lower()))
        for word in words:
            for name in right:
                if len(word) >= 4 and len(name) >= 4 and word[:5] == name[:5]:
                    assert any(w[:5] == word[:5] for w in wrong), (q.question, q.options)


def test_the_reported_give_aways_keep_their_flashcards_only() -> None:
    _, questions = _bundled()
    # Vastus lateralis from the lateral lip of the linea aspera: "lateral" echoes its name.
    # (The medial lip is asked, of the adductors: no option's name echoes it alone.)
    for q in _which_muscle(questions):
        if "lateral lip of the linea aspera" in q.question:
            lateral = [o for o in q.options if "lateralis" in o.lower()]
            assert q.answer not in lateral or len(lateral) > 1, (q.question, q.options)
    assert any(
        q.muscle == "vastus-lateralis"
        and q.kind is Kind.BASIC  # the flashcard
        and q.facet is Facet.ORIGIN
        and "linea aspera" in q.answer
        for q in questions
    )
    # With the leg muscles loaded a fibula landmark can be asked, but never with fibularis
    # as the key and no other fibularis option to echo the stem.
    for q in _which_muscle(questions):
        fibularis = [o for o in q.options if o.startswith("Fibularis")]
        if "fibula" in q.question and q.answer in fibularis:
            assert len(fibularis) > 1, (q.question, q.options)
    cards = [
        q.answer
        for q in questions
        if q.kind is Kind.BASIC and q.facet is Facet.ORIGIN and q.muscle == "fibularis-longus"
    ]
    assert any("Head of the fibula" in a for a in cards)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("fibula", "fibularis", True),
        ("lata", "latae", True),
        ("tensor", "tenses", True),
        ("infraspinous", "infraspinatus", True),  # "…from the infraspinous fossa?"
        ("supraspinous", "supraspinatus", True),
        ("temporomandibular", "temporalis", True),
        ("intermuscular", "intermedius", True),
        ("lateral", "latissimus", False),
        ("spinous", "spinalis", False),
        ("intercostal", "intermuscular", False),
    ],
)
def test_same_stem_catches_the_echoes_a_student_sees(a: str, b: str, same: bool) -> None:
    assert same_stem(a, b) is same and same_stem(b, a) is same


def test_stem_gives_away_needs_an_echo_no_wrong_option_shares() -> None:
    library, _ = _bundled()
    vl, tfl = library.muscle("vastus-lateralis"), library.muscle("tensor-fasciae-latae")
    fib, gmax = library.muscle("fibularis-longus"), library.muscle("gluteus-maximus")
    assert stem_gives_away("Head of the fibula", fib, [vl, tfl])
    assert stem_gives_away("Lateral lip of the linea aspera", vl, [tfl, fib])
    assert not stem_gives_away("Lateral lip", vl, [vl])
    assert stem_gives_away("Fascia lata", tfl, [vl])
    gmed = library.muscle("gluteus-medius")
    assert not stem_gives_away("Gluteal tuberosity of the femur", gmax, [gmed, vl])
    assert not stem_gives_away("Iliac crest", gmax, [gmed])


# 4. Wording (QA item 9)


def test_location_never_repeats_what_lies_over_the_muscle() -> None:
    library, questions = _bundled()
    for q in questions:
        if q.facet is Facet.LOCATION and q.kind is Kind.BASIC:
            muscle = library.muscle(q.muscle)
            for other in muscle.deep_to:
                name = mid(library.muscle(other).name).lower()
                assert q.answer.lower().count(name) == 1, q.answer


def test_no_explanation_says_the_same_remark_twice() -> None:
    _, questions = _bundled()
    for q in questions:
        remarks = [r.split(": ", 1)[1] for r in re.split(r"(?<=\.) ", q.explanation) if ": " in r]
        # Short verdicts ("part of the pattern") may repeat; a remark of a sentence may not.
        bags = Counter(tuple(sorted(re.findall(r"\w+", r.lower()))) for r in remarks if len(r.split()) >= 6)
        assert all(n == 1 for n in bags.values()), q.explanation


def test_red_flag_differentials_say_refer_on_at_once() -> None:
    library, questions = _bundled()
    flagged = 0
    for muscle in library.muscles():
        for item in muscle.items(Facet.DIFFERENTIAL):
            if "cauda equina" in item.text.lower():
                flagged += 1
                assert item.note and "emergency" in item.note and "at once" in item.note
    assert flagged
    q = next(q for q in questions if q.kind is Kind.MCQ and q.answer == "Cauda equina syndrome")
    assert "emergency" in q.explanation


def test_joined_answers_keep_capitals_only_at_the_start() -> None:
    _, questions = _bundled()
    joined = [q.answer for q in questions if "; " in q.answer]
    assert joined
    for answer in joined:
        for part in answer.split("; ")[1:]:
            first, _, rest = part.partition(" ")
            # A name keeps its capital: "…; Trendelenburg gait, the pelvis dropping …".
            eponym = rest.split(" ", 1)[0].rstrip(",;:.)") in {"test", "sign", "gait", "maneuver"}
            eponym = eponym or first in PROPER_NOUNS  # "…; Neer impingement test"
            assert eponym or not re.fullmatch(r"[A-Z][a-z]+", first), answer
    assert join_list(["Head of the fibula", "ASIS", "Gerdy's tubercle", "Upper part"]) == (
        "Head of the fibula; ASIS; Gerdy's tubercle; upper part"
    )
    assert landmark("ASIS") == "ASIS"


# 5. Attachment and action wrong options: the most confusable first (QA item 6)


def test_attachment_and_action_questions_always_offer_the_most_confusable_option() -> None:
    # Ranked by the generator's confusability (same segment and region, shared group, a
    # shared or neighbouring landmark, the same joint or the opposite movement): the top
    # one is always offered, and the three never all come from other body segments when
    # the key's segment has candidates.
    library, questions = _bundled()
    pools = Pools(library)
    checked = 0
    for q in questions:
        if (
            q.kind is not Kind.MCQ
            or q.id.endswith("which-muscle")
            or q.facet not in (Facet.ORIGIN, Facet.INSERTION, Facet.ACTIONS)
        ):
            continue
        muscle = library.muscle(q.muscle)
        wrong = [
            o for o in pools.wrong_options(muscle, q.facet) if o.id not in {q.items[i] for i in q.correct}
        ]
        best = max(o.score for o in wrong)
        offered = {o.id: o for o in wrong if o.id in q.items}
        assert best in {o.score for o in offered.values()}, (q.id, q.options)
        home = pools.segments_of([muscle.id])
        if any(home & o.segments for o in wrong):
            assert any(home & o.segments for o in offered.values()), (q.id, q.options)
        checked += 1
    assert checked >= 40


def test_piriformis_attachments_are_not_set_against_thigh_options() -> None:
    library, questions = _bundled()
    thigh = {
        norm(i.text)
        for f in (Facet.ORIGIN, Facet.INSERTION)
        for i in facet_items(library.muscle("vastus-lateralis"), f)
    }
    for q in questions:
        if (
            q.muscle == "piriformis"
            and q.kind is Kind.MCQ
            and q.facet in (Facet.ORIGIN, Facet.INSERTION)
            and not q.id.endswith("which-muscle")
        ):
            assert not thigh & {norm(o) for o in q.options}, q.options
