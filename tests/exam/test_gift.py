"""Moodle GIFT: a reader ported from Moodle's importer checks that every question, option,
weight and feedback survives, whatever the deck text holds."""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from quizzer.export import maps
from quizzer.export.exam import Exam, build_exam, cloze_parts
from quizzer.export.gift import (
    MAP_HEIGHT,
    MOODLE_PERCENTS,
    OPTION_MAP_HEIGHT,
    escape,
    multi_weights,
    percent,
    rich,
    write_gift,
)
from quizzer.model import Kind, Question

# --- a port of qformat_gift::readquestion (Moodle 4.x question/format/gift/format.php) ---

_PRE = [
    ("\\:", "&&058;"),
    ("\\#", "&&035;"),
    ("\\=", "&&061;"),
    ("\\{", "&&123;"),
    ("\\}", "&&125;"),
    ("\\~", "&&126;"),
    ("\\n", "&&010"),
]
_POST = [
    ("&&058;", ":"),
    ("&&035;", "#"),
    ("&&061;", "="),
    ("&&123;", "{"),
    ("&&125;", "}"),
    ("&&126;", "~"),
    ("&&010", "\n"),
]
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = {"moodle", "html", "plain", "markdown"}


@dataclass
class Parsed:
    qtype: str
    name: str = ""
    text: str = ""
    fmt: str = "moodle"
    category: str = ""
    general: str = ""
    answers: list[str] = field(default_factory=list)
    fractions: list[float] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)
    single: bool = True
    pairs: list[tuple[str, str]] = field(default_factory=list)


def _pre(s: str) -> str:
    s = s.replace("\\\\", "&&092;")
    for a, b in _PRE:
        s = s.replace(a, b)
    return s.replace("&&092;", "\\")


def _post(s: str) -> str:
    for a, b in _POST:
        s = s.replace(a, b)
    return s


def _with_format(text: str, default: str) -> tuple[str, str]:
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end]
        if name in _FORMATS:
            fmt, text = name, text[end + 1 :]
    return _post(text).strip(), fmt


def read_gift(text: str) -> list[Parsed]:
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [q for q in (_read(b) for b in blocks if b) if q is not None]


def _read(lines: list[str]) -> Parsed | None:
    lines = [" " if line.strip().startswith("//") else line for line in lines]
    text = "\n".join(lines).strip()
    if not text:
        return None
    text = _pre(text)
    if text.startswith("$CATEGORY:"):
        return Parsed("category", category=text[10:].strip())
    name = ""
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        assert end >= 0, "unterminated name"
        name, text = _post(text[:end]), text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    assert start >= 0 and finish > start, f"braces in {text!r}"
    answer = text[start + 1 : finish].strip()
    if text.endswith("}"):
        qtext = text[:start] + text[finish + 1 :]
    else:
        qtext = text[:start] + "_____" + text[finish + 1 :]
    general = ""
    sep = answer.rfind("####")
    if sep >= 0:
        general, answer = answer[sep + 4 :], answer[:sep].strip()
    body, fmt = _with_format(qtext, "moodle")
    general_text, _ = _with_format(general, fmt)
    q = Parsed("", name=name, text=body, fmt=fmt, general=general_text)
    if answer == "":
        q.qtype = "essay"
    elif answer[0] == "#":
        q.qtype = "numerical"
    elif "~" in answer:
        q.qtype = "multichoice"
        q.single = "=" in answer
        parts = answer.replace("=", "~=").split("~")
        parts = [p for p in parts if p.strip()] if not parts[0].strip() else parts
        for part in parts:
            part = part.strip()
            if part.startswith("="):
                weight, part = 1.0, part[1:]
            elif m := _WEIGHT.match(part):
                end = part.index("%", 1)
                weight, part = float(part[1:end]) / 100, part[end + 1 :]
                del m
            else:
                weight = 0.0
            ans, _, fb = part.partition("#")
            q.answers.append(_with_format(ans.strip(), fmt)[0])
            q.feedback.append(_with_format(fb.strip(), fmt)[0])
            q.fractions.append(weight)
    elif "=" in answer and "->" in answer:
        q.qtype = "match"
        for part in [p for p in answer.split("=") if p.strip()]:
            marker = part.index("->")
            q.pairs.append((_with_format(part[:marker].strip(), fmt)[0], _post(part[marker + 2 :]).strip()))
    else:
        q.qtype = "shortanswer"
        for part in [p for p in answer.split("=") if p.strip()]:
            part = part.strip()
            weight = 1.0
            if _WEIGHT.match(part):
                end = part.index("%", 1)
                weight, part = float(part[1:end]) / 100, part[end + 1 :]
            ans, _, fb = part.partition("#")
            q.answers.append(_with_format(ans.strip(), fmt)[0])
            q.fractions.append(weight)
    return q


