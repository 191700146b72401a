"""IMS QTI 1.2 packages (zip with ``imsmanifest.xml``) for Canvas, Blackboard and D2L: one per version.

The package has the layout Canvas exports and imports (and text2qti writes): the manifest,
the assessment ``<ident>/<ident>.xml`` and Canvas's ``assessment_meta.xml`` beside it.
Items carry Canvas's ``question_type`` metadata:

- ``mcq`` and ``not``: ``multiple_choice_question`` (one right label scores 100);
- ``multi``: ``multiple_answers_question`` (right only with every right label and no other);
- ``order``: ``matching_question``, each option matched to its position (QTI 1.2's ordered
  responses are not imported by Canvas; matching grades the same and every LMS reads it);
- ``basic``, ``reverse`` and one-gap ``cloze``: ``short_answer_question`` when the answer is
  short, else ``essay_question`` (graded by hand) with the answer as the grader's feedback.

Text is plain text shown as HTML (escaped, line breaks kept); the explanation and source are
the item's general feedback. QTI packages carry no pictures here: as in the CSV, a pain map
is given in words. Identifiers and zip entries are derived from the exam (seed, version,
question ids), so the same exam gives the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import io
import zipfile
from xml.etree import ElementTree as ET

from quizzer.export.exam import Exam, Version, cloze_parts
from quizzer.export.exam_csv import printed_stem
from quizzer.model import Kind, Question

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
SHORT_ANSWER_MAX = 60
"""Longer (or list-like) written answers become essays: a short-answer match would be unfair."""
_STAMP = (1980, 1, 1, 0, 0, 0)
"""Zip entry time: fixed, so a package's bytes depend only on the exam."""


def _ident(*parts: object) -> str:
    text = "|".join(str(p) for p in parts)
    return "qz" + hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest()


def _html(text: str) -> str:
    return "<p>" + html.escape(text, quote=False).replace("\n", "<br/>") + "</p>"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _material(parent: ET.Element, text: str) -> None:
    material = _sub(parent, "material")
    _sub(material, "mattext", _html(text), texttype="text/html")


def _fits_short(answer: str) -> bool:
    return 0 < len(answer) <= SHORT_ANSWER_MAX and "\n" not in answer and ";" not in answer


def question_type(q: Question) -> str:
    """The Canvas question type a question is written as."""
    if q.kind in (Kind.MCQ, Kind.NOT):
        return "multiple_choice_question"
    if q.kind is Kind.MULTI:
        return "multiple_answers_question"
    if q.kind is Kind.ORDER:
        return "matching_question"
    return "short_answer_question" if _short_answer(q) else "essay_question"


def _short_answer(q: Question) -> str:
    """The answer a short-answer item accepts, or "" when the question is an essay."""
    if q.kind is Kind.CLOZE:
        gaps = [text for text, gap in cloze_parts(q.question) if gap]
        return gaps[0] if len(gaps) == 1 and _fits_short(gaps[0]) else ""
    return q.answer if q.kind in (Kind.BASIC, Kind.REVERSE) and _fits_short(q.answer) else ""


