"""Reading the decks and opening the session service on a thread while the app starts."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizzer.bank import Bank
    from quizzer.model import Library
    from quizzer.session import Opened, StudyService

Clock = Callable[[], datetime]


class Opening:
    """Opens the study service (``open_study``, as the CLI does) on a thread at once.

    Started just before the app runs, the thread reads files and the store while the app
    sets up its screen (mostly waiting on the terminal), so the home screen gets its counts
    sooner. Started earlier, during Textual's imports, it only fights them for the GIL and
    makes both slower (measured). The app collects the results (or the error) later.
    """

    def __init__(
        self,
        library: Library | None,
        selected: Sequence[str],
        data_dir: Path | None,
        *,
        clock: Clock | None = None,
        seed: int | None = None,
        utc_offset: timedelta | None = None,
        load: Callable[[], Bank] | None = None,
        count_first: bool = True,
    ) -> None:
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self._count_first = count_first
        self._arguments = (library, list(selected), data_dir, seed, utc_offset)
        self._load = load
        self._done = threading.Event()
        self._opened: Opened | None = None
        self._error: BaseException | None = None
        threading.Thread(target=self._run, name="quizzer-opening", daemon=True).start()

    def _run(self) -> None:
        try:
            from quizzer.session import open_study

            library, selected, data_dir, seed, utc_offset = self._arguments
            opened = open_study(
                library,
                selected,
                data_dir=data_dir,
                clock=self.clock,
                seed=seed,
                utc_offset=utc_offset,
                load=self._load,
            )
            # The home screen shows the counts: every card is counted once here (the
            # service keeps the tally, kept current answer by answer), while the app's
            # thread builds its first screen. A first question does not wait for them: its
            # screen counts after the question is painted (on a worker of its own, so that
            # counting never competes with drawing the question).
            if self._count_first:
                opened.service.counts()
            self._opened = opened
        except BaseException as exc:  # noqa: BLE001 - handed to the app, which shows it
            self._error = exc
        finally:
            self._done.set()

    def _wait(self) -> Opened:
        self._done.wait()
        if self._opened is None:
            assert self._error is not None
            raise self._error
        return self._opened

    def library(self) -> tuple[Callable[[], Library], list[str]]:
        """How to get the loaded library (decoded when first asked for) and the selected
        deck ids (waits); raises the opening's error."""
        opened = self._wait()
        return (lambda: opened.library), opened.selected

    def service(self, _library: object = None, _selected: object = None) -> StudyService:
        """The opened service (waits); raises the error that stopped it."""
        return self._wait().service
