"""How cards are shown: options shuffled at each showing, overlapping new cards kept apart,
new cards of several decks interleaved, undone cards kept in the session."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.decks import load_library
from quizzer.generate import generate
from quizzer.model import Kind, Question
from quizzer.progress import Rating, Status
from quizzer.session import StudyService, start_quiz, start_study
from quizzer.session.rules import OVERLAP_GAP, option_order, presented
from quizzer.store import open_store
from tests.sched.servicetools import FakeClock, ServiceMaker

MINI = Path(__file__).parent.parent / "data" / "mini.yaml"


def _choice(questions: list[Question]) -> list[Question]:
    return [q for q in questions if q.kind.is_choice]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), pick=st.integers(0, 10_000))
def test_a_shown_question_is_the_same_question_reordered(
    seed: int, pick: int, mini_questions: list[Question]
) -> None:
    question = _choice(mini_questions)[pick % len(_choice(mini_questions))]
    order = option_order(question, random.Random(seed))
    shown = presented(question, order)
    assert sorted(order) == list(range(len(question.options)))
    assert sorted(shown.options) == sorted(question.options)
    # The same texts are right, in the same sequence for `order`.
    assert [shown.options[i] for i in shown.correct] == [question.options[i] for i in question.correct]
    if question.kind is Kind.ORDER:
        assert shown.correct != tuple(range(len(question.options)))  # never already in order
    assert (shown.id, shown.question, shown.explanation) == (
        question.id,
        question.question,
        question.explanation,
    )


def test_order_layouts_other_than_the_answer_are_equally_likely(mini_questions: list[Question]) -> None:
    order = next(q for q in mini_questions if q.kind is Kind.ORDER and len(q.options) == 3)
    rng = random.Random(3)
    seen = Counter(presented(order, option_order(order, rng)).correct for _ in range(5000))
    assert tuple(range(3)) not in seen and len(seen) == 5  # 3! layouts, all but the answer
    assert max(seen.values()) < 1.25 * min(seen.values())


def test_flashcards_and_no_rng_keep_the_bank_order(mini_questions: list[Question]) -> None:
    basic = next(q for q in mini_questions if q.kind is Kind.BASIC)
    mcq = next(q for q in mini_questions if q.kind is Kind.MCQ)
    assert option_order(basic, random.Random(1)) == ()
    assert option_order(mcq, None) == ()
    assert presented(mcq, ()) is mcq


def test_answers_are_graded_as_shown_and_logged_in_bank_order(
    make_service: ServiceMaker, mini_questions: list[Question]
) -> None:
    service = make_service(shuffle=True)
    questions = _choice(mini_questions)
    session = start_quiz(service, question_ids=[q.id for q in questions])
    moved = 0
    while (shown := session.current) is not None:
        bank = service.questions_by_id[shown.question.id]
        moved += shown.question.options != bank.options
        if shown.index % 2:  # every other answer wrong
            wrong = [i for i in range(len(bank.options)) if i not in shown.question.correct]
            picks = list(reversed(shown.question.correct)) if bank.kind is Kind.ORDER else wrong[:1]
        else:
            picks = list(shown.question.correct)
        result = session.choose(picks)
        assert result.correct is (shown.index % 2 == 0)
        assert result.right == shown.question.correct  # positions as shown, for the screen
        logged = service.history(bank.id)[-1].chosen
        assert logged is not None
        assert [bank.options[i] for i in logged] == [shown.question.options[i] for i in picks]
    assert moved > len(questions) // 2  # the options really were shuffled


def test_each_showing_reshuffles(make_service: ServiceMaker, mini_questions: list[Question]) -> None:
    service = make_service(shuffle=True)
    multi = next(q for q in mini_questions if q.kind is Kind.MULTI)
    orders = set()
    for _ in range(8):
        shown = start_quiz(service, question_ids=[multi.id]).current
        assert shown is not None
        orders.add(shown.question.options)
    assert len(orders) > 2


def test_an_undone_card_comes_back_as_it_was_shown(
    make_service: ServiceMaker, mini_questions: list[Question]
) -> None:
    service = make_service(shuffle=True)
    multis = [q.id for q in mini_questions if q.kind is Kind.MULTI]
    session = start_quiz(service, question_ids=multis)
    for _ in range(4):
        shown = session.current
        assert shown is not None
        session.choose([0])
        assert session.current is not None
        assert session.undo()
        again = session.current
        assert again is not None and again.question == shown.question


def test_shuffling_leaves_the_interval_fuzz_alone(tmp_path: Path, mini_questions: list[Question]) -> None:
    # Two services with the same rng seed, one shuffling and one not, answer the same
    # cards the same way: every interval (fuzz on) must come out the same.
    dues = []
    for shuffle in (False, True):
        clock = FakeClock()
        service = StudyService(
            open_store(tmp_path / str(shuffle)), mini_questions, clock=clock, rng=random.Random(7)
        )
        if not shuffle:
            service.shuffle_rng = None
        session = start_quiz(service, question_ids=[q.id for q in _choice(mini_questions)])
        got = []
        while (shown := session.current) is not None:
            got.append(session.choose(list(shown.question.correct)).due)
            clock.advance(days=3)
        dues.append(got)
        service.close()
    assert dues[0] == dues[1] and len(dues[0]) > 10


def test_overlapping_new_cards_are_kept_apart_but_never_held_back(
    make_service: ServiceMaker, clock: FakeClock, mini_questions: list[Question]
) -> None:
    whole, item = "mini/alpha/origin/all/basic", "mini/alpha/origin/ilium-front/reverse"
    by_id = {q.id: q for q in mini_questions}
    # The item card right behind its whole-facet card in the new-card order.
    others = [q for q in mini_questions if "/origin/" not in q.id]
    service = make_service([by_id[whole], by_id[item], *others], new_per_day=999)
    promised = sum(c.new for c in service.deck_counts())
    session = start_study(service)
    shown_at: dict[str, datetime] = {}
    new_shown = 0
    while (shown := session.current) is not None:
        if shown.status is Status.NEW:
            new_shown += 1
            shown_at.setdefault(shown.question.id, clock.now)
        if shown.question.kind.is_choice:
            session.choose(list(shown.question.correct))
        else:
            session.answer(Rating.EASY)
        clock.advance(minutes=1)
    # "Which muscle rises from the front of the ilium?" (one of alpha's origins) waited
    # while other new cards went first, instead of following "all of alpha's origins"...
    assert shown_at[item] - shown_at[whole] >= OVERLAP_GAP >= timedelta(minutes=5)
    # ...and nothing was held back for the day: study served what the counts promised.
    assert new_shown == promised


def test_when_only_overlapping_cards_are_left_they_are_shown(
    make_service: ServiceMaker, mini_questions: list[Question]
) -> None:
    pair = [
        q
        for q in mini_questions
        if q.id in ("mini/alpha/origin/all/basic", "mini/alpha/origin/ilium-front/reverse")
    ]
    service = make_service(pair)
    session = start_study(service)
    seen: list[str] = []
    while (shown := session.current) is not None and len(seen) < 5:
        if shown.status is Status.NEW:
            seen.append(shown.question.id)
        session.answer(Rating.EASY)
    assert sorted(seen) == sorted(q.id for q in pair)


def test_two_undos_keep_every_new_card_in_the_session(make_service: ServiceMaker) -> None:
    service = make_service(new_per_day=5)
    session = start_study(service)
    first = session.current
    assert first is not None
    session.answer(Rating.EASY)
    second = session.current
    assert second is not None
    session.answer(Rating.EASY)
    assert session.current is not None  # the next card is on screen, as in the app
    assert session.undo() and session.undo()
    seen = []
    while (shown := session.current) is not None:
        seen.append(shown.question.id)
        session.answer(Rating.EASY)
    assert {first.question.id, second.question.id} <= set(seen)
    assert sum(1 for qid in seen if qid in (first.question.id, second.question.id)) == 2
    assert service.counts().new == 0


def test_new_cards_of_several_decks_are_interleaved(tmp_path: Path, clock: FakeClock) -> None:
    library, _ = load_library([MINI])
    selected = ["gluteus-minimus", "piriformis", "mini"]
    questions = generate(library, selected, seed=0)
    service = StudyService(open_store(tmp_path / "data"), questions, clock=clock, rng=random.Random(0))
    service.update_settings(new_per_day=50)
    session = start_study(service)
    decks = []
    for _ in range(9):
        shown = session.current
        assert shown is not None and shown.status is Status.NEW
        decks.append(shown.question.deck)
        session.answer(Rating.EASY)
        clock.advance(minutes=1)
    # One deck after another in turn (as the home screen lists them: decks of no known
    # region, by name), each keeping its own order (location first).
    order = [deck for region in service.regions for deck in region.decks]
    assert sorted(order) == sorted(service.decks)
    assert decks == [d for _ in range(3) for d in order]
    service.close()


def test_after_an_undo_the_card_it_displaced_comes_next(tmp_path: Path, clock: FakeClock) -> None:
    # Decks take turns; an undo takes the card on screen away (the undone one comes back
    # first). Once that is answered again, the displaced card is next, not a round later.
    library, _ = load_library([MINI])
    selected = ["gluteus-minimus", "piriformis", "mini"]
    questions = generate(library, selected, seed=0)
    service = StudyService(open_store(tmp_path / "data"), questions, clock=clock, rng=random.Random(0))
    service.update_settings(new_per_day=50)
    session = start_study(service)
    first = session.current
    assert first is not None
    session.answer(Rating.GOOD)
    second = session.current
    assert second is not None
    session.answer(Rating.GOOD)
    displaced = session.current
    assert displaced is not None and displaced.status is Status.NEW
    assert displaced.question.deck != second.question.deck
    assert session.undo()
    again = session.current
    assert again is not None and again.question.id == second.question.id
    session.answer(Rating.GOOD)
    after = session.current
    assert after is not None and after.question.id == displaced.question.id
    service.close()
