"""Work off the UI thread, results back on it.

:class:`TaskRunner` runs a function on a ``QThreadPool`` and calls
``on_done(result)`` or ``on_error(exc)`` on the UI thread, through a queued
signal. A runner with one thread runs tasks in order, which is how the
check-in flow and all PC/SC traffic are driven. (Callbacks that arrive on
foreign threads — pyscard's watcher, the camera — only emit a signal of a
QObject living on the UI thread; Qt queues the call. Never touch a widget
from those threads.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _TaskSignals(QObject):
    """Lives on the UI thread, owned by its runner; the pool thread emits, the slots run here.

    It is released with ``deleteLater`` after delivery: dropping the last
    reference inside its own slot would free it in the middle of Qt's signal
    dispatch.
    """

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done, on_error, finished, parent: QObject) -> None:
        super().__init__(parent)
        self._on_done, self._on_error, self._finished = on_done, on_error, finished
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    def _release(self) -> None:
        self._finished()
        self.deleteLater()

    @Slot(object)
    def _deliver_done(self, result: Any) -> None:
        self._release()
        if self._on_done:
            self._on_done(result)

    @Slot(object)
    def _deliver_error(self, exc: BaseException) -> None:
        self._release()
        if self._on_error:
            self._on_error(exc)
        else:
            log.error("background task failed: %s", exc.__class__.__name__)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _TaskSignals) -> None:
        super().__init__()
        self._fn, self._signals = fn, signals

    def run(self) -> None:  # on a pool thread
        try:
            result = self._fn()
        except BaseException as e:  # every failure must reach the UI thread as a value
            self._signals.failed.emit(e)
        else:
            self._signals.done.emit(result)


class TaskRunner(QObject):
    """A thread pool whose results come back on the UI thread.

    ``threads=1`` runs tasks one after another in submission order.
    """

    def __init__(self, threads: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._pool.setExpiryTimeout(-1)   # keep the thread: no start-up cost per call
        self._pending = 0     # touched on the UI thread only

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> None:
        """Run ``fn()`` on the pool; deliver its result or exception on the UI thread."""
        self._pending += 1
        signals = _TaskSignals(on_done, on_error, self._finished, self)
        self._pool.start(_Task(fn, signals))

    def _finished(self) -> None:
        self._pending -= 1

    @property
    def busy(self) -> bool:
        """True while a task is queued, running or not yet delivered."""
        return self._pending > 0

    def wait(self, msecs: int = 10000) -> bool:
        """Block until the pool is idle (shutdown and tests only)."""
        return self._pool.waitForDone(msecs)
