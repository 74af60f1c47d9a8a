"""The heartbeat: the health report POSTed to the hospital system on a schedule.

``POST {hospital.url}/heartbeat`` with the report's JSON (kiosk id, version,
overall status, every part; never personal data), on a daemon thread. A
missed beat is logged once per outage, not once per beat, and retried at the
next tick; the heartbeat never touches a check-in.
"""

from __future__ import annotations

import logging
import threading
import time

import requests

from kiosk.config import HospitalSettings
from kiosk.health.registry import ProbeRegistry
from kiosk.http import HttpClient

log = logging.getLogger(__name__)


class Heartbeat:
    """Posts ``registry.run()`` every ``interval`` seconds until :meth:`stop`."""

    def __init__(self, registry: ProbeRegistry, hospital: HospitalSettings, interval: float) -> None:
        from kiosk.hospital.client import API_KEY_HEADER
        self.registry = registry
        self.interval = interval
        self._http = HttpClient(hospital.url, hospital.connect_timeout, hospital.read_timeout,
                                 name="hospital.url")
        self._http.session.headers[API_KEY_HEADER] = hospital.api_key
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.sent = 0
        self.failed = 0
        self.last_error = ""

    def beat(self) -> bool:
        """Send one report now; True when the hospital system took it."""
        report = self.registry.run()
        try:
            resp = self._http.request("POST", "heartbeat", json=report.as_dict())
            ok = 200 <= resp.status_code < 300
            error = "" if ok else f"HTTP {resp.status_code}"
        except requests.RequestException as e:
            ok, error = False, e.__class__.__name__
        if ok:
            if self.last_error:
                log.info("heartbeat delivered again", extra={"after_failures": self.failed})
            self.sent += 1
            self.last_error = ""
        else:
            if not self.last_error:
                log.warning("heartbeat not delivered", extra={"error": error})
            self.failed += 1
            self.last_error = error
        return ok

    def start(self) -> Heartbeat:
        """Beat now and then every ``interval`` seconds on a daemon thread."""
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                self.beat()
            except Exception:  # the heartbeat must outlive any bug in a probe or the network stack
                log.exception("heartbeat failed")
            self._stop.wait(max(0.0, self.interval - (time.monotonic() - started)))

    def stop(self, timeout: float = 5.0) -> None:
        """Stop beating (waits for a beat in flight at most ``timeout`` seconds)."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)
        self._http.close()
