"""Values out of range in a store's rows are refused on load: one line naming the value and its range."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizzer.cli import cli
from quizzer.store import BACKUP_DIR, STORE_NAME

MINI = str(Path(__file__).parent.parent / "data" / "mini.yaml")
LAST_REVIEW = "(SELECT max(id) FROM reviews)"
CASES = {
    # name: (SQL, the message's core)
    "status out of range": (
        "UPDATE cards SET status = 7 WHERE id = 1",
        "card 1: status is 7; expected one of 0, 1, 2, 3",
    ),
    "negative status": (
        "UPDATE cards SET status = -1 WHERE id = 2",
        "card 2: status is -1; expected one of 0, 1, 2, 3",
    ),
    "NaN stability": (
        "UPDATE cards SET stability = 'NaN' WHERE id = 1",
        'card 1: stability is "NaN"; expected a number of days from 0.0001',
    ),
    "negative stability": (
        "UPDATE cards SET stability = -3 WHERE id = 1",
        "card 1: stability is -3.0; expected a number of days",
    ),
    "infinite stability": (
        "UPDATE cards SET stability = 1e999 WHERE id = 1",
        "card 1: stability is Infinity; expected a number of days",
    ),
    "review card without memory": (
        "UPDATE cards SET status = 2, stability = NULL WHERE id = 1",
        "card 1: status is review but stability or difficulty is missing",
    ),
    "difficulty out of range": (
        "UPDATE cards SET difficulty = 42 WHERE id = 1",
        "card 1: difficulty is 42.0; expected a number from 1 to 10",
    ),
    "negative due time": (
        "UPDATE cards SET due = -5000000000000000000 WHERE id = 1",
        "card 1: due is -5000000000000000000; expected a time from 1970 to 9999",
    ),
    "due as text": (
        "UPDATE cards SET due = 'tomorrow' WHERE id = 1",
        'card 1: due is "tomorrow"; expected a time',
    ),
    "last review after 9999": (
        "UPDATE cards SET last_review = 999999999999999999 WHERE id = 1",
        "card 1: last_review is 999999999999999999; expected a time",
    ),
    "negative reps": (
        "UPDATE cards SET reps = -1 WHERE id = 1",
        "card 1: reps is -1; expected a whole number from 0 to 1,000,000,000",
    ),
    "lapses as text": (
        "UPDATE cards SET lapses = 'x' WHERE id = 1",
        'card 1: lapses is "x"; expected a whole number',
    ),
    "negative learning step": (
        "UPDATE cards SET step = -2 WHERE id = 1",
        "card 1: step is -2; expected a whole number from 0 to 1,000",
    ),
    "suspended flag 5": (
        "UPDATE cards SET suspended = 5 WHERE id = 1",
        "card 1: suspended is 5; expected 0 or 1",
    ),
    "negative answer time": (
        f"UPDATE reviews SET duration_ms = -500 WHERE id = {LAST_REVIEW}",
        "duration_ms is -500; expected a whole number from 0 to 604,800,000",
    ),
    "negative review time": (
        f"UPDATE reviews SET time = -1 WHERE id = {LAST_REVIEW}",
        "time is -1; expected a time from 1970 to 9999",
    ),
    "rating out of range": (
        f"UPDATE reviews SET rating = 9 WHERE id = {LAST_REVIEW}",
        "rating is 9; expected one of 1, 2, 3, 4",
    ),
    "unknown mode": (
        f"UPDATE reviews SET mode = 'exam' WHERE id = {LAST_REVIEW}",
        'mode is "exam"; expected one of study, quiz',
    ),
    "chosen options not JSON": (
        f"UPDATE reviews SET chosen = 'oops' WHERE id = {LAST_REVIEW}",
        'chosen is "oops"; expected a JSON list of option numbers',
    ),
    "retention out of range": (
        "INSERT OR REPLACE INTO settings VALUES ('desired_retention', '5')",
        "the stored setting desired_retention must be between 0.7 and 0.99",
    ),
    "retention as text": (
        "INSERT OR REPLACE INTO settings VALUES ('desired_retention', '\"hi\"')",
        'the stored setting desired_retention is "hi"; expected a number',
    ),
    "negative learning steps": (
        "INSERT OR REPLACE INTO settings VALUES ('learning_steps', '[-1]')",
        "the stored setting learning_steps must be minutes from 1 to 525,600",
    ),
    "learning steps as text": (
        "INSERT OR REPLACE INTO settings VALUES ('learning_steps', '\"x\"')",
        'learning_steps is "x"; expected a list of whole minutes',
    ),
    "interval of a billion days": (
        "INSERT OR REPLACE INTO settings VALUES ('maximum_interval', '1000000000000')",
        "maximum_interval must be from 1 to 36500 days, not 1000000000000",
    ),
    "negative new cards per day": (
        "INSERT OR REPLACE INTO settings VALUES ('new_per_day', '-3')",
        "new_per_day must be a whole number from 0 to 1,000,000, not -3",
    ),
    "reviews per day 1e30": (
        "INSERT OR REPLACE INTO settings VALUES ('reviews_per_day', '1e30')",
        "reviews_per_day is 1e+30; expected a whole number",
    ),
    "impossible exam date": (
        "INSERT OR REPLACE INTO settings VALUES ('exam_date', '\"2026-13-45\"')",
        'exam_date is "2026-13-45"; expected a date like 2026-12-18',
    ),
    "deck limit as text": (
        'INSERT OR REPLACE INTO settings VALUES (\'deck_limits\', \'{"mini": {"new_per_day": "x"}}\')',
        'new_per_day of deck mini is "x"; expected a whole number from 0 to 1,000,000',
    ),
    "unknown theme": (
        "INSERT OR REPLACE INTO settings VALUES ('theme', '\"nope\"')",
        "theme must be a built-in theme",
    ),
    "setting not JSON": (
        "INSERT OR REPLACE INTO settings VALUES ('fuzz', 'maybe')",
        "the stored setting fuzz is not a readable value",
    ),
    "leech threshold 0": (
        "INSERT OR REPLACE INTO settings VALUES ('leech_threshold', '0')",
        "leech_threshold must be from 1 to 1,000,000, not 0",
    ),
}

# Command plumbing: the bundled decks' content does not matter, eight stand in for the atlas.
pytestmark = pytest.mark.usefixtures("eight_bundled")


def _run(home: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(home), *args], input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def studied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store after some study and a quiz today (reviews with chosen options)."""
    home = tmp_path_factory.mktemp("studied")
    _run(home, "study", MINI, "--plain", "--seed", "1", input="\n3\na\n" * 12)
    _run(home, "quiz", MINI, "--plain", "--seed", "1", "-n", "4", input="a\n" * 10)
    return home


