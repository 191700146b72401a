"""The study engine: what the CLI and the app ask for (counts, sittings, answers, stats).

Arrows point down only; each layer imports only those below it::

    sitting   stats      on top: what is on screen and undo; read-only numbers
    service              the only holder of store, clock and rng; open_study() for CLI and app
    queue                what comes next and what is left, kept current answer by answer
    rules     search     pure: study day and limits, grading, option order; the search language

Front ends import from here.
"""

from __future__ import annotations

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
