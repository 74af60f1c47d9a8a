"""The demo's paths are the real ones: camera folder → zxing → acceptance → kiosk; wedge scanner; no display."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kiosk.checkin.services import CheckInServices
from readers.qr.camera import QrCamera
from readers.qr.sources import ImageFolderSource
from tests.ui.helpers import on_screen, tap


@pytest.fixture
def demo(qtbot, config, simulator, tmp_path):
    from ui.demo_panel import DemoPanel
    from ui.kiosk_app import KioskApp
    folder = tmp_path / "camera"
    folder.mkdir()
    services = CheckInServices(config)

    def camera(callbacks):
        return QrCamera(ImageFolderSource(folder, 960, 540, 15, hold_s=0.3), consistent_reads=2, **callbacks)

    kiosk = KioskApp(config, services.new_checkin(), camera_factory=camera)
    panel = DemoPanel(folder, simulator)
    panel.scan.connect(kiosk.qr_text)
    kiosk.camera_bridge.code.connect(lambda _read: panel.remove_card())
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    qtbot.addWidget(panel)
    yield kiosk, panel
    kiosk.close()
    services.close()


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
    panel.network.setChecked(True)
    panel.scan_button.click()
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    on_screen(qtbot, kiosk, "pending", timeout=15000)
    panel.network.setChecked(False)


def test_make_demo_without_a_display_falls_back_to_the_headless_demo(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "kiosk", "demo"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("kiosk: no display") and "headless demo" in first
    assert "[7]" in done.stdout
