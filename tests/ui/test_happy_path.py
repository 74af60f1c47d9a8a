"""The patient's happy path, driven by touches, against the real simulator over loopback."""

from __future__ import annotations

from devkit.simulator.citizens import by_key
from kiosk.checkin import State
from tests.ui.helpers import on_screen, tap


def test_qr_card_to_ticket_in_three_touches(qtbot, kiosk):
    citizen = by_key("valid")
    touches = 0
    kiosk.qr_text(citizen.qr_text())
    confirm = on_screen(qtbot, kiosk, "confirm")
    assert confirm.name.text() == citizen.full_name
    assert confirm.birth.text() == "1988"
    assert confirm.id_tail.text().endswith("1234") and citizen.id_number not in confirm.id_tail.text()
    tap(qtbot, confirm.yes)
    touches += 1
    dept = on_screen(qtbot, kiosk, "department")
    assert dept.eligibility.kind == "good" and dept.eligibility.text().startswith("✔")
    tap(qtbot, dept.buttons["KNOI"])
    touches += 1
    prio = on_screen(qtbot, kiosk, "priority")
    tap(qtbot, prio.none)
    touches += 1
    ticket = on_screen(qtbot, kiosk, "ticket")
    assert touches <= 3
    assert ticket.number.text().startswith("NOI")
    assert ticket.room.text() == "P.101"
    assert not ticket.qr.pixmap().isNull()
    assert kiosk.flow.state == State.TICKET


def test_ticket_is_sent_to_the_configured_printer(qtbot, config, tmp_path):
    import dataclasses

    from kiosk.services import KioskServices
    from ui.app import build_kiosk
    out = tmp_path / "printer.bin"
    cfg = dataclasses.replace(config, printer=dataclasses.replace(config.printer, kind="file", target=str(out)))
    services = KioskServices.open(cfg)
    kiosk = build_kiosk(services)
    try:
        kiosk.window.show()
        kiosk.qr_text(by_key("valid").qr_text())
        tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
        tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
        tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
        ticket = on_screen(qtbot, kiosk, "ticket")
        qtbot.waitUntil(lambda: ticket.printed.kind == "good", timeout=10000)
        assert out.stat().st_size > 1000          # an ESC/POS raster image, not an empty file
    finally:
        kiosk.close()
        services.close()
