"""Reading the decks and opening the session service on a thread while the app starts."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizzer.model import Library
    from quizzer.session import StudyService

Clock = Callable[[], datetime]

BANK_SEED = 0
"""The generator's seed in the app: the same as ``quizzer cards`` and the exports' default, so
a question reads the same everywhere and on every start (the review log's chosen options
refer to the options as shown). The fresh per-start seed only drives interval fuzz."""


class Opening:
    """Loads the library (bundled decks when none is given) and opens the service at once.

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
    ) -> None:
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        # The app is the edge: the local offset and a fresh fuzz seed are taken here, not in the core.
        self.utc_offset = utc_offset if utc_offset is not None else (
            datetime.now().astimezone().utcoffset() or timedelta(0))
        self.seed = seed if seed is not None else random.SystemRandom().randrange(2**32)
        self._given = library
        self._selected = list(selected)
        self._data_dir = data_dir
        self._done = threading.Event()
        self._library: tuple[Library, list[str]] | None = None
        self._service: StudyService | None = None
        self._error: BaseException | None = None
        threading.Thread(target=self._run, name="quizzer-opening", daemon=True).start()

    def _run(self) -> None:
        try:
            from quizzer.session import bank_cache_dir, open_service

            questions = None
            if self._given is not None:
                library, selected = self._given, self._selected
            else:
                # The bundled decks' bank comes from the cache when no deck file changed.
                from quizzer.bank import load_bank

                bank = load_bank(seed=BANK_SEED, cache_dir=bank_cache_dir(self._data_dir))
                library, selected, questions = bank.library, bank.selected, bank.questions
            self._library = (library, selected)

            self._service = open_service(
                library, deck_ids=selected or None, data_dir=self._data_dir, clock=self.clock,
                seed=BANK_SEED, rng=random.Random(self.seed), utc_offset=self.utc_offset,
                questions=questions)
        except BaseException as exc:  # noqa: BLE001 - handed to the app, which shows it
            self._error = exc
        finally:
            self._done.set()

    def library(self) -> tuple[Library, list[str]]:
        """The loaded library and selected deck ids (waits); raises the loading error."""
        self._done.wait()
        if self._library is None:
            assert self._error is not None
            raise self._error
        return self._library

    def service(self, _library: Library | None = None, _selected: object = None) -> StudyService:
        """The opened service (waits); raises the error that stopped it."""
        self._done.wait()
        if self._service is None:
            assert self._error is not None
            raise self._error
        return self._service
