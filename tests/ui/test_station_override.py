"""The station's accept / override: a counter outcome from the kiosk, then a ticket, on the real stack."""

from __future__ import annotations

import dataclasses

import pytest

from devkit.simulator.citizens import by_key
from tests.ui.helpers import on_screen, station_window, tap

REASON = "Bệnh nhân Vũ Thị Mai tự chi trả hôm nay"


@pytest.fixture
def printed(tmp_path):
    return tmp_path / "printer.bin"


@pytest.fixture
def station(qtbot, kiosk, config, printed):
    cfg = dataclasses.replace(config, printer=dataclasses.replace(config.printer, kind="file", target=str(printed)),
                              station=dataclasses.replace(config.station, staff_name="Lễ Tân Một"))
    from kiosk.services import KioskServices
    # the station as a second process would open it: its own root on the kiosk's data folder
    with KioskServices.open(cfg) as services, station_window(qtbot, cfg, services) as window:
        yield window


def send_to_counter(qtbot, kiosk, key: str) -> None:
    kiosk.qr_text(by_key(key).qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    on_screen(qtbot, kiosk, "counter", timeout=10000)


def rows(station):
    t = station.checkins.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_a_counter_outcome_is_listed_and_overridden_into_a_ticket(qtbot, kiosk, simulator, station, printed,
                                                                   caplog):
    import logging
    caplog.set_level(logging.DEBUG)
    send_to_counter(qtbot, kiosk, "expired")
    station.refresh()
    qtbot.waitUntil(lambda: station.checkins.table.rowCount() == 1, timeout=5000)
    [row] = rows(station)
    assert row[1] == "—" and row[4] == "✖ hết hạn → quầy"
    assert "********5566" in row[3] and by_key("expired").id_number not in row[3]
    # open it: no re-typing, the form is filled from the sealed record
    station.checkins.table.selectRow(0)
    tap(qtbot, station.checkins.override)
    qtbot.waitUntil(lambda: station.tabs.currentWidget() is station.override, timeout=5000)
    form = station.override
    qtbot.waitUntil(lambda: form.department.count() > 0, timeout=5000)
    assert "********5566" in form.subject.text() and by_key("expired").id_number not in form.subject.text()
    assert form.klass.currentData() == "service-patient" and form.staff.text() == "Lễ Tân Một"
    # the reason is required: nothing is sent without it
    tap(qtbot, form.go)
    assert form.status.text().startswith("✖ An override needs a reason")
    # nothing registered (the counter outcome's referral to the lobby is another kind of item)
    assert [i for i in kiosk.queue.db.outbox.items(states=("delivered",)) if i.kind == "registration"] == []
    form.department.setCurrentIndex(form.department.findData("KNGOAI"))
    form.reason_code.setCurrentIndex(form.reason_code.findData("self-paying"))
    form.reason.setText(REASON)
    tap(qtbot, form.go)
    qtbot.waitUntil(lambda: form.ticket is not None, timeout=10000)
    assert form.ticket_label.text().startswith(f"Số thứ tự {form.ticket.number}")
    assert form.ticket.number.startswith("NGO") and not form.ticket.pending
    qtbot.waitUntil(lambda: printed.exists() and printed.stat().st_size > 0, timeout=10000)
    stored = simulator.hospital_state.override_for(form.ticket.registration_id)
    assert stored["reason"] == REASON and stored["staff"] == "Lễ Tân Một" and stored["class"] == "service-patient"
    # the list now shows the registered visit and the counter outcome as taken over by staff
    qtbot.waitUntil(lambda: station.checkins.table.rowCount() == 2, timeout=5000)
    statuses = {r[1]: r[4] for r in rows(station)}
    assert statuses[form.ticket.number] == "✔ đã gửi"
    assert statuses["—"] == "✔ nhân viên đã tiếp nhận (ghi đè)"
    logs = "\n".join(r.getMessage() for r in caplog.records)
    assert "counter outcome" in logs and "self-paying" in logs
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


def test_only_counter_outcomes_can_be_overridden_from_the_list(qtbot, kiosk, station):
    kiosk.qr_text(by_key("valid").qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    on_screen(qtbot, kiosk, "ticket", timeout=15000)
    station.refresh()
    qtbot.waitUntil(lambda: station.checkins.table.rowCount() == 1, timeout=5000)
    station.checkins.table.selectRow(0)
    tap(qtbot, station.checkins.override)
    assert station.checkins.message.text().startswith("Chỉ ghi đè")
    assert station.tabs.currentWidget() is station.checkins


def test_a_wrong_route_patient_who_chose_the_counter_is_confirmed_by_staff(qtbot, kiosk, simulator, station):
    kiosk.qr_text(by_key("wrong-route").qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "slip").yes)                   # "I have a slip": staff confirm
    tap(qtbot, on_screen(qtbot, kiosk, "wrong-route").secondary)     # "ask at the counter"
    on_screen(qtbot, kiosk, "counter")
    station.refresh()
    qtbot.waitUntil(lambda: station.checkins.table.rowCount() == 1, timeout=5000)
    assert rows(station)[0][4] == "⚠ ĐKBĐ nơi khác (xác nhận mức hưởng)"
    station.checkins.table.selectRow(0)
    tap(qtbot, station.checkins.override)
    form = station.override
    qtbot.waitUntil(lambda: form.department.count() > 0 and station.tabs.currentWidget() is form, timeout=5000)
    # a covered wrong-route answer: staff confirm the cover, the reason's category preset
    assert form.klass.currentData() == "insured-confirmed"
    assert form.reason_code.currentData() == "wrong-route-confirmed"
    form.reason.setText("Có giấy chuyển tuyến hợp lệ")
    tap(qtbot, form.go)
    qtbot.waitUntil(lambda: form.ticket is not None, timeout=10000)
    body_override = simulator.hospital_state.override_for(form.ticket.registration_id)
    assert body_override["original_status"] == "wrong-route" and body_override["class"] == "insured-confirmed"
