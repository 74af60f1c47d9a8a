"""The QR camera: capture and decoding on two worker threads, plain callbacks out.

The capture thread only reads frames and drops them into a one-frame slot
(the newest frame wins; a slow decode never makes the camera lag). The decode
thread takes the newest frame, decodes it, and passes the text through the
acceptance step; only an accepted code reaches ``on_code``. A source that
fails is closed and reopened with exponential backoff, and every change is
reported through ``on_state``. Callbacks run on the worker threads: the UI
turns them into Qt signals (never touch widgets from them).
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import cv2
import numpy as np

from readers.errors import CameraError, NotACardQr, QrError
from readers.qr.acceptance import AMBIGUOUS, ConsistentReads
from readers.qr.fusion import FusingDecoder
from readers.qr.guidance import Hint, HintVote, hint_for_frame
from readers.qr.medium import Medium, classify_medium
from readers.qr.parse import CccdQr, InsuranceCardQr, parse_card_qr

log = logging.getLogger("readers.qr.camera")


class CameraState(str, enum.Enum):
    """What the camera is doing, for the UI and the health view."""

    OPENING = "opening"
    STREAMING = "streaming"
    LOST = "lost"
    RECONNECTING = "reconnecting"
    STOPPED = "stopped"


@dataclass(frozen=True)
class QrRead:
    """An accepted code: its text, either the parsed card or why it is not one, and what it was shown on.

    ``medium`` is :class:`~readers.qr.medium.Medium` (``screen`` / ``print`` /
    ``unknown``) for the frame that completed the acceptance.
    """

    text: str
    document: CccdQr | InsuranceCardQr | None
    problem: QrError | None
    medium: Medium = Medium.UNKNOWN

    def __repr__(self) -> str:  # the text is personal data: never in a log line
        kind = self.document.kind if self.document else (self.problem.code if self.problem else "?")
        return f"QrRead({kind}, {len(self.text)} chars)"


class LatestFrame:
    """A one-frame slot: ``put`` replaces any frame not yet taken (counted as dropped)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: np.ndarray | None = None
        self._at = 0.0
        self.dropped = 0
        self.put_count = 0

    def put(self, frame: np.ndarray, at: float) -> None:
        """Offer the newest frame; never blocks."""
        with self._cond:
            if self._frame is not None:
                self.dropped += 1
            self._frame, self._at = frame, at
            self.put_count += 1
            self._cond.notify()

    def take(self, timeout: float) -> tuple[np.ndarray, float] | None:
        """The newest frame and when it was captured, or None after ``timeout`` seconds."""
        with self._cond:
            if self._frame is None:
                self._cond.wait(timeout)
            if self._frame is None:
                return None
            frame, at, self._frame = self._frame, self._at, None
            return frame, at


def _noop(*_args) -> None:
    pass


