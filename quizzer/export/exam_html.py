"""Printable, self-contained HTML exam paper and answer key (A4 or Letter)."""

from __future__ import annotations

from html import escape

from quizzer.export import maps
from quizzer.export.exam import Exam, Version, cloze_parts, key_text
from quizzer.model import Kind, Question

STEM_MAP_HEIGHT = 250
"""CSS pixels (66 mm in print) for the map a "whose pattern is this?" stem shows."""
OPTION_MAP_HEIGHT = 180
"""CSS pixels (48 mm) for each map option: four fit across the page, easily told apart."""
MAP_LEGEND = (
    "Pain maps: solid red = essential zone (where the pain is nearly always felt); "
    "dotted red = spillover zone (sometimes); × = trigger point."
)

PAPER_SIZES = {"a4": "A4", "letter": "letter"}

_CSS = """
@page { size: %(size)s; margin: 14mm 15mm 16mm 15mm;
  @bottom-center { content: "%(footer)s · page " counter(page) " of " counter(pages);
                   font: 9pt Georgia, serif; color: #555; } }
* { box-sizing: border-box; }
html { font: 11pt/1.4 Georgia, "Times New Roman", serif; color: #111; background: #fff; }
body { margin: 0 auto; max-width: 180mm; padding: 8mm 0; }
header.exam { border-bottom: 2px solid #111; margin-bottom: 5mm; padding-bottom: 3mm; }
header.exam h1 { font-size: 17pt; margin: 0 0 2mm; padding-right: 26mm; }
.version { float: right; border: 2px solid #111; border-radius: 2mm; padding: 1mm 3mm;
  font: bold 15pt Arial, sans-serif; }
.fields { display: flex; gap: 6mm; margin-top: 4mm; }
.field { flex: 1 1 0; display: flex; align-items: flex-end; gap: 2mm; white-space: nowrap; }
.field.name { flex: 2 1 0; }
.field span { flex: 1; border-bottom: 1px solid #111; min-height: 6mm; white-space: normal;
  padding: 0 1mm; }
.instructions { font-size: 9.5pt; color: #333; margin: 3mm 0 0; }
ol.questions { list-style: none; margin: 0; padding: 0; }
li.q { break-inside: avoid; page-break-inside: avoid; padding: 2.5mm 0 3mm;
  border-bottom: 1px solid #ccc; display: grid; grid-template-columns: 9mm 1fr; }
.num { font: bold 11pt Arial, sans-serif; }
.stem { margin: 0 0 1.5mm; overflow-wrap: anywhere; }
.hint { font-size: 8.5pt; color: #555; font-style: italic; white-space: nowrap; }
ul.options { list-style: none; margin: 0; padding: 0; }
ul.options li { display: flex; align-items: baseline; gap: 2.5mm; margin: 0.8mm 0;
  overflow-wrap: anywhere; }
.bubble { flex: none; display: inline-flex; width: 5.2mm; height: 5.2mm; border: 1.2px solid #111;
  border-radius: 50%%; align-items: center; justify-content: center;
  font: 7.5pt Arial, sans-serif; position: relative; top: 0.9mm; }
.multi .bubble { border-radius: 1mm; }
.rank { flex: none; display: inline-flex; width: 8mm; height: 6mm; border: 1.2px solid #111;
  position: relative; top: 1mm; align-items: center; justify-content: center;
  font: bold 9.5pt Arial, sans-serif; }
.letter { flex: none; white-space: nowrap; font-weight: bold; font-family: Arial, sans-serif;
  font-size: 9.5pt; }
.gap { display: inline-block; min-width: 28mm; border-bottom: 1px solid #111; }
.lines span { display: block; height: 7mm; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%%; margin: 2mm 0 5mm; font-size: 9.5pt; }
table.answers { table-layout: fixed; }
table.answers .no { width: 9mm; } table.answers .topic { width: 32mm; }
table.answers .id { width: 62mm; }
th, td { border: 1px solid #999; padding: 1mm 1.5mm; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.key .right { font-weight: bold; }
.key .right .bubble { background: #111; color: #fff; }
.key li.q p { margin: 0.8mm 0; }
.key .stem { font-weight: bold; }
.why, .source { font-size: 9.5pt; }
.source { color: #444; }
code { font-size: 8pt; color: #555; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; break-after: avoid; }
figure.map { margin: 1mm 0 2mm; break-inside: avoid; }
figure.map svg { display: block; }
ul.options.maps { display: flex; flex-wrap: wrap; gap: 2.5mm; }
ul.options.maps li { flex-direction: column; align-items: stretch; gap: 1mm; margin: 0;
  width: 40mm; padding: 1.5mm; border: 1px solid #bbb; border-radius: 2mm;
  break-inside: avoid; }
ul.options.maps li > span:first-child { display: flex; align-items: center; gap: 1.5mm; }
ul.options.maps svg { display: block; margin: 0 auto; max-width: 100%%; height: auto; }
.key ul.options.maps li.right { border: 2.5px solid #111; }
.caption { font-size: 8pt; color: #333; }
p.legend { font-size: 8.5pt; color: #333; margin: 1.5mm 0 0; }
@media print { body { padding: 0; max-width: none; } }
"""

