"""A small deck folder standing in for the bundled decks, for tests of mechanics (the cache,
command plumbing) that do not depend on which decks are bundled: a cold build of the bundled
atlas takes seconds, these eight muscles a few hundredths.

``tests/data/bundled-eight`` is a frozen copy of the first bundled decks (gluteus minimus and
the seven muscles it is confused with), in the same region folders.
"""

from __future__ import annotations

from pathlib import Path

import pytest

EIGHT = Path(__file__).resolve().parent / "data" / "bundled-eight"


def stand_in_for_bundled(monkeypatch: pytest.MonkeyPatch, folder: Path = EIGHT) -> Path:
    """Make ``folder`` the bundled decks until the end of the test.

    The function itself is changed (its code), not the name: modules hold it under their own
    names, some imported only while the test runs, and each must see the stand-in and get
    the real function back afterwards.
    """
    import quizzer.discovery

    monkeypatch.setattr(quizzer.discovery, "_BUNDLED_STAND_IN", folder, raising=False)
    monkeypatch.setattr(quizzer.discovery.bundled_decks_dir, "__code__", _stand_in.__code__)
    return folder


def _stand_in() -> Path:
    # Runs as quizzer.discovery.bundled_decks_dir, so globals() are that module's.
    folder: Path = globals()["_BUNDLED_STAND_IN"]
    return folder
