"""`quizzer stats` reads a progress store that the user may not write."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizzer.store import STORE_NAME

MINI = str(Path(__file__).parent.parent / "data" / "mini.yaml")


def _reader() -> list[str]:
    """A command prefix that runs a program unable to write files it may only read.

    Root writes anything, so as root the program runs without the capabilities that let it
    ignore permissions (util-linux ``setpriv``).
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a store read-only")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner"]


@pytest.fixture
def read_only_home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "home"
    answered = subprocess.run(
        [sys.executable, "-m", "quizzer", "--data-dir", str(home), "study", MINI, "--plain", "--seed", "0"],
        input="\n3\nq\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert answered.returncode == 0, answered.stderr
    modes = {path: path.stat().st_mode for path in (home, home / STORE_NAME)}
    (home / STORE_NAME).chmod(0o444)
    home.chmod(0o555)
    try:
        yield home
    finally:
        for path, mode in modes.items():
            path.chmod(stat.S_IMODE(mode))


def test_stats_reads_a_store_the_user_may_not_write(read_only_home: Path) -> None:
    store = read_only_home / STORE_NAME
    before = store.read_bytes()
    result = subprocess.run(
        [
            *_reader(),
            sys.executable,
            "-m",
            "quizzer",
            "--data-dir",
            str(read_only_home),
            "stats",
            MINI,
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total_reviews"] == 1 and data["states"]["learning"] == 1
    assert store.read_bytes() == before
    # Nothing new beside the store (``cache``: the question bank the study run kept).
    assert sorted(p.name for p in read_only_home.iterdir()) == ["backups", "cache", STORE_NAME]


def test_studying_a_store_the_user_may_not_write_is_one_line(read_only_home: Path) -> None:
    result = subprocess.run(
        [
            *_reader(),
            sys.executable,
            "-m",
            "quizzer",
            "--data-dir",
            str(read_only_home),
            "study",
            MINI,
            "--plain",
        ],
        input="3\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("quizzer: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
