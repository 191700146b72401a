"""`quizzer export anki` end to end: the package a user gets, and one-line errors for bad input."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from anki.collection import Collection
from click.testing import CliRunner
from genanki import guid_for

from quizzer.cli import cli, main
from tests.anki.ankitools import import_package


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_export_matches_quizzer_cards(col: Collection, mini_deck: Path, tmp_path: Path) -> None:
    out = tmp_path / "mini.apkg"
    code, stdout, _ = _run(
        "export",
        "anki",
        str(mini_deck),
        "-o",
        str(out),
        "--kinds",
        "mcq,cloze",
        "--kinds",
        "basic",
        "--seed",
        "3",
    )
    assert code == 0
    _, cards_out, _ = _run("cards", str(mini_deck), "--format", "jsonl", "--seed", "3")
    expected = [q for q in map(json.loads, cards_out.splitlines()) if q["kind"] in {"mcq", "cloze", "basic"}]
    assert stdout.startswith(f"wrote {out}: {len(expected)} notes, {len(expected)} cards in ")
    log = import_package(col, out)
    assert len(log.new) == col.note_count() == col.card_count() == len(expected)
    # The same seed gives the same option order as `quizzer cards`.
    mcq = next(q for q in expected if q["kind"] == "mcq")
    (note_id,) = [n for n in col.find_notes("") if col.get_note(n).guid == guid_for(mcq["id"])]
    options = col.get_note(note_id)["Options"]
    positions = [options.index(f"<span>{html.escape(o, quote=False)}</span>") for o in mcq["options"]]
    assert positions == sorted(positions)


def test_replaces_an_existing_file(mini_deck: Path, tmp_path: Path) -> None:
    out = tmp_path / "mini.apkg"
    out.write_bytes(b"old")
    code, _, _ = _run("export", "anki", str(mini_deck), "-o", str(out))
    assert code == 0
    assert out.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["mini.apkg"]  # no leftover temporary file


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}/out.zip"], "must end in .apkg"),
        (["-o", "{tmp}/missing/out.apkg"], "does not exist"),
        (["-o", "{tmp}/dir.apkg"], "is a folder"),
        (["-o", "{tmp}/out.apkg", "--kinds", "mcq,essay"], "unknown kind 'essay'"),
        (["-o", "{tmp}/out.apkg", "--kinds", ","], "no kind given"),
        (["-o", "{tmp}/out.apkg", "--kinds", "order", "{tmp}/one.yaml"], "nothing to export"),
        (["-o", "{tmp}/out.apkg", "no-such-deck"], "unknown deck 'no-such-deck'"),
    ],
)
def test_bad_input_is_one_line(
    mini_deck: Path, tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "dir.apkg").mkdir()
    text = mini_deck.read_text(encoding="utf-8")  # beta alone: no RICE steps, so no `order`
    head, beta = text.split("muscles:\n")[0], text.split("  - id: beta")[1].split("  - id: gamma")[0]
    (tmp_path / "one.yaml").write_text(f"{head}muscles:\n  - id: beta{beta}", "utf-8")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if not any(a.endswith((".yaml", "no-such-deck")) for a in argv):
        argv.append(str(mini_deck))
    try:
        main(["export", "anki", *argv])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    stdout, stderr = capsys.readouterr()
    # Argument mistakes name the command (exit 2); file and deck problems do not (exit 1).
    argument = message in ("must end in .apkg", "unknown kind 'essay'", "no kind given")
    assert code == (2 if argument else 1), stdout
    assert message in stderr
    assert stderr.startswith("quizzer: export anki: " if argument else "quizzer: ")
    assert stderr.count("\n") == 1
    assert not (tmp_path / "out.apkg").exists()


def test_help_names_the_options() -> None:
    code, stdout, _ = _run("export", "anki", "--help")
    assert code == 0
    for option in ("-o, --output", "--kinds", "--seed"):
        assert option in stdout


def test_the_summary_counts_one_of_each_in_the_singular(tmp_path: Path) -> None:
    sheet = tmp_path / "one.csv"
    sheet.write_text("question,answer\nWhat does TFL stand for?,Tensor fasciae latae\n", encoding="utf-8")
    out = tmp_path / "one.apkg"
    code, stdout, _ = _run("export", "anki", str(sheet), "-o", str(out))
    assert code == 0
    assert stdout.startswith(f"wrote {out}: 1 note, 1 card in 1 deck ("), stdout
