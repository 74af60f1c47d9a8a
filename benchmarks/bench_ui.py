"""The Qt kiosk's figures: cold start, identification → ticket with scripted touches, UI stalls, memory.

* Cold start: a fresh ``python`` process builds the kiosk and shows the idle
  screen (offscreen platform); measured from spawn to "idle shown". Target < 1.5 s.
* Identification → ticket: a card QR arrives, the scripted patient touches
  "yes", a department and "no priority" as soon as each screen shows; time
  until the ticket screen shows. Against the in-process simulator with no
  injected latency (target < 2 s), then with 1 s gateway latency (fault slow:1).
  Peer in the same process: the same check-in through the bare flow (no UI).
* The worst UI-thread stall seen by a 5 ms heartbeat during those runs (< 50 ms).
* Peak memory (max RSS) of this process and of a cold-started kiosk (< 300 MB).
"""

from __future__ import annotations

import dataclasses
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.stats import percentile, summary_ms  # noqa: E402
from kiosk.checkin import Stage, identity_from_qr  # noqa: E402
from kiosk.services import KioskServices  # noqa: E402
from kiosk.config import load_config  # noqa: E402
from kiosk.gateway import GatewayClient, NoEligibilityCache  # noqa: E402
from devkit.simulator.app import build_simulator, hospital_url  # noqa: E402
from devkit.simulator.citizens import by_key  # noqa: E402
from devkit.simulator.server import Fault  # noqa: E402

RUNS = 12
SLOW_RUNS = 4
COLD_RUNS = 5
PATIENTS = ("valid", "valid-female", "elderly", "new-card-004")

COLD_SCRIPT = r"""
import os, resource, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from ui.app import qt_application
from kiosk.config import load_config
from kiosk.services import KioskServices
from ui.app import build_kiosk
app = qt_application()
cfg = load_config(environ={})
kiosk = build_kiosk(KioskServices.open(cfg, start=False))  # as `kiosk run`: the idle screen first
kiosk.window.resize(1280, 800)
kiosk.window.show()
while kiosk.window.current != "idle" or not kiosk.window.isVisible():
    app.processEvents()
app.processEvents()
print("IDLE", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def cold_start() -> tuple[list[float], int]:
    """Spawn → idle screen shown, in a fresh interpreter each time; and its peak RSS (KiB)."""
    times, rss = [], 0
    for _ in range(COLD_RUNS):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", COLD_SCRIPT], capture_output=True, text=True, timeout=60)
        line = next(ln for ln in done.stdout.splitlines() if ln.startswith("IDLE"))
        times.append(time.perf_counter() - t0)
        rss = max(rss, int(line.split()[1]))
    return times, rss


class ScriptedPatient:
    """Touches the happy path's buttons the moment each screen shows."""

    def __init__(self, kiosk, department: str = "KNOI") -> None:
        from PySide6.QtCore import QTimer
        self.kiosk, self.department, self._timer = kiosk, department, QTimer
        kiosk.controller.stage_changed.connect(self._on_stage)

    def _on_stage(self, stage) -> None:
        s = self.kiosk.window.screens
        button = {Stage.CONFIRM: lambda: s["confirm"].yes,
                  Stage.DEPARTMENT: lambda: s["department"].buttons[self.department],
                  Stage.PRIORITY: lambda: s["priority"].none, Stage.NEW_CARD: lambda: s["new-card"].primary}.get(stage)
        if button:
            self._timer.singleShot(0, lambda: button().click())


def ui_runs(kiosk, server, runs: int) -> list[float]:
    """Identification → ticket shown, one run per patient in turn; the hospital's day is cleared between runs."""
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    times = []
    for i in range(runs):
        server.hospital_state.clear()
        kiosk.controller.reset()
        text = by_key(PATIENTS[i % len(PATIENTS)]).qr_text()
        t0 = time.perf_counter()
        kiosk.qr_text(text)
        deadline = t0 + 30
        while kiosk.window.current != "ticket" and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.0005)
        if kiosk.window.current != "ticket":
            raise RuntimeError(f"run {i} ended on {kiosk.window.current}")
        times.append(time.perf_counter() - t0)
    return times


def chip_runs(kiosk, server, citizen: str, runs: int) -> list[float]:
    """Card on the reader + its QR shown → ticket: PACE, DG1, DG2 (the face), DG13, SOD, PA, then the flow."""
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    text, times = by_key(citizen).qr_text(), []
    for i in range(runs):
        server.hospital_state.clear()
        kiosk.controller.reset()
        t0 = time.perf_counter()
        kiosk.qr_text(text)
        deadline = t0 + 30
        while kiosk.window.current != "ticket" and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.0005)
        if kiosk.window.current != "ticket" or kiosk.window.screens["confirm"].how.text() == "":
            raise RuntimeError(f"chip run {i} ended on {kiosk.window.current}")
        times.append(time.perf_counter() - t0)
    return times


