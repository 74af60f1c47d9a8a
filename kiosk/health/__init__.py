"""Device and service health: one model, pluggable bounded probes, doctor/endpoint/heartbeat.

    registry = standard_registry(config, printer=app_printer)
    registry.register("scanner", my_probe)          # a part added later
    report = registry.run()                          # bounded; never raises
    report.status, report.part("printer").reason, report.as_dict()

The names below are imported on first use: a `kiosk checkin` needs only
:class:`RecordedGateway` (``kiosk.health.links``), not the report model and
the registry; the standard probes import the printer (Pillow, qrcode),
camera and reader code, loaded only for who asks for them (doctor, the
root's health view).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.health.links import LinkRecord, RecordedGateway
    from kiosk.health.model import HealthReport, PartHealth, Status, degraded, failing, ok
    from kiosk.health.registry import Probe, ProbeRegistry
    from kiosk.health.standard import PARTS, standard_registry

_EXPORTS = {
    "HealthReport": "kiosk.health.model", "PartHealth": "kiosk.health.model", "Status": "kiosk.health.model",
    "ok": "kiosk.health.model", "degraded": "kiosk.health.model", "failing": "kiosk.health.model",
    "LinkRecord": "kiosk.health.links", "RecordedGateway": "kiosk.health.links",
    "Probe": "kiosk.health.registry", "ProbeRegistry": "kiosk.health.registry",
    "PARTS": "kiosk.health.standard", "standard_registry": "kiosk.health.standard",
}

__all__ = ["HealthReport", "PartHealth", "Status", "ok", "degraded", "failing", "LinkRecord", "RecordedGateway",
           "Probe", "ProbeRegistry", "PARTS", "standard_registry"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
