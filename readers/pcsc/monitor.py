"""Watch readers for cards being inserted and removed, on ONE worker thread.

Events are plain :class:`CardEvent` values handed to a callback (or put on
a queue); the UI turns them into Qt signals. The loop blocks in
``SCardGetStatusChange`` with a short timeout so :meth:`CardWatcher.stop`
returns promptly, and re-lists readers so plugging a reader in works too.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from readers.pcsc import system

log = logging.getLogger("readers.pcsc.monitor")

CARD_INSERTED = "card-inserted"
CARD_REMOVED = "card-removed"
READER_ADDED = "reader-added"
READER_REMOVED = "reader-removed"
SERVICE_DOWN = "service-down"


@dataclass(frozen=True)
class CardEvent:
    """Something changed on a reader: ``kind`` is one of the constants above."""

    kind: str
    reader: str
    atr: bytes = b""


class CardWatcher:
    """One daemon thread reporting card/reader changes to ``on_event``.

    ``on_event`` runs on the watcher thread: keep it short (put the event on
    a queue or emit a Qt signal). Exceptions it raises are logged, never
    kill the watcher.
    """

    def __init__(self, on_event: Callable[[CardEvent], None], poll_ms: int = 250) -> None:
        self._on_event = on_event
        self._poll_ms = poll_ms
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._present: dict[str, bool] = {}
        self._counts: dict[str, int] = {}     # each reader's card event counter, as last seen

    @classmethod
    def to_queue(cls, q: queue.Queue[CardEvent], poll_ms: int = 250) -> CardWatcher:
        """A watcher that puts every event on ``q``."""
        return cls(q.put, poll_ms)

    def start(self) -> CardWatcher:
        """Start the thread (the first events describe the current state)."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="pcsc-watcher", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the thread to end and wait up to ``timeout`` s for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _emit(self, event: CardEvent) -> None:
        try:
            self._on_event(event)
        except Exception:  # a bad consumer must not kill card detection
            log.exception("card event consumer failed")

    def _run(self) -> None:
        sc = system._need_scard()
        ctx = None
        down_reported = False
        while not self._stop.is_set():
            if ctx is None:
                hresult, new_ctx = sc.SCardEstablishContext(sc.SCARD_SCOPE_USER)
                if hresult != sc.SCARD_S_SUCCESS:
                    if not down_reported:
                        self._emit(CardEvent(SERVICE_DOWN, ""))
                        down_reported = True
                    self._stop.wait(1.0)
                    continue
                ctx, down_reported = new_ctx, False
            try:
                ok = self._poll(sc, ctx)
            except Exception:
                log.exception("card watcher poll failed")
                ok = False
            if not ok:
                sc.SCardReleaseContext(ctx)
                ctx = None
                self._stop.wait(0.5)
        if ctx is not None:
            sc.SCardReleaseContext(ctx)

    def _poll(self, sc, ctx) -> bool:
        hresult, names = sc.SCardListReaders(ctx, [])
        names = list(names or []) if hresult == sc.SCARD_S_SUCCESS else []
        if hresult not in (sc.SCARD_S_SUCCESS,) and system._code(hresult) != 0x8010002E:
            return False
        for gone in [n for n in self._present if n not in names]:
            self._counts.pop(gone, None)
            if self._present.pop(gone):
                self._emit(CardEvent(CARD_REMOVED, gone))
            self._emit(CardEvent(READER_REMOVED, gone))
        for new in [n for n in names if n not in self._present]:
            self._present[new] = False
            self._emit(CardEvent(READER_ADDED, new))
        if not names:
            self._stop.wait(self._poll_ms / 1000)
            return True
        states = [(n, sc.SCARD_STATE_UNAWARE) for n in names]
        hresult, states = sc.SCardGetStatusChange(ctx, 0, states)
        if hresult != sc.SCARD_S_SUCCESS:
            return False
        self._diff(sc, states)
        # Block until something changes (or the poll interval ends).
        waiting = [(n, ev & ~sc.SCARD_STATE_CHANGED) for n, ev, _atr in states]
        hresult, states = sc.SCardGetStatusChange(ctx, self._poll_ms, waiting)
        if hresult == sc.SCARD_S_SUCCESS:
            self._diff(sc, states)
        return True

    def _diff(self, sc, states) -> None:
        for name, event, atr in states:
            present = bool(event & sc.SCARD_STATE_PRESENT) and not event & sc.SCARD_STATE_MUTE
            # The high word counts insertions and removals (pcsc-lite, Windows; 0 where unsupported;
            # a reset or power-down does not move it). A card lifted and another laid down between
            # two looks leaves "present" unchanged: only the counter tells, and the kiosk must
            # hear the removal (the take-your-card reminder, a new patient's card).
            count, seen = (event >> 16) & 0xFFFF, self._counts.get(name)
            self._counts[name] = count
            if present and self._present.get(name, False) and seen is not None and count and count != seen:
                self._emit(CardEvent(CARD_REMOVED, name))
                self._emit(CardEvent(CARD_INSERTED, name, bytes(atr)))
                continue
            if present != self._present.get(name, False):
                self._present[name] = present
                self._emit(CardEvent(CARD_INSERTED if present else CARD_REMOVED, name,
                                     bytes(atr) if present else b""))
