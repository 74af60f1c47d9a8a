"""Thread affinity for card traffic: one PC/SC worker thread, and a guard that enforces it.

Two reads interleaving on one card would break its secure-messaging session
(each APDU advances the send-sequence counter), and a blocking PC/SC call on
the UI thread freezes the kiosk. So every connection to a card, every APDU
and every release runs on the worker thread of a :class:`PcscThread`; the
functions that do card traffic carry :func:`runs_in_pcsc_thread`, which
raises :class:`PcscThreadError` when they are called from any other thread
(the way Electrum's ``runs_in_hwd_thread`` guards its hardware wallets).

The raw ``SCard*`` calls of one connection run on that connection's
:class:`~readers.pcsc.transport.BoundedCaller` thread, which only the worker
waits on: it exists so a dead reader times out instead of hanging the
worker. The card watcher (``monitor.py``) polls reader state on a thread of
its own with its own PC/SC context and never talks to a card.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_local = threading.local()


class PcscThreadError(RuntimeError):
    """Card traffic was attempted off the PC/SC worker thread (a programming error, never the patient's)."""


def on_pcsc_thread() -> bool:
    """True on the worker thread of a :class:`PcscThread`."""
    return getattr(_local, "pcsc_worker", False)


def runs_in_pcsc_thread(fn: F) -> F:
    """Decorate a function that talks to a card: it raises :class:`PcscThreadError` off the worker."""
    @functools.wraps(fn)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if not on_pcsc_thread():
            raise PcscThreadError(f"{fn.__qualname__} talks to the card and must run on the PC/SC worker "
                                  f"thread, not on {threading.current_thread().name!r}.")
        return fn(*args, **kwargs)
    return guarded  # type: ignore[return-value]


def _mark_worker() -> None:
    _local.pcsc_worker = True


class PcscThread:
    """The one worker thread card traffic runs on; jobs run one after another, in order.

    ``submit`` returns a :class:`concurrent.futures.Future`; ``call`` waits for
    the result (and runs at once when already on the worker, so nested calls
    cannot deadlock). ``close`` lets the queued jobs finish.
    """

    def __init__(self, name: str = "pcsc") -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name, initializer=_mark_worker)

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future:
        """Queue ``fn(*args, **kwargs)`` on the worker."""
        return self._pool.submit(fn, *args, **kwargs)

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)`` on the worker, waiting for its result (or its exception)."""
        if on_pcsc_thread():
            return fn(*args, **kwargs)
        return self.submit(fn, *args, **kwargs).result()

    def close(self, wait: bool = True) -> None:
        """Stop taking jobs; with ``wait``, return once the queued ones have run."""
        self._pool.shutdown(wait=wait, cancel_futures=not wait)

    def __enter__(self) -> PcscThread:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
