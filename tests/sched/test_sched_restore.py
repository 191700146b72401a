"""Restores that can only help, and a daily check that catches what quick_check misses."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizzer.cli import cli
from quizzer.commands import study as study_command
from quizzer.progress import CardState, Mode, Rating, Review, Status
from quizzer.store import (
    APPLICATION_ID,
    BACKUP_DIR,
    STORE_NAME,
    StoreError,
    check_backup,
    list_backups,
    open_store,
)
from tests import smalldisk

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
MINI = str(Path(__file__).parent.parent / "data" / "mini.yaml")

# Command plumbing: the bundled decks' content does not matter, eight stand in for the atlas.
pytestmark = pytest.mark.usefixtures("eight_bundled")


def _run(home: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(home), *args], input=input)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def _store_with(home: Path, answers: int) -> None:
    store = open_store(home)
    for i in range(answers):
        card = CardState.new(f"deck/m/f/item-{i}/basic", "deck", f"deck/m/f/item-{i}", T0)
        store.record(
            Review(card.qid, Rating.GOOD, T0, 1, Mode.STUDY, Status.NEW),
            card,
            replace(card, status=Status.LEARNING, step=1, introduced=T0),
        )
    store.close()


def _reviews(home: Path) -> int:
    store = open_store(home)
    try:
        return store.review_count()
    finally:
        store.close()


def _plant(home: Path, name: str, data: bytes) -> Path:
    folder = home / BACKUP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def _store_bytes(answers: int, tmp: Path) -> bytes:
    _store_with(tmp, answers)
    store = open_store(tmp)
    copy = store.save_copy(tmp / "copies", "copy")
    store.close()
    return copy.read_bytes()


def _index_damaged(data: bytes, tmp: Path) -> bytes:
    """The store with an index that disagrees with its table: quick_check passes it."""
    path = tmp / "damaged.sqlite3"
    path.write_bytes(data)
    conn = sqlite3.connect(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'cards_introduced'").fetchone()[0]
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'cards_introduced'", (sql + " WHERE 0",))
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)  # the index now indexes nothing new: rows change under it
    conn.execute("UPDATE cards SET introduced = introduced + 1")
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'cards_introduced'", (sql,))
    conn.commit()
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    conn.close()
    return path.read_bytes()


def _foreign() -> bytes:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE notes (x)")
    conn.execute("INSERT INTO notes VALUES (1)")
    return conn.serialize()


def _newer(tmp: Path) -> bytes:
    data = _store_bytes(2, tmp / "newer")
    path = tmp / "newer.sqlite3"
    path.write_bytes(data)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    return path.read_bytes()


def _empty_store(tmp: Path) -> bytes:
    open_store(tmp / "fresh").close()
    store = open_store(tmp / "fresh")
    copy = store.save_copy(tmp / "fresh-copy", "copy")
    store.close()
    return copy.read_bytes()


BAD_BACKUPS: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "empty file": (lambda tmp: b"", "it is empty (0 bytes)"),
    "store without progress": (_empty_store, "it holds no progress (no cards, no reviews)"),
    "not SQLite": (lambda tmp: b"my shopping list\n" * 100, "not an SQLite file"),
    "another program's SQLite": (lambda tmp: _foreign(), "it is not a Quizzer progress store"),
    "a newer Quizzer's store": (_newer, "it was written by a newer Quizzer (schema 99)"),
    "index disagreeing with its table": (
        lambda tmp: _index_damaged(_store_bytes(3, tmp / "src"), tmp),
        "integrity check: row 1 missing from index cards_introduced",
    ),
    "scribbled pages": (
        lambda tmp: (lambda d: d[:8192] + b"\x07" * 4096 + d[12288:])(_store_bytes(60, tmp / "s")),
        "cannot be restored: ",
    ),
}


@pytest.mark.parametrize("name", BAD_BACKUPS)
def test_a_bad_backup_is_refused_before_anything_changes(tmp_path: Path, name: str) -> None:
    make, message = BAD_BACKUPS[name]
    home = tmp_path / "home"
    _store_with(home, 4)
    backup = _plant(home, "progress-2026-01-01.sqlite3", make(tmp_path))
    store_before = (home / STORE_NAME).read_bytes()
    backups_before = sorted(p.name for p in (home / BACKUP_DIR).iterdir())
    code, out, err = _run(home, "backup", "restore", "progress-2026-01-01")
    assert code == 1, out
    assert err.startswith(f"quizzer: {backup} cannot be restored: ") and message in err, err
    assert err.endswith("; nothing was changed\n") and err.count("\n") == 1
    assert _reviews(home) == 4
    assert (home / STORE_NAME).read_bytes() == store_before
    assert sorted(p.name for p in (home / BACKUP_DIR).iterdir()) == backups_before


def test_a_good_backup_replaces_the_progress_and_keeps_the_old_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _store_with(home, 2)
    _plant(home, "progress-2026-01-01.sqlite3", _store_bytes(5, tmp_path / "other"))
    code, out, err = _run(home, "backup", "restore", "2026-01-01")
    assert code == 0, err
    assert "restored progress-2026-01-01.sqlite3 (5 cards, 5 reviews)" in out
    assert _reviews(home) == 5
    safety = [p for p in (home / BACKUP_DIR).iterdir() if "before-restore" in p.name]
    assert len(safety) == 1 and check_backup(safety[0]).reviews == 2
    assert not list((home / BACKUP_DIR).glob("*.partial*"))
    store = open_store(home)  # the restored store opens, migrated and whole
    assert store.integrity() == "ok"
    store.close()


def test_two_restores_in_the_same_second_keep_both_safety_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    _store_with(home, 3)
    _plant(home, "progress-2026-01-01.sqlite3", _store_bytes(5, tmp_path / "five"))
    _plant(home, "progress-2026-01-02.sqlite3", _store_bytes(7, tmp_path / "seven"))
    monkeypatch.setattr(study_command, "_clock", lambda: T0)  # one second for both
    assert _run(home, "backup", "restore", "2026-01-01")[0] == 0
    assert _run(home, "backup", "restore", "2026-01-02")[0] == 0
    assert _reviews(home) == 7
    first = home / BACKUP_DIR / "progress-2026-01-05-120000-before-restore.sqlite3"
    second = home / BACKUP_DIR / "progress-2026-01-05-120000-before-restore-2.sqlite3"
    assert check_backup(first).reviews == 3  # the progress before the first restore survives
    assert check_backup(second).reviews == 5


def test_the_daily_check_catches_index_damage_that_quick_check_misses(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _store_with(home, 3)
    good = _plant(home, "progress-2026-01-04.sqlite3", (home / STORE_NAME).read_bytes())
    os.utime(good, (T0.timestamp() - 86400, T0.timestamp() - 86400))
    # Checkpoint, then damage the live store's index the way a faulty disk or tool would.
    conn = sqlite3.connect(home / STORE_NAME)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    damaged = _index_damaged((home / STORE_NAME).read_bytes(), tmp_path)
    (home / STORE_NAME).write_bytes(damaged)
    store = open_store(home)
    try:
        with pytest.raises(
            StoreError,
            match=r"is damaged \(integrity check: row 1 missing "
            "from index cards_introduced",
        ):
            store.backup_daily(date(2026, 1, 5))
    finally:
        store.close()
    assert [p.name for p in list_backups(home)] == ["progress-2026-01-04.sqlite3"]
    assert good.read_bytes() != damaged and check_backup(good).reviews == 3
    assert not list((home / BACKUP_DIR).glob("*.partial*"))
    code, _, err = _run(home, "study", MINI, "--plain", input="q\n")
    assert code == 1 and "is damaged (integrity check: row 1 missing from index" in err


def test_seven_good_backups_are_never_pushed_out_by_a_damaged_store(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _store_with(home, 2)
    store = open_store(home)
    for day in range(1, 8):
        store.backup_daily(date(2026, 1, day))
    store.close()
    kept = [p.name for p in list_backups(home)]
    assert len(kept) == 7
    conn = sqlite3.connect(home / STORE_NAME)
    conn.execute("UPDATE cards SET stability = 'NaN', status = 2 WHERE id = 1")
    conn.commit()
    conn.close()
    store = open_store(home)
    try:
        with pytest.raises(StoreError, match=r"card 1: stability is \"NaN\"; expected a number"):
            store.backup_daily(date(2026, 1, 8))
    finally:
        store.close()
    assert [p.name for p in list_backups(home)] == kept


def test_an_unwritable_backups_folder_does_not_stop_studying(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / BACKUP_DIR).write_text("a file where the folder should be", encoding="utf-8")
    code, out, err = _run(home, "study", MINI, "--plain", "--seed", "1", input="\n3\na\nq\n")
    assert code == 0, err
    assert err.startswith(
        f"quizzer: warning: today's backup was not made: cannot write "
        f"{home / BACKUP_DIR} (it is a file, not a folder)"
    )
    assert err.endswith("studying goes on and every answer is still saved\n")
    assert out.count("saved: ") == 2 and _reviews(home) == 2
    assert (home / BACKUP_DIR).read_text(encoding="utf-8") == "a file where the folder should be"


def test_leftovers_of_killed_backups_are_removed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _store_with(home, 2)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    pid = int(dead.stdout)
    folder = home / BACKUP_DIR
    folder.mkdir()
    stale = [
        folder / f"progress-2026-01-04.sqlite3.{pid}.partial",
        folder / f"progress-2026-01-04.sqlite3.{pid}.partial-journal",
    ]
    for path in stale:
        path.write_bytes(b"\0" * 4096)
    running = folder / f"progress-2026-01-05.sqlite3.{os.getppid()}.partial"  # a live process
    running.write_bytes(b"")
    store = open_store(home)
    try:
        assert store.backup_daily(date(2026, 1, 5)) is not None
    finally:
        store.close()
    assert not any(path.exists() for path in stale)
    assert running.exists()


@smalldisk.needs_small_disk()
def test_a_full_disk_keeps_every_acknowledged_answer_and_says_so(tmp_path: Path) -> None:
    before = tmp_path / "before"
    _store_with(before / "home", 400)  # a store larger than the space left: no backup fits
    env = {**os.environ, "QUIZZER_HOME": "home"}
    results, after = smalldisk.on_small_disk(
        tmp_path / "small",
        kib=2048,
        before=before,
        fill_to_kib=140,
        env=env,
        commands=[[sys.executable, "-m", "quizzer", "study", MINI, "--plain", "--seed", "1"]],
        inputs=["\n3\na\n" * 60],
    )
    (ran,) = results
    assert ran.code == 1, ran
    lines = ran.stderr.splitlines()
    assert lines[0].startswith(
        "quizzer: warning: today's backup was not made: cannot write home/backups (the disk is full)"
    )
    assert lines[-1].startswith("quizzer: home/progress.sqlite3: cannot write: the disk is full")
    assert "no transaction is active" not in ran.stderr and "Traceback" not in ran.stderr
    acknowledged = sum(1 for line in ran.stdout.splitlines() if line.startswith("saved: "))
    assert acknowledged >= 1
    assert _reviews(after / "home") == 400 + acknowledged
    assert not list((after / "home").rglob("*.partial*"))


def test_a_store_copy_is_one_self_contained_file(tmp_path: Path) -> None:
    _store_with(tmp_path / "home", 2)
    store = open_store(tmp_path / "home")
    copy = store.backup_daily(date(2026, 1, 5))
    store.close()
    assert copy is not None and copy.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, no WAL
    shutil.copy(copy, tmp_path / "elsewhere.sqlite3")
    conn = sqlite3.connect(tmp_path / "elsewhere.sqlite3")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


@smalldisk.needs_small_disk()
def test_a_read_only_backups_folder_does_not_stop_studying(tmp_path: Path) -> None:
    results, after = smalldisk.on_small_disk(
        tmp_path / "small",
        kib=4096,
        read_only=["home/backups"],
        env={**os.environ, "QUIZZER_HOME": "home"},
        commands=[[sys.executable, "-m", "quizzer", "study", MINI, "--plain", "--seed", "1"]],
        inputs=["\n3\na\nq\n"],
    )
    (ran,) = results
    assert ran.code == 0, ran
    assert ran.stderr == (
        "quizzer: warning: today's backup was not made: cannot write "
        "home/backups (Read-only file system); studying goes on and every "
        "answer is still saved\n"
    )
    assert ran.stdout.count("saved: ") == 2
    assert _reviews(after / "home") == 2
