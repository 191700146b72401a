"""Study statistics as one JSON-ready dict, read from the service (nothing is written).

Due today, states, reviews per day, retention, forecast, leeches and the exam countdown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from quizzer.progress import Status, to_micros
from quizzer.session.rules import INTRODUCE_BEFORE_EXAM

if TYPE_CHECKING:
    from quizzer.session.service import StudyService

__all__ = ["DAYS", "due_forecast", "study_stats"]

DAYS = 30


def study_stats(service: StudyService, deck_ids: Iterable[str] | None = None) -> dict[str, Any]:
    """The object `quizzer stats --json` prints, for the questions of ``deck_ids`` (all by
    default)."""
    decks = set(service.decks) if deck_ids is None else set(deck_ids)
    now = service.now()
    today = service.study_day(now)
    questions = service.questions(decks)
    counts = service.counts(decks)
    states: Counter[str] = Counter({s.label: 0 for s in Status})
    states["suspended"] = 0
    forecast: Counter[int] = Counter()
    day_us = 86_400_000_000
    today_start = to_micros(service.day_start(now))
    for q in questions:
        status, suspended, due = service.card_key(q.id)
        states[status.label] += 1
        states["suspended"] += suspended
        if status is not Status.NEW and not suspended:
            offset = max(0, (due - today_start) // day_us)
            if offset < DAYS:
                forecast[offset] += 1
    qids = {q.id for q in questions}
    leeches = [
        {
            "id": qid,
            "question": service.questions_by_id[qid].question,
            "lapses": lapses,
            "suspended": suspended,
        }
        for qid, lapses, suspended in service.leeches()
        if qid in qids
    ]
    start = service.day_start(now) - timedelta(days=DAYS - 1)
    days = service.review_days(start, decks)
    per_day = {day: n for day, (n, _, _) in days.items()}
    graded = sum(g for _, g, _ in days.values())
    lapsed = sum(a for _, _, a in days.values())
    return {
        "due": {"new": counts.new, "learning": counts.learning, "review": counts.review},
        "states": dict(states),
        "reviews_per_day": [
            {"date": (today - timedelta(days=DAYS - 1 - i)).isoformat(), "count": per_day.get(i, 0)}
            for i in range(DAYS)
        ],
        "retention_30d": round((graded - lapsed) / graded, 4) if graded else None,
        "forecast": [
            {"date": (today + timedelta(days=i)).isoformat(), "due": forecast[i]} for i in range(DAYS)
        ],
        "leeches": leeches,
        "exam": _exam(service, decks, now),
        "total_reviews": service.review_count(),
    }


def due_forecast(service: StudyService, deck_ids: Iterable[str] | None = None, days: int = 7) -> list[int]:
    """Cards due on each of the next ``days`` study days (today first, overdue counted
    today), as ``study_stats``'s forecast counts them, from the stored cards alone: quick
    enough for the home screen at any number of decks (a new card is never due)."""
    decks = None if deck_ids is None else set(deck_ids)
    day_us = 86_400_000_000
    today_start = to_micros(service.day_start(service.now()))
    out = [0] * days
    for qid, (status, suspended, due) in service.stored_keys().items():
        if status is Status.NEW or suspended:
            continue
        deck = service.deck_of(qid)
        if deck is None or (decks is not None and deck not in decks):
            continue  # an orphan (gone from the decks), or not a chosen deck's
        offset = max(0, (due - today_start) // day_us)
        if offset < days:
            out[offset] += 1
    return out


def _exam(service: StudyService, decks: set[str], now: Any) -> dict[str, Any] | None:
    exam = service.settings.exam_date
    if exam is None:
        return None
    today = service.study_day(now)
    days_left = (exam - today).days
    new_left = sum(service.new_remaining(deck) for deck in decks)
    intro_days = days_left - INTRODUCE_BEFORE_EXAM
    possible = new_left == 0 or intro_days > 0
    per_day = {deck: service.new_limit(deck, now) for deck in sorted(decks)}
    if days_left < 0:
        message = f"the exam on {exam.isoformat()} has passed"
    elif possible:
        message = (
            f"{days_left} days to the exam; {new_left} new cards left, introduced by "
            f"{(exam - timedelta(days=INTRODUCE_BEFORE_EXAM)).isoformat()}"
        )
    else:
        message = (
            f"{days_left} days to the exam: too late to meet all {new_left} new cards "
            f"{INTRODUCE_BEFORE_EXAM} days before it; they are all released now"
        )
    return {
        "date": exam.isoformat(),
        "days_left": days_left,
        "new_left": new_left,
        "new_per_day": per_day,
        "possible": possible,
        "message": message,
    }
