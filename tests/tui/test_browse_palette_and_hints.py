"""Pilot tests for a new user's review at 80×24 and 100×30: wrapped lines hang under their
text, Browse tells its rows apart and names a bad filter, one palette entry per command,
1–4 before the answer says why, footers offer only what applies, hints are not covered."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from quizzer.model import Facet, Kind, Question, QuestionKey
from quizzer.session import start_quiz
from quizzer.session.search import filter_problem, filter_values
from quizzer.tui.app import QuizzerApp, build_app
from quizzer.tui.screens.browse import MAX_ROWS, BrowseScreen
from quizzer.tui.screens.mark_zones import MarkZonesScreen
from quizzer.tui.screens.session import QuizScreen, SessionScreen, StudyScreen
from quizzer.tui.widgets.choices import ChoicePanel
from quizzer.tui.widgets.footer import KeyFooter
from quizzer.tui.widgets.question_card import QuestionCard, plain_prompt

MakeApp = Callable[..., QuizzerApp]
Settle = Callable[[Any], Awaitable[None]]
ORDER = "mini/alpha/strain-grades/all/order"
BASIC = "mini/alpha/origin/all/basic"

LONG_OPTION = (
    "External surface of the ilium between the anterior and posterior gluteal "
    "lines, and the gluteal aponeurosis"
)
LONG_SOURCE = (
    "Gray's Anatomy; Travell & Simons' Myofascial Pain and Dysfunction: The Trigger "
    "Point Manual; Radiopaedia; Orthobullets"
)


def _lines(app: App[Any]) -> list[str]:
    """The screen as the terminal shows it, one string per row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def _question(**fields: Any) -> Question:
    key = QuestionKey("t", "m", Facet.ORIGIN, "x", fields.pop("kind", Kind.MCQ))
    base: dict[str, Any] = {
        "key": key,
        "question": "Which of these is an origin of gluteus medius?",
        "answer": LONG_OPTION,
        "options": ("Sacrum", LONG_OPTION, "Coccyx"),
        "correct": (1,),
    }
    return Question(**(base | fields))


class _Host(App[None]):
    """One widget alone on a screen, to see how it wraps."""

    def __init__(self, make: Callable[[], Any]) -> None:
        super().__init__()
        self._make = make

    def compose(self) -> ComposeResult:
        yield self._make()


def _continues_under(lines: list[str], head: str, text_start: str) -> None:
    """The line after the one holding ``head`` + ``text_start`` starts where the text starts."""
    row = next(i for i, line in enumerate(lines) if head + text_start in line)
    column = lines[row].index(head + text_start) + len(head)
    after = lines[row + 1]
    assert after.strip(), lines
    assert len(after) - len(after.lstrip()) == column, (lines[row], after)


async def test_a_wrapped_option_continues_under_its_text_not_its_letter() -> None:
    app = _Host(lambda: ChoicePanel(_question(), id="choices"))
    async with app.run_test(size=(44, 12)) as pilot:
        await pilot.pause()
        _continues_under(_lines(app), "b  ", "External")
        await pilot.press("b")  # marks and grading keep the text where it was
        panel = app.query_one(ChoicePanel)
        panel.show_result()
        await pilot.pause()
        _continues_under(_lines(app), "b  ", "External")


async def test_a_wrapped_source_continues_under_its_text() -> None:
    def card() -> QuestionCard:
        made = QuestionCard(_question(kind=Kind.BASIC, options=(), correct=(), source=LONG_SOURCE))
        made.revealed = True
        return made

    app = _Host(card)
    async with app.run_test(size=(60, 16)) as pilot:
        await pilot.pause()
        lines = _lines(app)
        _continues_under(lines, "source: ", "Gray's")
        source = next(line for line in lines if "source: " in line)
        assert source.startswith("source: "), source  # left-aligned, not ragged to the right


@pytest.fixture
def bundled_app(data_dir: Path, clock: Any) -> QuizzerApp:
    """The app on the bundled decks (long muscle names such as fibularis (peroneus) longus):
    their seed-0 bank, as the app's own start makes it (tests.banks shares it between tests)."""
    from datetime import timedelta

    from tests.banks import bundled_bank

    return build_app(None, [], data_dir, clock=clock, seed=0, utc_offset=timedelta(0), load=bundled_bank)


