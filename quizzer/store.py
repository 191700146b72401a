"""The progress store: one SQLite file (WAL): card states, review log, settings; the only sqlite3 user."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from quizzer.files import fsync_dir, is_disk_full, nearly_full, os_reason, pid_alive
from quizzer.progress import (
    CardState,
    Review,
    SettingProblem,
    Settings,
    Status,
    from_micros,
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

_HINT = (
    "the store was left untouched; restore a backup (quizzer backup restore) or rerun with "
    "--move-aside to start afresh"
)
_TIME_OK = "typeof({0}) = 'integer' AND {0} BETWEEN 0 AND 253402214400000000"
_SANE_CARD = " AND ".join(
    [
        "typeof(qid) = 'text' AND qid <> '' AND typeof(deck) = 'text' AND typeof(fact) = 'text'",
        "typeof(status) = 'integer' AND status BETWEEN 0 AND 3",
        "(step IS NULL OR (typeof(step) = 'integer' AND step BETWEEN 0 AND 1000))",
        "(stability IS NULL OR (typeof(stability) IN ('integer', 'real') "
        "AND stability BETWEEN 0.0001 AND 1e6))",
        "(difficulty IS NULL OR (typeof(difficulty) IN ('integer', 'real') AND difficulty BETWEEN 1 AND 10))",
        "(status NOT IN (2, 3) OR (stability IS NOT NULL AND difficulty IS NOT NULL))",
        _TIME_OK.format("due"),
        f"(last_review IS NULL OR ({_TIME_OK.format('last_review')}))",
        f"(introduced IS NULL OR ({_TIME_OK.format('introduced')}))",
        "typeof(reps) = 'integer' AND reps BETWEEN 0 AND 1000000000",
        "typeof(lapses) = 'integer' AND lapses BETWEEN 0 AND 1000000000",
        "suspended IN (0, 1) AND typeof(suspended) = 'integer'",
        "leech IN (0, 1) AND typeof(leech) = 'integer'",
    ]
)
"""The card rule of ``CardState.from_row`` in SQL, to find a bad row among 100,000 at once."""
_SANE_REVIEW = " AND ".join(
    [
        "typeof(rating) = 'integer' AND rating BETWEEN 1 AND 4",
        _TIME_OK.format("time"),
        "typeof(duration_ms) = 'integer' AND duration_ms BETWEEN 0 AND 604800000",
        "mode IN ('study', 'quiz')",
        "typeof(status_before) = 'integer' AND status_before BETWEEN 0 AND 3",
        "(chosen IS NULL OR (json_valid(chosen) AND json_type(chosen) = 'array'))",
    ]
)
"""The review rule of ``Review.from_row`` in SQL (for the daily check of the backup)."""

_STATUSES = {int(status): status for status in Status}
_LAST_MICROS = 253_402_214_400_000_000
"""9999-12-31 in µs since 1970: the last time a row may hold."""

_CARD_COLUMNS = (
    "id, qid, deck, fact, status, step, stability, difficulty, due, last_review, "
    "reps, lapses, suspended, leech, introduced"
)


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


class ReviewRow(NamedTuple):
    """A review with the deck and fact of its card (for burying, limits and stats)."""

    review: Review
    deck: str
    fact: str


class Store:
    """An open progress store. Every write is its own committed transaction."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn
        self.backup_warning: str | None = None
        """Why today's backup could not be made (studying goes on), or None."""

    # --- cards -----------------------------------------------------------------------
    def card(self, qid: str) -> CardState | None:
        row = self._one(f"SELECT {_CARD_COLUMNS} FROM cards WHERE qid = ?", (qid,))
        return None if row is None else self._card(row)

    def cards(self) -> Iterator[CardState]:
        """Every card row, including orphans whose question no longer exists."""
        for row in self._query(f"SELECT {_CARD_COLUMNS} FROM cards ORDER BY id", ()):
            yield self._card(row)

    def card_keys(self) -> dict[str, tuple[Status, bool, int]]:
        """qid → (status, suspended, due µs) for every card: cheap enough to load at session start.

        The three values are checked on the way (faster than Status() alone); a card out of
        range is refused here, named by ``CardState.from_row``. Its other values are checked
        when the card is read, and every row by the daily check.
        """
        out: dict[str, tuple[Status, bool, int]] = {}
        rows = self._query("SELECT qid, status, suspended, due, id FROM cards", ())
        for qid, status, suspended, due, card_id in rows:
            state = _STATUSES.get(status) if status.__class__ is int else None
            if (
                state is None
                or suspended.__class__ is not int
                or suspended not in (0, 1)
                or due.__class__ is not int
                or not 0 <= due <= _LAST_MICROS
            ):
                row = self._one(f"SELECT {_CARD_COLUMNS} FROM cards WHERE id = ?", (card_id,))
                if row is not None:
                    self._card(row)  # names the value and its range
                raise StoreError(f"{self.path}: card {card_id} holds a value out of range; {_HINT}")
            out[qid] = (state, suspended == 1, due)
        return out

    def deck_ids(self) -> set[str]:
        """The decks that have progress in this store."""
        return {row[0] for row in self._query("SELECT DISTINCT deck FROM cards", ())}

    def due_cards(
        self, until: datetime, *, statuses: Iterable[Status], limit: int, offset: int = 0
    ) -> list[CardState]:
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
                    (int(suspended), qid),
                ).fetchone()
            else:
                row = self._conn.execute(
                    "INSERT INTO cards (qid, deck, fact, status, step, stability, difficulty, "
                    "due, last_review, reps, lapses, suspended, leech, introduced) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(qid) DO "
                    f"UPDATE SET suspended = excluded.suspended RETURNING {_CARD_COLUMNS}",
                    replace(new, suspended=suspended).to_row()[1:],
                ).fetchone()
            if row is None:
                raise StoreError(f"{self.path}: {qid} is gone from the store; nothing was changed")
        return self._card(tuple(row))

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
            row = self._conn.execute(
                f"SELECT {_CARD_COLUMNS} FROM cards WHERE qid = ?", (before.qid,)
            ).fetchone()
            expected = None if before.card_id == 0 else before.to_row()
            if (None if row is None else tuple(row)) != expected:
                raise StaleCard(
                    f"{self.path}: {before.qid} was changed since it was shown "
                    "(in another screen or Quizzer); this answer was not saved"
                )
            card_id = self._upsert(after)
            cursor = self._conn.execute(
                "INSERT INTO reviews (card_id, time, rating, chosen, duration_ms, mode, "
                "status_before, before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    card_id,
                    to_micros(review.time),
                    int(review.rating),
                    None if review.chosen is None else json.dumps(list(review.chosen)),
                    review.duration_ms,
                    str(review.mode),
                    int(review.status_before),
                    before_json,
                ),
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
            latest = self._conn.execute(
                "SELECT max(id) FROM reviews WHERE card_id = ?", (card_id,)
            ).fetchone()[0]
            current = self._conn.execute(
                f"SELECT {_CARD_COLUMNS} FROM cards WHERE id = ?", (card_id,)
            ).fetchone()
            if latest != review_id or current is None or tuple(current) != written.to_row():
                raise UndoRefused("that answer can no longer be undone: the card was changed since")
            self._conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            if before is None:
                self._conn.execute("DELETE FROM cards WHERE id = ?", (card_id,))
                return None
            try:
                card = CardState.from_row(tuple(json.loads(before)))
            except (ValueError, TypeError):
                raise UndoRefused(
                    f"{self.path}: review {review_id} keeps no readable state to "
                    "go back to; that answer cannot be undone"
                ) from None
            self._upsert(card)
            return card

    def history(self, qid: str) -> list[Review]:
        rows = self._query(
            "SELECT r.id, c.qid, r.rating, r.time, r.duration_ms, r.mode, r.status_before, r.chosen "
            "FROM reviews r JOIN cards c ON c.id = r.card_id WHERE c.qid = ? ORDER BY r.time, r.id",
            (qid,),
        )
        return [self._review(row) for row in rows]

    def reviews_since(self, since: datetime) -> list[ReviewRow]:
        rows = self._query(
            "SELECT r.id, c.qid, r.rating, r.time, r.duration_ms, r.mode, r.status_before, r.chosen, "
            "c.deck, c.fact FROM reviews r JOIN cards c ON c.id = r.card_id "
            "WHERE r.time >= ? ORDER BY r.time, r.id",
            (to_micros(since),),
        )
        return [ReviewRow(self._review(row[:8]), row[8], row[9]) for row in rows]

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
    def load_settings(self, *, ignore: str | None = None) -> Settings:
        """The stored settings; StoreError names a stored value of the wrong kind or out of
        range (with the range). ``ignore`` skips one key (the one about to be set anew)."""
        values: dict[str, Any] = {}
        for key, value in self._query("SELECT key, value FROM settings", ()):
            if key == ignore:
                continue
            try:
                values[key] = json.loads(value)
            except (ValueError, TypeError):
                raise self._bad_setting(key, f"{key} is not a readable value") from None
            try:
                Settings.from_dict({key: values[key]})
            except ValueError as exc:
                raise self._bad_setting(key, str(exc)) from None
        settings = Settings.from_dict(values)
        try:
            settings.check()
        except SettingProblem as exc:
            raise self._bad_setting(exc.key, str(exc)) from None
        return settings

    def load_settings_for_repair(self, key: str) -> tuple[Settings, list[str]]:
        """The stored settings without ``key`` (about to be set anew), every other stored
        value that is unreadable or out of range left at its default; and what was left so."""
        values: dict[str, Any] = {}
        dropped: list[str] = []
        for name, text in self._query("SELECT key, value FROM settings", ()):
            if name == key:
                continue
            try:
                value = json.loads(text)
            except (ValueError, TypeError):
                dropped.append(f"{name} is not a readable value")
                continue
            try:
                Settings.from_dict({name: value})
            except ValueError as exc:
                dropped.append(str(exc))
                continue
            values[name] = value
        for _ in range(len(values) + 1):
            try:
                Settings.from_dict(values).check()
                break
            except SettingProblem as exc:
                values.pop(exc.key, None)
                dropped.append(str(exc))
        return Settings.from_dict(values), dropped

    def _bad_setting(self, key: str, problem: str) -> StoreError:
        how = (
            "`quizzer settings deck_limits none` (then --deck for each deck)"
            if key == "deck_limits"
            else f"`quizzer settings {key} VALUE`"
        )
        return StoreError(f"{self.path}: the stored setting {problem}; set it anew with {how}")

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
        """Once a day, copy the store to backups/, check the copy, keep the last seven.

        The check is Anki's Check Database, run on the copy about to be kept rather than on
        the live store: ``integrity_check`` (``quick_check`` misses an index that disagrees
        with its table) and every row's values. A copy that fails is thrown away and
        StoreError raised, so a damaged store is never studied on nor backed up over the
        good backups. A backup that cannot be written (an unwritable folder, a full disk)
        does not stop studying: ``backup_warning`` says why, and the live store gets a
        ``quick_check`` instead. Returns the new backup, or None.
        """
        folder = self.path.parent / BACKUP_DIR
        target = folder / f"progress-{today.isoformat()}.sqlite3"
        _tidy_partials(folder)
        if target.exists():
            return None
        self.load_settings()  # a bad setting is named as on any load, with how to set it
        try:
            partial = self._copy_to(folder, target.name)
        except _CannotWrite as exc:
            self.backup_warning = (
                f"today's backup was not made: cannot write {folder} "
                f"({exc}); studying goes on and every answer is still saved"
            )
            row = self._one("PRAGMA quick_check", ())
            if row is None or row[0] != "ok":
                raise StoreError(
                    f"{self.path} is damaged ({row[0] if row else 'no answer'}); {_HINT}"
                ) from None
            return None
        try:
            problem = _file_problem(partial)
            if problem is not None and problem.startswith(("card ", "review ")):
                raise StoreError(f"{self.path}: {problem}; {_HINT}")
            if problem is not None:
                raise StoreError(f"{self.path} is damaged ({problem}); {_HINT}")
            os.replace(partial, target)  # a backup is either whole or absent
        finally:
            partial.unlink(missing_ok=True)
        fsync_dir(folder)
        for old in list_backups(self.path.parent)[KEEP_BACKUPS:]:
            old.unlink(missing_ok=True)
        return target

    def check_daily(self, today: date) -> None:
        """For a store opened only to read (stats): the check ``backup_daily`` makes once a
        day (integrity, every row's values), without writing anything."""
        if (self.path.parent / BACKUP_DIR / f"progress-{today.isoformat()}.sqlite3").exists():
            return
        self.load_settings()
        problem = self._guard(lambda: _problem_in(self._conn))
        if problem is not None and problem.startswith(("card ", "review ")):
            raise StoreError(f"{self.path}: {problem}; {_HINT}")
        if problem is not None:
            raise StoreError(f"{self.path} is damaged ({problem}); {_HINT}")

    def save_copy(self, folder: Path, stem: str) -> Path:
        """Copy the store to ``folder/<stem>.sqlite3`` (or ``<stem>-2`` …: never over another
        file, even when two Quizzers save in the same second). StoreError if it cannot."""
        try:
            partial = self._copy_to(folder, f"{stem}.sqlite3")
        except _CannotWrite as exc:
            raise StoreError(f"cannot save a copy of {self.path} in {folder} ({exc})") from None
        try:
            for n in range(1, 1000):
                target = folder / (f"{stem}.sqlite3" if n == 1 else f"{stem}-{n}.sqlite3")
                try:
                    os.link(partial, target)  # fails if the name is taken: no overwriting
                except FileExistsError:
                    continue
                except OSError:
                    try:  # no hard links here (some network or FAT folders): claim the name
                        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                    except FileExistsError:
                        continue
                    os.replace(partial, target)
                fsync_dir(folder)
                return target
            raise StoreError(
                f"cannot save a copy of {self.path}: {folder} holds too many copies named {stem}"
            )
        finally:
            partial.unlink(missing_ok=True)

    def restore_from(self, source: Path, expected: BackupInfo | None = None) -> BackupInfo:
        """Replace this store's contents with a backup's, in one step, after checking it.

        Follows SQLite's online backup API (the copy is one transaction on this store: it
        lands whole or not at all) and checks the backup first with :func:`check_backup`;
        the restored store is checked again before this returns.
        """
        info = expected or check_backup(source)
        src = _open_read_only(source)
        try:
            self._guard(lambda: src.backup(self._conn))
        finally:
            src.close()
        landed = self._one("SELECT (SELECT count(*) FROM cards), (SELECT count(*) FROM reviews)", ())
        if landed is None or (landed[0], landed[1]) != (info.cards, info.reviews):
            raise StoreError(
                f"{self.path}: the restore of {source.name} did not take (it holds "
                f"{landed}); restore the copy saved before it"
            )
        return info

    def close(self) -> None:
        self._conn.close()

    # --- internals -------------------------------------------------------------------
    def _copy_to(self, folder: Path, name: str) -> Path:
        """A whole copy of the store as ``folder/<name>.<pid>.partial`` (SQLite's backup API,
        then made a single self-contained file); _CannotWrite when it cannot be written,
        StoreError when this store cannot be read."""
        partial = folder / f"{name}.{os.getpid()}.partial"
        if folder.exists() and not folder.is_dir():
            raise _CannotWrite("it is a file, not a folder")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # Created here first: an OSError names the cause (read-only, full, permission)
            # where SQLite would only say "unable to open database file". Private: progress.
            os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
            dest = sqlite3.connect(partial)
        except (OSError, sqlite3.Error) as exc:
            with suppress(OSError):
                partial.unlink(missing_ok=True)
            raise _CannotWrite(_reason(exc)) from None
        try:
            self._conn.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # one file: no -wal beside a backup
        except sqlite3.Error as exc:
            dest.close()
            for leftover in (partial, partial.with_name(partial.name + "-journal")):
                leftover.unlink(missing_ok=True)
            error = _store_error(self.path, exc)
            if "is damaged" in str(error) or _IN_USE in str(error):
                raise error from None
            raise _CannotWrite(_reason(exc)) from None
        dest.close()
        return partial

    def _card(self, row: tuple[Any, ...]) -> CardState:
        try:
            return CardState.from_row(row)
        except ValueError as exc:
            raise StoreError(f"{self.path}: card {row[0]}: {exc}; {_HINT}") from None

    def _review(self, row: tuple[Any, ...]) -> Review:
        try:
            return Review.from_row(row)
        except ValueError as exc:
            raise StoreError(f"{self.path}: review {row[0]}: {exc}; {_HINT}") from None

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


