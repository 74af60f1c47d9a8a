"""The SQLite store: durability settings, one writer, migrations, damage and full disks."""

from __future__ import annotations

import sqlite3
import threading
import uuid

import pytest

from offline_cache import DatabaseDamaged, KioskDatabase, StorageFull, Store
from offline_cache.schema import MIGRATIONS


def test_pragmas_are_durable(tmp_path):
    store = Store.open(tmp_path / "q.db", [MIGRATIONS])
    with store.read() as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    store.close()


def test_migrations_recorded_once(tmp_path):
    Store.open(tmp_path / "q.db", [MIGRATIONS]).close()
    store = Store.open(tmp_path / "q.db", [MIGRATIONS])
    with store.read() as db:
        rows = db.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
    assert rows == [("offline_cache", "m001_initial"), ("offline_cache", "m002_ticket_lookup"),
                    ("offline_cache", "m003_counter_outcomes"), ("offline_cache", "m004_outbox_sender"),
                    ("offline_cache", "m005_outbox_in_doubt_until"), ("offline_cache", "m006_outbox_lanes")]
    store.close()


def test_write_takes_the_lock_up_front(tmp_path):
    """A second process cannot start a write while ours is open: BEGIN IMMEDIATE, not deferred."""
    store = Store.open(tmp_path / "q.db", [MIGRATIONS], busy_timeout=0.2)
    other = sqlite3.connect(str(tmp_path / "q.db"), timeout=0.05, isolation_level=None)
    with store.write():
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()
    store.close()


def test_write_rolls_back_on_error(tmp_path):
    store = Store.open(tmp_path / "q.db", [MIGRATIONS])
    def write_then_fail():
        with store.write() as db:
            db.execute("INSERT INTO meta (key, value) VALUES ('x', 1)")
            raise RuntimeError("boom")
    with pytest.raises(RuntimeError, match="boom"):
        write_then_fail()
    with store.read() as db:
        assert db.execute("SELECT count(*) FROM meta WHERE key = 'x'").fetchone()[0] == 0
    store.close()


def test_one_writer_across_threads(tmp_path):
    """Concurrent writers on one store serialise: no lost update, no 'database is locked'."""
    store = Store.open(tmp_path / "q.db", [MIGRATIONS])
    with store.write() as db:
        db.execute("INSERT INTO meta (key, value) VALUES ('n', 0)")

    def bump():
        for _ in range(50):
            with store.write() as db:
                n = db.execute("SELECT value FROM meta WHERE key = 'n'").fetchone()[0]
                db.execute("UPDATE meta SET value = ? WHERE key = 'n'", [n + 1])

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with store.read() as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'n'").fetchone()[0] == 200
    store.close()


