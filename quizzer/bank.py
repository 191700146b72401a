"""The question bank: deck files → library → generated questions, kept in a cache between runs.

Reading YAML and generating questions is the slowest part of opening the study app, and
it gives the same result every time until a deck file or Quizzer itself changes. So the
bank is saved (pickled) under ``<data dir>/cache/`` with a key made of the deck files'
paths and contents, the generator's own source files, Quizzer's and Python's versions and
the seed. Contents are hashed, not just sizes and modification times: a same-length edit
whose time was restored (``cp -p``, ``rsync -t``, coarse file-system clocks) must not be
missed, and hashing the 35 files of a start costs about half a millisecond. A bank whose
key differs, or a cache file that cannot be read, is simply rebuilt from the decks: the
cache can be deleted at any time.

This module also finds deck files (``deck_files``, ``bundled_decks_dir``) without
importing the YAML loader, so that a cache hit never pays for it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quizzer import __version__

if TYPE_CHECKING:
    from quizzer.model import Library, Question

CACHE_FORMAT = 1
"""Bump when the cached objects' layout changes in a way the code stamp would not catch."""

_PACKAGE = Path(__file__).resolve().parent
_CODE_FOLDERS = ("", "generate", "atlas")
"""Package folders whose files decide what a bank holds (the model, loader and generator)."""


DECK_SUFFIXES = (".yaml", ".yml", ".csv")
"""What a deck file's name ends with: YAML decks and CSV question files."""


@dataclass(frozen=True)
class Bank:
    """Every loaded deck, the ids of the chosen ones and the questions generated for them."""

    library: Library
    selected: list[str]
    questions: list[Question]


def deck_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their deck files (sorted); keep files as given.

    Deck files are YAML decks (``*.yaml``, ``*.yml``) and question files (``*.csv``).

    A file named twice (``a.yaml ./a.yaml``, or a folder and a file in it) is kept once, at
    its first mention: otherwise it would clash with itself over its deck id.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in DECK_SUFFIXES
                           and p.is_file())
        else:
            found = [path]
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                out.append(file)
    return out


def bundled_decks_dir() -> Path:
    """Where the bundled decks are: inside the installed package, or the repo's ``decks/``."""
    installed = Path(__file__).parent / "_decks"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "decks"


def load_bank(paths: Sequence[Path] = (), *, seed: int = 0,
              cache_dir: Path | None = None) -> Bank:
    """The bank for ``paths`` (deck files or folders; none: the bundled decks) and ``seed``.

    With ``cache_dir`` a saved bank with the same key is returned without reading YAML or
    generating anything, and a freshly built bank is saved there (best effort: a cache
    that cannot be written is skipped silently). Raises ``DeckError`` like
    ``load_library``.
    """
    key = _key(paths, seed) if cache_dir is not None else None
    if cache_dir is not None and key is not None:
        cached = _read(cache_dir / _file_name(paths), key)
        if cached is not None:
            return cached
    from quizzer.decks import load_library
    from quizzer.generate import generate

    library, selected = load_library(paths)
    bank = Bank(library, list(selected), generate(library, selected, seed=seed))
    if cache_dir is not None and key is not None:
        _write(cache_dir / _file_name(paths), key, bank)
    return bank


def _file_name(paths: Sequence[Path]) -> str:
    # One file per set of given paths and per installation (the bundled decks' folder): a
    # user switching between two deck folders, or between two installs sharing a data
    # folder, keeps each bank warm instead of rebuilding on every switch.
    where = "\0".join([str(_PACKAGE), *(str(p) for p in paths)])
    digest = hashlib.blake2b(where.encode(), digest_size=8).hexdigest()
    return f"bank-{'bundled' if not paths else 'decks'}-{digest}.pickle"


def _key(paths: Sequence[Path], seed: int) -> tuple[object, ...] | None:
    """What the bank depends on, or None when a file cannot be read (then no caching)."""
    try:
        files = deck_files([*paths, bundled_decks_dir()])
        decks = tuple(_stamp(file) for file in files)
        code = tuple(_code_stamps())
    except OSError:
        return None
    return (CACHE_FORMAT, __version__, sys.version_info[:2], seed,
            tuple(str(p) for p in paths), decks, code)


def _digest(path: Path | str) -> str:
    with open(path, "rb") as file:
        return hashlib.blake2b(file.read(), digest_size=16).hexdigest()


def _stamp(path: Path) -> tuple[str, str]:
    resolved = path.resolve()
    return (str(resolved), _digest(resolved))


def _code_stamps() -> Iterable[tuple[str, str]]:
    for folder in _CODE_FOLDERS:
        with os.scandir(_PACKAGE / folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith((".py", ".json")) and entry.is_file():
                    yield (f"{folder}/{entry.name}", _digest(entry.path))


def _read(path: Path, key: tuple[object, ...]) -> Bank | None:
    try:
        with path.open("rb") as file:
            saved_key = pickle.load(file)
            if saved_key != key:
                return None
            bank = pickle.load(file)
    except Exception:  # noqa: BLE001 - a missing, stale or damaged cache is just rebuilt
        return None
    return bank if isinstance(bank, Bank) else None


_STALE_TEMPORARY = 3600.0
"""Seconds after which a temporary file is a leftover of a writer that was killed."""


def _write(path: Path, key: tuple[object, ...], bank: Bank) -> None:
    """Save the bank (atomically: a temporary file renamed into place); best effort."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                pickle.dump(key, file, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(bank, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _remove_leftovers(path.parent)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is skipped, never fatal
        pass


def _remove_leftovers(folder: Path) -> None:
    """Delete temporary files that a killed writer left behind (older than an hour)."""
    cutoff = time.time() - _STALE_TEMPORARY
    for leftover in folder.glob("bank-*.tmp"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            pass
