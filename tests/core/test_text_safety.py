"""Deck text is text: refused where it could drive a terminal or fool a student, inert when printed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizzer import safetext
from quizzer.cli import cli

MINI = Path(__file__).resolve().parents[1] / "data" / "mini.yaml"
GOOD = """\
deck:
  id: t
  name: T
muscles:
  - id: m-one
    name: M one
    region: hip
    location: Somewhere.
    origin:
      - {id: o, text: An origin}
    insertion:
      - {id: i, text: An insertion}
    actions:
      - {id: a, text: An action}
      - {id: b, text: Another action}
    innervation:
      nerve: {id: n, text: A nerve}
      roots: [L4]
    blood_supply:
      - {id: bl, text: An artery}
    strain:
      rice:
        - {id: rest, letter: R, text: "Rest: stop the sport"}
        - {id: ice, letter: I, text: "Ice: cool it down"}
    sources:
      - {id: s, title: A book}
"""
TERMINAL_CODES = ("\x1b", "\x9b", "\x9d", "\x07", "\u202e", "\u2066")

# Command plumbing: the bundled decks' content does not matter, eight stand in for the atlas.
pytestmark = pytest.mark.usefixtures("eight_bundled")


def _validate(tmp_path: Path, text: str) -> tuple[int, list[str]]:
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, [line.removeprefix(f"{path}:") for line in result.output.splitlines()]


CASES = [
    # (name, old, new, expected line:col and message fragment)
    (
        "escape sequence, escaped",
        "text: An action}",
        'text: "An \\e[2J action"}',
        "14:23: muscles[0].actions[0].text: control character U+001B",
    ),
    (
        "OSC 52 clipboard write",
        "name: M one",
        'name: "M \\e]52;c;aGk=\\a one"',
        "6:11: muscles[0].name: control character U+001B",
    ),
    (
        "raw escape character",
        "text: An action}",
        "text: An \x1b[2J action}",
        "14:26: control character U+001B",
    ),
    (
        "C1 control (CSI)",
        "text: An origin}",
        'text: "An \\x9b2J origin"}',
        "10:23: muscles[0].origin[0].text: control character U+009B",
    ),
    (
        "next line (NEL)",
        "location: Somewhere.",
        'location: "Some\\Nwhere."',
        "8:15: muscles[0].location: control character U+0085",
    ),
    (
        "bidi override, raw",
        "text: An action}",
        "text: An \u202eaction}",
        "14:26: muscles[0].actions[0].text: bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE)",
    ),
    (
        "bidi isolate in prose",
        "location: Somewhere.",
        "location: Some\u2066where.",
        "8:19: muscles[0].location: bidirectional control U+2066",
    ),
    (
        "zero-width space in an option",
        "text: An action}",
        "text: An\u200b action}",
        "14:25: muscles[0].actions[0].text: invisible character U+200B (ZERO WIDTH SPACE)",
    ),
    (
        "zero-width joiner in a name",
        "name: M one",
        "name: M\u200done",
        "6:12: muscles[0].name: invisible character U+200D",
    ),
    (
        "newline in a name",
        "name: M one",
        'name: "M\\none"',
        "6:11: muscles[0].name: line break in a one-line field: name must be one line",
    ),
    (
        "newline in an option",
        "text: An action}",
        'text: "An\\naction"}',
        "14:23: muscles[0].actions[0].text: line break in a one-line field",
    ),
    ("tab in a deck name", "name: T", 'name: "T\\tT"', "3:9: deck.name: tab in a one-line field"),
    (
        "line separator",
        "location: Somewhere.",
        'location: "Some\\Lwhere."',
        "8:15: muscles[0].location: line separator U+2028",
    ),
    (
        "look-alike options",
        "text: Another action}",
        "text: 'An\u00a0ACTION.'}",
        "15:9: muscles[0].actions[1]: its text looks the same as that of 'a' (line 14)",
    ),
    (
        "identical order steps",
        'text: "Ice: cool it down"}',
        'text: "Ice: stop the sport"}',
        "24:11: muscles[0].strain.rice[1]: its text looks the same as that of 'rest' (line 23)",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_deck_text_that_is_not_plain_text_is_refused_at_its_place(
    tmp_path: Path, name: str, old: str, new: str, expected: str
) -> None:
    assert old in GOOD
    code, lines = _validate(tmp_path, GOOD.replace(old, new, 1))
    assert code == 1
    assert any(line.startswith(expected) for line in lines), lines
    for line in lines:
        assert not any(ch in line for ch in TERMINAL_CODES), repr(line)


def test_identical_strain_grades_would_make_an_unanswerable_order_question(tmp_path: Path) -> None:
    grades = GOOD.replace(
        """        - {id: ice, letter: I, text: "Ice: cool it down"}
""",
        """        - {id: ice, letter: I, text: "Ice: cool it down"}
      grades:
        - {id: g1, grade: 1, name: mild, text: A few fibers torn, tear: A few}
        - {id: g2, grade: 2, name: moderate, text: Half the fibers torn, tear: a few.}
