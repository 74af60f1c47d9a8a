"""The reception station's tabs rendered to PNG (called by ``python -m devkit.screenshots``).

A kiosk checks two synthetic patients in on an in-process simulator (one
while the hospital system is down) and sends a third (expired card) to the
counter; the station shows them, and staff override the counter outcome.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path


def station_shots(outdir: Path) -> None:
    """One PNG per station tab."""
    from devkit.demo.command import demo_config
    from devkit.screenshots.kiosk_shots import _save, _wait
    from devkit.simulator.app import build_simulator
    from devkit.simulator.citizens import by_key
    from devkit.simulator.server import Fault
    from kiosk.checkin import identity_from_qr
    from kiosk.config import load_config
    from kiosk.services import KioskServices
    from ui.app import build_station, qt_application

    app = qt_application()
    with build_simulator("127.0.0.1", 0) as server, tempfile.TemporaryDirectory() as tmp:
        cfg = demo_config(load_config(None, environ={}), server)
        cfg = dataclasses.replace(cfg, kiosk=dataclasses.replace(cfg.kiosk, data_dir=tmp))
        services = KioskServices.open(cfg)
        try:
            for key, down in (("valid", False), ("elderly", True)):
                if down:
                    server.faults.set("hospital.register", Fault("http500"))
                flow = services.new_checkin()
                flow.identify(identity_from_qr(by_key(key).qr_text()))
                flow.check_eligibility()
                flow.load_departments()
                flow.choose_department("KNOI")
            server.faults.clear()
            flow = services.new_checkin()
            flow.identify(identity_from_qr(by_key("expired").qr_text()))
            flow.check_eligibility()   # → counter, recorded for the station
            station = build_station(services)
            station.resize(1280, 720)
            station.show()
            _wait(app, lambda: station.checkins.table.rowCount() == 3)
            _save(station, outdir / "station-checkins.png")
            station.checkins.table.selectRow(0)
            station.checkins.override.click()
            form = station.override
            _wait(app, lambda: form.department.count() > 0)
            form.reason_code.setCurrentIndex(form.reason_code.findData("self-paying"))
            form.reason.setText("Thẻ hết hạn, bệnh nhân đồng ý khám dịch vụ")
            form.staff.setText("Lễ tân Quầy 1")
            form.go.click()
            _wait(app, lambda: form.ticket is not None)
            _save(station, outdir / "station-override.png")
            station.tabs.setCurrentWidget(station.queue)
            _save(station, outdir / "station-queue.png")
            station.tabs.setCurrentWidget(station.lookup)
            c = by_key("expired")
            station.lookup.card.setText(c.id_number)
            station.lookup.name.setText(c.full_name)
            station.lookup.birth.setText(c.birth.strftime("%d/%m/%Y"))
            station.lookup.lookup()
            _wait(app, lambda: station.lookup.result is not None)
            _save(station, outdir / "station-lookup.png")
            station.tabs.setCurrentWidget(station.health)
            _wait(app, lambda: station.health.table.rowCount() > 0, timeout=60)
            _save(station, outdir / "station-health.png")
            station.close()
        finally:
            server.faults.clear()
            services.close()