@pytest.mark.slow  # every deck of the atlas searched in turn
async def test_browse_rows_of_different_facets_never_read_the_same(
    bundled_app: QuizzerApp, settle: Settle
) -> None:
    app = bundled_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        table = browse.query_one("#browse-table", DataTable)
        # The atlas is more than a table draws at once: the first rows, and a search.
        assert len(browse.questions) > MAX_ROWS == table.row_count
        assert f"(first {MAX_ROWS} shown; search to narrow)" in _text(browse, "#browse-count")
        # The columns fit: the row is not wider than the terminal.
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= 80
        # Every question, deck by deck (each fits in the table).
        seen: dict[tuple[str, ...], Facet] = {}
        checked: set[str] = set()
        for deck in sorted({q.deck for q in browse.questions}):
            # What typing the search does, without drawing each of the 148 tables.
            browse.apply_search(f"deck:{deck}")
            assert 0 < table.row_count == len(browse.shown) <= MAX_ROWS, deck
            for q in browse.shown:
                row = tuple(str(cell) for cell in table.get_row(q.id))
                assert seen.setdefault(row, q.facet) is q.facet, row
                checked.add(q.id)
        assert checked == {q.id for q in browse.questions}


async def _browse(pilot: Pilot[Any], text: str) -> BrowseScreen:
    await pilot.press("b")
    await pilot.pause()
    browse = pilot.app.screen
    assert isinstance(browse, BrowseScreen)
    browse.query_one("#browse-search", Input).value = text
    await pilot.pause()
    return browse


def _text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


@pytest.mark.parametrize(
    ("search", "says"),
    [
        ("kind:foo", "kind:foo names no kind; kinds: basic, reverse, cloze, mcq, multi, not, order"),
        ("state:bar", "state:bar names no state; states: new, learning, review, relearning, suspended"),
        ("facet:xyz", "facet:xyz names no facet; facets: location, depth, origin"),
        ("muscle:xyz", "muscle:xyz names no muscle; muscles: alpha, beta, delta, gamma"),
        ("deck:xyz", "deck:xyz names no deck; decks: mini"),
        ("hip kind:mqc", "kind:mqc names no kind (did you mean kind:mcq?)"),
        ("facet:orgin", "facet:orgin names no facet (did you mean facet:origin?)"),
        ("muscle:alhpa", "muscle:alhpa names no muscle (did you mean muscle:alpha?)"),
        ("kinds:mcq", "kinds: is not a filter (did you mean kind:?)"),
        ("id:mini/alpha", "id:mini/alpha names no question"),
    ],
)
async def test_browse_says_what_is_wrong_with_a_filter(
    make_app: MakeApp, settle: Settle, search: str, says: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        browse = await _browse(pilot, search)
        assert browse.query_one("#browse-table", DataTable).row_count == 0
        line = _text(browse, "#browse-count")
        assert line.strip().startswith(says), line
        assert len(line) <= 80  # one line
        assert _text(browse, "#browse-detail") == "No question matches."


def test_filters_that_name_something_are_not_problems(mini_library: Any) -> None:
    from quizzer.generate import generate

    questions = generate(mini_library[0])
    values = filter_values(questions)
    for text in (
        "kind:mc",
        "state:review",
        "state:susp",
        "facet:blood",
        "muscle:alpha",
        "muscle:beta muscle",
        "deck:mini",
        f"id:{ORDER}",
        "hip",
        "which muscle inserts on:",
    ):
        assert filter_problem(text, questions, values) is None, text


async def test_browse_detail_only_shows_a_listed_question(make_app: MakeApp, settle: Settle) -> None:
    """A search typed quickly: the detail follows the list and empties with it (a row
    highlighted by an earlier keystroke's list must not come back)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        browse = await _browse(pilot, "")
        search = browse.query_one("#browse-search", Input)
        for texts, empty in ((("k", "ki", "kind:foo"), True), (("", "hip"), False)):
            for text in texts:  # keys faster than the app: no pause between them
                search.value = text
            await settle(pilot)
            table = browse.query_one("#browse-table", DataTable)
            detail = _text(browse, "#browse-detail")
            assert (table.row_count == 0) is empty
            if empty:
                assert detail == "No question matches."
                continue
            qid = browse._highlighted()
            assert qid is not None and qid in {q.id for q in browse.shown}
            assert plain_prompt(browse.by_id[qid]) in detail.splitlines()[1]


async def _study(pilot: Pilot[Any]) -> None:
    await pilot.press("s")


async def _quiz(pilot: Pilot[Any]) -> None:
    await pilot.press("q")


async def _browse_screen(pilot: Pilot[Any]) -> None:
    await pilot.press("b")


async def _sheet(pilot: Pilot[Any]) -> None:
    await pilot.press("m")


async def _home(pilot: Pilot[Any]) -> None:
    pass


@pytest.mark.parametrize("reach", [_home, _study, _quiz, _browse_screen, _sheet])
async def test_the_command_palette_lists_each_command_once(
    make_app: MakeApp, settle: Settle, reach: Callable[..., Awaitable[None]]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await reach(pilot)
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)
        assert {"Home", "Study", "Quiz", "Browse", "Help"} <= set(titles)


async def test_a_merged_palette_entry_does_what_the_key_does(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert commands["Browse"].help.endswith("key b")
        commands["Browse"].callback()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)


class _Toasts:
    """Every notification the app posts, through ``run_test(message_hook=...)``."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.messages.append(message.notification.message)


async def _ask(pilot: Pilot[Any], screen_type: type[SessionScreen], qid: str) -> SessionScreen:
    app = pilot.app
    assert isinstance(app, QuizzerApp) and app.service is not None
    screen = screen_type(app.service, start_quiz(app.service, question_ids=[qid]))
    await app.push_screen(screen)
    await pilot.pause()
    return screen


@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
async def test_rating_before_the_answer_says_to_reveal_it(
    make_app: MakeApp, settle: Settle, key: str
) -> None:
    toasts = _Toasts()
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=toasts) as pilot:
        await settle(pilot)
        screen = await _ask(pilot, StudyScreen, BASIC)
        await pilot.press(key)
        await pilot.pause()
        assert screen.service.card_info(BASIC).reps == 0
        hint = screen.query_one("#session-hint", Static)
        assert hint.display and "press space to see the answer first" in str(hint.render()).lower()
        assert toasts.messages == []  # said in the hint line, nothing covers it
        await pilot.press("space")
        await pilot.pause()
        assert not hint.display  # the grade bar says the rest
        await pilot.press(key)
        await pilot.pause()
        assert screen.service.card_info(BASIC).reps == 1


