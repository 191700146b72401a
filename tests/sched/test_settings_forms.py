"""Settings typed by a person: `quizzer settings` and the app's Settings screen take the same forms."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from quizzer.cli import cli
from quizzer.progress import SettingError, parse_setting
from quizzer.store import open_store
from quizzer.tui.screens.settings import SettingsProblem, parse_fields

FORMS: list[tuple[str, str, Any]] = [
    ("desired_retention", "0.9", 0.9),
    ("desired_retention", "90", 0.9),
    ("desired_retention", "90%", 0.9),
    ("desired_retention", " 90 % ", 0.9),
    ("desired_retention", ".85", 0.85),
    ("desired_retention", "85.5", 0.855),
    ("learning_steps", "1,10", (1, 10)),
    ("learning_steps", "1 10", (1, 10)),
    ("learning_steps", "1, 10, 60", (1, 10, 60)),
    ("fuzz", "off", False),
    ("fuzz", "ON", True),
    ("exam_date", "none", None),
    ("exam_date", "", None),
    ("exam_date", "2099-12-18", date(2099, 12, 18)),
    ("new_per_day", "-5", -5),  # the range check names what is allowed
    ("new_per_day_total", "40", 40),
]


@pytest.mark.parametrize(("key", "text", "value"), FORMS)
def test_parse_setting(key: str, text: str, value: Any) -> None:
    assert parse_setting(key, text) == value


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("desired_retention", "high", "desired_retention must be a number like 0.9 or 90%, not 'high'"),
        (
            "desired_retention",
            "150",
            "desired_retention must be between 0.7 and 0.99 (or 70% to 99%), not 150",
        ),
        ("desired_retention", "nan", "desired_retention must be a number like 0.9 or 90%, not 'nan'"),
        ("learning_steps", "", "learning_steps must be minutes like 1,10, not ''"),
        ("learning_steps", "1 ten", "learning_steps must be minutes like 1,10, not '1 ten'"),
        ("fuzz", "maybe", "fuzz must be on or off, not 'maybe'"),
        ("new_per_day", "2.5", "new_per_day must be a whole number like 20, not '2.5'"),
    ],
)
def test_bad_text_names_the_setting_and_the_form(key: str, text: str, message: str) -> None:
    with pytest.raises(SettingError) as caught:
        parse_setting(key, text)
    assert str(caught.value) == message


FORM_FIELDS = {
    "desired_retention": "retention",
    "new_per_day": "new_per_day",
    "new_per_day_total": "new_per_day_total",
    "learning_steps": "steps",
    "exam_date": "exam",
}
AGREED = [(key, text) for key, text, _ in FORMS if key in FORM_FIELDS and not text.startswith("-")]


@pytest.mark.parametrize(("key", "text"), AGREED)
def test_the_command_and_the_settings_screen_agree(tmp_path: Path, key: str, text: str) -> None:
    home = tmp_path / "home"
    result = CliRunner().invoke(cli, ["--data-dir", str(home), "settings", key, text])
    assert result.exit_code == 0, result.stderr
    store = open_store(home)
    try:
        saved = getattr(store.load_settings(), key)
    finally:
        store.close()
    form = {
        "retention": "0.9",
        "new_per_day": "20",
        "new_per_day_total": "20",
        "reviews_per_day": "200",
        "steps": "1 10",
        "exam": "",
        FORM_FIELDS[key]: text,
    }
    assert parse_fields(form)[key] == saved


def test_a_bad_field_is_named_as_the_screen_names_it() -> None:
    form = {"retention": "90 %", "new_per_day": "x", "reviews_per_day": "200", "steps": "1", "exam": ""}
    with pytest.raises(SettingsProblem, match=r"^new cards per day, each deck must be a whole number"):
        parse_fields(form)
