"""Durable SQLite outbox and caches (stdlib sqlite3), Qt-free, imports nothing of ours.

Entry point: :class:`KioskDatabase` (store + key + outbox + caches); the
delivery side is a :class:`Courier` (plain callables) driven by a
:class:`SyncWorker` thread. See docs/offline-queue.md.
"""

from offline_cache.backoff import Backoff
from offline_cache.caches import CachedDepartments, DepartmentCache, EligibilityStore
from offline_cache.counters import CounterLog, CounterRecord
from offline_cache.courier import Courier, Step
from offline_cache.database import KioskDatabase
from offline_cache.errors import (
                                  DatabaseDamaged,
                                  InvalidTransition,
                                  KeyUnavailable,
                                  StorageFull,
                                  StoreBusy,
                                  StoreError,
                                  UnknownItem,
)
from offline_cache.outbox import Outbox, OutboxItem, Receipt
from offline_cache.rechecks import Rechecker, RecheckOutcome
from offline_cache.sender_lock import SenderLock
from offline_cache.store import Store
from offline_cache.worker import SyncWorker

__all__ = [
    "Backoff", "CachedDepartments", "CounterLog", "CounterRecord", "Courier", "DatabaseDamaged", "DepartmentCache",
    "EligibilityStore", "InvalidTransition", "KeyUnavailable", "KioskDatabase", "Outbox",
    "OutboxItem", "Receipt", "RecheckOutcome", "Rechecker", "SenderLock", "Step", "StorageFull", "Store",
    "StoreBusy", "StoreError", "SyncWorker", "UnknownItem",
]
