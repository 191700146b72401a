"""The study engine: what the CLI and the app ask for (counts, sittings, answers, stats).

Layers, arrows pointing down only (see the README's "Where the code lives"):
``sitting`` and ``stats`` on top, ``service`` in the middle, pure rules at the bottom.
Front ends import from here.
"""

from __future__ import annotations

from quizzer.session.service import (
    AnswerResult,
    CardInfo,
    Counts,
    DeckCounts,
    Session,
    Shown,
    StoreError,
    StudyService,
    Summary,
    TodayTotals,
    UndoRefused,
    answer_problem,
    bank_cache_dir,
    grade_choice,
    open_service,
)

__all__ = [
    "AnswerResult", "CardInfo", "Counts", "DeckCounts", "Session", "Shown", "StoreError",
    "StudyService", "Summary", "TodayTotals", "UndoRefused", "answer_problem", "bank_cache_dir",
    "grade_choice", "open_service",
]
