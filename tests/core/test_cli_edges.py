"""The command line's edges: unencodable output, one-line usage errors, exam and validate input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizzer.cli import cli, main
from quizzer.decks import load_library
from quizzer.discovery import deck_files

# Command plumbing: the bundled decks' content does not matter, eight stand in for the atlas.
pytestmark = pytest.mark.usefixtures("eight_bundled")


def _main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the console entry point in-process: (exit code, stdout, stderr)."""
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def _run_process(args: list[str], encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    # The timeout guards against a hang; it is not a performance assertion.
    return subprocess.run(
        [sys.executable, "-m", "quizzer", *args], capture_output=True, env=env, timeout=60, check=False
    )


# --- 1. output on terminals that cannot show every character -----------------------------


@pytest.mark.parametrize(
    ("encoding", "args", "replaced"),
    [
        ("ascii", ["cards", "{mini}"], "→"),
        ("latin-1", ["map", "alpha", "{mini}"], "⣿"),
    ],
)
def test_unencodable_characters_print_as_question_marks(
    mini_deck: Path, encoding: str, args: list[str], replaced: str
) -> None:
    proc = _run_process([a.format(mini=mini_deck) for a in args], encoding)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in proc.stderr and proc.stderr == b""
    text = proc.stdout.decode(encoding)
    assert replaced not in text and "?" in text
    assert len(text.splitlines()) > 5  # the whole output, not a cut-off first line


def test_click_output_on_an_ascii_stream_does_not_crash(mini_deck: Path) -> None:
    # Click itself treats an ASCII stream as misconfigured and writes UTF-8 through it.
    proc = _run_process(["map", "alpha", str(mini_deck)], "ascii")
    assert proc.returncode == 0 and proc.stderr == b""
    assert "⣿" in proc.stdout.decode("utf-8", "replace")


def test_utf8_output_is_untouched(mini_deck: Path) -> None:
    proc = _run_process(["map", "alpha", str(mini_deck)], "utf-8")
    assert proc.returncode == 0
    text = proc.stdout.decode("utf-8")
    assert "⣿" in text and "⢕" in text and "×" in text


# --- 2. click's own errors about arguments are one line ----------------------------------


@pytest.mark.parametrize(
    ("args", "command", "message"),
    [
        (["quiz", "-n", "abc"], "quiz", "Invalid value for '-n': 'abc'"),
        (["exam", "-n", "abc"], "exam", "Invalid value for '-n': 'abc' is not a valid integer"),
        (
            ["map", "gluteus-minimus", "--rows", "0"],
            "map",
            "Invalid value for '--rows': 0 is not in the range 6<=x<=60",
        ),
        (["map"], "map", "Missing argument 'MUSCLE'"),
        (["cards", "--format", "xml"], "cards", "Invalid value for '--format': 'xml'"),
        (["validate", "--strict"], "validate", "No such option '--strict'"),
        (["study", "--plian"], "study", "No such option '--plian'. Did you mean '--plain'?"),
        (["stats", "--jsno"], "stats", "No such option '--jsno'"),
        (["settings", "--deck"], "settings", "Option '--deck' requires an argument"),
        (["export", "anki", "-o"], "export anki", "Option '-o' requires an argument"),
        (["backup", "restore", "--all"], "backup restore", "No such option '--all'"),
        (
            ["--data-dir", "/nowhere", "export", "anki", "-o"],
            "export anki",
            "Option '-o' requires an argument",
        ),
    ],
)
def test_parameter_errors_are_one_line_with_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], command: str, message: str
) -> None:
    code, out, err = _main(args, capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(f"quizzer: {command}: {message}"), err
    assert err.rstrip().endswith(f"(see quizzer {command} --help)")
    assert "Usage:" not in err and "Try " not in err


def test_unknown_command_is_one_line_with_a_suggestion() -> None:
    # A fresh process, where no command module has been imported yet: the suggestion must
    # come from every command, not only from those another test happened to load.
    result = _run_process(["exma"], "utf-8")
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr == b"quizzer: No such command 'exma'. Did you mean 'exam'? (see quizzer --help)\n"
    result = _run_process(["zzzzz"], "utf-8")
    assert result.returncode == 2
    assert result.stderr == b"quizzer: No such command 'zzzzz'. (see quizzer --help)\n"


def test_help_and_version_still_work(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _main(["--version"], capsys)
    assert (code, err) == (0, "") and out.startswith("quizzer, version ")
    code, out, err = _main(["exam", "--help"], capsys)
    assert (code, err) == (0, "") and out.startswith("Usage: quizzer exam") and "--date" in out
    code, out, _ = _main(["export"], capsys)  # a group on its own lists its commands
    assert code == 2 and "anki" in out + _


def test_own_usage_problems_keep_exit_1(capsys: pytest.CaptureFixture[str], mini_deck: Path) -> None:
    code, out, err = _main(["exam", str(mini_deck), "-n", "3", "-o", "/dev/null/x"], capsys)
    assert (code, out) == (1, "") and err.startswith("quizzer: cannot write ")


def test_validate_problems_still_go_to_stdout(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("deck: [\n", encoding="utf-8")
    code, out, err = _main(["validate", str(bad)], capsys)
    assert code == 1 and err == ""
    assert out.startswith(f"{bad}:") and "YAML syntax error" in out


@pytest.mark.parametrize(
    ("raised", "code", "message"), [(KeyboardInterrupt, 130, ""), (EOFError, 1, "quizzer: aborted\n")]
)
def test_interrupts_end_quietly(
    capsys: pytest.CaptureFixture[str],
    mini_deck: Path,
    monkeypatch: pytest.MonkeyPatch,
    raised: type[BaseException],
    code: int,
    message: str,
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise raised()

    monkeypatch.setattr("quizzer.commands.deck_files.generate", interrupted)
    got, out, err = _main(["cards", str(mini_deck)], capsys)
    assert got == code and out == ""
    assert err.strip() == message.strip() and "Traceback" not in err


# --- 3. exam: -o naming a file, impossible dates -----------------------------------------


def test_exam_output_that_is_a_file_is_named_as_such(tmp_path: Path, mini_deck: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(cli, ["exam", str(mini_deck), "-n", "3", "-o", str(afile)])
    assert result.exit_code == 1
    assert result.output == (
        f"quizzer: cannot write to {afile}: it is a file, not a folder "
        "(-o names the folder for the exam files)\n"
    )
    result = CliRunner().invoke(cli, ["exam", str(mini_deck), "-n", "3", "-o", str(afile / "sub")])
    assert result.exit_code == 1
    assert f"{afile} is a file, not a folder" in result.output
    assert afile.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2026-13-01", "--date: '2026-13-01' is not a real date (month must be in 1..12)"),
        ("2026-02-30", "--date: '2026-02-30' is not a real date"),
        ("2026-1-5", "--date: '2026-1-5' is not a date like 2026-12-01 (YYYY-MM-DD)"),
        ("20260105", "--date: '20260105' is not a date like"),
        ("next week", "--date: 'next week' is not a date like"),
    ],
)
def test_exam_date_must_be_a_real_iso_date(
    tmp_path: Path, mini_deck: Path, date: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, err = _main(["exam", str(mini_deck), "-n", "3", "--date", date, "-o", str(out)], capsys)
    assert (code, stdout) == (2, "")
    assert err.startswith(f"quizzer: exam: {message}"), err
    assert err.count("\n") == 1
    assert not out.exists()  # nothing written with a wrong date


def test_exam_prints_a_good_date(tmp_path: Path, mini_deck: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["exam", str(mini_deck), "-n", "3", "--date", "2028-02-29", "--format", "md", "-o", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert "2028-02-29" in (tmp_path / "exam-A-paper.md").read_text(encoding="utf-8")


# --- 4. validate: deck ids, missing paths, a file named twice ----------------------------


@pytest.fixture
def bundled(tmp_path: Path, mini_deck: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bundled-decks folder holding only the mini deck, as ``mini.yaml``."""
    folder = tmp_path / "bundled"
    folder.mkdir()
    shutil.copy(mini_deck, folder / "mini.yaml")
    monkeypatch.setattr("quizzer.decks.bundled_decks_dir", lambda: folder)
    monkeypatch.setattr("quizzer.commands.deck_files.bundled_decks_dir", lambda: folder)
    return folder


def test_validate_takes_a_bundled_deck_id(bundled: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "mini"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 1 deck, 4 muscles, ")


def test_validate_finds_a_bundled_deck_by_id_when_its_file_has_another_name(
    bundled: Path,
) -> None:
    (bundled / "mini.yaml").rename(bundled / "test-region.yaml")
    result = CliRunner().invoke(cli, ["validate", "mini"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "mnii",
            ("quizzer: no such file or folder: mnii (and no bundled deck has that id; did you mean 'mini'?)"),
        ),
        ("nope.yaml", "quizzer: no such file or folder: nope.yaml"),
        ("some/folder", "quizzer: no such file or folder: some/folder"),
    ],
)
def test_validate_missing_names_have_no_made_up_position(bundled: Path, name: str, message: str) -> None:
    result = CliRunner().invoke(cli, ["validate", name])
    assert result.exit_code == 1
    assert result.output == message + "\n"


def test_cards_on_a_missing_file_has_no_made_up_position(tmp_path: Path) -> None:
    missing = tmp_path / "gone.yaml"
    result = CliRunner().invoke(cli, ["cards", str(missing)])
    assert result.exit_code == 1
    assert result.output == f"quizzer: {missing}: no such file or folder\n"


def test_a_file_named_twice_is_loaded_once(
    tmp_path: Path, mini_deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = tmp_path / "gm.yaml"
    shutil.copy(mini_deck, deck)
    monkeypatch.chdir(tmp_path)
    spellings = [Path("gm.yaml"), Path("./gm.yaml"), deck, tmp_path / "." / "gm.yaml"]
    assert deck_files(spellings) == [Path("gm.yaml")]
    assert deck_files([tmp_path, deck]) == [deck]
    library, selected = load_library(spellings, include_bundled=False)
    assert selected == ["mini"] and len(library.decks) == 1
    result = CliRunner().invoke(cli, ["validate", "gm.yaml", "gm.yaml"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 1 deck, 4 muscles")
    # Two different files with one deck id still clash.
    shutil.copy(mini_deck, tmp_path / "copy.yaml")
    result = CliRunner().invoke(cli, ["validate", "gm.yaml", "copy.yaml"])
    assert result.exit_code == 1 and "deck id 'mini' is also used by" in result.output


def test_cards_leaves_out_an_empty_source_line(tmp_path: Path) -> None:
    """A spreadsheet question without a source prints no bare "Source: " line."""
    sheet = tmp_path / "week.csv"
    sheet.write_text(
        "question,answer,source\nWhat does TFL stand for?,Tensor fasciae latae,\n"
        "Where is the ASIS?,Front of the ilium,Biel\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["cards", str(sheet)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Source: " not in lines and "Source:" not in lines
    assert "Source: Biel" in lines


def test_an_unknown_deck_or_muscle_gets_a_short_hint_not_every_id(capsys: pytest.CaptureFixture[str]) -> None:
    from quizzer.bank import unknown_id_hint

    known = [f"muscle-{n:03d}" for n in range(140)] + ["anterior-scalene", "middle-scalene", "scalenes"]
    # Close in spelling, or containing what was typed: named; otherwise how many and what
    # an id looks like, in one short line (it listed all 148 ids before).
    assert unknown_id_hint("scalene", known, "decks") == (
        " (did you mean one of: anterior-scalene, middle-scalene, scalenes?)"
    )
    assert unknown_id_hint("scalenes-x", known, "decks") == " (did you mean 'scalenes'?)"
    far = unknown_id_hint("nosuch", known, "decks")
    assert far.startswith("; 143 decks, such as muscle-000 and muscle-001") and len(far) < 120
    code, _, err = _main(["cards", "nosuch"], capsys)
    assert code == 1 and err.count("\n") == 1 and len(err) < 200, err
    assert err.startswith("quizzer: unknown deck 'nosuch': no such file, and no deck has that id; ")
    code, _, err = _main(["map", "nosuch"], capsys)
    assert code == 1 and err.count("\n") == 1 and len(err) < 200, err