def chip_figures(cfg, server) -> None:
    """The chip path through the Qt kiosk on pcscd's virtual reader (skipped without pcscd)."""
    from benchmarks.virtual_reader import READER, reader_available, served_card
    from ui.app import build_kiosk, chip_session
    from ui.stall import StallMeter
    if not reader_available():
        print("card on the reader → ticket: skipped (no pcscd with the vpcd virtual reader)")
        return
    from PySide6.QtWidgets import QApplication
    with served_card("valid") as pki_dir:
        if pki_dir is None:
            print("card on the reader → ticket: skipped (the virtual card did not appear)")
            return
        cfg = dataclasses.replace(cfg, reader=dataclasses.replace(cfg.reader, name=READER,
                                                                   csca_dir=str(Path(pki_dir) / "csca")))
        with KioskServices.open(cfg, chip_factory=chip_session) as services:
            chip = services.chip
            chip.start()
            kiosk = build_kiosk(services, chip=chip)
            kiosk.window.resize(1280, 800)
            kiosk.window.show()
            patient = ScriptedPatient(kiosk)  # noqa: F841 (kept alive: it holds the connection)
            deadline = time.perf_counter() + 10
            while not chip.card_present and time.perf_counter() < deadline:
                QApplication.instance().processEvents()
                time.sleep(0.01)
            chip_runs(kiosk, server, "valid", 2)       # warm-up
            meter = StallMeter(5)
            meter.start()
            times = chip_runs(kiosk, server, "valid", RUNS)
            meter.stop()
            how = kiosk.window.screens["confirm"].how.text()
            kiosk.close()
    print(f"card on the reader + its QR → ticket (PACE, DG1, DG2 face, DG13, PA; scripted touches): "
          f"{summary_ms(times)}  (target < 2000 ms); worst UI stall {meter.worst_ms:.1f} ms; source: {how}")


def bare_flow_runs(services, server, runs: int) -> list[float]:
    """The peer: the same check-ins through the flow alone, no Qt."""
    times = []
    for i in range(runs):
        server.hospital_state.clear()
        flow = services.new_checkin()
        t0 = time.perf_counter()
        flow.identify(identity_from_qr(by_key(PATIENTS[i % len(PATIENTS)]).qr_text()))
        flow.check_eligibility()
        flow.load_departments()
        flow.choose_department("KNOI")
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    """Print the figures."""
    cold, cold_rss = cold_start()
    print(f"cold start to idle screen: {summary_ms(cold)}  (target < 1500 ms)")
    print(f"cold-started kiosk peak RSS: {cold_rss / 1024:.0f} MB  (target < 300 MB)")

    from ui.app import qt_application
    from ui.app import build_kiosk
    from ui.stall import StallMeter
    app = qt_application()
    with build_simulator("127.0.0.1", 0) as server:
        cfg = load_config(environ={})
        cfg = dataclasses.replace(cfg, gateway=dataclasses.replace(cfg.gateway, url=server.url),
                                  hospital=dataclasses.replace(cfg.hospital, url=hospital_url(server)),
                                  kiosk=dataclasses.replace(cfg.kiosk, full_screen=False))
        # The gateway's per-day cache is off: every run really asks the (slowed) gateway.
        gateway = GatewayClient(cfg.gateway, cfg.facility, cache=NoEligibilityCache())
        with KioskServices.open(cfg, gateway=gateway) as services:
            kiosk = build_kiosk(services)
            kiosk.window.resize(1280, 800)
            kiosk.window.show()
            patient = ScriptedPatient(kiosk)  # noqa: F841 (kept alive: it holds the connection)
            ui_runs(kiosk, server, 2)                  # warm-up: fonts, first layouts, keep-alive
            meter = StallMeter(5)
            meter.start()
            fast = ui_runs(kiosk, server, RUNS)
            meter.stop()
            stall_fast = meter.worst_ms
            peer = bare_flow_runs(services, server, RUNS)
            server.faults.set("gateway.lookup", Fault("slow", 1.0))
            meter.start()
            slow = ui_runs(kiosk, server, SLOW_RUNS)
            meter.stop()
            server.faults.clear()
            kiosk.close()
        chip_figures(cfg, server)
    med_fast, med_peer = statistics.median(fast), statistics.median(peer)
    print(f"identification → ticket, scripted touches, no latency: {summary_ms(fast)}  (target < 2000 ms)")
    print(f"  peer, the bare flow (no UI) in this process: {summary_ms(peer)}; UI/bare ratio "
          f"{med_fast / med_peer:.2f}")
    print(f"identification → ticket with 1 s gateway latency: {summary_ms(slow)}; "
          f"ratio to no-latency {statistics.median(slow) / med_fast:.2f}")
    print(f"worst UI-thread stall (5 ms heartbeat): {stall_fast:.1f} ms without latency, "
          f"{meter.worst_ms:.1f} ms with 1 s latency  (target < 50 ms)")
    print(f"  p95 heartbeat gap with latency: {percentile(meter.gaps_ms, 95):.1f} ms")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
          "  (target < 300 MB)")
    del app


if __name__ == "__main__":
    main()
