"""Start the loopback endpoint and the heartbeat together, as configured (for the app).

    monitoring = Monitoring.start(config, standard_registry(config, printer=app_printer))
    ...
    monitoring.stop()

``[health] endpoint_port = 0`` leaves the endpoint off, ``heartbeat_seconds = 0``
the heartbeat. A port already taken is logged and skipped: monitoring must
never stop a kiosk from starting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kiosk.config import Config
from kiosk.health.endpoint import HealthServer
from kiosk.health.heartbeat import Heartbeat
from kiosk.health.registry import ProbeRegistry

log = logging.getLogger(__name__)


@dataclass
class Monitoring:
    """The running endpoint and heartbeat (either may be None)."""

    server: HealthServer | None
    heartbeat: Heartbeat | None

    @classmethod
    def start(cls, config: Config, registry: ProbeRegistry) -> Monitoring:
        """Start what ``config.health`` switches on."""
        h = config.health
        server = None
        if h.endpoint_port:
            try:
                server = HealthServer(registry, h.endpoint_port).start()
                log.info("health endpoint listening", extra={"url": server.url})
            except OSError as e:
                log.warning("health endpoint not started", extra={"port": h.endpoint_port, "error": str(e)})
        beat = None
        if h.heartbeat_seconds:
            beat = Heartbeat(registry, config.hospital, h.heartbeat_seconds).start()
        return cls(server, beat)

    def stop(self) -> None:
        """Stop both (idempotent)."""
        if self.heartbeat:
            self.heartbeat.stop()
            self.heartbeat = None
        if self.server:
            self.server.stop()
            self.server = None
