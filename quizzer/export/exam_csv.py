"""CSV (RFC 4180) export of an exam version: one row per question, for quiz tools."""

from __future__ import annotations

from quizzer.export import maps
from quizzer.export.exam import Exam, Version, cloze_parts, letters
from quizzer.model import Kind, Question
from quizzer.questions import COLUMNS, IGNORED_COLUMNS, OPTION_COLUMNS
from quizzer.spreadsheet import write_rows


def printed_stem(q: Question, exam: Exam | None = None) -> str:
    """The stem as a student sees it: cloze gaps become blanks, a stem map becomes words
    (CSV has no pictures; map options already read as the zones in words)."""
    if q.kind is Kind.CLOZE:
        return "".join("_____" if gap else text for text, gap in cloze_parts(q.question))
    if q.picture and exam is not None:
        return maps.stem_in_words(q, {q.picture: exam.pictured(q, q.picture)})
    return q.question


def write_csv(exam: Exam, version: Version) -> str:
    """Columns: version, number, question, option A…, correct (letters, in order for ``order``),
    kind, answer, explanation, source, topic, deck, muscle, id. CRLF line ends, quotes only
    where needed, so any RFC 4180 reader gets every field back; a cell a spreadsheet would run
    as a formula starts with ``'`` (``quizzer.spreadsheet``), which the question-file reader
    removes again."""
    width = max((len(i.question.options) for i in version.items), default=0)
    # The question-file reader's columns (``quizzer.questions``), so that the file reads back.
    after_options = COLUMNS[1 + len(OPTION_COLUMNS) :]
    rows: list[list[object]] = [[*IGNORED_COLUMNS, COLUMNS[0], *OPTION_COLUMNS[:width], *after_options]]
    for item in version.items:
        q = item.question
        options = list(q.options) + [""] * (width - len(q.options))
        rows.append(
            [
                version.letter,
                item.number,
                printed_stem(q, exam),
                *options,
                letters(q.correct),
                q.kind.value,
                q.answer,
                q.explanation,
                q.source,
                q.facet.title,
                q.deck_name or q.deck,
                q.muscle_name or q.muscle,
                q.id,
            ]
        )
    return write_rows(rows)
