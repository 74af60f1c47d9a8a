"""Metrics for a process nobody scrapes: the same observers as :class:`~kiosk.metrics.KioskMetrics`, no records.

A one-shot command (``kiosk checkin``) ends before any scrape could read its
counts, and its registry dies with it; building one costs the import of
prometheus_client (~30 ms of CPU, a tenth of that command's start-up). The
composition root hands out this instead when told ``record_metrics=False``.
"""

from __future__ import annotations


class _NoCheckInMetrics:
    def transition(self, flow, old, new) -> None:
        """Nothing to count: see :class:`UnrecordedMetrics`."""


class UnrecordedMetrics:
    """The observer side of :class:`~kiosk.metrics.KioskMetrics`, keeping nothing (no registry, no exposition)."""

    def __init__(self) -> None:
        self.checkins = _NoCheckInMetrics()

    def http_observer(self, service: str):
        """An ``observe(path, seconds, result)`` that drops the request's timing."""
        if service not in ("gateway", "hospital"):
            raise ValueError(f"no request metrics for service {service!r}")
        return lambda path, elapsed, result: None

    def gateway_answer(self, code: str) -> None:
        """An eligibility answer, not counted."""

    def chip_read(self, seconds: float, protocol: str, result: str, authentication: str) -> None:
        """A chip read, not counted."""
