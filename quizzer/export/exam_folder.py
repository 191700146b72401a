"""One exam per folder: every file of a run is written to a temporary folder, then renamed into place whole.

A folder written here holds exactly one run of ``quizzer exam``: its papers, keys, GIFT and
CSV files and ``manifest.json``, which names the run (arguments, seed, versions, Quizzer
version, the decks' contents) and every file with its size and SHA-256. Whatever happens
(a kill, a full disk), the folder under its name is the whole old set or the whole new
set, never a mix: a paper and its key always come from the same run.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizzer.files import fsync_dir, os_reason, pid_alive
from quizzer.safetext import for_file

MANIFEST = "manifest.json"
MADE_BY = "quizzer exam"
_TEMP = "quizzer-tmp"
_OLD = "quizzer-old"
_OUR_NAMES = re.compile(
    r"exam-[A-Z](-paper\.html|-key\.html|-paper\.md|-key\.md|\.gift\.txt|\.csv"
    r"|\.qti\.zip)"
    r"|exam-versions\.csv|maps(/[a-z0-9-]+\.svg)?|manifest\.json"
)
"""What ``quizzer exam`` wrote before folders had a manifest."""


class ExamFolderError(Exception):
    """The exam folder cannot be written; one line, and nothing under its name changed."""


@dataclass(frozen=True)
class Written:
    """What :func:`write_exam_folder` did."""

    folder: Path
    files: tuple[str, ...]
    """Every file written, by its name in the folder (the manifest last)."""
    replaced: bool
    """True when another exam was in the folder and was replaced whole (``replace``)."""


def manifest(run: Mapping[str, Any], files: Mapping[str, str | bytes]) -> str:
    """The manifest of a run: what made it and every file with its size and SHA-256."""
    listed = {}
    for name in sorted(files):
        data = _bytes(files[name])
        listed[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    body = {"made_by": MADE_BY, "manifest_version": 1, "run": dict(run), "files": listed}
    return json.dumps(body, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_exam_folder(
    folder: Path, files: Mapping[str, str | bytes], run: Mapping[str, Any], *, replace: bool = False
) -> Written:
    """Write ``files`` (name → text, or bytes for a package) and their manifest as the
    folder ``folder``, whole.

    A folder holding the same run (same arguments, decks and Quizzer) is replaced; one
    holding another exam is refused unless ``replace``; one holding anything that is not
    a Quizzer exam is always refused. Raises ExamFolderError (one line).
    """
    folder = Path(folder)
    _check_place(folder)
    _recover(folder)
    replaced = _check_existing(folder, run, replace=replace)
    temp = folder.with_name(f".{folder.name}.{_TEMP}-{os.getpid()}")
    where = folder
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        if temp.exists():
            shutil.rmtree(temp)
        temp.mkdir()
        for name, text in [*files.items(), (MANIFEST, manifest(run, files))]:
            where = folder / name  # named as it will be: the temporary folder is ours alone
            _write(temp / name, _bytes(text))
        where = folder
        fsync_dir(temp)
        _swap(temp, folder)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise ExamFolderError(
            f"cannot write {where}: {os_reason(exc)}; {folder} was left as it was"
        ) from None
    return Written(folder, (*files, MANIFEST), replaced)


def _bytes(content: str | bytes) -> bytes:
    """A file's bytes: text made inert (see ``for_file``) and UTF-8; a package as it is."""
    return content if isinstance(content, bytes) else for_file(content).encode("utf-8")


