"""The choice cards' script in a real browser engine: picks reach the back, or the back stands alone."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import genanki
import pytest
from anki.collection import Collection

from quizzer.model import Kind, Question
from tests.anki.ankitools import export, import_package, questions_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="needs headless chromium (apt-get install chromium)"),
]

# Shows each side the way Anki's reviewer does (replace the card area, run its scripts),
# ticks options between the sides, and writes what the back ended up showing into #out.
_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head>
<body class="card"><div id="qa"></div><pre id="out"></pre><script>
function show(html) {
  var qa = document.getElementById("qa"); qa.innerHTML = html;
  Array.prototype.forEach.call(qa.querySelectorAll("script"), function (old) {
    var s = document.createElement("script"); s.text = old.text; old.parentNode.replaceChild(s, old);
  });
}
var results = [];
SCENARIOS.forEach(function (c) {
  show(c.front);
  c.clicks.forEach(function (i) { document.querySelectorAll(".qz-choices input")[i].click(); });
  if (c.lose === "all") { window.quizzerPicks = undefined; try { sessionStorage.clear(); } catch (e) {} }
  if (c.lose === "window") { window.quizzerPicks = undefined; }
  show(c.back);
  var rows = Array.prototype.map.call(document.querySelectorAll(".qz-result li"), function (li) {
    var you = li.querySelector(".qz-you");
    return [Number(li.getAttribute("data-i")), li.className, you ? you.textContent : ""];
  });
  results.push({verdict: document.querySelector(".qz-verdict").textContent, rows: rows});
});
document.getElementById("out").textContent = JSON.stringify(results);
</script></body></html>"""


def _run(page: Path) -> list[dict[str, Any]]:
    assert CHROMIUM is not None
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-extensions",
            "--no-first-run",
            "--virtual-time-budget=2000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found, done.stdout[-2000:]
    results: list[dict[str, Any]] = json.loads(html.unescape(found.group(1)))
    return results


def test_picks_reach_the_back_and_the_back_works_without_them(
    col: Collection, mini_deck: Path, tmp_path: Path
) -> None:
    questions = questions_of(mini_deck)
    export(mini_deck, tmp_path / "mini.apkg")
    import_package(col, tmp_path / "mini.apkg")
    guids = {col.get_note(n).guid: n for n in col.find_notes("")}

    def sides(q: Question) -> tuple[str, str]:
        card = col.get_note(guids[genanki.guid_for(q.id)]).cards()[0]
        return card.question(), card.answer()

    mcq = next(q for q in questions if q.kind is Kind.MCQ)
    multi = next(q for q in questions if q.kind is Kind.MULTI)
    order = next(q for q in questions if q.kind is Kind.ORDER)
    wrong = next(i for i in range(len(mcq.options)) if i not in mcq.correct)
    scenarios = [
        (mcq, [wrong], ""),
        (multi, list(multi.correct), ""),
        (order, list(order.correct), "window"),  # state only in sessionStorage (AnkiDroid)
        (order, list(reversed(order.correct)), ""),
        (mcq, [mcq.correct[0]], "all"),  # front state lost entirely
    ]
    payload = [
        {"front": sides(q)[0], "back": sides(q)[1], "clicks": clicks, "lose": lose}
        for q, clicks, lose in scenarios
    ]
    page = tmp_path / "cards.html"
    page.write_text(_PAGE.replace("SCENARIOS", json.dumps(payload).replace("</", "<\\/")), "utf-8")
    got = _run(page)

    wrong_mcq, right_multi, right_order, wrong_order, lost = got
    assert wrong_mcq["verdict"] == "Not quite."
    assert [(r[0], r[2]) for r in wrong_mcq["rows"] if "qz-miss" in r[1]] == [(wrong, "your pick")]
    assert right_multi["verdict"] == "Right!"
    assert sorted(r[0] for r in right_multi["rows"] if r[2] == "your pick") == sorted(multi.correct)
    assert right_order["verdict"] == "Right!"
    assert [r[2] for r in right_order["rows"]] == [f"you: {n + 1}" for n in range(len(order.correct))]
    assert wrong_order["verdict"] == "Not quite."
    assert lost["verdict"] == ""
    assert [r[0] for r in lost["rows"] if "qz-right" in r[1]] == list(mcq.correct)
    assert all(r[2] == "" for r in lost["rows"])
