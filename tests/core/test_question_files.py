"""Question files: a spreadsheet's CSV (and a deck's ``questions:``) as a deck in every command."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from quizzer.cli import main
from quizzer.decks import DeckError, load_library
from quizzer.export.exam import build_exam
from quizzer.export.exam_csv import write_csv
from quizzer.generate import generate
from quizzer.model import Facet, Kind, Question
from quizzer.spreadsheet import TRIGGERS

DATA = Path(__file__).resolve().parent.parent / "data"
HEADER = [
    "question",
    "option A",
    "option B",
    "option C",
    "option D",
    "correct",
    "kind",
    "answer",
    "explanation",
    "topic",
    "muscle",
    "id",
]

# Command plumbing: the bundled decks' content does not matter, eight stand in for the atlas.
pytestmark = pytest.mark.usefixtures("eight_bundled")


def _main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def _sheet(
    path: Path,
    rows: list[list[str]],
    *,
    header: list[str] = HEADER,
    bom: bool = True,
    delimiter: str = ",",
    newline: str = "\r\n",
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator=newline).writerows([header, *rows])
    return path


def _own(paths: list[Path]) -> list[Question]:
    library, selected = load_library(paths, include_bundled=False)
    return [q for deck in library.decks if deck.id in selected for q in deck.questions]


# --- a spreadsheet's file works --------------------------------------------------------


def test_the_spreadsheet_fixture_gives_every_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _main(
        ["cards", str(DATA / "mini.yaml"), str(DATA / "questions.csv"), "--format", "jsonl"], capsys
    )
    assert code == 0, err
    own = [json.loads(line) for line in out.splitlines() if json.loads(line)["deck"] == "questions"]
    assert [q["kind"] for q in own] == ["mcq", "multi", "not", "order", "cloze", "basic", "mcq"]
    nerve, multi, not_, order, cloze, basic, formula = own
    assert nerve["id"] == "questions/alpha/innervation/alpha-nerve/mcq"
    assert nerve["options"][nerve["correct"][0]] == "Upper nerve"
    assert multi["correct"] == [0, 2] and multi["facet"] == "actions"
    assert not_["correct"] == [1]
    assert order["correct"] == [1, 0, 3, 2] and order["answer"] == "Rest → Ice → Compress → Elevate"
    assert cloze["question"] == "Alpha is supplied by the {{c1::upper nerve}}."
    assert basic["facet"] == "questions" and basic["answer"] == "Eversion"
    assert "quizzer::label::kinesiology" in basic["tags"]
    # The quote that keeps a spreadsheet from running a formula is removed on reading.
    assert formula["options"] == ["=SUM(A1)", "-1", "+2", "@cell"]
    assert formula["question"].startswith("A multi-line\nquestion")
    for q in own:
        assert re.fullmatch(r"questions/[a-z0-9-]+/[a-z-]+/[a-z0-9-]+/[a-z]+", q["id"]), q["id"]


def test_validate_counts_the_hand_written_questions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _main(["validate", str(DATA / "questions.csv")], capsys)
    assert code == 1  # its muscles are in the mini deck
    code, out, _ = _main(["validate", str(DATA / "mini.yaml"), str(DATA / "questions.csv")], capsys)
    assert code == 0
    assert re.fullmatch(r"ok: 2 decks, 4 muscles, \d+ questions \(7 written by hand\)\n", out)


@pytest.mark.parametrize(
    ("bom", "delimiter", "newline"),
    [(True, ",", "\r\n"), (False, ",", "\n"), (True, ";", "\r\n"), (False, "\t", "\n")],
)
def test_any_spreadsheet_dialect_reads_the_same(
    tmp_path: Path, bom: bool, delimiter: str, newline: str
) -> None:
    rows = [["Which nerve?", "Upper nerve", "Lower nerve", "", "", "B", "", "", "", "", "", ""]]
    path = _sheet(tmp_path / "week-1.csv", rows, bom=bom, delimiter=delimiter, newline=newline)
    (q,) = _own([path])
    assert (q.deck, q.deck_name, q.options, q.correct) == (
        "week-1",
        "Week 1",
        ("Upper nerve", "Lower nerve"),
        (1,),
    )


def test_a_folder_holds_question_files_beside_yaml_decks(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_bytes((DATA / "mini.yaml").read_bytes())
    _sheet(
        tmp_path / "extra.csv",
        [["Where is alpha?", "", "", "", "", "", "", "Under beta", "", "location", "Alpha muscle", ""]],
    )
    library, selected = load_library([tmp_path], include_bundled=False)
    assert selected == ["extra", "mini"]  # the folder's files in name order
    (q,) = library.deck("extra").questions
    assert (q.muscle, q.muscle_name, q.facet) == ("alpha", "Alpha muscle", Facet.LOCATION)
    assert any(g.deck == "mini" for g in generate(library, selected))


def test_a_deck_column_puts_rows_into_that_deck(tmp_path: Path) -> None:
    path = _sheet(
        tmp_path / "mixed.csv",
        [
            ["Q one?", "", "", "", "", "", "", "A one", "", "", "", "", "Mini deck"],
            ["Q two?", "", "", "", "", "", "", "A two", "", "", "", "", "Midterm review"],
            ["Q three?", "", "", "", "", "", "", "A three", "", "", "", "", ""],
        ],
        header=[*HEADER, "deck"],
    )
    library, selected = load_library([DATA / "mini.yaml", path], include_bundled=False)
    assert selected == ["mini", "midterm-review", "mixed"]
    assert [q.question for q in library.deck("mini").questions] == ["Q one?"]
    assert library.deck("midterm-review").name == "Midterm review"
    assert [q.deck_name for q in library.deck("mixed").questions] == ["Mixed"]


# --- identity --------------------------------------------------------------------------


def test_ids_follow_the_id_column_or_the_wording(tmp_path: Path) -> None:
    def ids(question: str, explanation: str, given_id: str) -> str:
        path = _sheet(
            tmp_path / "q.csv", [[question, "Yes", "No", "", "", "A", "", "", explanation, "", "", given_id]]
        )
        (q,) = _own([path])
        return q.id

    derived = ids("Is it?", "Because.", "")
    assert derived == ids("Is it?", "Because, reworded.", "")  # the explanation is not wording
    assert derived != ids("Is it really?", "Because.", "")  # the question is
    assert (
        ids("Is it?", "", "is-it") == ids("Is it really?", "Edited.", "is-it") == ("q/-/questions/is-it/mcq")
    )


def test_the_ids_command_keeps_progress_and_fixes_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _sheet(
        tmp_path / "q.csv",
        [
            ["Is it?", "=Yes", "No", "", "", "A", "", "", "", "", "", ""],
            ["Or not?", "Yes", "No", "", "", "B", "", "", "", "", "", "keep-me"],
        ],
    )
    before = [q.id for q in _own([path])]
    code, out, err = _main(["ids", str(path)], capsys)
    assert code == 0, err
    assert "1 id written" in out
    text = path.read_text(encoding="utf-8-sig")
    assert "'=Yes" in text  # still spreadsheet-safe
    after = [q.id for q in _own([path])]
    assert after == before
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][0] = "Is it, reworded?"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    assert [q.id for q in _own([path])] == before
    code, out, _ = _main(["ids", str(path)], capsys)
    assert (code, "every question already has an id" in out) == (0, True)


# --- bad rows --------------------------------------------------------------------------

BAD = [
    (
        ["Which?", "Yes", "No", "", "", "C", "", "", "", "", "", ""],
        "correct: letter C is beyond the options (only A–B are filled)",
    ),
    (["Which?", "Yes", "No", "", "", "", "", "", "", "", "", ""], "correct: no right letter"),
    (["", "Yes", "No", "", "", "A", "", "", "", "", "", ""], "question: empty question"),
    (
        ["Which?", "Yes", "No", "", "", "A", "mcqq", "", "", "", "", ""],
        "kind: unknown kind 'mcqq' (did you mean 'mcq'?)",
    ),
    (
        ["Which?", "Yes", "", "Maybe", "", "A", "", "", "", "", "", ""],
        "option B: empty, but option C is filled",
    ),
    (["Which?", "Yes", "yes", "", "", "A", "", "", "", "", "", ""], "option B: the same text as option A"),
    (
        ["Which?", "Yes", "No", "", "", "A, B", "mcq", "", "", "", "", ""],
        "correct: a mcq question has one right letter",
    ),
    (
        ["Order?", "One", "Two", "Three", "", "B, A", "order", "", "", "", "", ""],
        "correct: an order question lists every option's letter, first to last (missing: C)",
    ),
    (["What?", "", "", "", "", "", "basic", "", "", "", "", ""], "answer: a basic question needs an answer"),
    (
        ["Which?", "Yes", "No", "", "", "A", "", "", "", "", "Alpha musle", ""],
        "muscle: unknown muscle 'Alpha musle' (did you mean 'alpha muscle'?)",
    ),
    (
        ["Which?", "Yes", "No", "", "", "A", "", "", "", "", "", "Bad Id"],
        "id: 'Bad Id' is not a lowercase slug",
    ),
    (
        ["Which?", "Yes", "No", "", "", "A", "", "", "", "Orgin", "", ""],
        "topic: unknown topic 'Orgin' (did you mean 'origin'?)",
    ),
    (
        ["Which?", "Yes\x1fNo", "No", "", "", "A", "", "", "", "", "", ""],
        "option A: control character U+001F is not allowed (a terminal would act on it)",
    ),
]


@pytest.mark.parametrize(
    ("row", "message"), BAD, ids=[m.split(":")[0] + str(i) for i, (_, m) in enumerate(BAD)]
)
def test_a_bad_row_is_one_line_with_file_and_line(
    tmp_path: Path, row: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    good = ["Fine?", "Yes", "No", "", "", "A", "", "", "", "", "", ""]
    path = _sheet(tmp_path / "bad.csv", [good, row])
    code, out, err = _main(["cards", str(DATA / "mini.yaml"), str(path)], capsys)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines == [f"quizzer: {path}:3: {message}"] or (
        len(lines) == 1 and lines[0].startswith(f"quizzer: {path}:3: {message}")
    ), lines


def test_every_bad_row_is_reported_and_nothing_is_loaded(tmp_path: Path) -> None:
    rows = [
        ["Multi\nline\nstem?", "Yes", "No", "", "", "Z", "", "", "", "", "", ""],
        ["Fine?", "Yes", "No", "", "", "A", "", "", "", "", "", "same"],
        ["Also fine?", "Yes", "No", "", "", "A", "", "", "", "", "", "same"],
    ]
    path = _sheet(tmp_path / "bad.csv", rows, header=[*HEADER, "colour"])
    with pytest.raises(DeckError) as caught:
        load_library([path], include_bundled=False)
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].startswith(f"{path}:1: colour: unknown column")
    assert len(messages) == 3
    path = _sheet(tmp_path / "bad.csv", rows)
    with pytest.raises(DeckError) as caught:
        load_library([path], include_bundled=False)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: correct: 'Z' is not an option letter (A–B)",
        f"{path}:6: id: duplicate id 'same' (first at line 5)",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "1: file is empty"),
        (
            b"question,option A\r\nfine?\xff\r\n",
            "2: not UTF-8 text (byte 0xff): save the sheet as 'CSV UTF-8'",
        ),
        (b'question\r\n"open quote\r\n', "CSV syntax error"),
        (b"answer,explanation\r\nx,y\r\n", "1: question: no 'question' column"),
        (b"question,option A,option A\r\nx,y,z\r\n", "1: option A: the column is named twice"),
        (b"question,answer\r\n", "1: no questions"),
    ],
)
def test_a_broken_file_is_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(DeckError) as caught:
        load_library([path], include_bundled=False)
    (problem,) = caught.value.problems
    assert message in str(problem) and str(problem).startswith(f"{path}:")


# --- the exam CSV round trip -----------------------------------------------------------


def test_an_exam_csv_reads_back_with_every_question_option_and_answer(tmp_path: Path) -> None:
    library, selected = load_library([DATA / "mini.yaml"], include_bundled=False)
    pool = generate(library, selected)
    assert {q.kind for q in pool} == set(Kind)
    exam = build_exam(pool, n=24, seed=5, versions=2, library=library)
    for version in exam.versions:
        path = tmp_path / f"exam-{version.letter}.csv"
        path.write_text(write_csv(exam, version), encoding="utf-8", newline="")
        library2, selected2 = load_library([DATA / "mini.yaml", path], include_bundled=False)
        assert selected2 == ["mini"]  # the rows name the deck they came from
        read = {q.id: q for q in library2.deck("mini").questions}
        assert len(read) == len(version.items)
        for item in version.items:
            q = item.question
            back = read[q.id]
            assert (back.kind, back.options, back.correct, back.facet, back.muscle) == (
                q.kind,
                q.options,
                q.correct,
                q.facet,
                q.muscle,
            )
            # A cloze is printed with blanks; its gaps come back from the answer.
            assert (back.question, back.answer) == (q.question, q.answer)
        # Read back, the edited copies take the place of the generated questions.
        bank = generate(library2, selected2)
        assert len(bank) == len(pool)
        assert {q.id for q in bank} == {q.id for q in pool}


def test_an_edited_exam_csv_without_its_deck_column_is_a_deck_of_its_own(tmp_path: Path) -> None:
    library, selected = load_library([DATA / "mini.yaml"], include_bundled=False)
    exam = build_exam(generate(library, selected), n=10, seed=1, library=library)
    rows = list(csv.reader(write_csv(exam, exam.versions[0]).splitlines()))
    deck_column = rows[0].index("deck")
    path = tmp_path / "edited.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([r[:deck_column] + r[deck_column + 1 :] for r in rows])
    library2, selected2 = load_library([DATA / "mini.yaml", path], include_bundled=False)
    assert selected2 == ["mini", "edited"]
    own = generate(library2, ["edited"])
    assert len(own) == 10 and all(q.id.startswith("edited/") for q in own)
    assert {q.id.split("/", 1)[1] for q in own} == {q.id.split("/", 1)[1] for q in exam.questions}


def test_hand_written_questions_go_through_every_exam_format(tmp_path: Path) -> None:
    from quizzer.export.exam_files import render_exam

    library, _ = load_library([DATA / "mini.yaml", DATA / "questions.csv"], include_bundled=False)
    pool = generate(library, ["questions"])
    exam = build_exam(pool, n=7, seed=0, library=library)
    files = render_exam(exam, ["html", "md", "gift", "csv"])
    for name, text in files.items():
        if name.endswith(".csv"):
            assert isinstance(text, str)
            cells = [c for row in csv.reader(text.splitlines()) for c in row]
            assert not any(c.startswith(tuple(TRIGGERS)) for c in cells)
        assert "Which nerve supplies alpha?" in text, name


# --- YAML decks may hold questions too ---------------------------------------------------

YAML_QUESTIONS = """\
deck: {id: class-questions, name: Class questions}
questions:
  - id: nerve-of-alpha
    question: Which nerve supplies alpha?
    options: [Upper nerve, Lower nerve, Middle nerve]
    correct: A
    topic: innervation
    muscle: alpha
    explanation: The upper nerve.
  - id: eversion
    question: What is turning the sole outward called?
    answer: Eversion
