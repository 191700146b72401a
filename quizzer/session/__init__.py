"""The study engine: what the CLI and the app ask for (counts, sittings, answers, stats).

Arrows point down only; each layer imports only those below it::

    sitting   stats      on top: what is on screen and undo; read-only numbers
    service              the only holder of store, clock and rng; open_study() for CLI and app
    queue                what comes next and what is left, kept current answer by answer
    rules     search     pure: study day and limits, grading, option order; the search language

Front ends import from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quizzer.session.rules import OTHER_DECKS, Counts, DeckRegion, answer_problem, grade_choice
from quizzer.session.service import (
    BANK_SEED,
    CardInfo,
    DeckCounts,
    Opened,
    StoreError,
    StudyService,
    TodayTotals,
    UndoRefused,
    bank_cache_dir,
    open_service,
    open_study,
)

if TYPE_CHECKING:
    from quizzer.session.sitting import (
        AnswerResult,
        QuizSession,
        Session,
        Shown,
        StudySession,
        Summary,
        Undone,
        start_quiz,
        start_study,
    )
    from quizzer.session.stats import due_forecast, study_stats

_LAZY = {
    **dict.fromkeys(
        [
            "AnswerResult",
            "QuizSession",
            "Session",
            "Shown",
            "StudySession",
            "Summary",
            "Undone",
            "start_quiz",
            "start_study",
        ],
        "quizzer.session.sitting",
    ),
    **dict.fromkeys(["due_forecast", "study_stats"], "quizzer.session.stats"),
}
"""Names imported when first asked for: opening the service and counting its cards (the
home screen's start) need neither the sittings nor the statistics."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BANK_SEED",
    "OTHER_DECKS",
    "AnswerResult",
    "CardInfo",
    "Counts",
    "DeckCounts",
    "DeckRegion",
    "Opened",
    "QuizSession",
    "Session",
    "Shown",
    "StoreError",
    "StudyService",
    "StudySession",
    "Summary",
    "TodayTotals",
    "UndoRefused",
    "Undone",
    "answer_problem",
    "bank_cache_dir",
    "due_forecast",
    "grade_choice",
    "open_service",
    "open_study",
    "start_quiz",
    "start_study",
    "study_stats",
]
