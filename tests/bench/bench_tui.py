"""Benchmark: the study app's cold start and its answer → next-question latency.

Run on demand: ``python -m pytest tests/bench/bench_tui.py -s``. Prints the figures in the
README and asserts the issue's targets as ratios or medians measured in this one run:
cold start to the first painted home screen (with the bundled decks' counts) within 1.5×
a minimal one-label Textual app, and answer → next question painted under 50 ms median
with 50,000 cards in the store.
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual import events

from quizzer.decks import load_library
from quizzer.generate import generate
from quizzer.model import Kind, Library, Question
from quizzer.session import StudyService
from quizzer.store import STORE_NAME, open_store
from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens.session import StudyScreen

from .stores import bench_questions, fill_store
from .synth import write_atlas

RUNS = 7
ANSWERS = 40
CARDS = 50_000
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DATA = Path(__file__).resolve().parent.parent / "data"

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Label

class Minimal(App):
    def compose(self):
        yield Label("Quizzer")

    def on_mount(self):
        self.call_after_refresh(self.exit)

Minimal().run(headless=True, size=(80, 24))
"""

# The real entry point (`quizzer` with no arguments), headless, leaving after the first
# frame that shows the deck counts. The app's modules are patched as they are imported, so
# the import order (and the overlap of deck loading with importing Textual) stays real.
QUIZZER_APP = """
import importlib.abc
import importlib.util
import sys


def patch_home(module):
    ready = module.HomeScreen.service_ready

    def service_ready(self):
        ready(self)
        self.app.call_after_refresh(self.app.exit)

    module.HomeScreen.service_ready = service_ready


def patch_app(module):
    run = module.QuizzerApp.run
    module.QuizzerApp.run = lambda self, **kw: run(self, headless=True, size=(80, 24))


PATCHES = {"quizzer.tui.screens.home": patch_home, "quizzer.tui.app": patch_app}


class Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name not in PATCHES:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            PATCHES[name](module)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, Hook())
"""
ENTRY = """
from quizzer.cli import main
main([])
"""


