"""Stopping long-running commands (`simulator`, `doctor --serve`) cleanly.

A process started as a background job of a non-interactive shell inherits
SIGINT *ignored*, and Python then installs no Ctrl-C handler; systemd stops
services with SIGTERM. Both must end the serve loop the same way.
"""

from __future__ import annotations

import queue
import signal
import threading
from collections.abc import Callable
from typing import Any


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    """Make Ctrl-C (SIGINT) and SIGTERM raise KeyboardInterrupt on the main thread."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)


class BlockingCalls:
    """Blocking calls (a long-poll) made on one daemon thread while the main thread waits in short steps.

    A signal that arrives just before the main thread enters a blocking
    socket wait is only acted on when that wait ends: with a 10-second
    long-poll on the main thread, Ctrl-C could take 10 seconds. Here the main
    thread waits at most ``step_s`` at a time, so KeyboardInterrupt is raised
    within ``step_s``; the daemon thread (and the call it is in) is left
    behind when the process ends. The same thread serves every call, so
    connections kept per thread are reused.
    """

    def __init__(self, step_s: float = 0.2) -> None:
        self._step_s = step_s
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], dict, threading.Event]] = queue.SimpleQueue()
        threading.Thread(target=self._work, name="blocking-calls", daemon=True).start()

    def _work(self) -> None:
        while True:
            fn, box, done = self._jobs.get()
            try:
                box["value"] = fn()
            except BaseException as e:  # handed to the caller, raised there
                box["error"] = e
            finally:
                done.set()

    def call(self, fn: Callable[[], Any]) -> Any:
        """``fn()`` on the worker thread: its value, or its exception raised here."""
        box: dict[str, Any] = {}
        done = threading.Event()
        self._jobs.put((fn, box, done))
        while not done.wait(self._step_s):
            pass
        if "error" in box:
            raise box["error"]
        return box["value"]
