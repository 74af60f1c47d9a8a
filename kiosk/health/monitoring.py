"""Start the loopback endpoint and the heartbeat together, as configured (for the app).

    monitoring = start_monitoring(config, printer=app_printer, extra={"staff_pin": probe})
    ...
    monitoring.stop()

:func:`start_monitoring` is what ``kiosk run`` calls: the remote probes run on
a schedule (``[health] remote_probe_seconds``) and requests read the cache.

``[health] endpoint_port = 0`` leaves the endpoint off, ``heartbeat_seconds = 0``
the heartbeat (it also stays off while ``hospital.url`` is not set, and for a
reception station, which is no kiosk). With the root's metrics the endpoint answers ``/metrics`` too,
and ``metrics_listen`` adds the scrape network's listener (:mod:`kiosk.health.scrape_listener`).
A port already taken is logged and skipped: monitoring must
never stop a kiosk from starting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.config import Config
from kiosk.health.endpoint import CachedHealth, HealthServer
from kiosk.health.heartbeat import Heartbeat
from kiosk.health.registry import ProbeRegistry
from kiosk.health.scheduled import ScheduledProbe

if TYPE_CHECKING:
    from kiosk.health.scrape_listener import ScrapeListener

log = logging.getLogger(__name__)


@dataclass
class Monitoring:
    """The running endpoint, heartbeat and scrape listener (each may be None)."""

    server: HealthServer | None
    heartbeat: Heartbeat | None
    schedules: tuple = ()
    scrape: ScrapeListener | None = None

    @classmethod
    def start(cls, config: Config, registry: ProbeRegistry, metrics=None, *, facts=None,
              heartbeat: bool = True) -> Monitoring:
        """Start what ``config.health`` switches on; ``metrics`` (a KioskMetrics) adds ``/metrics``;
        ``heartbeat=False``: never the heartbeat.

        ``facts()``: the queue's facts for the heartbeat (see :func:`~kiosk.health.heartbeat.queue_facts`).
        """
        h = config.health
        health = CachedHealth(registry)
        server = None
        if h.endpoint_port:
            try:
                server = HealthServer(registry, h.endpoint_port, metrics=metrics, health=health).start()
                log.info("health endpoint listening", extra={"url": server.url})
            except OSError as e:
                log.warning("health endpoint not started", extra={"port": h.endpoint_port, "error": str(e)})
        scrape = None
        if metrics is not None and h.metrics_listen:
            from kiosk.health.scrape_listener import ScrapeListener
            metrics.watch_health(health)
            try:
                scrape = ScrapeListener.from_settings(metrics, h).start()
                log.info("metrics listener on the scrape network", extra={"url": scrape.url})
            except (OSError, ValueError) as e:   # ssl.SSLError is an OSError: a bad certificate or key
                log.warning("metrics listener not started", extra={"listen": h.metrics_listen, "error": str(e)})
        beat = heartbeat_for(config, registry, facts) if heartbeat else None
        if beat is not None:
            beat.start()
        return cls(server, beat, scrape=scrape)

    def stop(self) -> None:
        """Stop the endpoint, the heartbeat and the probe schedules (idempotent)."""
        for schedule in self.schedules:
            schedule.stop()
        if self.heartbeat:
            self.heartbeat.stop()
            self.heartbeat = None
        if self.server:
            self.server.stop()
            self.server = None
        if self.scrape is not None:
            self.scrape.stop()
            self.scrape = None


def heartbeat_for(config: Config, registry: ProbeRegistry, facts=None) -> Heartbeat | None:
    """The configured heartbeat (not started), or None when it is off or there is no hospital
    system to send it to. Made here so every caller sends the same fields."""
    from kiosk.health.machine import KioskIdConflict, machine_id
    h = config.health
    if not h.heartbeat_seconds or not config.hospital.url:
        return None
    data = config.data_path()
    try:
        mid = machine_id(data)
    except OSError as e:   # monitoring never stops a kiosk: beat without it (the disk part says why)
        log.error("machine id unavailable", extra={"error": e.__class__.__name__})
        mid = None
    return Heartbeat(registry, config.hospital, h.heartbeat_seconds, machine_id=mid,
                     facts=facts, conflict=KioskIdConflict(data, config.kiosk.id))


def start_monitoring(config: Config, *, extra: dict | None = None, registry_factory=None, metrics=None,
                     facts=None, heartbeat: bool = True, **registry_parts) -> Monitoring:
    """The running kiosk's health: the standard parts (remote ones on a schedule), ``extra``
    parts (name → probe, e.g. the staff PIN guard), the loopback endpoint and the heartbeat.

    ``registry_factory(schedule_remote=...)`` builds the registry (the composition
    root's, sharing its printer and gateway record); default: the standard one.
    ``facts``/``heartbeat``: see :meth:`Monitoring.start`.
    ``metrics``: the root's :class:`~kiosk.metrics.KioskMetrics`, served at ``/metrics``.
    """
    from kiosk.health.standard import standard_registry
    schedules: list[ScheduledProbe] = []

    def on_schedule(part, probe, quick=None):
        schedules.append(ScheduledProbe(part, probe, config.health.remote_probe_seconds, quick).start())
        return schedules[-1]

    if registry_factory is not None:
        registry = registry_factory(schedule_remote=on_schedule)
    else:
        registry = standard_registry(config, schedule_remote=on_schedule, **registry_parts)
    for name, probe in (extra or {}).items():
        registry.register(name, probe)
    monitoring = Monitoring.start(config, registry, metrics, facts=facts, heartbeat=heartbeat)
    monitoring.schedules = tuple(schedules)
    return monitoring
