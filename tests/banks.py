"""The bundled decks, loaded and generated once per test process.

Many tests read every bundled question; at atlas size (about 130 muscles) one generation
takes about a second of CPU, and the same seeds are asked for by test after test. Libraries
and questions are frozen, so one copy serves them all. (A test that stands other decks in for
the bundled ones, tests/bundled.py, must load them itself.)
"""

from __future__ import annotations

from functools import cache

from quizzer.bank import Bank
from quizzer.decks import load_library
from quizzer.generate import generate
from quizzer.model import Library, Question


@cache
def bundled_library() -> tuple[Library, tuple[str, ...]]:
    """``load_library()``: every bundled deck, and the ids of those selected (all)."""
    library, selected = load_library()
    return library, tuple(selected)


@cache
def bundled_questions(seed: int = 0) -> tuple[Question, ...]:
    """``generate(library, selected, seed=seed)`` over every bundled deck."""
    library, selected = bundled_library()
    return tuple(generate(library, list(selected), seed=seed))


def bundled_bank() -> Bank:
    """The bank the app opens on the bundled decks (their seed-0 questions), for
    ``build_app(None, [], …, load=bundled_bank)``: the app as ``quizzer`` opens it, without
    building the question cache from cold in each test."""
    library, selected = bundled_library()
    return Bank(library, list(selected), list(bundled_questions(0)))