def shown(text: str, fmt: str) -> str:
    """What a student sees of an imported text."""
    return html.unescape(text.replace("<br>", "\n")) if fmt == "html" else text


# --- tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "~ = # { } : \\",
        "a\\nb",
        "\\\\{x}",
        "line\nbreak",
        "50% -> top",
        "[html]x",
        "::name::",
        "// not a comment",
    ],
)
def test_escape_round_trips_through_moodle(raw: str) -> None:
    assert _post(_pre(escape(raw))) == raw.replace("\r", "")


def test_placeholder_lookalikes_survive_in_html_fields() -> None:
    # Moodle decodes "&&058;" even when escaped; HTML escaping makes it "&amp;&amp;058;".
    text, fmt = _with_format(_pre("[html]" + rich("&&058; & <b>")), "moodle")
    assert shown(text, fmt) == "&&058; & <b>"


def test_escape_matches_moodle_repchar() -> None:
    assert escape("a\\b#c=d~e{f}g:h\ni") == "a\\\\b\\#c\\=d\\~e\\{f\\}g\\:h\\ni"


@pytest.mark.parametrize("right", range(1, 11))
def test_multi_weights_are_moodle_grades(right: int) -> None:
    for wrong in range(0, 8):
        weights = multi_weights(right + wrong, tuple(range(right)))
        positive = sum(w for w in weights if w > 0)
        assert round(positive / 100, 2) == 1  # Moodle's own check for multiple answers
        for w in weights:
            if w:
                assert any(abs(abs(w) - p) < 0.001 for p in MOODLE_PERCENTS)
            assert float(percent(w)) == pytest.approx(w, abs=1e-5)
        if wrong:
            assert sum(w for w in weights if w < 0) == pytest.approx(-100, abs=0.01)


_DATA_IMG = re.compile(
    r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)" '
    r'height="(\d+)">'
)


def pictures_of(text: str) -> list[tuple[str, str]]:
    """The ``(svg, alt)`` of every data: image in an imported text."""
    return [
        (base64.b64decode(data).decode("utf-8"), html.unescape(alt))
        for data, alt, _ in _DATA_IMG.findall(text)
    ]


def _expected_stem(q: Question) -> str:
    if q.kind is Kind.CLOZE:
        return "".join("_____" if gap else t for t, gap in cloze_parts(q.question)).strip()
    if q.kind is Kind.ORDER:
        return q.question.strip() + " Give each its position (1 = first)."
    return q.question.strip()


def _check_pictures(exam: Exam, q: Question, p: Parsed) -> None:
    """A stem map under the stem text; a map per map option, its words as alt text."""
    stems = pictures_of(p.text)
    if q.picture:
        assert stems == [(maps.draw(exam.muscles[q.picture], height=MAP_HEIGHT), maps.STEM_ALT)]
        p.text = _DATA_IMG.sub("", p.text).removesuffix("<br>")
    else:
        assert stems == []
    for i, answer in enumerate(p.answers):
        muscle_id = maps.option_map(q, i)
        if muscle_id:
            assert pictures_of(answer) == [
                (maps.draw(exam.muscles[muscle_id], height=OPTION_MAP_HEIGHT), q.options[i])
            ]
            assert _DATA_IMG.sub("", answer) == ""
            p.answers[i] = html.escape(q.options[i])  # checked: stands for these words