class QrCamera:
    """Capture + decode + acceptance for one frame source.

    ``source`` is any object with ``open()``, ``read() -> frame`` and
    ``close()`` (see :mod:`readers.qr.sources`). Callbacks: ``on_state(state,
    detail)``, ``on_preview(bgr_frame)`` (downscaled to ``preview_width``, at
    most ``preview_fps`` per second), ``on_seen(reads, needed)`` (progress
    towards acceptance), ``on_code(QrRead)`` and ``on_hint(Hint | None)`` (what
    the patient should do with a code that is seen but not read, steadied over
    frames by :class:`~readers.qr.guidance.HintVote`; called on changes only).
    ``decode(frame, thorough=bool)`` defaults to a
    :class:`~readers.qr.fusion.FusingDecoder` of its own (single frames, and
    several frames fused when a code is seen but not read; reset with the
    acceptance), ``hint(frame)`` to
    :func:`~readers.qr.guidance.hint_for_frame` (run at most every
    ``hint_interval_s`` on frames that decoded nothing), ``medium(frame)`` to
    :func:`~readers.qr.medium.classify_medium` (run once per accepted code:
    a phone screen or a printed card).
    """

    def __init__(self, source, *, consistent_reads: int = 2, window_s: float = 1.5,
                 preview_width: int = 480, preview_fps: float = 10.0, stall_s: float = 3.0,
                 backoff_initial_s: float = 0.25, backoff_max_s: float = 5.0,
                 on_state: Callable = _noop, on_preview: Callable = _noop,
                 on_seen: Callable = _noop, on_code: Callable = _noop, on_hint: Callable = _noop,
                 decode: Callable[..., list[str]] | None = None, today: date | None = None,
                 hint: Callable[[np.ndarray], Hint | None] = hint_for_frame, hint_interval_s: float = 0.15,
                 medium: Callable[[np.ndarray], Medium] = classify_medium):
        self.source = source
        self.acceptance = ConsistentReads(consistent_reads, window_s)
        self.preview_width, self.preview_interval = preview_width, 1.0 / preview_fps
        self.stall_s, self.backoff_initial_s, self.backoff_max_s = stall_s, backoff_initial_s, backoff_max_s
        self.on_state, self.on_preview, self.on_seen, self.on_code = on_state, on_preview, on_seen, on_code
        self._decode = decode if decode is not None else FusingDecoder()
        self._today = today
        self.on_hint, self._hint, self.hint_interval_s = on_hint, hint, hint_interval_s
        self.hint_vote = HintVote()
        self._medium = medium
        self._hint_shown: Hint | None = None
        self._hint_at = float("-inf")
        self.slot = LatestFrame()
        self.decoded_frames = 0
        self._state = CameraState.STOPPED
        self._state_lock = threading.Lock()
        self._stop = threading.Event()
        self._reset_requested = threading.Event()
        self._last_frame_at = 0.0
        self._session_frames = 0
        self._threads: list[threading.Thread] = []

    @property
    def state(self) -> CameraState:
        """The current state."""
        return self._state

    def _emit(self, callback: Callable, *args) -> None:
        try:
            callback(*args)
        except Exception:  # a faulty listener must not kill the camera
            log.exception("camera listener failed")

    def _set_state(self, state: CameraState, detail: str = "") -> None:
        with self._state_lock:
            if state == self._state:
                return
            self._state = state
        log.info("camera %s: %s %s", self.source.description, state.value, detail)
        self._emit(self.on_state, state, detail)

    def start(self) -> None:
        """Start both worker threads (returns at once)."""
        if self._threads:
            raise RuntimeError("camera already started")
        self._stop.clear()
        self._threads = [threading.Thread(target=self._capture_loop, name="qr-capture", daemon=True),
                         threading.Thread(target=self._decode_loop, name="qr-decode", daemon=True)]
        for t in self._threads:
            t.start()

    def stop(self, timeout: float = 3.0) -> None:
        """Stop the workers and release the source (waits at most ``timeout`` seconds)."""
        self._stop.set()
        deadline = time.monotonic() + timeout
        for t in self._threads:
            t.join(max(0.0, deadline - time.monotonic()))
        self._threads = []
        self._set_state(CameraState.STOPPED)

    def reset_acceptance(self) -> None:
        """Let the same card be accepted again (call when the kiosk returns to idle)."""
        self._reset_requested.set()

    # --- capture thread -------------------------------------------------
    def _capture_loop(self) -> None:
        backoff = self.backoff_initial_s
        first = True
        while not self._stop.is_set():
            self._set_state(CameraState.OPENING if first else CameraState.RECONNECTING)
            first = False
            self._session_frames = 0
            try:
                self.source.open()
                self._stream()
            except CameraError as e:
                self._lost(str(e))
            except Exception as e:  # OpenCV and drivers raise anything; report, retry
                self._lost(f"camera error ({e.__class__.__name__})")
            finally:
                try:
                    self.source.close()
                except Exception:
                    log.exception("closing the camera failed")
            if self._session_frames:  # it worked for a while: retry quickly first
                backoff = self.backoff_initial_s
            if self._stop.wait(backoff):
                break
            backoff = min(backoff * 2, self.backoff_max_s)
        self.source.close()

    def _lost(self, detail: str) -> None:
        # Report the loss once; failed attempts after it keep the state "reconnecting".
        if self._state != CameraState.RECONNECTING or self._session_frames:
            self._set_state(CameraState.LOST, detail)
        else:
            log.debug("camera %s: still unavailable: %s", self.source.description, detail)

    def _stream(self) -> None:
        """Read frames until stopped (returns) or the source fails (raises)."""
        next_preview = 0.0
        while not self._stop.is_set():
            frame = self.source.read()
            now = time.monotonic()
            self._last_frame_at = now
            self._session_frames += 1
            self.slot.put(frame, now)
            self._set_state(CameraState.STREAMING)
            if now >= next_preview:
                next_preview = now + self.preview_interval
                self._emit(self.on_preview, self._preview(frame))

    def _preview(self, frame: np.ndarray) -> np.ndarray:
        h, w = frame.shape[:2]
        if w > self.preview_width:
            frame = cv2.resize(frame, (self.preview_width, max(1, round(h * self.preview_width / w))),
                               interpolation=cv2.INTER_AREA)
        return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR) if frame.ndim == 2 else frame

    # --- decode thread --------------------------------------------------
    def _decode_loop(self) -> None:
        parsed: dict[str, tuple] = {}
        while not self._stop.is_set():
            item = self.slot.take(timeout=0.2)
            if item is None:
                if (self._state == CameraState.STREAMING
                        and time.monotonic() - self._last_frame_at > self.stall_s):
                    # The capture thread may be stuck inside a driver call: say so.
                    self._set_state(CameraState.LOST, f"no frame for {self.stall_s:g} s")
                continue
            if self._reset_requested.is_set():
                self._reset_requested.clear()
                self.acceptance.reset()
                self.hint_vote.reset()
                getattr(self._decode, "reset", _noop)()   # frames kept for fusion belong to the last patient
            frame, at = item
            try:
                # Thorough passes on every other frame only: halves idle CPU, costs one frame.
                texts = self._decode(frame, thorough=self.decoded_frames % 2 == 0)
            except QrError:
                texts = []
            self.decoded_frames += 1
            self._guide(frame, bool(texts))
            if not texts:
                continue
            for t in texts:
                if t not in parsed:
                    if len(parsed) > 16:
                        parsed.clear()
                    parsed[t] = self._parse(t)
            cards = [t for t in texts if not isinstance(parsed[t][1], NotACardQr)]
            candidate = AMBIGUOUS if len(cards) > 1 else (cards or texts)[0]
            accepted = self.acceptance.offer(candidate, at)
            if accepted is None:
                reads, needed = self.acceptance.progress
                if candidate != AMBIGUOUS and reads:  # progress towards a new code only
                    self._emit(self.on_seen, reads, needed)
                continue
            doc, problem = parsed[accepted]
            self._emit(self.on_code, QrRead(accepted, doc, problem, self._medium_of(frame)))

    def _guide(self, frame: np.ndarray, decoded: bool) -> None:
        """Update the patient hint: withdrawn as soon as a code reads, voted over undecoded frames."""
        if decoded:
            self.hint_vote.reset()
            shown = None
        else:
            now = time.monotonic()
            if now - self._hint_at < self.hint_interval_s:
                return
            self._hint_at = now
            try:
                seen = self._hint(frame)
            except Exception:  # guidance is a nicety: a failure must never stop decoding
                log.exception("QR guidance failed")
                seen = None
            shown = self.hint_vote.offer(seen, now)
        if shown != self._hint_shown:
            self._hint_shown = shown
            self._emit(self.on_hint, shown)

    def _medium_of(self, frame: np.ndarray) -> Medium:
        """Screen or print for the accepting frame; a failure is "unknown", never a lost read."""
        try:
            return Medium(self._medium(frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)))
        except Exception:
            log.exception("screen/print classification failed")
            return Medium.UNKNOWN

    def _parse(self, text: str) -> tuple:
        try:
            return parse_card_qr(text, self._today), None
        except QrError as e:
            return None, e
