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
from kiosk.errors import HospitalError, QueueStorageError
from kiosk.facility_time import facility_now, facility_today
from kiosk.hospital.client import HospitalClient
from kiosk.lobby.referrals import KIND as REFERRAL
from kiosk.lobby.referrals import ReferralLink, ReferralQueue
from kiosk.offline.counter_outcomes import QueueCounterRecorder
from kiosk.offline.departments import CachedDepartments
from kiosk.offline.eligibility_cache import PersistentEligibilityCache
from kiosk.offline.links import GatewayLink, HospitalLink, identity_of, registration_of
from kiosk.offline.sink import OutboxRegistrationSink
from offline_cache import (
    Backoff,
    Courier,
    DatabaseDamaged,
    KioskDatabase,
    OutboxItem,
    Rechecker,
    SenderLock,
    StoreError,
    SyncWorker,
)
from offline_cache.lane_worker import LaneWorker
from offline_cache.recheck_worker import RecheckWorker

log = logging.getLogger(__name__)


def open_database(config: Config, *, staff_view: bool = False, keyring_backend: Any | None = None) -> KioskDatabase:
    """Open this kiosk's database; ``staff_view`` never moves a damaged file (a kiosk may have it open)."""
    try:
        return KioskDatabase.open(config.data_path(), config.kiosk.id, move_damaged_aside=not staff_view,
                                  check="quick" if staff_view else "integrity",
                                  keyring_backend=keyring_backend, need_key=not staff_view,
                                  today=facility_today(config.facility.time_zone))
    except StoreError as e:
        raise QueueStorageError(str(e), retryable=False) from None


def open_kiosk_database(config: Config, *, keyring_backend: Any | None = None
                        ) -> tuple[KioskDatabase, DatabaseDamaged | None]:
    """The kiosk's own start-up: a damaged file is put aside and a fresh queue started.

    The kiosk keeps serving patients; the damage is returned (and logged) so
    the staff view and ``kiosk queue status`` show it until IT has dealt with
    the copy. Anything else that stops the database raises :class:`QueueStorageError`.
    """
    try:
        return KioskDatabase.open(config.data_path(), config.kiosk.id, keyring_backend=keyring_backend,
                                  today=facility_today(config.facility.time_zone)), None
    except DatabaseDamaged as damage:
        if damage.moved_to is None:
            raise QueueStorageError(str(damage), retryable=False) from None
        log.error("%s", damage)
        return open_database(config, keyring_backend=keyring_backend), damage
    except StoreError as e:
        raise QueueStorageError(str(e), retryable=False) from None


def in_flight_seconds(config: Config) -> float:
    """How long after a send started the hospital may still be processing it: the connection
    time plus the longer of the read timeout and ``queue.hospital_processing_seconds``."""
    h = config.hospital
    return h.connect_timeout + max(h.read_timeout, config.queue.hospital_processing_seconds)


def purge_queue(db: KioskDatabase, config: Config) -> dict[str, int]:
    """Apply every retention bound of ``[queue]`` now; log and return what was erased."""
    q = config.queue
    result = db.purge(q.retention_hours * 3600, q.attention_retention_hours * 3600,
                      q.damaged_copy_retention_hours * 3600)
    if any(result.values()):
        log.info("retention: %s", ", ".join(f"{k} {v}" for k, v in result.items()))
    return result