def _item(section: ET.Element, exam: Exam, version: Version, number: int, q: Question) -> None:
    ident = _ident(exam.seed, version.letter, q.id)
    item = _sub(section, "item", ident=ident, title=f"Question {number}")
    meta = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    kind = question_type(q)
    fields = [("question_type", kind), ("points_possible", "1")]
    if kind in ("multiple_choice_question", "multiple_answers_question"):
        fields.append(("original_answer_ids", ",".join(f"{ident}-{i}" for i in range(len(q.options)))))
    fields.append(("quizzer_question_id", q.id))
    for label, entry in fields:
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)
    presentation = _sub(item, "presentation")
    _material(presentation, printed_stem(q, exam))
    processing = ET.Element("resprocessing")
    outcomes = _sub(processing, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    feedback = _feedback_text(q, kind)
    if feedback:
        shown = _sub(processing, "respcondition", **{"continue": "Yes"})
        _sub(_sub(shown, "conditionvar"), "other")
        _sub(shown, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    if kind in ("multiple_choice_question", "multiple_answers_question"):
        _choices(presentation, processing, ident, q)
    elif kind == "matching_question":
        _matching(presentation, processing, ident, q)
    else:
        response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
        _sub(_sub(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        answer = _short_answer(q)
        if answer:
            scored = _sub(processing, "respcondition", **{"continue": "No"})
            _sub(_sub(scored, "conditionvar"), "varequal", answer, respident="response1")
            _sub(scored, "setvar", "100", action="Set", varname="SCORE")
        else:
            graded = _sub(processing, "respcondition", **{"continue": "No"})
            _sub(_sub(graded, "conditionvar"), "other")
    item.append(processing)
    if feedback:
        general = _sub(item, "itemfeedback", ident="general_fb")
        _material(_sub(general, "flow_mat"), feedback)


def _feedback_text(q: Question, kind: str) -> str:
    parts = []
    if kind in ("essay_question", "short_answer_question"):
        parts.append(f"Answer: {q.answer}")
    if q.explanation:
        parts.append(q.explanation)
    if q.source:
        parts.append(f"Source: {q.source}")
    return "\n".join(parts)


def _choices(presentation: ET.Element, processing: ET.Element, ident: str, q: Question) -> None:
    many = q.kind is Kind.MULTI
    response = _sub(
        presentation, "response_lid", ident="response1", rcardinality="Multiple" if many else "Single"
    )
    render = _sub(response, "render_choice")
    for index, option in enumerate(q.options):
        label = _sub(render, "response_label", ident=f"{ident}-{index}")
        _material(label, option)
    scored = _sub(processing, "respcondition", **{"continue": "No"})
    condition = _sub(scored, "conditionvar")
    if many:
        both = _sub(condition, "and")
        for index in range(len(q.options)):
            target = both if index in q.correct else _sub(both, "not")
            _sub(target, "varequal", f"{ident}-{index}", respident="response1")
    else:
        _sub(condition, "varequal", f"{ident}-{q.correct[0]}", respident="response1")
    _sub(scored, "setvar", "100", action="Set", varname="SCORE")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _matching(presentation: ET.Element, processing: ET.Element, ident: str, q: Question) -> None:
    """Each option is matched to its position: 1st, 2nd, …; each right match scores its share."""
    share = f"{100 / len(q.options):.2f}"
    positions = [f"{ident}-p{n}" for n in range(1, len(q.options) + 1)]
    for index, option in enumerate(q.options):
        response = _sub(presentation, "response_lid", ident=f"response_{ident}-{index}")
        _material(response, option)
        render = _sub(response, "render_choice")
        for n, position in enumerate(positions, 1):
            label = _sub(render, "response_label", ident=position)
            _material(label, _ordinal(n))
        scored = _sub(processing, "respcondition")
        right = positions[q.correct.index(index)]
        _sub(_sub(scored, "conditionvar"), "varequal", right, respident=f"response_{ident}-{index}")
        _sub(scored, "setvar", share, varname="SCORE", action="Add")


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def assessment_xml(exam: Exam, version: Version, ident: str) -> bytes:
    """The QTI 1.2 ``questestinterop`` document of one version."""
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    title = f"{' '.join(exam.title.split())}: version {version.letter}"
    assessment = _sub(root, "assessment", ident=ident, title=title)
    meta = _sub(assessment, "qtimetadata")
    field = _sub(meta, "qtimetadatafield")
    _sub(field, "fieldlabel", "cc_maxattempts")
    _sub(field, "fieldentry", "1")
    section = _sub(assessment, "section", ident="root_section")
    for item in version.items:
        _item(section, exam, version, item.number, item.question)
    return _xml(root)


def _manifest(ident: str) -> bytes:
    root = ET.Element(
        "manifest", identifier=f"{ident}-manifest", xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
    )
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    resource = _sub(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
    _sub(resource, "file", href=f"{ident}/{ident}.xml")
    _sub(resource, "dependency", identifierref=f"{ident}-meta")
    meta = _sub(
        resources,
        "resource",
        identifier=f"{ident}-meta",
        type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
        href=f"{ident}/assessment_meta.xml",
    )
    _sub(meta, "file", href=f"{ident}/assessment_meta.xml")
    return _xml(root)


def _canvas_meta(ident: str, title: str, points: int) -> bytes:
    root = ET.Element("quiz", identifier=ident, xmlns="http://canvas.instructure.com/xsd/cccv1p0")
    for tag, text in (
        ("title", title),
        ("description", ""),
        ("shuffle_answers", "false"),
        ("scoring_policy", "keep_highest"),
        ("quiz_type", "assignment"),
        ("points_possible", f"{points}.0"),
        ("show_correct_answers", "false"),
        ("allowed_attempts", "1"),
        ("one_question_at_a_time", "false"),
        ("cant_go_back", "false"),
        ("available", "false"),
    ):
        _sub(root, tag, text)
    return _xml(root)


def write_qti(exam: Exam, version: Version) -> bytes:
    """The QTI 1.2 package (zip bytes) of one exam version."""
    ident = _ident(exam.seed, exam.title, version.letter, *(q.id for q in exam.questions))
    title = f"{' '.join(exam.title.split())}: version {version.letter}"
    entries = {
        "imsmanifest.xml": _manifest(ident),
        f"{ident}/{ident}.xml": assessment_xml(exam, version, ident),
        f"{ident}/assessment_meta.xml": _canvas_meta(ident, title, len(version.items)),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=_STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            package.writestr(info, data)
    return buffer.getvalue()
