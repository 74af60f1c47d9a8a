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


def kiosk_services(config: Config):
    """The check-in services with the durable offline queue as registration sink and menu cache.

    Returns ``(services, queue)``; close the queue, then the services.
    """
    from kiosk.checkin.services import CheckInServices
    from kiosk.offline import OfflineQueue
    services = CheckInServices(config)
    queue = OfflineQueue.open(config, services.hospital, services.gateway)
    services.sink, services.departments = queue.sink, queue.departments
    services.counter_recorder = queue.counter_recorder
    return services, queue


def build_station(config: Config, services):
    """The reception station on this kiosk's queue database (staff view), health probes and printer."""
    from kiosk.errors import KioskError
    from kiosk.health import standard_registry
    from kiosk.offline import CachedDepartments, open_database
    from kiosk.printing import TicketPrinting
    from ui.station.window import StationWindow
    from ui.ticket_printing import item_reprinter
    try:
        db = open_database(config, staff_view=True)
    except KioskError as e:
        log.error("station: queue database unavailable: %s", e.code)
        db = None
    from kiosk.checkin.override import OverrideDesk
    find = CachedDepartments(services.hospital, db.departments).find if db is not None else (lambda code: None)
    printing = TicketPrinting(config)
    # overrides go through the services' sink: the durable queue, delivered exactly once
    desk = OverrideDesk(services.sink, kiosk_id=config.kiosk.id, facility_code=config.facility.code,
                        resolve_counter=db.counters.mark_resolved if db is not None else None)
    return StationWindow(config, services.gateway, db, health=lambda: standard_registry(config),
                         reprint=item_reprinter(printing, find), desk=desk,
                         departments=services.departments.departments,
                         print_ticket=printing.print_ticket if printing.configured else None)


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
    if not has_display():
        print("kiosk: no display ($DISPLAY / $WAYLAND_DISPLAY unset): cannot open a window", file=sys.stderr)
        return ExitCode.BAD_INPUT
    app = qt_application()
    if getattr(args, "station", False):
        from kiosk.checkin.services import CheckInServices
        with CheckInServices(config) as services:
            window = build_station(config, services)
            show(window, False)
            code = app.exec()
            if window.db is not None:
                window.db.close()
        return ExitCode.OK if code == 0 else ExitCode.INTERNAL
    from kiosk.chip.service import ChipCheckIn
    from kiosk.printing import TicketPrinting
    from ui.kiosk_app import KioskApp
    services, queue = kiosk_services(config)
    chip_service = ChipCheckIn.from_config(config)
    try:
        flow = services.new_checkin()
        printing = TicketPrinting(config, eligibility_pending=lambda _ticket: flow.eligibility_pending)
        kiosk = KioskApp(config, flow, camera_factory=camera_factory(config), chip=chip_service,
                         print_ticket=printing.print_ticket if printing.configured else None,
                         warm_up=services.departments.departments)
        kiosk.staff_exit.connect(app.quit)
        show(kiosk.window, config.kiosk.full_screen and not getattr(args, "windowed", False))
        if getattr(args, "smoke_test", False):
            _quit_once_idle(app, kiosk.window)
        code = app.exec()
        kiosk.close()
    finally:
        chip_service.close()
        queue.close()
        services.close()
    return ExitCode.OK if code == 0 else ExitCode.INTERNAL
