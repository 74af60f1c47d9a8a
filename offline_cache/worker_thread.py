"""The life of one background delivery thread: start once, wake on a kick, stop on request.

:class:`~offline_cache.lane_worker.LaneWorker` and
:class:`~offline_cache.recheck_worker.RecheckWorker` each run one loop of steps on
their own daemon thread; what a step is and how the loop reacts differs, but
starting, stopping and sleeping until the next due time is the same.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Self


class WorkerThread(ABC):
    """Owns one daemon thread running :meth:`_run`; subclasses write the loop.

    The loop waits on :attr:`_cond` and returns once :attr:`_stop` is set.
    """

    def __init__(self, *, name: str, idle_poll: float, may_run: Callable[[], bool]) -> None:
        """``name``: the thread's name. ``idle_poll``: the longest sleep between steps.
        ``may_run``: False while another process is this queue file's sender."""
        self.name = name
        self.idle_poll = idle_poll
        self.may_run = may_run
        self._cond = threading.Condition()
        self._stop = False
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None

    @property
    def running(self) -> bool:
        """True while the thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> Self:
        """Start the thread (idempotent)."""
        if not self.running:
            self._stop = False
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the thread to finish its current step and wait up to ``timeout`` s."""
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    def _sleep_time(self, due: float | None, now: float) -> float:
        """Seconds to sleep before the next step: until ``due``, never more than ``idle_poll``."""
        return self.idle_poll if due is None else min(self.idle_poll, max(0.0, due - now))

    @abstractmethod
    def _run(self) -> None:
        """The loop: steps until :attr:`_stop` is set (each subclass writes its own)."""
