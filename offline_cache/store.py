"""One SQLite file per kiosk: durable settings, one writer, checked at start-up.

The file runs in WAL mode with ``synchronous=FULL`` (WAL + NORMAL can lose a
committed row on power loss), a busy timeout, and ``secure_delete`` so freed
pages are zeroed. Every write goes through :meth:`Store.write`, which holds an
in-process lock and opens the transaction with ``BEGIN IMMEDIATE`` so the
write lock is taken up front instead of failing half-way with SQLITE_BUSY.
The schema is a set of registered migrations (:mod:`offline_cache.sqlite_db`).

A file that fails ``PRAGMA integrity_check`` is never silently replaced or
deleted: it is moved aside (with its WAL) and :class:`DatabaseDamaged` says
where it went.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from offline_cache.errors import DatabaseDamaged, StorageFull, StoreBusy, StoreError
from offline_cache.sqlite_db import Database, Migrations

log = logging.getLogger(__name__)

# Primary result codes (the low byte of the extended code).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_IOERR, _SQLITE_CORRUPT = 5, 6, 10, 11
_SQLITE_FULL, _SQLITE_NOTADB = 13, 26
_SIDE_FILES = ("-wal", "-shm")


def translate(err: sqlite3.Error, path: str = "") -> StoreError:
    """Map a sqlite3 error to the store's typed error (one sentence each)."""
    code = (getattr(err, "sqlite_errorcode", 0) or 0) & 0xFF
    text = str(err).lower()
    if code == _SQLITE_FULL or "disk is full" in text:
        return StorageFull("the queue database is full (no space left on the disk or page limit "
                           "reached); nothing was written")
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text:
        return StoreBusy("the queue database is locked by another process for too long")
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return DatabaseDamaged(f"the queue database {path or ''} is damaged ({err})".replace("  ", " "),
                               path=path)
    if code == _SQLITE_IOERR:
        return StoreError(f"the queue database could not be read or written (disk I/O error: {err})")
    return StoreError(f"queue database error: {err}")


class Store:
    """The kiosk's SQLite file, opened with the durability settings above.

    Use :meth:`open`. ``db`` is the connection's :class:`Database`; callers
    must only touch it inside :meth:`write` or :meth:`read`.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn
        self.db = Database(conn)
        # RLock: a write may call helpers that take a read, on the same thread.
        self._lock = threading.RLock()
        self._closed = False

    @classmethod
    def open(cls, path: str | Path, migrations: list[Migrations], *, busy_timeout: float = 5.0,
             move_damaged_aside: bool = True, check: str = "integrity") -> Store:
        """Open (creating if needed) the database at ``path`` and apply ``migrations``.

        ``check`` is ``"integrity"`` (full ``integrity_check``), ``"quick"``
        or ``"none"``. A damaged file raises :class:`DatabaseDamaged`; with
        ``move_damaged_aside`` it is first renamed to ``<name>.damaged-<time>``
        (a staff command passes False so it never moves a file a running kiosk
        has open).
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if os.name == "posix" and not path.exists():
            # Create it private: SQLite gives the -wal and -shm files the same mode.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        conn = None
        try:
            conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            problem = cls._check(conn, check)
            if problem is None:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise StoreError(f"the queue database could not switch to WAL mode (got {mode})")
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA secure_delete = ON")
                conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as e:
            err = translate(e, str(path))
            if not isinstance(err, DatabaseDamaged):
                if conn is not None:
                    conn.close()
                raise err from None
            problem = str(e)
        if problem is not None:
            if conn is not None:
                conn.close()
            raise cls._damaged(path, problem, move_damaged_aside)
        assert conn is not None  # connect() failing raised above
        store = cls(path, conn)
        try:
            with store.write() as db:
                for m in migrations:
                    m.apply(db)
        except BaseException:
            store.close()
            raise
        return store

    @staticmethod
    def _check(conn: sqlite3.Connection, check: str) -> str | None:
        """None when the file is sound, else what the check reported."""
        if check == "none":
            # Still read the schema: a file that is not a database fails here.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return None
        pragma = "quick_check" if check == "quick" else "integrity_check"
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
        return None if rows == ["ok"] else "; ".join(rows[:5])

    @staticmethod
    def _damaged(path: Path, problem: str, move_aside: bool) -> DatabaseDamaged:
        if not move_aside:
            return DatabaseDamaged(
                f"The queue database {path} is damaged ({problem}); the kiosk will put it aside "
                "at its next start. Keep the file for IT.", path=str(path))
        stamp = time.strftime("%Y%m%dT%H%M%S")
        target = path.with_name(f"{path.name}.damaged-{stamp}")
        n = 1
        while target.exists():  # two damages in one second: never overwrite the first
            target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
            n += 1
        path.rename(target)
        for suffix in _SIDE_FILES:
            side = Path(str(path) + suffix)
            if side.exists():
                side.rename(Path(str(target) + suffix))
        log.error("queue database damaged (%s); moved aside to %s", problem, target)
        return DatabaseDamaged(
            f"The queue database was damaged ({problem}). It was moved aside to {target} for IT "
            "and a new empty queue will be started; items still in the damaged file must be "
            "recovered by IT.", path=str(path), moved_to=str(target))

    def damaged_copies(self) -> list[Path]:
        """Damaged files put aside next to this database (for status views)."""
        return sorted(p for p in self.path.parent.glob(self.path.name + ".damaged-*")
                      if not p.name.endswith(_SIDE_FILES))

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """A write transaction: the in-process lock, then ``BEGIN IMMEDIATE``.

        Commits on normal exit, rolls back on any exception; sqlite3 errors
        come out as typed :class:`StoreError` subclasses.
        """
        with self._lock:
            self._ensure_open()
            if self._conn.in_transaction:  # nested use on the same thread: join the outer one
                with self.db.atomic():
                    yield self.db
                return
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise translate(e, str(self.path)) from None
            try:
                yield self.db
            except BaseException as exc:
                self._rollback()
                if isinstance(exc, sqlite3.Error):
                    raise translate(exc, str(self.path)) from None
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as e:
                self._rollback()
                raise translate(e, str(self.path)) from None

    @contextlib.contextmanager
    def read(self) -> Iterator[Database]:
        """A consistent read snapshot (deferred transaction) under the lock."""
        with self._lock:
            self._ensure_open()
            if self._conn.in_transaction:
                yield self.db
                return
            try:
                self._conn.execute("BEGIN")
                yield self.db
            except sqlite3.Error as e:
                raise translate(e, str(self.path)) from None
            finally:
                self._rollback()

    def _rollback(self) -> None:
        try:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        except sqlite3.Error:  # SQLite may already have rolled back (e.g. on SQLITE_FULL)
            pass

    def _ensure_open(self) -> None:
        if self._closed:
            raise StoreError("the queue database is closed")

    def checkpoint(self) -> None:
        """Fold the WAL into the main file and truncate it (after purges)."""
        with self._lock:
            self._ensure_open()
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.Error as e:
                raise translate(e, str(self.path)) from None

    def integrity(self) -> str:
        """``ok`` or the first problems ``PRAGMA integrity_check`` reports."""
        with self._lock:
            self._ensure_open()
            return self._check(self._conn, "integrity") or "ok"

    def set_page_limit(self, pages: int) -> int:
        """Cap the file size (``PRAGMA max_page_count``); used to simulate a full disk."""
        with self._lock:
            return int(self._conn.execute(f"PRAGMA max_page_count = {int(pages)}").fetchone()[0])

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()
