"""Every kind of bad deck gets `file:line:col: message` and exit 1, never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizzer.cli import cli
from quizzer.decks import MAX_FILE_BYTES

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
    innervation:
      nerve: {id: n, text: A nerve}
      roots: [L4]
    blood_supply:
      - {id: b, text: An artery}
    sources:
      - {id: s, title: A book}
"""

PLACE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")

# Command plumbing: the bundled decks' content does not matter, eight stand in for the atlas.
pytestmark = pytest.mark.usefixtures("eight_bundled")


def run_validate(path: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output.strip().splitlines()


def write(tmp_path: Path, text: str | bytes, name: str = "deck.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_good_deck_validates(tmp_path: Path) -> None:
    code, lines = run_validate(write(tmp_path, GOOD))
    assert code == 0
    assert lines[-1].startswith("ok: 1 deck, 1 muscle")


CASES = [
    # (name, deck text, expected line, expected col, message fragment)
    ("syntax", GOOD.replace("  name: T\n", "  name: [T\n"), 4, None, "YAML syntax error"),
    (
        "wrong type",
        GOOD.replace("location: Somewhere.", "location: [a, b]"),
        8,
        15,
        "muscles[0].location: expected text, got a list",
    ),
    ("list expected", GOOD.replace("roots: [L4]", "roots: L4"), 17, 14, "roots: expected a list"),
    (
        "unknown key",
        GOOD.replace("    location:", "    locaton: x\n    location:"),
        8,
        5,
        "unknown key (did you mean 'location'?)",
    ),
    ("missing field", GOOD.replace("    region: hip\n", ""), 5, 5, "missing required key 'region'"),
    (
        "duplicate id",
        GOOD.replace(
            "      - {id: a, text: An action}",
            "      - {id: a, text: An action}\n      - {id: a, text: Another}",
        ),
        15,
        9,
        "duplicate id 'a' (first at line 14)",
    ),
    (
        "dangling ref",
        GOOD.replace(
            "    location: Somewhere.\n",
            "    location: Somewhere.\n    depth:\n      deep_to: [gluteus-maximum]\n",
        ),
        10,
        17,
        "unknown muscle 'gluteus-maximum' (did you mean 'gluteus-maximus'?)",
    ),
    (
        "empty list",
        GOOD.replace("      - {id: o, text: An origin}\n", "").replace("origin:\n", "origin: []\n"),
        9,
        13,
        "empty list",
    ),
    (
        "bad enum",
        GOOD.replace("region: hip", "region: hips"),
        7,
        13,
        "unknown value 'hips' (did you mean 'hip'?)",
    ),
    (
        "retired joint id",  # split in two: the old label was false for the back muscles
        GOOD.replace("    location: Somewhere.\n", "    location: Somewhere.\n    joints: [hip, ribs]\n"),
        9,
        19,
        "'ribs' is no longer a joint id: it was split into 'costovertebral' (costovertebral and "
        "costotransverse joints) and 'sternocostal' (sternocostal and costochondral joints); use one or both",
    ),
    ("bad slug", GOOD.replace("{id: o,", "{id: Origin One,"), 10, 14, "is not a lowercase slug"),
    (
        "python tag",
        GOOD.replace("location: Somewhere.", "location: !!python/object/apply:os.system [echo hi]"),
        8,
        15,
        "!!python/object/apply:os.system is not allowed",
    ),
    (
        "duplicate key",
        GOOD.replace("    location: Somewhere.\n", "    location: Somewhere.\n    location: Twice.\n"),
        9,
        5,
        "duplicate key (first at line 8)",
    ),
    ("reserved id", GOOD.replace("{id: o,", "{id: all,"), 10, 9, "reserved"),
    (
        "unknown source",
        GOOD.replace("{id: o, text: An origin}", "{id: o, text: An origin, source: gray}"),
        10,
        42,
        "unknown source 'gray'",
    ),
    (
        "cloze without gap",
        GOOD.replace("{id: o, text: An origin}", "{id: o, text: An origin, cloze: An origin}"),
        10,
        41,
        "needs at least one gap",
    ),
    (
        "cloze markup in gap",
        GOOD.replace("{id: o, text: An origin}", "{id: o, text: An origin, cloze: 'An {{c2::x}}'}"),
        10,
        41,
        "may not contain '::'",
    ),
    (
        "unbalanced cloze",
        GOOD.replace("{id: o, text: An origin}", "{id: o, text: An origin, cloze: 'An {{x}} }}'}"),
        10,
        41,
        "unbalanced",
    ),
    ("empty file", "", 1, 1, "file is empty"),
    ("comments only", "# nothing here\n", 1, 1, "file is empty"),
    ("top level list", "- a\n- b\n", 1, 1, "expected a mapping"),
    ("two documents", GOOD + "---\n" + GOOD, None, None, "YAML syntax error"),
]


@pytest.mark.parametrize(("name", "text", "line", "col", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_bad_deck(
    tmp_path: Path, name: str, text: str, line: int | None, col: int | None, fragment: str
) -> None:
    path = write(tmp_path, text)
    code, lines = run_validate(path)
    assert code == 1
    assert lines, "no problem reported"
    for out in lines:
        assert PLACE.match(out), out
    match = next((PLACE.match(out) for out in lines if fragment in out), None)
    assert match is not None, lines
    assert match["file"] == str(path)
    if line is not None:
        assert int(match["line"]) == line, lines
    if col is not None:
        assert int(match["col"]) == col, lines


def test_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.encode().replace(b"Somewhere.", b"Somewh\xe9re."))
    code, lines = run_validate(path)
    assert code == 1
    assert lines == [f"{path}:8:21: not UTF-8 text (byte 0xe9)"]


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, lines = run_validate(path)
    assert code == 1
    assert lines[0].startswith(f"{path}:3:1:")
    assert "binary file" in lines[0]


def test_file_over_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    code, lines = run_validate(path)
    assert code == 1
    assert lines[0].startswith(f"{path}:1:1: file is too large")


def test_missing_path(tmp_path: Path) -> None:
    # A missing path has no line and column: no made-up ``:1:1``.
    code, lines = run_validate(tmp_path / "nope.yaml")
    assert code == 1
    assert lines == [f"quizzer: no such file or folder: {tmp_path / 'nope.yaml'}"]


BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_fails_fast_in_a_real_process(tmp_path: Path) -> None:
    path = write(tmp_path, BOMB)
    start = time.monotonic()
    # The timeout is a hang guard, not a performance assertion.
    proc = subprocess.run(
        [sys.executable, "-m", "quizzer", "validate", str(path)], capture_output=True, text=True, timeout=60
    )
    elapsed = time.monotonic() - start
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout.strip() == f"{path}:2:8: YAML aliases (*name) are not allowed in deck files"
    assert elapsed < 30


def test_unknown_deck_name_is_one_line() -> None:
    result = CliRunner().invoke(cli, ["cards", "gluteus-minimu"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "quizzer: unknown deck 'gluteus-minimu': no such file, and no deck has that id "
        "(did you mean 'gluteus-minimus'?)"
    ]


def test_cards_on_bad_deck_is_one_line_per_problem(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("region: hip", "region: 3"))
    result = CliRunner().invoke(cli, ["cards", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith(f"quizzer: {path}:7:13: ")
