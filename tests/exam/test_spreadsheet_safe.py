"""No CSV cell that Quizzer writes starts a spreadsheet formula, and the reader undoes the escape."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from quizzer.decks import load_library
from quizzer.export.exam import build_exam
from quizzer.export.exam_files import render_exam
from quizzer.generate import generate
from quizzer.model import Kind
from quizzer.spreadsheet import TRIGGERS, neutralize_cell, restore_cell, write_rows

DATA = Path(__file__).resolve().parent.parent / "data"
_TEXT_KEYS = {"text", "name", "title", "description", "location", "why", "note"}


def _poison(node: Any, triggers: itertools.cycle[str]) -> Any:
    """Every text of a deck prefixed with a formula trigger (=, +, -, @ in turn)."""
    if isinstance(node, dict):
        return {
            k: (next(triggers) + v if k in _TEXT_KEYS and isinstance(v, str) else _poison(v, triggers))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_poison(v, triggers) for v in node]
    return node


def formula_deck(tmp_path: Path) -> Path:
    data = yaml.safe_load((DATA / "mini.yaml").read_text(encoding="utf-8"))
    poisoned = _poison(data, itertools.cycle(["=", "+", "-", "@", "=cmd|' /C calc'!A0 "]))
    path = tmp_path / "formula.yaml"
    path.write_text(yaml.safe_dump(poisoned, allow_unicode=True), encoding="utf-8")
    return path


def _cells(text: str | bytes) -> list[str]:
    assert isinstance(text, str)  # every CSV file of an exam is text
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def test_no_exam_csv_cell_starts_a_formula(tmp_path: Path) -> None:
    library, selected = load_library([formula_deck(tmp_path)])
    pool = generate(library, selected)
    exam = build_exam(pool, n=12, seed=3, versions=3, library=library)
    files = render_exam(exam, ["csv"])
    assert {"exam-A.csv", "exam-B.csv", "exam-C.csv", "exam-versions.csv"} <= set(files)
    triggered = 0
    for name, text in files.items():
        for cell in _cells(text):
            assert not cell.startswith(tuple(TRIGGERS)), (name, cell)
            triggered += restore_cell(cell) != cell
    # The crafted deck really does put formulas into the paper (they are all escaped).
    assert triggered > 20


def test_every_kind_from_a_crafted_deck_is_safe(tmp_path: Path) -> None:
    library, selected = load_library([formula_deck(tmp_path)])
    pool = generate(library, selected)
    assert {q.kind for q in pool} == set(Kind)
    exam = build_exam(pool, n=len({q.fact for q in pool}) // 3, seed=0, library=library)
    for cell in _cells(render_exam(exam, ["csv"])["exam-A.csv"]):
        assert not cell.startswith(tuple(TRIGGERS)), cell


def test_write_rows_escapes_tab_and_carriage_return_too() -> None:
    text = write_rows([["\tSUM(A1)", "\r=1", "plain", "-3", "@x", "+1", "=1+1", "'=keep"]])
    cells = _cells(text)
    assert cells == ["'\tSUM(A1)", "'\r=1", "plain", "'-3", "'@x", "'+1", "'=1+1", "''=keep"]
    assert [restore_cell(c) for c in cells] == [
        "\tSUM(A1)",
        "\r=1",
        "plain",
        "-3",
        "@x",
        "+1",
        "=1+1",
        "'=keep",
    ]


@given(st.text(alphabet=st.sampled_from(list("'=+-@\t\rab ,\"\n")), max_size=12))
def test_neutralize_then_restore_is_the_identity(text: str) -> None:
    cell = neutralize_cell(text)
    assert not cell.startswith(tuple(TRIGGERS))
    assert restore_cell(cell) == text
