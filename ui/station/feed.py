"""Today's lobby, kept current by a long-poll loop on its own thread; results reach Qt only as signals.

The loop reads the whole view once, then asks the hospital system for what
changed since the cursor, waiting up to ``wait`` seconds each time (the HIS
answers as soon as a kiosk delivers). When the HIS cannot be reached the feed
says so (``unavailable``) and keeps trying; the last view stays on screen with
its age. Nothing here touches a widget.
"""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QObject, Signal

from kiosk.lobby.model import Lobby, LobbyView

log = logging.getLogger(__name__)


class LobbyFeed(QObject):
    """``changed(LobbyView)`` with the merged view; ``unavailable(exception)`` while the HIS is away."""

    changed = Signal(object)
    unavailable = Signal(object)

    def __init__(self, lobby: Lobby, *, wait: float = 20.0, retry: float = 2.0, kiosk: str | None = None) -> None:
        super().__init__()
        self._lobby, self._wait, self._retry, self._kiosk = lobby, wait, retry, kiosk
        self._stop = threading.Event()
        self._reread = threading.Event()
        self._thread: threading.Thread | None = None
        self.view: LobbyView | None = None   # the last merged view (read on the UI thread only after `changed`)

    def start(self) -> None:
        """Start the loop (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="station-lobby-feed", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 0.5) -> None:
        """Ask the loop to end; it does so when its current request returns."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def reread(self) -> None:
        """Read the whole view again at the next turn (after a stale row)."""
        self._reread.set()

    def _run(self) -> None:
        view: LobbyView | None = None
        while not self._stop.is_set():
            try:
                if view is None or self._reread.is_set():
                    self._reread.clear()
                    view = self._lobby.view(kiosk=self._kiosk)
                else:
                    delta = self._lobby.view(since=view.cursor, wait=self._wait, kiosk=self._kiosk)
                    if not delta.rows and delta.cursor == view.cursor:
                        view = LobbyView(view.rows, view.cursor, delta.fetched_at)   # fresh, nothing new
                        self._emit(self.changed, view)
                        continue
                    view = view.merge(delta)
                self._emit(self.changed, view)
            except Exception as exc:  # the HIS away (LobbyUnavailable) or a broken answer: keep the last view
                log.warning("station: lobby read failed: %s", getattr(exc, "code", exc.__class__.__name__))
                self._emit(self.unavailable, exc)
                self._stop.wait(self._retry)

    def _emit(self, signal, value) -> None:
        if not self._stop.is_set():
            signal.emit(value)


def age_seconds(view: LobbyView | None, now: float | None = None) -> int | None:
    """How old the view is (None without one)."""
    if view is None:
        return None
    return max(0, int((now if now is not None else time.time()) - view.fetched_at))
