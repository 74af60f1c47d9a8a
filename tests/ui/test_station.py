"""The reception station on the kiosk's real queue database, gateway and health probes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from tests.ui.helpers import on_screen, station_window, tap


def check_in(qtbot, kiosk, key: str) -> str:
    kiosk.qr_text(by_key(key).qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    number = on_screen(qtbot, kiosk, "ticket", timeout=15000).number.text()
    tap(qtbot, kiosk.window.screens["ticket"].finish)
    return number


@pytest.fixture
def station(qtbot, kiosk, config):
    with station_window(qtbot, config, kiosk.services) as window:
        yield window


def cells(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_todays_check_ins_show_with_status_words(qtbot, kiosk, simulator, station):
    delivered = check_in(qtbot, kiosk, "valid")
    simulator.faults.set("hospital.register", Fault("http500"))
    waiting = check_in(qtbot, kiosk, "elderly")
    station.refresh()
    qtbot.waitUntil(lambda: station.checkins.table.rowCount() == 2, timeout=5000)
    rows = dict(zip(cells(station.checkins.table, 1), cells(station.checkins.table, 4), strict=False))
    assert rows[delivered] == "✔ đã gửi"
    assert rows[waiting] == "◷ chờ gửi (offline)"
    patients = " ".join(cells(station.checkins.table, 3))
    assert "Trần Văn Bình" in patients and by_key("valid").id_number not in patients   # masked for staff too
    # the offline queue tab lists the undelivered one; retry after the network is back
    assert cells(station.queue.table, 1) == [waiting]
    # "send again" is for items that need attention; a pending one is refused in one sentence
    station.tabs.setCurrentWidget(station.queue)
    station.queue.table.selectRow(0)
    tap(qtbot, station.queue.retry)
    qtbot.waitUntil(lambda: station.queue.message.text().startswith("✖"), timeout=5000)
    # the network comes back: the kiosk's own worker delivers it, the station sees it go
    simulator.faults.clear()
    kiosk.queue.worker.kick(urgent=True)
    qtbot.waitUntil(lambda: kiosk.queue.db.outbox.counts().get("delivered") == 2, timeout=15000)
    station.refresh()
    qtbot.waitUntil(lambda: station.queue.table.rowCount() == 0, timeout=5000)


def test_manual_lookup_shows_the_full_gateway_detail(qtbot, station):
    c = by_key("expired")
    station.tabs.setCurrentWidget(station.lookup)
    station.lookup.card.setText(c.id_number)
    station.lookup.name.setText(c.full_name)
    station.lookup.birth.setText(c.birth.strftime("%d/%m/%Y"))
    tap(qtbot, station.lookup.go)
    qtbot.waitUntil(lambda: station.lookup.result is not None, timeout=8000)
    assert station.lookup.status.text() == "✖ hết hạn → quầy"
    assert station.lookup.kiosk_step.text() == "Ki-ốt: mời đến quầy"   # the core's outcome, as the kiosk reads it
    detail = station.lookup.detail.toPlainText()
    assert "maKetQua: 010" in detail and "Hạn thẻ:" in detail


def test_lookup_refuses_a_bad_number_in_one_sentence(qtbot, station):
    station.tabs.setCurrentWidget(station.lookup)
    station.lookup.card.setText("12345")
    station.lookup.name.setText("Ai Đó")
    station.lookup.birth.setText("1990")
    tap(qtbot, station.lookup.go)
    assert station.lookup.status.text().startswith("✖ The card number must be")
    assert station.lookup.result is None


def test_scanner_qr_fills_the_lookup_form(qtbot, station):
    c = by_key("valid")
    station.tabs.setCurrentWidget(station.lookup)
    station.lookup.card.setText(c.qr_text())
    qtbot.keyClick(station.lookup.card, Qt.Key.Key_Return)
    assert station.lookup.name.text() == c.full_name
    qtbot.waitUntil(lambda: station.lookup.result is not None, timeout=8000)
    assert station.lookup.status.text() == "✔ đã xác minh"


def test_health_tab_lists_every_part_with_a_word(qtbot, station):
    qtbot.waitUntil(lambda: station.health.table.rowCount() >= 6, timeout=30000)
    parts = cells(station.health.table, 0)
    assert {"reader", "camera", "printer", "gateway", "hospital", "queue"} <= set(parts)
    for status in cells(station.health.table, 1):
        assert status[0] in "✔⚠✖◷ℹ" and len(status) > 2


# registered elsewhere at this basic-level facility: the benefit rules make the slip question matter
@pytest.mark.parametrize("key, step", [("wrong-route",
                                        "Ki-ốt: hỏi giấy chuyển / phiếu hẹn khám lại, rồi tính mức hưởng"),
                                       ("valid", "Ki-ốt: cho chọn khoa khám")])
def test_lookup_says_what_the_kiosk_does_with_the_answer(qtbot, station, key, step):
    c = by_key(key)
    station.tabs.setCurrentWidget(station.lookup)
    station.lookup.card.setText(c.id_number)
    station.lookup.name.setText(c.full_name)
    station.lookup.birth.setText(c.birth.strftime("%d/%m/%Y"))
    tap(qtbot, station.lookup.go)
    qtbot.waitUntil(lambda: station.lookup.result is not None, timeout=8000)
    assert station.lookup.kiosk_step.text() == step
