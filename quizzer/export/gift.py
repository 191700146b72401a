"""Moodle GIFT writer: one file per exam version, escaped as Moodle's importer reads it."""

from __future__ import annotations

import base64
import html
import re

from quizzer.export import maps
from quizzer.export.exam import Exam, ExamError, Version, cloze_parts
from quizzer.model import Kind, Muscle, Question

MAP_HEIGHT = 240
"""Pixels of a stem map in Moodle; map options are drawn at :data:`OPTION_MAP_HEIGHT`."""
OPTION_MAP_HEIGHT = 170

SHORT_ANSWER_MAX = 60
"""Longer (or list-like) written answers become essays: a short-answer match would be unfair."""

# Moodle accepts only these grade fractions (question_bank::fraction_options_full),
# matched within 0.00001; weights outside the list make the whole import fail.
MOODLE_PERCENTS = (
    100,
    90,
    83.33333,
    80,
    75,
    70,
    66.66667,
    60,
    50,
    40,
    33.33333,
    30,
    25,
    20,
    16.66667,
    14.28571,
    12.5,
    11.11111,
    10,
    5,
)

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def escape(text: str) -> str:
    """GIFT escaping exactly as Moodle's own exporter does it (``repchar``)."""
    out = text.replace("\\", "\\\\")
    for ch in "#=~{}:":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def rich(text: str) -> str:
    """Deck text for an ``[html]`` field: HTML-escaped (shown literally), then GIFT-escaped.

    A leading ``[`` would be read as a format name, so such text gets its own ``[html]``.
    """
    body = html.escape(text.strip()).replace("\n", "<br>")
    prefix = "[html]" if body.startswith("[") else ""
    return prefix + escape(body)


def stem(text: str, picture: str = "") -> str:
    """Question text: always marked ``[html]`` so options and feedback default to HTML too.

    ``picture`` is our own ``<img>`` markup, put under the (escaped) text.
    """
    body = html.escape(text.strip()).replace("\n", "<br>")
    return "[html]" + escape(body + (f"<br>{picture}" if picture else ""))


def picture(muscle: Muscle, alt: str, height: int) -> str:
    """A pain map as an ``<img>`` with the SVG inside a ``data:`` URI (GIFT has no files).

    Moodle shows question and answer text unfiltered by default, so the picture stays; a
    site that cleans all content ("forceclean") drops ``data:`` images, and the alt text
    (the zones in words) is what remains for screen readers.
    """
    svg = maps.draw(muscle, height=height).encode("utf-8")
    data = base64.b64encode(svg).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt)}" height="{height}">'


def plain(text: str) -> str:
    """A short-answer answer: compared with what students type, so never HTML-escaped."""
    body = " ".join(text.split())
    prefix = "[plain]" if body.startswith("[") else ""
    return prefix + escape(body)