def _footer(app: QuizzerApp) -> dict[str, str]:
    return {k.key: k.description for k in app.screen.query_one(KeyFooter).shown}


async def test_space_is_offered_only_where_it_does_something(make_app: MakeApp, settle: Settle) -> None:
    app = make_app(quiz_size=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        keys = _footer(app)
        assert keys.get("enter") == "Check / next" and "Reveal" not in " ".join(keys.values())
        shown = quiz.session.current
        assert shown is not None
        await pilot.press(*(chr(97 + i) for i in shown.question.correct))
        if shown.question.kind is Kind.MULTI:
            await pilot.press("enter")
        await settle(pilot)
        assert _footer(app).get("enter") == "Check / next"  # enter moves on to the summary
        await pilot.press("enter")
        await settle(pilot)
        assert quiz.query("#summary")
        keys = _footer(app)
        assert "enter" not in keys and "space" not in keys and "Suspend" not in keys.values()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await settle(pilot)
        assert _footer(app).get("space") == "Reveal / next"


async def test_the_study_summary_offers_no_reveal(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.service is not None
        app.service.update_settings(new_per_day=1)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("space", "4")
        await settle(pilot)
        assert app.screen.query("#summary")
        keys = _footer(app)
        assert "space" not in keys and "Suspend" not in keys.values()
        assert keys.get("escape") == "Home"


async def test_mark_the_zones_names_the_muscle_in_lower_case(make_app: MakeApp, settle: Settle) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MarkZonesScreen)
        note = _text(screen, "#mark-note")
        assert "Where do trigger points in alpha muscle refer pain?" in note
        assert "Alpha muscle" in _text(screen, ".screen-title")  # a title keeps its capital


async def test_an_early_enter_says_so_in_the_hint_line_not_over_it(make_app: MakeApp, settle: Settle) -> None:
    toasts = _Toasts()
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=toasts) as pilot:
        await settle(pilot)
        screen = await _ask(pilot, QuizScreen, ORDER)
        hint = screen.query_one("#session-hint", Static)
        usual = str(hint.render())
        assert "first to last" in usual
        shown = screen.session.current
        assert shown is not None
        first, *rest = (chr(97 + i) for i in shown.question.correct)
        await pilot.press(first, "enter")
        await pilot.pause()
        assert str(hint.render()).strip().startswith("2 more to place")
        assert toasts.messages == []
        region = hint.region
        assert region.height == 1 and region.bottom <= screen.query_one(KeyFooter).region.y
        await pilot.press(rest[0])  # the next pick puts the usual hint back
        await pilot.pause()
        assert str(hint.render()) == usual
