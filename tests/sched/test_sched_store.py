"""The progress store: round trips, migrations, corrupt and foreign files, backups, two processes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzer.progress import CardState, Mode, Rating, Review, Settings, Status
from quizzer.store import (
    APPLICATION_ID,
    KEEP_BACKUPS,
    SCHEMA_VERSION,
    STORE_NAME,
    Store,
    StoreError,
    data_dir,
    list_backups,
    open_store,
)

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

_times = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
_cards = st.builds(
    CardState,
    qid=st.text(min_size=1, max_size=40),
    deck=st.text(max_size=10),
    fact=st.text(max_size=30),
    status=st.sampled_from([Status.LEARNING, Status.REVIEW, Status.RELEARNING]),
    due=_times,
    step=st.none() | st.integers(0, 5),
    stability=st.none() | st.floats(0.001, 36500, allow_nan=False),
    difficulty=st.none() | st.floats(1, 10, allow_nan=False),
    last_review=st.none() | _times,
    reps=st.integers(0, 10**6),
    lapses=st.integers(0, 10**4),
    suspended=st.booleans(),
    leech=st.booleans(),
    introduced=st.none() | _times,
).map(
    lambda c: (
        c
        if c.status is Status.LEARNING
        else replace(
            # A card in review always has a memory state (the store refuses one without).
            c,
            stability=c.stability or 1.0,
            difficulty=c.difficulty or 5.0,
        )
    )
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    card=_cards,
    chosen=st.none() | st.lists(st.integers(0, 9), max_size=5).map(tuple),
    rating=st.sampled_from(list(Rating)),
)
def test_save_then_load_is_equal(
    store: Store, card: CardState, chosen: tuple[int, ...] | None, rating: Rating
) -> None:
    before = store.card(card.qid) or CardState.new(card.qid, card.deck, card.fact, T0)
    review = Review(card.qid, rating, T0, 1234, Mode.QUIZ, before.status, chosen)
    saved, logged = store.record(review, before, replace(card, card_id=before.card_id))
    assert store.card(card.qid) == saved
    assert saved == replace(card, card_id=saved.card_id)
    assert store.history(card.qid)[-1] == logged
    assert logged == replace(review, id=logged.id)


def test_undo_restores_the_row_exactly(store: Store) -> None:
    new = CardState.new("q1", "d", "f", T0)
    first = replace(new, status=Status.LEARNING, step=1, stability=2.3, difficulty=2.1, due=T0)
    saved, review = store.record(Review("q1", Rating.GOOD, T0, 10, Mode.STUDY, Status.NEW), new, first)
    second = replace(saved, status=Status.REVIEW, step=None, due=T0 + timedelta(days=2))
    saved2, review2 = store.record(
        Review("q1", Rating.GOOD, T0, 10, Mode.STUDY, Status.LEARNING), saved, second
    )
    assert store.undo(review2.id, written=saved2) == saved and store.card("q1") == saved
    assert store.undo(review.id, written=saved) is None and store.card("q1") is None
    assert store.review_count() == 0


def test_fresh_store_has_schema_wal_and_our_application_id(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.close()
    conn = sqlite3.connect(tmp_path / STORE_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_store_from_a_newer_quizzer_is_refused(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    conn = sqlite3.connect(tmp_path / STORE_NAME)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer Quizzer"):
        open_store(tmp_path, move_aside=True)


def test_settings_persist(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    wanted = Settings(
        desired_retention=0.85, learning_steps=(2, 15), exam_date=date(2026, 6, 1), theme="nord"
    )
    store.save_settings(wanted)
    store.close()
    again = open_store(tmp_path)
    assert again.load_settings() == wanted
    again.close()


@pytest.mark.parametrize(
    "content", [b"hello, this is my diary\n" * 10, b"SQLite format 3\x00" + b"\xff" * 5000]
)
def test_a_corrupt_file_is_reported_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / STORE_NAME
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        open_store(tmp_path)
    assert str(path) in str(caught.value) and "--move-aside" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == content


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program"):
        open_store(tmp_path)
    assert path.read_bytes() == before


def test_move_aside_keeps_the_bad_file_and_starts_afresh(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    path.write_bytes(b"not a database")
    store = open_store(tmp_path, move_aside=True, now=T0)
    store.close()
    aside = tmp_path / f"{STORE_NAME}.corrupt-20260105-120000"
    assert aside.read_bytes() == b"not a database"
    assert path.read_bytes().startswith(b"SQLite format 3")


def test_backups_at_most_one_a_day_keep_seven_and_restore(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    card = CardState.new("q1", "d", "f", T0)
    store.record(
        Review("q1", Rating.GOOD, T0, 1, Mode.STUDY, Status.NEW), card, replace(card, status=Status.LEARNING)
    )
    first = store.backup_daily(date(2026, 1, 1))
    assert first is not None and store.backup_daily(date(2026, 1, 1)) is None
    for day in range(2, 11):
        store.backup_daily(date(2026, 1, day))
    names = [p.name for p in list_backups(tmp_path)]
    assert len(names) == KEEP_BACKUPS and names[0] == "progress-2026-01-10.sqlite3"
    assert names[-1] == "progress-2026-01-04.sqlite3"
    store.record(
        Review("q1", Rating.AGAIN, T0, 1, Mode.STUDY, Status.LEARNING),
        store.card("q1") or card,
        replace(card, status=Status.RELEARNING),
    )
    assert store.review_count() == 2
    store.restore_from(list_backups(tmp_path)[0])
    assert store.review_count() == 1 and store.integrity() == "ok"
    store.close()


def test_data_dir_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert data_dir(tmp_path / "x") == tmp_path / "x"
    monkeypatch.setenv("QUIZZER_HOME", str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"
    monkeypatch.delenv("QUIZZER_HOME")
    assert data_dir().name == "quizzer"


_WRITER = textwrap.dedent("""
    import sys
    from dataclasses import replace
    from datetime import UTC, datetime
    from pathlib import Path
    from quizzer.progress import CardState, Mode, Rating, Review, Status
    from quizzer.store import open_store
    folder, tag = Path(sys.argv[1]), sys.argv[2]
    store = open_store(folder, timeout=30)
    now = datetime(2026, 1, 5, tzinfo=UTC)
    for i in range(150):
        card = CardState.new(f"{tag}/{i % 20}", "d", f"f{i % 20}", now)
        before = store.card(card.qid) or card
        store.record(Review(card.qid, Rating.GOOD, now, i, Mode.STUDY, before.status), before,
                     replace(before, status=Status.LEARNING, reps=before.reps + 1))
    store.close()