_HINT = {
    Kind.MCQ: "Fill in one bubble.",
    Kind.NOT: "Fill in one bubble.",
    Kind.MULTI: "Tick every right box.",
    Kind.ORDER: "Number the boxes 1, 2, 3 … in the right order.",
    Kind.CLOZE: "Fill in the blanks.",
}


def text(value: str) -> str:
    """Deck text as HTML: escaped, line breaks kept."""
    return escape(value.strip()).replace("\r\n", "\n").replace("\n", "<br>")


def _run(value: str) -> str:
    return escape(value).replace("\r\n", "\n").replace("\n", "<br>")


def _page(exam: Exam, version: Version, *, what: str, paper: str, body: str) -> str:
    footer = f"{exam.title} · version {version.letter} · {what}"
    css = _CSS % {"size": PAPER_SIZES[paper], "footer": _css_string(footer)}
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(exam.title)}: {what}, version {version.letter}</title>\n"
        f"<style>{css}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


def _css_string(value: str) -> str:
    """Text safe inside a CSS double-quoted string that lives in a <style> element."""
    out = []
    for ch in value:
        if ch.isalnum() or ch in " .,;:!?()-_'·":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x} ")  # CSS eats one space after an escape
    return "".join(out)


def _header(exam: Exam, version: Version, what: str, *, fields: bool) -> str:
    date = f"<span>{escape(exam.date)}</span>" if exam.date else "<span></span>"
    parts = [
        '<header class="exam">',
        f'<div class="version" aria-label="version">{version.letter}</div>',
        f"<h1>{escape(exam.title)}{': ' + what if what else ''}</h1>",
    ]
    if fields:
        parts += [
            '<div class="fields">',
            '<div class="field name">Name <span></span></div>',
            f'<div class="field">Date {date}</div>',
            '<div class="field">Class <span></span></div>',
            "</div>",
            f'<p class="instructions">{len(version.items)} questions. Answer every question; '
            "write clearly in ink.</p>",
        ]
        if any(maps.pictured(item.question) for item in version.items):
            # The legend inside each map is too small to read in print; say it once here.
            parts.append(f'<p class="legend">{MAP_LEGEND}</p>')
    elif exam.date:
        parts.append(f'<p class="instructions">Date: {escape(exam.date)}</p>')
    parts.append("</header>")
    return "\n".join(parts) + "\n"


def _stem(q: Question) -> str:
    if q.kind is Kind.CLOZE:
        # Runs keep their spaces: they sit between gaps.
        return "".join('<span class="gap"></span>' if gap else _run(t) for t, gap in cloze_parts(q.question))
    return text(q.question)


def _stem_map(exam: Exam, q: Question, number: int) -> str:
    """The map a "whose pattern is this?" stem shows, inlined (no name, ids unique per page)."""
    if not q.picture:
        return ""
    svg = maps.draw(exam.pictured(q, q.picture), height=STEM_MAP_HEIGHT, id_prefix=f"qz-map-{number}")
    return f'<figure class="map">{svg}</figure>\n'


