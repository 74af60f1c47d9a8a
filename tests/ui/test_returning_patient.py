"""A returning patient is told the truth at the confirm step (issue 19 item 6), and what the kiosk
derives from the card (item 8), driven by touches against the real simulator on loopback."""

from __future__ import annotations

import dataclasses

import pytest

from devkit.simulator.citizens import by_key
from tests.ui.helpers import on_screen, tap


def _check_in(qtbot, kiosk, qr: str, department: str):
    """One full check-in by touches; returns the ticket screen."""
    kiosk.qr_text(qr)
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons[department])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    return on_screen(qtbot, kiosk, "ticket", timeout=10000)


def _again(qtbot, kiosk, qr: str):
    """The same patient comes back: card, "yes, that's me"."""
    kiosk.controller.reset()
    kiosk.qr_text(qr)
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)


def test_returning_patient_hears_about_todays_number_at_confirm_and_gets_it_reprinted(qtbot, kiosk, simulator):
    qr = by_key("valid").qr_text()
    first = _check_in(qtbot, kiosk, qr, "KNOI")
    number = first.number.text()
    assert number.startswith("NOI") and first.title.text() == "Đăng ký thành công"
    seen = []
    kiosk.controller.screen_changed.connect(seen.append)
    _again(qtbot, kiosk, qr)
    back = on_screen(qtbot, kiosk, "returning")
    assert number in back.sentence.text() and "Khám Nội" in back.sentence.text()
    assert back.other_clinic.isVisible()
    tap(qtbot, back.primary)                         # "In lại số của tôi"
    ticket = on_screen(qtbot, kiosk, "ticket")
    assert ticket.number.text() == number
    assert ticket.title.text() != "Đăng ký thành công"  # not a fresh success
    assert "department" not in seen and "priority" not in seen   # nothing asked for nothing
    assert simulator.hospital_state.count() == 1


def test_another_clinic_too_is_its_own_path_with_the_hospitals_answer(qtbot, kiosk, simulator):
    qr = by_key("valid").qr_text()
    first = _check_in(qtbot, kiosk, qr, "KNOI").number.text()
    _again(qtbot, kiosk, qr)
    tap(qtbot, on_screen(qtbot, kiosk, "returning").other_clinic)
    dept = on_screen(qtbot, kiosk, "department")
    assert "KNOI" not in [k for k, b in dept.buttons.items() if b.isVisible()]   # the clinic they have
    tap(qtbot, dept.buttons["MAT"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    ticket = on_screen(qtbot, kiosk, "ticket", timeout=10000)
    assert ticket.number.text().startswith("MAT") and ticket.number.text() != first
    assert ticket.dept.text() == "Mắt" and ticket.title.text() == "Đăng ký thành công"
    body = simulator.hospital_state.body_for(kiosk.flow.registration.client_id)
    assert body["additional_clinic"] is True and body["department"] == "MAT"


def test_another_clinic_can_be_switched_off(qtbot, config):
    from kiosk.services import KioskServices
    from ui.app import build_kiosk
    cfg = dataclasses.replace(config, kiosk=dataclasses.replace(config.kiosk, another_clinic=False))
    services = KioskServices.open(cfg)
    kiosk = build_kiosk(services)
    try:
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
        qr = by_key("valid").qr_text()
        _check_in(qtbot, kiosk, qr, "KNOI")
        _again(qtbot, kiosk, qr)
        assert not on_screen(qtbot, kiosk, "returning").other_clinic.isVisible()
    finally:
        kiosk.close()
        services.close()


def test_without_a_local_record_a_different_clinic_is_never_a_silent_success(qtbot, config, simulator):
    """No offline queue: only the hospital knows; its `existing` answer must not read as the new clinic."""
    from kiosk.services import KioskServices
    from ui.app import build_kiosk
    services = KioskServices.open(config, offline_queue=False)
    kiosk = build_kiosk(services)
    try:
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
        qr = by_key("valid").qr_text()
        number = _check_in(qtbot, kiosk, qr, "KNOI").number.text()
        kiosk.controller.reset()
        ticket = _check_in(qtbot, kiosk, qr, "MAT")
        assert ticket.number.text() == number
        assert ticket.title.text() != "Đăng ký thành công"
        assert ticket.status.kind == "warn" and "phòng khám" in ticket.status.text()
    finally:
        kiosk.close()
        services.close()


@pytest.mark.parametrize("key", ["elderly"])
def test_age_80_plus_is_preselected_from_the_birth_date(qtbot, kiosk, simulator, key):
    kiosk.qr_text(by_key(key).qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    prio = on_screen(qtbot, kiosk, "priority")
    assert prio.buttons["over-80"].isChecked()
    assert "80" in prio.hint.text()
    tap(qtbot, prio.none)                            # the big button now continues WITH the priority
    ticket = on_screen(qtbot, kiosk, "ticket", timeout=10000)
    assert ticket.status.text().endswith("Bạn được ưu tiên. Vui lòng báo nhân viên khi vào khám.")
    assert simulator.hospital_state.body_for(kiosk.flow.registration.client_id)["priority"] is True


def test_an_adult_is_asked_as_before(qtbot, kiosk):
    kiosk.qr_text(by_key("valid").qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    prio = on_screen(qtbot, kiosk, "priority")
    assert not any(b.isChecked() for b in prio.buttons.values())
    assert prio.none.text() == "Không, tôi không thuộc nhóm nào" and not prio.not_me.isVisible()


def test_confirm_labels_the_insurance_number_from_a_bhyt_qr(qtbot, kiosk):
    kiosk.qr_text(by_key("elderly").bhyt_qr_text())
    confirm = on_screen(qtbot, kiosk, "confirm")
    assert confirm.id_caption.text() == "Số thẻ BHYT:"
    kiosk.controller.reset()
    kiosk.qr_text(by_key("elderly").qr_text())
    assert on_screen(qtbot, kiosk, "confirm").id_caption.text() == "Số căn cước:"


def test_returning_screen_in_english(qtbot, kiosk):
    qr = by_key("valid").qr_text()
    number = _check_in(qtbot, kiosk, qr, "KNOI").number.text()
    _again(qtbot, kiosk, qr)
    back = on_screen(qtbot, kiosk, "returning")
    tap(qtbot, kiosk.window.language_button)
    qtbot.waitUntil(lambda: back.primary.text() == "Print my number again")
    assert back.sentence.text() == f"Number {number} — Internal Medicine, room P.101."
    assert back.other_clinic.text() == "Register for another clinic too"
