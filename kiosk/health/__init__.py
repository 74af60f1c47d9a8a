"""Device and service health: one model, pluggable bounded probes, doctor/endpoint/heartbeat.

    registry = standard_registry(config, printer=app_printer)
    registry.register("scanner", my_probe)          # a part added later
    report = registry.run()                          # bounded; never raises
    report.status, report.part("printer").reason, report.as_dict()
"""

from kiosk.health.links import LinkRecord, RecordedGateway
from kiosk.health.model import HealthReport, PartHealth, Status, degraded, failing, ok
from kiosk.health.registry import Probe, ProbeRegistry

__all__ = ["HealthReport", "PartHealth", "Status", "ok", "degraded", "failing", "LinkRecord", "RecordedGateway",
           "Probe", "ProbeRegistry", "PARTS", "standard_registry"]


def __getattr__(name: str):
    # The standard probes import the printer (Pillow, qrcode), camera and reader code: loaded only
    # for who asks for them (doctor, the root's health view), not for every user of the model or
    # of RecordedGateway (a `kiosk checkin`).
    if name in ("PARTS", "standard_registry"):
        from kiosk.health import standard
        return getattr(standard, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
