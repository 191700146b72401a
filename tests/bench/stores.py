"""Large synthetic progress stores for the store and study-app benchmarks."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime
from pathlib import Path

from quizzer.model import Facet, Kind, Question, QuestionKey
from quizzer.progress import to_micros
from quizzer.store import STORE_NAME, open_store

DAY = 86_400 * 1_000_000
"""One day in the store's microseconds."""


def bench_questions(count: int) -> list[Question]:
    """``count`` plain questions, 50 per imaginary muscle, all in deck "bench"."""
    return [
        Question(
            QuestionKey("bench", f"m{i // 50}", Facet.LOCATION, f"i{i}", Kind.BASIC),
            question=f"Question {i}: where is it?",
            answer=f"Answer {i}",
            source="Bench",
            muscle_name=f"Muscle {i // 50}",
        )
        for i in range(count)
    ]


def fill_store(
    folder: Path, questions: list[Question], *, now: datetime, reviews_per_card: int, varied: bool
) -> None:
    """Cards for 90 % of the questions, due from a month ago to a year ahead, with logs.

    ``varied``: due times spread through the day and random ratings; otherwise due at
    whole days and every review rated Good.
    """
    open_store(folder, now=now).close()
    rng = random.Random(1)
    cards, logs = [], []
    for card_id, q in enumerate(questions[: len(questions) * 9 // 10], 1):
        due = to_micros(now) + rng.randint(-30, 365) * DAY
        if varied:
            due += rng.randint(0, DAY)
        last = to_micros(now) - rng.randint(1, 60) * DAY
        cards.append(
            (
                card_id,
                q.id,
                q.deck,
                q.fact,
                2,
                None,
                rng.uniform(1, 300),
                rng.uniform(1, 10),
                due,
                last,
                reviews_per_card,
                0,
                0,
                0,
                last - 30 * DAY,
            )
        )
        for n in range(reviews_per_card):
            rating = rng.randint(1, 4) if varied else 3
            logs.append((card_id, last - n * DAY, rating, None, 5000, "study", 2, None))
    conn = sqlite3.connect(folder / STORE_NAME)
    with conn:
        conn.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cards)
        conn.executemany(
            "INSERT INTO reviews (card_id, time, rating, chosen, duration_ms, mode, "
            "status_before, before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            logs,
        )
    conn.close()
