"""The face step of a chip check-in, between "yes, that is me" and the insurance answer.

It owns the patient's :class:`~kiosk.face.FaceSession` and the camera's
:class:`~kiosk.face.frames.FrameTap`, runs the chip photo's descriptor while
the confirm screen shows and each try on its own worker thread, and tells the
controller one word when it is done: ``match``, ``declined``, ``no_match``,
``attack_suspected`` or ``not_done``. Every trace (frames, descriptor,
verdicts) goes with :meth:`FaceCheck.wipe`.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.face.frames import FrameTap
from kiosk.face.matcher import FaceDecision
from kiosk.face.session import FaceSession
from ui.screens.face import FaceScreen
from ui.worker import TaskRunner

log = logging.getLogger(__name__)

LOOK_MS = 500          # frames gathered per try: about 5 at the preview's 10 fps
TURN_MS = 1200         # the challenge: time to turn the head a little
MIN_FRAMES = 5         # frames a try wants before its window may end (the motion check compares them) ...
LATE_MS = 500          # ... waiting at most this much longer for them on a busy machine
FEED_MS = 40           # how often the tap's new frames go to the worker (the preview gives one per 100 ms)


class FaceCheck(QObject):
    """``finished(word)`` once per session; ``verifier`` is a :class:`~kiosk.face.FaceVerifier` or None (off)."""

    finished = Signal(str)

    def __init__(self, window, verifier, *, mode: str = "advisory", tries: int = 3,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.verifier, self.mode, self.tries = verifier, mode, tries
        self.tap = FrameTap()
        self.runner = TaskRunner(1, self)
        self.session = FaceSession(tries_allowed=tries)
        self._generation = 0
        self._reference_pending = False
        self._challenged = False
        self._attempt = None                 # the running try (kiosk.face.FaceTry), fed on the worker thread
        self._try_id = 0
        self._try_ends = 0.0
        self._feeding = QTimer(self)         # hands the tap's frames to the worker as they come
        self._feeding.setInterval(FEED_MS)
        self._feeding.timeout.connect(self._feed)
        self.screen = FaceScreen()
        self.screen.setObjectName("screen_face")
        window.screens["face"] = self.screen
        window.stack.addWidget(self.screen)
        self.window = window
        self.screen.agreed.connect(self._agreed)
        self.screen.declined.connect(self._declined)

    def load(self, factory) -> None:
        """Build the verifier with ``factory()`` on the step's own thread (the model takes ~1-2 s to check
        and load: never on the UI thread, never before the idle screen). Until it is there, chip
        check-ins go on without the step (``not_done``; the counter when ``required``)."""
        from kiosk.face.model import FaceModelError, import_runtime
        try:
            import_runtime()          # on this (the UI) thread first: see import_runtime
        except FaceModelError as e:
            log.error("face check unavailable: %s", e.code)
            return

        def done(verifier) -> None:
            self.verifier = verifier

        def failed(exc) -> None:
            log.error("face check unavailable: %s", getattr(exc, "code", type(exc).__name__))
        self.runner.submit(factory, done, failed)

    @property
    def enabled(self) -> bool:
        """True when the kiosk checks faces at all."""
        return self.verifier is not None and self.mode != "off"

    def prepare(self, photo: bytes | None) -> None:
        """The chip photo is known (confirm screen): compute its descriptor in the background."""
        if not self.enabled or not photo:
            return
        generation = self._generation
        self._reference_pending = True

        def done(reference) -> None:
            if generation != self._generation:
                if reference is not None:
                    reference.fill(0.0)
                return
            self._reference_pending = False
            self.session.reference = reference

        def failed(exc) -> None:
            if generation == self._generation:
                self._reference_pending = False
                log.warning("chip photo not usable for the face check: %s", getattr(exc, "code", type(exc).__name__))
        self.runner.submit(lambda: self.verifier.reference(photo), done, failed)

    def decide(self, run, skip) -> None:
        """Call ``run()`` when the step applies to this patient (a reference from the chip photo), else
        ``skip()``; a reference still being computed is waited for (it takes ~0.2 s)."""
        if not self.enabled:
            skip()
            return
        if self._reference_pending:
            generation = self._generation
            QTimer.singleShot(50, lambda: generation == self._generation and self.decide(run, skip))
            return
        (run if self.session.reference is not None else skip)()

    def begin(self) -> None:
        """Show the one-sentence notice."""
        self.screen.ask()
        self.window.show_screen("face")

    def _agreed(self) -> None:
        self._try(LOOK_MS)

    def _declined(self) -> None:
        self.session.declined = True
        self._finish()

    def _try(self, wait_ms: int) -> None:
        """Gather frames for up to ``wait_ms``, each handed to the worker as it arrives (a pipeline:
        the face is found and described while the camera still gives frames); the try ends at the
        first frame that settles it, or when the time is up."""
        self._drop_attempt()
        self._try_id += 1
        generation, try_id = self._generation, self._try_id
        self.tap.arm()
        self._feeding.start()
        self._try_ends = time.monotonic() + (wait_ms + LATE_MS) / 1000
        QTimer.singleShot(wait_ms, lambda: self._current(generation, try_id) and self._compare(generation, try_id))

    def _current(self, generation: int, try_id: int) -> bool:
        return generation == self._generation and try_id == self._try_id

    def _feed(self, last: bool = False) -> None:
        """Hand the frames the tap holds to the try on the worker thread (``last``: and then decide)."""
        reference = self.session.reference
        if reference is None:                # the chip photo is still being read: the tap keeps the frames
            return
        if self._attempt is None:
            self._attempt = self.verifier.start(reference)
        attempt, frames = self._attempt, self.tap.take()
        if not frames and not last:
            return
        generation, try_id = self._generation, self._try_id

        def work():
            from kiosk.face.images import from_bgr  # OpenCV: loaded by the camera long before a try
            verdict = None
            try:
                for f in frames:
                    verdict = attempt.add(from_bgr(f))
                    if verdict is not None:
                        break
            finally:
                for f in frames:
                    f.fill(0)                     # the tap's copies: looked at (or not needed), now gone
            return attempt.verdict() if last else verdict

        def done(verdict) -> None:
            if verdict is not None and self._current(generation, try_id):
                self._judge(verdict)
        self.runner.submit(work, done, lambda exc: self._current(generation, try_id) and self._broken(exc))

    def _compare(self, generation: int, try_id: int) -> None:
        if self._reference_pending:          # the chip photo is still being read: look a moment longer
            QTimer.singleShot(100, lambda: self._current(generation, try_id) and self._compare(generation, try_id))
            return
        attempt = self._attempt
        gathered = self.tap.held + (attempt.frames if attempt is not None else 0)
        if gathered < MIN_FRAMES and time.monotonic() < self._try_ends:
            # a busy machine gave fewer frames than the motion check wants: look a moment longer
            QTimer.singleShot(50, lambda: self._current(generation, try_id) and self._compare(generation, try_id))
            return
        self._feeding.stop()
        if self.session.reference is None:
            self._finish()
            return
        self._feed(last=True)

    def _judge(self, verdict) -> None:
        self._feeding.stop()
        self._drop_attempt()
        self._try_id += 1                    # this try's later answers and its timer are void
        self._judged(verdict)

    def _drop_attempt(self) -> None:
        """Wipe the running try's state on the worker thread, after the frames already handed to it."""
        attempt, self._attempt = self._attempt, None
        if attempt is not None:
            self.runner.submit(attempt.wipe)

    def _judged(self, verdict) -> None:
        log.info("face try %d: %s (%s, %.0f ms)", len(self.session.verdicts) + 1, verdict.decision,
                 verdict.reason, verdict.ms)
        still_match = verdict.decision is FaceDecision.MATCH and verdict.challenge
        if still_match and not self._challenged and self.session.tries_left > 1:
            # a face that did not move proves nothing about a picture: ask once for a small turn
            self._challenged = True
            self.session.tries_allowed -= 1     # the challenge uses a try
            self.screen.set_phase("turn")
            self._try(TURN_MS)
            return
        self.session.add(verdict)
        if self.session.finished():
            self._finish()
        else:
            if verdict.challenge:
                self.screen.set_phase("turn")
            self._try(TURN_MS if verdict.challenge else LOOK_MS)

    def _broken(self, exc) -> None:
        log.warning("face try failed: %s", getattr(exc, "code", type(exc).__name__))
        self._finish()

    def _finish(self) -> None:
        self._feeding.stop()
        self._drop_attempt()
        self._try_id += 1
        self.tap.disarm()
        word = str(self.session.result())
        if self.session.reference is not None:   # no longer needed: zeroed now, not at the reset
            self.session.reference.fill(0.0)
            self.session.reference = None
        self._generation += 1                # late answers now belong to nobody
        self.finished.emit(word)

    def wipe(self) -> None:
        """Forget this patient: frames, descriptor, verdicts; answers in flight are dropped."""
        self._generation += 1
        self._reference_pending = False
        self._challenged = False
        self._feeding.stop()
        self._drop_attempt()
        self._try_id += 1
        self.tap.disarm()
        self.session.wipe()
        self.session.tries_allowed = self.tries
