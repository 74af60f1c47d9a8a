"""Console entry of the Qt application: ``kiosk run [--station] [--windowed]``.

``kiosk/cli/run_cmd.py`` reaches :func:`run` through ``importlib`` so the
core never imports Qt. :func:`has_display` lets the CLI fall back to the
headless demo on a machine with no screen.
"""

from __future__ import annotations

import logging
import os
import sys

from kiosk.config import Config
from kiosk.exit_codes import ExitCode

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


def build_kiosk(services, *, camera_factory=None, chip=None, face_verifier=None, voice_sink=None):
    """The patient kiosk on ``services`` (opened with :class:`kiosk.services.KioskServices`).

    Nothing slow happens here: the printer library loads on the first ticket,
    and the queue, worker and monitoring open in :func:`start_background`.
    ``voice_sink``: the voice guidance's audio port (None: Qt Multimedia; tests pass a recorder).
    """
    from ui.kiosk_app import KioskApp
    config = services.config
    def print_ticket(ticket, language="vi"):
        return services.printing.print_ticket(ticket, language)

    def print_slip(number, reason, language="vi"):
        return services.printing.print_counter_slip(number, reason, language)
    printer = config.printer.kind != "none"   # the printer itself opens on the first ticket
    # No warm-up here: start_background() fetches the menu once the idle screen shows.
    return KioskApp(config, services.new_checkin(), camera_factory=camera_factory, chip=chip,
                    print_ticket=print_ticket if printer else None, print_slip=print_slip if printer else None,
                    request_help=services.request_help, face_verifier=face_verifier, voice_sink=voice_sink)


def station_registry(config: Config, registry=None):
    """The station's health view: ``registry`` (default: the standard parts) plus the running
    kiosk's ``staff_pin`` part, read from the kiosk's loopback health endpoint."""
    from kiosk.health import standard_registry
    from kiosk.health.kiosk_part import kiosk_part_probe
    registry = registry if registry is not None else standard_registry(config)
    registry.register("staff_pin", kiosk_part_probe(config, "staff_pin"))
    return registry


def start_background(services, *, monitoring: bool = True, extra_health: dict | None = None):
    """Open the queue and start its worker, the monitoring and the department menu, off the UI thread.

    Started once the idle screen shows: a patient who arrives first simply
    waits for the part their check-in needs. Returns the started thread
    (the demo and the tests wait on it to know the menu is cached).
    """
    import threading

    def work() -> None:
        try:
            services.start()
            if monitoring:
                services.start_monitoring(extra=extra_health)
            services.departments.departments()    # the offline menu cache, before the network drops
        except Exception as e:  # a patient's check-in will meet (and explain) the same problem
            log.error("background start failed: %s", getattr(e, "code", e.__class__.__name__))
    thread = threading.Thread(target=work, name="kiosk-start", daemon=True)
    thread.start()
    return thread


#: Parts of a kiosk that a reception desk does not have (its set-up is the kiosk's, not the desk's): the Kiosks
#: tab shows them per kiosk.
KIOSK_ONLY_PARTS = ("reader", "camera", "scanner", "queue", "setup", "chip-security")


def station_lobby(services):
    """The :class:`kiosk.lobby.model.Lobby` the station reads: the services' hospital lobby client."""
    lobby = getattr(services, "lobby", None)
    if lobby is None:
        from kiosk.errors import ConfigError
        raise ConfigError("This build has no hospital lobby client: the station cannot read the lobby.")
    return lobby() if callable(lobby) else lobby


def build_station(services, lobby=None, *, feed_wait: float = 20.0):
    """The reception station on the hospital system's lobby (``lobby``: default :func:`station_lobby`).

    It needs no kiosk on this PC: the hospital system, optionally the gateway
    (lookup, re-check) and this desk's printer. Overrides go through the
    services' sink (the durable queue, delivered exactly once).
    """
    from kiosk.checkin.override import OverrideDesk
    from ui.station.window import StationWindow
    config = services.config
    printing = services.printing
    desk = OverrideDesk(services.sink, kiosk_id=config.kiosk.id, facility_code=config.facility.code,
                        benefit=services.benefit)

    def health():
        registry = services.health_registry()
        for part in KIOSK_ONLY_PARTS:
            registry.unregister(part)
        return registry
    window = StationWindow(config, lobby if lobby is not None else station_lobby(services), services.gateway,
                           health=health, desk=desk, departments=services.departments.departments,
                           print_ticket=printing.print_ticket if printing.configured else None,
                           feed_wait=feed_wait)
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


