"""Benchmark: the question bank's cache on a 600-muscle folder, one deck file per muscle.

Run on demand: ``python -m pytest tests/bench/bench_bank.py -s``. Prints the figures in the
README. Interleaved runs, each in this process:

- a fresh load and generation (no cache: what every start cost before);
- the first start (the cache is empty: load, generate, record and write);
- a warm start (nothing changed: the cache is read);
- a start after editing one file: its location (read by no other deck's questions) or one
  of its actions (a wrong option in other muscles' questions, so they are made again).

Asserts, on CPU time (on a shared 2-core machine the wall clock also counts waiting for the
other core's work): a warm start takes at most a fifth of a fresh load and generation; an
edit of one file regenerates at most 5 % of the decks and takes at most 0.7× (checking
that the other decks' questions still hold costs about half a fresh load); and the cache
takes at most twice the YAML's size.
"""

from __future__ import annotations

import re
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import quizzer.generate
from quizzer.bank import load_bank
from quizzer.decks import load_library
from quizzer.generate import generate

from .synth import write_atlas

RUNS = 3


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - start, time.process_time() - cpu


def test_cache_at_atlas_scale(tmp_path: Path) -> None:
    files = write_atlas(tmp_path / "atlas", muscles=600, per_file=1)
    folder = tmp_path / "atlas"
    yaml_size = sum(p.stat().st_size for p in files)
    edited = files[len(files) // 2]
    original = edited.read_text(encoding="utf-8")
    generated: list[str] = []
    real = quizzer.generate.generate_deck

    def counting(pools: object, deck: object, seed: int) -> object:
        generated.append(deck.id)  # type: ignore[attr-defined]
        return real(pools, deck, seed)  # type: ignore[arg-type]

    def fresh() -> None:
        library, selected = load_library([folder])
        generate(library, selected)

    times: dict[str, list[tuple[float, float]]] = {
        "fresh load and generation (no cache)": [],
        "first start (empty cache)": [],
        "warm start": [],
        "one file's location edited": [],
        "one file's action edited": [],
    }
    regenerated: dict[str, list[int]] = {name: [] for name in times}
    cache = tmp_path / "cache"
    quizzer.generate.generate_deck = counting  # type: ignore[assignment]
    try:
        for run in range(RUNS):
            edited.write_text(original, encoding="utf-8")
            times["fresh load and generation (no cache)"].append(_timed(fresh))
            shutil.rmtree(cache, ignore_errors=True)
            for name, edit in (
                ("first start (empty cache)", None),
                ("warm start", None),
                ("one file's location edited", ("location: ", f"location: Run {run} ")),
                (
                    "one file's action edited",
                    (r"(actions:\n\s+- id: action-\d+\n\s+text: )", rf"\g<1>Run {run} "),
                ),
            ):
                if edit is not None:
                    text = edited.read_text(encoding="utf-8")
                    edited.write_text(re.sub(edit[0], edit[1], text, count=1), encoding="utf-8")
                generated.clear()
                times[name].append(_timed(lambda: load_bank([folder], cache_dir=cache)))
                regenerated[name].append(len(generated))
    finally:
        quizzer.generate.generate_deck = real
        edited.write_text(original, encoding="utf-8")
    size = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
    wall = {name: statistics.median(w for w, _ in values) for name, values in times.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in times.items()}
    base = cpu["fresh load and generation (no cache)"]
    print(
        f"\n600 muscles in {len(files)} files, {yaml_size / 1e6:.1f} MB of YAML; cache "
        f"{size / 1e6:.1f} MB ({size / yaml_size:.2f}× the YAML); {RUNS} runs, medians:"
    )
    for name in times:
        decks = f"  decks generated: {statistics.median(regenerated[name]):g}" if regenerated[name] else ""
        print(
            f"  {name:<38} CPU {cpu[name]:5.2f} s ({cpu[name] / base:.2f}×), wall {wall[name]:5.2f} s{decks}"
        )
    assert cpu["warm start"] <= base / 5
    for case in ("one file's location edited", "one file's action edited"):
        assert cpu[case] <= 0.7 * base
        assert statistics.median(regenerated[case]) <= len(files) / 20
    assert size <= 2 * yaml_size
