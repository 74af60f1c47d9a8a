"""The walk-away timer: warn with a countdown, then wipe the session.

While a patient session is armed, every touch, click or key anywhere in the
application restarts the clock. After ``reset - warning`` seconds of silence
:attr:`IdleWatch.warning` fires with the seconds left and
:attr:`IdleWatch.tick` counts down once a second; any input during the
countdown fires :attr:`IdleWatch.resumed`. At zero :attr:`IdleWatch.expired`
fires and the watch disarms itself.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_INPUT_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress,
                 QEvent.Type.Wheel}


class IdleWatch(QObject):
    """Input-activity timer for one kiosk window (install on the application)."""

    warning = Signal(int)
    tick = Signal(int)
    resumed = Signal()
    expired = Signal()

    def __init__(self, reset_seconds: float, warning_seconds: float,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        if warning_seconds >= reset_seconds:
            raise ValueError("the warning must start after some idle time")
        self.reset_seconds = reset_seconds
        self.warning_seconds = warning_seconds
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.timeout.connect(self._start_warning)
        self._countdown = QTimer(self)
        self._countdown.setInterval(250)   # smooth enough for a 1 s display
        self._countdown.timeout.connect(self._on_countdown)
        self._deadline = 0.0
        self._last_shown = -1
        self.armed = False
        self.warning_shown = False

    def arm(self) -> None:
        """Start watching (a patient session began)."""
        self.armed = True
        self._restart()

    def disarm(self) -> None:
        """Stop watching (back on the idle screen)."""
        self.armed = False
        self.warning_shown = False
        self._quiet.stop()
        self._countdown.stop()

    def poke(self) -> None:
        """Count as patient activity (input, or the flow moving on by itself)."""
        if not self.armed:
            return
        if self.warning_shown:
            self.warning_shown = False
            self._countdown.stop()
            self.resumed.emit()
        self._restart()

    def seconds_left(self) -> int:
        """Whole seconds until the wipe while the warning shows."""
        return max(0, math.ceil(self._deadline - time.monotonic()))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Any input restarts the clock; the event itself goes on untouched."""
        if self.armed and event.type() in _INPUT_EVENTS:
            self.poke()
        return False

    def _restart(self) -> None:
        self._quiet.start(int((self.reset_seconds - self.warning_seconds) * 1000))

    def _start_warning(self) -> None:
        self.warning_shown = True
        self._deadline = time.monotonic() + self.warning_seconds
        self._last_shown = self.seconds_left()
        self.warning.emit(self._last_shown)
        self._countdown.start()

    def _on_countdown(self) -> None:
        left = self.seconds_left()
        if left <= 0:
            self.disarm()
            self.expired.emit()
        elif left != self._last_shown:
            self._last_shown = left
            self.tick.emit(left)
