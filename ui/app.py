"""Console entry of the Qt application: ``kiosk run [--station] [--windowed]``.

``kiosk/cli/run_cmd.py`` reaches :func:`run` through ``importlib`` so the
core never imports Qt. :func:`has_display` lets the CLI fall back to the
headless demo on a machine with no screen.
"""

from __future__ import annotations

import logging
import os
import sys

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config

log = logging.getLogger(__name__)


def has_display() -> bool:
    """True when a window can be shown (X11, Wayland, Windows/macOS, or an explicit Qt platform)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM"))


def qt_application():
    """The one QApplication (created on first use) with the kiosk's font."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from ui import theme
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "kiosk"])
        app.setApplicationName("vn-checkin-kiosk")
        app.setFont(QFont(theme.FONT_FAMILY))
    return app


def show(window, full_screen: bool) -> None:
    """Full screen on a kiosk, a normal 1280x800 window otherwise."""
    if full_screen:
        window.showFullScreen()
    else:
        window.resize(1280, 800)
        window.show()


def camera_factory(config: Config):
    """A factory building the configured QR camera with the UI's callbacks."""
    def build(callbacks):
        from kiosk.qr_input import camera_from_config
        return camera_from_config(config.camera, **callbacks)
    return build


def chip_session(services):
    """The ``chip_factory`` of the Qt kiosk: a :class:`ui.chip_session.ChipSession` (not started)."""
    from ui.chip_session import ChipSession
    return ChipSession(services.config)


def build_kiosk(services, *, camera_factory=None, chip=None):
    """The patient kiosk on ``services`` (opened with :class:`kiosk.services.KioskServices`).

    Nothing slow happens here: the printer library loads on the first ticket,
    and the queue, worker and monitoring open in :func:`start_background`.
    """
    from ui.kiosk_app import KioskApp
    config = services.config
    print_ticket = None
    if config.printer.kind != "none":
        def print_ticket(ticket, language="vi"):
            return services.printing.print_ticket(ticket, language)
    # No warm-up here: start_background() fetches the menu once the idle screen shows.
    return KioskApp(config, services.new_checkin(), camera_factory=camera_factory, chip=chip,
                    print_ticket=print_ticket)


def start_background(services, *, monitoring: bool = True) -> None:
    """Open the queue and start its worker, the monitoring and the department menu, off the UI thread.

    Started once the idle screen shows: a patient who arrives first simply
    waits for the part their check-in needs.
    """
    import threading

    def work() -> None:
        try:
            services.start()
            if monitoring:
                services.start_monitoring()
            services.departments.departments()    # the offline menu cache, before the network drops
        except Exception as e:  # a patient's check-in will meet (and explain) the same problem
            log.error("background start failed: %s", getattr(e, "code", e.__class__.__name__))
    threading.Thread(target=work, name="kiosk-start", daemon=True).start()


def build_station(services):
    """The reception station on this kiosk's queue database (staff view), health probes and printer."""
    from kiosk.checkin.override import OverrideDesk
    from ui.station.window import StationWindow
    from ui.ticket_printing import item_reprinter
    config = services.config
    queue = services.queue
    db = queue.db if queue is not None else None
    printing = services.printing
    # overrides go through the services' sink: the durable queue, delivered exactly once
    desk = OverrideDesk(services.sink, kiosk_id=config.kiosk.id, facility_code=config.facility.code,
                        resolve_counter=db.counters.mark_resolved if db is not None else None,
                        benefit=services.benefit)
    find = queue.departments.find if queue is not None else (lambda code: None)
    window = StationWindow(config, services.gateway, db, health=services.health_registry,
                           reprint=item_reprinter(printing, find), desk=desk,
                           departments=services.departments.departments,
                           print_ticket=printing.print_ticket if printing.configured else None)
    window.lookup.benefit = services.benefit   # staff see the rule and its source under the answer
    return window


def _quit_once_idle(app, window) -> None:
    """``--smoke-test``: print the time from process start to the idle screen, then quit."""
    import time

    from PySide6.QtCore import QTimer

    def check() -> None:
        if window.current == "idle" and window.isVisible():
            print(f"idle screen shown {_seconds_since_process_start(time):.2f} s after start", flush=True)
            app.quit()
        else:
            QTimer.singleShot(5, check)

    QTimer.singleShot(0, check)


def _seconds_since_process_start(time) -> float:
    # Linux: the process's start from /proc (includes interpreter and bundle
    # start-up); elsewhere: since this module was imported.
    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _IMPORTED_AT


_IMPORTED_AT = __import__("time").perf_counter()


def run(args, config: Config) -> int:
    """Open the patient kiosk (or the reception station with ``--station``) until closed."""
    from kiosk.services import KioskServices
    if not has_display():
        print("kiosk: no display ($DISPLAY / $WAYLAND_DISPLAY unset): cannot open a window", file=sys.stderr)
        return ExitCode.BAD_INPUT
    app = qt_application()
    redactor = getattr(args, "redactor", None)
    if getattr(args, "station", False):
        with KioskServices.open(config, redactor=redactor) as services:
            services.start_monitoring()
            window = build_station(services)
            show(window, False)
            code = app.exec()
        return ExitCode.OK if code == 0 else ExitCode.INTERNAL
    # The idle screen first: the queue, its worker, the printer, the camera and the card
    # reader open once it shows (KioskApp starts the devices; start_background the rest).
    with KioskServices.open(config, start=False, redactor=redactor, chip_factory=chip_session) as services:
        chip = services.chip
        kiosk = build_kiosk(services, camera_factory=camera_factory(config), chip=chip)
        kiosk.staff_exit.connect(app.quit)
        show(kiosk.window, config.kiosk.full_screen and not getattr(args, "windowed", False))
        if getattr(args, "smoke_test", False):
            _quit_once_idle(app, kiosk.window)
        _after_idle(lambda: (chip.start(), start_background(services)))
        code = app.exec()
        kiosk.close()
    return ExitCode.OK if code == 0 else ExitCode.INTERNAL


def _after_idle(fn) -> None:
    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, fn)
