"""Card templates, CSS and script of the Anki note types (field and template names are a contract)."""

from __future__ import annotations

# Everything here is plain text handed to genanki by quizzer.export.anki. Changing CSS or
# template HTML updates students' note types in place on the next import; changing a
# field or template NAME does not (Anki then refuses to update notes), which is why the
# names live in FIELDS_* / TEMPLATE_* below and the note-type names carry a version.

BASIC_FIELDS = ("Front", "Back", "Explanation", "Source", "Image")
CLOZE_FIELDS = ("Text", "Explanation", "Source", "Image")
CHOICE_FIELDS = ("Question", "Options", "Answer", "Explanation", "Source", "Image")

BASIC_TEMPLATE = "Card 1"
CLOZE_TEMPLATE = "Cloze"
CHOICE_TEMPLATE = "Choice"


_EXTRAS = """
{{#Image}}<div class="qz-image">{{Image}}</div>{{/Image}}
{{#Explanation}}<div class="qz-explanation">{{Explanation}}</div>{{/Explanation}}
{{#Source}}<div class="qz-source">Source: {{Source}}</div>{{/Source}}
"""

# Choice cards show the Image (a stem map) under the question on both sides instead.
_CHOICE_EXTRAS = _EXTRAS.replace('{{#Image}}<div class="qz-image">{{Image}}</div>{{/Image}}\n', "")
_STEM_IMAGE = '{{#Image}}<div class="qz-image qz-stem">{{Image}}</div>{{/Image}}\n'

BASIC_FRONT = '<div class="qz-question">{{Front}}</div>'
BASIC_BACK = '{{FrontSide}}\n<hr id="answer">\n<div class="qz-answer">{{Back}}</div>' + _EXTRAS

CLOZE_FRONT = '<div class="qz-question qz-cloze">{{cloze:Text}}</div>'
CLOZE_BACK = '<div class="qz-question qz-cloze">{{cloze:Text}}</div>' + _EXTRAS

# The front marks picks with native radio buttons and check boxes, so marking works even
# with JavaScript off. The script only numbers `order` picks and hands the picks to the
# back (window variable, and sessionStorage for clients that reload between sides). The
# back is complete without it: the Answer field already marks the right options.
_FRONT_SCRIPT = """<script>
(function () {
  var box = document.querySelector(".qz-choices");
  if (!box) { return; }
  var kind = box.getAttribute("data-qz-kind");
  var order = [];
  var inputs = box.querySelectorAll("input");
  function save() {
    var picks = [];
    for (var i = 0; i < inputs.length; i++) {
      var label = inputs[i].parentNode;
      var value = Number(inputs[i].value);
      // A class as well as :checked, for older WebViews without CSS :has().
      label.className = inputs[i].checked ? "qz-o qz-checked" : "qz-o";
      if (inputs[i].checked && kind !== "order") { picks.push(value); }
      if (kind === "order") {
        var rank = order.indexOf(value);
        if (rank < 0) { label.removeAttribute("data-rank"); }
        else { label.setAttribute("data-rank", String(rank + 1)); }
      }
    }
    if (kind === "order") { picks = order.slice(); }
    var state = JSON.stringify({id: box.getAttribute("data-qz-id"), picks: picks});
    window.quizzerPicks = state;
    try { window.sessionStorage.setItem("quizzer-picks", state); } catch (e) {}
  }
  box.addEventListener("change", function (event) {
    var input = event.target;
    var value = Number(input.value);
    var at = order.indexOf(value);
    if (input.checked && at < 0) { order.push(value); }
    if (!input.checked && at >= 0) { order.splice(at, 1); }
    // Give the keyboard back to Anki, so Space/Enter show the answer instead of ticking.
    if (input.blur) { input.blur(); }
    save();
  });
  save();
})();
</script>"""

