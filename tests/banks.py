"""The bundled decks, loaded once per test process and generated once per machine.

Many tests read every bundled question; at atlas size (about 130 muscles) one generation
takes about a second of CPU, and the same seeds are asked for by test after test. Libraries
and questions are frozen, so one copy serves them all. (A test that stands other decks in for
the bundled ones, tests/bundled.py, must load them itself.)
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from quizzer.bank import Bank, _code_stamp
from quizzer.bank import _digest as file_digest
from quizzer.decks import load_library
from quizzer.discovery import bundled_decks_dir, deck_files
from quizzer.generate import generate
from quizzer.model import Library, Question


@cache
def bundled_library() -> tuple[Library, tuple[str, ...]]:
    """``load_library()``: every bundled deck, and the ids of those selected (all)."""
    library, selected = load_library()
    return library, tuple(selected)


@cache
def bundled_questions(seed: int = 0) -> tuple[Question, ...]:
    """``generate(library, selected, seed=seed)`` over every bundled deck.

    Shared between the test processes of one machine (pytest-xdist's workers) through a
    file named by the digest of Quizzer's code and the bundled decks: the first process to
    ask generates (the others wait on a lock) and the rest read it back. Generating is
    about a second of CPU per seed at atlas size, and the suite asks for a dozen seeds.
    """
    path = _SHARED / f"seed-{seed}.pickle"
    with _locked(path.with_suffix(".lock")):
        if path.is_file():
            try:
                with path.open("rb") as f:
                    shared = pickle.load(f)
                if isinstance(shared, tuple):
                    return shared
            except (OSError, EOFError, pickle.UnpicklingError):
                pass
        library, selected = bundled_library()
        questions = tuple(generate(library, list(selected), seed=seed))
        partial = path.with_suffix(f".{os.getpid()}.partial")
        with partial.open("wb") as f:
            pickle.dump(questions, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        return questions


def _digest() -> str:
    """What the bundled questions depend on: Quizzer's code (the stamp the question bank's
    cache is keyed by) and the bundled deck files' contents."""
    h = hashlib.blake2b(_code_stamp().encode(), digest_size=12)
    folder = bundled_decks_dir()
    for file in deck_files([folder]):
        h.update(f"{file.relative_to(folder)}\0{file_digest(file)}\0".encode())
    return h.hexdigest()


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


_SHARED = Path(tempfile.gettempdir()) / f"quizzer-test-banks-{os.getuid()}-{_digest()}"
_SHARED.mkdir(mode=0o700, exist_ok=True)


def bundled_bank() -> Bank:
    """The bank the app opens on the bundled decks (their seed-0 questions), for
    ``build_app(None, [], …, load=bundled_bank)``: the app as ``quizzer`` opens it, without
    building the question cache from cold in each test."""
    library, selected = bundled_library()
    return Bank(library, list(selected), list(bundled_questions(0)))
