"""The commands: plain line mode, stats, backup restore, store errors, and a SIGKILL mid-session."""

from __future__ import annotations

import json
import os
import queue
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

import pytest
from click.testing import CliRunner

from quizzer.cli import cli
from quizzer.decks import load_library
from quizzer.generate import generate
from quizzer.store import STORE_NAME, open_store

MINI = str(Path(__file__).parent.parent / "data" / "mini.yaml")

# Command plumbing: the bundled decks' content does not matter, eight stand in for the atlas.
pytestmark = pytest.mark.usefixtures("eight_bundled")


def _run(home: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(home), *args], input=input)
    return result.exit_code, result.stdout, result.stderr


def _reviews(home: Path) -> Counter[str]:
    store = open_store(home)
    try:
        return Counter(card.qid for card in store.cards() for _ in store.history(card.qid))
    finally:
        store.close()


def test_plain_study_reveal_rate_undo_quit(tmp_path: Path) -> None:
    # The second card is a choice question (kinds are mixed): a is right, b is wrong.
    code, out, err = _run(tmp_path, "study", MINI, "--plain", "--seed", "0", input="\n3\na\nu\nb\nq\n")
    assert code == 0, err
    assert "\x1b" not in out  # no terminal control codes
    lines = out.splitlines()
    saved = [line for line in lines if line.startswith("saved:")]
    assert len(saved) == 3
    assert saved[0].startswith("saved: mini/alpha/location/all/basic good, next in 10m")
    assert any(line.startswith("answer: ") for line in lines)
    # Fuzz is on (the default): the preview is the fuzzed interval the answer will get.
    assert "rate: 1 again (1m)  2 hard (6m)  3 good (10m)  4 easy (10d)" in lines
    assert "undone: the last answer was taken back" in lines
    assert lines[-1].startswith("summary: 2 answered, 50% right")
    assert _reviews(tmp_path) == Counter(
        {"mini/alpha/location/all/basic": 1, "mini/alpha/origin/ilium-front/mcq": 1}
    )


def test_plain_quiz_letters_and_end_of_input(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, "quiz", MINI, "-n", "3", "--plain", "--seed", "0", input="a\nz\nb\n")
    assert code == 0, err
    assert out.count("saved:") == 2
    assert "choose letters a-" in out
    assert "summary: 2 answered" in out
    assert sum(_reviews(tmp_path).values()) == 2
    # The log keeps the bank's option index of the option picked by its shown letter.
    shown = {}
    for block in out.split("\nquestion ")[1:3]:
        options = dict(
            line.split(") ", 1) for line in block.splitlines() if len(line) > 3 and line[1:3] == ") "
        )
        qid = next(line.split()[1] for line in block.splitlines() if line.startswith("saved:"))
        shown[qid] = options
    questions = {q.id: q for q in generate(*load_library([Path(MINI)]))}
    store = open_store(tmp_path)
    history = [r for card in store.cards() for r in store.history(card.qid)]
    picked = {r.qid: questions[r.qid].options[r.chosen[0]] for r in history if r.chosen}
    assert picked == {
        qid: options[letter] for (qid, options), letter in zip(shown.items(), "ab", strict=True)
    }
    assert all(r.mode == "quiz" for r in history)
    store.close()


def test_plain_mode_shuffles_options_afresh_unless_seeded(tmp_path: Path) -> None:
    def first_options(home: str, *seed: str) -> list[str]:
        code, out, err = _run(tmp_path / home, "quiz", MINI, "-n", "1", "--plain", *seed, input="q\n")
        assert code == 0, err
        return [line for line in out.splitlines() if line[1:3] == ") "]

    assert first_options("a", "--seed", "5") == first_options("b", "--seed", "5")
    assert len({tuple(first_options(f"fresh-{i}")) for i in range(6)}) > 1