class OfflineQueue:
    """Database + courier + rechecker + worker + sink for one kiosk."""

    def __init__(self, config: Config, db: KioskDatabase, hospital: HospitalClient,
                 gateway: EligibilityChecker | None = None, *, idle_poll: float = 30.0,
                 damage: DatabaseDamaged | None = None) -> None:
        self.config = config
        self.db = db
        self.damage = damage  # a damaged file put aside at this start (shown to staff)
        backoff = Backoff(cap=config.queue.max_backoff_seconds)
        link = HospitalLink(hospital)
        # Referrals (docs/lobby.md) wait in the same outbox, in their own lane: a referral
        # never holds up a registration, and registrations keep their strict order.
        self.referrals = ReferralQueue(db.outbox, config.kiosk.id, kick=self._kick_referrals)
        self.courier = Courier(db.outbox, link.deliver, link.reconcile, backoff=backoff,
                               in_flight=in_flight_seconds(config), kind="registration",
                               on_refused=self._registration_refused)
        referral_link = ReferralLink(hospital)
        self.referral_courier = Courier(db.outbox, referral_link.deliver, referral_link.reconcile,
                                        backoff=Backoff(cap=config.queue.max_backoff_seconds),
                                        in_flight=in_flight_seconds(config), kind=REFERRAL)
        # One sender per queue file across processes (kiosk + station on one PC): the lock decides.
        self.worker = SyncWorker(self.courier, None, idle_poll=idle_poll,
                                 purge=lambda: purge_queue(db, config), lock=SenderLock(db.store.path))
        # only the process that delivers registrations delivers referrals (one sender per file);
        # a referral another process wrote (it cannot kick this thread) is noticed within 2 s
        self.referral_worker = LaneWorker(self.referral_courier, idle_poll=min(idle_poll, 2.0),
                                          name="referral-sync", may_run=lambda: self.worker.running)
        self.rechecker = self._rechecker(gateway) if gateway is not None else None
        # Re-checks run on their own thread and schedule, never inside a delivery step (a
        # registration never waits on another patient's gateway lookup), and only in the
        # process that holds the sender lock.
        self.recheck_worker = self._recheck_worker() if self.rechecker is not None else None
        self.departments = CachedDepartments(hospital, db.departments)
        self.eligibility_cache = PersistentEligibilityCache(db.eligibility)
        self.counter_recorder = QueueCounterRecorder(db.counters, config.kiosk.id, referrals=self.referrals)
        self.sink = OutboxRegistrationSink(db.outbox, self.worker, department_of=self.departments.find,
                                           immediate_wait=config.queue.immediate_wait_seconds,
                                           one_ticket_per_day=config.kiosk.one_ticket_per_day,
                                           clock=facility_now(config.facility.time_zone))

    @classmethod
    def open(cls, config: Config, hospital: HospitalClient, gateway: EligibilityChecker | None = None, *,
             start: bool = True, keyring_backend: Any | None = None, idle_poll: float = 30.0) -> OfflineQueue:
        """Open the database and (by default) start the sync worker."""
        db, damage = open_kiosk_database(config, keyring_backend=keyring_backend)
        queue = cls(config, db, hospital, gateway, idle_poll=idle_poll, damage=damage)
        if start:
            queue.start()
        return queue

    def start(self) -> None:
        """Start the sync worker (or its stand-by), the referral lane and the re-check thread (idempotent)."""
        self.worker.start()
        self.referral_worker.start()
        if self.recheck_worker is not None:
            self.recheck_worker.start()

    def _recheck_worker(self) -> RecheckWorker:
        assert self.rechecker is not None  # built only when there is a gateway to re-check with
        # a new pending item is noticed within one minimum delay (a cheap indexed read)
        poll = min(self.worker.idle_poll, self.config.gateway.recheck_min_delay_seconds)
        return RecheckWorker(self.rechecker, idle_poll=poll, may_run=lambda: self.worker.running)

    def _rechecker(self, gateway: EligibilityChecker) -> Rechecker:
        return Rechecker(self.db.outbox, GatewayLink(gateway, facility_now(self.config.facility.time_zone)).recheck,
                         backoff=Backoff(cap=self.config.queue.max_backoff_seconds),
                         min_delay=self.config.gateway.recheck_min_delay_seconds,
                         on_failed=self._recheck_failed)

    # -- referrals the queue itself sets off (each in the transaction of its cause) ----------------
    def _kick_referrals(self) -> None:
        worker = getattr(self, "referral_worker", None)
        if worker is not None:
            worker.kick(urgent=True)

    def _registration_refused(self, item: OutboxItem, reason: str) -> None:
        """A registration the hospital refused (4xx) becomes a ``hospital-refused`` referral."""
        try:
            identity = identity_of(registration_of(item))
        except HospitalError:    # unreadable or purged: staff still hear of it, without the identity
            identity = None
        self.referrals.hospital_refused(item, identity, reason)

    def _recheck_failed(self, item: OutboxItem, reason: str) -> None:
        """An offline ticket whose re-check said "not covered" becomes a ``recheck-failed`` referral."""
        try:
            identity = identity_of(registration_of(item))
        except HospitalError:
            log.error("re-check of %s failed but its registration cannot be read; no referral", item.kiosk_ticket)
            return
        self.referrals.recheck_failed(item, identity, reason)

    def attach_gateway(self, gateway: EligibilityChecker) -> None:
        """Give the re-checks their gateway client (built after the queue, to share its cache)."""
        self.rechecker = self._rechecker(gateway)
        started = self.recheck_worker is not None and self.recheck_worker.running
        if self.recheck_worker is not None:
            self.recheck_worker.stop()
        self.recheck_worker = self._recheck_worker()
        if started or self.worker.running or self.worker.standing_by:
            self.recheck_worker.start()

    def status(self) -> dict:
        """Counts, head of the queue, last delivery, damaged copies: for staff, IT and health checks."""
        counts = self.db.outbox.counts()
        head = self.db.outbox.head(with_payload=False)
        last = self.db.outbox.last_delivery()
        return {
            "counts": counts,
            "worker_running": self.worker.running,
            "worker_standing_by": self.worker.standing_by,  # another process delivers this file
            "worker_error": self.worker.last_error,
            "head": None if head is None else {"ticket": head.kiosk_ticket, "attempts": head.attempts,
                                               "last_error": head.last_error},
            "last_delivery_age_seconds": None if last is None else round(time.time() - last, 1),
            "damaged_copies": [str(p) for p in self.db.store.damaged_copies()],
            "damage_at_start": None if self.damage is None else str(self.damage),
        }

    def close(self, timeout: float = 10.0) -> None:
        """Stop the workers (each finishing its current step) and close the database."""
        if self.recheck_worker is not None:
            self.recheck_worker.stop(timeout)
        # a short process (``kiosk checkin``) gets its referral out before it exits, within the
        # bound a patient's registration gets; what is left goes with the next start
        self.referral_worker.drain(min(timeout, self.config.queue.immediate_wait_seconds))
        self.referral_worker.stop(timeout)
        self.worker.stop(timeout)
        self.db.close()
