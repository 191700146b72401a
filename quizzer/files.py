"""Small file-system helpers shared by every writer: why a write failed, durable renames, leftovers."""

from __future__ import annotations

import contextlib
import errno
import os
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
    return ("disk is full" in lowered or "no space left" in lowered or "file too large" in lowered
            or "disk quota" in lowered)


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

