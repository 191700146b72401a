"""Run commands on a real full disk: a tiny tmpfs mounted in a private user and mount namespace.

``unshare --user --map-root-user --mount`` needs no privileges on Linux kernels that allow
unprivileged user namespaces (the default almost everywhere); where it is missing, tests
that need it are skipped. The mount lives only as long as the namespace, so everything a
test wants to look at afterwards is copied out before the namespace ends.
"""

from __future__ import annotations

import functools
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest


@functools.cache
def available() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            "mount -t tmpfs -o size=64k none /mnt 2>/dev/null || mount -t tmpfs -o size=64k none /tmp",
        ],
        capture_output=True,
        timeout=30,
        check=False,
    )
    return probe.returncode == 0


def needs_small_disk() -> pytest.MarkDecorator:
    """Skip the test where a small disk cannot be mounted."""
    return pytest.mark.skipif(not available(), reason="cannot mount a tmpfs (no user namespaces)")


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str


def on_small_disk(
    work: Path,
    *,
    kib: int,
    commands: Sequence[Sequence[str]],
    before: Path | None = None,
    fill_to_kib: int | None = None,
    env: dict[str, str] | None = None,
    inputs: Sequence[str] = (),
    read_only: Sequence[str] = (),
) -> tuple[list[Ran], Path]:
    """Run ``commands`` one after the other with ``work/disk`` a tmpfs of ``kib`` KiB.

    ``before`` is copied onto the disk first; ``fill_to_kib`` then fills it with a file
    until only that much is free; each folder of ``read_only`` (relative to the disk)
    becomes an empty read-only file system. Each command runs in ``work/disk``, with ``inputs[i]``
    (if given) as its standard input. Returns each command's result and ``work/after``,
    a copy of the disk once they are done.
    """
    disk, after = work / "disk", work / "after"
    disk.mkdir(parents=True, exist_ok=True)
    lines = [
        f"mount -t tmpfs -o size={kib}k none {shlex.quote(str(disk))} || exit 97",
        f"cd {shlex.quote(str(disk))}",
    ]
    if before is not None:
        lines.append(f"cp -a {shlex.quote(str(before))}/. .")
    for folder in read_only:
        lines.append(
            f"mkdir -p {shlex.quote(folder)} && "
            f"mount -t tmpfs -o ro,size=64k none {shlex.quote(folder)} || exit 97"
        )
    if fill_to_kib is not None:
        free = f"$(( $(df -k . | awk 'NR==2 {{print $4}}') - {fill_to_kib} ))"
        lines.append(f"dd if=/dev/zero of=.filler bs=1k count={free} 2>/dev/null")
    for i, command in enumerate(commands):
        out, err, given = work / f"out-{i}.txt", work / f"err-{i}.txt", work / f"in-{i}.txt"
        given.write_text(inputs[i] if i < len(inputs) else "", encoding="utf-8")
        lines.append(
            f"{shlex.join(command)} >{shlex.quote(str(out))} "
            f"2>{shlex.quote(str(err))} <{shlex.quote(str(given))}; "
            f"echo $? >{shlex.quote(str(out))}.rc"
        )
    lines.append(f"rm -f .filler; mkdir -p {shlex.quote(str(after))}; cp -a . {shlex.quote(str(after))}/")
    proc = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", "\n".join(lines)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    assert proc.returncode != 97, proc.stderr
    results = []
    for i in range(len(commands)):
        out = work / f"out-{i}.txt"
        code = int((work / f"out-{i}.txt.rc").read_text().strip())
        results.append(
            Ran(
                code,
                out.read_text(encoding="utf-8", errors="replace"),
                (work / f"err-{i}.txt").read_text(encoding="utf-8", errors="replace"),
            )
        )
    return results, after
