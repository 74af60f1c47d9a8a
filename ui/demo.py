"""``make demo``: the kiosk window on the embedded simulator, with a demo panel.

The simulator runs in-process on a free loopback port; the camera is a
folder the demo panel draws QR codes into; the scanner path is the same
keyboard-wedge filter a USB scanner uses.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from kiosk.checkin.services import CheckInServices
from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config
from kiosk.simulator.app import build_simulator
from ui.app import has_display


def can_open() -> bool:
    """True when a window can be shown here."""
    return has_display()


def run(args, config: Config) -> int:
    """Simulator + kiosk window + demo panel, until the kiosk window closes (or staff exit)."""
    from kiosk.cli.demo_cmd import demo_config
    from readers.qr.camera import QrCamera
    from readers.qr.sources import ImageFolderSource
    from ui.app import qt_application, show
    from ui.demo_panel import DemoPanel
    from ui.kiosk_app import KioskApp

    app = qt_application()
    with build_simulator("127.0.0.1", 0) as server, tempfile.TemporaryDirectory(prefix="kiosk-cam-") as cam:
        cfg = demo_config(config, server)
        folder = Path(cam)

        def camera(callbacks):
            return QrCamera(ImageFolderSource(folder, 960, 540, 15, hold_s=0.5),
                            consistent_reads=cfg.camera.consistent_reads, **callbacks)

        with CheckInServices(cfg) as services:
            kiosk = KioskApp(cfg, services.new_checkin(), camera_factory=camera)
            panel = DemoPanel(folder, server)
            panel.scan.connect(kiosk.qr_text)
            kiosk.camera_bridge.code.connect(lambda _read: panel.remove_card())  # the patient lowers the card
            kiosk.staff_exit.connect(app.quit)
            kiosk.window.destroyed.connect(app.quit)
            show(kiosk.window, full_screen=False)     # a demo sits next to its panel
            panel.move(kiosk.window.geometry().right() + 20, kiosk.window.geometry().top())
            panel.show()
            app.setQuitOnLastWindowClosed(True)
            print(f"Kiosk demo on the simulator at {server.url}; close the kiosk window to stop.")
            code = app.exec()
            panel.close()
            kiosk.close()
    return ExitCode.OK if code == 0 else ExitCode.INTERNAL
