"""Fixtures for the Anki export tests: fresh collections of real Anki (test-only, AGPL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    """A fresh, empty Anki collection."""
    collection = Collection(str(tmp_path / "collection.anki2"))
    yield collection
    collection.close()
