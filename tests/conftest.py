"""Shared fixtures: tests never touch the real user data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point QUIZZER_HOME (and XDG folders) at a temporary folder for every test."""
    home = tmp_path / "quizzer-home"
    monkeypatch.setenv("QUIZZER_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return home


@pytest.fixture
def mini_deck() -> Path:
    """A small fixture deck of four imaginary muscles."""
    return DATA / "mini.yaml"


@pytest.fixture
def eight_bundled(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Eight stand-in decks in place of the bundled atlas (see tests/bundled.py): for modules
    that test command plumbing, whose every command would otherwise read the whole atlas.
    Use as ``pytestmark = pytest.mark.usefixtures("eight_bundled")``."""
    from tests.bundled import stand_in_for_bundled

    return stand_in_for_bundled(monkeypatch)


@pytest.fixture(scope="session")
def atlas_decks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A deck folder at atlas size: 130 muscles and 12 groups, a deck file each, in a folder
    per exam region, and a question file with no region (``tests/atlas_decks.py``; real
    names, placeholder facts)."""
    from tests.atlas_decks import write_atlas_decks

    return write_atlas_decks(tmp_path_factory.mktemp("atlas"))
