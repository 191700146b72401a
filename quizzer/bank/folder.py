"""The cache folder: private, and every file in it signed with a key of this install.

Files are data (see ``codec``), but data can still lie: a deck's questions served from a
crafted file would be wrong answers taught as right. So nothing is read from the folder
unless

- the folder is a directory of this user, private (``0700``: created so whatever the
  umask, and made so if an older Quizzer left it open to the group);
- the file is a regular file of this user (not a link, FIFO or device), starts with this
  format's magic bytes and carries a keyed BLAKE2b signature of its name and contents,
  made with the 32 random bytes in ``key`` (``0600``, created on first use).

Anything else (another user's file, a pickle from an older Quizzer, a truncated or damaged
file, a file signed with another key) reads as missing: the bank is rebuilt from the decks
and the file replaced. Writing is best effort (a temporary file renamed into place); a
folder that cannot be made private or written is simply not used.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from quizzer.bank.hashing import blake2b, compare_digest

MAGIC = b"QZBANK\x00\x02"
"""Starts every cache file; the last bytes are the format version."""

KEY_NAME = "key"
_KEY_SIZE = 32
_SIGNATURE_SIZE = 32
_STALE_TEMPORARY = 3600.0
"""Seconds after which a temporary file is a leftover of a writer that was killed."""
_MAX_FILE = 1 << 30
"""Cache files larger than this are not read (no bank comes near it)."""

_OWNER = os.getuid if hasattr(os, "getuid") else None


class Folder:
    """A private cache folder and its signing key; ``open`` gives None if it is unusable."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self._key = key

    @classmethod
    def open(cls, path: Path) -> Folder | None:
        try:
            if not _private_dir(path):
                return None
            key = _read_key(path / KEY_NAME) or _new_key(path / KEY_NAME)
        except OSError:
            return None
        return cls(path, key) if key else None

    def sub(self, name: str) -> Path | None:
        """A private sub-folder (created if missing), or None when it cannot be had."""
        path = self.path / name
        try:
            return path if _private_dir(path) else None
        except OSError:
            return None

    def read(self, path: Path) -> bytes | None:
        """The contents of a signed cache file, or None (missing, foreign or damaged)."""
        found = self.read_signed(path)
        return found[0] if found is not None else None

    def read_signed(self, path: Path) -> tuple[bytes, str] | None:
        """A signed cache file's contents and its signature (hex), or None."""
        data = _read_own_file(path)
        start = len(MAGIC) + _SIGNATURE_SIZE
        if data is None or len(data) < start or not data.startswith(MAGIC):
            return None
        signature = data[len(MAGIC) : start]
        body = memoryview(data)[start:]
        if not compare_digest(signature, self._sign(path.name, body)):
            return None
        return bytes(body), signature.hex()

    def write(self, path: Path, body: bytes) -> str | None:
        """Sign and save ``body`` as ``path`` (atomically); its signature (hex), or None
        if it could not be saved."""
        import tempfile

        try:
            handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        except OSError:
            return None
        signature = self._sign(path.name, body)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(MAGIC)
                file.write(signature)
                file.write(body)
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            return None
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return signature.hex()

    def _sign(self, name: str, body: bytes | memoryview) -> bytes:
        signer = blake2b(key=self._key, digest_size=_SIGNATURE_SIZE, person=b"quizzer-bank")
        signer.update(name.encode())
        signer.update(b"\0")
        signer.update(body)
        return signer.digest()


def _private_dir(path: Path) -> bool:
    """Make ``path`` a private directory of this user if it can be; whether it is one."""
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(path, 0o700)
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode):
        return False  # a link or a file where the folder should be: not ours to use
    if _OWNER is not None and info.st_uid != _OWNER():
        return False
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(path, 0o700)  # the umask, or an older Quizzer, left it open
    return True


def _read_own_file(path: Path) -> bytes | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_size > _MAX_FILE
            or (_OWNER is not None and info.st_uid != _OWNER())
        ):
            return None
        with os.fdopen(handle, "rb", closefd=False) as file:
            return file.read()
    except OSError:
        return None
    finally:
        os.close(handle)


def _read_key(path: Path) -> bytes | None:
    data = _read_own_file(path)
    if data is None or len(data) != _KEY_SIZE:
        return None
    try:
        if stat.S_IMODE(os.stat(path, follow_symlinks=False).st_mode) & 0o077:
            return None  # readable by others: anyone could sign with it
    except OSError:
        return None
    return data


def _new_key(path: Path) -> bytes | None:
    """A fresh key saved as ``path`` (replacing a bad one). When two Quizzers start
    together, the key saved first wins and both use it."""
    import secrets
    import tempfile

    try:
        handle, temporary = tempfile.mkstemp(prefix=KEY_NAME + ".", suffix=".tmp", dir=path.parent)
    except OSError:
        return None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(secrets.token_bytes(_KEY_SIZE))
        try:
            os.link(temporary, path)  # only if there is none yet
        except FileExistsError:
            if _read_key(path) is None:
                os.replace(temporary, path)  # a bad one (another owner, size or mode)
        except OSError:  # no hard links here
            if _read_key(path) is None:
                os.replace(temporary, path)
    except OSError:
        return None
    finally:
        Path(temporary).unlink(missing_ok=True)
    return _read_key(path)


def remove_leftovers(
    folder: Path, keep: set[str] | frozenset[str] = frozenset(), *, prefix: str = ""
) -> None:
    """Delete the files in ``folder`` starting with ``prefix`` that are not in ``keep``,
    except temporary files younger than an hour (another Quizzer may be writing them)."""
    import time

    cutoff = time.time() - _STALE_TEMPORARY
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name in keep or not name.startswith(prefix) or name == KEY_NAME:
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                continue
            if name.endswith(".tmp") and entry.stat(follow_symlinks=False).st_mtime >= cutoff:
                continue
            os.unlink(entry.path)
        except OSError:
            pass


def remove_tree(path: Path) -> None:
    """Delete a sub-folder of the cache (never following links); best effort."""
    import shutil

    try:
        if not path.is_symlink():
            shutil.rmtree(path)
    except OSError:
        pass
