"""QuizzerApp: the Textual study app; it talks only to the session service."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from quizzer.tui.opening import Opening

if TYPE_CHECKING:
    from textual.command import Provider

    from quizzer.bank import Bank
    from quizzer.model import Library
    from quizzer.session import StudyService
    from quizzer.tui import Start

LibraryLoader = Callable[[], tuple["Library | Callable[[], Library]", list[str]]]
"""Gives the library (or how to get it: the bank's decks are decoded when first needed)
and the selected deck ids."""
ServiceOpener = Callable[["Library | Callable[[], Library]", Sequence[str]], "StudyService"]

DEFAULT_QUIZ_SIZE = 20
FIRST_PAINT_GRACE = 0.25
"""Seconds the home screen may wait for its counts before it is shown without them
("Loading decks…"), as on a first start or after an upgrade."""


@dataclass
class ServiceOpened(Message):
    """The decks were read and the session service opened (in a worker), or ``error`` says
    in one line why not."""

    library: Library | Callable[[], Library] | None
    selected: list[str]
    service: StudyService | None
    error: str | None = None


class QuizzerApp(App[str | None]):
    """The study app. Its result is an error message when it could not start, else None."""

    CSS_PATH = "quizzer.tcss"
    TITLE = "Quizzer"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {lambda: _muscle_commands()}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        *,
        load_library: LibraryLoader,
        open_service: ServiceOpener,
        start: Start = "home",
        quiz_size: int | None = None,
        clock: Callable[[], datetime],
    ) -> None:
        super().__init__()
        from quizzer.tui.inert import make_text_inert

        make_text_inert()
        self._load_library = load_library
        self._open_service = open_service
        self.start = start
        self.quiz_size = quiz_size or DEFAULT_QUIZ_SIZE
        self.clock = clock
        self._library: Library | Callable[[], Library] | None = None
        self.selected: list[str] = []
        self.service: StudyService | None = None
        self._home_shown = False

    def on_mount(self) -> None:
        if self.start == "home":
            # The home screen is shown when its counts are in (``on_service_opened``) or
            # FIRST_PAINT_GRACE has passed, whichever is first: on a warm start the counts
            # come within a few frames, and laying out and painting the screen twice
            # (empty, then counted) delayed the counted frame.
            import quizzer.tui.screens.home

            self.set_timer(FIRST_PAINT_GRACE, self._show_home, name="show-home")
        # Started on a study or quiz screen, the home screen is made when it is first
        # wanted (``action_home``): styling its table and footer would delay the first
        # question, and it would count its decks under it for nothing.
        self._read_decks()
        if self.start != "home":
            # While the decks are read: the screen the first question will need, and the
            # sittings (``quizzer.session`` leaves them out until asked for).
            import quizzer.session.sitting
            import quizzer.tui.screens.session  # noqa: F401

    @work(thread=True, exclusive=True, group="load")
    def _read_decks(self) -> None:
        # Reading YAML, generating questions and opening the store are the slow part of
        # starting; doing them here lets the home screen paint at once and stay responsive.
        # (The store's connection may be used from any thread.)
        from quizzer.session import StoreError

        try:
            library, selected = self._load_library()
        except Exception as exc:  # noqa: BLE001 - any loader failure is shown, never a traceback
            self.post_message(ServiceOpened(None, [], None, _one_line(exc)))
            return
        try:
            service = self._open_service(library, selected)
        except (StoreError, ValueError) as exc:
            self.post_message(ServiceOpened(library, selected, None, _one_line(exc)))
            return
        self.post_message(ServiceOpened(library, selected, service))

    def on_service_opened(self, message: ServiceOpened) -> None:
        self.call_after_refresh(_started)
        if message.service is None:
            self.exit(message.error or "could not open the decks")
            return
        self._library, self.selected = message.library, message.selected
        self.service = message.service
        self.theme = self._known_theme(self.service.settings.theme)
        if self.service.backup_warning:
            self.notify(self.service.backup_warning, severity="warning", timeout=12)
        if self.start == "home":
            from quizzer.tui.screens.home import HomeScreen

            for screen in self.screen_stack:
                if isinstance(screen, HomeScreen):
                    screen.service_ready()
            self._show_home()  # (it counts its decks as it mounts)
        # Started on a study or quiz screen, the home screen under it counts its decks when
        # it comes back into view (``on_screen_resume``), not before the first question.
        if self.start == "study":
            self.action_study()
        elif self.start == "quiz":
            self.action_quiz()

    def _show_home(self) -> None:
        """Push the home screen at start, once (with its counts if the service is open)."""
        if self._home_shown:
            return
        self._home_shown = True
        from quizzer.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())

    @property
    def library(self) -> Library | None:
        """Every loaded deck (None until the decks are read); decoded from the question
        bank's cache when first needed (a sheet, a pain map, the palette), not at start."""
        if callable(self._library):
            self._library = self._library()
        return self._library

    def _known_theme(self, name: str) -> str:
        return name if name in self.available_themes else "textual-dark"

    # Navigation: every screen can reach these (command palette, home keys).

    def action_home(self) -> None:
        from quizzer.tui.screens.home import HomeScreen

        if not any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            # Started on a study or quiz screen: the home screen takes the place of the
            # screens above the app's empty default one.
            while len(self.screen_stack) > 2:
                self.pop_screen()
            if len(self.screen_stack) == 2:
                self.switch_screen(HomeScreen())
            else:
                self.push_screen(HomeScreen())
            return
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_counts()

    def action_study(self, deck_ids: Sequence[str] | None = None) -> None:
        if self.service is None:
            return
        from quizzer.session import start_study
        from quizzer.tui.screens.session import StudyScreen

        decks = list(deck_ids) if deck_ids else self.selected
        self.push_screen(StudyScreen(self.service, start_study(self.service, decks or None)))

    def action_quiz(self, deck_ids: Sequence[str] | None = None) -> None:
        if self.service is None:
            return
        from quizzer.session import start_quiz
        from quizzer.tui.screens.session import QuizScreen

        decks = list(deck_ids) if deck_ids else self.selected
        session = start_quiz(self.service, n=self.quiz_size, deck_ids=decks or None)
        self.push_screen(QuizScreen(self.service, session, asked=self.quiz_size))

    def action_browse(self) -> None:
        if self.service is None:
            return
        from quizzer.tui.screens.browse import BrowseScreen

        self.push_screen(BrowseScreen(self.service, self.selected))

    def action_stats(self) -> None:
        if self.service is None:
            return
        from quizzer.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.service, self.selected))

    def action_sheet(self, muscle_id: str | None = None) -> None:
        if self.library is None:
            return
        from quizzer.tui.screens.sheet import SheetScreen

        self.push_screen(SheetScreen(self.library, muscle_id))

    def action_mark_zones(self, muscle_id: str | None = None) -> None:
        """The "mark the zones" exercise for a muscle: the one given, else the one in view
        (the sheet's, the question's, the highlighted row's). With none in view, or one
        with no referral pattern, the muscle sheet opens to choose one."""
        if self.library is None:
            return
        from quizzer.tui.screens.mark_zones import MarkZonesScreen
        from quizzer.tui.screens.sheet import SheetScreen

        if muscle_id is None:
            in_view = getattr(self.screen, "subject_in_view", None)
            muscle_id = in_view() if callable(in_view) else None
        muscle = next((m for m in self.library.muscles() if m.id == muscle_id), None)
        if muscle is not None and muscle.referral_zones:
            self.push_screen(MarkZonesScreen(muscle))
            return
        if not isinstance(self.screen, SheetScreen):
            self.push_screen(SheetScreen(self.library, muscle_id))
        self.notify(
            "Choose a muscle with a referral pattern, then z marks its zones "
            "(or ctrl+p: Mark the zones: <its name>).",
            timeout=8,
        )

    def action_settings(self) -> None:
        if self.service is None:
            return
        from quizzer.tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.service))

    def action_help(self) -> None:
        from quizzer.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_sections()))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        # Every key of the current screen is also a command, so nothing needs a key. A key
        # that does what a navigation command does (Home's b, a session's m) stands in for it:
        # one entry each, and it acts as the key does there (on the highlighted deck).
        from quizzer.tui.screens.help import binding_title

        keys: dict[str, Binding] = {}
        for binding in type(screen).BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                keys.setdefault(binding_title(binding), binding)
        where = type(screen).__name__.removesuffix("Screen")
        for title, help_text, action in _NAV_COMMANDS:
            key = keys.pop(title, None)
            if key is None:
                yield SystemCommand(title, help_text, getattr(self, action))
            else:
                yield SystemCommand(
                    title, f"{help_text} · key {self._key_name(key)}", self._runner(key.action, screen)
                )
        for title, binding in keys.items():
            yield SystemCommand(
                title, f"{where} · key {self._key_name(binding)}", self._runner(binding.action, screen)
            )

    def _key_name(self, binding: Binding) -> str:
        """The key as the footer shows it ("space", "esc", ","), the first of several."""
        return self.get_key_display(replace(binding, key=binding.key.split(",")[0].strip()))

    def _runner(self, action: str, screen: Screen[object]) -> Callable[[], object]:
        """A command that runs a key's action on ``screen`` (soon, like a key press)."""
        return lambda: self.call_later(self.run_action, action, screen)

    async def on_unmount(self) -> None:
        if self.service is not None:
            self.service.close()


