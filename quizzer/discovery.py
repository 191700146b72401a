"""Finding deck files: the paths a command names, folders expanded, and the bundled decks.

The first step of loading, below both the YAML reader (``quizzer.decks``) and the question
bank's cache (``quizzer.bank``), which both import it; it imports only the standard
library, so a start served from the cache never loads the YAML reader.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

DECK_SUFFIXES = (".yaml", ".yml", ".csv")
"""What a deck file's name ends with (any case): YAML decks and CSV question files."""


def deck_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the deck files under them; keep files as given.

    Deck files are YAML decks (``*.yaml``, ``*.yml``) and question files (``*.csv``).
    A folder is searched through all its sub-folders (``decks/hip/gluteus-medius.yaml``),
    in sorted order, so the same folder always gives the same list. Names starting with a
    dot are skipped inside a folder (``.git``, ``.github/workflows/ci.yml``, editors' lock
    and backup files), and links to folders are not followed (no loops). A file named
    twice (``a.yaml ./a.yaml``, or a folder and a file in it) is kept once, at its first
    mention: otherwise it would clash with itself over its deck id.
    """
    return [Path(name) for name in deck_file_names(paths)]


def deck_file_names(paths: Iterable[Path]) -> list[str]:
    """``deck_files`` as the paths' strings (``str`` of each): what the question bank's
    cache checks at every start, without making a ``Path`` for each of hundreds of files."""
    out: list[str] = []
    seen: set[str] = set()
    for path in paths:
        found = _under(path) if path.is_dir() else [(str(path), os.path.realpath(path))]
        for file, key in found:
            if key not in seen:
                seen.add(key)
                out.append(file)
    return out


def _under(folder: Path) -> list[tuple[str, str]]:
    """The deck files under ``folder``, sorted, each as ``str(Path(file))`` with its real
    path (to tell a file named twice). Only the folder's own real path is looked up, once:
    the folders below it are real folders (links to folders are not followed), so a
    file's real path is that and its path below, unless the file itself is a link. The
    folders are read with ``os.scandir``, whose entries know (without another look at the
    disk) which are folders, files and links."""
    found: list[tuple[list[str], str, str]] = []
    top = str(folder)
    real = os.path.realpath(top)
    start = len(top)
    # Paths below "." start "./", which ``Path`` drops ("./a.yaml" is "a.yaml").
    drop = 2 if top == "." else 0
    pending = [top]
    while pending:
        try:
            with os.scandir(pending.pop()) as listing:
                entries = list(listing)
        except OSError:
            continue  # an unreadable folder is skipped, as ``os.walk`` does
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if _is_dir(entry):
                if not _is_link(entry):
                    pending.append(entry.path)
                continue
            if name.lower().endswith(DECK_SUFFIXES) and entry.is_file():
                file = entry.path
                key = os.path.realpath(file) if _is_link(entry) else real + file[start:]
                # Sorted as paths are: part by part ("a/b" before "a-c").
                found.append((file.split(os.sep), file[drop:], key))
    found.sort()
    return [(file, key) for _, file, key in found]


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def bundled_decks_dir() -> Path:
    """Where the bundled decks are: inside the installed package, or the repo's ``decks/``."""
    installed = Path(__file__).parent / "_decks"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "decks"


def looks_like_path(spec: str) -> bool:
    """Whether a command-line deck argument names a file or folder (else a bundled deck id)."""
    return Path(spec).exists() or spec.lower().endswith(DECK_SUFFIXES) or "/" in spec


def split_specs(specs: Sequence[str]) -> tuple[list[Path], list[str]]:
    """Command-line deck arguments as (paths, deck ids), each in the order given."""
    return (
        [Path(spec) for spec in specs if looks_like_path(spec)],
        [spec for spec in specs if not looks_like_path(spec)],
    )
