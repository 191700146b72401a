"""The progress store: one SQLite file (WAL): card states, review log, settings; the only sqlite3 user."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from quizzer.progress import (
    CardState,
    Review,
    Settings,
    Status,
    settings_json,
    to_micros,
)

STORE_NAME = "progress.sqlite3"
BACKUP_DIR = "backups"
KEEP_BACKUPS = 7
APPLICATION_ID = 0x515A5A52  # "QZZR": marks the file as ours, so a foreign SQLite file is refused
_HEADER = b"SQLite format 3\x00"

# Each entry migrates from version i to i + 1; never edit one that has shipped, append.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE cards (
        id INTEGER PRIMARY KEY,
        qid TEXT NOT NULL UNIQUE,
        deck TEXT NOT NULL,
        fact TEXT NOT NULL,
        status INTEGER NOT NULL,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due INTEGER NOT NULL,
        last_review INTEGER,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        leech INTEGER NOT NULL DEFAULT 0,
        introduced INTEGER
    );
    CREATE INDEX cards_queue ON cards(status, due) WHERE suspended = 0;
    CREATE INDEX cards_introduced ON cards(introduced);
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        card_id INTEGER NOT NULL REFERENCES cards(id),
        time INTEGER NOT NULL,
        rating INTEGER NOT NULL,
        chosen TEXT,
        duration_ms INTEGER NOT NULL,
        mode TEXT NOT NULL,
        status_before INTEGER NOT NULL,
        before TEXT
    );
    CREATE INDEX reviews_time ON reviews(time);
    CREATE INDEX reviews_card ON reviews(card_id, time);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

_CARD_COLUMNS = ("id, qid, deck, fact, status, step, stability, difficulty, due, last_review, "
                 "reps, lapses, suspended, leech, introduced")


class StoreError(Exception):
    """A problem with the progress store, as one line naming the file."""


class StaleCard(StoreError):
    """An answer was computed from a card state that the store no longer holds."""


class UndoRefused(StoreError):
    """An undo that would disagree with the store; it changed nothing, so the session goes on."""


def data_dir(override: Path | None = None) -> Path:
    """Where progress lives: the override, else $QUIZZER_HOME, else the platform's user data folder."""
    if override is not None:
        return Path(override)
    env = os.environ.get("QUIZZER_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("quizzer", appauthor=False))


@dataclass(frozen=True)
class ReviewRow:
    """A review with the deck and fact of its card (for burying, limits and stats)."""

    review: Review
    deck: str
    fact: str


class Store:
    """An open progress store. Every write is its own committed transaction."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn

    # --- cards -----------------------------------------------------------------------
    def card(self, qid: str) -> CardState | None:
        row = self._one(f"SELECT {_CARD_COLUMNS} FROM cards WHERE qid = ?", (qid,))
        return None if row is None else CardState.from_row(row)

    def cards(self) -> Iterator[CardState]:
        """Every card row, including orphans whose question no longer exists."""
        for row in self._query(f"SELECT {_CARD_COLUMNS} FROM cards ORDER BY id", ()):
            yield CardState.from_row(row)

    def card_keys(self) -> dict[str, tuple[Status, bool, int]]:
        """qid → (status, suspended, due µs) for every card: cheap enough to load at session start."""
        rows = self._query("SELECT qid, status, suspended, due FROM cards", ())
        return {qid: (Status(status), bool(suspended), due) for qid, status, suspended, due in rows}

    def deck_ids(self) -> set[str]:
        """The decks that have progress in this store."""
        return {row[0] for row in self._query("SELECT DISTINCT deck FROM cards", ())}

    def due_cards(self, until: datetime, *, statuses: Iterable[Status], limit: int,
                  offset: int = 0) -> list[CardState]:
        """Unsuspended cards due before ``until`` in the given states, earliest first."""
        wanted = ",".join(str(int(s)) for s in statuses)
        rows = self._query(
            f"SELECT {_CARD_COLUMNS} FROM cards WHERE suspended = 0 AND due <= ? "
            f"AND status IN ({wanted}) ORDER BY due, id LIMIT ? OFFSET ?",
            (to_micros(until), limit, offset),
        )
        return [CardState.from_row(row) for row in rows]

    def set_suspended(self, qid: str, suspended: bool, *, new: CardState | None) -> CardState:
        """Set only a card's suspended flag and return its row as stored now.

        One statement under the write lock changes nothing but the flag, so an answer that
        another screen or Quizzer committed meanwhile is never written over. A card without
        a row gets ``new`` (its never-answered state); None means it must already have one
        (an orphan), else StoreError.
        """
        with self._transaction():
            if new is None:
                row = self._conn.execute(
                    f"UPDATE cards SET suspended = ? WHERE qid = ? RETURNING {_CARD_COLUMNS}",
                    (int(suspended), qid)).fetchone()
            else:
                row = self._conn.execute(
                    "INSERT INTO cards (qid, deck, fact, status, step, stability, difficulty, "
                    "due, last_review, reps, lapses, suspended, leech, introduced) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(qid) DO "
                    f"UPDATE SET suspended = excluded.suspended RETURNING {_CARD_COLUMNS}",
                    replace(new, suspended=suspended).to_row()[1:]).fetchone()
            if row is None:
                raise StoreError(f"{self.path}: {qid} is gone from the store; nothing was changed")
        return CardState.from_row(tuple(row))

    # --- reviews ---------------------------------------------------------------------
    def record(self, review: Review, before: CardState, after: CardState) -> tuple[CardState, Review]:
        """Commit one answer: the card's new state and its log row, in one transaction.

        ``before`` is the state the answer was computed from; if the card's row no longer
        holds exactly that (suspended from another screen, answered in another session),
        nothing is written and StaleCard is raised, so a newer change is never overwritten.
        Returns both with their store ids. When this returns the answer is on disk.
        """
        before_json = None if before.card_id == 0 else json.dumps(list(before.to_row()))
        with self._transaction():
            # Checked under the write lock (BEGIN IMMEDIATE), so nothing can change in between.
            row = self._conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE qid = ?",
                                     (before.qid,)).fetchone()
            expected = None if before.card_id == 0 else before.to_row()
            if (None if row is None else tuple(row)) != expected:
                raise StaleCard(f"{self.path}: {before.qid} was changed since it was shown "
                                "(in another screen or Quizzer); this answer was not saved")
            card_id = self._upsert(after)
            cursor = self._conn.execute(
                "INSERT INTO reviews (card_id, time, rating, chosen, duration_ms, mode, "
                "status_before, before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, to_micros(review.time), int(review.rating),
                 None if review.chosen is None else json.dumps(list(review.chosen)),
                 review.duration_ms, str(review.mode), int(review.status_before), before_json),
            )
            review_id = int(cursor.lastrowid or 0)
        return replace(after, card_id=card_id), replace(review, id=review_id)

    def undo(self, review_id: int, *, written: CardState) -> CardState | None:
        """Delete one review and put its card back exactly as it was (None: it was new, row gone).

        ``written`` is the card state that review saved. Only the card's latest review can be
        undone, and only while the card still holds that state: otherwise the restored state
        would disagree with the log (or drop a later suspension), so UndoRefused is raised.
        """
        with self._transaction():
            row = self._conn.execute(
                "SELECT card_id, before FROM reviews WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                raise UndoRefused(f"{self.path}: review {review_id} is not in the store")
            card_id, before = row
            latest = self._conn.execute("SELECT max(id) FROM reviews WHERE card_id = ?",
                                        (card_id,)).fetchone()[0]
            current = self._conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE id = ?",
                                         (card_id,)).fetchone()
            if latest != review_id or current is None or tuple(current) != written.to_row():
                raise UndoRefused("that answer can no longer be undone: the card was changed since")
            self._conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            if before is None:
                self._conn.execute("DELETE FROM cards WHERE id = ?", (card_id,))
                return None
            card = CardState.from_row(tuple(json.loads(before)))
            self._upsert(card)
            return card

    def history(self, qid: str) -> list[Review]:
        rows = self._query(
            "SELECT r.id, c.qid, r.rating, r.time, r.duration_ms, r.mode, r.status_before, r.chosen "
            "FROM reviews r JOIN cards c ON c.id = r.card_id WHERE c.qid = ? ORDER BY r.time, r.id",
            (qid,),
        )
        return [Review.from_row(row) for row in rows]

    def reviews_since(self, since: datetime) -> list[ReviewRow]:
        rows = self._query(
            "SELECT r.id, c.qid, r.rating, r.time, r.duration_ms, r.mode, r.status_before, r.chosen, "
            "c.deck, c.fact FROM reviews r JOIN cards c ON c.id = r.card_id "
            "WHERE r.time >= ? ORDER BY r.time, r.id",
            (to_micros(since),),
        )
        return [ReviewRow(Review.from_row(row[:8]), row[8], row[9]) for row in rows]

    def review_days(self, start: datetime, decks: Iterable[str]) -> dict[int, tuple[int, int, int]]:
        """Per day since ``start`` (0 = start's day): (answers, review-state answers, of those Again)."""
        wanted = sorted(set(decks))
        marks = ",".join("?" * len(wanted))
        rows = self._query(
            f"SELECT (r.time - ?) / 86400000000 AS day, count(*), sum(r.status_before = 2), "
            f"sum(r.status_before = 2 AND r.rating = 1) FROM reviews r "
            f"JOIN cards c ON c.id = r.card_id WHERE r.time >= ? AND c.deck IN ({marks}) "
            f"GROUP BY day",
            (to_micros(start), to_micros(start), *wanted),
        )
        return {int(day): (int(n), int(graded or 0), int(again or 0)) for day, n, graded, again in rows}

    def leeches(self) -> list[tuple[str, int, bool]]:
        """(qid, lapses, suspended) of every card flagged as a leech."""
        rows = self._query("SELECT qid, lapses, suspended FROM cards WHERE leech = 1 ORDER BY qid", ())
        return [(qid, int(lapses), bool(suspended)) for qid, lapses, suspended in rows]

    def review_count(self) -> int:
        row = self._one("SELECT count(*) FROM reviews", ())
        return int(row[0]) if row else 0

    # --- settings --------------------------------------------------------------------
    def load_settings(self) -> Settings:
        rows = self._query("SELECT key, value FROM settings", ())
        return Settings.from_dict({key: json.loads(value) for key, value in rows})

    def save_settings(self, settings: Settings) -> None:
        with self._transaction():
            self._conn.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                sorted(settings_json(settings).items()),
            )

    # --- maintenance -----------------------------------------------------------------
    def integrity(self) -> str:
        row = self._one("PRAGMA integrity_check", ())
        return str(row[0]) if row else "no answer"

    def backup_daily(self, today: date) -> Path | None:
        """Copy the store to backups/ once a day, keeping the last seven; the new file or None."""
        folder = self.path.parent / BACKUP_DIR
        target = folder / f"progress-{today.isoformat()}.sqlite3"
        if target.exists():
            return None
        # Checked once a day, before rotating, so a damaged store never pushes out good backups.
        row = self._one("PRAGMA quick_check", ())
        if row is None or row[0] != "ok":
            raise StoreError(f"{self.path} is damaged ({row[0] if row else 'no answer'}); it was "
                             "left untouched; restore a backup (quizzer backup restore) or rerun "
                             "with --move-aside to start afresh")
        self.backup_to(target)
        for old in list_backups(self.path.parent)[KEEP_BACKUPS:]:
            old.unlink(missing_ok=True)
        return target

    def backup_to(self, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Per process: two Quizzers starting at once may both make the day's backup.
        partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
        dest = sqlite3.connect(partial)
        try:
            self._guard(lambda: self._conn.backup(dest))
        finally:
            dest.close()
        os.replace(partial, target)  # a backup is either whole or absent

    def restore_from(self, source: Path) -> None:
        """Replace this store's contents with a backup's (checked first)."""
        check = open_store_file(source, timeout=1.0)
        try:
            self._guard(lambda: check._conn.backup(self._conn))
        finally:
            check.close()

    def close(self) -> None:
        self._conn.close()

    # --- internals -------------------------------------------------------------------
    def _upsert(self, card: CardState) -> int:
        values = card.to_row()[1:]
        if card.card_id:
            self._conn.execute(
                "UPDATE cards SET qid=?, deck=?, fact=?, status=?, step=?, stability=?, "
                "difficulty=?, due=?, last_review=?, reps=?, lapses=?, suspended=?, leech=?, "
                "introduced=? WHERE id=?",
                (*values, card.card_id),
            )
            return card.card_id
        cursor = self._conn.execute(
            "INSERT INTO cards (qid, deck, fact, status, step, stability, difficulty, due, "
            "last_review, reps, lapses, suspended, leech, introduced) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(qid) DO UPDATE SET status=excluded.status, step=excluded.step, "
            "stability=excluded.stability, difficulty=excluded.difficulty, due=excluded.due, "
            "last_review=excluded.last_review, reps=excluded.reps, lapses=excluded.lapses, "
            "suspended=excluded.suspended, leech=excluded.leech, introduced=excluded.introduced "
            "RETURNING id",
            values,
        )
        return int(cursor.fetchone()[0])

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # BEGIN IMMEDIATE takes the write lock up front, so a second process waits (busy
        # timeout) instead of failing half-way through.
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from None
        try:
            yield
        except sqlite3.Error as exc:
            # Any database error in the body (a constraint, a full disk, an I/O error) undoes
            # the whole write and reaches the front ends as one line, never a traceback.
            self._rollback()
            raise _store_error(self.path, exc) from None
        except BaseException:
            self._rollback()
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise _store_error(self.path, exc) from None

    def _rollback(self) -> None:
        # SQLite ends the transaction itself after some errors (a full disk, I/O); then a
        # ROLLBACK would fail and hide the error that matters.
        if self._conn.in_transaction:
            with suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self._guard(lambda: self._conn.execute(sql, params).fetchall())
        return rows

    def _one(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        rows = self._query(sql, params)
        return rows[0] if rows else None

    def _guard(self, call: Any) -> Any:
        try:
            return call()
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from None


def open_store(folder: Path, *, move_aside: bool = False, now: datetime | None = None,
               timeout: float = 5.0) -> Store:
    """Open (creating or migrating) the store in ``folder``.

    A file that is not a Quizzer store is left untouched and reported; with ``move_aside``
    (and ``now`` for the name) it is renamed to ``progress.sqlite3.corrupt-<time>`` first.
    """
    path = folder / STORE_NAME
    try:
        return open_store_file(path, timeout=timeout)
    except StoreError as exc:
        if not move_aside or "in use" in str(exc) or "newer" in str(exc):
            raise
        stamp = (now or datetime.fromtimestamp(path.stat().st_mtime)).strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = path.with_name(path.name + suffix)
            if part.exists():
                os.replace(part, aside.with_name(aside.name + suffix))
        return open_store_file(path, timeout=timeout)


def open_store_file(path: Path, *, timeout: float = 5.0) -> Store:
    """Open one store file; refuse (StoreError, file untouched) anything that is not ours."""
    hint = "it was left untouched; move it away or rerun with --move-aside to start afresh"
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            if handle.read(16) != _HEADER:
                raise StoreError(f"{path} is not a Quizzer progress store (not an SQLite file); {hint}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None,
                               check_same_thread=False)
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StoreError(f"{path}: cannot open the progress store ({reason})") from None
    # Two Quizzers creating one store at once can meet a lock that SQLite reports at once,
    # without waiting (switching a new file to WAL), so opening retries until the timeout.
    deadline = time.monotonic() + timeout
    while True:
        try:
            _check_and_migrate(path, conn, hint)
            return Store(path, conn)
        except StoreError as exc:
            if _IN_USE in str(exc) and time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            conn.close()
            raise
        except BaseException:
            conn.close()
            raise


def _check_and_migrate(path: Path, conn: sqlite3.Connection, hint: str) -> None:
    try:
        # One read transaction: read one by one, another process's migration could commit
        # in between (tables already there, application id not yet seen) and pass for foreign.
        conn.execute("BEGIN")
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.execute("COMMIT")
        if tables and app_id != APPLICATION_ID:
            raise StoreError(f"{path} is an SQLite file from another program, not a Quizzer store; {hint}")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path} was written by a newer Quizzer (schema {version}); please upgrade")
        conn.execute("PRAGMA journal_mode=WAL")
        # FULL: an acknowledged answer survives even a power cut, not only a killed process.
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        if version < SCHEMA_VERSION:
            conn.execute("BEGIN IMMEDIATE")  # outside the try: a failed BEGIN has nothing to roll back
            try:
                # Read again under the write lock: another process may have just migrated.
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                for script in MIGRATIONS[version:]:
                    for statement in script.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    except StoreError:
        raise
    except sqlite3.Error as exc:
        raise _store_error(path, exc, hint) from None


_IN_USE = "is in use by another Quizzer process"


def _store_error(path: Path, exc: sqlite3.Error, hint: str = "") -> StoreError:
    text = " ".join(str(exc).split())  # one line, whatever SQLite's message holds
    if "locked" in text or "busy" in text:
        return StoreError(f"{path} {_IN_USE} (still busy after waiting); try again when it is done")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(f"{path} is damaged ({text}); {hint or 'it was left untouched'}")
    return StoreError(f"{path}: {text}")


def list_backups(folder: Path) -> list[Path]:
    """Backups in ``folder``/backups, newest first."""
    backups = folder / BACKUP_DIR
    if not backups.is_dir():
        return []
    # By the file's own time, not its name: "progress-<day>.sqlite3" sorts after the
    # same day's "progress-<day>-<time>-before-restore.sqlite3" although it is older.
    return sorted(backups.glob("progress-*.sqlite3"),
                  key=lambda p: (_mtime_ns(p), p.name), reverse=True)


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:  # removed meanwhile by another Quizzer's rotation
        return 0
