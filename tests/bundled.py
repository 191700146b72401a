"""A small deck folder standing in for the bundled decks, for tests of mechanics (the cache,
command plumbing) that do not depend on which decks are bundled: a cold build of the bundled
atlas takes seconds, these eight muscles a few hundredths.

``tests/data/bundled-eight`` is a frozen copy of the first bundled decks (gluteus minimus and
the seven muscles it is confused with), in the same region folders.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

EIGHT = Path(__file__).resolve().parent / "data" / "bundled-eight"


def stand_in_for_bundled(monkeypatch: pytest.MonkeyPatch, folder: Path = EIGHT) -> Path:
    """Make ``folder`` the bundled decks for the rest of the test, in every module that
    imported ``bundled_decks_dir`` (and in those imported later, through its home)."""
    import quizzer.discovery

    real = quizzer.discovery.bundled_decks_dir
    for name, module in list(sys.modules.items()):
        if name.startswith("quizzer") and getattr(module, "bundled_decks_dir", None) is real:
            monkeypatch.setattr(module, "bundled_decks_dir", lambda: folder)
    return folder
