"""Prometheus metrics of one kiosk: counters and timings fed by observers, gauges read from health.

    metrics = KioskMetrics(kiosk_id="K01")          # the composition root owns it
    flow listener → metrics.checkins.transition(flow, old, new)
    metrics.exposition(accept_header) → (bytes, content type) for GET /metrics

Nothing here is a global: every :class:`KioskMetrics` has its own
``CollectorRegistry`` (never prometheus_client's default one), so two
kiosks in one test process never share a count. No label or value is ever
personal data: labels are fixed words or codes checked by :mod:`kiosk.metrics.labels`.

:class:`KioskMetrics` is looked up on first use, so importing a sibling
(``kiosk.metrics.timed_http``, ``kiosk.metrics.unrecorded``) does not load
prometheus_client: a one-shot ``kiosk checkin`` has no scrape to feed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.metrics.kiosk_metrics import KioskMetrics

__all__ = ["KioskMetrics"]


def __getattr__(name: str):
    if name == "KioskMetrics":
        from kiosk.metrics.kiosk_metrics import KioskMetrics
        return KioskMetrics
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
