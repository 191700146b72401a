"""Progress safety: answers never overwrite newer changes, undo only the latest, one-line store errors."""

from __future__ import annotations

import io
import random
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizzer.cli import cli
from quizzer.commands.study import run_plain
from quizzer.model import Question
from quizzer.progress import CardState, Mode, Rating, Review, Status, to_micros
from quizzer.session import Session, StudyService, start_quiz, start_study
from quizzer.store import STORE_NAME, Store, StoreError, UndoRefused, open_store
from tests.sched.servicetools import FakeClock, ServiceMaker

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
MINI = str(Path(__file__).parent.parent / "data" / "mini.yaml")
_REFUSE_REVIEWS = (
    "CREATE TRIGGER refuse BEFORE INSERT ON reviews "
    "BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END"
)


def _second_service(tmp_path: Path, clock: FakeClock, questions: list[Question]) -> StudyService:
    """Another window (or another Quizzer) on the same store file."""
    other = StudyService(open_store(tmp_path / "data"), questions, clock=clock, rng=random.Random(1))
    other.update_settings(fuzz=False)
    return other


def test_a_card_suspended_while_shown_stays_suspended_when_answered(
    make_service: ServiceMaker, store: Store
) -> None:
    service = make_service()
    session = start_study(service)
    shown = session.current
    assert shown is not None and shown.status is Status.NEW
    qid = shown.question.id
    service.suspend(qid)  # e.g. from Browse, opened over the study screen
    session.answer(Rating.GOOD)
    # Decision: the answer is recorded on the card's fresh state (the student did answer),
    # and the suspension made meanwhile is kept.
    card = store.card(qid)
    assert card is not None and card.suspended and card.status is Status.LEARNING
    assert [r.rating for r in store.history(qid)] == [Rating.GOOD]
    assert service.card_info(qid).suspended
    assert qid not in {q.id for q in service.questions() if service.is_new(q.id)}


def test_another_sessions_answer_is_not_overwritten(
    make_service: ServiceMaker, store: Store, clock: FakeClock, tmp_path: Path, mini_questions: list[Question]
) -> None:
    service = make_service()
    other = _second_service(tmp_path, clock, mini_questions)
    try:
        mine, theirs = start_study(service), start_study(other)
        assert mine.current is not None and theirs.current is not None
        qid = mine.current.question.id
        assert theirs.current.question.id == qid
        theirs.answer(Rating.AGAIN)
        clock.advance(seconds=30)
        mine.answer(Rating.GOOD)
        card = store.card(qid)
        assert card is not None and card.reps == 2  # both answers count, in order
        history = store.history(qid)
        assert [r.rating for r in history] == [Rating.AGAIN, Rating.GOOD]
        assert [r.status_before for r in history] == [Status.NEW, Status.LEARNING]
        # My undo takes back my answer only, back to the state their answer left.
        assert mine.undo()
        again = store.card(qid)
        assert again is not None and again.reps == 1 and again.last_review == history[0].time
    finally:
        other.close()


def test_the_store_refuses_an_answer_computed_from_a_stale_state(store: Store) -> None:
    new = CardState.new("q1", "d", "f", T0)
    saved, _ = store.record(
        Review("q1", Rating.GOOD, T0, 1, Mode.STUDY, Status.NEW),
        new,
        replace(new, status=Status.LEARNING, reps=1),
    )
    for stale in (new, replace(saved, suspended=True)):
        with pytest.raises(StoreError, match="changed since it was shown"):
            store.record(
                Review("q1", Rating.AGAIN, T0, 1, Mode.STUDY, stale.status),
                stale,
                replace(stale, status=Status.RELEARNING, reps=9),
            )
    assert store.card("q1") == saved and store.review_count() == 1


def test_undo_refuses_an_answer_that_is_no_longer_the_latest(
    make_service: ServiceMaker, store: Store, clock: FakeClock, tmp_path: Path, mini_questions: list[Question]
) -> None:
    service = make_service()
    other = _second_service(tmp_path, clock, mini_questions)
    try:
        mine = start_study(service)
        assert mine.current is not None
        qid = mine.current.question.id
        mine.answer(Rating.GOOD)  # the card's first review: undoing it would delete the row
        clock.advance(minutes=11)
        theirs = start_study(other)  # the learning card is due again
        assert theirs.current is not None and theirs.current.question.id == qid
        theirs.answer(Rating.GOOD)
        card, log = store.card(qid), store.history(qid)
        with pytest.raises(StoreError, match="that answer can no longer be undone"):
            mine.undo()
        assert store.card(qid) == card and store.history(qid) == log
        assert mine.summary().answered == 1  # kept: nothing was taken back
    finally:
        other.close()


