"""Overlapping quiz questions, choice questions graded by letters only (malformed letters asked
again), previews that match the saved interval with fuzz, settings validation and the order of
backups."""

from __future__ import annotations

import io
import itertools
import os
import random
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizzer.bank import load_bank
from quizzer.cli import cli
from quizzer.commands.study import run_plain
from quizzer.model import Kind, Question
from quizzer.overlap import conflicts
from quizzer.progress import BUILTIN_THEMES, Rating, Status
from quizzer.session import answer_problem, start_quiz, start_study
from quizzer.store import list_backups, open_store
from tests.sched.servicetools import FakeClock, ServiceMaker

MINI = str(Path(__file__).parent.parent / "data" / "mini.yaml")

# Command plumbing: the bundled decks' content does not matter, eight stand in for the atlas.
pytestmark = pytest.mark.usefixtures("eight_bundled")


def _run(home: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(home), *args], input=input)
    return result.exit_code, result.stdout, result.stderr


def _review_count(home: Path) -> int:
    store = open_store(home)
    try:
        return sum(len(store.history(card.qid)) for card in store.cards())
    finally:
        store.close()


def _by_id(questions: list[Question], qid: str) -> Question:
    return next(q for q in questions if q.id == qid)


# --- 1. a quiz never holds two overlapping questions ---------------------------------------


OVERLAPS = [
    # (a, b, overlap?, why)
    (
        "mini/alpha/actions/all/multi",
        "mini/alpha/actions/hip-abduction/mcq",
        True,
        "a select-all question lists the other's answer",
    ),
    (
        "mini/alpha/actions/all/not",
        "mini/alpha/actions/pelvic-stabilisation/mcq",
        True,
        "a NOT question's options hold the other's answer",
    ),
    (
        "mini/alpha/actions/all/not",
        "mini/beta/actions/hip-abduction/mcq",
        True,
        "another muscle's question on an item this one names",
    ),
    (
        "mini/alpha/referral/all/multi",
        "mini/gamma/referral/all/multi",
        False,
        "different items, no option in common",
    ),
    ("mini/alpha/tp-causes/all/multi", "mini/alpha/actions/hip-abduction/mcq", False, "different facets"),
]


@pytest.mark.parametrize(("a", "b", "expected", "why"), OVERLAPS)
def test_overlap_table(mini_questions: list[Question], a: str, b: str, expected: bool, why: str) -> None:
    qa, qb = _by_id(mini_questions, a), _by_id(mini_questions, b)
    assert conflicts(qa, qb, shared_items=True) is expected, why
    assert conflicts(qb, qa, shared_items=True) is expected, why


@pytest.mark.parametrize("seed", range(6))
def test_a_quiz_never_holds_two_overlapping_questions(make_service: ServiceMaker, seed: int) -> None:
    service = make_service(seed=seed)
    chosen = [service.questions_by_id[qid] for qid in start_quiz(service, n=200).qids]
    assert len(chosen) >= 10
    for a, b in itertools.combinations(chosen, 2):
        assert not conflicts(a, b, shared_items=True), (a.id, b.id)
    heads = {q.fact.rsplit("/", 1)[0] for q in chosen if q.fact.endswith("/all")}
    for q in chosen:
        if not q.fact.endswith("/all"):
            assert q.fact.rsplit("/", 1)[0] not in heads, q.id


def test_plain_quiz_repro_has_no_overlaps(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, "quiz", MINI, "-n", "40", "--plain", "--seed", "0", input="a\n" * 200)
    assert code == 0, err
    asked = [line.split()[1] for line in out.splitlines() if line.startswith("saved: ")]
    assert len(asked) >= 8
    # The mini deck holds fewer than 40 questions that do not overlap: the quiz says so.
    found = re.fullmatch(
        r"only (\d+) questions that do not overlap are available; "
        r"the quiz has \1",
        out.splitlines()[0],
    )
    assert found is not None and len(asked) <= int(found[1]) < 40
    # The questions as the command made them: the mini deck beside the bundled decks, whose
    # muscles its wrong options may come from (the fixture's bank has the mini deck alone).
    bank = load_bank([Path(MINI)], seed=0)
    questions = [_by_id(list(bank.questions), qid) for qid in asked]
    for a, b in itertools.combinations(questions, 2):
        assert not conflicts(a, b, shared_items=True), (a.id, b.id)


# --- 2. choice questions are answered by letters only --------------------------------------