def open_store(
    folder: Path,
    *,
    move_aside: bool = False,
    now: datetime | None = None,
    timeout: float = 5.0,
    read_only: bool = False,
) -> Store:
    """Open (creating or migrating) the store in ``folder``.

    A file that is not a Quizzer store is left untouched and reported; with ``move_aside``
    (and ``now`` for the name) it is renamed to ``progress.sqlite3.corrupt-<time>`` first.
    ``read_only``: only to read an existing store (stats), which then opens even where the
    user may not write (a read-only folder or file); without a store it is created as usual.
    """
    path = folder / STORE_NAME
    if read_only and not move_aside and path.is_file():
        return _open_for_reading(path, timeout)
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
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
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


def _open_for_reading(path: Path, timeout: float) -> Store:
    """Open a store to read it only: nothing is created, migrated or written."""
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the progress store ({exc.strerror})") from None
    if header != _HEADER:
        raise StoreError(
            f"{path} is not a Quizzer progress store (not an SQLite file); it was left untouched"
        )
    error: sqlite3.Error | None = None
    # A store in WAL mode needs its -shm file to be read; where that cannot be created (a
    # folder the user may not write) the file is read as it stands on disk (immutable).
    for flags in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?{flags}",
                uri=True,
                timeout=timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            error = exc
            continue
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            conn.close()
            error = exc
            continue
        if app_id != APPLICATION_ID or version != SCHEMA_VERSION:
            conn.close()
            raise StoreError(
                f"{path} cannot be read without being written first (not a Quizzer "
                f"store of this version); open it once where it can be written"
            )
        return Store(path, conn)
    assert error is not None
    raise _store_error(path, error)


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
            # A read that failed (a full disk cannot take the shared-memory file) may have
            # ended the transaction already: COMMIT would then hide the real error.
            if conn.in_transaction:
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
                if conn.in_transaction:  # SQLite may have rolled back already (a full disk)
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
    except StoreError:
        raise
    except sqlite3.Error as exc:
        raise _store_error(path, exc, hint) from None


