"""The kiosk's local database in one object: store, key, outbox and caches.

``KioskDatabase.open(data_dir, kiosk_id)`` is what the application calls at
start-up: it checks the file, applies migrations, binds the installation key
and hands out the outbox and caches that share the one connection.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from offline_cache.caches import DepartmentCache, EligibilityStore
from offline_cache.counters import CounterLog
from offline_cache.crypto import LockedSealer, Sealer
from offline_cache.outbox import Outbox
from offline_cache.schema import MIGRATIONS
from offline_cache.store import Store
from offline_cache.vault import open_sealer

DB_FILE_NAME = "queue.db"


def purge_damaged_copies(db_path: Path, max_age_seconds: float, now: float) -> int:
    """Delete the damaged copies of ``db_path`` (``<name>.damaged-<time>`` and their WAL/SHM
    files) last changed more than ``max_age_seconds`` before ``now``; how many copies went.

    A damaged copy still holds sealed personal data: IT has the bound to look at it.
    """
    deleted = 0
    for copy in sorted(db_path.parent.glob(f"{db_path.name}.damaged-*")):
        if copy.name.endswith(("-wal", "-shm")):
            continue
        try:
            if now - copy.stat().st_mtime <= max_age_seconds:
                continue
            for f in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
                f.unlink(missing_ok=True)
            deleted += 1
        except OSError:
            continue   # another process removed it, or no right to: the next purge retries
    return deleted


@dataclass
class KioskDatabase:
    """Everything stored locally on one kiosk."""

    store: Store
    sealer: Sealer | LockedSealer
    outbox: Outbox
    departments: DepartmentCache
    eligibility: EligibilityStore
    counters: CounterLog
    today: Callable[[], date] = date.today

    @classmethod
    def open(cls, data_dir: str | Path, kiosk_id: str, *, busy_timeout: float = 5.0,
             move_damaged_aside: bool = True, check: str = "integrity",
             keyring_backend: Any | None = None, prefer_keyring: bool = True, need_key: bool = True,
             clock: Callable[[], float] = time.time,
             today: Callable[[], date] = date.today) -> KioskDatabase:
        """Open ``<data_dir>/queue.db`` (see :meth:`Store.open` for the checks).

        ``need_key=False`` opens even when the personal-data key is missing
        (counts, states and retries still work; reading payloads raises).
        """
        data_dir = Path(data_dir)
        store = Store.open(data_dir / DB_FILE_NAME, [MIGRATIONS], busy_timeout=busy_timeout,
                           move_damaged_aside=move_damaged_aside, check=check)
        try:
            sealer = open_sealer(store, data_dir, keyring_backend=keyring_backend,
                                 prefer_keyring=prefer_keyring, need_key=need_key)
        except BaseException:
            store.close()
            raise
        return cls(store, sealer, Outbox(store, sealer, kiosk_id=kiosk_id, clock=clock, today=today),
                   DepartmentCache(store, clock), EligibilityStore(store, sealer, clock=clock),
                   CounterLog(store, sealer, clock=clock, today=today), today)

    def purge(self, retention_seconds: float, attention_seconds: float | None = None,
              damaged_seconds: float | None = None) -> dict[str, int]:
        """Apply the retention rules now; how many of each kind were erased.

        Delivered personal data and counter outcomes after ``retention_seconds``;
        items needing staff (refused, failed re-check) after ``attention_seconds``;
        damaged database copies put aside for IT after ``damaged_seconds`` (None:
        that rule is not applied); old eligibility answers at the day's end.
        """
        dropped = self.eligibility.drop_before(self.today())
        counters = self.counters.purge(retention_seconds)
        attention = self.outbox.purge_attention(attention_seconds) if attention_seconds is not None else 0
        damaged = (purge_damaged_copies(self.store.path, damaged_seconds, self.outbox.clock())
                   if damaged_seconds is not None else 0)
        purged = self.outbox.purge(retention_seconds)  # last: it checkpoints the WAL
        return {"purged_items": purged, "purged_attention_items": attention, "dropped_eligibility": dropped,
                "purged_counter_outcomes": counters, "deleted_damaged_copies": damaged}

    def close(self) -> None:
        """Close the database."""
        self.store.close()
