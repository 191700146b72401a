"""Symptom → muscle questions and the red flags in ``quizzer exam``: asked, keyed right."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizzer.cli import cli
from quizzer.decks import load_library
from quizzer.discovery import bundled_decks_dir
from quizzer.generate.symptoms import WHERE
from quizzer.questions import LETTERS
from quizzer.regions import BODY_REGIONS


def _rows(folder: Path) -> list[dict[str, str]]:
    text = (folder / "exam-A.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _right(row: dict[str, str]) -> set[str]:
    return {row[f"option {letter}"] for letter in row["correct"].replace(" ", "").split(",")}


def _options(row: dict[str, str]) -> list[str]:
    return [row[f"option {letter}"] for letter in LETTERS if row.get(f"option {letter}")]


@pytest.mark.slow  # an exam of every referral question of the atlas
def test_a_referral_exam_asks_symptom_questions_keyed_by_the_referral_zones(tmp_path: Path) -> None:
    folder = bundled_decks_dir() / "forearm-hand"
    result = CliRunner().invoke(
        cli,
        [
            "exam",
            str(folder),
            "--topics",
            "referral",
            "--kinds",
            "mcq,multi",
            "-n",
            "20",
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.stderr
    library, _ = load_library()
    by_name = {m.name: m for m in library.muscles()}
    phrases = {phrase: region for region, phrase in WHERE.items()}
    which = where = 0
    for row in _rows(tmp_path):
        if row["question"].startswith("A client reports pain "):
            which += 1
            phrase = row["question"].removeprefix("A client reports pain ").split(". ")[0]
            region = phrases[phrase]
            for option in _options(row):
                refers = region in {z.region for z in by_name[option].referral_zones}
                assert refers == (option in _right(row)), (row["question"], option)
        elif row["question"].startswith("A client has active trigger points in "):
            where += 1
            muscle = by_name[row["muscle"]]
            essential = {BODY_REGIONS[z.region] for z in muscle.referral_zones if z.zone.value == "essential"}
            anywhere = {BODY_REGIONS[z.region] for z in muscle.referral_zones}
            (key,) = _right(row)
            assert key in essential, row["question"]
            assert not anywhere & (set(_options(row)) - {key}), row["question"]
    assert which and where, (which, where)
    paper = (tmp_path / "exam-A-paper.html").read_text(encoding="utf-8")
    assert "A client reports pain" in paper


def test_the_red_flags_make_an_exam_of_their_own(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["exam", "clinical-reasoning", "--topics", "professional-help", "-n", "12", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stderr
    rows = _rows(tmp_path)
    assert len(rows) == 12
    assert {row["kind"] for row in rows} == {"mcq", "multi"}
    assert all(row["explanation"] and row["source"] for row in rows)
    assert any("deep vein thrombosis" in row["explanation"] for row in rows)
    key = (tmp_path / "exam-A-key.md").read_text(encoding="utf-8")
    assert "emergency medical services" in key