def _check_version(exam: Exam, letter_index: int) -> None:
    version = exam.versions[letter_index]
    parsed = read_gift(write_gift(exam, version))
    questions = [p for p in parsed if p.qtype != "category"]
    categories = [p.category for p in parsed if p.qtype == "category"]
    assert len(questions) == len(version.items)
    assert all(c.startswith("$course$/top/") for c in categories)
    by_name = {p.name: p for p in questions}
    assert len(by_name) == len(questions)
    for item in version.items:
        q = item.question
        p = by_name[q.id]
        assert p.fmt == "html"
        _check_pictures(exam, q, p)
        assert " ".join(shown(p.text, p.fmt).split()) == " ".join(_expected_stem(q).split())
        assert q.explanation.strip() in shown(p.general, p.fmt) or not q.explanation
        if q.kind in (Kind.MCQ, Kind.NOT, Kind.MULTI):
            assert p.qtype == "multichoice"
            assert [shown(a, p.fmt) for a in p.answers] == [o.strip() for o in q.options]
            if q.kind is Kind.MULTI:
                assert not p.single
                right = [f for f in p.fractions if f > 0]
                assert [i for i, f in enumerate(p.fractions) if f > 0] == list(q.correct)
                assert round(sum(right), 2) == 1
                assert all(f < 0 for i, f in enumerate(p.fractions) if i not in q.correct)
            else:
                assert p.single
                assert p.fractions == [1.0 if i in q.correct else 0.0 for i in range(len(q.options))]
            for i, fb in enumerate(p.feedback):
                assert shown(fb, p.fmt).startswith("Correct." if i in q.correct else "Incorrect.")
        elif q.kind is Kind.ORDER:
            assert p.qtype == "match"
            real = [(shown(s, p.fmt), a) for s, a in p.pairs if s]
            assert [s for s, _ in real] == [o.strip() for o in q.options]
            assert [int(a) for _, a in real] == [q.correct.index(i) + 1 for i in range(len(q.options))]
            assert len(p.pairs) >= 3
        else:
            assert p.qtype in ("shortanswer", "essay")
            if p.qtype == "shortanswer":
                expected = (
                    q.answer
                    if q.kind is not Kind.CLOZE
                    else next(t for t, gap in cloze_parts(q.question) if gap)
                )
                assert p.answers == [" ".join(expected.split())]
                assert p.fractions == [1.0]
            else:
                assert " ".join(q.answer.split()) in " ".join(shown(p.general, p.fmt).split())


def test_every_question_survives_a_moodle_import(hostile_pool: list[Question]) -> None:
    exam = build_exam(hostile_pool, n=24, seed=2, versions=3, title='T "<b>" / \\ {x}')
    kinds = {q.kind for q in exam.questions}
    assert {Kind.MCQ, Kind.MULTI, Kind.BASIC, Kind.CLOZE} <= kinds
    for index in range(3):
        _check_version(exam, index)


@pytest.mark.parametrize("seed", range(6))
def test_mini_deck_survives(mini_pool: list[Question], seed: int) -> None:
    exam = build_exam(mini_pool, n=30, seed=seed, versions=2)
    _check_version(exam, 0)
    _check_version(exam, 1)


def test_hostile_text_is_escaped(hostile_pool: list[Question]) -> None:
    exam = build_exam(hostile_pool, n=24, seed=2)
    text = write_gift(exam, exam.versions[0])
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    body = "\n".join(line for line in text.splitlines() if not line.startswith(("//", "$CATEGORY")))
    bare = re.sub(r"\\.", "", body)  # drop every escaped character
    # What is left unescaped is our own markup: one pair of braces per question.
    assert bare.count("{") == bare.count("}") == len(exam.versions[0].items)
    assert "&&" not in bare.replace("&amp;", "")


def test_category_path_keeps_slashes_and_backslashes(tmp_path: Path, hostile_pool: list[Question]) -> None:
    exam = build_exam(hostile_pool, n=5, seed=1, title="A/B \\ C")
    cats = [p.category for p in read_gift(write_gift(exam, exam.versions[0])) if p.qtype == "category"]
    # After Moodle's unescaping "//" is a literal slash in a category name.
    assert cats and all(c.startswith("$course$/top/A//B \\ C (version A)/Hostile deck <i>// ") for c in cats)
