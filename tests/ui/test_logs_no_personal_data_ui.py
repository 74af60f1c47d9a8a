"""The log audit on the Qt kiosk: complete check-ins by touch (chip card + its QR on the real PC/SC
stack, then QR codes alone) with file logging at DEBUG, then every log file is searched for the
patients' names (with and without diacritics, MRZ form), ID/BHXH/card numbers, birth dates and
addresses: none may be there."""

from __future__ import annotations

import dataclasses

import pytest

from devkit.log_audit import audit_logs, log_files
from devkit.simulator.citizens import CITIZENS, by_key
from devkit.virtual_card.pki import load_or_create
from kiosk.logging_setup import configure_logging, log_dir, remove_handlers
from tests.ui.helpers import on_screen, tap

pytestmark = pytest.mark.hardware

CHIP_CITIZENS = ["valid", "valid-female", "new-card-003", "new-card-004"]


@pytest.fixture
def logged_chip_kiosk(qtbot, config, tmp_path, pcsc_stack, pki_dir):
    """The kiosk as `kiosk run` builds it with the chip reader, logging at DEBUG into a temp data dir."""
    from kiosk.services import KioskServices
    from ui.app import build_kiosk
    cfg = dataclasses.replace(
        config, kiosk=dataclasses.replace(config.kiosk, data_dir=str(tmp_path / "kiosk-data")),
        reader=dataclasses.replace(config.reader, name=pcsc_stack,
                                   csca_dir=str(load_or_create(pki_dir).csca_path)))
    configure_logging(cfg, debug=True)
    services = KioskServices.open(cfg)
    kiosk = build_kiosk(services, chip=services.chip)      # the root's chip service
    kiosk.window.show()
    kiosk.log_dir = log_dir(cfg)
    try:
        yield kiosk
    finally:
        kiosk.close()
        services.close()
        remove_handlers()


def _check_in(qtbot, kiosk, qr_text: str, chip: bool) -> None:
    """QR code shown (with the card on the reader: the chip is read) → ticket (or the counter) → idle."""
    kiosk.qr_text(qr_text)
    confirm = on_screen(qtbot, kiosk, "confirm", timeout=20000)
    assert (confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực.") is chip, confirm.how.text()
    tap(qtbot, confirm.yes)
    notices = ("new-card", "wrong-route", "pending")
    qtbot.waitUntil(lambda: kiosk.window.current in ("department", "counter", "slip", *notices), timeout=10000)
    if kiosk.window.current == "slip":      # registered elsewhere: no referral or appointment slip
        tap(qtbot, kiosk.window.screens["slip"].no)
        qtbot.waitUntil(lambda: kiosk.window.current in ("department", *notices), timeout=10000)
    if kiosk.window.current == "counter":   # not covered: the counter screen ends the session
        tap(qtbot, kiosk.window.screens["counter"].primary)
        on_screen(qtbot, kiosk, "take-card" if chip else "idle")   # the card still lies on the reader
        return
    if kiosk.window.current in notices:     # a new card number, a wrong route: explained, then on
        tap(qtbot, kiosk.window.screens[kiosk.window.current].primary)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    tap(qtbot, on_screen(qtbot, kiosk, "ticket", timeout=10000).finish)
    on_screen(qtbot, kiosk, "take-card" if chip else "idle")


def test_kiosk_chip_and_qr_checkins_leave_no_personal_data_in_the_logs(qtbot, logged_chip_kiosk,
                                                                        citizen_card):
    kiosk = logged_chip_kiosk
    for key in CHIP_CITIZENS:     # the card on the reader + its QR: the chip is read (PACE), verified
        _remove_card(qtbot, kiosk, citizen_card)   # seen to go, so the next "present" is this card's
        citizen_card(key)
        qtbot.waitUntil(lambda: kiosk.chip.card_present, timeout=10000)
        _check_in(qtbot, kiosk, by_key(key).qr_text(), chip=True)
    # No card left on the reader: the QR codes alone (ID card, then insurance card).
    qr_runs = [by_key("wrong-route").qr_text(), by_key("child").bhyt_qr_text(), by_key("reduced").qr_text(),
               by_key("elderly").bhyt_qr_text()]
    _remove_card(qtbot, kiosk, citizen_card)
    for text in qr_runs:
        _check_in(qtbot, kiosk, text, chip=False)
    files = log_files(kiosk.log_dir)
    lines = [line for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    assert len(lines) >= 20 * (len(CHIP_CITIZENS) + len(qr_runs)), "the kiosk logged (almost) nothing"
    assert any('"logger": "readers.' in line for line in lines)      # the chip reads were logged
    assert any('"level": "DEBUG"' in line for line in lines)
    findings = audit_logs(files, CITIZENS)
    assert not findings, "personal data in the kiosk's logs:\n" + "\n".join(map(str, findings[:20]))


def _remove_card(qtbot, kiosk, citizen_card) -> None:
    citizen_card.remove_all()
    qtbot.waitUntil(lambda: not kiosk.chip.card_present, timeout=10000)
