"""Benchmark: next question and committed answer with 100,000 cards and 1,000,000 review rows.

Run on demand: ``python -m pytest tests/bench/bench_store.py -s``. Prints the figures
reported in the README. Side by side in one run, several repetitions: the big store against
a small one (1,000 cards, 10,000 reviews) to show that the cost does not grow with the store.
Asserts the issue's target (median under 10 ms each) and a ratio, not single timings.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizzer.model import Facet, Kind, Question
from quizzer.progress import Rating, to_micros
from quizzer.session import StudyService
from quizzer.store import STORE_NAME, open_store

RUNS = 5
ANSWERS = 100
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _questions(count: int) -> list[Question]:
    return [
        Question(id=f"bench/m{i // 50}/location/i{i}/basic", deck="bench", muscle=f"m{i // 50}",
                 facet=Facet.LOCATION, kind=Kind.BASIC, question=f"Question {i}?",
                 answer=f"Answer {i}", fact=f"bench/m{i // 50}/location/i{i}")
        for i in range(count)
    ]


def _fill(folder: Path, questions: list[Question], reviews_per_card: int) -> None:
    """Write cards (90 % reviewed, due from a month ago to a year ahead) and their logs."""
    open_store(folder).close()
    rng = random.Random(1)
    conn = sqlite3.connect(folder / STORE_NAME)
    cards, logs = [], []
    day = 86_400 * 1_000_000
    for card_id, q in enumerate(questions[: len(questions) * 9 // 10], 1):
        due = to_micros(NOW) + rng.randint(-30, 365) * day + rng.randint(0, day)
        last = to_micros(NOW) - rng.randint(1, 60) * day
        cards.append((card_id, q.id, q.deck, q.fact, 2, None, rng.uniform(1, 300),
                      rng.uniform(1, 10), due, last, reviews_per_card, 0, 0, 0, last - 30 * day))
        for n in range(reviews_per_card):
            logs.append((card_id, last - n * day, rng.randint(1, 4), None, 5000, "study", 2, None))
    with conn:
        conn.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         cards)
        conn.executemany("INSERT INTO reviews (card_id, time, rating, chosen, duration_ms, mode, "
                         "status_before, before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", logs)
    conn.close()


def _measure(folder: Path, questions: list[Question]) -> tuple[float, list[float], list[float]]:
    """(service start seconds, next-question ms, commit-answer ms) for ANSWERS answers."""
    clock = [NOW]
    started = time.perf_counter()
    service = StudyService(open_store(folder), questions, clock=lambda: clock[0],
                           rng=random.Random(0))
    service.update_settings(reviews_per_day=10_000)
    session = service.start_study()
    start_s = time.perf_counter() - started
    fetch, commit = [], []
    ratings = [Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY]
    for i in range(ANSWERS):
        t0 = time.perf_counter()
        shown = session.current
        t1 = time.perf_counter()
        assert shown is not None
        session.answer(ratings[i % 4])
        t2 = time.perf_counter()
        fetch.append((t1 - t0) * 1000)
        commit.append((t2 - t1) * 1000)
        clock[0] += timedelta(seconds=7)
    for _ in range(ANSWERS):  # leave the store as it was for the next repetition
        session.undo()
    service.close()
    return start_s, fetch, commit


def test_next_question_and_commit_under_10_ms(tmp_path: Path) -> None:
    big_q, small_q = _questions(100_000), _questions(1_000)
    t = time.perf_counter()
    _fill(tmp_path / "big", big_q, reviews_per_card=11)  # 90,000 × 11 ≈ 1,000,000 rows
    fill_s = time.perf_counter() - t
    _fill(tmp_path / "small", small_q, reviews_per_card=11)
    conn = sqlite3.connect(tmp_path / "big" / STORE_NAME)
    rows = conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    conn.close()
    assert rows >= 990_000
    results: dict[str, tuple[list[float], list[float], list[float]]] = {
        "big": ([], [], []), "small": ([], [], [])}
    for _ in range(RUNS):  # interleaved, so both sizes see the same machine noise
        for name, questions in (("big", big_q), ("small", small_q)):
            start_s, fetch, commit = _measure(tmp_path / name, questions)
            results[name][0].append(start_s)
            results[name][1].append(statistics.median(fetch))
            results[name][2].append(statistics.median(commit))
    big, small = results["big"], results["small"]
    fetch_ms, commit_ms = statistics.median(big[1]), statistics.median(big[2])
    print(
        f"\nstore: 100,000 questions, 90,000 card rows, {rows:,} review rows (filled in {fill_s:.1f} s)"
        f"\nnext question:  median {fetch_ms:.2f} ms (small store {statistics.median(small[1]):.2f} ms)"
        f"\ncommit answer:  median {commit_ms:.2f} ms (small store {statistics.median(small[2]):.2f} ms)"
        f"\nservice start:  median {statistics.median(big[0]):.2f} s (small store "
        f"{statistics.median(small[0]):.3f} s)"
        f"\n{RUNS} runs × {ANSWERS} answers; medians of per-run medians"
    )
    assert fetch_ms < 10 and commit_ms < 10
    assert fetch_ms <= 5 * max(statistics.median(small[1]), 0.2)
