"""Counter outcomes: patients the kiosk sent to the reception counter instead of a ticket.

Staff see them in the station's "today" list and may register the visit
anyway (a staff override). ``public`` holds only non-personal labels (a
masked number, a status word, the gateway's result code); everything that
names the patient is sealed with the installation key (AES-GCM, the row id
as associated data) and erased by the same retention rule as the outbox.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from offline_cache.crypto import LockedSealer, Sealer
from offline_cache.errors import UnknownItem
from offline_cache.store import Store

_COLUMNS = "seq, id, day, created_at, public, sealed, resolved_by, resolved_at, purged_at"


@dataclass(frozen=True)
class CounterRecord:
    """One counter outcome (``personal`` None when not loaded or purged)."""

    seq: int
    id: str
    day: str
    created_at: float
    public: dict
    resolved_by: str | None
    resolved_at: float | None
    purged: bool
    personal: dict | None = field(default=None, repr=False)


class CounterLog:
    """The ``counter_outcomes`` table of a :class:`Store`."""

    def __init__(self, store: Store, sealer: Sealer | LockedSealer, *, clock: Callable[[], float] = time.time,
                 today: Callable[[], date] = date.today) -> None:
        self.store, self.sealer, self.clock, self.today = store, sealer, clock, today

    @staticmethod
    def _aad(record_id: str) -> str:
        return f"counter_outcomes/{record_id}"

    def record(self, record_id: str, public: dict, personal: dict) -> CounterRecord:
        """Store one outcome durably; idempotent on ``record_id`` (the check-in's client id)."""
        if not record_id or len(record_id) > 128:
            raise ValueError("a counter outcome id must be 1-128 characters")
        with self.store.write() as db:
            db.execute("INSERT OR IGNORE INTO counter_outcomes (id, day, created_at, public, sealed) "
                       "VALUES (?, ?, ?, ?, ?)",
                       [record_id, self.today().isoformat(), self.clock(),
                        json.dumps(public, ensure_ascii=False),
                        self.sealer.seal_json(personal, self._aad(record_id))])
            row = db.execute(f"SELECT {_COLUMNS} FROM counter_outcomes WHERE id = ?", [record_id]).fetchone()
        return self._record(row, with_personal=False)

    def get(self, record_id: str, *, with_personal: bool = False) -> CounterRecord:
        """The outcome ``record_id``; :class:`UnknownItem` if there is none."""
        with self.store.read() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM counter_outcomes WHERE id = ?", [record_id]).fetchone()
        if row is None:
            raise UnknownItem(f"no counter outcome {record_id!r}")
        return self._record(row, with_personal=with_personal)

    def items(self, day: str | None = None, *, limit: int = 500, with_personal: bool = False) -> list[CounterRecord]:
        """Outcomes of ``day`` (default today), newest first."""
        with self.store.read() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM counter_outcomes WHERE day = ? ORDER BY seq DESC LIMIT ?",
                              [day or self.today().isoformat(), int(limit)]).fetchall()
        return [self._record(r, with_personal=with_personal) for r in rows]

    def mark_resolved(self, record_id: str, resolved_by: str) -> None:
        """Staff registered this patient anyway (``resolved_by`` = the override's client id)."""
        with self.store.write() as db:
            n = db.execute("UPDATE counter_outcomes SET resolved_by = ?, resolved_at = ? WHERE id = ?",
                           [resolved_by, self.clock(), record_id]).rowcount
        if n == 0:
            raise UnknownItem(f"no counter outcome {record_id!r}")

    def purge(self, retention_seconds: float) -> int:
        """Erase the sealed personal data of outcomes older than ``retention_seconds``."""
        cutoff = self.clock() - retention_seconds
        with self.store.write() as db:
            return db.execute("UPDATE counter_outcomes SET sealed = NULL, purged_at = ? "
                              "WHERE sealed IS NOT NULL AND created_at <= ?", [self.clock(), cutoff]).rowcount

    def _record(self, row, *, with_personal: bool) -> CounterRecord:
        seq, rid, day, created, public, sealed, by, at, purged_at = row
        personal = self.sealer.open_json(sealed, self._aad(rid)) if with_personal and sealed is not None else None
        return CounterRecord(seq, rid, day, created, json.loads(public or "{}"), by, at,
                             purged_at is not None or sealed is None, personal)
