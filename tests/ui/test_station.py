"""The reception station on the kiosk's real queue database, gateway and health probes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from devkit.simulator.citizens import by_key
from tests.ui.helpers import station_window, tap


@pytest.fixture
def station(qtbot, kiosk, config):
    with station_window(qtbot, config, kiosk.services) as window:
        yield window


def cells(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_manual_lookup_shows_the_full_gateway_detail(qtbot, station):
    c = by_key("expired")
    station.tabs.setCurrentWidget(station.lookup)
    station.lookup.card.setText(c.id_number)
    station.lookup.name.setText(c.full_name)
    station.lookup.birth.setText(c.birth.strftime("%d/%m/%Y"))
    tap(qtbot, station.lookup.go)
    qtbot.waitUntil(lambda: station.lookup.result is not None, timeout=8000)
    assert station.lookup.status.text() == "✖ hết hạn → quầy · thẻ hết hạn (mã 010)"
    assert station.lookup.kiosk_step.text() == "Ki-ốt: mời đến quầy"   # the core's outcome, as the kiosk reads it
    detail = station.lookup.detail.toPlainText()
    assert "Kết quả: thẻ hết hạn (mã 010)" in detail and "Hạn thẻ:" in detail


def test_lookup_refuses_a_bad_number_in_one_sentence(qtbot, station):
    station.tabs.setCurrentWidget(station.lookup)
    station.lookup.card.setText("12345")
    station.lookup.name.setText("Ai Đó")
    station.lookup.birth.setText("1990")
    tap(qtbot, station.lookup.go)
    assert station.lookup.status.text().startswith("✖ Số thẻ phải là CCCD 12 số")
    assert station.message.text() == station.lookup.status.text()   # the station's one message line too
    assert station.lookup.result is None


def test_scanner_qr_fills_the_lookup_form(qtbot, station):
    c = by_key("valid")
    station.tabs.setCurrentWidget(station.lookup)
    station.lookup.card.setText(c.qr_text())
    qtbot.keyClick(station.lookup.card, Qt.Key.Key_Return)
    assert station.lookup.name.text() == c.full_name
    qtbot.waitUntil(lambda: station.lookup.result is not None, timeout=8000)
    assert station.lookup.status.text() == "✔ đã xác minh · thông tin thẻ chính xác (mã 000)"


def test_health_tab_lists_this_desks_parts_in_words(qtbot, station):
    qtbot.waitUntil(lambda: station.health.table.rowCount() >= 3, timeout=30000)
    parts = cells(station.health.table, 0)
    assert {"máy in", "cổng BHXH", "hệ thống bệnh viện"} <= set(parts)
    # a desk has no reader, camera, outbox, kiosk set-up or chip trust store: the Kiosks tab shows the kiosks'
    assert not {"đầu đọc thẻ", "camera", "hàng đợi gửi", "cài đặt máy", "bảo mật chip thẻ"} & set(parts)
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
