"""The kiosk's standard set of probes, built from the configuration in one place.

The app passes the objects it already owns (its :class:`TicketPrinter`, the
:class:`LinkRecord` its gateway client updates) so the health view shares
them; ``kiosk doctor`` passes nothing and gets fresh ones.
"""

from __future__ import annotations

from kiosk.config import Config
from kiosk.health.links import LinkRecord
from kiosk.health.probes_devices import camera_probe, live_camera_probe, printer_probe, reader_probe
from kiosk.health.probes_local import disk_probe, queue_probe
from kiosk.health.probes_services import clock_probe, gateway_probe, gateway_quick, hospital_probe
from kiosk.health.registry import ProbeRegistry
from kiosk.printing import TicketPrinter

PARTS = ("reader", "camera", "printer", "setup", "gateway", "hospital", "queue", "disk", "clock",
         "chip-security", "kiosk-id")


def queue_db_path(config: Config):
    """Where the offline queue keeps its SQLite file."""
    from offline_cache.database import DB_FILE_NAME
    return config.data_path() / DB_FILE_NAME


def setup_probe(config: Config):
    """FAILING, naming every key, while :func:`kiosk.setup_state.missing_settings` is not empty."""
    from kiosk.health.model import failing, ok
    from kiosk.setup_state import missing_settings

    def probe():
        problems = missing_settings(config)
        if problems:
            return failing("setup", "Not set up: " + "; ".join(map(str, problems)) + ". Run `kiosk setup`.",
                           missing=[p.key for p in problems], error="not_set_up")
        return ok("setup", "Service addresses, secrets, kiosk id and staff PIN are set.")
    return probe


def standard_registry(config: Config, *, printer: TicketPrinter | None = None, camera=None,
                      gateway_record: LinkRecord | None = None,
                      hospital_record: LinkRecord | None = None,
                      schedule_remote=None) -> ProbeRegistry:
    """Every part of :data:`PARTS`, each bounded by ``[health] probe_timeout``.

    ``camera``: the app's running ``QrCamera`` (its state is reported instead of
    opening the device a second time). ``schedule_remote(part, probe)``: wraps
    the gateway and hospital probes (a running kiosk puts them on a schedule,
    see :mod:`kiosk.health.scheduled`); None probes them on each run (doctor).
    """
    remote = schedule_remote or (lambda _part, probe, quick=None: probe)
    h = config.health
    reg = ProbeRegistry(default_timeout=h.probe_timeout, kiosk_id=config.kiosk.id)
    printer = printer or TicketPrinter(config.printer)
    reg.register("reader", reader_probe(config.reader))
    reg.register("camera", live_camera_probe(camera) if camera is not None else camera_probe(config.camera))
    # The printer's own bounds (connect + two status reads) must fit inside the probe's.
    p = config.printer
    reg.register("printer", printer_probe(printer),
                 timeout=max(h.probe_timeout, p.connect_timeout + 2 * p.status_timeout + 1.5))
    reg.register("setup", setup_probe(config))
    reg.register("gateway", remote("gateway", gateway_probe(config, gateway_record),
                                   quick=gateway_quick(config, gateway_record)),
                 timeout=max(h.probe_timeout, config.gateway.connect_timeout + config.gateway.read_timeout))
    reg.register("hospital", remote("hospital", hospital_probe(config, hospital_record)),
                 timeout=max(h.probe_timeout, config.hospital.connect_timeout + config.hospital.read_timeout))
    reg.register("queue", queue_probe(queue_db_path(config)))
    reg.register("disk", disk_probe(config.data_path(), h.min_free_mb))
    reg.register("clock", remote("clock", clock_probe(config)))  # asks the hospital server's Date
    from kiosk.chip_alerts import ALERTS_FILE, ChipAlertLog, chip_alert_probe
    reg.register("chip-security", chip_alert_probe(ChipAlertLog(config.data_path() / ALERTS_FILE)))
    from kiosk.health.machine import KioskIdConflict
    reg.register("kiosk-id", KioskIdConflict(config.data_path(), config.kiosk.id).probe)
    return reg
