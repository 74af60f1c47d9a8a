"""A part of the running patient kiosk's health, read by another process (the reception station).

The kiosk owns its staff PIN guard in its own process; the station on the
same machine reads that part from the kiosk's loopback health endpoint, so
staff see a lockout (or a string of wrong PINs) where they work.
"""

from __future__ import annotations

from kiosk.config import Config
from kiosk.health.model import PartHealth, Status, degraded
from kiosk.health.registry import Probe
from kiosk.http import HttpClient, TransportError


def kiosk_part_probe(config: Config, part: str) -> Probe:
    """Probe ``part`` of ``GET http://127.0.0.1:<health.endpoint_port>/health/<part>``."""

    def probe() -> PartHealth:
        port = config.health.endpoint_port
        if not port:
            return degraded(part, "The kiosk's health endpoint is off (health.endpoint_port = 0).")
        try:
            http = HttpClient(f"http://127.0.0.1:{port}", 2, 2, name="health.endpoint_port")
            try:
                body = http.request("GET", f"health/{part}").json()
            finally:
                http.close()
            status = Status(body["status"])
        except (TransportError, ValueError, KeyError, TypeError):
            return degraded(part, "The patient kiosk is not running or its health endpoint does not answer.")
        return PartHealth(part, status, str(body.get("reason", "")), dict(body.get("detail") or {}))

    return probe
