"""``python -m devkit.screenshots OUTDIR``: every kiosk screen (and the station) rendered offscreen to PNG.

The screens are reached the real way — the kiosk runs on an in-process
simulator and synthetic citizens walk through it — so a screenshot shows
what a patient would see, not a mock-up. (The walker needs the simulator,
so it lives in the dev kit, not in ``ui/``.)

``--sizes 1080x1920,1920x1080,1280x1024,1024x768`` (or ``--sizes all``)
renders every kiosk screen at each window size into ``OUTDIR/<W>x<H>/``;
``--large`` adds ``OUTDIR/<W>x<H>-large/``, every screen in the "A+"
large-text, high-contrast look.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1280, 800)
SAVED_LONG_SIDE = 960     # small files for docs/screenshots (1280x800 -> 960 wide, portrait -> 960 high)
KIOSK_SIZES = [(1080, 1920), (1920, 1080), (1280, 1024), (1280, 800), (1024, 768)]


def _wait(app, condition, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise RuntimeError("screen did not appear")
        app.processEvents()
        time.sleep(0.002)
    app.processEvents()


def _save(widget, path: Path) -> None:
    from PySide6.QtCore import Qt
    image = widget.grab().toImage()
    smooth = Qt.TransformationMode.SmoothTransformation
    image = (image.scaledToWidth(SAVED_LONG_SIDE, smooth) if image.width() >= image.height()
             else image.scaledToHeight(SAVED_LONG_SIDE, smooth))
    image.save(str(path), "PNG")
    from PIL import Image  # a 64-colour palette keeps the committed PNGs small
    with Image.open(path) as im:
        im.convert("RGB").quantize(64).save(path, optimize=True)
    print(path)


def kiosk_shots(outdir: Path, size: tuple[int, int] = SIZE, large: bool = False) -> None:
    """One PNG per kiosk screen at window ``size``; ``large``: in the "A+" look."""
    import tempfile

    from devkit.demo.command import demo_config
    from devkit.simulator.app import build_simulator
    from devkit.simulator.citizens import by_key
    from devkit.simulator.server import Fault
    from kiosk.config import load_config
    from kiosk.services import KioskServices
    from ui.app import build_kiosk, qt_application

    app = qt_application()
    # a fresh data folder: yesterday's run (or a kiosk on this machine) must not make the
    # first patient a "returning" one, and the screenshots must not leave check-ins behind
    with build_simulator("127.0.0.1", 0) as server, tempfile.TemporaryDirectory(prefix="kiosk-shots-") as data:
        cfg = demo_config(load_config(None, environ={}), server)
        cfg = dataclasses.replace(cfg, kiosk=dataclasses.replace(cfg.kiosk, full_screen=False, data_dir=data))
        with KioskServices.open(cfg) as services:
            kiosk = build_kiosk(services)
            w, s = kiosk.window, kiosk.window.screens
            w.resize(*size)
            w.show()

            def at(name, timeout=10.0):
                try:
                    _wait(app, lambda: w.current == name, timeout)
                except RuntimeError:
                    raise RuntimeError(f"screen {name} did not appear (showing {w.current})") from None
                return s[name]

            def shot(name):
                w.set_large_text(large)   # as if the patient touched "A+" (each new session starts standard)
                app.processEvents()
                _save(w, outdir / f"kiosk-{name}.png")

            def start(key):
                kiosk.controller.reset()
                kiosk.qr_text(by_key(key).qr_text())
                return at("confirm")

            shot("idle")
            start("valid")
            shot("confirm")
            s["confirm"].yes.click()
            at("department")
            shot("department")
            s["department"].buttons["KNOI"].click()
            at("priority")
            shot("priority")
            s["priority"].none.click()
            at("ticket")
            shot("ticket")
            # the same patient again: told about today's number at once, may add another clinic
            start("valid").yes.click()
            at("returning")
            shot("returning")
            s["returning"].other_clinic.click()
            at("department")
            shot("another-clinic")
            at("department").buttons["MAT"].click()
            at("priority").none.click()
            at("ticket")
            shot("another-clinic-ticket")
            w.overlay.show_countdown(18)
            shot("timeout-warning")
            w.overlay.hide()
            for key, name in (("new-card-003", "new-card"), ("expired", "counter")):
                start(key).yes.click()
                at(name)
                shot(name)
            start("wrong-route").yes.click()      # registered elsewhere: the one slip question first
            at("slip")
            shot("slip")
            s["slip"].yes.click()                 # "I have a slip": the benefit is for staff to confirm
            at("wrong-route")
            shot("wrong-route")
            server.faults.set("gateway.*", Fault("drop"))
            start("valid-female").yes.click()
            at("pending", timeout=30.0)   # the gateway's read timeout passes first
            shot("pending")
            server.faults.clear()
            kiosk.controller.reset()
            kiosk.qr_text(by_key("valid").qr_text().replace("1988", "1989", 1))
            at("unreadable")
            shot("unreadable")
            kiosk.controller.reset()
            kiosk.controller.card_inserted()
            kiosk.controller.card_phase("authenticate")
            at("reading")
            shot("reading")
            kiosk.controller.reset()
            s["idle"].type_button.click()
            for d in "0790880":
                s["keypad"].press(d)
            shot("keypad")
            kiosk.controller.reset()
            kiosk.window.staff_button.click()
            at("staff-pin")
            shot("staff-pin")
            kiosk.controller.reset()
            kiosk.window.language_button.click()
            _wait(app, lambda: s["idle"].instruction.text().startswith("Place"))
            shot("idle-en")
            confirm = start("elderly")          # a new session starts in Vietnamese …
            kiosk.window.language_button.click()  # … and this patient switches mid-way
            _wait(app, lambda: confirm.yes.text().startswith("✔  Yes"))
            confirm.yes.click()
            at("department").buttons["NHI"].click()
            at("priority")
            shot("priority-over-80-en")         # pre-selected from the birth date
            s["priority"].none.click()
            at("ticket")
            shot("ticket-en")
            kiosk.close()


def _sizes(text: str) -> list[tuple[int, int]]:
    if text == "all":
        return list(KIOSK_SIZES)
    sizes = []
    for part in text.split(","):
        w, sep, h = part.strip().partition("x")
        if not (sep and w.isdigit() and h.isdigit() and 320 <= int(w) <= 7680 and 320 <= int(h) <= 7680):
            raise ValueError(f"{part!r} is not a window size such as 1080x1920")
        sizes.append((int(w), int(h)))
    return sizes


def main(argv: list[str]) -> int:
    """Render every screen into OUTDIR (created); see the module's docstring for the options."""
    import argparse
    parser = argparse.ArgumentParser(prog="python -m devkit.screenshots",
                                     description="Render every kiosk screen (and the station) to PNG.")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--sizes", help="comma-separated WxH window sizes, or 'all' "
                        f"({', '.join(f'{w}x{h}' for w, h in KIOSK_SIZES)}); one folder per size")
    parser.add_argument("--large", action="store_true", help="also every screen in the A+ large-text look")
    args = parser.parse_args(argv)
    try:
        sizes = _sizes(args.sizes) if args.sizes else None
    except ValueError as e:
        parser.error(str(e))
    args.outdir.mkdir(parents=True, exist_ok=True)
    if sizes is None:
        kiosk_shots(args.outdir)
        if args.large:
            (args.outdir / "large").mkdir(exist_ok=True)
            kiosk_shots(args.outdir / "large", large=True)
        from devkit.screenshots.placement_shots import placement_shots
        placement_shots(args.outdir)
        from devkit.screenshots.station_shots import station_shots
        station_shots(args.outdir)
        return 0
    for w, h in sizes:
        for large in ((False, True) if args.large else (False,)):
            folder = args.outdir / (f"{w}x{h}-large" if large else f"{w}x{h}")
            folder.mkdir(exist_ok=True)
            kiosk_shots(folder, (w, h), large)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
