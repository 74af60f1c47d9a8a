"""The station's accept / override: a kiosk's referral claimed at a desk, then a ticket, then the referral closed.

The kiosk's real counter outcome is delivered to the dev kit's simulated hospital
system as a referral; the station reads it through the real lobby client;
registration and printing are real.
"""

from __future__ import annotations

import dataclasses

import pytest

from devkit.simulator.citizens import by_key
from kiosk.lobby.model import RowState
from tests.ui.helpers import on_screen, override_the_only_row, station_window, tap
from tests.ui.lobby_sim import deliver_counter_outcomes

REASON = "Bệnh nhân Vũ Thị Mai tự chi trả hôm nay"


@pytest.fixture
def printed(tmp_path):
    return tmp_path / "printer.bin"


@pytest.fixture
def station(qtbot, kiosk, config, printed):
    cfg = dataclasses.replace(config, printer=dataclasses.replace(config.printer, kind="file", target=str(printed)),
                              station=dataclasses.replace(config.station, staff_name="Lễ Tân Một"))
    from kiosk.services import KioskServices
    # the station as a desk PC opens it: its own root, no offline queue of a kiosk
    with KioskServices.open(cfg, offline_queue=False) as services, \
            station_window(qtbot, cfg, services) as window:
        yield window


def send_to_counter(qtbot, kiosk, config, key: str) -> str:
    kiosk.qr_text(by_key(key).qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    on_screen(qtbot, kiosk, "counter", timeout=10000)
    [row_id] = deliver_counter_outcomes(kiosk.services, config)
    return row_id


def row(station, row_id):
    return station.view.row(row_id) if station.view is not None else None


def test_a_referral_is_claimed_overridden_into_a_ticket_and_closed(qtbot, kiosk, simulator, config, station,
                                                                   printed, caplog):
    import logging
    caplog.set_level(logging.DEBUG)
    row_id = send_to_counter(qtbot, kiosk, config, "expired")
    form = override_the_only_row(qtbot, station, "", staff="Lễ Tân Một")
    assert "********5566" in form.subject.text() and by_key("expired").id_number not in form.subject.text()
    assert form.klass.currentData() == "service-patient"
    # the reason is required: nothing is sent without it, and staff read why in Vietnamese
    tap(qtbot, form.go)
    assert form.status.text() == "✖ Cần nhập lý do ghi đè."
    assert station.message.text() == form.status.text()
    form.department.setCurrentIndex(form.department.findData("KNGOAI"))
    form.reason_code.setCurrentIndex(form.reason_code.findData("self-paying"))
    form.reason.setText(REASON)
    tap(qtbot, form.go)
    qtbot.waitUntil(lambda: form.ticket is not None, timeout=10000)
    assert form.ticket.number.startswith("NGO") and not form.ticket.pending
    qtbot.waitUntil(lambda: printed.exists() and printed.stat().st_size > 0, timeout=10000)
    stored = simulator.hospital_state.override_for(form.ticket.registration_id)
    assert stored["reason"] == REASON and stored["staff"] == "Lễ Tân Một" and stored["class"] == "service-patient"
    # the referral is closed with the registration it became
    qtbot.waitUntil(lambda: row(station, row_id).state is RowState.RESOLVED, timeout=8000)
    closed = row(station, row_id)
    assert closed.resolution == "service-patient" and closed.registration_id == form.ticket.registration_id
    logs = "\n".join(r.getMessage() for r in caplog.records)
    for needle in (REASON, "Vũ Thị Mai", "Lễ Tân Một", by_key("expired").id_number):
        assert needle not in logs


def test_override_from_a_manual_lookup(qtbot, kiosk, simulator, station):
    c = by_key("not-found")
    station.tabs.setCurrentWidget(station.lookup)
    assert not station.lookup.accept.isEnabled()
    station.lookup.card.setText(c.id_number)
    station.lookup.name.setText(c.full_name)
    station.lookup.birth.setText(c.birth.strftime("%d/%m/%Y"))
    tap(qtbot, station.lookup.go)
    qtbot.waitUntil(lambda: station.lookup.accept.isEnabled(), timeout=8000)
    tap(qtbot, station.lookup.accept)
    form = station.override
    assert station.tabs.currentWidget() is form
    qtbot.waitUntil(lambda: form.department.count() > 0, timeout=5000)
    form.reason.setText("Khách chưa có thẻ BHYT, khám dịch vụ")
    tap(qtbot, form.go)
    qtbot.waitUntil(lambda: form.ticket is not None, timeout=10000)
    assert simulator.hospital_state.override_for(form.ticket.registration_id)["original_status"] == "not-found"


def test_a_wrong_route_patient_who_chose_the_counter_is_confirmed_by_staff(qtbot, kiosk, simulator, config, station):
    kiosk.qr_text(by_key("wrong-route").qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "slip").yes)                   # "I have a slip": staff confirm
    tap(qtbot, on_screen(qtbot, kiosk, "wrong-route").secondary)     # "ask at the counter"
    on_screen(qtbot, kiosk, "counter")
    [row_id] = deliver_counter_outcomes(kiosk.services, config)
    form = override_the_only_row(qtbot, station, "Có giấy chuyển tuyến hợp lệ")
    assert "ĐKBĐ nơi khác" in station.checkins.model.cells(row(station, row_id))[6]
    # a covered wrong-route answer: staff confirm the cover, the reason's category preset
    assert form.klass.currentData() == "insured-confirmed"
    assert form.reason_code.currentData() == "wrong-route-confirmed"
    tap(qtbot, form.go)
    qtbot.waitUntil(lambda: form.ticket is not None, timeout=10000)
    body_override = simulator.hospital_state.override_for(form.ticket.registration_id)
    assert body_override["original_status"] == "wrong-route" and body_override["class"] == "insured-confirmed"
    qtbot.waitUntil(lambda: row(station, row_id).resolution == "registered", timeout=8000)
