"""Device and service health: one model, pluggable bounded probes, doctor/endpoint/heartbeat.

    registry = standard_registry(config, printer=app_printer)
    registry.register("scanner", my_probe)          # a part added later
    report = registry.run()                          # bounded; never raises
    report.status, report.part("printer").reason, report.as_dict()
"""

from kiosk.health.links import LinkRecord, RecordedGateway
from kiosk.health.model import HealthReport, PartHealth, Status, degraded, failing, ok
from kiosk.health.registry import Probe, ProbeRegistry
from kiosk.health.standard import PARTS, standard_registry

__all__ = ["HealthReport", "PartHealth", "Status", "ok", "degraded", "failing", "LinkRecord", "RecordedGateway",
           "Probe", "ProbeRegistry", "PARTS", "standard_registry"]
