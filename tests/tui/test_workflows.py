"""Pilot tests: every workflow of the app, checked against the session service's state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from quizzer.model import Kind
from quizzer.progress import Rating, Status
from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens.browse import BrowseScreen
from quizzer.tui.screens.help import HelpScreen
from quizzer.tui.screens.home import HomeScreen
from quizzer.tui.screens.session import QuizScreen, StudyScreen
from quizzer.tui.screens.settings import SettingsScreen
from quizzer.tui.screens.sheet import SheetScreen
from quizzer.tui.screens.stats import StatsScreen
from quizzer.tui.widgets.choices import ChoicePanel, OptionRow
from quizzer.tui.widgets.deck_table import DeckTable
from quizzer.tui.widgets.grade_bar import GradeBar

MakeApp = Callable[..., QuizzerApp]
Settle = Callable[[Any], Awaitable[None]]
SIZE = (100, 30)


def _text(app: QuizzerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _sheet(app: QuizzerApp) -> str:
    return "\n".join(str(line.render()) for line in app.screen.query(".sheet-line").results(Static))


async def test_home_lists_decks_with_counts(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#deck-table", DeckTable)
        assert table.row_count == 1
        row = table.row_text("mini")
        assert row[0].strip() == "Mini deck"
        assert [int(c) for c in row[1:]] == [20, 0, 0]
        assert "Today: 0 reviewed" in _text(app, "#home-today")
        # The top line says what is waiting: new cards too, not "0 due" over them.
        assert _text(app, "#home-exam").strip() == "20 new · 0 due"


async def test_the_top_line_counts_as_the_table_does(make_app: MakeApp, settle: Settle) -> None:
    # A card in learning is counted under Learn, not Due: the top line says the same.
    app = make_app(start="study")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        shown = screen.session.current
        assert shown is not None and not shown.question.kind.is_choice
        await pilot.press("space", "1")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        row = app.screen.query_one("#deck-table", DeckTable).row_text("mini")
        assert [int(c) for c in row[1:]] == [19, 1, 0]
        assert _text(app, "#home-exam").strip() == "19 new · 1 learning · 0 due"


async def test_study_reveal_and_each_rating(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        rated: dict[str, Rating] = {}
        for rating in Rating:
            shown = screen.session.current
            assert shown is not None
            while shown.question.kind.is_choice:  # rating keys belong to flashcards
                await pilot.press("s")
                shown = screen.session.current
                assert shown is not None
            grade_bar = screen.query_one("#grade-bar", GradeBar)
            assert not grade_bar.display
            await pilot.press("space")
            await pilot.pause()
            assert screen.session.current is not None and screen.session.current.revealed
            assert grade_bar.display
            label = str(screen.query_one(f"#rate-{int(rating)}").label)
            assert label.startswith(f"{int(rating)} {rating.label} · ")
            rated[shown.question.id] = rating
            await pilot.press(str(int(rating)))
            await pilot.pause()
        assert screen.session.summary().answered == 4
        for qid, rating in rated.items():
            info = screen.service.card_info(qid)
            assert info.history[-1].rating is rating
            assert info.status is not Status.NEW


async def test_grade_buttons_are_clickable(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(start="study")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        shown = screen.session.current
        assert shown is not None and not shown.question.kind.is_choice
        await pilot.press("enter")
        await pilot.click("#rate-3")
        await pilot.pause()
        assert screen.service.card_info(shown.question.id).history[-1].rating is Rating.GOOD


async def test_undo_takes_the_answer_back(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(start="study")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        first = screen.session.current
        assert first is not None
        await pilot.press("space", "1")
        await pilot.pause()
        assert screen.service.card_info(first.question.id).reps == 1
        await pilot.press("u")
        await pilot.pause()
        assert screen.session.summary().answered == 0
        info = screen.service.card_info(first.question.id)
        assert info.status is Status.NEW and info.history == []
        again = screen.session.current
        assert again is not None and again.question.id == first.question.id
        assert "Where is alpha muscle located?" in _text(app, "#prompt")


async def test_suspend_moves_on_and_is_stored(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(start="study")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        first = screen.session.current
        assert first is not None
        await pilot.press("s")
        await pilot.pause()
        assert screen.service.card_info(first.question.id).suspended
        now = screen.session.current
        assert now is not None and now.question.id != first.question.id


async def test_undo_after_an_accidental_suspend_takes_the_suspension_back(
    make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(start="study")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        first = screen.session.current
        assert first is not None
        await pilot.press("space", "3")
        await pilot.pause()
        second = screen.session.current
        assert second is not None
        await pilot.press("s")  # meant to press something else
        await pilot.pause()
        assert screen.service.card_info(second.question.id).suspended
        await pilot.press("u")
        await pilot.pause()
        # The suspension is taken back and its card is on screen again; the answer before
        # it stays.
        assert not screen.service.card_info(second.question.id).suspended
        shown = screen.session.current
        assert shown is not None and shown.question.id == second.question.id
        assert screen.service.card_info(first.question.id).reps == 1
        assert screen.session.summary().answered == 1


async def _answer_quiz(pilot: object, screen: QuizScreen, *, wrong_first: bool) -> list[str]:
    """Answer every quiz question (the first one wrong when asked); returns the question ids."""
    asked: list[str] = []
    while (shown := screen.session.current) is not None:
        q = shown.question
        assert q.kind.is_choice
        asked.append(q.id)
        wrong = wrong_first and len(asked) == 1
        if q.kind is Kind.ORDER:
            order = list(reversed(q.correct)) if wrong else list(q.correct)
            keys = [chr(97 + i) for i in order]
        elif q.kind is Kind.MULTI:
            picks = [i for i in range(len(q.options)) if i not in q.correct][:1] if wrong else q.correct
            keys = [*(chr(97 + i) for i in picks), "enter"]
        else:
            pick = next(i for i in range(len(q.options)) if i not in q.correct) if wrong else q.correct[0]
            keys = [chr(97 + pick)]
        await pilot.press(*keys)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
        assert screen.graded
        feedback = str(screen.query_one("#feedback", Static).render())
        assert ("Not quite" in feedback) == wrong
        assert q.source in feedback
        await pilot.press("enter")  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
    return asked


@pytest.mark.slow  # about 2 s: CI runs it after the quick suite
async def test_quiz_to_summary_and_retry_mistakes(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(start="quiz", quiz_size=4)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        asked = await _answer_quiz(pilot, screen, wrong_first=True)
        assert len(asked) == 4
        summary = _text(app, "#summary")
        assert "Score 3 / 4" in summary and "By topic" in summary
        for qid in asked:  # quiz answers feed the scheduler
            assert screen.service.card_info(qid).reps == 1
        await pilot.press("r")
        await pilot.pause()
        retry = app.screen
        assert isinstance(retry, QuizScreen) and retry is not screen
        assert retry.session.current is not None
        assert retry.session.current.question.id == asked[0]
        await _answer_quiz(pilot, retry, wrong_first=False)
        assert "Score 1 / 1" in _text(app, "#summary")
        await pilot.press("r")  # nothing left to retry
        await pilot.pause()
        assert app.screen is retry


async def test_choice_options_can_be_clicked(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(start="quiz", quiz_size=2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        shown = screen.session.current
        assert shown is not None
        q = shown.question
        if q.kind in (Kind.MCQ, Kind.NOT):
            await pilot.click(f"#option-{q.correct[0]}")
        else:
            for i in q.correct:
                await pilot.click(f"#option-{i}")
            if q.kind is Kind.MULTI:
                await pilot.press("enter")
        await pilot.pause()
        assert screen.graded
        row = screen.query_one(f"#option-{q.correct[0]}", OptionRow)
        assert row.has_class("-right")
        assert screen.query_one("#choices", ChoicePanel).graded


async def test_browse_search_and_detail(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        table = screen.query_one("#browse-table", DataTable)
        assert table.row_count == len(screen.questions)
        search = screen.query_one("#browse-search", Input)
        search.value = "kind:mcq muscle:beta"
        await pilot.pause()
        expected = [q for q in screen.questions if q.kind is Kind.MCQ and q.muscle == "beta"]
        assert expected and table.row_count == len(expected)
        detail = _text(app, "#browse-detail")
        assert expected[0].answer in detail and "state new" in detail
        search.value = "zzz-no-such-thing"
        await pilot.pause()
        assert table.row_count == 0
        assert "No question matches" in _text(app, "#browse-detail")


async def test_browse_state_filter_and_suspend(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(start="study")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.screen.session.current  # type: ignore[attr-defined]
        await pilot.press("space", "3", "escape", "b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        screen.query_one("#browse-search", Input).value = "state:learning"
        await pilot.pause()
        table = screen.query_one("#browse-table", DataTable)
        assert table.row_count == 1
        assert "Good" in _text(app, "#browse-detail")
        assert screen.focused is table
        await pilot.press("s")
        await pilot.pause()
        assert screen.service.card_info(first.question.id).suspended
        # The row's state follows at once, and a new state: search finds the card.
        assert table.get_cell(first.question.id, "state") == "suspended"
        screen.query_one("#browse-search", Input).value = "state:suspended"
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("s")
        await pilot.pause()
        assert table.get_cell(first.question.id, "state") == "learning"


async def test_settings_saved_and_reloaded(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#retention", Input).value = "85 %"
        screen.query_one("#exam", Input).value = "not a date"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "exam date" in _text(app, "#settings-error")
        assert app.service is not None and app.service.settings.desired_retention == 0.9
        screen.query_one("#exam", Input).value = "2026-12-20"
        screen.query_one("#steps", Input).value = "2, 15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Exam in 25 days" in _text(app, "#home-exam")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.service is not None
        settings = again.service.settings
        assert settings.desired_retention == 0.85
        assert settings.exam_date == date(2026, 12, 20)
        assert settings.learning_steps == (2, 15)


async def test_help_lists_every_key(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = _text(app, "#help-text")
        for screen in (
            HomeScreen,
            StudyScreen,
            QuizScreen,
            BrowseScreen,
            StatsScreen,
            SheetScreen,
            SettingsScreen,
        ):
            for binding in screen.BINDINGS:
                description = binding.tooltip or binding.description  # type: ignore[union-attr]
                if description.startswith("Pick option"):
                    description = "Pick an option"
                assert description in text, binding
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_command_palette_offers_every_screen(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Study", "Quiz", "Browse", "Stats", "Muscle sheet", "Settings", "Help"} <= titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Stats")
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)


async def test_muscle_sheet_and_stats(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, SheetScreen)
        sheet = _sheet(app)
        assert "Alpha muscle" in sheet and "Upper nerve (L4, L5, S1)" in sheet
        assert "Grade 2 (moderate)" in sheet
        app.screen.query_one("#muscle-list", OptionList).focus()
        await pilot.press("down")
        await pilot.pause()
        assert "Beta muscle" in _sheet(app)
        await pilot.press("escape", "t")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        text = "\n".join(str(w.render()) for w in app.screen.query(".stats-block").results(Static))
        assert "Due in the next" in text and "Reviews per day" in text and "Leeches (0)" in text


async def test_deck_problems_end_the_app_with_one_line(make_app: MakeApp, settle: Settle) -> None:
    def broken() -> tuple[object, list[str]]:
        raise ValueError("decks/x.yaml:3:1: muscles[0]: missing 'id'\nsecond problem")

    app = make_app()
    app._load_library = broken  # type: ignore[assignment]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert app.return_value == "decks/x.yaml:3:1: muscles[0]: missing 'id' (and 1 more problems)"


async def test_unreadable_store_ends_the_app_with_one_line(
    make_app: MakeApp, settle: Settle, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "progress.sqlite3").write_bytes(b"this is not a database" * 100)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    message = app.return_value
    assert isinstance(message, str) and "progress.sqlite3" in message and "\n" not in message
    assert (data_dir / "progress.sqlite3").read_bytes().startswith(b"this is not")


async def test_each_question_is_drawn_afresh_in_the_reused_widgets(make_app: MakeApp, settle: Settle) -> None:
    # The screen keeps its card, options and feedback from one question to the next: no
    # mark, option or feedback of the last question may stay on screen.
    from tests.tui.pilots import push_session

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.service is not None
        questions = app.service.questions()
        mcq = [q for q in questions if q.kind is Kind.MCQ and not q.picture and not q.option_pictures]
        multi = next(q for q in questions if q.kind is Kind.MULTI and len(q.options) > 4)
        basic = next(q for q in questions if q.kind is Kind.BASIC)
        order = [mcq[0].id, multi.id, basic.id, mcq[1].id]
        screen = await push_session(pilot, *order, screen_type=StudyScreen)
        for qid in order:
            shown = screen.session.current
            assert shown is not None and shown.question.id == qid
            q = shown.question
            panels = [w for w in screen.query("#choices") if w.display]
            rows = [row for panel in panels for row in panel.query(OptionRow).results(OptionRow)]
            assert [row.text for row in rows] == list(q.options)
            assert all(
                row.mark == " " and not any(row.has_class(c) for c in ("-right", "-wrong", "-picked"))
                for row in rows
            )
            assert not any(w.display for w in screen.query("#feedback"))
            assert _text(app, "#prompt") == q.question
            if q.kind.is_choice:
                keys = [chr(97 + next(i for i in range(len(q.options)) if i not in q.correct))]
                if q.kind is Kind.MULTI:
                    keys.append("enter")
                await pilot.press(*keys)
                await pilot.pause()
                assert screen.query_one("#feedback").display
                assert any(row.has_class("-wrong") for row in rows)
                await pilot.press("enter")
            else:
                await pilot.press("space", "1")
            await pilot.pause()


async def test_quiz_summary_keeps_a_space_after_the_longest_topic(
    make_app: MakeApp, settle: Settle, monkeypatch: Any
) -> None:
    """ "Cautions and endangerment sites" (31 characters) once ran into its score."""
    from dataclasses import replace

    from quizzer.model import Facet

    app = make_app(start="quiz", quiz_size=1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        summary = replace(
            screen.session.summary(),
            answered=3,
            correct=2,
            correct_pct=66.7,
            by_facet={Facet.CAUTIONS: (2, 2), Facet.ORIGIN: (0, 1)},
        )
        monkeypatch.setattr(screen.session, "summary", lambda: summary)
        lines = screen.summary_content().plain.splitlines()
        cautions = next(line for line in lines if "Cautions" in line)
        origin = next(line for line in lines if "Origin" in line)
        assert cautions.split() == ["Cautions", "and", "endangerment", "sites", "2/2"]
        assert cautions.index("2/2") == origin.index("0/1")  # the scores line up


async def test_browse_refits_its_columns_when_the_terminal_shrinks(make_app: MakeApp, settle: Settle) -> None:
    """Opened at 100 columns and shrunk to 80, the State column must still show: the
    question column is cut to the new width (it kept the old one, pushing State off)."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        table = screen.query_one("#browse-table", DataTable)
        await pilot.press("down", "down")
        row = table.cursor_row
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        # Every column shows whole (the last one's right padding may fall off the edge).
        shown = sum(c.get_render_width(table) for c in table.ordered_columns) - table.cell_padding
        assert shown <= table.scrollable_content_region.width
        assert table.cursor_row == row  # the highlighted question stays highlighted


async def test_started_on_study_the_home_screen_is_made_when_first_wanted(
    make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(start="study")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 2
        assert "Loading" not in _text(app, "#home-today")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 2
