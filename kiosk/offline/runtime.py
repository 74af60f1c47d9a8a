"""The offline queue of one kiosk, built from the configuration.

:class:`OfflineQueue` opens ``<data dir>/queue.db`` (integrity check,
migrations, key), wires the courier to the hospital client, the rechecker to
the gateway client, and runs the sync worker. It hands the check-in flow its
:attr:`sink`, :attr:`departments` and the gateway's persistent
:attr:`eligibility_cache`. Storage problems become :class:`QueueStorageError`.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from kiosk.checkin.ports import EligibilityChecker
from kiosk.config import Config
from kiosk.errors import QueueStorageError
from kiosk.hospital.client import HospitalClient
from kiosk.offline.departments import CachedDepartments
from kiosk.offline.eligibility_cache import PersistentEligibilityCache
from kiosk.offline.links import GatewayLink, HospitalLink
from kiosk.offline.sink import OutboxRegistrationSink
from offline_cache import Backoff, Courier, KioskDatabase, Rechecker, StoreError, SyncWorker

log = logging.getLogger(__name__)


def open_database(config: Config, *, staff_view: bool = False, keyring_backend: Any | None = None) -> KioskDatabase:
    """Open this kiosk's database; ``staff_view`` never moves a damaged file (a kiosk may have it open)."""
    try:
        return KioskDatabase.open(config.data_path(), config.kiosk.id, move_damaged_aside=not staff_view,
                                  check="quick" if staff_view else "integrity",
                                  keyring_backend=keyring_backend)
    except StoreError as e:
        raise QueueStorageError(str(e), retryable=False) from None


class OfflineQueue:
    """Database + courier + rechecker + worker + sink for one kiosk."""

    def __init__(self, config: Config, db: KioskDatabase, hospital: HospitalClient,
                 gateway: EligibilityChecker | None = None, *, idle_poll: float = 30.0) -> None:
        self.config = config
        self.db = db
        backoff = Backoff(cap=config.queue.max_backoff_seconds)
        link = HospitalLink(hospital)
        self.courier = Courier(db.outbox, link.deliver, link.reconcile, backoff=backoff)
        self.rechecker = (Rechecker(db.outbox, GatewayLink(gateway).recheck,
                                    backoff=Backoff(cap=config.queue.max_backoff_seconds))
                          if gateway is not None else None)
        self.worker = SyncWorker(self.courier, self.rechecker, idle_poll=idle_poll,
                                 purge=lambda: db.purge(config.queue.retention_hours * 3600)["purged_items"])
        self.departments = CachedDepartments(hospital, db.departments)
        self.eligibility_cache = PersistentEligibilityCache(db.eligibility)
        self.sink = OutboxRegistrationSink(db.outbox, self.worker, department_of=self.departments.find,
                                           immediate_wait=config.queue.immediate_wait_seconds)

    @classmethod
    def open(cls, config: Config, hospital: HospitalClient, gateway: EligibilityChecker | None = None, *,
             start: bool = True, keyring_backend: Any | None = None, idle_poll: float = 30.0) -> "OfflineQueue":
        """Open the database and (by default) start the sync worker."""
        queue = cls(config, open_database(config, keyring_backend=keyring_backend), hospital, gateway,
                    idle_poll=idle_poll)
        if start:
            queue.worker.start()
        return queue

    def attach_gateway(self, gateway: EligibilityChecker) -> None:
        """Give the rechecker its gateway client (built after the queue, to share its cache)."""
        self.rechecker = Rechecker(self.db.outbox, GatewayLink(gateway).recheck,
                                   backoff=Backoff(cap=self.config.queue.max_backoff_seconds))
        self.worker.rechecker = self.rechecker

    def status(self) -> dict:
        """Counts, head of the queue, last delivery, damaged copies: for staff, IT and health checks."""
        counts = self.db.outbox.counts()
        head = self.db.outbox.head()
        last = self.db.outbox.last_delivery()
        return {
            "counts": counts,
            "worker_running": self.worker.running,
            "worker_error": self.worker.last_error,
            "head": None if head is None else {"ticket": head.kiosk_ticket, "attempts": head.attempts,
                                               "last_error": head.last_error},
            "last_delivery_age_seconds": None if last is None else round(time.time() - last, 1),
            "damaged_copies": [str(p) for p in self.db.store.damaged_copies()],
        }

    def close(self, timeout: float = 10.0) -> None:
        """Stop the worker (finishing its current step) and close the database."""
        self.worker.stop(timeout)
        self.db.close()
