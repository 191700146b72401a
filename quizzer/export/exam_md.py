"""Markdown exam paper and answer key, with deck text escaped so it shows literally."""

from __future__ import annotations

from quizzer.export import maps
from quizzer.export.exam import Exam, Version, cloze_parts, key_text
from quizzer.model import Kind, Question

MAP_HEIGHT = 220
"""CSS pixels of the map files the Markdown links to (renderers show them at that size)."""


def map_path(muscle_id: str) -> str:
    """Where the Markdown paper and key expect a muscle's map, relative to themselves."""
    return f"maps/{muscle_id}.svg"


def map_files(exam: Exam) -> dict[str, str]:
    """Every map file the Markdown of ``exam`` links to, by relative path (deterministic)."""
    out: dict[str, str] = {}
    for q in exam.questions:
        for muscle_id in maps.pictured(q):
            out[map_path(muscle_id)] = maps.draw(exam.pictured(q, muscle_id), height=MAP_HEIGHT) + "\n"
    return dict(sorted(out.items()))


def _stem_map(q: Question) -> list[str]:
    return [f"![{maps.STEM_ALT}]({map_path(q.picture)})", ""] if q.picture else []


def _option(q: Question, index: int, *, key: bool) -> str:
    """An option's text, or its map (with the muscle's pattern in words in the key)."""
    muscle_id = maps.option_map(q, index)
    if not muscle_id:
        return md(q.options[index])
    image = f"![Map {chr(65 + index)}]({map_path(muscle_id)})"
    return f"{image} {md(q.options[index])}" if key else image


_SPECIALS = "\\`*_[]|~#!"


def md(text: str, *, strip: bool = True) -> str:
    """Deck text as literal Markdown: specials backslash-escaped, HTML neutralised, one line."""
    out = []
    for ch in text.strip() if strip else text:
        if ch in _SPECIALS:
            out.append("\\" + ch)
        elif ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == "\r":
            continue
        elif ch == "\n":
            out.append("<br>")
        else:
            out.append(ch)
    return "".join(out)


def _stem(q: Question) -> str:
    if q.kind is Kind.CLOZE:
        return "".join(
            "\\_\\_\\_\\_\\_\\_\\_\\_" if gap else md(text, strip=False)
            for text, gap in cloze_parts(q.question)
        )
    return md(q.question)


_HINT = {
    Kind.MCQ: "Circle one letter.",
    Kind.NOT: "Circle one letter.",
    Kind.MULTI: "Circle every right letter.",
    Kind.ORDER: "Number the steps 1, 2, 3 … in the right order.",
    Kind.CLOZE: "Fill in the blanks.",
}


def _header(exam: Exam, version: Version, what: str) -> list[str]:
    lines = [f"# {md(exam.title)}: {what}, version {version.letter}", ""]
    if exam.date:
        lines += [f"Date: {md(exam.date)}", ""]
    return lines


def write_paper_md(exam: Exam, version: Version) -> str:
    """The paper for students (no answers)."""
    lines = _header(exam, version, "paper")
    lines += [
        "Name: ______________________  Date: ____________  Class: ____________",
        "",
        f"{len(version.items)} questions.",
        "",
    ]
    for item in version.items:
        q = item.question
        hint = _HINT.get(q.kind, "Write your answer.")
        lines += [f"**{item.number}.** {_stem(q)} *({hint})*", ""]
        lines += _stem_map(q)
        box = "[ ]" if q.kind is Kind.ORDER else ""
        for i in range(len(q.options)):
            mark = f"{box} " if box else ""
            lines.append(f"- {mark}**{chr(65 + i)}.** {_option(q, i, key=False)}")
        if q.options:
            lines.append("")
        elif q.kind is not Kind.CLOZE:
            lines += ["> Answer: ______________________________________________", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_key_md(exam: Exam, version: Version) -> str:
    """The answer key: answers, explanations and sources, then the version cross-reference."""
    lines = _header(exam, version, "answer key")
    lines += ["| No. | Answer | Topic | Id |", "| --: | --- | --- | --- |"]
    for item in version.items:
        q = item.question
        lines.append(
            f"| {item.number} | {md(key_text(q))} | {md(q.facet.title)} | `{q.id.replace('`', '')}` |"
        )
    lines.append("")
    for item in version.items:
        q = item.question
        lines += [f"### {item.number}. {_stem(q)}", ""]
        lines += _stem_map(q)
        if q.options:
            for i in range(len(q.options)):
                tick = "✔" if i in q.correct else "·"
                lines.append(f"- {tick} **{chr(65 + i)}.** {_option(q, i, key=True)}")
            lines.append("")
        lines.append(f"**Answer:** {md(key_text(q))}" + (f" ({md(q.answer)})" if q.kind.is_choice else ""))
        lines.append("")
        if q.explanation:
            lines += [f"**Why:** {md(q.explanation)}", ""]
        if q.source:
            lines += [f"**Source:** {md(q.source)}", ""]
    lines += crossref_md(exam)
    return "\n".join(lines).rstrip("\n") + "\n"


def crossref_md(exam: Exam) -> list[str]:
    if len(exam.versions) < 2:
        return []
    head = " | ".join(v.letter for v in exam.versions)
    lines = [
        "## Versions cross-reference",
        "",
        f"| {head} | Id |",
        "| " + " | ".join("--:" for _ in exam.versions) + " | --- |",
    ]
    for _, qid, positions in exam.crossref():
        lines.append("| " + " | ".join(str(p) for p in positions) + f" | `{qid}` |")
    return [*lines, ""]
