"""The study and quiz screens: one question at a time, answered, graded, then the summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ProgressBar, Static

from quizzer.model import WHICH_MUSCLE, Kind, Question
from quizzer.progress import Rating
from quizzer.tui.widgets.choices import LETTERS, ChoicePanel
from quizzer.tui.widgets.footer import KeyFooter
from quizzer.tui.widgets.grade_bar import GradeBar
from quizzer.tui.widgets.question_card import QuestionCard

if TYPE_CHECKING:
    from quizzer.session import AnswerResult, Counts, Session, StudyService, Summary
    from quizzer.tui.app import QuizzerApp
    from quizzer.tui.widgets.map_choices import MapChoices


def _letter_bindings() -> list[Binding]:
    return [
        Binding(letter, f"pick({i})", f"Pick option {letter}", show=False, id=f"session.pick-{letter}")
        for i, letter in enumerate(LETTERS)
    ]


MIN_OPTIONS_WIDTH = 40
"""Narrower than this, the answered options of a picture question go under the maps."""


def header_topic(q: Question) -> str:
    """What the header names above a question: never the answer itself."""
    if q.picture:
        return "Pain map"  # "whose pattern is this?"
    if q.kind is Kind.REVERSE or q.key.variant == WHICH_MUSCLE:
        return "Which muscle?"
    return q.muscle_name or q.muscle


class SessionScreen(Screen[None]):
    """Shared by study and quiz: shows ``session.current`` and commits answers at once."""

    def __init__(self, service: StudyService, session: Session) -> None:
        super().__init__()
        self.service = service
        self.session = session
        self.graded = False
        """The current choice question was answered; enter moves on."""
        self.last: AnswerResult | None = None
        self.displayed: Question | None = None
        """The question on screen (after a choice answer the session has already moved on)."""
        self.summary_shown = False
        """The session is over and its summary is on screen."""
        self.hint_text = ""
        """What to press now (the hint line), shown again once a nudge has been read."""
        self.nudged = False
        """The hint line says why a key did nothing (an early enter, 1–4 before the answer)."""

    @property
    def quizzer(self) -> QuizzerApp:
        return cast("QuizzerApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-top"):
            yield Static("", id="session-topic")
            yield Static("", id="session-counts")
        yield ProgressBar(id="session-progress", show_eta=False, show_percentage=False)
        yield VerticalScroll(id="session-body")
        yield GradeBar(id="grade-bar")
        yield Static("", id="session-hint")
        yield KeyFooter()

    async def on_mount(self) -> None:
        await self.show_current()
        self.started()

    def started(self) -> None:
        """Say once, when the first question is on screen, anything the session should know."""

    # Drawing -----------------------------------------------------------------------------

    async def show_current(self) -> None:
        """Draw the session's current question, or the summary when it is finished."""
        self.graded = False
        self.last = None
        body = self.query_one("#session-body", VerticalScroll)
        shown = self.session.current
        self.displayed = shown.question if shown is not None else None
        self.summary_shown = shown is None
        bar = self.query_one("#grade-bar", GradeBar)
        bar.display = False
        if shown is None:
            await body.remove_children()
            self.query_one("#session-topic", Static).update(Content.styled(f" {self.title_text()}", "bold"))
            await body.mount(Static(self.summary_content(), id="summary"))
            self._hint(self.summary_hint())
            self.refresh_bindings()
            self._update_header()
            return
        q = shown.question
        topic = header_topic(q)
        self.query_one("#session-topic", Static).update(
            Content.assemble(
                (f" {topic}", "bold $accent"),
                (f" · {q.facet.title}", "$accent"),
                (" · leech" if shown.leech else "", "$warning"),
            )
        )
        picture = self._picture(q) if q.kind.is_choice else None
        if picture is not None or not await self._show_in_place(body, q):
            await body.remove_children()
            widgets: list[Widget] = [QuestionCard(q, id="card")]
            if q.kind.is_choice:
                labels = (
                    [f"Map {LETTERS[i]}" for i in range(len(q.options))]
                    if q.option_pictures and picture is not None
                    else None
                )
                panel = ChoicePanel(q, labels=labels, id="choices")
                # Beside, not above: at 80×24 that leaves the map 14 rows instead of 10.
                widgets.append(panel if picture is None else Horizontal(picture, panel, id="picture-row"))
            await body.mount_all(widgets)
        if q.kind.is_choice:
            hint = self.query_one("#choices", ChoicePanel).hint
            self._hint(
                hint
                + (" · ←/→ other maps" if picture is not None and getattr(picture, "paged", False) else "")
            )
        else:
            self._hint("")
        body.scroll_home(animate=False)
        self.refresh_bindings()
        # The counts of what is left come right after the question is painted.
        self.call_after_refresh(self._update_header)

    async def _show_in_place(self, body: VerticalScroll, q: Question) -> bool:
        """Show a text question in the widgets already on screen; False when there are none
        to reuse (the first question, after a picture question or the summary).

        Mounting a question's widgets anew costs more than painting them (Textual styles
        each new widget): at atlas size it was most of the time from an answer to the next
        question on screen.
        """
        children = list(body.children)
        card = next((w for w in children if isinstance(w, QuestionCard)), None)
        if card is None or any(w is not card and w.id not in ("choices", "feedback") for w in children):
            return False
        panel = next((w for w in children if isinstance(w, ChoicePanel)), None)
        for feedback in children:
            if feedback.id == "feedback":
                feedback.display = False  # kept for the next answer's feedback
        card.show(q)
        if q.kind.is_choice:
            if panel is None:
                await body.mount(ChoicePanel(q, id="choices"), after=card)
            else:
                await panel.show(q)
                panel.display = True
        elif panel is not None:
            panel.display = False  # kept, hidden, for the next choice question
        return True

    def _update_header(self) -> None:
        if self.service.counted:
            self._draw_header()
        else:
            # The first count goes through every card: made on a worker, the header is
            # drawn when it is done (the question is on screen and answerable meanwhile,
            # and drawing it never competes with counting).
            self._count_for_header()

    def _draw_header(self) -> None:
        counts = self.session.counts()
        summary = self.session.summary()
        left = counts.new + counts.learning + counts.review
        self.query_one("#session-counts", Static).update(self.counts_text(counts, summary))
        bar = self.query_one("#session-progress", ProgressBar)
        bar.update(total=max(1, summary.answered + left), progress=summary.answered)

    @work(thread=True, exclusive=True, group="header-count")
    def _count_for_header(self) -> None:
        try:
            self.session.counts()
        except Exception:  # noqa: BLE001 - counted again when drawn, which reports it
            pass
        try:
            self.app.call_from_thread(self._header_counted)
        except RuntimeError:  # the app has closed meanwhile
            pass

    def _header_counted(self) -> None:
        if self.is_attached:
            self._draw_header()

    def _picture(self, q: Question) -> Widget | None:
        """The stem's map or the options' maps of a picture question (None for text only)."""
        if not (q.picture or q.option_pictures):
            return None
        library = self.quizzer.library
        if library is None:
            return None
        # Imported for the first picture question (not at start: the atlas's drawing code).
        from quizzer.tui.widgets.map_choices import MapChoices
        from quizzer.tui.widgets.pain_map import PainMap, rows_for_height

        height, width = self.app.size.height, self.app.size.width
        try:
            if q.picture:
                # Chrome (5 lines), the prompt (2), a title, the caption and the legend.
                rows = rows_for_height(height, reserved=10, most=24)
                title = Static("", id="stem-map-title")
                title.display = False  # names the muscle once the question is answered
                return Vertical(
                    title, PainMap(library.muscle(q.picture), max_rows=rows, id="stem-map"), id="stem-map-box"
                )
            by_text = dict(q.option_pictures)
            muscles = [library.muscle(by_text[text]) for text in q.options]
        except KeyError:
            return None  # a map whose muscle is not loaded: the words still ask the question
        # Chrome and prompt (7 lines) and the legend; each tile adds its letter and caption.
        grid = width >= 110 and height >= 34
        rows = (height - 8) // (2 if grid else 1) - 3
        return MapChoices(muscles, per_page=4 if grid else 1, max_rows=rows, id="map-choices")

    def _hint(self, text: str) -> None:
        """Set what to press now in the hint line (it replaces a nudge)."""
        self.hint_text = text
        self.nudged = False
        self._show_hint(Content.styled(f" {text}", "$text-muted"))

    def _nudge(self, text: str) -> None:
        """Say in the hint line why a key did nothing, until the next key that does something.

        In the hint line, not a toast: a toast sits over the hint line itself for seconds.
        """
        self.nudged = True
        self._show_hint(Content.styled(f" {text}", "bold $warning"))

    def _clear_nudge(self) -> None:
        if self.nudged:
            self._hint(self.hint_text)

    def _show_hint(self, content: Content) -> None:
        hint = self.query_one("#session-hint", Static)
        hint.update(content)
        hint.display = bool(content.plain.strip())

    def _current_question(self) -> Question | None:
        return self.displayed

    def _choices(self) -> ChoicePanel | None:
        """The options of the question on screen; None when it is not a choice question
        (a flashcard keeps the panel of the last choice question, hidden, for the next)."""
        if self.displayed is None or not self.displayed.kind.is_choice:
            return None
        return self.query_one("#choices", ChoicePanel)

    # Actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys shown in the footer stay enabled between questions (their actions ignore what
        # does not apply) so the footer is not rebuilt on every answer; only hidden keys vary,
        # and the summary, reached once, drops the keys that act on a question.
        if action == "rate":
            # Also before the answer is shown: action_rate then says to reveal it first.
            # The question on screen, never `session.current`: during feedback that would
            # fetch the next card early and start its answer clock while it is not shown.
            shown = self.displayed
            return not self.graded and shown is not None and not shown.kind.is_choice
        if action in ("go", "suspend"):
            # The summary has nothing to reveal, check or suspend: the footer drops them.
            # (Shown from the start: the footer is composed with the screen, before its
            # first question is drawn, and need not be rebuilt for it.)
            return not self.summary_shown
        if action in ("pick", "unpick"):
            return not self.graded and self._choices() is not None
        return True

    async def action_go(self) -> None:
        """Space/enter: reveal a flashcard, check a choice answer, or move on after feedback."""
        if self.graded:
            await self.show_current()
            return
        shown = self.session.current
        if shown is None or self.displayed is None:  # (none drawn yet: it comes at mount)
            return
        if shown.question.kind.is_choice:
            self.query_one("#choices", ChoicePanel).submit()
        else:
            await self.action_reveal()

    async def action_reveal(self) -> None:
        shown = self.session.current
        if shown is None or shown.question.kind.is_choice or shown.revealed:
            return
        self.session.reveal()
        self.query_one("#card", QuestionCard).revealed = True
        bar = self.query_one("#grade-bar", GradeBar)
        mounting = bar.set_previews({int(r): text for r, text in self.session.previews().items()})
        if mounting is not None:
            await mounting
        bar.display = True
        self._hint("")
        self.refresh_bindings()

    async def action_rate(self, rating: int) -> None:
        shown = self.session.current
        if shown is None or shown.question.kind.is_choice:
            return
        if not shown.revealed:
            self._nudge("Press space to see the answer first, then rate it 1–4.")
            return
        from quizzer.session import StoreError

        try:
            result = self.session.answer(Rating(rating))
        except StoreError as exc:
            self._store_failed(exc)
            return
        if result.leech:
            self.notify("This card keeps slipping: it is now a leech and suspended.", severity="warning")
        await self.show_current()

    @on(GradeBar.Rated)
    async def _rated(self, event: GradeBar.Rated) -> None:
        await self.action_rate(event.rating)

    def action_pick(self, index: int) -> None:
        panel = self._choices()
        if not self.graded and panel is not None:
            self._clear_nudge()  # a count of what is left would be out of date
            panel.pick(index)

    def action_unpick(self) -> None:
        panel = self._choices()
        if not self.graded and panel is not None:
            self._clear_nudge()
            panel.unpick()

    @on(ChoicePanel.Submitted)
    def _choice_submitted(self, event: ChoicePanel.Submitted) -> None:
        if self.graded:
            # A second enter queued before the first was handled: the session has already
            # moved on, and that submission would grade the next card unseen.
            return
        from quizzer.session import StoreError

        try:
            result = self.session.choose(event.chosen)
        except StoreError as exc:
            self._store_failed(exc)
            return
        self.graded = True
        self.last = result
        event.panel.show_result()
        q = event.panel.question
        self._mark_maps(q, event.chosen)
        right = bool(result.correct)
        verdict = Content.styled(
            "✔ Right" if right else "✘ Not quite", "bold $success" if right else "bold $error"
        )
        parts = [verdict]
        if not right:
            parts.append(Content.assemble(("Answer: ", "bold"), _answer_words(q)))
        if q.explanation:
            parts.append(Content(q.explanation))
        if q.source:
            parts.append(Content.styled(f"source: {q.source}", "$text-muted"))
        self._stack_narrow_options()
        body = self.query_one("#session-body", VerticalScroll)
        content = Content("\n").join(parts)
        feedback = next(iter(body.query_children("#feedback").results(Static)), None)
        if feedback is None:
            feedback = Static(content, id="feedback", classes="-right" if right else "-wrong")
            body.mount(feedback)
        else:  # the last question's, hidden: shown again rather than mounted anew
            feedback.update(content)
            feedback.set_class(right, "-right")
            feedback.set_class(not right, "-wrong")
            feedback.display = True
        # Long feedback would start below the fold: bring it up, its first line kept in view
        # (what is left, the source, is a scroll away). After the next refresh, once it is
        # laid out: a feedback mounted just now has no place to scroll to yet.
        self.call_after_refresh(feedback.scroll_visible, animate=False)
        self.call_after_refresh(self._update_header)
        self._hint(f"enter next · interval {result.interval}")
        self.refresh_bindings()

    def _stack_narrow_options(self) -> None:
        """Put the options under the maps when the column beside them is too narrow.

        Before the answer the options only say "Map a"; after it they list each map's zones
        in words, which in a 20-column strip beside a 2×2 grid wrap over 20 lines or more.
        """
        for row in self.query("#picture-row").results(Horizontal):
            panel = row.query_one(ChoicePanel)
            row.set_class(panel.size.width < MIN_OPTIONS_WIDTH, "-stacked")

    @on(ChoicePanel.Incomplete)
    def _choice_incomplete(self, event: ChoicePanel.Incomplete) -> None:
        """Enter came early: say what is missing and keep the question (nothing is recorded)."""
        self._nudge(event.reason)

    def on_resize(self, event: events.Resize) -> None:
        stems = list(self.query("#stem-map"))
        if not stems:
            return
        from quizzer.tui.widgets.pain_map import PainMap, rows_for_height

        for stem in stems:
            if isinstance(stem, PainMap):
                stem.set_max_rows(rows_for_height(self.app.size.height, reserved=10, most=24))

    def _mark_maps(self, q: Question, chosen: tuple[int, ...]) -> None:
        """After an answer, mark the right map (and name the muscle of the stem's map)."""
        for choices in self._map_choices():
            choices.show_result(q.correct, chosen)
        for title in self.query("#stem-map-title").results(Static):
            title.update(
                Content.assemble(
                    ("✔ ", "bold $success"),
                    (q.answer, "bold $success"),
                    (": this is its pattern", "$success"),
                )
            )
            title.display = True

    def action_flip(self, step: int) -> None:
        """←/→: the other option maps of a "which map?" question shown one at a time."""
        for choices in self._map_choices():
            choices.flip(step)

    def _map_choices(self) -> list[MapChoices]:
        found = list(self.query("#map-choices"))
        if not found:
            return []
        from quizzer.tui.widgets.map_choices import MapChoices

        return [choices for choices in found if isinstance(choices, MapChoices)]

    def on_map_choices_picked(self, event: MapChoices.Picked) -> None:
        self.action_pick(event.index)

    async def action_undo(self) -> None:
        from quizzer.session import StoreError

        try:
            undone = self.session.undo()
        except StoreError as exc:
            self._store_failed(exc)
            return
        if undone:
            self.notify(f"Undone: the last {undone} is taken back.")
            await self.show_current()
        else:
            self.notify("Nothing to undo yet.")

    async def action_suspend(self) -> None:
        if self.graded or self.displayed is None or self.session.current is None:
            # After a choice answer the session has moved on; suspend what is on screen only.
            return
        from quizzer.session import StoreError

        try:
            self.session.suspend()
        except StoreError as exc:
            self._store_failed(exc)
            return
        self.notify("Suspended: this card will not come back until you unsuspend it.")
        await self.show_current()

    def _store_failed(self, exc: Exception) -> None:
        """Say why the store refused; the question stays on screen so the student can retry."""
        self.notify(str(exc), severity="error")

    def action_sheet(self) -> None:
        self.quizzer.action_sheet(self.subject_in_view())

    def subject_in_view(self) -> str | None:
        """The muscle (or group) of the question on screen."""
        q = self._current_question()
        return q.muscle if q is not None else None

    def action_home(self) -> None:
        if len(self.app.screen_stack) <= 2:
            # The app started on this screen: there is no home screen under it yet.
            self.quizzer.action_home()
            return
        self.dismiss(None)

    # Per-mode text -------------------------------------------------------------------------

    def title_text(self) -> str:
        return "Session done"

    def counts_text(self, counts: Counts, summary: Summary) -> Content:
        c = counts
        return Content.assemble(
            ("New ", "$text-muted"),
            (f"{c.new}", "$primary"),
            (" · Learn ", "$text-muted"),
            (f"{c.learning}", "$warning"),
            (" · Due ", "$text-muted"),
            (f"{c.review} ", "$success"),
        )

    def summary_content(self) -> Content:
        s = self.session.summary()
        if s.answered == 0:
            return Content(
                "Nothing is due now. New cards come back tomorrow; a quiz (esc, then q) works any time."
            )
        pct = f"{s.correct_pct:.0f} %" if s.correct_pct is not None else "–"
        lines = [
            Content.styled("Well done: this session is finished.", "bold $success"),
            Content(""),
            Content(f"Answered     {s.answered}"),
            Content(f"Right        {s.correct} ({pct})"),
            Content(f"Time         {_minutes(s.seconds)}"),
        ]
        return Content("\n").join(lines)

    def summary_hint(self) -> str:
        return "esc home"


