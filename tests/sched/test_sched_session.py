"""The session service: queue order, limits, burying, leeches, undo, quiz, deck edits, exam date."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzer.model import Kind, Question
from quizzer.progress import Rating, Status
from quizzer.session import StudyService, start_quiz, start_study, study_stats
from quizzer.session.rules import LEARN_AHEAD
from quizzer.store import Store, open_store
from tests.sched.servicetools import FakeClock, ServiceMaker


def _answer_all(service: StudyService, rating: Rating = Rating.GOOD, limit: int = 500) -> list[str]:
    session = start_study(service)
    seen: list[str] = []
    while (shown := session.current) is not None and len(seen) < limit:
        seen.append(shown.question.id)
        session.answer(rating)
    return seen


def test_new_cards_respect_the_daily_limit_and_bury_siblings(
    make_service: ServiceMaker, clock: FakeClock
) -> None:
    service = make_service(new_per_day=5)
    session = start_study(service)
    assert session.counts().new == 5
    new_seen = []
    while (shown := session.current) is not None:
        if shown.status is Status.NEW:
            new_seen.append(shown.question)
        session.answer(Rating.GOOD)
        clock.advance(minutes=11)  # let learning steps come due
    assert len(new_seen) == 5
    facts = [q.fact for q in new_seen]
    assert len(set(facts)) == len(facts)  # no two siblings on one day
    assert service.today().reviewed >= 5


def test_queue_order_learning_then_reviews_then_new(
    make_service: ServiceMaker, clock: FakeClock, mini_questions: list[Question]
) -> None:
    service = make_service(new_per_day=3)
    first_day = _answer_all(service, Rating.EASY)  # three new cards straight to review (8 days)
    assert len(first_day) == 3
    clock.advance(days=9)
    service = make_service(new_per_day=3)
    session = start_study(service)
    shown = session.current
    assert shown is not None and shown.status is Status.REVIEW
    session.answer(Rating.AGAIN)  # review → relearning, due in 10 min
    clock.advance(minutes=11)
    shown = session.current
    assert shown is not None and shown.status is Status.RELEARNING  # due learning comes first
    session.answer(Rating.GOOD)
    statuses = []
    while (shown := session.current) is not None:
        statuses.append(shown.status)
        session.answer(Rating.EASY)
    assert statuses[:2] == [Status.REVIEW, Status.REVIEW]
    assert statuses[2:] == [Status.NEW] * 3


def test_review_limit_per_deck(make_service: ServiceMaker, clock: FakeClock) -> None:
    service = make_service(new_per_day=6)
    _answer_all(service, Rating.EASY)
    clock.advance(days=30)
    service = make_service(new_per_day=0, reviews_per_day=4)
    assert service.counts().review == 4
    assert len(_answer_all(service)) == 4


def test_deck_limits_override_the_global_ones(make_service: ServiceMaker) -> None:
    from quizzer.progress import DeckLimits

    service = make_service(deck_limits={"mini": DeckLimits(new_per_day=2)})
    assert service.deck_counts()[0].new == 2


def test_a_card_that_lapses_eight_times_becomes_a_suspended_leech(
    make_service: ServiceMaker, clock: FakeClock, mini_questions: list[Question]
) -> None:
    service = make_service(new_per_day=1)
    qid = mini_questions[0].id
    session = start_study(service)
    session.answer(Rating.EASY)
    results = []
    for _ in range(8):
        clock.now = service.card_state(qid).due
        session = start_study(service)
        assert session.current is not None and session.current.question.id == qid
        results.append(session.answer(Rating.AGAIN))  # a lapse
        clock.advance(minutes=11)
        session.answer(Rating.EASY)
    assert [r.leech for r in results] == [False] * 7 + [True]
    info = service.card_info(qid)
    assert info.leech and info.suspended and info.lapses == 8
    assert study_stats(service)["leeches"][0]["id"] == qid


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ratings=st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=8),
    gaps=st.lists(st.integers(0, 3 * 86400), min_size=8, max_size=8),
)
def test_undo_restores_state_and_log_exactly(
    make_service: ServiceMaker, clock: FakeClock, store: Store, ratings: list[Rating], gaps: list[int]
) -> None:
    service = make_service()
    session = start_study(service)
    for rating, gap in zip(ratings, gaps, strict=False):
        shown = session.current
        assert shown is not None
        qid = shown.question.id
        before_card, before_log = store.card(qid), store.history(qid)
        before_count, before_today = store.review_count(), service.today()
        session.answer(rating)
        assert session.undo()
        assert store.card(qid) == before_card and store.history(qid) == before_log
        assert store.review_count() == before_count and service.today() == before_today
        assert session.current is not None and session.current.question.id == qid
        session.answer(rating)
        clock.advance(seconds=gap)


def test_choice_answers_are_auto_graded_and_recorded(
    make_service: ServiceMaker, mini_questions: list[Question]
) -> None:
    service = make_service()
    mcq = [q for q in mini_questions if q.kind is Kind.MCQ][:2]
    session = start_quiz(service, question_ids=[q.id for q in mcq])
    right = session.choose(list(mcq[0].correct))
    wrong_index = next(i for i in range(len(mcq[1].options)) if i not in mcq[1].correct)
    wrong = session.choose([wrong_index])
    assert (right.correct, right.rating) == (True, Rating.GOOD)
    assert (wrong.correct, wrong.rating) == (False, Rating.AGAIN)
    assert service.history(mcq[1].id)[0].chosen == (wrong_index,)
    assert service.history(mcq[1].id)[0].mode == "quiz"
    assert session.mistakes() == [mcq[1].id]
    summary = session.summary()
    assert (summary.answered, summary.correct, summary.correct_pct) == (2, 1, 50.0)
    assert sum(total for _, total in summary.by_facet.values()) == 2
    retry = start_quiz(service, question_ids=session.mistakes())
    assert retry.current is not None and retry.current.question.id == mcq[1].id
    with pytest.raises(ValueError, match="choose among"):
        retry.choose([99])


def test_order_questions_need_the_exact_order(
    make_service: ServiceMaker, mini_questions: list[Question]
) -> None:
    order = next(q for q in mini_questions if q.kind is Kind.ORDER)
    session = start_quiz(make_service(), question_ids=[order.id])
    assert not session.choose(list(reversed(order.correct))).correct
    session.undo()
    assert session.choose(list(order.correct)).correct


def test_quiz_takes_due_and_weak_questions_first(
    make_service: ServiceMaker, clock: FakeClock, mini_questions: list[Question]
) -> None:
    service = make_service()
    choice = [q for q in mini_questions if q.kind.is_choice]
    first = start_quiz(service, question_ids=[choice[0].id, choice[5].id])
    first.choose(list(choice[0].correct))
    first.choose([i for i in range(len(choice[5].options)) if i not in choice[5].correct][:1])
    clock.advance(minutes=30)  # both learning cards are now due
    quiz = start_quiz(service, n=5)
    picked = []
    while (shown := quiz.current) is not None:
        picked.append(shown.question)
        quiz.choose(list(shown.question.correct))
    assert len(picked) == 5 and all(q.kind.is_choice for q in picked)
    assert {q.id for q in picked[:2]} == {choice[0].id, choice[5].id}
    assert len({q.fact for q in picked}) == 5


def test_suspend_skips_the_card(make_service: ServiceMaker) -> None:
    service = make_service()
    session = start_study(service)
    shown = session.current
    assert shown is not None
    session.suspend()
    assert session.current is not None and session.current.question.id != shown.question.id
    assert service.card_info(shown.question.id).suspended
    assert service.deck_counts()[0].suspended == 1


def test_deck_edits_keep_progress_and_orphans(
    make_service: ServiceMaker, store: Store, mini_questions: list[Question]
) -> None:
    service = make_service(new_per_day=4)
    answered = _answer_all(service, Rating.EASY)
    gone, kept = answered[0], answered[1]
    edited = [q for q in mini_questions if q.id != gone]
    first = mini_questions[0]
    edited.append(replace(first, key=replace(first.key, item="extra", kind=Kind.REVERSE)))
    service = make_service(questions=edited)
    assert service.card_info(kept).status is Status.REVIEW
    assert store.card(gone) is not None  # the orphan is kept
    stats = study_stats(service)
    assert stats["states"]["review"] == 3
    assert stats["states"]["new"] == len(edited) - 3


def test_settings_are_validated_and_persisted(make_service: ServiceMaker) -> None:
    service = make_service()
    service.update_settings(desired_retention=0.85, theme="nord")
    assert make_service().settings.theme == "nord"
    with pytest.raises(ValueError, match="desired_retention"):
        service.update_settings(desired_retention=1.5)


def test_exam_date_raises_the_new_count_and_says_when_impossible(
    make_service: ServiceMaker, mini_questions: list[Question]
) -> None:
    total = len(mini_questions)
    facts = len({q.fact or q.id for q in mini_questions})  # one new sibling per fact a day
    service = make_service(exam_date=date(2026, 1, 5) + timedelta(days=7 + 2))  # 3 intro days
    assert service.counts().new == min(-(-total // 3), facts)
    exam = study_stats(service)["exam"]
    assert exam["possible"] and exam["new_left"] == total and exam["days_left"] == 9
    service.update_settings(exam_date=date(2026, 1, 8))
    exam = study_stats(service)["exam"]
    assert not exam["possible"] and "too late" in exam["message"]
    assert service.counts().new == facts


def test_stats_shape(make_service: ServiceMaker, clock: FakeClock) -> None:
    service = make_service(new_per_day=4)
    _answer_all(service, Rating.EASY)
    clock.advance(days=10)
    _answer_all(make_service(new_per_day=0), Rating.AGAIN, limit=2)
    stats = study_stats(service)
    assert set(stats) == {
        "due",
        "states",
        "reviews_per_day",
        "retention_30d",
        "forecast",
        "leeches",
        "exam",
        "total_reviews",
    }
    assert len(stats["reviews_per_day"]) == 30 and len(stats["forecast"]) == 30
    assert stats["reviews_per_day"][-1]["count"] == 2
    assert stats["reviews_per_day"][-11]["count"] == 4
    assert stats["retention_30d"] == 0.0
    assert stats["total_reviews"] == 6 and stats["exam"] is None


def test_day_rolls_over_at_four_local(store: Store, clock: FakeClock, mini_questions: list[Question]) -> None:
    service = StudyService(
        store, mini_questions, clock=clock, rng=random.Random(0), utc_offset=timedelta(hours=2)
    )
    clock.now = datetime(2026, 1, 5, 1, 59, tzinfo=UTC)  # 03:59 local: still yesterday
    assert service.study_day(clock.now) == date(2026, 1, 4)
    clock.now = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    assert service.day_start(clock.now) == clock.now


def test_same_inputs_same_session(tmp_path: Path, mini_questions: list[Question]) -> None:
    def run(folder: str) -> list[tuple[str, datetime]]:
        clock = FakeClock()
        service = StudyService(
            open_store(tmp_path / folder), mini_questions, clock=clock, rng=random.Random(5)
        )
        session = start_study(service)
        out: list[tuple[str, datetime]] = []
        while (shown := session.current) is not None and len(out) < 40:
            out.append((shown.question.id, session.answer(Rating.EASY).due))
            clock.advance(minutes=3)
        service.close()
        return out

    assert run("a") == run("b")


def test_card_info_for_a_new_card(make_service: ServiceMaker, mini_questions: list[Question]) -> None:
    info = make_service().card_info(mini_questions[3].id)
    assert info.status is Status.NEW and info.history == [] and info.retrievability is None


def _counted_one_by_one(service: StudyService, store: Store) -> list[tuple[object, ...]]:
    """Per deck (deck, new, learning, review, total, suspended), read from the store card by card."""
    now = service.now()
    today = service.today_at(now)
    soon, day_end = now + LEARN_AHEAD, service.day_start(now) + timedelta(days=1)
    out = []
    for deck in service.decks:
        tally = [0, 0, 0, 0, 0]
        new_facts = set()  # a fact's new siblings count once: study serves one a day
        for q in service.questions([deck]):
            card = store.card(q.id)
            tally[3] += 1
            if card is not None and card.suspended:
                tally[4] += 1
            elif today.buried(q):
                continue
            elif card is None or card.status is Status.NEW:
                tally[0] += (q.fact or q.id) not in new_facts
                new_facts.add(q.fact or q.id)
            elif card.status is Status.REVIEW and card.due < day_end:
                tally[2] += 1
            elif card.status is not Status.REVIEW and card.due <= soon:
                tally[1] += 1
        out.append((deck, *tally))
    return out


def test_deck_counts_match_a_card_by_card_count(
    store: Store, clock: FakeClock, mini_questions: list[Question]
) -> None:
    # Two decks, limits too high to bind, and a random walk of answers, suspensions, undos
    # and days going by.
    questions = [
        replace(q, key=replace(q.key, deck="other")) if i % 3 == 0 else q
        for i, q in enumerate(mini_questions)
    ]
    service = StudyService(store, questions, clock=clock, rng=random.Random(0))
    service.update_settings(fuzz=False, new_per_day=9999, new_per_day_total=9999, reviews_per_day=9999)
    rng = random.Random(5)
    session = start_study(service)
    for step in range(150):
        roll = rng.random()
        if roll < 0.15:
            qid = rng.choice(questions).id
            service.suspend(qid, not service.card_info(qid).suspended)
        elif roll < 0.2:
            session.undo()
        elif roll < 0.3:
            clock.advance(hours=rng.choice([1, 6, 20, 50]))
            session = start_study(service)
        elif session.current is not None:
            if session.current.question.kind.is_choice:
                session.choose([rng.randrange(len(session.current.question.options))])
            else:
                session.answer(Rating(rng.randint(1, 4)))
        else:
            clock.advance(minutes=rng.choice([5, 30]))
        got: list[tuple[object, ...]] = [
            (d.deck, d.new, d.learning, d.review, d.total, d.suspended) for d in service.deck_counts()
        ]
        assert got == _counted_one_by_one(service, store), step
