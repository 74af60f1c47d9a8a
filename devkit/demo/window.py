"""``make demo``: the kiosk window on the embedded simulator, with a demo panel.

The simulator runs in-process on a free loopback port; the camera is a
folder the demo panel draws QR codes into; tickets "print" to a file
(ESC/POS bytes) in a temporary folder, and registrations go through the
real offline queue in a temporary data folder, so pulling the network shows
the offline ticket path.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config
from ui.app import has_display


def can_open() -> bool:
    """True when a window can be shown here."""
    return has_display()


def panel_position(window: tuple[int, int, int, int], panel: tuple[int, int],
                   screen: tuple[int, int, int, int]) -> tuple[int, int]:
    """Top-left of the demo panel: right of the kiosk window when it fits, else inside the screen.

    Rectangles are (x, y, width, height). On a 1280-wide screen the kiosk
    window fills the width, so the panel goes over its right edge rather than
    off screen where nobody can reach it.
    """
    wx, wy, ww, _wh = window
    pw, ph = panel
    sx, sy, sw, sh = screen
    x = wx + ww + 20
    if x + pw > sx + sw:
        x = sx + sw - pw
    y = min(max(wy, sy), max(sy, sy + sh - ph))
    return max(sx, x), y


def station_config_text(cfg: Config) -> str:
    """A config file for ``kiosk run --station`` on the demo's data folder and simulator (demo values)."""
    def q(value: object) -> str:
        return json.dumps(str(value), ensure_ascii=False)   # a JSON string is a valid TOML basic string
    g, h = cfg.gateway, cfg.hospital
    return "\n".join([
        "# Written by `make demo`: the reception station on the running demo's data.",
        "[facility]", f"code = {q(cfg.facility.code)}", f"name = {q(cfg.facility.name)}",
        "[kiosk]", f"id = {q(cfg.kiosk.id)}", f"data_dir = {q(cfg.kiosk.data_dir)}",
        "[gateway]", f"url = {q(g.url)}", f"username = {q(g.username)}", f"password = {q(g.password)}",
        f"officer_name = {q(g.officer_name)}", f"officer_cccd = {q(g.officer_cccd)}",
        "[hospital]", f"url = {q(h.url)}", f"api_key = {q(h.api_key)}", ""])


def build_demo(config: Config, server, workdir: Path, stack: ExitStack):
    """The kiosk and its demo panel on ``server``; everything to close is pushed on ``stack``."""
    from devkit.demo.command import demo_config
    from devkit.demo.panel import DemoPanel
    from kiosk.services import KioskServices
    from readers.qr.camera import QrCamera
    from readers.qr.sources import ImageFolderSource
    from ui.app import build_kiosk, start_background

    folder = workdir / "camera"
    folder.mkdir(exist_ok=True)
    cfg = demo_config(config, server)
    cfg = dataclasses.replace(
        cfg, kiosk=dataclasses.replace(cfg.kiosk, data_dir=str(workdir / "data"), full_screen=False),
        printer=dataclasses.replace(cfg.printer, kind="file", target=str(workdir / "tickets.bin")))

    def camera(callbacks):
        return QrCamera(ImageFolderSource(folder, 960, 540, 15, hold_s=0.3),
                        consistent_reads=cfg.camera.consistent_reads, **callbacks)

    from devkit.virtual_card.pki import load_or_create
    pki_dir = workdir / "pki"
    cfg = dataclasses.replace(cfg, reader=dataclasses.replace(
        cfg.reader, csca_dir=str(load_or_create(pki_dir).csca_path)))   # the demo cards' own CSCA
    services = KioskServices.open(cfg, start=False)
    stack.callback(services.close)
    kiosk = build_kiosk(services, camera_factory=camera, chip=services.chip,   # the root's chip service
                        face_verifier=lambda: services.face_verifier)   # loaded in the background
    stack.callback(kiosk.close)
    # the demo may share the machine with a kiosk's port: no monitoring endpoint
    kiosk.started = start_background(services, monitoring=False)
    panel = DemoPanel(folder, server, pki_dir)
    stack.callback(panel.remove_chip_card)
    stack.callback(panel.close)
    panel.scan.connect(kiosk.qr_text)
    kiosk.camera_bridge.code.connect(lambda _read: panel.remove_card())   # the patient lowers the card
    (workdir / "station.toml").write_text(station_config_text(cfg), encoding="utf-8")
    return kiosk, panel


def run(args, config: Config) -> int:
    """Simulator + kiosk window + demo panel, until the kiosk window closes (or staff exit)."""
    from devkit.simulator.app import build_simulator
    from ui.app import qt_application, show

    app = qt_application()
    with ExitStack() as stack:
        server = stack.enter_context(build_simulator("127.0.0.1", 0))
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kiosk-demo-")))
        kiosk, panel = build_demo(config, server, workdir, stack)
        kiosk.staff_exit.connect(app.quit)
        show(kiosk.window, full_screen=False)      # a demo sits next to its panel
        panel.adjustSize()
        g = kiosk.window.frameGeometry()
        screen = (kiosk.window.screen() or app.primaryScreen()).availableGeometry()
        panel.move(*panel_position((g.x(), g.y(), g.width(), g.height()), (panel.width(), panel.height()),
                                   (screen.x(), screen.y(), screen.width(), screen.height())))
        panel.show()
        print(f"Kiosk demo on the simulator at {server.url}; close the kiosk window to stop.")
        print("Reception station on this demo's check-ins (in another terminal, while the demo runs):\n"
              f"    {Path(sys.executable).parent / 'kiosk'} --config {workdir / 'station.toml'} "
              "run --station --windowed")
        code = app.exec()
    return ExitCode.OK if code == 0 else ExitCode.INTERNAL