def _options(exam: Exam, q: Question, number: int, *, key: bool) -> str:
    rows = []
    pictures = [maps.option_map(q, i) for i in range(len(q.options))]
    for i, option in enumerate(q.options):
        letter = chr(65 + i)
        right = key and i in q.correct
        if q.kind is Kind.ORDER:
            rank = str(q.correct.index(i) + 1) if key else ""
            # The box takes a number, so the option needs its letter beside it.
            mark = f'<span class="rank">{rank}</span><span class="letter">{letter}.</span>'
        else:
            mark = f'<span class="bubble">{letter}</span>'  # the bubble carries the letter
        cls = ' class="right"' if right else ""
        if pictures[i]:
            muscle = exam.pictured(q, pictures[i])
            svg = maps.draw(muscle, height=OPTION_MAP_HEIGHT, id_prefix=f"qz-map-{number}-{letter.lower()}")
            # The key names each map's muscle and pattern: the teacher checks at a glance.
            caption = (
                f'<span class="caption"><b>{text(muscle.name)}</b>: {text(option)}</span>' if key else ""
            )
            rows.append(f"<li{cls}><span>{mark}</span>{svg}{caption}</li>")
            continue
        rows.append(f"<li{cls}>{mark}<span>{text(option)}</span></li>")
    kind = "multi" if q.kind is Kind.MULTI else q.kind.value
    extra = " maps" if any(pictures) else ""
    return f'<ul class="options {kind}{extra}">\n' + "\n".join(rows) + "\n</ul>"


def write_paper_html(exam: Exam, version: Version, *, paper: str = "a4") -> str:
    """The students' paper: header to fill in, then every question with bubbles or boxes."""
    items = []
    for item in version.items:
        q = item.question
        hint = _HINT.get(q.kind, "Write your answer on the lines.")
        answer = (
            _options(exam, q, item.number, key=False)
            if q.options
            else ("" if q.kind is Kind.CLOZE else '<div class="lines">' + "<span></span>" * 3 + "</div>")
        )
        items.append(
            f'<li class="q" id="q{item.number}"><div class="num">{item.number}.</div><div>'
            f'<p class="stem">{_stem(q)} <span class="hint">{hint}</span></p>\n'
            f"{_stem_map(exam, q, item.number)}{answer}</div></li>"
        )
    body = (
        _header(exam, version, "", fields=True) + '<ol class="questions">\n' + "\n".join(items) + "\n</ol>\n"
    )
    return _page(exam, version, what="paper", paper=paper, body=body)


def write_key_html(exam: Exam, version: Version, *, paper: str = "a4") -> str:
    """The key: a summary table, each question with its answer, explanation and source, and
    the cross-reference of positions in every version."""
    rows = "\n".join(
        f"<tr><td>{i.number}</td><td><b>{text(key_text(i.question))}</b></td>"
        f"<td>{text(i.question.facet.title)}</td><td><code>{escape(i.question.id)}</code></td></tr>"
        for i in version.items
    )
    summary = (
        '<h2>Answers</h2>\n<table class="answers"><thead><tr><th class="no">No.</th>'
        '<th>Answer</th><th class="topic">Topic</th><th class="id">Question id</th>'
        f"</tr></thead>\n<tbody>\n{rows}\n</tbody></table>\n"
    )
    items = []
    for item in version.items:
        q = item.question
        answer = f"<p><b>Answer:</b> {text(key_text(q))}"
        answer += f" ({text(q.answer)})</p>" if q.kind.is_choice else "</p>"
        why = f'<p class="why"><b>Why:</b> {text(q.explanation)}</p>' if q.explanation else ""
        src = f'<p class="source"><b>Source:</b> {text(q.source)}</p>' if q.source else ""
        opts = _options(exam, q, item.number, key=True) if q.options else ""
        items.append(
            f'<li class="q"><div class="num">{item.number}.</div><div>'
            f'<p class="stem">{_stem(q) if q.kind is not Kind.CLOZE else text(q.answer)}</p>\n'
            f"{_stem_map(exam, q, item.number)}{opts}{answer}{why}{src}</div></li>"
        )
    body = (
        _header(exam, version, "answer key", fields=False)
        + '<div class="key">'
        + summary
        + "<h2>Explanations</h2>\n"
        + '<ol class="questions">\n'
        + "\n".join(items)
        + "\n</ol>\n"
        + _crossref(exam)
        + "</div>\n"
    )
    return _page(exam, version, what="answer key", paper=paper, body=body)


def _crossref(exam: Exam) -> str:
    if len(exam.versions) < 2:
        return ""
    head = "".join(f"<th>{v.letter}</th>" for v in exam.versions)
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{p}</td>" for p in positions) + f"<td><code>{escape(qid)}</code></td></tr>"
        for _, qid, positions in exam.crossref()
    )
    return (
        "<h2>Versions cross-reference</h2>\n<table><thead><tr>"
        + head
        + f"<th>Question id</th></tr></thead>\n<tbody>\n{rows}\n</tbody></table>\n"
    )
