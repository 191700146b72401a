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

from quizzer.model import Question
from quizzer.progress import Rating
from quizzer.session import StudyService, start_study
from quizzer.store import STORE_NAME, open_store

from .stores import bench_questions, fill_store

RUNS = 5
ANSWERS = 100
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _measure(
    folder: Path, questions: list[Question], **settings: int
) -> tuple[float, list[float], list[float], list[float]]:
    """(service start seconds, next-question ms, commit-answer ms, counting ms) for ANSWERS
    answers; counting is what is left (the header over every question, after each answer)."""
    clock = [NOW]
    started = time.perf_counter()
    service = StudyService(open_store(folder), questions, clock=lambda: clock[0], rng=random.Random(0))
    service.update_settings(reviews_per_day=10_000, **settings)
    session = start_study(service)
    service.counts()  # the home screen counted once before the study started
    start_s = time.perf_counter() - started
    fetch, commit, count = [], [], []
    ratings = [Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY]
    for i in range(ANSWERS):
        t0 = time.perf_counter()
        shown = session.current
        t1 = time.perf_counter()
        assert shown is not None
        session.answer(ratings[i % 4])
        t2 = time.perf_counter()
        session.counts()
        t3 = time.perf_counter()
        fetch.append((t1 - t0) * 1000)
        commit.append((t2 - t1) * 1000)
        count.append((t3 - t2) * 1000)
        clock[0] += timedelta(seconds=7)
    while session.undo():  # leave the store as it was for the next repetition
        pass
    service.close()
    return start_s, fetch, commit, count


def test_next_question_and_commit_under_10_ms(tmp_path: Path) -> None:
    big_q, small_q = bench_questions(100_000), bench_questions(1_000)
    t = time.perf_counter()
    # 90,000 cards × 11 reviews ≈ 1,000,000 rows
    fill_store(tmp_path / "big", big_q, now=NOW, reviews_per_card=11, varied=True)
    fill_s = time.perf_counter() - t
    fill_store(tmp_path / "small", small_q, now=NOW, reviews_per_card=11, varied=True)
    conn = sqlite3.connect(tmp_path / "big" / STORE_NAME)
    rows = conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    conn.close()
    assert rows >= 990_000
    results: dict[str, tuple[list[float], ...]] = {
        "big": ([], [], [], []),
        "small": ([], [], [], []),
        "new user": ([], [], [], []),
    }
    (tmp_path / "new user").mkdir()
    for _ in range(RUNS):  # interleaved, so all see the same machine noise
        for name, questions, settings in (
            ("big", big_q, {}),
            ("small", small_q, {}),
            # Nothing answered yet: every one of the 100,000 questions is a new card.
            ("new user", big_q, {"new_per_day": 10_000, "new_per_day_total": 10_000}),
        ):
            start_s, *timings = _measure(tmp_path / name, questions, **settings)
            results[name][0].append(start_s)
            for slot, values in zip(results[name][1:], timings, strict=True):
                slot.append(statistics.median(values))
    med = {name: [statistics.median(values) for values in columns] for name, columns in results.items()}
    print(f"\nstore: 100,000 questions, 90,000 card rows, {rows:,} review rows (filled in {fill_s:.1f} s)")
    for name, (start_s, fetch_ms, commit_ms, count_ms) in med.items():
        print(
            f"{name:>9}: next question {fetch_ms:.2f} ms, commit answer {commit_ms:.2f} ms, "
            f"count what is left {count_ms:.2f} ms, service start {start_s:.3f} s"
        )
    print(f"{RUNS} runs × {ANSWERS} answers; medians of per-run medians")
    for name in ("big", "new user"):
        fetch_ms, commit_ms, count_ms = med[name][1:]
        assert fetch_ms < 10 and commit_ms < 10 and count_ms < 10, name
    assert med["big"][1] <= 5 * max(med["small"][1], 0.2)
