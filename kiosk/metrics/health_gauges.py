"""Gauges read from the health report at scrape time: part status, the queue, the printer's paper.

The report is the health endpoint's own cached one (at most one probe run
per ``max_age`` seconds, however often Prometheus scrapes), so a scrape
costs no more device or network traffic than a ``GET /health``.
"""

from __future__ import annotations

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from kiosk.metrics.labels import code_label

PAPER_STATES = ("ok", "low", "out", "unknown", "none")


class HealthGauges(Collector):
    """Turns ``health.get()`` (a :class:`~kiosk.health.model.HealthReport`) into gauges."""

    def __init__(self, health) -> None:
        self.health = health

    def describe(self):
        """Nothing to describe ahead of a scrape (the parts are known only from a report)."""
        return []

    def collect(self):
        """The gauges of the current (cached) report."""
        report = self.health.get()
        status = GaugeMetricFamily("kiosk_part_status", "Health of each part: 0 ok, 1 degraded, 2 failing.",
                                   labels=["part"])
        for part in report.parts:
            status.add_metric([code_label(part.part)], part.status.rank)
        yield status
        queue = report.part("queue")
        detail = queue.detail if queue is not None else {}
        for name, key, text in (
                ("kiosk_queue_depth", "depth", "Registrations waiting to be sent to the hospital system."),
                ("kiosk_queue_oldest_seconds", "oldest_pending_s", "Age of the oldest registration waiting."),
                ("kiosk_queue_needs_attention", "needs_attention", "Queued registrations that need staff."),
                ("kiosk_queue_rechecks_waiting", "eligibility_rechecks",
                 "Pending insurance checks waiting to be asked again.")):
            value = detail.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                yield GaugeMetricFamily(name, text, value=value)
        printer = report.part("printer")
        if printer is not None:
            state = "none" if printer.detail.get("kind") == "none" else str(printer.detail.get("paper", "unknown"))
            state = state if state in PAPER_STATES else "unknown"
            paper = GaugeMetricFamily("kiosk_printer_paper", "The ticket printer's paper sensor: 1 for the "
                                      "current state (none: no printer configured).", labels=["state"])
            for s in PAPER_STATES:
                paper.add_metric([s], 1.0 if s == state else 0.0)
            yield paper