_NAV_COMMANDS = (
    ("Home", "Back to the deck list", "action_home"),
    ("Study", "Study the due and new cards of the chosen decks", "action_study"),
    ("Quiz", "A run of choice questions, due and weak first", "action_quiz"),
    ("Browse", "Search every question and see its schedule", "action_browse"),
    ("Stats", "Due forecast, reviews per day, retention, leeches", "action_stats"),
    ("Muscle sheet", "The reference card of each muscle", "action_sheet"),
    (
        "Mark the zones",
        "Mark a muscle's referral zones on the figure (practice, not stored)",
        "action_mark_zones",
    ),
    ("Settings", "Retention, daily limits, learning steps, exam date, theme", "action_settings"),
    ("Help", "Every key of every screen", "action_help"),
)


def help_sections() -> list[tuple[str, Sequence[BindingType]]]:
    """The key lists shown by help, one per screen, from the bindings themselves."""
    from quizzer.tui.screens.browse import BrowseScreen
    from quizzer.tui.screens.home import HomeScreen
    from quizzer.tui.screens.mark_zones import MarkZonesScreen
    from quizzer.tui.screens.session import QuizScreen, StudyScreen
    from quizzer.tui.screens.settings import SettingsScreen
    from quizzer.tui.screens.sheet import SheetScreen
    from quizzer.tui.screens.stats import StatsScreen

    sections: list[tuple[str, Sequence[BindingType]]] = [
        ("Everywhere", [*QuizzerApp.BINDINGS, Binding("ctrl+p", "command_palette", "Command palette")]),
    ]
    letters = Binding("a,b,c,d,e,f,g,h", "pick", "Pick an option (choice questions)")
    for title, screen in (
        ("Home", HomeScreen),
        ("Study", StudyScreen),
        ("Quiz", QuizScreen),
        ("Browse", BrowseScreen),
        ("Stats", StatsScreen),
        ("Muscle sheet", SheetScreen),
        ("Mark the zones", MarkZonesScreen),
        ("Settings", SettingsScreen),
    ):
        # The eight letter keys read better as one line.
        keys = [
            b
            for b in screen.BINDINGS
            if not (isinstance(b, Binding) and (b.id or "").startswith("session.pick-"))
        ]
        if len(keys) < len(screen.BINDINGS):
            keys.insert(5, letters)
        sections.append((title, keys))
    return sections