_IN_USE = "is in use by another Quizzer process"


def _store_error(path: Path, exc: sqlite3.Error, hint: str = "") -> StoreError:
    text = " ".join(str(exc).split())  # one line, whatever SQLite's message holds
    # SQLite says "disk I/O error" when a full disk cannot take its shared-memory file.
    if is_disk_full(text) or ("I/O error" in text and nearly_full(path.parent)):
        return StoreError(
            f"{path}: cannot write: the disk is full ({text}); free some space "
            "and try again (every answer acknowledged so far is kept)"
        )
    if "locked" in text or "busy" in text:
        return StoreError(f"{path} {_IN_USE} (still busy after waiting); try again when it is done")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(f"{path} is damaged ({text}); {hint or 'it was left untouched'}")
    return StoreError(f"{path}: {text}")


class _CannotWrite(Exception):
    """A copy of the store could not be written (the message says why)."""


def _reason(exc: OSError | sqlite3.Error) -> str:
    if isinstance(exc, OSError):
        return os_reason(exc)
    text = " ".join(str(exc).split())
    return "the disk is full" if is_disk_full(text) else text


class BackupInfo(NamedTuple):
    """What a checked backup holds."""

    path: Path
    cards: int
    reviews: int
    last_review: datetime | None


def check_backup(path: Path) -> BackupInfo:
    """Check a backup before it is trusted to replace anything (StoreError says why not).

    It must be a non-empty regular file that opens as a Quizzer store of a schema this
    Quizzer knows, pass ``integrity_check``, hold only values in range, and hold some
    progress: restoring an empty store would only wipe the progress it replaces.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the backup ({os_reason(exc)}); nothing was changed") from None
    refused = f"{path} cannot be restored: {{}}; nothing was changed"
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(refused.format("it is not a file"))
    if info.st_size == 0:
        raise StoreError(refused.format("it is empty (0 bytes)"))
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise StoreError(refused.format(os_reason(exc))) from None
    if header != _HEADER:
        raise StoreError(refused.format("it is not a Quizzer progress store (not an SQLite file)"))
    problem = _file_problem(path)
    if problem is not None:
        raise StoreError(refused.format(problem))
    conn = _open_read_only(path)
    try:
        cards, reviews, last = conn.execute(
            "SELECT (SELECT count(*) FROM cards), (SELECT count(*) FROM reviews), "
            "(SELECT max(time) FROM reviews)"
        ).fetchone()
    except sqlite3.Error as exc:
        raise StoreError(refused.format(" ".join(str(exc).split()))) from None
    finally:
        conn.close()
    if not cards and not reviews:
        raise StoreError(refused.format("it holds no progress (no cards, no reviews)"))
    return BackupInfo(path, cards, reviews, None if last is None else from_micros(last))


def _open_read_only(path: Path) -> sqlite3.Connection:
    # immutable: no locks, no -wal or -shm files created beside a backup, nothing written.
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open ({' '.join(str(exc).split())})") from None


def _file_problem(path: Path) -> str | None:
    """What is wrong with the store file at ``path`` (None: nothing): not ours, from a newer
    Quizzer, ``integrity_check`` failing, or a row or setting out of range."""
    try:
        conn = _open_read_only(path)
    except StoreError as exc:
        return str(exc)
    try:
        return _problem_in(conn)
    finally:
        conn.close()


def _problem_in(conn: sqlite3.Connection) -> str | None:
    """``_file_problem`` for a store already open (its own connection sees its -wal too)."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID or version < 1:
            return "it is not a Quizzer progress store"
        if version > SCHEMA_VERSION:
            return f"it was written by a newer Quizzer (schema {version})"
        found = conn.execute("PRAGMA integrity_check(5)").fetchall()
        if [row[0] for row in found] != ["ok"]:
            return "integrity check: " + "; ".join(" ".join(str(r[0]).split()) for r in found)
        bad = conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE NOT ({_SANE_CARD}) LIMIT 1").fetchone()
        if bad is not None:
            return _row_problem("card", bad, CardState.from_row)
        for row in conn.execute(
            "SELECT id, card_id, rating, time, duration_ms, mode, status_before, chosen "
            "FROM reviews WHERE NOT (" + _SANE_REVIEW + ")"
        ):
            return _row_problem("review", row, Review.from_row)
        values = {}
        for key, text in conn.execute("SELECT key, value FROM settings"):
            try:
                values[key] = json.loads(text)
            except (ValueError, TypeError):
                return f"the stored setting {key} is not a readable value"
            try:
                Settings.from_dict({key: values[key]})
            except ValueError as exc:
                return f"the stored setting {exc}"
        try:
            Settings.from_dict(values).check()
        except ValueError as exc:
            return f"the stored setting {exc}"
    except sqlite3.Error as exc:
        return " ".join(str(exc).split())
    return None


def _row_problem(what: str, row: tuple[Any, ...], parse: Any) -> str:
    try:
        parse(row)
    except ValueError as exc:
        return f"{what} {row[0]}: {exc}"
    return f"{what} {row[0]} holds a value out of range"


def _tidy_partials(folder: Path) -> None:
    """Remove what killed backups left in ``folder``: ``*.<pid>.partial`` files (and their
    journals) of processes that no longer run."""
    if not folder.is_dir():
        return
    for leftover in folder.glob("*.partial*"):
        stem = leftover.name.split(".partial", 1)[0]
        pid = stem.rpartition(".")[2]
        if pid.isdigit() and not pid_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def list_backups(folder: Path) -> list[Path]:
    """Backups in ``folder``/backups, newest first."""
    backups = folder / BACKUP_DIR
    if not backups.is_dir():
        return []
    # By the file's own time, not its name: "progress-<day>.sqlite3" sorts after the
    # same day's "progress-<day>-<time>-before-restore.sqlite3" although it is older.
    return sorted(backups.glob("progress-*.sqlite3"), key=lambda p: (_mtime_ns(p), p.name), reverse=True)


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:  # removed meanwhile by another Quizzer's rotation
        return 0
