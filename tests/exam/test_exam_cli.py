"""``quizzer exam`` end to end: files, byte-identical reruns, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizzer.cli import cli, main

# Command plumbing: the bundled decks' content does not matter, eight stand in for the atlas.
pytestmark = pytest.mark.usefixtures("eight_bundled")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_writes_every_file_and_reruns_byte_identical(tmp_path: Path, mini_deck: Path) -> None:
    args = [str(mini_deck), "-n", "12", "--seed", "9", "--versions", "3"]
    code, out, err = _run("exam", *args, "-o", str(tmp_path / "one"))
    assert code == 0, err
    assert "12 questions, 3 versions, seed 9" in out
    _run("exam", *args, "-o", str(tmp_path / "two"))
    one = sorted(str(p.relative_to(tmp_path / "one")) for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert one == sorted(
        str(p.relative_to(tmp_path / "two")) for p in (tmp_path / "two").rglob("*") if p.is_file()
    )
    # per version: paper+key html, paper+key md, gift, csv; the versions table, the manifest
    # (and the pain maps of any picture question, in maps/)
    assert len([name for name in one if not name.startswith("maps/")]) == 3 * 6 + 2
    for name in one:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert not list((tmp_path / "one").glob(".*"))  # no temporary files left
    code, _, _ = _run("exam", *args[:-2], "--versions", "3", "--seed", "10", "-o", str(tmp_path / "three"))
    assert code == 0
    assert (tmp_path / "three" / "exam-A.csv").read_bytes() != (tmp_path / "one" / "exam-A.csv").read_bytes()


def test_formats_kinds_and_topics(tmp_path: Path, mini_deck: Path) -> None:
    code, _, err = _run(
        "exam",
        str(mini_deck),
        "-n",
        "4",
        "--format",
        "gift,csv",
        "--kinds",
        "mcq",
        "--topics",
        "anatomy",
        "-o",
        str(tmp_path),
    )
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exam-A.csv", "exam-A.gift.txt", "manifest.json"]
    rows = (tmp_path / "exam-A.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == 4 and all(",mcq," in row for row in rows)
    topics = {"Origin", "Insertion", "Actions", "Innervation", "Blood supply", "Depth", "Location"}
    assert all(any(f",{t}," in row for t in topics) for row in rows)


def test_blueprint(tmp_path: Path, mini_deck: Path) -> None:
    blueprint = tmp_path / "bp.yaml"
    blueprint.write_text("# per topic\norigin: 2\nactions: {multi: 1, mcq: 1}\nrice: 0\n", encoding="utf-8")
    code, out, err = _run(
        "exam", str(mini_deck), "--blueprint", str(blueprint), "--format", "csv", "-o", str(tmp_path / "out")
    )
    assert code == 0, err
    assert out.startswith("4 questions")
    text = (tmp_path / "out" / "exam-A.csv").read_text(encoding="utf-8")
    assert text.count(",Origin,") == 2 and text.count(",multi,") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("origin: [1\n", r"re::\d+:\d+: YAML syntax error"),
        ("origin: x\n", ":1:9: origin: expected a whole number, got 'x'"),
        ("orign: 2\n", ":1:1: unknown topic 'orign' (did you mean 'origin'?)"),
        ("actions: {mcqq: 1}\n", ":1:11: actions.mcqq: unknown key (did you mean 'mcq'?)"),
        ("- origin\n", ":1:1: expected a mapping of topic: count, got a list"),
        ("# nothing\n", ":1:1: blueprint is empty"),
        (
            "strain-grades: {order: 5}\n",
            ":1:17: topic 'strain-grades' is short: 5 order "
            "questions asked for, only 1 on distinct facts "
            "available",
        ),
        ("origin: -1\n", ":1:9: origin: -1 is out of range"),
    ],
)
def test_blueprint_errors_name_file_line_col(
    tmp_path: Path, mini_deck: Path, content: str, message: str
) -> None:
    import re

    blueprint = tmp_path / "bp.yaml"
    blueprint.write_text(content, encoding="utf-8")
    code, _out, err = _run("exam", str(mini_deck), "--blueprint", str(blueprint), "-o", str(tmp_path / "out"))
    assert code == 1
    assert err.startswith(f"quizzer: {blueprint}")
    if message.startswith("re:"):
        assert re.search(message[3:], err), err
    else:
        assert message in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b"origin: 1\n\xff\n", ":2:1: not UTF-8 text"), (b"origin: 1\0", ":1:1: binary file")],
)
def test_blueprint_bytes(tmp_path: Path, mini_deck: Path, raw: bytes, message: str) -> None:
    blueprint = tmp_path / "bp.yaml"
    blueprint.write_bytes(raw)
    code, _, err = _run("exam", str(mini_deck), "--blueprint", str(blueprint))
    assert code == 1 and err.startswith(f"quizzer: {blueprint}{message}"), err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "say how many questions with -n N, or give a --blueprint"),
        (["-n", "0"], "-n must be at least 1, got 0"),
        (["-n", "3", "--kinds", "mcqq"], "--kinds: unknown kind 'mcqq' (did you mean 'mcq'?)"),
        (["-n", "3", "--topics", "orign"], "--topics: unknown topic 'orign' (did you mean"),
        (["-n", "3", "--format", "pdf"], "--format: unknown format 'pdf'"),
        (["-n", "3", "--versions", "27"], "--versions must be between 1 and 26, got 27"),
        (["-n", "3", "--versions", "0"], "--versions must be between 1 and 26, got 0"),
        (
            ["-n", "3", "--topics", "origin", "--blueprint", "bp.yaml"],
            "--topics and --blueprint cannot be combined",
        ),
        (["-n", "3", "--date", "soon"], "--date: 'soon' is not a date like 2026-12-01"),
    ],
)
def test_argument_mistakes_are_one_usage_line(
    tmp_path: Path, mini_deck: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the README says of every command: one line naming the command, exit 2."""
    with pytest.raises(SystemExit) as ended:
        main(["exam", str(mini_deck), *args, "-o", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert ended.value.code == 2 and out == ""
    assert err.startswith(f"quizzer: exam: {message}"), err
    assert err.endswith(" (see quizzer exam --help)\n") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-n", "999"], "the bank has only"),
        (["-n", "3", "--kinds", "order", "--topics", "origin"], "no questions match"),
        (["-n", "3", "--blueprint", "missing.yaml"], "missing.yaml:1:1: cannot read file"),
    ],
)
def test_usage_errors_are_one_line(tmp_path: Path, mini_deck: Path, args: list[str], message: str) -> None:
    code, _, err = _run("exam", str(mini_deck), *args, "-o", str(tmp_path / "out"))
    assert code == 1
    assert err.startswith("quizzer: ") and message in err, err
    assert len(err.strip().splitlines()) == 1


def test_unwritable_output_is_a_clear_error(tmp_path: Path, mini_deck: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = _run("exam", str(mini_deck), "-n", "3", "-o", str(blocker / "sub"))
    assert code == 1 and err.startswith("quizzer: cannot write ")
    assert blocker.read_text(encoding="utf-8") == "x"


def test_help_lists_the_command() -> None:
    code, out, _ = _run("exam", "--help")
    assert code == 0 and "--blueprint" in out and "--versions" in out
