"""An exam's default title names its decks in a few words (every page footer repeats it)."""

from __future__ import annotations

from pathlib import Path

from quizzer.commands.exam import _summary
from quizzer.decks import load_library
from quizzer.discovery import deck_files

DECKS = Path(__file__).resolve().parents[2] / "decks"


def test_an_exam_of_many_decks_is_titled_by_their_regions() -> None:
    library, _ = load_library(deck_files([DECKS]))
    every = [d.id for d in library.decks]
    hip = ["gluteus-medius", "gluteus-minimus", "piriformis", "rectus-femoris"]
    assert _summary(library, every[:2]) == ", ".join(library.deck(d).name for d in every[:2])
    assert _summary(library, hip) == "4 decks (hip and pelvis and thigh)"
    # Every deck: not "Quizzer exam: 149 decks" but where they come from, head to foot.
    assert _summary(library, every) == f"{len(every)} decks, head and jaw to foot"