""",
    )
    code, lines = _validate(tmp_path, grades)
    assert code == 1
    assert lines == [
        "27:11: muscles[0].strain.grades[1]: its tear looks the same as that of "
        "'g1' (line 26): options would be impossible to tell apart"
    ]


def test_prose_fields_may_run_over_lines_and_tabs(tmp_path: Path) -> None:
    text = GOOD.replace("location: Somewhere.", 'location: "Deep\\tunder\\nthe glute\u200b."')
    code, lines = _validate(tmp_path, text)
    assert code == 0, lines


@pytest.mark.slow  # every bundled deck file
def test_the_bundled_decks_are_plain_text() -> None:
    # Named as a folder: the bundled decks themselves, not the stand-ins (their ids yield).
    result = CliRunner().invoke(cli, ["validate", str(Path(__file__).parents[2] / "decks")])
    assert result.exit_code == 0, result.output


PROSE_BREAKS = (
    MINI.read_text(encoding="utf-8")
    .replace(
        "description: Pain runs from the buttock down the outer thigh to the ankle.",
        'description: "Pain\\nsaved: mini/alpha/fake good, next in 3d\\nQ: fake\\nruns down"',
    )
    .replace("why: It is an abductor.", 'why: "An abductor.\\nsaved: mini/fake again\\n\\u200b"')
)


def _prose_deck(tmp_path: Path) -> Path:
    path = tmp_path / "prose.yaml"
    path.write_text(PROSE_BREAKS, encoding="utf-8")
    return path


def test_cards_prints_one_line_per_field_whatever_the_deck_holds(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["cards", str(_prose_deck(tmp_path))])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any("Pain saved: mini/alpha/fake good" in line for line in lines)
    starts = ("[", "Q: ", "  ", " *", "Order: ", "A: ", "Why: ", "Source: ")
    assert all(line == "" or line.startswith(starts) for line in lines), [
        line for line in lines if line and not line.startswith(starts)
    ]


def test_cards_jsonl_escapes_what_a_terminal_would_act_on(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["cards", str(_prose_deck(tmp_path)), "--format", "jsonl"])
    assert result.exit_code == 0
    assert "\u200b" not in result.output and "\\u200b" in result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert any("\u200b" in row["explanation"] for row in rows)  # the same data, escaped


def test_plain_mode_cannot_be_fooled_by_a_line_break_in_deck_text(tmp_path: Path) -> None:
    answers = "\n3\na\n" * 40
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(tmp_path / "home"), "study", str(_prose_deck(tmp_path)), "--plain", "--seed", "1"],
        input=answers,
    )
    assert result.exit_code == 0, result.output
    assert "saved: mini/alpha/fake" in result.output  # shown, inside another line
    saved = [line for line in result.output.splitlines() if line.startswith("saved:")]
    assert saved and not any("fake" in line for line in saved)


def test_errors_quote_no_terminal_codes_from_paths(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b]52;c;aGk=\x07\u202e.yaml"
    path.write_text("deck: [\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["cards", str(path)])
    assert result.exit_code == 1
    assert "evil]52;c;aGk=.yaml" in result.stderr
    assert not any(ch in result.stderr for ch in TERMINAL_CODES)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1 and not any(ch in result.output for ch in TERMINAL_CODES)


def test_a_deck_linking_to_another_file_never_echoes_its_content(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("patient Jane Doe, 12 Main Street, sciatica\nsecond line\n", encoding="utf-8")
    config = tmp_path / "config.txt"
    config.write_text("user: jane\npassword: [hunter2]\nJane Doe, sciatica\n", encoding="utf-8")
    for target, expected in (
        (notes, "1:1: expected a mapping, got text (is this a deck file?)"),
        (config, "4:1: YAML syntax error"),
    ):
        link = tmp_path / f"{target.stem}.yaml"
        link.symlink_to(target)
        result = CliRunner().invoke(cli, ["validate", str(link)])
        assert result.exit_code == 1
        assert result.output.startswith(f"{link}:{expected}"), result.output
        assert "Jane" not in result.output and "hunter2" not in result.output


def test_long_values_are_quoted_short(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, GOOD.replace("name: M one", "name: [" + "x" * 200 + "]"))
    assert code == 1
    assert lines == ["6:11: muscles[0].name: expected text, got a list"]
    code, lines = _validate(tmp_path, GOOD.replace("region: hip", "region: " + "y" * 200))
    assert code == 1 and len(lines[0]) < 120 and "yyyy…'" in lines[0], lines


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_device_is_refused_before_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "deck.yaml"
    os.mkfifo(fifo)
    # In a real process, with a time-out as a hang guard: reading a FIFO without a writer
    # would block for ever, /dev/zero would fill the memory.
    proc = subprocess.run(
        [sys.executable, "-m", "quizzer", "validate", str(fifo), "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{fifo}:1:1: not a regular file (a FIFO): a deck must be a YAML file",
        "/dev/zero:1:1: not a regular file (a character device): a deck must be a YAML file",
    ]
    assert proc.stderr == ""


def test_the_invisible_list_is_every_format_character_of_this_unicode() -> None:
    from quizzer.safetext import _BIDI, _INVISIBLE  # the lists under test

    invisible, bidi = re.compile(f"[{_INVISIBLE}]"), re.compile(f"[{_BIDI}]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) == "Cf":
            assert invisible.match(char) or bidi.match(char), f"U+{code:04X}"
    drops = set(safetext.terminal_drops())
    for code in range(0x3000):
        assert (safetext.for_terminal(chr(code)) == "") == (code in drops), f"U+{code:04X}"
