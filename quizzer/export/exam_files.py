"""Every output file of an exam by name: papers, keys, GIFT, CSV and QTI (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Sequence

from quizzer.export.exam import Exam
from quizzer.export.exam_csv import write_csv
from quizzer.export.exam_html import write_key_html, write_paper_html
from quizzer.export.exam_md import map_files, write_key_md, write_paper_md
from quizzer.export.gift import write_gift
from quizzer.export.qti import write_qti
from quizzer.spreadsheet import write_rows

FORMATS = ("html", "md", "gift", "csv", "qti")


def render_exam(exam: Exam, formats: Sequence[str], *, paper: str = "a4") -> dict[str, str | bytes]:
    """Every output file of an exam, by file name; a pure function of the exam.

    Text files are ``str``; QTI packages (zip) are ``bytes``.

    Names may hold one folder: the Markdown's pain maps are ``maps/<muscle id>.svg``.
    """
    files: dict[str, str | bytes] = {}
    for version in exam.versions:
        stem = f"exam-{version.letter}"
        if "html" in formats:
            files[f"{stem}-paper.html"] = write_paper_html(exam, version, paper=paper)
            files[f"{stem}-key.html"] = write_key_html(exam, version, paper=paper)
        if "md" in formats:
            files[f"{stem}-paper.md"] = write_paper_md(exam, version)
            files[f"{stem}-key.md"] = write_key_md(exam, version)
        if "gift" in formats:
            files[f"{stem}.gift.txt"] = write_gift(exam, version)
        if "csv" in formats:
            files[f"{stem}.csv"] = write_csv(exam, version)
        if "qti" in formats:
            files[f"{stem}.qti.zip"] = write_qti(exam, version)
    if "md" in formats:
        files.update(map_files(exam))
    if "csv" in formats and len(exam.versions) > 1:
        rows: list[list[object]] = [[*(v.letter for v in exam.versions), "id"]]
        rows += [[*positions, qid] for _, qid, positions in exam.crossref()]
        files["exam-versions.csv"] = write_rows(rows)
    return files
