"""One placement's figures: the chip card on the reader pad, its QR under the camera → the confirm screen.

The Qt kiosk (offscreen) runs as installed: the chip service on the dev kit's
in-process virtual card (the applet pcscd + vpcd would serve; no pcscd
needed here), its card watcher fired as pyscard's is, and a folder camera
(``camera.fps`` 30) with the real capture/decode/acceptance threads. Timed
from the moment the card lands and its photo is in the camera's view to the
confirm screen showing the chip's identity (PACE with the QR's CAN, DG1, DG2,
DG13, EF.SOD, passive authentication to "chain verified", the gateway asked
meanwhile). Peers in the same process, interleaved run by run:

* QR first: the camera's read arrives before the reader reports the card
  (the card lands 0.3 s later); the held QR still opens the chip.
* QR alone (no card): the printed QR's identity, after the wait for a card
  (``reader.card_grace_seconds``, 1 s) — what the grace costs a phone's QR.

Patient actions before the confirm screen: one placement, 0 touches (the
typed fallback: 12 digits + "Xong" = 13 touches).
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from contextlib import closing
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.stats import summary_ms

RUNS = 8
WARMUP = 1
CITIZEN = "valid"


def _kiosk(data: Path, server):
    from devkit.demo.command import demo_config
    from devkit.screenshots.placement_shots import READER, _FiredWatcher
    from devkit.simulator.cards import card_profile
    from devkit.simulator.citizens import by_key
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.lds_files import build_files
    from devkit.virtual_card.loopback import AppletTransport
    from devkit.virtual_card.pki import load_or_create
    from kiosk.chip.service import ChipCheckIn
    from kiosk.config import load_config
    from kiosk.services import KioskServices
    from ui.app import build_kiosk, camera_factory
    folder = data / "camera"
    folder.mkdir()
    pki = load_or_create(data / "pki")
    profile = card_profile(by_key(CITIZEN))
    files = build_files(profile, pki)
    cfg = demo_config(load_config(None, environ={}), server)
    cfg = dataclasses.replace(
        cfg, kiosk=dataclasses.replace(cfg.kiosk, full_screen=False, data_dir=str(data)),
        reader=dataclasses.replace(cfg.reader, name=READER, csca_dir=str(pki.csca_path)),
        camera=dataclasses.replace(cfg.camera, source=str(folder), fps=30))
    watchers: list = []

    def chip_factory(services):
        return ChipCheckIn.from_config(
            services.config,
            connect=lambda reader, timeout: closing(AppletTransport(make_applet(profile, files, None))),
            watcher=lambda on_event: watchers.append(_FiredWatcher(on_event)) or watchers[-1])
    services = KioskServices.open(cfg, chip_factory=chip_factory)
    kiosk = build_kiosk(services, chip=services.chip, camera_factory=camera_factory(cfg))
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    return services, kiosk, watchers[0], folder


def _wait(app, condition, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise RuntimeError("the kiosk did not get there")
        app.processEvents()
        time.sleep(0.001)


def main() -> None:
    """Print the medians and p95s of the three paths."""
    from devkit.simulator.app import build_simulator
    from devkit.simulator.card_photos import clear_cards, show_card
    from readers.pcsc.monitor import CARD_INSERTED, CARD_REMOVED
    from ui.app import qt_application
    app = qt_application()
    figures: dict[str, list[float]] = {"one placement (card, then its QR)": [], "QR first, card 0.3 s later": [],
                                       "QR alone, no card (grace)": []}
    with build_simulator("127.0.0.1", 0) as server, tempfile.TemporaryDirectory(prefix="bench-placement-") as d:
        services, kiosk, watcher, folder = _kiosk(Path(d), server)
        try:
            _wait(app, lambda: kiosk.camera_streaming)
            confirm = kiosk.window.screens["confirm"]

            def finish(chip: bool) -> float:
                _wait(app, lambda: kiosk.window.current == "confirm")
                t = time.perf_counter()
                assert (confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực.") is chip, confirm.how.text()
                if chip:
                    watcher.fire(CARD_REMOVED)     # the card lifted: off the reader and out of view
                clear_cards(folder)
                end = time.monotonic() + 2.5      # out of the camera's view long enough to be read again
                while time.monotonic() < end:
                    app.processEvents()
                    time.sleep(0.01)
                kiosk.controller.reset()
                _wait(app, lambda: kiosk.window.current == "idle" and not kiosk.chip.card_present)
                server.hospital_state.clear()
                return t

            for i in range(WARMUP + RUNS):
                t0 = time.perf_counter()
                watcher.fire(CARD_INSERTED)
                show_card(folder, CITIZEN)
                one = finish(True) - t0
                t0 = time.perf_counter()
                show_card(folder, CITIZEN)
                _wait(app, lambda: kiosk.window.current == "reading")
                deadline = time.perf_counter() + 0.3
                while time.perf_counter() < deadline:
                    app.processEvents()
                watcher.fire(CARD_INSERTED)
                first = finish(True) - t0
                t0 = time.perf_counter()
                show_card(folder, CITIZEN)
                alone = finish(False) - t0
                if i >= WARMUP:
                    for key, value in zip(figures, (one, first, alone), strict=True):
                        figures[key].append(value)
        finally:
            kiosk.close()
            services.close()
    for name, values in figures.items():
        print(f"{name:38s} {summary_ms(values)}")