def test_plain_quiz_cannot_be_passed_by_revealing_and_rating(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, "quiz", MINI, "-n", "2", "--plain", input="\n4\n\n4\nq\n")
    assert code == 0, err
    lines = out.splitlines()
    assert not any(line.startswith(("answer:", "rate:", "saved:")) for line in lines)
    hints = [line for line in lines if line.startswith("? answer with option letters")]
    assert len(hints) == 4
    assert lines[-1].startswith("summary: 0 answered")


def test_plain_study_grades_choice_questions_by_letters_only(
    make_service: ServiceMaker, mini_questions: list[Question]
) -> None:
    choice = [q for q in mini_questions if q.kind is Kind.MCQ][:1]
    service = make_service(questions=choice)
    out = io.StringIO()
    run_plain(start_study(service), io.StringIO("\n3\ngood\nb\n"), out)
    lines = out.getvalue().splitlines()
    assert sum(line.startswith("? answer with option letters") for line in lines) == 3
    saved = [line for line in lines if line.startswith("saved:")]
    assert len(saved) == 1
    expected = "good" if choice[0].correct == (1,) else "again"
    assert saved[0].startswith(f"saved: {choice[0].id} {expected}")


# --- 3. malformed letters are asked again, not graded --------------------------------------


def test_answer_problem_table(mini_questions: list[Question]) -> None:
    mcq = _by_id(mini_questions, "mini/alpha/actions/hip-abduction/mcq")
    multi = _by_id(mini_questions, "mini/alpha/tp-causes/all/multi")
    not_ = _by_id(mini_questions, "mini/alpha/actions/all/not")
    order = _by_id(mini_questions, "mini/alpha/strain-grades/all/order")
    assert answer_problem(mcq, [1, 2]) == "answer with one letter"
    assert answer_problem(not_, [0, 1]) == "answer with one letter"
    assert answer_problem(mcq, [7]) == "choose letters a-d"
    assert answer_problem(multi, [0, 0]) == "give each letter once"
    assert answer_problem(order, [0, 1]) == "give all 3 letters in order"
    assert answer_problem(order, [0, 0, 1]) == "give each letter once"
    assert answer_problem(mcq, []) == "answer with option letters"
    for q, chosen in ((mcq, [0]), (not_, [3]), (multi, [0, 2]), (order, [2, 1, 0])):
        assert answer_problem(q, chosen) is None


def test_plain_mode_asks_again_on_malformed_letters(
    make_service: ServiceMaker, mini_questions: list[Question]
) -> None:
    ids = [
        "mini/alpha/actions/hip-abduction/mcq",
        "mini/alpha/strain-grades/all/order",
        "mini/alpha/actions/all/multi",
    ]
    service = make_service()
    session = start_quiz(service, question_ids=ids)
    out = io.StringIO()
    # mcq: "b c", then d (right); order: two letters, then "cba" (right);
    # multi: a repeated letter, then "b,e" (right).
    run_plain(session, io.StringIO("b c\nd\nc b\ncba\na a\nb,e\n"), out)
    lines = out.getvalue().splitlines()
    assert "? answer with one letter" in lines
    assert "? give all 3 letters in order" in lines
    assert "? give each letter once" in lines
    saved = [line for line in lines if line.startswith("saved:")]
    assert [line.split()[1:3] for line in saved] == [[qid, "good,"] for qid in ids]
    assert any(line.startswith("summary: 3 answered, 100% right") for line in lines)


# --- 4. the interval shown before rating is the one saved, fuzz on --------------------------


def test_previews_match_the_saved_interval_with_fuzz(make_service: ServiceMaker, clock: FakeClock) -> None:
    service = make_service(fuzz=True, new_per_day=100)
    planner = service._planner
    ratings = itertools.cycle([Rating.HARD, Rating.GOOD, Rating.EASY])
    fuzzed = checked = 0
    for _ in range(4):
        session = start_study(service)
        while (shown := session.current) is not None:
            # New cards go straight to review (Easy); review cards get each rating in turn.
            rating = Rating.EASY if shown.status is Status.NEW else next(ratings)
            card, now = session._need(), service.now()
            exact = planner.preview(card, now)[rating]
            text = session.previews()[rating]
            plain = planner._due(planner._raw(card, rating, now), now, random.Random(), False) - now
            result = session.answer(rating)
            assert result.due - now == exact, card.qid
            assert result.interval == text, card.qid
            fuzzed += exact != plain
            checked += 1
        clock.advance(days=40)
    assert checked > 50
    assert fuzzed > 10  # else this test could not tell a fuzzed preview from a plain one


