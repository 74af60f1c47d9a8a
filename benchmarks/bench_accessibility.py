"""The assist bar's figures: how long one touch of "A+" takes until the whole window is repainted.

"A+" re-styles every widget of the kiosk window (fonts x1.5, the AAA
palette) and lays the screen out again; it must feel immediate (target: p95
< 200 ms on the portrait 1080x1920 window; Qt's style-sheet re-polish of
every widget of the 17 screens is most of it). Peer in the same process: the
other one-touch whole-window change, the language button (every text
translated, laid out and repainted). Also: "Cần trợ giúp" → the message
shown (the request itself goes on its own thread).
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.stats import summary_ms

RUNS = 20
SIZE = (1080, 1920)


def _timed(app, window, touch) -> float:
    start = time.perf_counter()
    touch()
    app.processEvents()
    window.repaint()          # synchronous: the new look is on the screen when this returns
    return time.perf_counter() - start


def main() -> None:
    """Print medians and p95 of A+ on/off, the language switch and the help message, at 1080x1920."""
    from devkit.demo.command import demo_config
    from devkit.simulator.app import build_simulator
    from devkit.simulator.citizens import by_key
    from kiosk.config import load_config
    from kiosk.services import KioskServices
    from ui.app import build_kiosk, qt_application

    app = qt_application()
    with build_simulator("127.0.0.1", 0) as server, tempfile.TemporaryDirectory(prefix="bench-a11y-") as data:
        cfg = demo_config(load_config(None, environ={}), server)
        cfg = dataclasses.replace(cfg, kiosk=dataclasses.replace(cfg.kiosk, full_screen=False, data_dir=data))
        with KioskServices.open(cfg) as services:
            kiosk = build_kiosk(services)
            w = kiosk.window
            w.resize(*SIZE)
            w.show()
            kiosk.qr_text(by_key("valid").qr_text())     # the confirm screen: a patient mid-session
            end = time.monotonic() + 10
            while w.current != "confirm" and time.monotonic() < end:
                app.processEvents()
            large, language, help_shown = [], [], []
            for _ in range(RUNS):
                large.append(_timed(app, w, w.assist.large_text.click))    # on
                large.append(_timed(app, w, w.assist.large_text.click))    # off
                language.append(_timed(app, w, w.language_button.click))
                language.append(_timed(app, w, w.language_button.click))
                help_shown.append(_timed(app, w, w.assist.help.click))
                w.help_overlay.hide()
            kiosk.help_runner.wait(5000)
            kiosk.close()
    print(f"A+ touch → whole window repainted in the other look, {SIZE[0]}x{SIZE[1]}: {summary_ms(large)}  "
          "(target p95 < 200 ms)")
    print(f"  peer, the language button → repainted: {summary_ms(language)}; ratio of medians "
          f"{sorted(large)[len(large) // 2] / sorted(language)[len(language) // 2]:.2f}")
    print(f"'Cần trợ giúp' touch → message shown: {summary_ms(help_shown)}")


if __name__ == "__main__":
    main()
