"""The reception station's tabs rendered to PNG (called by ``python -m devkit.screenshots``).

On an in-process simulator, a kiosk checks two synthetic patients in, three
kiosks deliver referrals (expired card, name mismatch, a failed re-check of an
offline ticket) and heartbeats (one out of paper, one with a backlog); desk Q2
claims one referral, desk Q1 shows the lobby with that claim, then claims and
overrides another into a ticket.
"""

from __future__ import annotations

import dataclasses
import tempfile
import uuid
from datetime import datetime
from pathlib import Path

KEY = {"X-Api-Key": "demo-key"}


def _post(url: str, path: str, body: dict, key: str | None = None) -> None:
    import requests
    headers = dict(KEY, **({"Idempotency-Key": key} if key else {}))
    answer = requests.post(url + path, json=body, headers=headers, timeout=5)
    answer.raise_for_status()


def _refer(url: str, key: str, kiosk: str, reason: str, code: str, number: str, registration_id=None) -> str:
    from devkit.simulator.citizens import by_key
    c = by_key(key)
    body = {"client_id": str(uuid.uuid4()), "kiosk_id": kiosk,
            "created_at": datetime.now().astimezone().replace(microsecond=0).isoformat(),
            "counter_number": number, "reason": reason, "gateway_code": code, "staff_detail": None,
            "masked_card": "********" + c.id_number[-4:], "screen": None, "registration_id": registration_id,
            "identity": {"full_name": c.full_name, "birth": c.birth.isoformat(), "card_number": c.id_number,
                         "id_number": c.id_number, "sex": "male" if c.sex == "M" else "female",
                         "source": "qr-id-card"},
            "eligibility": {"status": reason, "code": code, "checked_at": None}}
    _post(url, "/referrals", body, body["client_id"])
    return body["client_id"]


def _beat(url: str, kiosk: str, paper: str, depth: int, oldest: float | None) -> None:
    now = datetime.now().astimezone().replace(microsecond=0).isoformat()
    _post(url, "/heartbeat", {
        "kiosk_id": kiosk, "machine_id": f"demo-{kiosk}", "version": "1.0.0", "status": "ok", "checked_at": now,
        "heartbeat_seconds": 30, "parts": [{"part": "printer", "status": "ok" if paper == "ok" else "degraded",
                                            "reason": "paper " + paper}],
        "queue": {"depth": depth, "oldest_age_seconds": oldest, "attention": 0}, "printer": {"paper": paper},
        "last_checkin_at": now})


def station_shots(outdir: Path) -> None:
    """One PNG per station tab, the lobby with several kiosks and a claimed referral."""
    from devkit.demo.command import demo_config
    from devkit.screenshots.kiosk_shots import _save, _wait
    from devkit.simulator.app import build_simulator
    from devkit.simulator.citizens import by_key
    from kiosk.checkin import identity_from_qr
    from kiosk.config import load_config
    from kiosk.services import KioskServices
    from ui.app import build_station, qt_application

    app = qt_application()
    with build_simulator("127.0.0.1", 0) as server, tempfile.TemporaryDirectory() as tmp:
        cfg = demo_config(load_config(None, environ={}), server)
        cfg = dataclasses.replace(cfg, kiosk=dataclasses.replace(cfg.kiosk, data_dir=tmp))
        url = cfg.hospital.url
        services = KioskServices.open(cfg)
        desk2 = KioskServices.open(dataclasses.replace(cfg, station=dataclasses.replace(
            cfg.station, desk_id="Q2", staff_name="Lễ tân Quầy 2")), offline_queue=False)
        try:
            for key in ("valid", "elderly"):
                flow = services.new_checkin()
                flow.identify(identity_from_qr(by_key(key).qr_text()))
                flow.check_eligibility()
                flow.load_departments()
                flow.choose_department("KNOI")
            services.queue.worker.kick(urgent=True)
            _refer(url, "expired", "K03", "expired", "010", "K03-Q001")
            claimed = _refer(url, "not-found", "K07", "name-birth-mismatch", "060", "K07-Q002")
            _refer(url, "wrong-route", "K12", "recheck-failed", "110", "K12-Q001", registration_id=str(uuid.uuid4()))
            _beat(url, "K03", "ok", 0, None)
            _beat(url, "K07", "low", 0, None)
            _beat(url, "K12", "out", 3, 420.0)
            lobby2 = desk2.lobby
            lobby2.claim(lobby2.view().row(claimed), "Q2", "Lễ tân Quầy 2")
            station = build_station(services, feed_wait=2.0)
            station.resize(1280, 720)
            station.show()
            _wait(app, lambda: station.view is not None and len(station.view.rows) == 5, timeout=20)
            _wait(app, lambda: station.kiosks.table.rowCount() >= 3, timeout=20)
            expired = next(r.id for r in station.view.rows if r.reason == "expired")
            station.checkins.select_id(expired)
            station.checkins.ask("claim")
            _save(station, outdir / "station-checkins.png")
            station.checkins.yes.click()
            _wait(app, lambda: station.checkins.buttons["override"].isVisible())
            station.checkins.ask("override")
            station.checkins.yes.click()
            form = station.override
            _wait(app, lambda: form.department.count() > 0 and station.tabs.currentWidget() is form)
            form.reason_code.setCurrentIndex(form.reason_code.findData("self-paying"))
            form.reason.setText("Thẻ hết hạn, bệnh nhân đồng ý khám dịch vụ")
            form.staff.setText("Lễ tân Quầy 1")
            form.go.click()
            _wait(app, lambda: form.ticket is not None)
            _save(station, outdir / "station-override.png")
            station.tabs.setCurrentWidget(station.kiosks)
            _save(station, outdir / "station-kiosks.png")
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
            desk2.close()
            services.close()
