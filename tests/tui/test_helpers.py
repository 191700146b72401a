"""The app's pure helpers: cloze display, browse search, settings parsing, charts, key names."""

from __future__ import annotations

from datetime import date

import pytest

from quizzer.model import Facet, Kind, Question, QuestionKey
from quizzer.session.search import parse_query, search
from quizzer.tui.screens.help import key_label
from quizzer.tui.screens.settings import SettingsProblem, parse_fields
from quizzer.tui.screens.stats import series, stats_content
from quizzer.tui.widgets.charts import bar_chart, bar_width, heatmap, sparkline
from quizzer.tui.widgets.question_card import cloze_answer, cloze_prompt, plain_prompt


def _q(item: str, kind: Kind, text: str, muscle: str = "alpha") -> Question:
    return Question(
        QuestionKey("mini", muscle, Facet.ORIGIN, item, kind),
        question=text,
        answer="ans",
        muscle_name=f"{muscle.title()} muscle",
    )


def test_cloze_gaps_hidden_then_filled() -> None:
    text = "Ice for {{c1::20 minutes}} every {{c1::2 hours::time}}."
    assert cloze_prompt(text).plain == "Ice for […] every [time]."
    assert cloze_answer(text).plain == "Ice for 20 minutes every 2 hours."
    assert plain_prompt(_q("x", Kind.CLOZE, text)) == "Ice for […] every […]."


def test_search_words_and_filters() -> None:
    qs = [
        _q("a1", Kind.MCQ, "Where does it originate?"),
        _q("a2", Kind.BASIC, "Which nerve?"),
        _q("b1", Kind.MCQ, "Which nerve?", muscle="beta"),
    ]
    states = {qs[1].id: "learning"}

    def found(text: str) -> list[str]:
        return [q.key.item for q in search(qs, text, states)]

    assert parse_query("Nerve kind:mcq bogus:x").filters == (("kind", "mcq"),)
    assert found("nerve") == ["a2", "b1"]
    assert found("kind:mcq muscle:beta") == ["b1"]
    assert found("state:learning") == ["a2"]
    assert found("state:new") == ["a1", "b1"]
    assert search(qs, "", states) == qs


def test_settings_fields_parse_and_name_the_bad_one() -> None:
    good = {
        "retention": "85 %",
        "new_per_day": "15",
        "reviews_per_day": "100",
        "steps": "1, 10",
        "exam": "2026-12-20",
    }
    assert parse_fields(good) == {
        "desired_retention": 0.85,
        "new_per_day": 15,
        "reviews_per_day": 100,
        "learning_steps": (1, 10),
        "exam_date": date(2026, 12, 20),
    }
    assert parse_fields({**good, "retention": "0.9", "exam": ""})["exam_date"] is None
    for key, value, words in (
        ("retention", "high", "desired retention"),
        ("new_per_day", "x", "new cards per day"),
        ("steps", "", "learning steps"),
        ("steps", "1 ten", "learning steps"),
        ("exam", "20/12/2026", "exam date"),
    ):
        with pytest.raises(SettingsProblem, match=words):
            parse_fields({**good, key: value})


def test_bar_chart_prints_counts_of_any_size() -> None:
    # 106 cards due must read 106, not 99; every count under its own bar.
    chart = bar_chart([106, 5, 1234], ["01", "02", "03"], height=4)
    *bars, labels, counts = chart.plain.splitlines()
    assert counts.split() == ["106", "5", "1234"]
    assert labels.split() == ["01", "02", "03"]
    width = bar_width([106, 5, 1234])
    assert width == 5 and all(len(line) == 3 * width for line in (*bars, labels, counts))
    assert bar_width([3, 42]) == 3
    shown = stats_content(
        {"forecast": [{"date": f"2026-12-{d:02}", "due": 106 + d} for d in range(1, 31)]},
        date(2026, 12, 1),
        width=80,
    )
    forecast = next(block.plain for block in shown if block.plain.startswith("Due in"))
    assert "107" in forecast and "99 " not in forecast


def test_charts() -> None:
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([0, 4, 8]) == "▁▄█"
    grid = heatmap({date(2026, 11, 25): 3}, date(2026, 11, 25), weeks=2).plain.splitlines()
    assert len(grid) == 7 and grid[2].startswith("We") and grid[2].endswith("█ ")
    assert series([{"date": "2026-11-25", "due": 3}]) == [("2026-11-25", 3)]
    assert series({"a": 1}) == [("a", 1)]


def test_key_labels() -> None:
    assert key_label("question_mark") == "?"
    assert key_label("space,enter") == "space/enter"
    assert key_label("a,b,c,d,e,f,g,h") == "a–h"


def test_header_never_names_the_muscle_a_question_asks_for() -> None:
    from quizzer.model import Kind
    from quizzer.tui.screens.session import header_topic
    from tests.banks import bundled_questions

    for q in bundled_questions(0):
        topic = header_topic(q)
        if q.picture or q.kind is Kind.REVERSE or q.id.endswith("/which-muscle"):
            assert q.muscle_name not in topic, q.id
        else:
            assert topic == q.muscle_name
