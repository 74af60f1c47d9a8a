"""The demo's paths are the real ones: camera folder → zxing → acceptance → kiosk; wedge scanner; no display."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import ExitStack

import pytest

from tests.ui.helpers import on_screen, tap


@pytest.fixture
def demo(qtbot, simulator, tmp_path):
    """The demo exactly as ``make demo`` builds it, on the test's simulator."""
    from devkit.demo.window import build_demo
    from kiosk.config import load_config
    with ExitStack() as stack:
        kiosk, panel = build_demo(load_config(None, environ={}), simulator, tmp_path, stack)
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
        yield kiosk, panel


def test_card_shown_to_the_folder_camera_reaches_the_confirm_screen(qtbot, demo):
    kiosk, panel = demo
    idle = kiosk.window.screens["idle"]
    qtbot.waitUntil(lambda: not idle.preview.pixmap().isNull(), timeout=5000)   # live preview frames
    panel.citizen.setCurrentIndex(panel.citizen.findData("valid"))
    panel.show_card()
    confirm = on_screen(qtbot, kiosk, "confirm", timeout=8000)
    assert confirm.name.text() == "Trần Văn Bình"
    assert not (panel.folder / "card.png").exists()          # the card was "lowered" after the read


def test_scanner_button_and_pulled_network_give_a_pending_ticket(qtbot, demo):
    kiosk, panel = demo
    panel.citizen.setCurrentIndex(panel.citizen.findData("valid-female"))
    panel.card_kind.setCurrentIndex(panel.card_kind.findData("bhyt"))
    qtbot.waitUntil(lambda: not kiosk.started.is_alive(), timeout=10000)   # queue open, menu cached
    panel.network.setChecked(True)
    panel.scan_button.click()
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "pending", timeout=15000).primary)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["SAN"])   # the menu cached by the queue
    tap(qtbot, on_screen(qtbot, kiosk, "priority").buttons["pregnant"])
    ticket = on_screen(qtbot, kiosk, "ticket", timeout=15000)
    assert ticket.number.text().startswith("K01")                    # the kiosk's offline block
    qtbot.waitUntil(lambda: ticket.printed.kind == "good", timeout=10000)
    assert (panel.folder.parent / "tickets.bin").stat().st_size > 1000
    panel.network.setChecked(False)


def test_make_demo_without_a_display_falls_back_to_the_headless_demo(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "kiosk", "demo"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("kiosk: no display") and "headless demo" in first
    assert "[7]" in done.stdout


def test_the_demo_panel_opens_on_a_1280x1024_screen():
    from devkit.demo.window import panel_position
    screen = (0, 0, 1280, 1024)
    x, y = panel_position((0, 0, 1280, 800), (420, 700), screen)
    assert 0 <= x and x + 420 <= 1280 and 0 <= y and y + 700 <= 1024
    # with room to the right, it still sits next to the kiosk window
    assert panel_position((0, 0, 1280, 800), (420, 700), (0, 0, 1920, 1080)) == (1300, 0)


def test_the_station_opens_on_the_demos_data(qtbot, demo, tmp_path):
    """`make demo` writes a station config; a station built from it lists the demo's check-in."""
    from devkit.simulator.citizens import by_key
    from kiosk.config import load_config
    from kiosk.services import KioskServices
    from ui.app import build_station
    kiosk, _panel = demo
    kiosk.qr_text(by_key("valid").qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    number = on_screen(qtbot, kiosk, "ticket", timeout=10000).number.text()
    cfg = load_config(tmp_path / "station.toml", environ={})
    assert cfg.kiosk.data_dir == str(tmp_path / "data")
    with KioskServices.open(cfg, start=False) as services:
        station = build_station(services, feed_wait=2.0)   # the demo's hospital system: the simulator's lobby
        try:
            qtbot.waitUntil(lambda: station.view is not None and len(station.view.rows) == 1, timeout=10000)
            assert station.checkins.model.cells(station.view.rows[0])[2] == number
        finally:
            station.close()
            station.deleteLater()
            qtbot.wait(20)
