"""A pluggable set of health probes, run side by side, each within its own time bound.

A probe is a plain callable returning a :class:`PartHealth`. Every probe runs
on its own daemon thread: one that hangs (a USB call, a stuck driver) is
reported failing at its bound and cannot keep the kiosk, or the process
exit, waiting. Parts added later (the offline queue, a new device) call
:meth:`ProbeRegistry.register`; nothing else changes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from kiosk.health.model import HealthReport, PartHealth, failing

log = logging.getLogger(__name__)

Probe = Callable[[], PartHealth]


@dataclass(frozen=True)
class _Entry:
    name: str
    probe: Probe
    timeout: float


class ProbeRegistry:
    """Named probes with time bounds; :meth:`run` gives a :class:`HealthReport`."""

    def __init__(self, default_timeout: float = 3.0, kiosk_id: str = "") -> None:
        self.default_timeout = default_timeout
        self.kiosk_id = kiosk_id
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def register(self, name: str, probe: Probe, timeout: float | None = None) -> None:
        """Add (or replace) the probe of part ``name``."""
        with self._lock:
            self._entries[name] = _Entry(name, probe, timeout or self.default_timeout)

    def unregister(self, name: str) -> None:
        """Remove the probe of part ``name`` (no error if absent)."""
        with self._lock:
            self._entries.pop(name, None)

    def names(self) -> list[str]:
        """The registered parts, in registration order."""
        with self._lock:
            return list(self._entries)

    def run(self, only: Iterable[str] | None = None) -> HealthReport:
        """Run the probes (all, or those in ``only``) concurrently; never takes longer than the
        largest bound plus a little."""
        with self._lock:
            entries = [e for e in self._entries.values() if only is None or e.name in set(only)]
        results: dict[str, PartHealth] = {}
        done = threading.Condition()
        threads = []
        for entry in entries:
            t = threading.Thread(target=self._run_one, args=(entry, results, done),
                                 name=f"probe-{entry.name}", daemon=True)
            threads.append((entry, t, time.monotonic() + entry.timeout))
            t.start()
        for _entry, t, deadline in threads:
            t.join(max(0.0, deadline - time.monotonic()))
        parts = []
        with done:
            for entry, _t, _deadline in threads:
                found = results.get(entry.name)
                if found is None:
                    found = failing(entry.name, f"The {entry.name} check did not answer within "
                                                f"{entry.timeout:g} s.", timeout_s=entry.timeout)
                    found = replace(found, duration_ms=entry.timeout * 1000)
                    results[entry.name] = found  # a late answer must not overwrite the verdict
                parts.append(found)
        return HealthReport(tuple(parts), kiosk_id=self.kiosk_id)

    @staticmethod
    def _run_one(entry: _Entry, results: dict, done: threading.Condition) -> None:
        started = time.monotonic()
        try:
            part = entry.probe()
            if part.part != entry.name:
                part = replace(part, part=entry.name)
        except Exception as e:  # a probe bug is a failing part with a reason, not a crash
            log.warning("health probe raised", extra={"part": entry.name, "error": repr(e)})
            part = failing(entry.name, f"The {entry.name} check itself failed ({e.__class__.__name__}).",
                           error=str(e)[:200])
        part = replace(part, duration_ms=(time.monotonic() - started) * 1000)
        with done:
            results.setdefault(entry.name, part)
