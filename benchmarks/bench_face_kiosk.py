"""The face check's latency measured through the Qt kiosk: the "I agree" tap → the decision.

``python -m benchmarks face_kiosk`` (offscreen). The kiosk is the real one
(simulator on loopback, chip service with the dev kit's in-process virtual card
whose DG2 is one of face_recognition 1.3.0's test photos, the folder camera,
the pinned face model); per run the card is put on the reader, its QR shown,
"Yes, that is me" and then "I agree" tapped, and the clock runs from that tap
until the face step tells the controller its word (``FaceCheck.finished``).
The folder camera plays the holder turning their head (5 frames, 0.1 s each,
30 degrees in all, over and over), as a real patient in front of the kiosk
moves; a second line plays a slight turn (14 degrees, the attack tests'
counter-case), a third a still picture of the holder (the "turn your head
slightly" challenge adds a try), a fourth a print of the holder's photo tilted
and moved in perspective (the planar attack). Each line counts the tries' decisions.

Peer in the same process, on the same frames: the bare verifier on 5 frames
(``FaceVerifier.verify``, no Qt, no camera, no waiting for frames).
``FACE_KIOSK_N`` runs (default 20).
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import threading
import time
from contextlib import closing
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import cv2

from benchmarks.stats import summary_ms
from devkit import face_frames as ff
from devkit.face_photos import ensure_face_photos
from devkit.kiosk_config import dev_kit_config
from devkit.simulator.app import build_simulator, hospital_url
from devkit.simulator.citizens import by_key
from kiosk.face.detect import largest_face
from kiosk.face.images import from_bgr, scaled_for_work

N = int(os.environ.get("FACE_KIOSK_N", "20"))
READER = "Virtual PCD 00 00"
CAMERA = (480, 640)          # rows, cols of the folder camera's frames


class _Watcher:
    """A card watcher whose events arrive from another thread, as pyscard's do."""

    def __init__(self, on_event) -> None:
        self.on_event = on_event

    def start(self):
        return self

    def stop(self) -> None:
        pass

    def fire(self, kind: str) -> None:
        from readers.pcsc.monitor import CardEvent
        t = threading.Thread(target=self.on_event, args=(CardEvent(kind, READER),))
        t.start()
        t.join(5)


def _head_crops(model, photos) -> dict:
    out = {}
    for name, path in photos.items():
        raw = ff.load_rgb(path)
        small = scaled_for_work(raw)
        f = largest_face(model, small)
        k = raw.shape[0] / small.shape[0]
        out[name] = ff.head_crop(raw, (int(f.left * k), int(f.top * k), int(f.right * k), int(f.bottom * k)))
    return out


def _wait(app, cond, seconds: float, what: str) -> None:
    deadline = time.perf_counter() + seconds
    while not cond():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.0005)