def _wall(script: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=60,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def test_cold_start_within_one_and_a_half_minimal_apps(tmp_path: Path) -> None:
    env = {**os.environ, "QUIZZER_HOME": str(tmp_path / "home"),
           # Byte-code is cached as after `pip install` (which compiles every module); a
           # machine with PYTHONDONTWRITEBYTECODE would otherwise compile Quizzer's source
           # on every start while Textual's site-packages copy has its .pyc files.
           "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for script in (MINIMAL_APP, QUIZZER_APP + ENTRY):
        # The first runs write the byte-code, create the store and today's backup, and
        # save the question bank's cache: every measured run is a later start of the day.
        _wall(script, env)
    [cache] = (tmp_path / "home" / "cache").glob("bank-bundled-*.pickle")
    times: dict[str, list[float]] = {"minimal": [], "quizzer": [], "rebuilt": []}
    for _ in range(RUNS):  # interleaved, so all see the same machine noise
        times["minimal"].append(_wall(MINIMAL_APP, env))
        times["quizzer"].append(_wall(QUIZZER_APP + ENTRY, env))
        cache.unlink()  # the first start after a deck file (or Quizzer) changed
        times["rebuilt"].append(_wall(QUIZZER_APP + ENTRY, env))
    median = {name: statistics.median(values) for name, values in times.items()}
    ratio = median["quizzer"] / median["minimal"]
    print(f"\ncold start to the home screen painted with the bundled decks' counts ({RUNS} runs"
          f" each, interleaved, medians): `quizzer` {median['quizzer']:.3f} s, minimal"
          f" one-label Textual app {median['minimal']:.3f} s: ratio {ratio:.2f}; first start"
          f" after a deck changed (bank rebuilt) {median['rebuilt']:.3f} s"
          f" ({median['rebuilt'] / median['minimal']:.2f}×)")
    assert ratio <= 1.5


async def _latencies(folder: Path, questions: list[Question], library: Library,
                     cpu: list[float] | None = None, **settings: Any) -> list[float]:
    """Milliseconds from the answer's key to the first frame showing the next question.

    ``cpu`` (if given) gets the CPU time the app's thread spent in each of those spans: a
    figure the other work on a shared machine hardly changes.

    A flashcard is revealed first and rated 3 (Good); a choice question is answered with
    its right letter (graded at once), then enter shows the next question: the time is
    from that enter. ``settings`` change the service's settings (daily limits).
    """
    clock = [NOW]
    decks = list(dict.fromkeys(q.deck for q in questions))
    cpu = cpu if cpu is not None else []

    def opener(_library: Library, _selected: object) -> StudyService:
        service = StudyService(open_store(folder), questions, clock=lambda: clock[0],
                               rng=random.Random(0))
        service.update_settings(reviews_per_day=10_000, **settings)
        return service

    app = QuizzerApp(load_library=lambda: (library, decks), open_service=opener,
                     start="study", clock=lambda: clock[0])
    frames: list[float] = []
    cpu_at_frames: list[float] = []
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            frames.append(time.perf_counter())
            cpu_at_frames.append(time.thread_time())
        display(screen, renderable)

    app._display = timed_display  # type: ignore[method-assign]
    out: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.session.current is not None
        shown_at: list[float] = []
        show = screen.show_current

        async def timed_show() -> None:
            await show()
            shown_at.append(time.perf_counter())

        screen.show_current = timed_show  # type: ignore[method-assign]
        for _ in range(ANSWERS):
            shown = screen.session.current
            assert shown is not None
            if shown.question.kind.is_choice:
                # Graded at once (the feedback is drawn), then enter moves on.
                keys = [chr(97 + i) for i in shown.question.correct]
                if shown.question.kind is Kind.MULTI:
                    keys.append("enter")
                await pilot.press(*keys)
                await pilot.pause()
                key = events.Key("enter", "\r")
            else:
                await pilot.press("space")
                await pilot.pause()
                key = events.Key("3", "3")
            done = len(shown_at)
            cpu0 = time.thread_time()
            t0 = time.perf_counter()
            app.post_message(key)
            deadline = t0 + 10
            # The next question is on screen at the first frame after show_current ends.
            while len(shown_at) == done or not frames or frames[-1] < shown_at[-1]:
                assert time.perf_counter() < deadline, "the next question never came"
                await asyncio.sleep(0.0005)
            out.append((frames[-1] - t0) * 1000)
            cpu.append((cpu_at_frames[-1] - cpu0) * 1000)
            clock[0] += timedelta(seconds=7)
            await pilot.pause()
        while screen.session.undo():  # leave the store as it was for the next repetition
            pass
    return out


def test_answer_to_next_question_under_50_ms(tmp_path: Path) -> None:
    questions = bench_questions(CARDS)
    fill_store(tmp_path, questions, now=NOW, reviews_per_card=3, varied=False)
    conn = sqlite3.connect(tmp_path / STORE_NAME)
    cards = conn.execute("SELECT count(*) FROM cards").fetchone()[0]
    conn.close()
    library, _ = load_library([DATA / "mini.yaml"], include_bundled=False)
    medians = [statistics.median(asyncio.run(_latencies(tmp_path, questions, library)))
               for _ in range(RUNS)]
    median = statistics.median(medians)
    print(f"\nanswer → next question painted: median {median:.1f} ms with {CARDS:,} questions and"
          f" {cards:,} stored cards ({RUNS} runs × {ANSWERS} answers; per-run medians "
          f"{min(medians):.1f}–{max(medians):.1f} ms)")
    assert median < 50


def test_answer_to_next_question_under_50_ms_for_a_new_user_at_600_muscles(tmp_path: Path) -> None:
    """A new user (empty store) studying every deck of a 600-muscle atlas (43,800 questions,
    20 deck files): the whole bank is new cards, the case where the old queue rebuilt the
    list of every new card, and the counts walked every card, after each answer."""
    library, selected = load_library(write_atlas(tmp_path / "atlas"), include_bundled=False)
    questions = generate(library, selected)
    medians, cpu_medians = [], []
    for run in range(RUNS):
        cpu: list[float] = []
        latencies = asyncio.run(_latencies(tmp_path / f"store-{run}", questions, library, cpu,
                                           new_per_day=1000, new_per_day_total=1000))
        medians.append(statistics.median(latencies))
        cpu_medians.append(statistics.median(cpu))
    median = statistics.median(medians)
    print(f"\nanswer → next question painted, new user, 600 muscles: median {median:.1f} ms with"
          f" {len(questions):,} new questions in {len(selected)} decks ({RUNS} runs × {ANSWERS}"
          f" answers; per-run medians {min(medians):.1f}–{max(medians):.1f} ms); CPU time of the"
          f" app's thread in that span {statistics.median(cpu_medians):.1f} ms")
    assert median < 50