_BACK_SCRIPT = """<script>
(function () {
  var box = document.querySelector(".qz-result");
  if (!box) { return; }
  var state = window.quizzerPicks;
  if (!state) { try { state = window.sessionStorage.getItem("quizzer-picks"); } catch (e) {} }
  var data = null;
  try { data = JSON.parse(state); } catch (e) { return; }
  if (!data || data.id !== box.getAttribute("data-qz-id") || !data.picks || !data.picks.length) {
    return;
  }
  var kind = box.getAttribute("data-qz-kind");
  var correct = box.getAttribute("data-qz-correct").split(" ").map(Number);
  var rows = box.querySelectorAll("li");
  for (var r = 0; r < rows.length; r++) {
    var index = Number(rows[r].getAttribute("data-i"));
    var at = data.picks.indexOf(index);
    if (at < 0) { continue; }
    var hit = kind === "order" ? at === r : correct.indexOf(index) >= 0;
    rows[r].className += hit ? " qz-hit" : " qz-miss";
    var you = document.createElement("span");
    you.className = "qz-you";
    you.textContent = kind === "order" ? "you: " + (at + 1) : "your pick";
    rows[r].appendChild(you);
  }
  var right;
  if (kind === "order") { right = data.picks.join(" ") === correct.join(" "); }
  else {
    right = data.picks.length === correct.length;
    for (var i = 0; i < data.picks.length; i++) {
      if (correct.indexOf(data.picks[i]) < 0) { right = false; }
    }
  }
  var verdict = box.querySelector(".qz-verdict");
  if (verdict) { verdict.textContent = right ? "Right!" : "Not quite."; }
  box.className += right ? " qz-got-right" : " qz-got-wrong";
})();
</script>"""

CHOICE_FRONT = '<div class="qz-question">{{Question}}</div>\n' + _STEM_IMAGE + "{{Options}}\n" + _FRONT_SCRIPT
CHOICE_BACK = (
    '<div class="qz-question">{{Question}}</div>\n'
    + _STEM_IMAGE
    + '<hr id="answer">\n{{Answer}}'
    + _CHOICE_EXTRAS
    + _BACK_SCRIPT
)

