"""The Qt kiosk under the 2026 rules, on the real simulator: a child under 6 checks in with the insurance
number alone on the keypad; a five-year citizen is told the benefit the five continuous years give."""

from __future__ import annotations

from datetime import date

from devkit.simulator.citizens import by_key
from tests.ui.helpers import on_screen, override_the_only_row, tap
from tests.ui.test_inputs import touch_letters

AFTER = date(2026, 7, 1)


def type_digits(qtbot, keypad, digits: str) -> None:
    for d in digits:
        tap(qtbot, keypad.pad.digit_buttons[d])


def test_a_child_under_6_checks_in_with_the_insurance_number_alone(qtbot, kiosk, simulator):
    c = by_key("child-under6")
    assert len(c.bhxh_number) == 10
    tap(qtbot, kiosk.window.screens["idle"].type_button)
    keypad = on_screen(qtbot, kiosk, "keypad")
    assert "10 số bảo hiểm" in keypad.title.text()
    type_digits(qtbot, keypad, c.bhxh_number[:9])
    assert not keypad.pad.ok.isEnabled()
    type_digits(qtbot, keypad, c.bhxh_number[9:])
    assert keypad.pad.ok.isEnabled()                       # 10 digits: a child's number
    tap(qtbot, keypad.pad.ok)
    qtbot.waitUntil(lambda: keypad.mode == "birth-date", timeout=5000)
    assert "ngày sinh của trẻ" in keypad.title.text()
    type_digits(qtbot, keypad, c.birth.strftime("%d%m%Y"))
    tap(qtbot, keypad.pad.ok)
    name = on_screen(qtbot, kiosk, "name")
    touch_letters(qtbot, name, "DINH NGOC HAN")
    tap(qtbot, name.ok)
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    on_screen(qtbot, kiosk, "ticket", timeout=10000)
    body = simulator.hospital_state.body_for(kiosk.flow.registration.client_id)
    assert body["xml0"]["MA_THE_BHYT"] in (c.bhyt_code, c.bhxh_number)
    assert c.bhxh_number in body["xml0"]["MA_THE_BHYT"] and body["xml0"]["SO_CCCD"] is None
    assert body["presented_as"] == "typed"                  # as `kiosk checkin --card-number` records it


def test_eleven_digits_are_neither_an_id_nor_a_child_s_number(qtbot, kiosk):
    tap(qtbot, kiosk.window.screens["idle"].type_button)
    keypad = on_screen(qtbot, kiosk, "keypad")
    type_digits(qtbot, keypad, "07912345678")
    assert not keypad.pad.ok.isEnabled() and "1" in keypad.hint.text()


def test_an_adult_s_insurance_number_alone_is_sent_back_to_the_id_in_plain_words(qtbot, kiosk):
    c = by_key("valid")
    tap(qtbot, kiosk.window.screens["idle"].type_button)
    keypad = on_screen(qtbot, kiosk, "keypad")
    type_digits(qtbot, keypad, c.bhxh_number)
    tap(qtbot, keypad.pad.ok)
    qtbot.waitUntil(lambda: keypad.mode == "birth-date", timeout=5000)
    type_digits(qtbot, keypad, c.birth.strftime("%d%m%Y"))
    tap(qtbot, keypad.pad.ok)
    name = on_screen(qtbot, kiosk, "name")
    touch_letters(qtbot, name, "TRAN VAN BINH")
    tap(qtbot, name.ok)
    qtbot.waitUntil(lambda: kiosk.window.current == "keypad" and keypad.mode == "id", timeout=5000)
    assert "Chỉ trẻ dưới 6 tuổi" in keypad.hint.text()


def test_a_five_year_citizen_is_told_the_benefit_of_five_continuous_years(qtbot, kiosk):
    kiosk.services.as_of = AFTER
    kiosk.qr_text(by_key("five-years").qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    dept = on_screen(qtbot, kiosk, "department")
    assert "Bảo hiểm y tế chi trả 80 % chi phí trong phạm vi quyền lợi" in dept.eligibility.text()
    tap(qtbot, dept.buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    ticket = on_screen(qtbot, kiosk, "ticket", timeout=10000)
    assert "80 %" in ticket.benefit.text()
    kiosk.language.set("en")
    assert ticket.benefit.text().startswith("Health insurance pays 80 %")


def _to_the_station_with_a_slip(qtbot, kiosk, config, key: str):
    """The patient says "I have a slip" on the kiosk and goes to the counter; staff type the appointment id."""
    from tests.ui.helpers import station_window
    kiosk.services.as_of = AFTER
    kiosk.qr_text(by_key(key).qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "slip").yes)                  # "I have a re-visit appointment"
    tap(qtbot, on_screen(qtbot, kiosk, "wrong-route").secondary)     # to the counter with it
    on_screen(qtbot, kiosk, "counter")
    from tests.ui.lobby_sim import deliver_counter_outcomes
    deliver_counter_outcomes(kiosk.services, config)
    return station_window(qtbot, config, kiosk.services)


def test_staff_type_a_fresh_appointment_at_the_station_and_it_is_used_up(qtbot, kiosk, config, simulator):
    with _to_the_station_with_a_slip(qtbot, kiosk, config, "elsewhere-initial") as station:
        form = override_the_only_row(qtbot, station, "Có giấy hẹn tái khám của bệnh viện")
        form.appointment.setText("bad id!")
        tap(qtbot, form.go)
        qtbot.waitUntil(lambda: "Mã giấy hẹn" in form.status.text(), timeout=5000)
        assert form.ticket is None
        form.appointment.setText("HK-2026-0002")                      # used at an earlier visit
        tap(qtbot, form.go)
        qtbot.waitUntil(lambda: "HK-2026-0002" in form.status.text(), timeout=8000)
        assert form.ticket is None and form.go.isEnabled()
        form.appointment.setText("HK-2026-0003")
        tap(qtbot, form.go)
        qtbot.waitUntil(lambda: form.ticket is not None, timeout=10000)
        body = simulator.hospital_state.body_for(form.ticket.registration_id)
    assert body["benefit"]["reason"] == "appointment"
    assert body["benefit"]["appointment"] == {"id": "HK-2026-0003", "status": "fresh"}