"""


def test_a_yaml_deck_may_hold_questions_only(tmp_path: Path) -> None:
    path = tmp_path / "class.yaml"
    path.write_text(YAML_QUESTIONS, encoding="utf-8")
    library, selected = load_library([DATA / "mini.yaml", path], include_bundled=False)
    assert selected == ["mini", "class-questions"]
    nerve, eversion = generate(library, ["class-questions"])
    assert nerve.id == "class-questions/alpha/innervation/nerve-of-alpha/mcq"
    assert (nerve.correct, nerve.muscle_name) == ((0,), "Alpha muscle")
    assert (eversion.kind, eversion.id) == (Kind.BASIC, "class-questions/-/questions/eversion/basic")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("correct: A", "correct: D"), "6:14: questions[0].correct: letter D is beyond the options"),
        (("muscle: alpha", "muscle: alfa"), "8:13: questions[0].muscle: unknown muscle 'alfa'"),
        (
            ("[Upper nerve, Lower nerve, Middle nerve]", "[Upper nerve, Upper nerve]"),
            "5:28: questions[0].options[1]: the same text as option A",
        ),
        (
            ("id: eversion", "id: nerve-of-alpha"),
            "10:5: questions[1]: duplicate id 'nerve-of-alpha' (first at line 3)",
        ),
        (("    answer: Eversion\n", ""), "10:5: questions[1]: a basic question needs an answer"),
        (("questions:", "muscles_and_questions:"), "1:1: a deck needs 'muscles', 'groups' or 'questions'"),
    ],
)
def test_bad_yaml_questions_have_file_line_and_column(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = tmp_path / "class.yaml"
    text = YAML_QUESTIONS.replace(*change)
    if change[0] == "questions:":
        text = "deck: {id: class-questions, name: Class questions}\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        load_library([DATA / "mini.yaml", path], include_bundled=False)
    assert any(str(p).startswith(f"{path}:{message}") for p in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]