def percent(value: float) -> str:
    """A weight as Moodle's list spells it: ``33.33333``, ``50``, ``-100``."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _allowed(value: float) -> float:
    """The nearest weight Moodle accepts."""
    sign = -1 if value < 0 else 1
    return sign * min(MOODLE_PERCENTS, key=lambda p: abs(p - abs(value)))


def multi_weights(size: int, correct: tuple[int, ...]) -> list[float]:
    """Right options share 100 %; each wrong one takes away 100 % / wrong count, so ticking
    everything scores 0 (Moodle's own advice for multiple-answer questions)."""
    right = len(correct)
    if not 1 <= right <= 10:
        raise ExamError(
            f"a multiple-answer question with {right} right options cannot be "
            "weighted for Moodle (1 to 10 are possible)"
        )
    wrong = size - right
    share = _allowed(100 / right)
    penalty = _allowed(-100 / wrong) if wrong else 0.0
    return [share if i in correct else penalty for i in range(size)]


def option_feedback(q: Question, index: int) -> str:
    """What the explanation says about one option, prefixed by whether it is right."""
    right = index in q.correct
    option = q.options[index].strip().lower()
    said = [s for s in _SENTENCE.split(q.explanation) if option and option in s.lower()]
    verdict = "Correct." if right else "Incorrect."
    return " ".join([verdict, *said])


def _general(q: Question) -> str:
    parts = [q.explanation.strip()] if q.explanation.strip() else []
    if q.kind not in (Kind.MCQ, Kind.MULTI, Kind.NOT, Kind.ORDER):
        parts.insert(0, f"Answer: {q.answer}")
    if q.source:
        parts.append(f"Source: {q.source}")
    return "\t####" + rich("\n".join(parts)) + "\n" if parts else ""


def _option(exam: Exam, q: Question, index: int) -> str:
    """An option as GIFT text: its words, or the map it stands for (alt: the words)."""
    muscle_id = maps.option_map(q, index)
    if not muscle_id:
        return rich(q.options[index])
    return escape(picture(exam.pictured(q, muscle_id), q.options[index], OPTION_MAP_HEIGHT))


def _question(exam: Exam, q: Question) -> str:
    head = f"::{escape(q.id)}::"
    if q.kind in (Kind.MCQ, Kind.NOT):
        image = picture(exam.pictured(q, q.picture), maps.STEM_ALT, MAP_HEIGHT) if q.picture else ""
        lines = [
            f"\t{_mark(i in q.correct, o)}{_option(exam, q, i)}#{rich(option_feedback(q, i))}"
            for i, o in enumerate(q.options)
        ]
        return head + stem(q.question, image) + "{\n" + "\n".join(lines) + "\n" + _general(q) + "}\n"
    if q.kind is Kind.MULTI:
        weights = multi_weights(len(q.options), q.correct)
        lines = [
            f"\t~%{percent(w)}%{rich(o)}#{rich(option_feedback(q, i))}"
            for i, (o, w) in enumerate(zip(q.options, weights, strict=True))
        ]
        return head + stem(q.question) + "{\n" + "\n".join(lines) + "\n" + _general(q) + "}\n"
    if q.kind is Kind.ORDER:
        # Core GIFT has no ordering type; matching each step to its position grades the same.
        lines = [f"\t={rich(o)} -> {q.correct.index(i) + 1}" for i, o in enumerate(q.options)]
        # Moodle wants at least three answers; a blank left side adds a wrong one.
        lines += [f"\t= -> {n}" for n in range(len(q.options) + 1, 4)]
        text = q.question + " Give each its position (1 = first)."
        return head + stem(text) + "{\n" + "\n".join(lines) + "\n" + _general(q) + "}\n"
    if q.kind is Kind.CLOZE:
        parts = cloze_parts(q.question)
        gaps = [t for t, gap in parts if gap]
        if len(gaps) == 1 and _fits_short(gaps[0]):
            before, after = _split_at_gap(parts)
            return (
                head
                + stem(before)
                + " {\n\t=%100%"
                + plain(gaps[0])
                + "\n"
                + _general(q)
                + "}"
                + escape(html.escape(after))
                + "\n"
            )
        text = "".join("_____" if gap else t for t, gap in parts)
        return head + stem(text) + "{\n" + _general(q) + "}\n"
    if _fits_short(q.answer):
        return head + stem(q.question) + "{\n\t=%100%" + plain(q.answer) + "\n" + _general(q) + "}\n"
    return head + stem(q.question) + "{\n" + _general(q) + "}\n"


def _mark(right: bool, option: str) -> str:
    # A wrong option starting with "%5%" would be read as a weight; an explicit 0 comes first.
    if right:
        return "="
    return "~%0%" if option.strip().startswith("%") else "~"


def _fits_short(answer: str) -> bool:
    # "->" would make Moodle read the answer as a matching question.
    # "&&" could form one of Moodle's escape placeholders ("&&058;"), which it would decode.
    return (
        0 < len(answer) <= SHORT_ANSWER_MAX
        and "\n" not in answer
        and ";" not in answer
        and "->" not in answer
        and "&&" not in answer
    )


def _split_at_gap(parts: list[tuple[str, bool]]) -> tuple[str, str]:
    """The text before and after the one gap. Moodle puts the blank exactly where the
    braces are, so the text after keeps its leading space ("in {…} days") or its lack of
    one ("in {…}."); a question ending in the gap gets a full stop, because GIFT reads
    text that ends with "}" as an ordinary question, not a missing word."""
    index = next(i for i, (_, gap) in enumerate(parts) if gap)
    after = "".join(t for t, _ in parts[index + 1 :]).rstrip()
    return ("".join(t for t, _ in parts[:index]).rstrip() or "_", after if after.strip() else ".")


def category_segment(text: str) -> str:
    """One level of a ``$CATEGORY`` path: Moodle splits on ``/`` (``//`` is a literal one) and
    unescapes ``\\\\`` but nothing else there."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("/", "//")


def write_gift(exam: Exam, version: Version) -> str:
    """The GIFT text of one version, with a ``$CATEGORY`` per deck and topic."""
    title = " ".join(exam.title.split())
    out = [f"// {title}: version {version.letter} (seed {exam.seed}), written by Quizzer\n"]
    current = None
    items = sorted(version.items, key=lambda i: (i.base.deck, i.base.facet.title, i.number))
    for item in items:
        q = item.question
        category = (
            f"$course$/top/{category_segment(title)} (version {version.letter})/"
            f"{category_segment(q.deck_name or q.deck)}/{category_segment(q.facet.title)}"
        )
        if category != current:
            out.append(f"$CATEGORY: {category}\n")
            current = category
        out.append(f"// {version.letter}{item.number}: {q.kind.value}\n{_question(exam, q)}")
    return "\n".join(out)
