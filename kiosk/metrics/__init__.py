"""Prometheus metrics of one kiosk: counters and timings fed by observers, gauges read from health.

    metrics = KioskMetrics(kiosk_id="K01")          # the composition root owns it
    flow listener → metrics.checkins.transition(flow, old, new)
    metrics.exposition(accept_header) → (bytes, content type) for GET /metrics

Nothing here is a global: every :class:`KioskMetrics` has its own
``CollectorRegistry`` (never prometheus_client's default one), so two
kiosks in one test process never share a count. No label or value is ever
personal data: labels are fixed words or codes checked by :mod:`kiosk.metrics.labels`.
"""

from kiosk.metrics.kiosk_metrics import KioskMetrics

__all__ = ["KioskMetrics"]
