"""The chip path on the REAL PC/SC stack: pcscd + vpcd + the synthetic citizen's virtual card."""

from __future__ import annotations

import dataclasses

import pytest

from devkit.simulator.citizens import by_key
from devkit.virtual_card.pki import load_or_create
from tests.ui.helpers import on_screen, tap

pytestmark = pytest.mark.hardware


@pytest.fixture
def chip_kiosk(qtbot, config, pcsc_stack, pki_dir):
    from kiosk.services import KioskServices
    from ui.app import build_kiosk
    cfg = dataclasses.replace(config, reader=dataclasses.replace(
        config.reader, name=pcsc_stack, csca_dir=str(load_or_create(pki_dir).csca_path)))
    services = KioskServices.open(cfg)
    kiosk = build_kiosk(services, chip=services.chip)      # the root's chip service
    kiosk.window.show()
    yield kiosk
    kiosk.close()
    services.close()


@pytest.fixture
def card_of(citizen_card):
    """Put a synthetic citizen's virtual card on the reader (the chip tests' shared fixture)."""
    return citizen_card


def test_card_on_the_reader_plus_its_qr_gives_the_chip_identity(qtbot, chip_kiosk, card_of):
    citizen = by_key("valid")
    card_of("valid")
    qtbot.waitUntil(lambda: chip_kiosk.chip.card_present, timeout=10000)
    on_screen(qtbot, chip_kiosk, "keypad")       # no camera here: the number, unless a scanner reads the QR
    chip_kiosk.qr_text(citizen.qr_text())        # a scanner's read
    confirm = on_screen(qtbot, chip_kiosk, "confirm", timeout=20000)
    assert confirm.name.text() == citizen.full_name
    assert confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực."   # passive authentication, chain verified
    assert confirm.photo.isVisible() and not confirm.photo.pixmap().isNull()   # the chip's DG2 face
    tap(qtbot, confirm.yes)
    tap(qtbot, on_screen(qtbot, chip_kiosk, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, chip_kiosk, "priority").none)
    on_screen(qtbot, chip_kiosk, "ticket")


def test_demo_panel_card_on_the_reader_and_qr_to_the_camera(qtbot, simulator, tmp_path, pcsc_stack):
    from contextlib import ExitStack

    from devkit.demo.window import build_demo
    from kiosk.config import load_config
    with ExitStack() as stack:
        kiosk, panel = build_demo(load_config(None, environ={}), simulator, tmp_path, stack)
        kiosk.window.show()
        panel.citizen.setCurrentIndex(panel.citizen.findData("valid-female"))
        panel.insert_card()
        qtbot.waitUntil(lambda: kiosk.chip.card_present, timeout=20000)
        panel.show_card()
        confirm = on_screen(qtbot, kiosk, "confirm", timeout=20000)
        assert confirm.name.text() == by_key("valid-female").full_name
        assert confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực."
        panel.lift()                              # off the reader and out of the camera's view
        tap(qtbot, confirm.no)
        on_screen(qtbot, kiosk, "not-me")
        tap(qtbot, kiosk.window.screens["not-me"].primary)
        on_screen(qtbot, kiosk, "idle")
        panel.citizen.setCurrentIndex(panel.citizen.findData("valid"))
        panel.place_card.click()                  # one placement: the reader and the camera at once
        confirm = on_screen(qtbot, kiosk, "confirm", timeout=30000)
        assert confirm.name.text() == by_key("valid").full_name
        assert confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực."


def test_card_on_the_reader_plus_the_typed_id_opens_the_chip_with_pace(qtbot, chip_kiosk, card_of):
    # No QR, no birth date, no name: the 12 typed digits are enough (CAN = last 6).
    citizen = by_key("elderly")      # a card with no expiry: BAC could not even be keyed
    card_of("elderly")
    qtbot.waitUntil(lambda: chip_kiosk.chip.card_present, timeout=10000)
    keypad = on_screen(qtbot, chip_kiosk, "keypad")     # no camera: the card asks for the number at once
    for d in citizen.id_number:
        tap(qtbot, keypad.pad.digit_buttons[d])
    tap(qtbot, keypad.pad.ok)
    confirm = on_screen(qtbot, chip_kiosk, "confirm", timeout=20000)
    assert confirm.name.text() == citizen.full_name
    assert confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực."


def test_typed_id_that_does_not_open_the_card_continues_the_typed_path(qtbot, chip_kiosk, card_of):
    card_of("valid")
    qtbot.waitUntil(lambda: chip_kiosk.chip.card_present, timeout=10000)
    keypad = on_screen(qtbot, chip_kiosk, "keypad")
    for d in by_key("valid-female").id_number:    # someone else's number: wrong CAN
        tap(qtbot, keypad.pad.digit_buttons[d])
    tap(qtbot, keypad.pad.ok)
    qtbot.waitUntil(lambda: chip_kiosk.window.current == "keypad" and keypad.mode == "birth", timeout=20000)


