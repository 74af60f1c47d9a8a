"""Remote services probed on a schedule, never per request.

A gateway probe is a real VSS login; the gateway rate-limits the facility's
account and a blocked account stops check-ins for the whole hospital. So
while the kiosk runs, the gateway and hospital probes run on their own
thread every ``every`` seconds, and every reader (the health endpoint, the
heartbeat) gets the last result, however often it asks.
"""

from __future__ import annotations

import logging
import threading

from kiosk.health.model import PartHealth, degraded
from kiosk.health.registry import Probe

log = logging.getLogger(__name__)


class ScheduledProbe:
    """Wraps ``probe``: runs it at start and then every ``every`` seconds; calling returns the last result.

    ``quick()`` (optional) is asked first on each call: what is known without
    any request (e.g. the live client's last check-in answered), or None.
    """

    def __init__(self, part: str, probe: Probe, every: float, quick=None) -> None:
        self.part = part
        self._probe = probe
        self._quick = quick
        self.every = every
        self.runs = 0
        self._last: PartHealth | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __call__(self) -> PartHealth:
        known = self._quick() if self._quick is not None else None
        if known is not None:
            return known
        with self._lock:
            last = self._last
        return last if last is not None else degraded(self.part, "Not checked yet (the first check is running).")

    def start(self) -> ScheduledProbe:
        """Begin the schedule on a daemon thread (the first run is at once)."""
        self._thread = threading.Thread(target=self._loop, name=f"health-{self.part}", daemon=True)
        self._thread.start()
        return self

    def refresh(self) -> PartHealth:
        """Run the real probe now (the schedule's one step)."""
        try:
            result = self._probe()
        except Exception as e:
            log.exception("health probe %s raised", self.part)
            result = degraded(self.part, f"The check itself failed ({e.__class__.__name__}).")
        with self._lock:
            self._last = result
            self.runs += 1
        return result

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.refresh()
            self._stop.wait(self.every)

    def stop(self) -> None:
        """End the schedule (a run in progress finishes on its own)."""
        self._stop.set()