def _session_bindings(go: Binding) -> list[BindingType]:
    """The keys of study and quiz: ``go`` (first, as help lists it) says what space does."""
    return [go, *_COMMON, *_letter_bindings()]


_COMMON = [
    Binding("1", "rate(1)", "Again", show=False, id="session.again"),
    Binding("2", "rate(2)", "Hard", show=False, id="session.hard"),
    Binding("3", "rate(3)", "Good", show=False, id="session.good"),
    Binding("4", "rate(4)", "Easy", show=False, id="session.easy"),
    Binding("backspace", "unpick", "Take back a pick", show=False, id="session.unpick"),
    Binding("left", "flip(-1)", "Previous map (which-map questions)", show=False, id="session.map-previous"),
    Binding("right", "flip(1)", "Next map (which-map questions)", show=False, id="session.map-next"),
    Binding("u", "undo", "Undo", id="session.undo"),
    Binding("s", "suspend", "Suspend", id="session.suspend"),
    Binding("m", "sheet", "Sheet", tooltip="Muscle sheet", id="session.sheet"),
    Binding("escape", "home", "Home", id="session.home"),
]


class StudyScreen(SessionScreen):
    """Spaced-repetition study: reveal, rate 1–4, end-of-session summary."""

    BINDINGS: ClassVar[list[BindingType]] = _session_bindings(
        Binding("space,enter", "go", "Reveal / next", id="session.go")
    )


