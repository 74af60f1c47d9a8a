"""Persistent caches: the departments list and per-day eligibility results.

The departments list works offline from the last copy and says how old it
is. Eligibility results are kept per card per day (the gateway limits
lookups, and production clients cache successful answers per card per day);
they hold names and card numbers, so they are sealed, and the card number is
only ever stored as a keyed tag.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from offline_cache.crypto import LockedSealer, Sealer
from offline_cache.store import Store


@dataclass(frozen=True)
class CachedDepartments:
    """The last departments list and when it was fetched (epoch seconds)."""

    items: list
    fetched_at: float

    def age(self, now: float | None = None) -> float:
        """Seconds since the list was fetched."""
        return max(0.0, (time.time() if now is None else now) - self.fetched_at)


class DepartmentCache:
    """The last departments list the hospital system gave us (JSON-serialisable items)."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock

    def put(self, items: list) -> None:
        """Replace the cached list with a fresh one."""
        with self.store.write() as db:
            db.execute("INSERT OR REPLACE INTO departments (id, fetched_at, data) VALUES (1, ?, ?)",
                       [self.clock(), json.dumps(items, ensure_ascii=False)])

    def get(self) -> CachedDepartments | None:
        """The last list, or None if we never had one."""
        with self.store.read() as db:
            row = db.execute("SELECT data, fetched_at FROM departments WHERE id = 1").fetchone()
        return None if row is None else CachedDepartments(json.loads(row[0]), row[1])


class EligibilityStore:
    """Per-card, per-day eligibility answers (JSON objects), sealed at rest."""

    def __init__(self, store: Store, sealer: Sealer | LockedSealer, *, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.sealer = sealer
        self.clock = clock

    def _tag(self, card_number: str, day: date) -> str:
        return self.sealer.tag("eligibility", card_number.strip().upper(), day.isoformat())

    def get(self, card_number: str, day: date) -> dict | None:
        """The answer stored for ``card_number`` on ``day``, or None."""
        tag = self._tag(card_number, day)
        with self.store.read() as db:
            row = db.execute("SELECT sealed FROM eligibility_cache WHERE tag = ?", [tag]).fetchone()
        return None if row is None else self.sealer.open_json(row[0], f"eligibility_cache/{tag}")

    def put(self, card_number: str, day: date, answer: dict) -> None:
        """Store (or replace) the answer for ``card_number`` on ``day``."""
        tag = self._tag(card_number, day)
        with self.store.write() as db:
            db.execute("INSERT OR REPLACE INTO eligibility_cache (tag, day, stored_at, sealed) "
                       "VALUES (?, ?, ?, ?)",
                       [tag, day.isoformat(), self.clock(),
                        self.sealer.seal_json(answer, f"eligibility_cache/{tag}")])

    def drop_before(self, day: date) -> int:
        """Delete answers of days before ``day`` (they are no longer valid)."""
        with self.store.write() as db:
            return db.execute("DELETE FROM eligibility_cache WHERE day < ?", [day.isoformat()]).rowcount
