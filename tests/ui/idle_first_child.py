"""Run ``kiosk run --smoke-test`` in this interpreter and report what was open at the idle screen.

Run in a fresh interpreter (``python idle_first_child.py KIOSK_TOML``). The smoke test's
idle hook is wrapped: at the idle screen it prints one JSON line (heavy
libraries imported, queue file present, ``outbox-sync`` threads), then waits
for the background start and prints a second line, then quits.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ui.app
from kiosk.cli import main

HEAVY = ("cv2", "escpos", "smartcard", "cryptography.hazmat.bindings._rust",
         "numpy", "PIL", "qrcode",  # the face tap and the ticket QR load these on first use
         "requests")  # the hospital and gateway clients are built after the idle screen
QUEUE = os.path.join(os.environ["KIOSK_DATA_DIR"], "queue.db")


def state() -> dict:
    return {"heavy": [m for m in HEAVY if m in sys.modules and not _imported_by_cli(m)],
            "queue_file": os.path.exists(QUEUE),
            "sync_threads": sum(t.name == "outbox-sync" for t in threading.enumerate())}


_BEFORE_RUN: set[str] = set()


def _imported_by_cli(module: str) -> bool:
    # The CLI's command registry may import these before `run` starts (that is the start-up
    # work of another change); what counts here is what the kiosk's own path adds.
    return module in _BEFORE_RUN


def at_idle(app, window) -> None:
    from PySide6.QtCore import QTimer

    def check() -> None:
        if not (window.current == "idle" and window.isVisible()):
            QTimer.singleShot(5, check)
            return
        print(json.dumps(state()), flush=True)
        deadline = time.monotonic() + 30
        while state()["sync_threads"] == 0 and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        print(json.dumps(state()), flush=True)
        app.quit()
    QTimer.singleShot(0, check)


original_run = ui.app.run


def run(args, config):
    _BEFORE_RUN.update(m for m in HEAVY if m in sys.modules)
    return original_run(args, config)


ui.app._quit_once_idle = at_idle
ui.app.run = run

if __name__ == "__main__":
    sys.exit(main(["--config", sys.argv[1], "run", "--smoke-test", "--windowed"]))