def _write(target: Path, data: bytes) -> None:
    # Names may hold one folder (the Markdown's maps/). Bytes, so CSV's CRLF stays exact.
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _swap(temp: Path, folder: Path) -> None:
    """Put ``temp`` in place of ``folder``: an empty or missing folder is replaced by one
    rename; a full one is renamed aside first and removed once the new one stands."""
    try:
        os.rename(temp, folder)  # atomic; replaces a missing or empty folder
    except OSError as exc:
        if not folder.is_dir() or exc.errno not in _NOT_EMPTY:
            raise
        old = folder.with_name(f".{folder.name}.{_OLD}-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        os.rename(folder, old)
        try:
            os.rename(temp, folder)
        except OSError:
            os.rename(old, folder)  # put the old exam back as it was
            raise
        fsync_dir(folder.parent)
        shutil.rmtree(old, ignore_errors=True)
    fsync_dir(folder.parent)


_NOT_EMPTY = {errno.ENOTEMPTY, errno.EEXIST}  # POSIX allows either for a full folder


def _check_place(folder: Path) -> None:
    for place in (folder, *folder.parents):
        if place.exists() or place.is_symlink():
            if not place.is_dir():
                what = "it is" if place == folder else f"{place} is"
                raise ExamFolderError(
                    f"cannot write to {folder}: {what} a file, not a folder "
                    "(-o names the folder for the exam files)"
                )
            break
    resolved, here = folder.resolve(), Path.cwd().resolve()
    if resolved == here or resolved in here.parents or resolved.parent == resolved:
        raise ExamFolderError(
            f"cannot write the exam as {folder}: the exam is written as a "
            "folder of its own that replaces the previous one whole; name "
            "a folder for it (e.g. -o exam)"
        )


def _recover(folder: Path) -> None:
    """Tidy what a killed run left beside ``folder``: its temporary folder (a half-written
    exam, removed) and, when it was killed between its two renames, the previous exam
    renamed aside (put back, so the folder is whole again)."""
    parent = folder.parent
    if not parent.is_dir():
        return
    prefix = f".{folder.name}."
    for entry in sorted(parent.iterdir()):
        name = entry.name
        if not name.startswith(prefix):
            continue
        kind, _, pid = name[len(prefix) :].rpartition("-")
        if kind not in (_TEMP, _OLD) or not pid.isdigit() or pid_alive(int(pid)):
            continue
        if kind == _OLD and not folder.exists():
            os.rename(entry, folder)
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _check_existing(folder: Path, run: Mapping[str, Any], *, replace: bool) -> bool:
    """Whether ``folder`` holds another exam that will be replaced; ExamFolderError if it
    holds one it must not replace, or anything that is not a Quizzer exam."""
    if not folder.exists():
        return False
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    if not names:
        return False
    old = _read_manifest(folder / MANIFEST)
    if old is None:
        foreign = [name for name in names if not _OUR_NAMES.fullmatch(name.replace(os.sep, "/"))]
        if foreign:
            raise ExamFolderError(
                f"{folder} holds files that are not a Quizzer exam (e.g. {foreign[0]}); an "
                "exam gets a folder of its own: choose a new or empty folder with -o"
            )
        what = "an exam written by an earlier Quizzer (no manifest)"
    else:
        listed = set(old.get("files", {})) | {MANIFEST}
        extra = [name for name in names if name not in listed and not (folder / name).is_dir()]
        if extra:
            raise ExamFolderError(
                f"{folder} holds files that are not part of its exam (e.g. {extra[0]}); an "
                "exam gets a folder of its own: move them, or choose another folder with -o"
            )
        if old.get("run") == dict(run):
            return False  # the same run again: the same files, replaced whole
        changed = [_WORDS.get(key, key) for key in run if old.get("run", {}).get(key) != run[key]]
        what = f"another exam (it differs in {', '.join(changed) or 'how it was made'})"
    if not replace:
        raise ExamFolderError(
            f"{folder} holds {what}; pass --replace to replace it whole "
            "(its papers and keys go), or choose another folder with -o"
        )
    return True


_WORDS = {
    "count": "the number of questions",
    "deck_files": "the decks' contents",
    "quizzer": "the Quizzer version",
    "decks": "the decks chosen",
}


def _read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("made_by") != MADE_BY:
        return None
    return data
