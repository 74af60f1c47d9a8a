"""The Qt kiosk records how the card was presented from what its camera saw: a VNeID phone screen held up
to the (folder) camera checks in with ``presented_as`` = ``vneid``, on the real simulator."""

from __future__ import annotations

import cv2

from benchmarks import qr_phone_corpus
from devkit.simulator.citizens import CITIZENS, by_key
from tests.ui.helpers import on_screen, tap


def test_a_vneid_screen_at_the_camera_is_recorded_as_vneid(qtbot, camera_kiosk, simulator):
    kiosk, folder = camera_kiosk
    c = by_key("valid")
    sample = next(qr_phone_corpus.generate(1, (1920, 1080), kinds=("vneid",), start=CITIZENS.index(c)))
    assert sample.citizen is c
    part = folder / "frame.part"
    part.write_bytes(cv2.imencode(".png", sample.frame)[1].tobytes())
    part.rename(folder / "frame.png")                 # the patient holds the phone up
    tap(qtbot, on_screen(qtbot, kiosk, "confirm", timeout=15000).yes)
    for old in folder.glob("*.png"):
        old.unlink()                                   # and lowers it
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    on_screen(qtbot, kiosk, "ticket", timeout=10000)
    body = simulator.hospital_state.body_for(kiosk.flow.registration.client_id)
    assert body["presented_as"] == "vneid" and body["xml0"]["SO_CCCD"] == c.id_number
