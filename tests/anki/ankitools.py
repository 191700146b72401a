"""Helpers for the Anki export tests: export fixture decks, import into real Anki (test-only, AGPL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from anki import import_export_pb2 as ie
from anki.collection import Collection

from quizzer.decks import load_library
from quizzer.export.anki import AnkiExport, write_package
from quizzer.generate import generate
from quizzer.model import Kind, Question

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def questions_of(deck: Path, kinds: set[Kind] | None = None, seed: int = 0) -> list[Question]:
    """The questions `quizzer cards DECK` prints (fixture decks only, no bundled decks)."""
    library, selected = load_library([deck], include_bundled=False)
    out = generate(library, selected, seed=seed)
    return [q for q in out if kinds is None or q.kind in kinds]


def export(deck: Path, out: Path, *, now: datetime = T0, kinds: set[Kind] | None = None) -> AnkiExport:
    """Export a fixture deck as `quizzer export anki` does, at a given time."""
    library, _ = load_library([deck], include_bundled=False)
    descriptions = {d.id: d.description for d in library.decks}
    return write_package(questions_of(deck, kinds), out, now=now, descriptions=descriptions, library=library)


def import_package(col: Collection, path: Path) -> Any:
    """Import as Anki's own defaults do; returns the import log."""
    if_newer = ie.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    options = ie.ImportAnkiPackageOptions(
        merge_notetypes=False,
        update_notes=if_newer,
        update_notetypes=if_newer,
        with_scheduling=False,
        with_deck_configs=False,
    )
    request = ie.ImportAnkiPackageRequest(package_path=str(path), options=options)
    return col.import_anki_package(request).log