class QuizScreen(SessionScreen):
    """A run of N choice questions with feedback, then the score by topic and a retry."""

    # A quiz has no flashcards: enter checks a multi (or says what is missing) and moves on.
    BINDINGS: ClassVar[list[BindingType]] = [
        *_session_bindings(Binding("enter,space", "go", "Check / next", key_display="enter", id="quiz.go")),
        Binding("r", "retry", "Retry mistakes", show=False, id="quiz.retry"),
    ]

    def __init__(self, service: StudyService, session: Session, *, asked: int | None = None) -> None:
        super().__init__(service, session)
        self.asked = asked
        """How many questions the student asked for (None: a retry takes what it is given)."""

    def started(self) -> None:
        # Overlapping questions are left out, so a small bank gives fewer than asked: the
        # header's "1 / 7" alone would look like the app ignored -n.
        c = self.session.counts()
        found = c.new + c.learning + c.review
        if self.asked is not None and 0 < found < self.asked:
            self.notify(
                f"Only {found} questions that do not overlap are available: "
                f"this quiz has {found}, not {self.asked}.",
                timeout=10,
            )

    def title_text(self) -> str:
        return "Quiz finished"

    def counts_text(self, counts: Counts, summary: Summary) -> Content:
        c, s = counts, summary
        total = s.answered + c.new + c.learning + c.review
        at = min(s.answered + (0 if self.graded else 1), total)
        return Content.assemble(
            (f"Quiz · {at} / {total}", "bold"),
            ("  Score ", "$text-muted"),
            (f"{s.correct}/{s.answered} ", "bold"),
        )

    def summary_content(self) -> Content:
        s = self.session.summary()
        if s.answered == 0:
            return Content("There are no choice questions in these decks.")
        pct = f"{s.correct_pct:.0f} %" if s.correct_pct is not None else "–"
        lines = [
            Content.styled(f"Score {s.correct} / {s.answered} ({pct})", "bold"),
            Content(""),
            Content.styled("By topic", "bold $accent"),
        ]
        # The scores line up after the longest topic name, with a space at least.
        width = max((len(f.title) for f in s.by_facet), default=0) + 2
        for facet, (right, total) in sorted(s.by_facet.items(), key=lambda kv: kv[0].title):
            style = "$success" if right == total else ("$error" if right == 0 else "$warning")
            lines.append(Content.assemble(f"  {facet.title:<{max(width, 30)}}", (f"{right}/{total}", style)))
        return Content("\n").join(lines)

    def summary_hint(self) -> str:
        return "r retry my mistakes · esc home" if self.session.mistakes() else "esc home"

    def action_retry(self) -> None:
        mistakes = self.session.mistakes()
        if not self.session.finished or not mistakes:
            return
        from quizzer.session import start_quiz

        session = start_quiz(self.service, n=len(mistakes), question_ids=mistakes)
        self.app.switch_screen(QuizScreen(self.service, session))


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 60 else f"{seconds:.0f} s"


def _answer_words(q: Question) -> str:
    """The right answer for the feedback: its words, led by the map's letter when the
    options are maps ("map d: essential: buttock, …"), which a small screen may have
    scrolled away by the time the feedback shows."""
    if not q.option_pictures:
        return q.answer
    letters = " and ".join(chr(97 + i) for i in q.correct)
    return f"map{'s' if len(q.correct) > 1 else ''} {letters}: {q.answer}"