def test_undo_refuses_when_the_card_was_changed_after_the_answer(
    make_service: ServiceMaker, store: Store
) -> None:
    service = make_service()
    session = start_study(service)
    assert session.current is not None
    qid = session.current.question.id
    session.answer(Rating.GOOD)
    service.suspend(qid)
    with pytest.raises(StoreError, match="the card was changed since"):
        session.undo()
    card = store.card(qid)
    assert card is not None and card.suspended and len(store.history(qid)) == 1
    service.suspend(qid, False)
    assert session.undo()  # back as it was written: undo works again
    assert store.card(qid) is None and store.history(qid) == []


def test_a_database_error_inside_a_write_is_one_line_and_rolled_back(store: Store) -> None:
    side = sqlite3.connect(store.path)
    side.execute(_REFUSE_REVIEWS)
    side.commit()
    new = CardState.new("q1", "d", "f", T0)
    review = Review("q1", Rating.GOOD, T0, 1, Mode.STUDY, Status.NEW)
    with pytest.raises(StoreError) as caught:
        store.record(review, new, replace(new, status=Status.LEARNING))
    message = str(caught.value)
    assert str(store.path) in message and "refused by a test trigger" in message
    assert "\n" not in message
    assert store.card("q1") is None  # the card row of the failed answer was rolled back
    side.execute("DROP TRIGGER refuse")
    side.commit()
    side.close()
    saved, _ = store.record(review, new, replace(new, status=Status.LEARNING))
    assert store.card("q1") == saved and store.review_count() == 1


def test_plain_mode_reports_a_store_error_in_one_line(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    side = sqlite3.connect(tmp_path / STORE_NAME)
    side.execute(_REFUSE_REVIEWS)
    side.commit()
    side.close()
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "study", MINI, "--plain"], input="\n3\n")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("quizzer: ") and STORE_NAME in result.stderr
    assert "refused by a test trigger" in result.stderr


def test_the_first_answer_after_the_rollover_counts_once(
    make_service: ServiceMaker, clock: FakeClock
) -> None:
    service = make_service()
    clock.now = datetime(2026, 1, 5, 3, 50, tzinfo=UTC)  # 03:50 local (offset 0)
    session = start_study(service)
    assert session.current is not None  # shown before 04:00: yesterday's tallies are loaded
    clock.advance(minutes=20)
    session.answer(Rating.GOOD)
    assert service.today().reviewed == 1
    assert service.today_at(service.now()).new_by_deck["mini"] == 1
    assert service.counts().new == service.settings.new_per_day - 1


def test_quiz_answers_after_an_undo_refusal_still_record(make_service: ServiceMaker, store: Store) -> None:
    service = make_service()
    quiz = start_quiz(service, n=2)
    shown = quiz.current
    assert shown is not None
    quiz.choose(list(shown.question.correct))
    service.suspend(shown.question.id)
    with pytest.raises(StoreError):
        quiz.undo()
    second = quiz.current
    assert second is not None and second.question.id != shown.question.id
    quiz.choose(list(second.question.correct))
    assert store.review_count() == 2 and quiz.summary().answered == 2


class _Stdin:
    """Lines for plain mode; runs an action (another window's change) before a given line."""

    def __init__(self, lines: list[str], before: dict[str, Callable[[], None]]) -> None:
        self.lines, self.before = lines, before

    def readline(self) -> str:
        if not self.lines:
            return ""
        line = self.lines.pop(0)
        if line in self.before:
            self.before.pop(line)()
        return line + "\n"


def test_plain_mode_reports_a_refused_undo_and_carries_on(make_service: ServiceMaker, store: Store) -> None:
    service = make_service()
    session = start_study(service)
    assert session.current is not None
    qid = session.current.question.id
    out = io.StringIO()
    # The second card is a choice question (kinds are mixed): a letter answers it.
    stdin = _Stdin(["", "3", "u", "a", "q"], {"u": lambda: service.suspend(qid)})
    run_plain(session, stdin, out)  # type: ignore[arg-type]
    lines = out.getvalue().splitlines()
    refused = lines.index("? that answer can no longer be undone: the card was changed since")
    saved = [i for i, line in enumerate(lines) if line.startswith("saved:")]
    assert len(saved) == 2 and lines[saved[0]].startswith(f"saved: {qid} good")
    # The second question stays shown: it is answered after the refusal, not asked again.
    assert saved[0] < refused < saved[1]
    assert not any(line.startswith("question ") for line in lines[refused : saved[1]])
    assert "undone: the last answer was taken back" not in lines
    assert lines[-1].startswith("summary: 2 answered")
    card = store.card(qid)
    assert card is not None and card.suspended and len(store.history(qid)) == 1
    assert store.review_count() == 2


def _answer_first(session: Session) -> str:
    """Answer the shown card Good; its id."""
    assert session.current is not None
    qid = session.current.question.id
    session.answer(Rating.GOOD)
    return qid


