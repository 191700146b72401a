"""HTML, Markdown and CSV: hostile deck text comes out literally, never as markup."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest

from quizzer.export.exam import Exam, build_exam
from quizzer.export.exam_csv import printed_stem, write_csv
from quizzer.export.exam_html import write_key_html, write_paper_html
from quizzer.export.exam_md import md, write_key_md, write_paper_md
from quizzer.model import Kind, Question

HOSTILE_BITS = ["<script>", "</li></ul><h1>", "<img src=x onerror=alert(1)>", "<b>one</b>"]


@pytest.fixture(scope="module")
def exam(hostile_pool: list[Question]) -> Exam:
    return build_exam(
        hostile_pool, n=24, seed=2, versions=2, title='Mid<script>term</script> "1" & 2', date="<i>today</i>"
    )


class _Collect(HTMLParser):
    """Collects tags and the text as a browser would show it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag == "br":
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "div",
    "h1",
    "h2",
    "p",
    "span",
    "ol",
    "ul",
    "li",
    "b",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
}


@pytest.mark.parametrize("writer", [write_paper_html, write_key_html])
def test_html_shows_deck_text_literally(exam: Exam, writer: object) -> None:
    for version in exam.versions:
        page = writer(exam, version)  # type: ignore[operator]
        parser = _Collect()
        parser.feed(page)
        assert set(parser.tags) <= ALLOWED_TAGS, set(parser.tags) - ALLOWED_TAGS
        assert not any(name in ("src", "href", "onerror") for name, _ in parser.attrs)
        shown = "".join(parser.text)
        for item in version.items:
            q = item.question
            if q.kind is not Kind.CLOZE:
                assert " ".join(q.question.split()) in " ".join(shown.split())
            for option in q.options:
                assert " ".join(option.split()) in " ".join(shown.split())
        assert 'Mid<script>term</script> "1" & 2' in shown
        assert "<i>today</i>" in shown


def test_html_is_self_contained_and_printable(exam: Exam) -> None:
    for paper, size in (("a4", "size: A4"), ("letter", "size: letter")):
        page = write_paper_html(exam, exam.versions[0], paper=paper)
        assert size in page
        assert "break-inside: avoid" in page and "page-break-inside: avoid" in page
        assert not re.search(r"https?://|@import|url\(", page)
        for field in ("Name", "Date", "Class"):
            assert f">{field} <span>" in page or f"{field} <span>" in page
    key = write_key_html(exam, exam.versions[1])
    assert "Versions cross-reference" in key and "Source:" in key and "Why:" in key


def test_css_footer_cannot_close_the_style(exam: Exam) -> None:
    page = write_paper_html(exam, exam.versions[0])
    style = page[page.index("<style>") + len("<style>") : page.index("</style>")]
    assert "<" not in style and '"1"' not in style


@pytest.mark.parametrize(
    "text", ["<script>x</script>", "*a* _b_ `c` [d](e) | ~f~ #g \\h", "line\nbreak", "&lt;"]
)
def test_markdown_escaping(text: str) -> None:
    out = md(text)
    assert "<script" not in out and "\n" not in out
    unescaped = re.sub(r"\\(.)", r"\1", out.replace("<br>", "\n"))
    assert unescaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


def test_markdown_paper_and_key(exam: Exam) -> None:
    for version in exam.versions:
        paper = write_paper_md(exam, version)
        key = write_key_md(exam, version)
        for doc in (paper, key):
            assert "<script>" not in doc and "<b>" not in doc and "<img" not in doc
        assert "Answer:" not in paper.replace("> Answer: ___", "")
        assert paper.count("\n**") >= len(version.items)
        assert "**Source:**" in key and "Versions cross-reference" in key


def test_csv_round_trips_every_field(exam: Exam) -> None:
    for version in exam.versions:
        text = write_csv(exam, version)
        assert text.endswith("\r\n")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        header, body = rows[0], rows[1:]
        assert header[:3] == ["version", "number", "question"]
        assert len(body) == len(version.items)
        for row, item in zip(body, version.items, strict=True):
            q = item.question
            record = dict(zip(header, row, strict=True))
            assert record["question"] == printed_stem(q)
            assert record["explanation"] == q.explanation
            assert record["answer"] == q.answer
            assert record["id"] == q.id
            assert [record[f"option {chr(65 + i)}"] for i in range(len(q.options))] == list(q.options)


def test_csv_quotes_by_rfc4180() -> None:
    from dataclasses import replace

    from quizzer.export.exam import ExamItem, Version
    from quizzer.model import Facet, QuestionKey

    q = Question(
        QuestionKey("d", "m", Facet.ORIGIN, "o", Kind.MCQ),
        question='Say "hi",\r\nthen go',
        answer="a",
        options=("x,y", 'q"q', "plain"),
        correct=(1,),
    )
    exam = Exam(title="t", seed=0, questions=(q,), versions=(Version("A", (ExamItem(1, q, q),)),))
    line = write_csv(exam, exam.versions[0]).split("\r\n", 1)[1]
    assert line.startswith('A,1,"Say ""hi"",\r\nthen go","x,y","q""q",plain,B,mcq,')
    assert replace(q) == q
