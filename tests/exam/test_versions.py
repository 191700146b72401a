"""Versions: same questions, different order and options; each key matches its version."""

from __future__ import annotations

import csv
import io
import random
import re

import pytest

from quizzer.export.exam import Exam, build_exam, shuffle_options
from quizzer.export.exam_csv import write_csv
from quizzer.export.exam_md import write_key_md
from quizzer.model import ALL, Facet, Kind, Question, QuestionKey


@pytest.fixture(scope="module")
def exam(mini_pool: list[Question]) -> Exam:
    return build_exam(mini_pool, n=16, seed=11, versions=4)


def test_versions_share_questions_in_different_orders(exam: Exam) -> None:
    ids = [sorted(i.base.id for i in v.items) for v in exam.versions]
    assert all(v == ids[0] for v in ids)
    orders = [tuple(i.base.id for i in v.items) for v in exam.versions]
    assert len(set(orders)) == len(orders)
    assert [v.letter for v in exam.versions] == ["A", "B", "C", "D"]


def test_options_are_shuffled_but_keep_their_answers(exam: Exam) -> None:
    moved = 0
    for version in exam.versions:
        for item in version.items:
            q, base = item.question, item.base
            assert sorted(q.options) == sorted(base.options)
            right = [q.options[i] for i in q.correct]
            base_right = [base.options[i] for i in base.correct]
            if q.kind is Kind.ORDER:
                assert right == base_right
            else:
                assert sorted(right) == sorted(base_right)
            moved += q.options != base.options
    assert moved > 0


def test_order_questions_are_never_shown_solved() -> None:
    q = Question(
        QuestionKey("d", "m", Facet.RICE, ALL, Kind.ORDER),
        question="Order",
        answer="",
        options=("R", "I", "C", "E"),
        correct=(0, 1, 2, 3),
    )
    for seed in range(200):
        shown = shuffle_options(q, random.Random(seed), keep=seed % 2 == 0)
        assert list(shown.correct) != [0, 1, 2, 3]
        assert [shown.options[i] for i in shown.correct] == ["R", "I", "C", "E"]


def test_crossref_positions(exam: Exam) -> None:
    for number, qid, positions in exam.crossref():
        assert exam.versions[0].items[number - 1].base.id == qid
        for version, position in zip(exam.versions, positions, strict=True):
            assert version.items[position - 1].base.id == qid


def test_csv_key_matches_each_version(exam: Exam) -> None:
    for version in exam.versions:
        rows = list(csv.DictReader(io.StringIO(write_csv(exam, version), newline="")))
        assert len(rows) == len(version.items)
        for row, item in zip(rows, version.items, strict=True):
            q = item.question
            assert row["id"] == q.id and int(row["number"]) == item.number
            if not q.options:
                continue
            letters = [s.strip() for s in row["correct"].split(",")]
            picked = [row[f"option {letter}"] for letter in letters]
            assert picked == [q.options[i] for i in q.correct]


def test_markdown_key_matches_each_version(exam: Exam) -> None:
    for version in exam.versions:
        key = write_key_md(exam, version)
        summary = key.split("\n### ")[0]
        table = re.findall(r"^\| (\d+) \| ([^|]*) \|", summary, flags=re.M)
        answers = {int(n): a.strip() for n, a in table}
        for item in version.items:
            q = item.question
            if q.kind is Kind.ORDER:
                expected = " → ".join(chr(65 + i) for i in q.correct)
            elif q.options:
                expected = ", ".join(chr(65 + i) for i in q.correct)
            else:
                continue
            assert answers[item.number] == expected
        if len(exam.versions) > 1:
            assert "## Versions cross-reference" in key


def test_no_question_keeps_its_number_across_versions(exam: Exam) -> None:
    for _, _, positions in exam.crossref():
        assert len(set(positions)) == len(positions)