def run_not_set_up(args, config: Config, problems) -> int:
    """Show "This kiosk is not set up yet — please call IT" until closed; build no service.

    Exits CONFIG (3) when closed, and at once with ``--smoke-test``; the
    missing keys go to the log (``kiosk doctor`` prints them too).
    """
    from ui.i18n import LanguageSwitch
    from ui.not_set_up import NotSetUpWindow
    log.error("kiosk not set up: patient screen refused", extra={"missing": [p.key for p in problems]})
    print("kiosk: not set up; missing: " + ", ".join(p.key for p in problems)
          + " (run `kiosk doctor`, then `kiosk setup`)", file=sys.stderr, flush=True)
    app = qt_application()
    language = LanguageSwitch(config.kiosk.language)
    window = NotSetUpWindow(config.facility.name)
    window.retranslate()
    show(window, config.kiosk.full_screen and not getattr(args, "windowed", False))
    if getattr(args, "smoke_test", False):
        from PySide6.QtCore import QTimer
        QTimer.singleShot(0, lambda: (print("not-set-up screen shown", flush=True), app.quit()))
    app.exec()
    del language
    return ExitCode.CONFIG


def pin_guard_probe(guard):
    """Health part ``staff_pin``: FAILING while the staff exit is locked, DEGRADED after wrong PINs."""
    from kiosk.health.model import degraded, failing, ok

    def probe():
        state = guard.state()
        if state.locked:
            return failing("staff_pin", f"Staff exit locked after {state.failures} wrong PINs in a row "
                                        f"({round(state.seconds_left / 60)} min left).", failures=state.failures)
        if state.failures:
            return degraded("staff_pin", f"{state.failures} wrong staff PIN(s) in a row.", failures=state.failures)
        return ok("staff_pin", "No wrong staff PIN.", failures=0)
    return probe


def run(args, config: Config) -> int:
    """Open the patient kiosk (or the reception station with ``--station``) until closed.

    The patient screen starts only on a set-up kiosk
    (:func:`kiosk.setup_state.missing_settings` empty); otherwise it shows
    the "not set up" notice and talks to nothing.
    """
    from kiosk.services import KioskServices
    if not has_display():
        print("kiosk: no display ($DISPLAY / $WAYLAND_DISPLAY unset): cannot open a window", file=sys.stderr)
        return ExitCode.BAD_INPUT
    from kiosk.setup_state import missing_settings, station_missing_settings
    problems = (station_missing_settings if getattr(args, "station", False) else missing_settings)(config)
    if problems:
        return run_not_set_up(args, config, problems)
    app = qt_application()
    redactor = getattr(args, "redactor", None)
    if getattr(args, "station", False):
        # a desk sends no heartbeat: it is not a kiosk of the fleet (the Kiosks tab lists those)
        with KioskServices.open(config, redactor=redactor) as services:
            window = build_station(services)
            show(window, False)
            code = app.exec()
        return ExitCode.OK if code == 0 else ExitCode.INTERNAL
    # The idle screen first: the queue, its worker, the printer, the camera and the card
    # reader open once it shows (KioskApp starts the devices; start_background the rest).
    # The root owns the chip service (kiosk.chip.service.ChipCheckIn); it is built and
    # attached after the idle screen too (it loads pyscard and cryptography).
    with KioskServices.open(config, start=False, redactor=redactor) as services:
        kiosk = build_kiosk(services, camera_factory=camera_factory(config),
                            face_verifier=lambda: services.face_verifier)   # loaded off the UI thread
        pin_probe = pin_guard_probe(kiosk.pin_guard)   # the staff exit's lockout, in health
        kiosk.staff_exit.connect(app.quit)
        show(kiosk.window, config.kiosk.full_screen and not getattr(args, "windowed", False))
        if getattr(args, "smoke_test", False):
            _quit_once_idle(app, kiosk.window)
        _after_idle(lambda: (kiosk.attach_chip(services.chip),
                             start_background(services, extra_health={"staff_pin": pin_probe})))
        code = app.exec()
        kiosk.close()
    return ExitCode.OK if code == 0 else ExitCode.INTERNAL


def _after_idle(fn) -> None:
    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, fn)
