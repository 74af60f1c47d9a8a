"""The kiosk's audio sink: Qt Multimedia (``QAudioSink``) on its own thread.

:class:`QtAudioSink` implements :class:`kiosk.voice.ports.AudioSink`: ``play``
and ``stop`` only emit a queued signal and return, so a touch is never
delayed by the disk or the sound card. On the player's thread the clips are
joined into one PCM stream (no gap between a queue number's letters) and
handed to a ``QAudioSink``; a new utterance replaces the one playing. With no
audio output (a kiosk without speakers, a test machine) it says so once in
the log and stays silent.
"""

from __future__ import annotations

import logging
import wave
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QThread, Signal, Slot
from PySide6.QtMultimedia import QAudio, QAudioFormat, QAudioSink, QMediaDevices

from kiosk.voice.ports import Utterance

log = logging.getLogger(__name__)


def join_clips(files: tuple[Path, ...] | list[Path]) -> tuple[bytes, int, int] | None:
    """The clips' PCM back to back: (frames, sample rate, channels); None when none can be read.
    A clip in another format than the first, or unreadable, is left out (logged by name)."""
    pcm, rate, channels = bytearray(), 0, 0
    for path in files:
        try:
            with wave.open(str(path), "rb") as w:
                if w.getsampwidth() != 2:
                    raise wave.Error("not 16-bit")
                if not rate:
                    rate, channels = w.getframerate(), w.getnchannels()
                elif (w.getframerate(), w.getnchannels()) != (rate, channels):
                    raise wave.Error("format differs from the first clip")
                pcm += w.readframes(w.getnframes())
        except (OSError, wave.Error, EOFError) as e:
            log.warning("voice clip %s left out: %s", path.name, e)
    return (bytes(pcm), rate, channels) if pcm else None


class _Player(QObject):
    """Lives on the player thread; owns the QAudioSink and its buffer."""

    state = Signal(str)   # "playing", "idle", "stopped", "no-output", "unreadable"

    def __init__(self) -> None:
        super().__init__()
        self._sink: QAudioSink | None = None
        self._buffer: QBuffer | None = None
        self._said_no_output = False

    @Slot(object)
    def play(self, utterance: Utterance) -> None:
        self._halt()
        joined = join_clips(utterance.files)
        if joined is None:
            self.state.emit("unreadable")
            return
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            if not self._said_no_output:
                log.warning("voice guidance: no audio output device; the kiosk stays silent")
                self._said_no_output = True
            self.state.emit("no-output")
            return
        pcm, rate, channels = joined
        fmt = QAudioFormat()
        fmt.setSampleRate(rate)
        fmt.setChannelCount(channels)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pcm))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._sink = QAudioSink(device, fmt, self)
        self._sink.setVolume(utterance.volume)
        self._sink.stateChanged.connect(self._sink_state)
        self._sink.start(self._buffer)
        self.state.emit("playing")

    @Slot()
    def stop(self) -> None:
        if self._halt():
            self.state.emit("stopped")

    def _halt(self) -> bool:
        if self._sink is None:
            return False
        self._sink.stateChanged.disconnect(self._sink_state)
        self._sink.stop()
        self._sink.deleteLater()
        self._buffer.close()
        self._buffer.deleteLater()
        self._sink, self._buffer = None, None
        return True

    @Slot(QAudio.State)   # declared: an undeclared slot cannot take Qt's enum (the "idle" was lost)
    def _sink_state(self, state: QAudio.State) -> None:
        if state == QAudio.State.IdleState:      # the buffer ran out: done
            self._halt()
            self.state.emit("idle")


class QtAudioSink(QObject):
    """The audio port on Qt Multimedia; ``state`` reports the player's progress (tests, logs)."""

    _play = Signal(object)
    _stop = Signal()
    state = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("voice-player")
        self._player = _Player()
        self._player.moveToThread(self._thread)
        self._play.connect(self._player.play)
        self._stop.connect(self._player.stop)
        self._player.state.connect(self.state)
        self._thread.finished.connect(self._player.deleteLater)
        self._thread.start()

    def play(self, utterance: Utterance) -> None:
        """Queue ``utterance`` on the player thread (it replaces the one playing); returns at once."""
        self._play.emit(utterance)

    def stop(self) -> None:
        """Silence, queued behind any ``play`` already sent; returns at once."""
        self._stop.emit()

    def close(self) -> None:
        """Stop playing and end the player thread."""
        self._stop.emit()
        self._thread.quit()
        self._thread.wait(3000)
