"""The one-placement chip path rendered offscreen: the card on the reader, its QR under the camera.

Reached the real way: the kiosk's chip service reads the dev kit's
in-process virtual card (the same applet pcscd + vpcd would serve), the
card watcher is fired as pyscard's would be, and the camera is a folder
camera holding a photo of the card lying on the reader pad.
"""

from __future__ import annotations

import dataclasses
import tempfile
import threading
from contextlib import closing
from pathlib import Path

from devkit.screenshots.kiosk_shots import SIZE, _save, _wait

READER = "Virtual PCD 00 00"


class _FiredWatcher:
    """A card watcher the script fires from a thread of its own, as pyscard's monitor does."""

    def __init__(self, on_event) -> None:
        self.on_event = on_event

    def start(self) -> _FiredWatcher:
        return self

    def stop(self) -> None:
        pass

    def fire(self, kind: str) -> None:
        from readers.pcsc.monitor import CardEvent
        t = threading.Thread(target=self.on_event, args=(CardEvent(kind, READER),), name="card-watcher")
        t.start()
        t.join(5)


def placement_shots(outdir: Path, citizen_key: str = "valid") -> None:
    """kiosk-placement-waiting-qr, kiosk-placement-confirm, kiosk-take-card (PNG in ``outdir``)."""
    from devkit.demo.command import demo_config
    from devkit.simulator.app import build_simulator
    from devkit.simulator.card_photos import clear_cards, show_card
    from devkit.simulator.cards import card_profile
    from devkit.simulator.citizens import by_key
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.lds_files import build_files
    from devkit.virtual_card.loopback import AppletTransport
    from devkit.virtual_card.pki import load_or_create
    from kiosk.chip.service import ChipCheckIn
    from kiosk.config import load_config
    from kiosk.services import KioskServices
    from readers.pcsc.monitor import CARD_INSERTED, CARD_REMOVED
    from ui.app import build_kiosk, camera_factory, qt_application

    app = qt_application()
    with build_simulator("127.0.0.1", 0) as server, \
            tempfile.TemporaryDirectory(prefix="kiosk-shots-") as data:
        folder = Path(data) / "camera"
        folder.mkdir()
        pki = load_or_create(Path(data) / "pki")
        profile = card_profile(by_key(citizen_key))
        files = build_files(profile, pki)
        cfg = demo_config(load_config(None, environ={}), server)
        cfg = dataclasses.replace(
            cfg, kiosk=dataclasses.replace(cfg.kiosk, full_screen=False, data_dir=data),
            reader=dataclasses.replace(cfg.reader, name=READER, csca_dir=str(pki.csca_path)),
            camera=dataclasses.replace(cfg.camera, source=str(folder), fps=20))
        watchers: list[_FiredWatcher] = []

        def chip_factory(services):
            return ChipCheckIn.from_config(
                services.config,
                connect=lambda reader, timeout: closing(AppletTransport(make_applet(profile, files, None))),
                watcher=lambda on_event: watchers.append(_FiredWatcher(on_event)) or watchers[-1])

        with KioskServices.open(cfg, chip_factory=chip_factory) as services:
            kiosk = build_kiosk(services, chip=services.chip, camera_factory=camera_factory(cfg))
            w, s = kiosk.window, kiosk.window.screens
            w.resize(*SIZE)
            w.show()
            _wait(app, lambda: kiosk.camera_streaming, 15.0)

            def shot(name):
                app.processEvents()
                _save(w, outdir / f"kiosk-{name}.png")

            watchers[0].fire(CARD_INSERTED)          # the card lands on the reader pad …
            _wait(app, lambda: w.current == "reading" and s["reading"].phase_key == "qr")
            shot("placement-waiting-qr")
            show_card(folder, citizen_key)           # … QR side up, under the camera
            _wait(app, lambda: w.current == "confirm", 30.0)
            shot("placement-confirm")
            s["confirm"].yes.click()
            _wait(app, lambda: w.current == "department", 20.0)
            s["department"].buttons["KNOI"].click()
            _wait(app, lambda: w.current == "priority")
            s["priority"].none.click()
            _wait(app, lambda: w.current == "ticket", 20.0)
            s["ticket"].finish.click()
            _wait(app, lambda: w.current == "take-card")
            shot("take-card")
            watchers[0].fire(CARD_REMOVED)
            clear_cards(folder)
            _wait(app, lambda: w.current == "idle")
            kiosk.close()
