"""Open the kiosk as ``kiosk run`` does and report, at the idle screen, what had been opened or imported.

Run in a fresh interpreter (``python idle_first_child.py``); prints one JSON
line at the idle screen, then one after the background start finished.
"""

from __future__ import annotations

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.config import load_config  # noqa: E402
from kiosk.services import KioskServices  # noqa: E402
from ui.app import build_kiosk, camera_factory, chip_session, qt_application, start_background  # noqa: E402

HEAVY = ("cv2", "escpos", "smartcard", "cryptography.hazmat.bindings._rust")


def state(services, cfg) -> dict:
    import threading
    return {"heavy": [m for m in HEAVY if m in sys.modules],
            "queue_file": (cfg.data_path() / "queue.db").exists(),
            "sync_threads": sum(t.name == "outbox-sync" for t in threading.enumerate())}


def main() -> None:
    app = qt_application()
    cfg = load_config(None)
    with KioskServices.open(cfg, start=False, chip_factory=chip_session) as services:
        kiosk = build_kiosk(services, camera_factory=camera_factory(cfg), chip=services.chip)
        kiosk.window.show()
        while not (kiosk.window.current == "idle" and kiosk.window.isVisible()):
            app.processEvents()
        print(json.dumps(state(services, cfg)), flush=True)
        start_background(services, monitoring=False)
        deadline = time.monotonic() + 30
        while not services.delivering and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        print(json.dumps(state(services, cfg)), flush=True)
        kiosk.close()


if __name__ == "__main__":
    main()
