"""The sync worker: one thread that drains the outbox and runs re-checks.

It sleeps until the head item is due (or ``idle_poll`` seconds, or a
:meth:`SyncWorker.kick`), runs one courier step and one re-check step, and
repeats. :meth:`SyncWorker.deliver_now` is how a check-in gets a bounded
"try right now" without ever sending from a second thread: only this thread
talks to the hospital, so order and idempotency hold.

With a :class:`~offline_cache.sender_lock.SenderLock`, the thread runs only
in the process that holds the queue file's lock: another process opening
the same folder keeps a light ``outbox-standby`` thread that takes over when
the holder exits, and its check-ins wait for the holder's delivery by
reading the shared file.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from offline_cache.courier import Courier, Step
from offline_cache.errors import StoreError
from offline_cache.outbox import OutboxItem
from offline_cache.rechecks import Rechecker
from offline_cache.sender_lock import SenderLock

log = logging.getLogger(__name__)

_FINAL = ("delivered", "needs-attention")


class SyncWorker:
    """Owns the delivery thread. ``start()``, ``kick()``, ``deliver_now()``, ``stop()``."""

    def __init__(self, courier: Courier, rechecker: Rechecker | None = None, *,
                 idle_poll: float = 30.0, purge: Callable[[], object] | None = None,
                 purge_every: float = 600.0, lock: SenderLock | None = None,
                 shared_poll: float = 1.0, standby_poll: float = 2.0) -> None:
        self.courier = courier
        self.lock = lock
        # With a lock, other processes may enqueue without being able to kick this thread:
        # look at the queue at least this often (one indexed read).
        self.shared_poll = shared_poll
        self.standby_poll = standby_poll
        self._standby: threading.Thread | None = None
        self.rechecker = rechecker
        self.idle_poll = idle_poll
        self.purge = purge
        self.purge_every = purge_every
        self._cond = threading.Condition()
        self._stop = False
        self._urgent = False
        self._generation = 0          # completed steps, for deliver_now()
        self._begun = 0               # rounds begun
        self._forced_failure = 0      # the number of the last "try now" round that failed
        self._last_error: str | None = None
        self._thread: threading.Thread | None = None
        self._last_purge = 0.0

    @property
    def running(self) -> bool:
        """True while the thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def last_error(self) -> str | None:
        """The last storage error the loop met (None after a clean step)."""
        return self._last_error

    @property
    def standing_by(self) -> bool:
        """True while another process holds the sender lock and this one waits to take over."""
        return self._standby is not None and self._standby.is_alive()

    def start(self) -> SyncWorker:
        """Start the thread (idempotent); with a lock held elsewhere, stand by instead."""
        if self.running or self.standing_by:
            return self
        self._stop = False
        if self.lock is not None and not self.lock.try_acquire():
            log.info("another process delivers this queue; standing by")
            self._standby = threading.Thread(target=self._stand_by, name="outbox-standby", daemon=True)
            self._standby.start()
            return self
        self._start_sending()
        return self

    def _start_sending(self) -> None:
        # Holding the lock (or, without one, trusted by its builder to be the only sender):
        # items a dead sender left mid-send are this worker's to reconcile and resend.
        claimed = self.courier.outbox.claim_sending()
        if claimed:
            log.info("took over %d item(s) another sender left mid-send", claimed)
        self._thread = threading.Thread(target=self._run, name="outbox-sync", daemon=True)
        self._thread.start()

    def _stand_by(self) -> None:
        lock = self.lock
        if lock is None:  # without a lock this worker is the only sender: it never stands by
            return
        while True:
            with self._cond:
                if self._stop:
                    return
                self._cond.wait(timeout=self.standby_poll)
                if self._stop:
                    return
            if lock.try_acquire():
                log.info("the other sender stopped; this process delivers the queue now")
                try:
                    self._start_sending()
                except Exception as e:  # cannot claim: give the lock back to whoever can
                    log.error("taking over the queue failed: %s", e)
                    lock.release()
                    continue
                return

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the thread to finish its current step and wait up to ``timeout`` s."""
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        if self._standby is not None:
            self._standby.join(timeout)
        if self._thread is not None:
            self._thread.join(timeout)
        if self.lock is not None and not self.running:
            self.lock.release()

    def kick(self, *, urgent: bool = False) -> None:
        """Wake the thread; ``urgent`` tries the head now even if it is backing off."""
        with self._cond:
            self._urgent = self._urgent or urgent
            self._cond.notify_all()

    def deliver_now(self, item_id: str, timeout: float) -> OutboxItem:
        """Try to deliver (everything up to) ``item_id`` within ``timeout`` seconds.

        Returns the item as it stands when it was delivered or refused, when a
        delivery attempt failed (later items cannot pass it), or when the time
        is up; the worker carries on in the background either way.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            begun = self._begun   # a round under way began before this call: its failure is not the answer
            self._urgent = True
            self._cond.notify_all()
        while True:
            item = self.courier.outbox.get(item_id)
            if item.state in _FINAL:
                return item
            with self._cond:
                if self._forced_failure > begun:  # the hospital did not take the line now
                    return self.courier.outbox.get(item_id)
                left = deadline - time.monotonic()
                if left <= 0 or not (self.running or self.standing_by):
                    return item
                if not self.running:  # another process sends: read its progress from the file
                    self._cond.wait(timeout=min(left, 0.05))
                    continue
                seen = self._generation

                def moved_on(seen: int = seen) -> bool:
                    return self._generation != seen or self._stop
                self._cond.wait_for(moved_on, timeout=left)

    def _run(self) -> None:
        force = False
        while True:
            with self._cond:
                if self._stop:
                    return
                force, self._urgent = force or self._urgent, False
                self._begun += 1
                round_no = self._begun
            step = self._one_round(force)
            with self._cond:
                self._generation += 1
                if force and step in (Step.RETRY, Step.IN_DOUBT):
                    self._forced_failure = round_no
                self._cond.notify_all()
                if self._stop:
                    return
                if step in (Step.DELIVERED, Step.RECONCILED, Step.ATTENTION):
                    # The hospital is answering: take the next item now, and if this burst was
                    # a "try now", keep ignoring backoffs until the line is through or fails.
                    continue
                force = False
                if self._urgent:
                    continue
                self._cond.wait(timeout=self._sleep_for())

    def _one_round(self, force: bool) -> Step:
        try:
            step = self.courier.step(force=force)
            if self.rechecker is not None:
                self.rechecker.step(force=force)
            if self.purge is not None and time.monotonic() - self._last_purge >= self.purge_every:
                self._last_purge = time.monotonic()
                self.purge()
            self._last_error = None
            return step
        except StoreError as e:  # disk full, locked, damaged: report, keep the thread alive
            self._last_error = str(e)
            log.error("queue sync step failed: %s", e)
            return Step.RETRY
        except Exception as e:  # a bug must not kill the only sender
            self._last_error = f"{e.__class__.__name__}: {e}"
            log.exception("queue sync step crashed")
            return Step.RETRY

    def _sleep_for(self) -> float:
        try:
            dues = [self.courier.next_due()]
            if self.rechecker is not None:
                dues.append(self.rechecker.next_due())
        except Exception:
            return min(self.idle_poll, 5.0)
        now = self.courier.clock()
        waits = [max(0.0, d - now) for d in dues if d is not None]
        longest = self.idle_poll if self.lock is None else min(self.idle_poll, self.shared_poll)
        return min([longest] + waits)
