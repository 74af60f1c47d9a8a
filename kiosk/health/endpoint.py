"""``GET http://127.0.0.1:<port>/health``: the health report as JSON, loopback only.

Bound to 127.0.0.1 whatever the configuration says: the report names devices
and addresses, so only software on the kiosk itself (a local monitoring agent,
the staff station through an SSH tunnel) may read it. A request whose ``Host``
is not a loopback name is refused (421): a web page the kiosk's browser opens
cannot read the report through DNS rebinding. Reports are cached for
``max_age`` seconds and computed by one request at a time, so a monitoring
loop cannot turn into a probe storm against the printer or the gateway.

With ``metrics`` (the root's :class:`~kiosk.metrics.KioskMetrics`) it also
answers ``GET /metrics`` in the Prometheus text format; the scrape reads the
same cached report for its gauges.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kiosk.health.model import HealthReport, Status
from kiosk.health.registry import ProbeRegistry
from kiosk.url_policy import is_loopback_host

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"


class CachedHealth:
    """Runs the registry at most once per ``max_age`` seconds; concurrent callers share a run."""

    def __init__(self, registry: ProbeRegistry, max_age: float = 5.0) -> None:
        self.registry = registry
        self.max_age = max_age
        self._lock = threading.Lock()
        self._report: HealthReport | None = None
        self._at = float("-inf")

    def get(self) -> HealthReport:
        """A report no older than ``max_age`` seconds."""
        with self._lock:
            if self._report is None or time.monotonic() - self._at > self.max_age:
                self._report = self.registry.run()
                self._at = time.monotonic()
            return self._report


def send_metrics(handler: BaseHTTPRequestHandler, metrics) -> None:
    """Answer a request with the metrics, in the format its ``Accept`` header asks for."""
    body, content_type = metrics.exposition(handler.headers.get("Accept", ""))
    handler.send_response(200)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Cache-Control", "no-store")
    handler.end_headers()
    handler.wfile.write(body)


def _host_name(host: str) -> str:
    """The name part of a Host header (``[::1]:8766`` → ``::1``, ``localhost:8766`` → ``localhost``)."""
    host = host.strip()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class HealthServer:
    """The loopback JSON endpoint (and ``/metrics``); ``port`` 0 picks a free one. ``start()``/``stop()``.

    ``health``: a :class:`CachedHealth` to share (with a scrape listener); default: one of its own.
    """

    def __init__(self, registry: ProbeRegistry, port: int, max_age: float = 5.0, *, metrics=None,
                 health: CachedHealth | None = None) -> None:
        self.health = health if health is not None else CachedHealth(registry, max_age)
        health = self.health
        if metrics is not None:
            metrics.watch_health(health)

        class _Handler(BaseHTTPRequestHandler):
            def log_message(self, fmt, *args):
                log.debug("health endpoint %s", fmt % args)

            def do_GET(self):
                host = self.headers.get("Host")
                if host is not None and not is_loopback_host(_host_name(host)):
                    return self._send(421, {"error": "this endpoint answers only to 127.0.0.1 / localhost"})
                path = self.path.split("?", 1)[0].rstrip("/")
                if path == "/metrics" and metrics is not None:
                    return send_metrics(self, metrics)
                if path not in ("/health", "") and not path.startswith("/health/"):
                    return self._send(404, {"error": "not found; try /health"})
                report = health.get()
                if path.startswith("/health/"):
                    part = report.part(path[len("/health/"):])
                    if part is None:
                        return self._send(404, {"error": "no such part",
                                                "parts": [p.part for p in report.parts]})
                    return self._send(503 if part.status is Status.FAILING else 200, part.as_dict())
                self._send(503 if report.status is Status.FAILING else 200, report.as_dict())

            def _send(self, status: int, body: dict) -> None:
                data = json.dumps(body, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

        self._httpd = ThreadingHTTPServer((LOOPBACK, port), _Handler)
        self._httpd.daemon_threads = True
        # server_close() would otherwise join every request thread: one still in a
        # probe (a stuck device call) or waiting on an idle keep-alive connection
        # would hold up stopping the endpoint, and with it the kiosk's exit.
        self._httpd.block_on_close = False
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>/health``."""
        return f"http://{LOOPBACK}:{self._httpd.server_address[1]}/health"

    def start(self) -> HealthServer:
        """Serve on a daemon thread."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.1,),
                                        name="health-endpoint", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> HealthServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
