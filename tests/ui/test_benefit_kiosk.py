"""The Qt kiosk under the 2026 rules, on the real simulator: registered here / elsewhere (+ the slip
question), the benefit sentence on the department and ticket screens, the rule and source at the station."""

from __future__ import annotations

from datetime import date

import pytest

from devkit.simulator.citizens import by_key
from tests.ui.helpers import on_screen, override_the_only_row, station_window, tap
from tests.ui.lobby_sim import deliver_counter_outcomes

AFTER, BEFORE = date(2026, 7, 1), date(2026, 6, 30)


@pytest.fixture
def on_day(kiosk):
    """Evaluate the rules at a fixed date (the kiosk's services read it at each check-in)."""
    def set_day(day: date) -> None:
        kiosk.services.as_of = day
    return set_day


def confirm(qtbot, kiosk, key: str) -> None:
    kiosk.qr_text(by_key(key).qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)


def take_ticket(qtbot, kiosk, dept="KNOI"):
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons[dept])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    return on_screen(qtbot, kiosk, "ticket", timeout=10000)


def test_registered_here_goes_straight_on_with_the_benefit_sentence(qtbot, kiosk, on_day):
    on_day(AFTER)
    confirm(qtbot, kiosk, "valid")
    dept = on_screen(qtbot, kiosk, "department")
    assert "Bảo hiểm y tế chi trả 80 % chi phí trong phạm vi quyền lợi." in dept.eligibility.text()
    ticket = take_ticket(qtbot, kiosk)
    assert ticket.benefit.text() == "Bảo hiểm y tế chi trả 80 % chi phí trong phạm vi quyền lợi."
    kiosk.language.set("en")
    assert ticket.benefit.text() == "Health insurance pays 80 % of the costs within your benefits."


def test_registered_elsewhere_after_july_is_asked_once_then_told_the_half_benefit(qtbot, kiosk, on_day, simulator):
    on_day(AFTER)
    confirm(qtbot, kiosk, "elsewhere-basic")          # 95 % card, this facility: basic, 62 points
    slip = on_screen(qtbot, kiosk, "slip")
    assert "giấy chuyển" in slip.title.text()
    tap(qtbot, slip.no)
    dept = on_screen(qtbot, kiosk, "department")
    assert "47.5 %" in dept.eligibility.text()
    ticket = take_ticket(qtbot, kiosk)
    assert "47.5 %" in ticket.benefit.text()
    body = simulator.hospital_state.body_for(kiosk.flow.client_id)
    assert body["xml0"]["MA_DOITUONG_KCB"] == "1.14" and body["benefit"]["rule"] == "nr-outpatient-basic-50-70"


def test_a_patient_with_a_slip_is_left_to_staff_never_refused(qtbot, kiosk, on_day, simulator):
    on_day(AFTER)
    confirm(qtbot, kiosk, "elsewhere-basic")
    tap(qtbot, on_screen(qtbot, kiosk, "slip").yes)
    notice = on_screen(qtbot, kiosk, "wrong-route")
    assert "nhân viên sẽ xác nhận mức hưởng" in notice.sentence.text()
    tap(qtbot, notice.primary)
    take_ticket(qtbot, kiosk)
    body = simulator.hospital_state.body_for(kiosk.flow.client_id)
    assert body["eligibility"]["status"] == "wrong-route" and body["benefit"]["staff_confirm"] is True


def test_before_july_registered_elsewhere_without_a_slip_is_for_staff_to_confirm(qtbot, kiosk, on_day):
    on_day(BEFORE)
    confirm(qtbot, kiosk, "elsewhere-basic")
    tap(qtbot, on_screen(qtbot, kiosk, "slip").no)
    notice = on_screen(qtbot, kiosk, "wrong-route")
    assert "nhân viên sẽ xác nhận mức hưởng" in notice.sentence.text()


def test_station_shows_the_rule_and_its_source(qtbot, kiosk, config, on_day):
    on_day(AFTER)
    confirm(qtbot, kiosk, "elsewhere-basic")
    tap(qtbot, on_screen(qtbot, kiosk, "slip").no)
    take_ticket(qtbot, kiosk)
    with station_window(qtbot, config, kiosk.services) as station:
        c = by_key("elsewhere-basic")
        station.lookup.card.setText(c.id_number)
        station.lookup.name.setText(c.full_name)
        station.lookup.birth.setText(c.birth.strftime("%d/%m/%Y"))
        tap(qtbot, station.lookup.go) if station.lookup.go.isVisible() else station.lookup.lookup()
        qtbot.waitUntil(lambda: "quy tắc" in station.lookup.detail.toPlainText(), timeout=8000)
        assert "Decree 188/2025/NĐ-CP Art. 19 §2" in station.lookup.detail.toPlainText()


def test_staff_type_the_referral_slip_at_the_station_and_the_rules_take_it(qtbot, kiosk, config, on_day, simulator):
    on_day(AFTER)
    confirm(qtbot, kiosk, "elsewhere-basic")
    tap(qtbot, on_screen(qtbot, kiosk, "slip").yes)                  # "I have a slip"
    tap(qtbot, on_screen(qtbot, kiosk, "wrong-route").secondary)     # and goes to the counter with it
    on_screen(qtbot, kiosk, "counter")
    deliver_counter_outcomes(kiosk.services, config)
    with station_window(qtbot, config, kiosk.services) as station:
        form = override_the_only_row(qtbot, station, "Có giấy chuyển hợp lệ của trạm y tế")
        form.referral.setText("bad slip")
        tap(qtbot, form.go)
        assert "SỐ:MÃ CSKCB 5 số:NGÀY KÝ" in form.status.text() and form.ticket is None
        form.referral.setText("CV-7/2026:79020:30/06/2026")
        tap(qtbot, form.go)
        qtbot.waitUntil(lambda: form.ticket is not None, timeout=10000)
        assert form.ticket is not None, form.status.text()
        body = simulator.hospital_state.body_for(form.ticket.registration_id)
    assert body["benefit"]["reason"] == "referral" and body["xml0"]["MA_DOITUONG_KCB"] == "1.3"
    assert body["xml0"]["MUC_HUONG"] == "95" and body["override"]["class"] == "insured-confirmed"