def test_plain_preview_line_equals_saved_line_with_fuzz(tmp_path: Path) -> None:
    code, _, _ = _run(tmp_path, "settings", "fuzz", "on")
    assert code == 0
    code, out, err = _run(tmp_path, "study", MINI, "--plain", input="\n4\nq\n")
    assert code == 0, err
    rate = next(line for line in out.splitlines() if line.startswith("rate:"))
    saved = next(line for line in out.splitlines() if line.startswith("saved:"))
    easy = rate.split("4 easy (")[1].rstrip(")")
    assert saved.endswith(f"next in {easy}")


# --- 5. exam dates ------------------------------------------------------------------------


def test_exam_date_in_the_past_is_refused(tmp_path: Path) -> None:
    yesterday = (datetime.now().astimezone() - timedelta(days=1)).date().isoformat()
    code, _, err = _run(tmp_path, "settings", "exam_date", yesterday)
    assert code == 1 and err.startswith(f"quizzer: settings: exam_date {yesterday} is in the past")
    assert err.count("\n") == 1
    assert _run(tmp_path, "settings", "exam_date")[1] == "exam_date = null\n"
    code, _, err = _run(tmp_path, "settings", "exam_date", "18/12/2026")
    assert code == 1 and err == (
        "quizzer: settings: exam_date must be a date like 2026-12-18 (or 'none' to clear), not '18/12/2026'\n"
    )


def test_service_refuses_a_past_exam_date_but_not_other_changes(
    make_service: ServiceMaker, clock: FakeClock
) -> None:
    service = make_service()
    with pytest.raises(ValueError, match="in the past"):
        service.update_settings(exam_date=date(2026, 1, 4))
    service.update_settings(exam_date=date(2026, 1, 20))
    clock.advance(days=30)  # the exam has passed: other settings can still change
    assert service.update_settings(new_per_day=7).new_per_day == 7


# --- 6. settings validation ---------------------------------------------------------------


def test_unknown_deck_is_refused_with_did_you_mean(tmp_path: Path) -> None:
    assert _run(tmp_path, "study", MINI, "--plain", input="3\nq\n")[0] == 0  # progress in "mini"
    code, _, err = _run(tmp_path, "settings", "new_per_day", "30", "--deck", "mnii")
    assert code == 1 and err.startswith("quizzer: settings: unknown deck 'mnii' (did you mean 'mini'?)")
    assert _run(tmp_path, "settings", "deck_limits")[1] == "deck_limits = {}\n"
    code, out, _ = _run(tmp_path, "settings", "new_per_day", "30", "--deck", "mini")
    assert code == 0 and out == "new_per_day = 30 for deck mini\n"


def test_theme_must_be_a_builtin_theme(tmp_path: Path) -> None:
    code, _, err = _run(tmp_path, "settings", "theme", "nope")
    assert code == 1 and "theme must be a built-in theme (textual-dark, " in err and "'nope'" in err
    assert _run(tmp_path, "settings", "theme")[1] == 'theme = "textual-dark"\n'
    assert _run(tmp_path, "settings", "theme", "nord")[1] == 'theme = "nord"\n'


def test_builtin_theme_names_match_textual() -> None:
    from textual.theme import BUILTIN_THEMES as TEXTUAL_THEMES

    assert set(BUILTIN_THEMES) == set(TEXTUAL_THEMES)


@pytest.mark.parametrize("text", ["90 %", "90%", "0.9"])
def test_retention_takes_a_percentage(tmp_path: Path, text: str) -> None:
    code, out, err = _run(tmp_path, "settings", "desired_retention", text)
    assert code == 0, err
    assert out == "desired_retention = 0.9\n"


def test_negative_numbers_get_the_range_message(tmp_path: Path) -> None:
    code, _, err = _run(tmp_path, "settings", "new_per_day", "-5")
    assert code == 1 and err == (
        "quizzer: settings: new_per_day must be a whole number from 0 to 1,000,000, not -5\n"
    )
    code, _, err = _run(tmp_path, "settings", "new_per_day", "-x")
    assert code == 2 and "No such option '-x'" in err


# --- 7. backups newest first ---------------------------------------------------------------


def test_backups_are_listed_by_their_own_time(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    names = [
        "progress-2026-11-24.sqlite3",
        "progress-2026-11-25.sqlite3",
        "progress-2026-11-25-101500-before-restore.sqlite3",
    ]
    for age, name in zip((3, 2, 1), names, strict=True):
        (folder / name).write_bytes(b"")
        stamp = datetime(2026, 11, 25, 12).timestamp() - age * 3600
        os.utime(folder / name, (stamp, stamp))
    assert [p.name for p in list_backups(tmp_path)] == names[::-1]
    code, out, _ = _run(tmp_path, "backup", "restore")
    assert code == 0
    assert [line.split()[1] for line in out.splitlines()] == names[::-1]