def _muscle_commands() -> type[Provider]:
    """The palette's muscle entries, imported when the palette first opens (they bring in
    the search language and the study engine, which the first screen does not need on
    this thread)."""
    from quizzer.tui.commands import MuscleCommands

    return MuscleCommands


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    lines = text.splitlines()
    return lines[0] + (f" (and {len(lines) - 1} more problems)" if len(lines) > 1 else "")


def _started() -> None:
    """Start-up is over: keep what it built out of future collections, collect again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def build_app(
    library: Library | None,
    selected: Sequence[str],
    data_dir: Path | None,
    *,
    start: Start = "home",
    quiz_size: int | None = None,
    clock: Callable[[], datetime] | None = None,
    seed: int | None = None,
    utc_offset: timedelta | None = None,
    load: Callable[[], Bank] | None = None,
) -> QuizzerApp:
    """The app wired to the real session service (the same factory tests use).

    With ``library`` None the bank ``load`` gives is opened (default: the bundled decks);
    either way reading the decks and opening the store start now, on a thread, and
    overlap with the app's own start.
    """
    # The home screen shows the counts; a first question comes before them.
    opening = Opening(
        library,
        selected,
        data_dir,
        clock=clock,
        seed=seed,
        utc_offset=utc_offset,
        load=load,
        count_first=start == "home",
    )
    return QuizzerApp(
        load_library=opening.library,
        open_service=opening.service,
        start=start,
        quiz_size=quiz_size,
        clock=opening.clock,
    )