@pytest.mark.parametrize("suspended_before", [False, True])
def test_suspending_never_undoes_an_answer_committed_meanwhile(
    make_service: ServiceMaker,
    store: Store,
    clock: FakeClock,
    tmp_path: Path,
    mini_questions: list[Question],
    monkeypatch: pytest.MonkeyPatch,
    suspended_before: bool,
) -> None:
    service = make_service()
    other = _second_service(tmp_path, clock, mini_questions)
    try:
        theirs = start_study(other)
        assert theirs.current is not None
        qid = theirs.current.question.id
        if suspended_before:
            service.suspend(qid)  # now it has a row, and unsuspending is the change tested
        read = store.card

        def read_then_they_answer(wanted: str) -> CardState | None:
            # The other Quizzer commits an answer right after any read this one makes.
            found = read(wanted)
            if wanted == qid and theirs.summary().answered == 0:
                theirs.answer(Rating.GOOD)
            return found

        monkeypatch.setattr(store, "card", read_then_they_answer)
        service.suspend(qid, not suspended_before)
        if theirs.summary().answered == 0:  # no read to slip in after: they answer now
            theirs.answer(Rating.GOOD)
        monkeypatch.undo()
        card = store.card(qid)
        assert card is not None and card.status is Status.LEARNING and card.reps == 1
        assert card.suspended is not suspended_before
        assert [r.rating for r in store.history(qid)] == [Rating.GOOD]
        assert service.card_info(qid).suspended is not suspended_before
    finally:
        other.close()


def test_two_windows_toggling_suspension_keep_every_answer(
    make_service: ServiceMaker, store: Store, clock: FakeClock, tmp_path: Path, mini_questions: list[Question]
) -> None:
    service = make_service()
    other = _second_service(tmp_path, clock, mini_questions)
    try:
        mine = start_study(service)
        qid = _answer_first(mine)
        service.suspend(qid)
        other.suspend(qid, False)  # their window unsuspends it
        clock.advance(minutes=11)
        theirs = start_study(other)
        assert theirs.current is not None and theirs.current.question.id == qid
        theirs.answer(Rating.GOOD)
        service.suspend(qid)  # my cache still holds the state of my own answer
        card = store.card(qid)
        assert card is not None and card.suspended and card.reps == 2
        assert service.card_key(qid) == (card.status, True, to_micros(card.due))
        service.suspend(qid, False)
        assert store.card(qid) == replace(card, suspended=False)
        assert [r.rating for r in store.history(qid)] == [Rating.GOOD, Rating.GOOD]
    finally:
        other.close()


def test_suspending_a_card_never_answered_creates_its_row_as_new(
    make_service: ServiceMaker, store: Store, mini_questions: list[Question]
) -> None:
    service = make_service()
    qid = mini_questions[0].id
    service.suspend(qid)
    card = store.card(qid)
    assert card is not None and card.suspended and card.status is Status.NEW and card.reps == 0
    assert service.card_key(qid) == (Status.NEW, True, to_micros(card.due))
    service.suspend(qid, False)
    assert store.card(qid) == replace(card, suspended=False)
    assert store.review_count() == 0


def test_suspending_keeps_the_leech_flag(store: Store) -> None:
    new = CardState.new("q1", "d", "f", T0)
    leech = replace(
        new, status=Status.RELEARNING, lapses=8, leech=True, suspended=True, stability=0.5, difficulty=9.0
    )
    saved, _ = store.record(Review("q1", Rating.AGAIN, T0, 1, Mode.STUDY, Status.NEW), new, leech)
    assert store.set_suspended("q1", False, new=None) == replace(saved, suspended=False)
    assert store.set_suspended("q1", True, new=None) == saved


def test_the_store_refuses_to_suspend_an_unknown_card_without_a_row(store: Store) -> None:
    with pytest.raises(StoreError, match="gone"):
        store.set_suspended("nowhere", True, new=None)
    assert store.card("nowhere") is None


def test_undoing_a_review_gone_from_the_store_is_a_refusal(store: Store) -> None:
    new = CardState.new("q1", "d", "f", T0)
    saved, _ = store.record(
        Review("q1", Rating.GOOD, T0, 1, Mode.STUDY, Status.NEW),
        new,
        replace(new, status=Status.LEARNING, reps=1),
    )
    with pytest.raises(UndoRefused, match="review 99 is not in the store"):
        store.undo(99, written=saved)
    assert store.card("q1") == saved and store.review_count() == 1


def test_plain_mode_ends_when_an_undo_cannot_be_written(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    side = sqlite3.connect(tmp_path / STORE_NAME)
    side.execute(
        "CREATE TRIGGER refuse BEFORE DELETE ON reviews "
        "BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END"
    )
    side.commit()
    side.close()
    result = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path), "study", MINI, "--plain"], input="3\nu\n3\n"
    )
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "refused by a test trigger" in result.stderr
    assert result.stdout.count("\nsaved: ") == 1  # not a refusal: the session did not go on
