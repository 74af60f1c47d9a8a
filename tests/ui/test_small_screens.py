"""Small screens say one thing once (issue 19 item 9)."""

from __future__ import annotations

from kiosk.checkin.flow import pending_result
from kiosk.domain import Identity, IdentitySource
from tests.ui.helpers import on_screen


def test_pending_screen_says_it_once(qtbot, kiosk):
    from datetime import datetime
    result = pending_result(Identity("079088001234", "X", "1988", IdentitySource.TYPED), "down", datetime.now())
    win = kiosk.window
    win.screens["pending"].show_reason(result.patient_vi, result.patient_en, "vi")
    win.show_screen("pending")
    screen = on_screen(qtbot, kiosk, "pending")
    shown = [w.text() for w in (screen.title, screen.sentence, screen.next_step) if w.isVisible() and w.text()]
    assert len(shown) == 2 and not any("kiểm tra lại" in t for t in shown[:1])
    assert sum("kiểm tra" in t for t in shown) <= 2      # the title says it, the next step says what happens


def test_counter_screen_prints_a_slip_with_a_counter_number(qtbot, config, tmp_path):
    import dataclasses

    from devkit.simulator.citizens import by_key
    from kiosk.services import KioskServices
    from tests.ui.helpers import tap
    from ui.app import build_kiosk
    out = tmp_path / "printer.bin"
    cfg = dataclasses.replace(config, printer=dataclasses.replace(config.printer, kind="file", target=str(out)))
    services = KioskServices.open(cfg)
    kiosk = build_kiosk(services)
    try:
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
        numbers = []
        for key in ("expired", "revoked"):
            kiosk.controller.reset()
            kiosk.qr_text(by_key(key).qr_text())
            tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
            counter = on_screen(qtbot, kiosk, "counter", timeout=10000)
            qtbot.waitUntil(lambda counter=counter: counter.printed.kind == "good", timeout=10000)
            assert counter.number.isVisible()
            numbers.append(counter.number.text())
        assert numbers == ["Số của bạn ở quầy: K01-Q001", "Số của bạn ở quầy: K01-Q002"]
        assert out.stat().st_size > 2000           # two ESC/POS raster slips
    finally:
        kiosk.close()
        services.close()


def test_counter_screen_without_a_printer_promises_no_slip(qtbot, kiosk):
    from devkit.simulator.citizens import by_key
    from tests.ui.helpers import tap
    kiosk.qr_text(by_key("expired").qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    counter = on_screen(qtbot, kiosk, "counter", timeout=10000)
    assert counter.printed.text() == "" and counter.number.text().endswith("K01-Q001")
