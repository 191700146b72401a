"""Small file-system helpers shared by every writer: why a write failed, durable renames, leftovers."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from pathlib import Path

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in words that name the real cause.

    A full disk (or quota) and the file-size limit (``ulimit -f``) are said as such, not
    left to whichever library met them first.
    """
    if exc.errno in _FULL:
        return "the disk is full"
    if exc.errno == errno.EFBIG:
        return "the file is larger than this process may write (file size limit, ulimit -f)"
    return exc.strerror or str(exc)


def is_disk_full(text: str) -> bool:
    """True when an error text (SQLite's, say) means the disk or the size limit is reached."""
    lowered = text.lower()
    return (
        "disk is full" in lowered
        or "no space left" in lowered
        or "file too large" in lowered
        or "disk quota" in lowered
    )


class FileProblem(Exception):
    """A file that cannot be read as asked; the message says why, in one line."""


def read_regular_file(path: Path, limit: int, *, what: str) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Anything else is refused (FileProblem, ending with ``what``) before a byte is read: a
    FIFO would block for ever, a device such as /dev/zero never ends. The file is opened
    without blocking (a FIFO with no writer would hang the open itself), checked on the
    open file (not the name, which could be swapped in between), and read only up to the
    limit, in case it grows meanwhile.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileProblem(f"cannot read file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(f"not a regular file ({_file_kind(info.st_mode)}): {what}")
        if info.st_size > limit:
            raise FileProblem(f"file is too large ({info.st_size} bytes; the limit is {limit} bytes)")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise FileProblem(f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise FileProblem(f"file is too large (over {limit} bytes, still growing while read)")
    return raw


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    )
    return next((kind for test, kind in kinds if test(mode)), "not a plain file")


def write_problem(exc: BaseException, folder: Path) -> str:
    """Why writing into ``folder`` failed, for any error a writer can meet (an OSError, a
    library's own error): a full disk and the file size limit are named as such."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return os_reason(exc)
    text = " ".join(str(exc).split()) or type(exc).__name__
    if is_disk_full(text) or nearly_full(folder):
        return "the disk is full"
    if "I/O error" in text and size_limited():
        return "the file is larger than this process may write (file size limit, ulimit -f)"
    return text


def size_limited() -> bool:
    """Whether this process may only write files up to a size (``ulimit -f``)."""
    try:
        import resource
    except ImportError:  # not on this system
        return False
    soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    return soft != resource.RLIM_INFINITY


def nearly_full(folder: Path, *, margin: int = 1 << 20) -> bool:
    """Whether the disk holding ``folder`` has less than ``margin`` bytes (or no inodes)
    left: how a vague "I/O error" from a library is told to be a full disk."""
    try:
        info = os.statvfs(folder) if hasattr(os, "statvfs") else None
        free = shutil.disk_usage(folder).free
    except OSError:
        return False
    return free < margin or (info is not None and info.f_files > 0 and info.f_favail == 0)


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (a no-op where folders cannot be
    opened, as on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs (on this machine); our own counts as alive."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except OSError:
        return False
    return True