def test_stats_json_has_the_documented_keys(tmp_path: Path) -> None:
    # A flashcard (easy: review), a choice question (right or wrong: learning), a flashcard.
    _run(tmp_path, "study", MINI, "--plain", input="4\na\n4\n")
    code, out, err = _run(tmp_path, "stats", MINI, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {
        "due",
        "states",
        "reviews_per_day",
        "retention_30d",
        "forecast",
        "leeches",
        "exam",
        "total_reviews",
    }
    assert data["total_reviews"] == 3 and data["reviews_per_day"][-1]["count"] == 3
    assert data["states"]["review"] == 2 and data["states"]["learning"] == 1
    code, text, _ = _run(tmp_path, "stats", MINI)
    assert code == 0 and "due today:" in text and "exam: no exam date set" in text


def test_a_corrupt_store_gives_one_line_and_is_untouched(tmp_path: Path) -> None:
    (tmp_path / STORE_NAME).write_text("my shopping list\n")
    code, _, err = _run(tmp_path, "stats", MINI)
    assert code == 1 and err.startswith("quizzer: ") and str(tmp_path / STORE_NAME) in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert (tmp_path / STORE_NAME).read_text() == "my shopping list\n"
    code, _, err = _run(tmp_path, "stats", MINI, "--move-aside")
    assert code == 0, err
    assert [p.name for p in tmp_path.glob("*.corrupt-*")]


def test_backup_restore_lists_and_restores(tmp_path: Path) -> None:
    _run(tmp_path, "study", MINI, "--plain", input="3\n")  # first run: today's backup, empty
    code, out, _ = _run(tmp_path, "backup", "restore")
    assert code == 0 and out.startswith("1. progress-") and out.count("\n") == 1
    # Restoring an empty backup could only wipe progress: refused, nothing changed.
    code, out, err = _run(tmp_path, "backup", "restore", "1")
    assert code == 1 and "it holds no progress (no cards, no reviews); nothing was changed" in err
    assert sum(_reviews(tmp_path).values()) == 1
    for made in (tmp_path / "backups").iterdir():
        made.unlink()  # as if a day had passed: the next start backs up the one answer
    _run(tmp_path, "study", MINI, "--plain", input="3\na\n")  # a flashcard, a choice question
    assert sum(_reviews(tmp_path).values()) == 3
    code, out, err = _run(tmp_path, "backup", "restore", "1")
    assert code == 0, err
    assert out.startswith("restored progress-") and "(1 cards, 1 reviews)" in out
    assert "the progress before it (3 reviews) is saved as progress-" in out
    assert sum(_reviews(tmp_path).values()) == 1
    code, out, _ = _run(tmp_path, "backup", "restore")
    assert "before-restore" in out
    code, _, err = _run(tmp_path, "backup", "restore", "9")
    assert code == 1 and "no backup '9'" in err


@pytest.mark.slow
def test_sigkill_mid_session_loses_no_saved_answer(tmp_path: Path) -> None:
    rng = random.Random(7)
    env = {**os.environ, "QUIZZER_HOME": str(tmp_path)}
    acknowledged: Counter[str] = Counter()
    for round_ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-m", "quizzer", "study", MINI, "--plain"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert proc.stdin is not None and proc.stdout is not None
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True)
        reader.start()
        try:
            for _ in range(rng.randint(2, 6)):
                # A rating answers a flashcard; a choice question refuses it with a hint that
                # says which letters it takes, and those answer it.
                proc.stdin.write(rng.choice(["1", "2", "3", "4"]) + "\n")
                proc.stdin.flush()
                line = _read_saved(lines, proc.stdin)
                acknowledged[line.split()[1]] += 1
            proc.stdin.write("3\n")  # one more answer, killed at some point while it is saved
            proc.stdin.flush()
            time.sleep(rng.random() * 0.01 * round_)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            reader.join(timeout=30)
            proc.stdin.close()
            proc.stdout.close()
            assert proc.stderr is not None
            proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL
    assert sum(acknowledged.values()) >= 6
    stored = _reviews(tmp_path)
    for qid, count in acknowledged.items():
        assert stored[qid] >= count, qid
    conn = sqlite3.connect(tmp_path / STORE_NAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def _read_until(lines: queue.Queue[str], prefix: str) -> str:
    while True:
        line = lines.get(timeout=60)  # queue.Empty fails the test instead of hanging
        if not line:
            raise AssertionError(f"quizzer ended before a {prefix!r} line")
        if line.startswith(prefix):
            return line


_LETTERS_HINT = re.compile(r"\? answer with option letters \((?:all (\d+) letters|every right|one letter)")


def _read_saved(lines: queue.Queue[str], stdin: IO[str]) -> str:
    """The next ``saved:`` line; a choice question's hint is answered with the letters it asks
    for (``a``, or every letter of an order question)."""
    while True:
        line = lines.get(timeout=60)  # queue.Empty fails the test instead of hanging
        if not line:
            raise AssertionError("quizzer ended before a 'saved:' line")
        if line.startswith("saved:"):
            return line
        hint = _LETTERS_HINT.match(line)
        if hint:
            stdin.write((" ".join("abcdefgh"[: int(hint[1])]) if hint[1] else "a") + "\n")
            stdin.flush()


def _pump(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)
    lines.put("")


def test_settings_command_shows_sets_and_rejects(tmp_path: Path) -> None:
    code, out, _ = _run(tmp_path, "settings")
    assert code == 0 and "desired_retention = 0.9" in out and "exam_date = null" in out
    exam = (datetime.now().astimezone() + timedelta(days=30)).date().isoformat()
    assert _run(tmp_path, "settings", "exam_date", exam)[1] == f'exam_date = "{exam}"\n'
    assert _run(tmp_path, "settings", "new_per_day", "3", "--deck", MINI)[0] == 0
    assert _run(tmp_path, "settings", "learning_steps", "1,5,15")[0] == 0
    assert _run(tmp_path, "settings", "learning_steps")[1] == "learning_steps = [1, 5, 15]\n"
    code, _, err = _run(tmp_path, "settings", "desired_retention", "2")
    assert code == 1 and err == (
        "quizzer: settings: desired_retention must be between 0.7 and 0.99 (or 70% to 99%), not 2\n"
    )
    code, _, err = _run(tmp_path, "settings", "fuzz", "maybe")
    assert code == 1 and "fuzz must be on or off, not 'maybe'" in err
    code, _, err = _run(tmp_path, "settings", "colour", "red")
    assert code == 1 and "unknown key 'colour'" in err
    data = json.loads(_run(tmp_path, "stats", MINI, "--json")[1])
    assert data["exam"]["date"] == exam
    assert data["due"]["new"] >= 3  # the exam raises the deck's new limit of 3


def test_bad_deck_argument_is_one_line(tmp_path: Path) -> None:
    code, _, err = _run(tmp_path, "study", "no-such-deck", "--plain", input="")
    assert code == 1 and err.startswith("quizzer: unknown deck 'no-such-deck'")


def test_an_unusable_data_folder_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = _run(blocker / "sub", "stats", MINI)
    assert code == 1 and err.startswith(f"quizzer: {blocker / 'sub' / STORE_NAME}: cannot open")
    assert err.count("\n") == 1


@pytest.mark.slow  # about 2 s: CI runs it after the quick suite
def test_two_plain_sessions_at_once_share_the_store(tmp_path: Path) -> None:
    env = {**os.environ, "QUIZZER_HOME": str(tmp_path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "quizzer", "study", MINI, "--plain"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    # Every line answers one kind and is refused by the others with a hint (a flashcard, one
    # answer, an order of three or four, select-all), so whichever card is shown gets answered.
    outputs = [proc.communicate("3\na\na b c\na b c d\n" * 15, timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], [err for _, err in outputs]
    saved = sum(out.count("\nsaved: ") for out, _ in outputs)
    assert saved >= 30
    assert sum(_reviews(tmp_path).values()) == saved
    conn = sqlite3.connect(tmp_path / STORE_NAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_plain_study_goes_on_after_a_refused_undo(tmp_path: Path) -> None:
    env = {**os.environ, "QUIZZER_HOME": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "quizzer", "study", MINI, "--plain"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True)
    reader.start()
    try:
        proc.stdin.write("3\n")
        proc.stdin.flush()
        qid = _read_until(lines, "saved:").split()[1]
        store = open_store(tmp_path)  # another Quizzer suspends the card just answered
        try:
            store.set_suspended(qid, True, new=None)
        finally:
            store.close()
        proc.stdin.write("u\n")
        proc.stdin.flush()
        refused = _read_until(lines, "?")
        assert refused == "? that answer can no longer be undone: the card was changed since\n"
        proc.stdin.write("a\nq\n")  # the next card is a choice question (kinds are mixed)
        proc.stdin.flush()
        second = _read_until(lines, "saved:").split()[1]
        assert _read_until(lines, "summary:").startswith("summary: 2 answered")
        assert proc.wait(timeout=60) == 0, proc.stderr.read()
        assert proc.stderr.read() == ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        reader.join(timeout=30)
        proc.stdin.close()
        proc.stdout.close()
        proc.stderr.close()
    assert second != qid
    assert _reviews(tmp_path) == Counter({qid: 1, second: 1})
    store = open_store(tmp_path)
    try:
        card = store.card(qid)
        assert card is not None and card.suspended
    finally:
        store.close()


def test_plain_study_of_a_question_file(tmp_path: Path) -> None:
    """A spreadsheet's questions are studied like any deck, each answer committed."""
    sheet = tmp_path / "week-1.csv"
    sheet.write_text(
        "question,answer\r\nWhat turns the sole outward?,Eversion\r\n"
        "What turns the sole inward?,Inversion\r\n",
        encoding="utf-8-sig",
    )
    code, out, err = _run(
        tmp_path / "home", "study", str(sheet), "--plain", "--seed", "0", input="\n3\n\n3\nq\n"
    )
    assert code == 0, err
    assert "What turns the sole outward?" in out and "answer: Eversion" in out
    saved = [line for line in out.splitlines() if line.startswith("saved:")]
    assert len(saved) == 2
    assert all(s.startswith("saved: week-1/-/questions/q-") for s in saved), saved


def test_plain_study_with_nothing_due_says_so(tmp_path: Path) -> None:
    """A session with nothing to ask says why instead of a bare "summary: 0 answered"."""
    code, _, err = _run(tmp_path, "settings", "new_per_day_total", "0")
    assert code == 0, err
    code, out, err = _run(tmp_path, "study", MINI, "--plain", "--seed", "0", input="")
    assert code == 0, err
    lines = out.splitlines()
    assert (
        "nothing is due now: new cards come back tomorrow; a quiz "
        "(quizzer quiz --plain) works any time" in lines
    )
    assert lines[-1].startswith("summary: 0 answered")
