"""``quizzer map``: the pain map end to end from the command line."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quizzer.cli import cli

MINI = Path(__file__).parent.parent / "data" / "mini.yaml"


def test_map_prints_a_terminal_chart_of_a_bundled_muscle() -> None:
    result = CliRunner().invoke(cli, ["map", "gluteus-minimus"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Gluteus minimus: referral pattern"
    assert "×" in result.output and "⣿" in result.output
    assert lines[-2].split() == ["Back", "Right", "side"]
    assert all(len(line) <= 80 for line in lines) and len(lines) <= 24
    assert "\x1b[" not in result.output  # no colour codes when not writing to a terminal


def test_map_writes_svg_to_a_file_and_to_stdout(tmp_path: Path) -> None:
    out = tmp_path / "minimus.svg"
    result = CliRunner().invoke(cli, ["map", "gluteus-minimus", "--svg", str(out)])
    assert result.exit_code == 0, result.output
    assert ET.parse(out).getroot().tag.endswith("svg")
    result = CliRunner().invoke(cli, ["map", "alpha", str(MINI), "--svg", "-", "--no-title"])
    assert result.exit_code == 0, result.output
    assert "Alpha" not in result.output
    ET.fromstring(result.output)


@pytest.mark.slow  # about 2 s: the command run over the bundled decks
def test_map_reports_bad_input_in_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["map", "gluteus-medus"])
    assert result.exit_code == 1
    assert result.output == "quizzer: unknown muscle 'gluteus-medus' (did you mean 'gluteus-medius'?)\n"
    result = runner.invoke(cli, ["map", "piriformis", "--svg", str(tmp_path / "no" / "x.svg")])
    assert result.exit_code == 1
    assert result.output.startswith("quizzer: cannot write ") and result.output.count("\n") == 1
    raw = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    del raw["muscles"][3]["trigger_points"]
    deck = tmp_path / "bare.yaml"
    deck.write_text(yaml.safe_dump(raw), encoding="utf-8")
    result = runner.invoke(cli, ["map", "delta", str(deck)])
    assert result.exit_code == 1, result.output
    assert result.output == "quizzer: delta: the deck gives no referral zones to draw\n"


UPPER = Path(__file__).parent.parent / "data" / "upper.yaml"


@pytest.mark.slow  # about 2 s: the command run over the bundled decks
def test_map_draws_an_upper_body_muscle_large_and_whole_with_full(tmp_path: Path) -> None:
    # The fixture's upper trapezius alone: its other muscles share ids with bundled ones
    # (the command loads the bundled decks too, and a muscle id is defined once).
    raw = yaml.safe_load(UPPER.read_text(encoding="utf-8"))
    raw["muscles"] = [m for m in raw["muscles"] if m["id"] == "upper-trapezius"]
    deck = tmp_path / "upper-trapezius.yaml"
    deck.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["map", "upper-trapezius", str(deck)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-2].strip() == "Right side"  # neck, mastoid, temple: the side view alone
    assert all(len(line) <= 80 for line in lines) and len(lines) <= 24
    cropped, whole = tmp_path / "cropped.svg", tmp_path / "whole.svg"
    for path, extra in ((cropped, []), (whole, ["--full"])):
        result = CliRunner().invoke(cli, ["map", "upper-trapezius", str(deck), "--svg", str(path), *extra])
        assert result.exit_code == 0, result.output

    def height(path: Path) -> float:
        return float(ET.parse(path).getroot().get("viewBox", "").split()[3])

    # The cropped chart shows a head and shoulders: a quarter of the figure's height.
    assert height(cropped) < height(whole) / 3


@pytest.mark.slow  # about 2 s: CI runs it after the quick suite
def test_map_finds_a_muscle_by_its_name_or_alias_as_the_app_does() -> None:
    """`quizzer map TFL`, `"glute med"` and the full name draw the muscle (the app's
    palette finds them so); a word that names several muscles says which."""
    runner = CliRunner()
    for name in ("TFL", "glute med", "Tensor fasciae latae", "tensor-fasciae-latae"):
        expected = "Tensor fasciae latae" if name != "glute med" else "Gluteus medius"
        result = runner.invoke(cli, ["map", name])
        assert result.exit_code == 0, (name, result.output)
        assert result.output.splitlines()[0] == f"{expected}: referral pattern", name
    result = runner.invoke(cli, ["map", "glute m"])
    assert result.exit_code == 1
    assert result.output == (
        "quizzer: 'glute m' names several muscles: gluteus-maximus, "
        "gluteus-medius, gluteus-minimus; give one of them\n"
    )
