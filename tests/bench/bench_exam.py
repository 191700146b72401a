"""Benchmark: building an exam at atlas scale, against generating the question bank.

Run on demand: ``python -m pytest tests/bench/bench_exam.py -s``. Selection must stay a
small fraction of generation (the step every command pays anyway), however large the bank.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from quizzer.decks import load_library
from quizzer.export.exam import DEFAULT_KINDS, build_exam
from quizzer.export.exam_files import render_exam
from quizzer.generate import generate

from .synth import write_atlas

RUNS = 3


def test_exam_at_atlas_scale(tmp_path: Path) -> None:
    paths = write_atlas(tmp_path / "atlas")
    library, selected = load_library(paths, include_bundled=False)
    gen, small, large, files = [], [], [], []
    for run in range(RUNS):  # interleaved so that machine noise hits every side alike
        start = time.perf_counter()
        questions = generate(library, selected, seed=run)
        gen.append(time.perf_counter() - start)
        pool = [q for q in questions if q.kind in DEFAULT_KINDS]
        start = time.perf_counter()
        build_exam(pool, n=50, seed=run, versions=4)
        small.append(time.perf_counter() - start)
        start = time.perf_counter()
        exam = build_exam(pool, n=200, seed=run, versions=4, library=library)
        large.append(time.perf_counter() - start)
        start = time.perf_counter()
        render_exam(exam, ["html", "md", "gift", "csv"])
        files.append(time.perf_counter() - start)
    ratios = [s / g for s, g in zip(small, gen, strict=True)]
    big = [s / g for s, g in zip(large, gen, strict=True)]
    print(
        f"\natlas: {len(questions)} questions, {len(pool)} auto-graded\n"
        f"generate:                     median {statistics.median(gen):.2f} s\n"
        f"exam -n 50, 4 versions:       median {statistics.median(small):.2f} s "
        f"(ratio {statistics.median(ratios):.2f}x of generate)\n"
        f"exam -n 200, 4 versions:      median {statistics.median(large):.2f} s "
        f"(ratio {statistics.median(big):.2f}x of generate)\n"
        f"render 200 x 4 versions, all formats: median {statistics.median(files):.3f} s "
        f"({sum(1 for q in exam.questions if q.picture or q.option_pictures)} picture questions)"
    )
    assert statistics.median(ratios) < 0.5
    assert statistics.median(big) < 1.0