""")


def test_two_processes_write_the_same_store_without_loss(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), tag]) for tag in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    store = open_store(tmp_path)
    assert store.review_count() == 300
    assert store.integrity() == "ok"
    assert sum(card.reps for card in store.cards()) == 300
    store.close()


def test_a_store_held_by_another_process_says_it_is_in_use(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    holder = sqlite3.connect(tmp_path / STORE_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        other = open_store(tmp_path, timeout=0.2)
    except StoreError as exc:  # the lock can already bite while opening
        assert "in use" in str(exc)
    else:
        card = CardState.new("q", "d", "f", T0)
        with pytest.raises(StoreError, match="in use by another Quizzer process"):
            other.record(Review("q", Rating.GOOD, T0, 1, Mode.STUDY, Status.NEW), card, card)
        other.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        store.close()


def test_damage_inside_a_valid_file_is_caught_before_the_daily_backup(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    for i in range(400):
        card = CardState.new(f"deck/muscle/facet/item-{i}/basic", "deck", f"fact-{i}", T0)
        store.record(
            Review(card.qid, Rating.GOOD, T0, 1, Mode.STUDY, Status.NEW),
            card,
            replace(card, status=Status.LEARNING),
        )
    store.close()
    conn = sqlite3.connect(tmp_path / STORE_NAME)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    path = tmp_path / STORE_NAME
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 3 * page + 200] = b"\x07" * 200  # scribble over an index or table page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged") as caught:
        damaged = open_store(tmp_path)
        try:
            damaged.backup_daily(date(2026, 1, 5))
        finally:
            damaged.close()
    assert str(path) in str(caught.value)
    assert path.read_bytes() == bytes(data)
    assert list_backups(tmp_path) == []


def test_processes_creating_a_fresh_store_at_once_all_succeed(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from quizzer.store import open_store;"
        "[open_store(Path(sys.argv[1]) / str(i), timeout=30).close() for i in range(5)]"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [proc.communicate(timeout=120)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 4, errors