def test_corrupt_file_is_moved_aside_with_a_clear_message(tmp_path):
    kdb = KioskDatabase.open(tmp_path, "K01")
    for i in range(50):
        kdb.outbox.enqueue(str(uuid.uuid4()), {"n": i, "pad": "x" * 500})
    kdb.store.checkpoint()
    kdb.close()
    path = tmp_path / "queue.db"
    raw = bytearray(path.read_bytes())
    page = 4096
    for p in range(2, min(6, len(raw) // page)):  # scribble over b-tree pages, keep the header
        raw[p * page: p * page + 200] = b"\xde\xad" * 100
    path.write_bytes(bytes(raw))
    original = bytes(raw)
    with pytest.raises(DatabaseDamaged) as info:
        KioskDatabase.open(tmp_path, "K01")
    err = info.value
    assert err.moved_to and "moved aside" in str(err)
    assert not path.exists()
    kept = tmp_path / err.moved_to.rsplit("/", 1)[-1]
    assert kept.read_bytes() == original  # kept byte for byte, never deleted
    fresh = KioskDatabase.open(tmp_path, "K01")  # the next start works with an empty queue
    assert fresh.outbox.counts()["pending"] == 0
    assert [p.name for p in fresh.store.damaged_copies()] == [kept.name]
    fresh.close()


def test_not_a_database_is_reported_not_replaced(tmp_path):
    (tmp_path / "queue.db").write_bytes(b"this is not sqlite" * 300)
    with pytest.raises(DatabaseDamaged) as info:
        Store.open(tmp_path / "queue.db", [MIGRATIONS], move_damaged_aside=False)
    assert "damaged" in str(info.value)
    assert (tmp_path / "queue.db").read_bytes().startswith(b"this is not sqlite")


def test_disk_full_is_a_typed_error_and_loses_nothing(tmp_path):
    kdb = KioskDatabase.open(tmp_path, "K01")
    stored = [kdb.outbox.enqueue(str(uuid.uuid4()), {"n": i}).id for i in range(5)]
    with kdb.store.read() as db:
        used = db.execute("PRAGMA page_count").fetchone()[0]
    kdb.store.set_page_limit(used)
    def fill():
        for i in range(200):
            kdb.outbox.enqueue(str(uuid.uuid4()), {"n": i, "pad": "y" * 3000})
    with pytest.raises(StorageFull, match="full"):
        fill()
    # everything acknowledged before is intact and the store still works for reads
    assert [kdb.outbox.get(i).state for i in stored] == ["pending"] * 5
    assert kdb.store.integrity() == "ok"
    kdb.store.set_page_limit(1_000_000)
    kdb.outbox.enqueue(str(uuid.uuid4()), {"n": "after"})
    kdb.close()


def test_a_database_from_an_older_release_is_migrated_forward(tmp_path):
    from offline_cache.schema import m001_initial
    from offline_cache.sqlite_db import Migrations
    old_release = Migrations("offline_cache")
    old_release(name="m001_initial")(m001_initial)
    Store.open(tmp_path / "q.db", [old_release]).close()
    store = Store.open(tmp_path / "q.db", [MIGRATIONS])
    with store.read() as db:
        names = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert names == ["m001_initial", "m002_ticket_lookup", "m003_counter_outcomes", "m004_outbox_sender",
                         "m005_outbox_in_doubt_until", "m006_outbox_lanes"]
        assert "outbox_ticket" in [r[1] for r in db.execute("PRAGMA index_list(outbox)")]
    store.close()


# The bookkeeping table exactly as sqlite-utils 4.2.1 created it (releases before the store spoke
# plain sqlite3): such a file must read as up to date, and nothing may run on it again.
_SQLITE_UTILS_TABLE = (
    ('CREATE TABLE "_sqlite_migrations" (\n   "id" INTEGER PRIMARY KEY,\n   "migration_set" TEXT,\n'
     '   "name" TEXT,\n   "applied_at" TEXT\n)'),
    ('CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"\n'
     '    ON "_sqlite_migrations" ("migration_set", "name")'))


def test_a_file_written_by_the_sqlite_utils_releases_reads_as_up_to_date(tmp_path):
    from offline_cache.sqlite_db import Database
    conn = sqlite3.connect(str(tmp_path / "q.db"), isolation_level=None)
    for sql in _SQLITE_UTILS_TABLE:
        conn.execute(sql)
    for i, m in enumerate(MIGRATIONS.migrations, 1):
        m.fn(Database(conn))
        conn.execute("INSERT INTO _sqlite_migrations VALUES (?, 'offline_cache', ?, ?)",
                     [i, m.name, f"2026-05-0{i} 08:00:00.000000+00:00"])
    before = conn.execute("SELECT * FROM _sqlite_migrations ORDER BY id").fetchall()
    schema = conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    conn.close()
    store = Store.open(tmp_path / "q.db", [MIGRATIONS])
    with store.read() as db:
        assert db.execute("SELECT * FROM _sqlite_migrations ORDER BY id").fetchall() == before
        assert db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema
    store.close()


def test_a_new_file_has_the_bookkeeping_the_sqlite_utils_releases_read(tmp_path):
    # a kiosk rolled back to such a release must see its queue as up to date, not migrate it again
    Store.open(tmp_path / "q.db", [MIGRATIONS]).close()
    conn = sqlite3.connect(str(tmp_path / "q.db"))
    found = conn.execute("SELECT sql FROM sqlite_master WHERE name LIKE '%sqlite_migrations%' ORDER BY type DESC")
    assert tuple(r[0] for r in found) == _SQLITE_UTILS_TABLE
    conn.close()


def test_a_file_at_the_latest_version_is_only_read(tmp_path):
    Store.open(tmp_path / "q.db", [MIGRATIONS]).close()
    store = Store.open(tmp_path / "q.db", [MIGRATIONS])
    with store.read() as db:
        assert db.conn.total_changes == 0
    store.close()


def test_a_failing_migration_leaves_no_trace_and_stays_pending(tmp_path):
    from offline_cache.sqlite_db import Migrations
    broken = Migrations("extra")

    def half_done(db):
        db.execute("CREATE TABLE half (x)")
        raise RuntimeError("boom")

    broken(name="m001_half_done")(half_done)

    Store.open(tmp_path / "q.db", [MIGRATIONS]).close()
    with pytest.raises(RuntimeError, match="boom"):
        Store.open(tmp_path / "q.db", [MIGRATIONS, broken])
    store = Store.open(tmp_path / "q.db", [MIGRATIONS])
    with store.read() as db:
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0] == 0
        assert [m.name for m in broken.pending(db)] == ["m001_half_done"]
    store.close()


def test_a_migration_name_is_registered_once():
    from offline_cache.sqlite_db import Migrations
    twice = Migrations("twice")
    twice(name="m001")(lambda db: None)
    with pytest.raises(ValueError, match="already registered"):
        twice(name="m001")(lambda db: None)
