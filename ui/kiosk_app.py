"""The patient kiosk assembled: window, controller, threads, camera, scanner, printer.

Everything is passed in (the flow, the camera, the printer), so tests and the
demo build the same object around the simulator that production builds
around the real gateway and hospital system.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from kiosk.checkin import Stage, identity_from_qr
from kiosk.config import Config
from kiosk.domain import IdentitySource
from kiosk.errors import InputError
from kiosk.facility_time import facility_today
from kiosk.scanner_input import keystroke_parser
from kiosk.staff_pin import guard_from_config as staff_pin_guard
from ui.camera_bridge import CameraBridge
from ui.i18n import LanguageSwitch
from ui.idle import IdleWatch
from ui.kiosk_controller import KioskController
from ui.kiosk_window import KioskWindow
from ui.scanner_wedge import ScannerWedge
from ui.worker import TaskRunner

log = logging.getLogger(__name__)


class KioskApp(QObject):
    """One kiosk: build it, ``window.show()``, and feed it cards; ``close()`` stops its threads.

    ``camera_factory(callbacks) -> QrCamera`` builds the camera with the
    bridge's callbacks (None: no camera). ``print_ticket(ticket, language)``
    prints on a worker thread and returns "printed" (None: no printer).
    ``warm_up()`` runs once in the background at start. ``chip`` is the
    core's :class:`kiosk.chip.service.ChipCheckIn` (None: no card reader, or
    one attached later with :meth:`attach_chip`); the kiosk watches the card
    through it and leaves closing it to its owner (the composition root).
    ``request_help(screen)`` raises a help request for the screen showing
    (:meth:`kiosk.services.KioskServices.request_help`; it runs on its own
    worker thread, so a slow delivery never holds a touch); it returns None
    or raises when the request was not handed over. ``voice_sink`` is the
    voice guidance's audio port (None: Qt Multimedia on its own thread, when
    ``[voice] enabled``).
    """

    staff_exit = Signal()

    def __init__(self, config: Config, flow, *, camera_factory: Callable | None = None,
                 print_ticket: Callable | None = None, warm_up: Callable | None = None,
                 chip=None, pin_guard=None, print_slip: Callable | None = None,
                 request_help: Callable[[str], object] | None = None,
                 face_verifier=None, voice_sink=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config, self.flow = config, flow
        self.today = facility_today(config.facility.time_zone)
        app = QApplication.instance()
        self.language = LanguageSwitch(config.kiosk.language, self)
        self.pin_guard = pin_guard or staff_pin_guard(config.kiosk, config.data_path())
        self.window = KioskWindow(config.facility.name, self.pin_guard)
        self.runner = TaskRunner(1, self)          # the flow: one call at a time, in order
        self.print_runner = TaskRunner(1, self)    # the printer may be slow: never block the flow
        self.help_runner = TaskRunner(1, self)     # a help request waits neither for the flow nor the printer
        self._request_help = request_help
        self.window.help_requested.connect(self._help_requested)
        self.idle = IdleWatch(config.kiosk.idle_reset_seconds, config.kiosk.idle_warning_seconds, self)
        app.installEventFilter(self.idle)
        printer = (lambda t: print_ticket(t, self.language.language)) if print_ticket else None
        self.controller = KioskController(self.window, flow, self.runner, self.idle, self.language,
                                          ticket_qr=lambda t: t.registration_id,
                                          print_ticket=printer, print_runner=self.print_runner,
                                          another_clinic=config.kiosk.another_clinic, print_slip=print_slip,
                                          today=self.today,
                                          parent=self)
        self._voice_sink = None    # the Qt player this kiosk started (closed with it)
        self.voice = self._start_voice(config, voice_sink)
        self.wedge = ScannerWedge(keystroke_parser(config.scanner), self)
        if config.scanner.kind == "keyboard":
            app.installEventFilter(self.wedge)
        self.wedge.scanned.connect(self._scanned)
        self.serial_scanner = None
        self.window.screens["staff-pin"].unlocked.connect(self.staff_exit)
        self.camera_bridge = CameraBridge(self)
        self.camera_bridge.preview.connect(self._preview)
        self.camera_bridge.code.connect(self._qr_read)
        self.camera_bridge.state.connect(self._camera_state)
        self.camera_bridge.hint.connect(self._camera_hint)
        self.face = None
        self._face_factory = None
        if face_verifier is not None and camera_factory is not None and config.face.mode != "off":
            from ui.face_check import FaceCheck  # the face step needs a camera (docs/face.md)
            # a verifier, or a factory loading it in the background (`kiosk run`: the model takes 1-2 s)
            loaded = None if callable(face_verifier) else face_verifier
            self.face = FaceCheck(self.window, loaded, mode=config.face.mode, tries=config.face.tries, parent=self)
            self._face_factory = face_verifier if loaded is None else None   # loaded with the devices
            self.face.finished.connect(self.controller._face_finished)
            self.controller.face = self.face
            if self.voice is not None:      # the challenge is heard: the patient looks at the camera
                self.face.screen.phase_changed.connect(
                    lambda phase: phase == "turn" and self.voice.say_prompt("face-turn"))
        self.chip = None
        self.placement = None
        self.camera_streaming = False
        if chip is not None:
            self.attach_chip(chip)
        self.camera = None
        self._camera_factory = camera_factory
        # The camera (OpenCV) and a serial scanner start once the idle screen is up: the
        # patient sees the kiosk at once, the camera joins a moment later. Two turns of the
        # event loop: the window is shown after this constructor returns, and its first turn
        # (show, paint) must come before OpenCV's import (0.2-0.5 s on this thread).
        QTimer.singleShot(0, self._start_devices_next_turn)
        if warm_up is not None:
            # e.g. fetch the department menu now, so the offline cache has it before the network drops
            self.print_runner.submit(warm_up, None, lambda e: log.warning(
                "start-up warm-up failed: %s", getattr(e, "code", e.__class__.__name__)))

    def _start_voice(self, config: Config, sink):
        """The voice guide on the recorded prompts (None when switched off); the "🔊" button with it."""
        if not config.voice.enabled:
            return None
        from kiosk.facility_time import facility_now
        from kiosk.voice.library import PromptLibrary, PromptsMissing, shipped_prompts_dir
        from ui.voice.guide import VoiceGuide
        try:
            library = PromptLibrary.open(shipped_prompts_dir(config.voice.prompts_dir))
        except PromptsMissing as e:
            log.warning("voice guidance off: %s", e)
            return None
        # Qt Multimedia (its import, the audio device) starts with the camera, once the idle
        # screen is up; nothing is said before a patient comes anyway.
        from ui.voice.guide import SilentSink
        now = facility_now(config.facility.time_zone)
        guide = VoiceGuide(config.voice, library, sink or SilentSink(), self.controller, self.language,
                           now=lambda: now().time(), idle=self.idle, parent=self)
        self.window.replay.connect(guide.replay)
        self.window.set_voice_available(True)
        return guide

    def _start_voice_player(self) -> None:
        """The voice guide's Qt Multimedia player, on its own thread (unless a sink was passed in)."""
        from ui.voice.guide import SilentSink
        if self.voice is None or not isinstance(self.voice.sink, SilentSink):
            return
        try:
            from ui.voice.player import QtAudioSink
        except ImportError as e:   # a Qt without its Multimedia module: the kiosk works, silent
            log.warning("voice guidance off: Qt Multimedia unavailable (%s)", e.__class__.__name__)
            return
        self._voice_sink = self.voice.sink = QtAudioSink(self)

    def attach_chip(self, chip) -> None:
        """Start watching the card through the core's chip service (``kiosk run`` does it after the idle screen).

        None (no card reader) and a second call change nothing.
        """
        if chip is None or self.chip is not None:
            return
        from ui.card_placement import CardPlacement
        from ui.chip_session import ChipSession
        self.chip = ChipSession(chip, self)
        # One placement: the card on the reader and its QR under the camera (ui/card_placement.py).
        self.placement = CardPlacement(self.controller, self.chip, self.config.reader,
                                       read_with_qr=self._read_chip,
                                       camera_ready=lambda: self.camera_streaming, parent=self)
        self.controller.read_chip_with_id = self._read_chip_with_id
        self.chip.start()

    def _help_requested(self) -> None:
        """"Cần trợ giúp": tell the patient at once, then whether staff were reached."""
        overlay = self.window.help_overlay
        if self._request_help is None:
            overlay.show_state("failed")     # nobody to call: send the patient to the counter
            return
        overlay.show_state("sending")
        screen = self.window.current
        session = self.controller.journey.session

        def answered(state: str) -> None:
            # a reset meanwhile hid the overlay: the next patient must not see it come back
            if self.controller.journey.is_current(session) and overlay.isVisible():
                overlay.show_state(state)

        def failed(exc: BaseException) -> None:
            log.warning("help request not delivered: %s", getattr(exc, "code", exc.__class__.__name__))
            answered("failed")
        # None is "not sent" (e.g. a kiosk without its offline queue): the patient must not be told staff are coming
        self.help_runner.submit(lambda: self._request_help(screen),
                                lambda sent: answered("failed" if sent is None else "sent"), failed)

    def _start_devices_next_turn(self) -> None:
        QTimer.singleShot(0, self._start_devices)

    def _start_devices(self) -> None:
        if self.face is not None and self._face_factory is not None:
            self.face.load(self._face_factory)    # after the idle screen, on the face step's own thread
            self._face_factory = None
        self._start_voice_player()
        if self._camera_factory is not None and self.camera is None:
            callbacks = self.camera_bridge.callbacks()
            if self.face is not None:      # the face step sees the preview frames, only while a try runs
                show, tap = callbacks["on_preview"], self.face.tap.offer
                callbacks["on_preview"] = lambda frame: (tap(frame), show(frame))
            self.camera = self._camera_factory(callbacks)
            self.controller.session_reset.connect(self._session_reset_camera)
            self.camera.start()
        if self.config.scanner.kind == "serial" and self.serial_scanner is None:
            from kiosk.qr_input import serial_scanner_from_config
            # It calls back on its own thread; emitting the signal queues the scan to this one.
            self.serial_scanner = serial_scanner_from_config(self.config.scanner,
                                                             on_scan=self.wedge.scanned.emit)
            if self.serial_scanner is not None:
                self.serial_scanner.start()

    def _session_reset_camera(self) -> None:
        """A new session: the camera may accept the same code again, unless a card still lies on the reader.

        That card stays in the camera's view (one placement): its QR is not the next
        patient's, so it is accepted again only after it was out of view.
        """
        if self.camera is not None and not (self.chip is not None and self.chip.card_present):
            self.camera.reset_acceptance()

    def qr_text(self, text: str, medium: str | None = None) -> None:
        """QR text from a scanner (or an accepted camera read, with what it was shown on): identify, or say
        it is unreadable."""
        if not self.controller.accepts_code():
            return    # a code shown mid-session is not a new patient (while typing it beats the keypad)
        try:
            identity = identity_from_qr(text, self.today(), medium)
        except InputError as e:
            self.controller.card_failed(e.patient_vi, e.patient_en)
            return
        if self.chip is None or not self._read_chip(text, identity):
            # an ID card's QR seen before the reader reported the card: the card is probably landing
            if not (self.chip is not None and identity.source is IdentitySource.QR_ID_CARD
                    and self.placement.hold(text, identity)):
                self.controller.identity_read(identity)

    def _read_chip(self, qr_text: str, printed) -> bool:
        """The card is on the reader: its QR opens the chip (the core's policy); False when it does not apply."""
        # The answer arrives by a queued signal, so after the session below is set.
        journey = self.controller.journey
        mine: dict = {}
        started = self.chip.read_for_qr(qr_text, printed, lambda outcome: journey.is_current(mine["session"])
                                        and self.controller.identity_read(outcome.identity))
        if started:
            self.controller.card_inserted()      # begins the session the answer belongs to
            self.controller.card_phase("authenticate")
            mine["session"] = journey.session
        return started

    def _read_chip_with_id(self, id_number: str) -> bool:
        """The typed ID opens the card on the reader (PACE); False when no card lies there."""
        if self.chip is None:
            return False
        journey = self.controller.journey
        session = journey.session

        def done(outcome) -> None:
            if not journey.is_current(session):
                return
            if outcome.identity is not None:
                self.controller.identity_read(outcome.identity)
            else:
                self.controller.chip_with_id_failed()
        return self.chip.read_for_id_number(id_number, done)

    def _scanned(self, scan) -> None:
        """A USB scanner's text; a mangled scan (lost accents, wrong layout) is refused, not guessed."""
        if scan.problem:
            log.warning("scanner text refused: %s", scan.problem)
            if not self.controller.in_session:
                self.controller.card_failed(
                    "Máy quét làm hỏng mã QR. Vui lòng đưa thẻ vào camera hoặc nhập số.",
                    "The scanner garbled the QR code. Please show the card to the camera or type the number.")
            return
        self.qr_text(scan.text)

    def _qr_read(self, read) -> None:
        self.qr_text(read.text, read.medium.value)   # a phone screen records vneid / vssid

    def _preview(self, image) -> None:
        if self.controller.journey.stage is Stage.IDLE:
            self.window.screens["idle"].show_frame(image)

    def _camera_hint(self, key: str) -> None:
        """A code seen but not read: "closer" / "brighter" / "steady" under the preview ("" clears)."""
        if self.controller.journey.stage is Stage.IDLE or not key:
            self.window.screens["idle"].show_qr_hint(key)

    def _camera_state(self, state: str, detail: str) -> None:
        self.camera_streaming = state == "streaming"
        idle = self.window.screens["idle"]
        if state in ("lost", "reconnecting"):
            idle.show_notice("warn", self.tr("Camera chưa sẵn sàng: hãy dùng thẻ chip hoặc nhập số."))
        elif state == "streaming":
            idle.notice.clear()

    def close(self) -> None:
        """Stop the camera and wait for background calls; wipe the last session."""
        app = QApplication.instance()
        app.removeEventFilter(self.idle)
        app.removeEventFilter(self.wedge)
        self._camera_factory = None
        if self.camera is not None:
            self.camera.stop()
        if self.serial_scanner is not None:
            self.serial_scanner.stop()
        if self.chip is not None:
            self.chip.stop()
        self.controller.reset()
        if self._voice_sink is not None:
            self._voice_sink.close()
        self.runner.wait(5000)
        self.print_runner.wait(5000)
        self.help_runner.wait(5000)
        if self.face is not None:
            self.face.runner.wait(10000)      # a model still loading, a try still comparing
        self.window.close()
        # Free the Qt objects now, not in a garbage-collector pass at interpreter exit.
        self.window.deleteLater()
        self.deleteLater()