@pytest.mark.parametrize("name", CASES)
def test_a_value_out_of_range_is_one_line_with_the_range(tmp_path: Path, studied: Path, name: str) -> None:
    sql, message = CASES[name]
    home = tmp_path / "home"
    shutil.copytree(studied, home, ignore=shutil.ignore_patterns(BACKUP_DIR))
    conn = sqlite3.connect(home / STORE_NAME)
    conn.execute(sql)
    conn.commit()
    conn.close()
    stored = (home / STORE_NAME).read_bytes()
    for args, given in (
        (["study", MINI, "--plain"], "\n3\nu\n\n3\n"),
        (["stats", MINI], None),
        (["quiz", MINI, "--plain", "-n", "3"], "a\nu\na\n"),
    ):
        code, out, err = _run(home, *args, input=given)
        assert code == 1, (args, out, err)
        assert err.startswith(f"quizzer: {home / STORE_NAME}") and err.count("\n") == 1, err
        assert message in err, err
        assert "Traceback" not in err
        assert "saved:" not in out
    assert (home / STORE_NAME).read_bytes() == stored  # refused, not "repaired"


def test_a_bad_setting_can_be_set_anew(tmp_path: Path, studied: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(studied, home)
    conn = sqlite3.connect(home / STORE_NAME)
    conn.execute("INSERT OR REPLACE INTO settings VALUES ('desired_retention', '5')")
    conn.execute("INSERT OR REPLACE INTO settings VALUES ('deck_limits', '{\"mini\": 3}')")
    conn.commit()
    conn.close()
    code, _, err = _run(home, "stats", MINI)
    assert code == 1
    if "stored setting desired_retention" in err:
        assert "set it anew with `quizzer settings desired_retention VALUE`" in err
        code, _, notes = _run(home, "settings", "desired_retention", "0.9")
        assert "the stored setting deck_limits of mini is 3" in notes
    else:
        assert "`quizzer settings deck_limits none` (then --deck for each deck)" in err
        code, _, notes = _run(home, "settings", "deck_limits", "none")
        assert "the stored setting desired_retention must be between 0.7 and 0.99" in notes
    # Setting one value anew puts any other bad one back to its default, and says so.
    assert code == 0 and notes.endswith("; it is back to its default\n")
    assert _run(home, "stats", MINI)[0] == 0