# Anki puts .card and, in night mode, .nightMode (older clients: .night_mode) on <body>.
# Colours are variables so night mode only swaps the palette.
CSS = """\
.card {
  --qz-fg: #1f2328; --qz-muted: #59636e; --qz-bg: #ffffff; --qz-panel: #f6f8fa;
  --qz-line: #d1d9e0; --qz-accent: #0969da; --qz-right: #1a7f37; --qz-right-bg: #dafbe1;
  --qz-wrong: #cf222e; --qz-wrong-bg: #ffebe9; --qz-cloze: #0550ae;
  font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 20px; line-height: 1.45; color: var(--qz-fg); background: var(--qz-bg);
  text-align: left; margin: 0; padding: 0;
}
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  --qz-fg: #e6edf3; --qz-muted: #9198a1; --qz-bg: #1f1f1f; --qz-panel: #2a2d31;
  --qz-line: #3d444d; --qz-accent: #4493f8; --qz-right: #3fb950; --qz-right-bg: #12361f;
  --qz-wrong: #f85149; --qz-wrong-bg: #3c1618; --qz-cloze: #79c0ff;
}
#qa, .qz-wrap { max-width: 40em; margin: 0 auto; padding: 16px; box-sizing: border-box; }
.qz-question { font-size: 1.1em; font-weight: 600; margin-bottom: 0.8em; overflow-wrap: anywhere; }
.qz-cloze { font-weight: 400; }
.cloze { font-weight: 700; color: var(--qz-cloze); }
hr#answer { border: 0; border-top: 1px solid var(--qz-line); margin: 0.8em 0; }
.qz-answer { font-size: 1.05em; overflow-wrap: anywhere; }
.qz-explanation { margin-top: 0.9em; padding: 0.6em 0.8em; background: var(--qz-panel);
  border-left: 4px solid var(--qz-accent); border-radius: 6px; font-size: 0.9em; }
.qz-source { margin-top: 0.8em; font-size: 0.75em; color: var(--qz-muted); }
.qz-image { margin: 0.6em 0; text-align: center; }
.qz-image img { max-width: 100%; height: auto; }
/* Pain maps: the SVG declares its size; keep a whole figure on screen. */
.qz-image img.qz-map { width: auto; max-height: 60vh; }
.qz-hint { font-size: 0.8em; color: var(--qz-muted); margin: 0 0 0.5em; }
.qz-choices, .qz-list { counter-reset: qz; }
.qz-list { list-style: none; margin: 0; padding: 0; }
.qz-o, .qz-list li { counter-increment: qz; display: flex; align-items: center; gap: 0.6em;
  min-height: 44px; box-sizing: border-box; margin: 0 0 0.5em; padding: 0.5em 0.75em;
  border: 2px solid var(--qz-line); border-radius: 10px; background: var(--qz-panel);
  overflow-wrap: anywhere; }
.qz-o { cursor: pointer; -webkit-tap-highlight-color: transparent; }
.qz-o input { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
.qz-list li > span:first-child { flex: 1; }
.qz-o > span { flex: 1; display: flex; align-items: center; gap: 0.6em; }
.qz-o > span::before, .qz-list li::before { content: counter(qz, upper-alpha); flex: none;
  display: inline-flex; align-items: center; justify-content: center; width: 1.6em; height: 1.6em;
  border-radius: 50%; border: 2px solid var(--qz-line); font-size: 0.8em; font-weight: 700;
  color: var(--qz-muted); box-sizing: border-box; }
.qz-o.qz-checked, .qz-o:has(input:checked) { border-color: var(--qz-accent);
  box-shadow: inset 0 0 0 1px var(--qz-accent); }
.qz-o input:checked + span::before { background: var(--qz-accent); border-color: var(--qz-accent);
  color: #ffffff; }
.qz-o:has(input:focus-visible) { outline: 2px solid var(--qz-accent); outline-offset: 2px; }
.qz-o[data-rank]::after { content: attr(data-rank); flex: none; font-weight: 700;
  color: var(--qz-accent); }
.qz-list li.qz-right { border-color: var(--qz-right); background: var(--qz-right-bg); }
.qz-list li.qz-right::before { border-color: var(--qz-right); color: var(--qz-right); }
.qz-list li.qz-right::after { content: "✓"; flex: none; font-weight: 700;
  color: var(--qz-right); }
.qz-steps li::before { content: counter(qz); border-color: var(--qz-right); color: var(--qz-right); }
.qz-steps li::after { content: attr(data-l); flex: none; display: inline-flex; align-items: center;
  justify-content: center; width: 1.5em; height: 1.5em; border-radius: 50%; font-size: 0.7em;
  border: 1px solid var(--qz-line); color: var(--qz-muted); box-sizing: border-box; }
.qz-list li.qz-miss { border-color: var(--qz-wrong); background: var(--qz-wrong-bg); }
.qz-you { flex: none; font-size: 0.75em; font-weight: 700; color: var(--qz-right); }
.qz-miss .qz-you { color: var(--qz-wrong); }
.qz-verdict { font-weight: 700; margin: 0 0 0.5em; }
.qz-verdict:empty { display: none; }
.qz-got-right .qz-verdict { color: var(--qz-right); }
.qz-got-wrong .qz-verdict { color: var(--qz-wrong); }
@media (max-width: 480px) {
  .card { font-size: 17px; }
  #qa, .qz-wrap { padding: 10px; }
  .qz-o, .qz-list li { padding: 0.45em 0.6em; }
}
/* Map options: a 2 x 2 grid of equal boxes, letter top left, each map scaled to fit. After
   the option rules above, which they override. */
.qz-pictures { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.5em; }
.qz-pictures .qz-hint { grid-column: 1 / -1; margin: 0; }
.qz-pictures .qz-o, .qz-pictures li { margin: 0; align-items: flex-start; padding: 0.4em; }
.qz-pictures .qz-o > span { align-items: flex-start; min-width: 0; }
.qz-pictures img.qz-map { display: block; flex: 1; min-width: 0; width: 100%; height: 14em;
  object-fit: contain; }
.qz-list.qz-pictures li > span:first-child { min-width: 0; display: flex; flex-direction: column;
  align-items: center; }
.qz-list.qz-pictures img.qz-map { flex: none; }
.qz-cap { font-size: 0.75em; text-align: center; color: var(--qz-muted); }
"""
