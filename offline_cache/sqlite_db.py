"""The two things the queue needs around :mod:`sqlite3`: a connection wrapper and ordered migrations.

The store used sqlite-utils for these, but only ever called ``execute``,
``atomic`` and ``Migrations.apply``; importing it (with click, dateutil,
pluggy and its plug-in scan) cost ~56 ms of CPU in every ``kiosk`` process
that opens the queue — more than a check-in's own work. What is left is a few
plain SQL statements.

:class:`Migrations` keeps the bookkeeping sqlite-utils 4 uses, the
``_sqlite_migrations`` table (same columns, same unique index), so a queue
file written by an earlier release is read as it is and carried forward, and
one written here still reads as up to date to that release.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from typing import Any

MIGRATIONS_TABLE = "_sqlite_migrations"
# Exactly what sqlite-utils 4 creates, so both read and write the same file.
_CREATE_TABLE = (f'CREATE TABLE IF NOT EXISTS "{MIGRATIONS_TABLE}" (\n   "id" INTEGER PRIMARY KEY,\n'
                 '   "migration_set" TEXT,\n   "name" TEXT,\n   "applied_at" TEXT\n)')
_CREATE_INDEX = (f'CREATE UNIQUE INDEX IF NOT EXISTS "idx_{MIGRATIONS_TABLE}_migration_set_name"\n'
                 f'    ON "{MIGRATIONS_TABLE}" ("migration_set", "name")')
_savepoints = itertools.count(1)


class Database:
    """A :class:`sqlite3.Connection` as the queue's code uses it: ``execute`` and ``atomic``.

    The connection is the caller's (the store opens it in autocommit mode,
    ``isolation_level=None``, and brackets every write with its own
    ``BEGIN IMMEDIATE``); ``conn`` is that connection.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Sequence | dict[str, Any] | None = None) -> sqlite3.Cursor:
        """Run one statement; returns the cursor."""
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction, or a savepoint inside the one already open; rolled back on any exception."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
            return
        name = f"offline_cache_{next(_savepoints)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield self
        except BaseException:
            # an error may already have ended the whole transaction, savepoint included
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        self.conn.execute(f"RELEASE SAVEPOINT {name}")


class Migration:
    """One registered schema change: its recorded name and the function that makes it."""

    # a plain class: a dataclass costs as much to create as this whole module (~4 M instructions)
    __slots__ = ("fn", "name")

    def __init__(self, name: str, fn: Callable[[Database], None]) -> None:
        self.name, self.fn = name, fn

    def __repr__(self) -> str:
        return f"<Migration {self.name!r}>"


class Migrations:
    """A named, ordered set of schema changes, each applied once per database file.

    Register with ``@migrations()`` (or ``@migrations(name="…")``); never
    rename or edit one that has shipped, since the name is what the file
    records. :meth:`apply` runs the ones the file has not recorded, in order.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.migrations: list[Migration] = []

    def __call__(self, *, name: str | None = None) -> Callable[[Callable], Callable]:
        """Decorator registering the function as the next migration of this set."""
        def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
            label = name or fn.__name__
            if any(m.name == label for m in self.migrations):
                raise ValueError(f"migration {label!r} is already registered in set {self.name!r}")
            self.migrations.append(Migration(label, fn))
            return fn
        return register

    def applied(self, db: Database) -> list[str]:
        """Names this set has recorded in the file, in the order they ran."""
        exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            [MIGRATIONS_TABLE]).fetchone()
        if not exists:
            return []
        return [r[0] for r in db.execute(f'SELECT name FROM "{MIGRATIONS_TABLE}" WHERE migration_set = ? '
                                         "ORDER BY rowid", [self.name])]

    def pending(self, db: Database) -> list[Migration]:
        """The registered migrations the file has not recorded, in registration order."""
        done = set(self.applied(db))
        return [m for m in self.migrations if m.name not in done]

    def apply(self, db: Database) -> None:
        """Run every pending migration, each with its record in one transaction (or savepoint)."""
        todo = self.pending(db)
        if not todo:
            return  # a file at the latest version: one read, no write
        with db.atomic():
            db.execute(_CREATE_TABLE)
            db.execute(_CREATE_INDEX)
        for m in todo:
            with db.atomic():
                m.fn(db)
                db.execute(f'INSERT INTO "{MIGRATIONS_TABLE}" (migration_set, name, applied_at) VALUES (?, ?, ?)',
                           [self.name, m.name, str(datetime.datetime.now(datetime.UTC))])

    def __repr__(self) -> str:
        return f"<Migrations {self.name!r}: {', '.join(m.name for m in self.migrations)}>"


__all__ = ["Database", "Migration", "Migrations"]
