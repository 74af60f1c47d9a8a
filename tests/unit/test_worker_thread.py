"""The two background threads of the queue (re-checks, the referral lane) sleep until the next due time,
never past ``idle_poll``, and stop when asked. Small in-memory fakes stand in for the rechecker and the
courier (only their ``step``/``next_due``/``clock`` ports are used)."""

from __future__ import annotations

import threading
import time

from offline_cache.courier import Step
from offline_cache.lane_worker import LaneWorker
from offline_cache.recheck_worker import RecheckWorker


class _Stepper:
    """Counts steps; after each step the next one is due ``due_in`` seconds later (None: nothing due)."""

    def __init__(self, due_in: float | None, result=None) -> None:
        self.due_in = due_in
        self.result = result
        self.steps = 0
        self.stepped = threading.Event()
        self.clock = time.monotonic

    def step(self, *, force: bool = False):
        self.steps += 1
        if self.steps >= 2:
            self.stepped.set()
        return self.result

    def next_due(self) -> float | None:
        return None if self.due_in is None else self.clock() + self.due_in


def _workers(due_in):
    rechecker = _Stepper(due_in)
    courier = _Stepper(due_in, Step.RETRY)
    return [(RecheckWorker(rechecker, idle_poll=30.0), rechecker),    # type: ignore[arg-type]
            (LaneWorker(courier, idle_poll=30.0), courier)]          # type: ignore[arg-type]


def test_a_thread_wakes_when_the_next_step_is_due_not_after_idle_poll():
    for worker, fake in _workers(due_in=0.05):
        worker.start()
        try:
            assert fake.stepped.wait(timeout=5.0), f"{type(worker).__name__} slept past the due time"
        finally:
            worker.stop()


def test_with_nothing_due_a_thread_waits_idle_poll_and_stops_at_once_when_asked():
    for worker, fake in _workers(due_in=None):
        assert worker.start() is worker and worker.running
        time.sleep(0.3)
        assert fake.steps == 1
        started = time.monotonic()
        worker.stop(timeout=5.0)
        assert not worker.running
        assert time.monotonic() - started < 2.0
        assert worker.start().running   # a stopped worker starts again
        worker.stop()
