"""Where camera frames come from: a device, a video file, an image folder or a stream.

Each source has the same small role (``open``/``read``/``close``), so the
capture worker never cares which one it drives, and tests and the demo use a
folder of images instead of a webcam. ``read`` returns a frame (a BGR or
greyscale uint8 array) or raises :class:`SourceLost`; it never returns stale
data silently.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import cv2
import numpy as np

from readers.errors import ReaderError, SourceLost, SourceUnavailable
from readers.qr.decode import load_gray_image

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".gif"}
VIDEO_SUFFIXES = {".mp4", ".avi", ".mkv", ".mov", ".webm", ".m4v", ".mjpeg", ".mjpg"}
STREAM_TIMEOUT_MS = 3000


def _fit(frame: np.ndarray, width: int, height: int) -> np.ndarray:
    """Scale ``frame`` down (never up) to fit width x height, as a camera would deliver it."""
    h, w = frame.shape[:2]
    f = min(width / w, height / h)
    if f >= 1.0:
        return frame
    return cv2.resize(frame, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)


class ImageFolderSource:
    """A folder of images shown one after another, each for ``hold_s`` seconds.

    ``folder`` may also be a single image file, shown for as long as it exists.

    The folder is re-listed at every change of image, so copying a card photo
    into it "shows" the card, and removing it takes the card away. An empty
    folder gives a plain grey frame (a camera looking at nothing); a folder
    that disappears is a lost source. Frames are paced at ``fps``.
    """

    def __init__(self, folder: str | os.PathLike, width: int = 1280, height: int = 720,
                 fps: float = 15.0, hold_s: float = 1.0):
        self.folder = Path(folder)
        self.width, self.height, self.fps, self.hold_s = width, height, fps, hold_s
        self.description = f"image folder {self.folder.name}"
        self._current: np.ndarray | None = None
        self._index = -1
        self._shown_at = float("-inf")
        self._next_frame_at = 0.0

    def open(self) -> None:
        """Check the folder exists."""
        if not self.folder.exists():
            raise SourceUnavailable(f"The image folder {self.folder.name} does not exist.")
        self._shown_at = float("-inf")

    def _advance(self) -> np.ndarray:
        try:
            if self.folder.is_file():
                files = [self.folder]
            else:
                files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        except OSError:
            raise SourceLost(f"The image folder {self.folder.name} is gone.") from None
        self._shown_at = time.monotonic()
        self._index = (self._index + 1) % len(files) if files else -1
        if not files:
            return np.full((self.height, self.width), 128, np.uint8)
        try:
            return _fit(load_gray_image(files[self._index]), self.width, self.height)
        except ReaderError:
            # A half-copied or bad file is skipped, as a camera skips a bad frame.
            return np.full((self.height, self.width), 128, np.uint8)

    def read(self) -> np.ndarray:
        """The current image (paced at ``fps``); raises :class:`SourceLost` if the folder went away."""
        delay = self._next_frame_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._next_frame_at = time.monotonic() + 1.0 / self.fps
        if not self.folder.exists():
            raise SourceLost(f"The image folder {self.folder.name} is gone.")
        current = self._current
        if time.monotonic() - self._shown_at >= self.hold_s or current is None:
            current = self._current = self._advance()
        return current

    def close(self) -> None:
        """Nothing to release."""
        self._current = None


class OpenCvSource:
    """A webcam (device index), a video file (played in a loop) or a stream URL, via OpenCV."""

    def __init__(self, target: int | str, width: int = 1280, height: int = 720, fps: float = 15.0,
                 fourcc: str = "MJPG"):
        self.target, self.width, self.height, self.fps = target, width, height, fps
        self.fourcc = fourcc
        self.is_file = isinstance(target, str) and not re.match(r"^[a-z][a-z0-9+.-]*://", target, re.I)
        if isinstance(target, int):
            self.description = f"camera {target}"
        elif self.is_file:
            self.description = f"video file {Path(target).name}"
        else:  # never show credentials embedded in a stream URL
            self.description = "stream " + re.sub(r"//[^/@]*@", "//***@", target)
        self._cap: cv2.VideoCapture | None = None
        self._next_frame_at = 0.0

    def open(self) -> None:
        """Open the device/file/stream and ask for the configured resolution and frame rate."""
        if self.is_file and not Path(str(self.target)).is_file():
            raise SourceUnavailable(f"The video file {Path(str(self.target)).name} does not exist.")
        if isinstance(self.target, int):
            cap = cv2.VideoCapture(self.target)
        else:
            params = [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, STREAM_TIMEOUT_MS,
                      cv2.CAP_PROP_READ_TIMEOUT_MSEC, STREAM_TIMEOUT_MS]
            cap = cv2.VideoCapture(self.target, cv2.CAP_ANY, params)
        if not cap.isOpened():
            cap.release()
            raise SourceUnavailable(f"The {self.description} could not be opened.")
        if isinstance(self.target, int):
            # MJPEG first: uncompressed YUYV over USB 2 gives 1080p at 5 fps at best; MJPEG keeps
            # the frame rate at full resolution. The order matters (V4L2 picks formats per size).
            if self.fourcc:
                cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*self.fourcc))
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            cap.set(cv2.CAP_PROP_FPS, self.fps)
            cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # we want the newest frame, not a queue of old ones
        self._cap = cap

    def read(self) -> np.ndarray:
        """The next frame; a video file restarts at its end and is paced at ``fps``."""
        if self._cap is None:
            raise SourceLost(f"The {self.description} is not open.")
        if self.is_file:
            delay = self._next_frame_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next_frame_at = time.monotonic() + 1.0 / self.fps
            if not Path(str(self.target)).is_file():
                raise SourceLost(f"The video file {Path(str(self.target)).name} is gone.")
        ok, frame = self._cap.read()
        if not ok and self.is_file:  # end of the clip: play it again
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._cap.read()
        if not ok or frame is None:
            raise SourceLost(f"The {self.description} stopped delivering frames.")
        return _fit(frame, self.width, self.height) if self.is_file else frame

    def close(self) -> None:
        """Release the device."""
        if self._cap is not None:
            self._cap.release()
            self._cap = None


def source_from_setting(source: str, width: int = 1280, height: int = 720, fps: float = 15.0,
                        fourcc: str = "MJPG"):
    """The frame source a ``camera.source`` setting names.

    Digits: a device index; ``scheme://``: a stream URL; an existing folder or
    an image file: an image folder; a path with a video suffix: a video file;
    any other path: a folder that does not exist yet (it may appear later).
    """
    s = source.strip()
    if re.fullmatch(r"\d{1,3}", s):
        return OpenCvSource(int(s), width, height, fps, fourcc)
    if re.match(r"^[a-z][a-z0-9+.-]*://", s, re.I):
        return OpenCvSource(s, width, height, fps)
    p = Path(s).expanduser()
    if p.is_dir() or p.suffix.lower() in IMAGE_SUFFIXES or (
            not p.exists() and p.suffix.lower() not in VIDEO_SUFFIXES):
        return ImageFolderSource(p, width, height, fps)
    return OpenCvSource(str(p), width, height, fps)
