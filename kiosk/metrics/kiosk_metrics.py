"""The kiosk's metric families, in a registry of their own, and the observers that feed them."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Histogram, Info
from prometheus_client.exposition import choose_encoder

from kiosk import __version__
from kiosk.metrics.checkins import CheckInMetrics
from kiosk.metrics.labels import code_label, path_label

#: first touch → ticket: a quick QR check-in takes ~20 s, a patient who types and hesitates minutes
CHECKIN_BUCKETS = (5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600)
#: one HTTP request to the gateway or the hospital (the timeouts are seconds, not minutes)
REQUEST_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30)
#: one chip read (PACE/BAC, the data groups, passive authentication): seconds
CHIP_BUCKETS = (0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 20)

#: the gateway's two endpoints, by path (kiosk/gateway/auth.py, kiosk/gateway/client.py)
GATEWAY_ENDPOINTS = {"/api/token/take": "login", "/api/egw/KQNhanLichSuKCB2024": "lookup"}

HttpObserver = Callable[[str, float, str], None]


class KioskMetrics:
    """One kiosk's metrics: build one per composition root and pass its observers in.

    - :attr:`checkins` — the check-in flow's state listener (method, outcome, duration);
    - :meth:`http_observer` — for a :class:`~kiosk.metrics.timed_http.TimedHttpClient`
      (gateway / hospital request latency and result);
    - :meth:`gateway_answer` — every eligibility answer's code (``maKetQua`` or the error code);
    - :meth:`chip_read` — every chip read (time, result, authentication level);
    - :meth:`watch_health` — gauges read from the health report at each scrape
      (part status, queue depth and age, printer paper).
    """

    def __init__(self, kiosk_id: str = "") -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        Info("kiosk_build", "This kiosk's software version and id.", registry=r).info(
            {"version": __version__, "kiosk_id": kiosk_id if re.fullmatch(r"[A-Za-z0-9]{1,8}", kiosk_id) else ""})
        self.checkins_total = Counter(
            "kiosk_checkins", "Finished check-ins by identification method and outcome (reason: why the counter).",
            ["method", "outcome", "reason"], registry=r)
        self.checkin_seconds = Histogram(
            "kiosk_checkin_duration_seconds", "From the patient's first touch to the ticket.",
            ["method", "outcome"], buckets=CHECKIN_BUCKETS, registry=r)
        self.gateway_answers = Counter(
            "kiosk_gateway_answers", "Eligibility answers by result code (maKetQua, or the kiosk's error code).",
            ["code"], registry=r)
        self.gateway_seconds = Histogram(
            "kiosk_gateway_request_duration_seconds", "One HTTP request to the insurance gateway.",
            ["endpoint"], buckets=REQUEST_BUCKETS, registry=r)
        self.gateway_requests = Counter(
            "kiosk_gateway_requests", "HTTP requests to the insurance gateway by result (HTTP status, timeout, "
            "connection_error, redirect).", ["endpoint", "result"], registry=r)
        self.hospital_seconds = Histogram(
            "kiosk_hospital_request_duration_seconds", "One HTTP request to the hospital system.",
            ["endpoint"], buckets=REQUEST_BUCKETS, registry=r)
        self.hospital_requests = Counter(
            "kiosk_hospital_requests", "HTTP requests to the hospital system by result (HTTP status, timeout, "
            "connection_error, redirect).", ["endpoint", "result"], registry=r)
        self.chip_seconds = Histogram(
            "kiosk_chip_read_duration_seconds", "One chip read: access protocol, data groups, passive authentication.",
            ["protocol"], buckets=CHIP_BUCKETS, registry=r)
        self.chip_reads = Counter(
            "kiosk_chip_reads", "Chip reads by result (ok or the error code) and authentication level reached.",
            ["result", "authentication"], registry=r)
        self.checkins = CheckInMetrics(self.checkins_total, self.checkin_seconds)
        self._health_lock = threading.Lock()
        self._health_watched: object | None = None

    # --- observers ---------------------------------------------------------------------------
    def http_observer(self, service: str) -> HttpObserver:
        """``observe(path, seconds, result)`` for requests to ``service`` (``gateway`` / ``hospital``)."""
        if service == "gateway":
            seconds, requests, known = self.gateway_seconds, self.gateway_requests, GATEWAY_ENDPOINTS
        elif service == "hospital":
            seconds, requests, known = self.hospital_seconds, self.hospital_requests, {}
        else:
            raise ValueError(f"no request metrics for service {service!r}")

        def observe(path: str, elapsed: float, result: str) -> None:
            endpoint = path_label(path, known)
            seconds.labels(endpoint).observe(elapsed)
            requests.labels(endpoint, code_label(result)).inc()
        return observe

    def gateway_answer(self, code: str) -> None:
        """An eligibility check ended with ``code`` (the gateway's ``maKetQua`` or an error code)."""
        self.gateway_answers.labels(code_label(code)).inc()

    def chip_read(self, seconds: float, protocol: str, result: str, authentication: str) -> None:
        """A chip read took ``seconds``; ``result`` is ``ok`` or the error code, ``authentication``
        the passive-authentication level reached (``none`` when the read failed)."""
        if result == "ok":
            self.chip_seconds.labels(code_label(protocol)).observe(seconds)
        self.chip_reads.labels(code_label(result), code_label(authentication.replace(" ", "_"))).inc()

    def watch_health(self, health) -> None:
        """Export gauges from ``health.get()`` (a :class:`~kiosk.health.endpoint.CachedHealth`) at each scrape.

        The first health source is kept; a second call (a second listener) is a no-op.
        """
        from kiosk.metrics.health_gauges import HealthGauges
        with self._health_lock:
            if self._health_watched is None:
                self._health_watched = health
                self.registry.register(HealthGauges(health))

    # --- exposition ------------------------------------------------------------------------
    def exposition(self, accept: str = "") -> tuple[bytes, str]:
        """The current metrics in the format ``accept`` asks for (Prometheus text by default)."""
        encoder, content_type = choose_encoder(accept)
        return encoder(self.registry), content_type