def test_not_me_wipes_the_chip_photo(qtbot, chip_kiosk, card_of):
    citizen = by_key("valid-female")
    card_of("valid-female")
    qtbot.waitUntil(lambda: chip_kiosk.chip.card_present, timeout=10000)
    chip_kiosk.qr_text(citizen.qr_text())
    confirm = on_screen(qtbot, chip_kiosk, "confirm", timeout=20000)
    assert not confirm.photo.pixmap().isNull()
    tap(qtbot, confirm.no)
    qtbot.waitUntil(lambda: confirm.photo.pixmap().isNull() and not confirm.photo.isVisible(), timeout=5000)
    assert chip_kiosk.controller.flow.identity is None


@pytest.mark.parametrize("fault, code", [("tamper-dg13", "chip_data_altered"),
                                         ("malformed-com", "chip_file_malformed")])
def test_tampered_or_malformed_chip_raises_a_staff_alert(qtbot, chip_kiosk, card_of, fault, code):
    from devkit.virtual_card.faults import Faults
    from kiosk.chip_alerts import ALERTS_FILE, ChipAlertLog
    from kiosk.health import standard_registry
    citizen = by_key("valid")
    card_of("valid", faults=Faults.parse([fault]))
    qtbot.waitUntil(lambda: chip_kiosk.chip.card_present, timeout=10000)
    chip_kiosk.qr_text(citizen.qr_text())
    confirm = on_screen(qtbot, chip_kiosk, "confirm", timeout=20000)
    assert confirm.name.text()     # the patient carries on (printed QR after a tampered chip)
    alerts = ChipAlertLog(chip_kiosk.config.data_path() / ALERTS_FILE).recent()
    assert [a.code for a in alerts] == [code]
    part = standard_registry(chip_kiosk.config).run(only=["chip-security"]).as_dict()["parts"][0]
    assert part["status"] == "degraded" and alerts[0].reason in part["reason"]
    assert citizen.full_name not in part["reason"] and citizen.id_number not in str(part)


@pytest.fixture
def placement_kiosk(qtbot, config, tmp_path, pcsc_stack, pki_dir):
    """The kiosk as installed: the chip reader on pcscd + vpcd, and the camera (a folder camera)
    looking down at the reader pad; returned with the camera's folder."""
    from kiosk.services import KioskServices
    from ui.app import build_kiosk, camera_factory
    folder = tmp_path / "camera"
    folder.mkdir()
    cfg = dataclasses.replace(
        config, reader=dataclasses.replace(config.reader, name=pcsc_stack,
                                           csca_dir=str(load_or_create(pki_dir).csca_path)),
        camera=dataclasses.replace(config.camera, source=str(folder), fps=20))
    services = KioskServices.open(cfg)
    kiosk = build_kiosk(services, chip=services.chip, camera_factory=camera_factory(cfg))
    kiosk.window.show()
    qtbot.waitUntil(lambda: kiosk.camera is not None and kiosk.camera_streaming, timeout=10000)
    yield kiosk, folder
    kiosk.close()
    services.close()


def test_one_placement_reads_the_cards_qr_and_its_chip_then_asks_for_the_card_back(qtbot, placement_kiosk,
                                                                                     card_of, caplog):
    import logging

    from devkit.simulator.card_photos import clear_cards, show_card
    caplog.set_level(logging.INFO, logger="readers.chip")
    kiosk, folder = placement_kiosk
    citizen = by_key("valid")
    screens = []
    kiosk.controller.screen_changed.connect(screens.append)
    card_of("valid")                  # the card lands on the reader pad, QR side up …
    show_card(folder, "valid")        # … under the camera looking down at it
    confirm = on_screen(qtbot, kiosk, "confirm", timeout=30000)
    assert confirm.name.text() == citizen.full_name
    assert confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực."   # the QR keyed the chip; chain verified
    assert confirm.photo.isVisible() and not confirm.photo.pixmap().isNull()
    assert "keypad" not in screens and "idle" not in screens           # nothing typed, one placement
    assert "card opened with PACE, key 1 of" in caplog.text             # the QR's CAN (last 6 ID digits)
    tap(qtbot, confirm.yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department", timeout=20000).buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    tap(qtbot, on_screen(qtbot, kiosk, "ticket", timeout=20000).finish)
    reminder = on_screen(qtbot, kiosk, "take-card")
    assert reminder.title.text() == "Vui lòng lấy lại thẻ"
    qtbot.wait(1500)                  # the camera still sees the card lying there: no new check-in
    assert kiosk.window.current == "take-card"
    card_of.remove_all()              # the patient lifts the card: PC/SC reports it removed
    clear_cards(folder)
    on_screen(qtbot, kiosk, "idle", timeout=10000)
