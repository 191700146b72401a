"""``quizzer exam --format qti``: IMS QTI 1.2 packages that a QTI reader reads with every right answer."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from text2qti.config import Config
from text2qti.qti import QTI
from text2qti.quiz import Quiz

from quizzer.cli import main
from quizzer.decks import load_library
from quizzer.export.exam import Exam, build_exam
from quizzer.export.exam_csv import printed_stem
from quizzer.export.exam_files import render_exam
from quizzer.export.qti import write_qti
from quizzer.generate import generate
from quizzer.model import Kind
from tests.exam.qti_reader import read_package

DATA = Path(__file__).resolve().parent.parent / "data"


def test_the_reader_reads_what_text2qti_writes() -> None:
    """The test's reader against Canvas QTI from text2qti, so it is not tuned to our writer."""
    text = (
        "Quiz title: Reader check\n\n"
        "1.  Which nerve supplies gluteus medius?\n"
        "a)  Inferior gluteal nerve\n*b)  Superior gluteal nerve\nc)  Femoral nerve\n\n"
        "2.  Select the abductors of the hip.\n"
        "[*] Gluteus medius\n[ ] Adductor longus\n[*] Gluteus minimus\n\n"
        "3.  Which gait shows the pelvis dropping on the swing side?\n"
        "*   Trendelenburg\n"
    )
    quiz = Quiz(text, config=Config())
    title, items = read_package(QTI(quiz).zip_bytes())
    assert title == "Reader check"
    assert [(i.type, i.right, i.accepted) for i in items] == [
        ("multiple_choice_question", ["Superior gluteal nerve"], []),
        ("multiple_answers_question", ["Gluteus medius", "Gluteus minimus"], []),
        ("short_answer_question", [], ["Trendelenburg"]),
    ]


EVERY_KIND = {Kind.MCQ, Kind.MULTI, Kind.NOT, Kind.ORDER, Kind.BASIC, Kind.CLOZE}


@pytest.fixture(scope="module")
def exam() -> Exam:
    # A 30-question paper of the mini deck with every kind on it: the deck has one order
    # question and two "NOT" ones, so not every seed's paper holds them all; the first
    # seed whose paper does (spreading over kinds is a preference of the selection).
    library, selected = load_library([DATA / "mini.yaml"], include_bundled=False)
    pool = generate(library, selected)
    for seed in range(2, 12):
        exam = build_exam(pool, n=30, seed=seed, versions=3, library=library)
        if {q.kind for q in exam.questions} >= EVERY_KIND:
            return exam
    raise AssertionError("no paper of the mini deck holds every kind")


def test_every_item_reads_back_with_its_right_answer(exam: Exam) -> None:
    assert {q.kind for q in exam.questions} >= EVERY_KIND
    for version in exam.versions:
        title, items = read_package(write_qti(exam, version))
        assert title.endswith(f"version {version.letter}")
        assert len(items) == len(version.items)
        for item, entry in zip(items, version.items, strict=True):
            q = entry.question
            assert item.metadata["quizzer_question_id"] == q.id
            assert item.stem == printed_stem(q, exam)
            right = [q.options[i] for i in q.correct]
            if q.kind in (Kind.MCQ, Kind.NOT):
                assert (item.type, item.right) == ("multiple_choice_question", right)
                assert list(item.choices.values()) == list(q.options)
            elif q.kind is Kind.MULTI:
                assert (item.type, sorted(item.right)) == ("multiple_answers_question", sorted(right))
            elif q.kind is Kind.ORDER:
                places = ["1st", "2nd", "3rd", "4th", "5th", "6th"]
                assert item.type == "matching_question"
                assert item.right == [f"{o} → {places[q.correct.index(i)]}" for i, o in enumerate(q.options)]
            elif item.type == "short_answer_question":
                assert item.accepted and item.accepted[0] in q.answer
            else:
                assert item.type == "essay_question" and not item.accepted
                assert q.answer.split("\n")[0] in item.feedback
            if q.explanation:
                assert q.explanation.split("\n")[0] in item.feedback


def test_the_command_writes_one_package_per_version(tmp_path: Path) -> None:
    out = tmp_path / "exam"
    try:
        main(
            ["exam", str(DATA / "mini.yaml"), "-n", "8", "--versions", "2", "--format", "qti", "-o", str(out)]
        )
    except SystemExit as exc:
        assert exc.code == 0
    assert sorted(p.name for p in out.iterdir()) == ["exam-A.qti.zip", "exam-B.qti.zip", "manifest.json"]
    for name in ("exam-A.qti.zip", "exam-B.qti.zip"):
        data = (out / name).read_bytes()
        with zipfile.ZipFile(BytesIO(data)) as package:
            assert "imsmanifest.xml" in package.namelist()
        _, items = read_package(data)
        assert len(items) == 8


def test_packages_are_reproducible_and_escape_markup(tmp_path: Path) -> None:
    library, selected = load_library([DATA / "exam_hostile.yaml"], include_bundled=False)
    pool = generate(library, selected)
    made = build_exam(pool, n=6, seed=4, library=library)
    again = build_exam(pool, n=6, seed=4, library=library)
    assert render_exam(made, ["qti"]) == render_exam(again, ["qti"])
    _, items = read_package(write_qti(made, made.versions[0]))
    texts = [i.stem for i in items] + [c for i in items for c in i.choices.values()]
    # Deck text is text: tags come out as written, never as markup.
    assert any("<" in t for t in texts) or any("&" in t for t in texts)
    for item, entry in zip(items, made.versions[0].items, strict=True):
        assert (
            list(item.choices.values())[: len(entry.question.options)] == list(entry.question.options)
            or entry.question.kind is Kind.ORDER
        )
