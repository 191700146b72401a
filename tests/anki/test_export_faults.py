"""An Anki export that cannot finish says why in one line and leaves nothing behind."""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests import smalldisk

MINI = Path(__file__).resolve().parents[1] / "data" / "mini.yaml"
HIP = Path(__file__).resolve().parents[2] / "decks" / "hip"


def _export(
    out: Path,
    *,
    env: dict[str, str] | None = None,
    limit: int | None = None,
) -> subprocess.CompletedProcess[str]:
    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    # The mini deck: what is written and left behind does not depend on the decks' size
    # (the killed-export test below exports every bundled deck, for a long write).
    return subprocess.run(
        [sys.executable, "-m", "quizzer", "export", "anki", str(MINI), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limited,
        env={**os.environ, **(env or {})},
        check=False,
    )


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


def test_the_file_size_limit_is_named_and_nothing_is_left(tmp_path: Path) -> None:
    out = tmp_path / "class.apkg"
    out.write_bytes(b"the export of last week")
    done = _export(out, limit=16 * 1024)  # the mini deck's package is about 55 KiB
    assert done.returncode == 1, done.stdout
    assert done.stderr == (
        f"quizzer: {out}: cannot write: the file is larger than this process "
        "may write (file size limit, ulimit -f); nothing was written (a file "
        "already there is unchanged)\n"
    )
    assert out.read_bytes() == b"the export of last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.apkg"]


def test_no_temporary_file_is_left_anywhere(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    (tmp_path / "out").mkdir()
    done = _export(tmp_path / "out" / "class.apkg", env={"TMPDIR": str(temp)})
    assert done.returncode == 0, done.stderr
    # genanki leaves its uncompressed database in the temporary folder; not ours.
    assert list(temp.iterdir()) == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["class.apkg"]


def test_what_a_killed_export_left_is_removed_by_the_next(tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getppid()
    stale = tmp_path / f".class.apkg.{dead}.quizzer-export"
    (stale / "media").mkdir(parents=True)
    (stale / "stored.apkg").write_bytes(b"\0" * 100_000)
    busy = tmp_path / f".class.apkg.{alive}.quizzer-export"  # another export, still running
    busy.mkdir()
    done = _export(tmp_path / "class.apkg")
    assert done.returncode == 0, done.stderr
    assert not stale.exists() and busy.exists()


@pytest.mark.slow
def test_killed_at_any_moment_an_export_leaves_a_whole_package_or_none(tmp_path: Path) -> None:
    out = tmp_path / "class.apkg"
    # One region of the bundled atlas (a few hundred notes and their maps): a write long
    # enough to be killed in, at about a quarter of the whole atlas's time.
    command = [sys.executable, "-m", "quizzer", "export", "anki", str(HIP), "-o", str(out)]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    one_run = time.monotonic() - started
    out.unlink()
    rng = random.Random(3)
    for _ in range(6):
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * one_run)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if out.exists():
            with zipfile.ZipFile(out) as package:
                assert package.testzip() is None
    subprocess.run(command, check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.apkg"]


@pytest.mark.slow  # a whole-bank pass of several seconds: CI runs it after the quick suite
@smalldisk.needs_small_disk()
def test_a_full_disk_is_named_and_nothing_is_left(tmp_path: Path) -> None:
    before = tmp_path / "before"
    before.mkdir()
    (before / "class.apkg").write_bytes(b"the export of last week")
    results, after = smalldisk.on_small_disk(
        tmp_path / "small",
        kib=512,
        before=before,
        commands=[[sys.executable, "-m", "quizzer", "export", "anki", "-o", "class.apkg"]],
        env={**os.environ, "QUIZZER_HOME": str(tmp_path / "home")},
    )
    (ran,) = results
    assert ran.code == 1, ran
    assert ran.stderr == (
        "quizzer: class.apkg: cannot write: the disk is full; nothing was "
        "written (a file already there is unchanged)\n"
    )
    assert sorted(p.name for p in after.iterdir()) == ["class.apkg"]
    assert (after / "class.apkg").read_bytes() == b"the export of last week"