def kiosk_runs(cfg, tmp: Path, crops: dict, frames: list, runs: int) -> tuple[list[float], list[str]]:
    """(seconds from the "I agree" tap to the face step's word, the words) over ``runs`` check-ins."""
    from PySide6.QtWidgets import QApplication

    from devkit.simulator.cards import card_profile
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.lds_files import build_files
    from devkit.virtual_card.loopback import AppletTransport
    from devkit.virtual_card.pki import load_or_create
    from kiosk.chip.service import ChipCheckIn
    from kiosk.services import KioskServices
    from readers.pcsc.monitor import CARD_INSERTED, CARD_REMOVED
    from readers.qr.camera import QrCamera
    from readers.qr.sources import ImageFolderSource
    from ui.app import build_kiosk
    app = QApplication.instance()
    pki = load_or_create(tmp / "pki")
    profile = dataclasses.replace(card_profile(by_key("valid")), face_jpeg=ff.chip_photo(crops["obama.jpg"]),
                                  face_width=360, face_height=480)
    files = build_files(profile, pki)
    folder = tmp / "camera"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for i, frame in enumerate(frames):
        cv2.imwrite(str(folder / f"f{i}.png"), cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
    cfg = dataclasses.replace(cfg, reader=dataclasses.replace(cfg.reader, name=READER, csca_dir=str(pki.csca_path)))
    watchers: list[_Watcher] = []

    def chip_factory(services):
        return ChipCheckIn.from_config(
            services.config,
            connect=lambda reader, timeout: closing(AppletTransport(make_applet(profile, files, None))),
            watcher=lambda on_event: watchers.append(_Watcher(on_event)) or watchers[-1])

    def camera(callbacks):
        return QrCamera(ImageFolderSource(folder, CAMERA[1], CAMERA[0], 15, hold_s=0.1), **callbacks)

    times, words = [], []
    with KioskServices.open(cfg, chip_factory=chip_factory) as services:
        kiosk = build_kiosk(services, camera_factory=camera, chip=services.chip, face_verifier=services.face_verifier)
        kiosk.window.show()
        _wait(app, lambda: kiosk.camera is not None, 10, "the camera")
        said: list[tuple[float, str]] = []
        kiosk.face.finished.connect(lambda word: said.append((time.perf_counter(), "+".join(
            f"{v.decision}/{v.reason}" for v in kiosk.face.session.verdicts))))
        qr = by_key("valid").qr_text()
        for i in range(runs + 1):                       # the first run warms up (fonts, first layouts, pools)
            kiosk.controller.reset()
            watchers[0].fire(CARD_REMOVED)
            _wait(app, lambda: not kiosk.chip.card_present, 10, "the card removed")
            watchers[0].fire(CARD_INSERTED)
            _wait(app, lambda: kiosk.chip.card_present, 10, "the card")
            kiosk.qr_text(qr)
            _wait(app, lambda: kiosk.window.current == "confirm", 30, "the confirm screen")
            kiosk.window.screens["confirm"].yes.click()
            _wait(app, lambda: kiosk.window.current == "face", 10, "the face screen")
            said.clear()
            t0 = time.perf_counter()
            kiosk.window.screens["face"].yes.click()
            _wait(app, lambda: said, 20, "the face decision")
            if i:
                times.append(said[0][0] - t0)
                words.append(said[0][1])
        kiosk.close()
    return times, words


def _counts(words: list[str]) -> str:
    from collections import Counter
    return ", ".join(f"{w} x{n}" for w, n in sorted(Counter(words).items()))


def main() -> None:
    """Print "I agree" → decision through the Qt kiosk, and the bare verifier as the peer."""
    from kiosk.face import FaceVerifier, MatchPolicy, load_face_model
    from ui.app import qt_application
    app = qt_application()      # noqa: F841 (kept alive for the runs)
    model = load_face_model()
    crops = _head_crops(model, ensure_face_photos())
    turning = ff.head_turn_sequence(crops["obama2.jpg"], max_deg=30)
    slight = ff.head_turn_sequence(crops["obama2.jpg"])            # 14 degrees, the attack tests' counter-case
    still = [ff.live_frame(crops["obama2.jpg"])]
    printed = ff.planar_sequence(crops["obama2.jpg"])              # the holder's photo printed, tilted and moved
    with build_simulator("127.0.0.1", 0) as server, tempfile.TemporaryDirectory() as tmp:
        cfg = dev_kit_config(server)
        cfg = dataclasses.replace(cfg, gateway=dataclasses.replace(cfg.gateway, url=server.url),
                                  hospital=dataclasses.replace(cfg.hospital, url=hospital_url(server)),
                                  kiosk=dataclasses.replace(cfg.kiosk, full_screen=False),
                                  voice=dataclasses.replace(cfg.voice, enabled=False))
        turn_times, turn_words = kiosk_runs(cfg, Path(tmp), crops, turning, N)
        slight_times, slight_words = kiosk_runs(cfg, Path(tmp), crops, slight, N)
        still_times, still_words = kiosk_runs(cfg, Path(tmp), crops, still, max(3, N // 4))
        print_times, print_words = kiosk_runs(cfg, Path(tmp), crops, printed, N)
    verifier = FaceVerifier(model, MatchPolicy(0.5))
    ref = verifier.reference(ff.chip_photo(crops["obama.jpg"]))
    # the peer sees what the tap hands over: the camera's grey preview frames (480 wide)
    previews = [from_bgr(cv2.resize(cv2.cvtColor(f, cv2.COLOR_RGB2GRAY), (480, 360), interpolation=cv2.INTER_AREA))
                for f in turning]
    peer = []
    for _ in range(N):
        t = time.perf_counter()
        verifier.verify(ref, previews)
        peer.append(time.perf_counter() - t)
    med = sorted(turn_times)[len(turn_times) // 2]
    print(f"\"I agree\" → decision, Qt kiosk, folder camera playing the holder turning 30° (n={len(turn_times)}): "
          f"{summary_ms(turn_times)}  (target: median < 1000 ms); tries (decision/reason): "
          f"{_counts(turn_words)}")
    print(f"  peer, the bare verifier on the 5 preview frames, same process: {summary_ms(peer)}; "
          f"ratio kiosk/bare {med / sorted(peer)[len(peer) // 2]:.2f}")
    print(f"\"I agree\" → decision, the holder turning only slightly (14°; n={len(slight_times)}): "
          f"{summary_ms(slight_times)}; tries: {_counts(slight_words)}")
    print(f"\"I agree\" → decision, a still picture of the holder (the head-turn challenge adds a try; "
          f"n={len(still_times)}): {summary_ms(still_times)}; tries: {_counts(still_words)}")
    print(f"\"I agree\" → decision, a print of the holder's photo tilted and moved (n={len(print_times)}): "
          f"{summary_ms(print_times)}; tries: {_counts(print_words)}")
