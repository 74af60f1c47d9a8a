"""Face verification in the Qt kiosk, end to end: a chip card whose DG2 is a real photo, a folder camera.

The chip service, the check-in flow (simulator over HTTP), the queue, the
folder camera and the face model all run for real; only the card is the dev
kit's in-process virtual card (its DG2 one of face_recognition 1.3.0's test
photos) and the card watcher is fired by the test.
"""

from __future__ import annotations

import dataclasses
import gc
from contextlib import closing

import cv2
import numpy as np
import pytest

from devkit import face_frames as ff
from devkit.simulator.citizens import by_key
from readers.pcsc.monitor import CARD_INSERTED
from tests.ui.helpers import on_screen, tap
from tests.ui.test_chip_session import READER, ThreadWatcher

CAMERA = (540, 960)


@pytest.fixture
def face_kiosk(qtbot, config, tmp_path, face_model, head_crops):
    """``face_kiosk(camera_photo, chip="obama.jpg", mode="advisory")``: the kiosk, with its camera folder showing
    ``camera_photo`` (a name of the test photos) and the card on the reader carrying ``chip`` as DG2."""
    from devkit.simulator.cards import card_profile
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.lds_files import build_files
    from devkit.virtual_card.loopback import AppletTransport
    from devkit.virtual_card.pki import load_or_create
    from kiosk.chip.service import ChipCheckIn
    from kiosk.services import KioskServices
    from readers.qr.camera import QrCamera
    from readers.qr.sources import ImageFolderSource
    from ui.app import build_kiosk
    opened = []

    def build(camera_photo: str, chip: str = "obama.jpg", mode: str = "advisory", *, frames=None, voice=None,
              voice_sink=None):
        pki = load_or_create(tmp_path / "pki")
        photo = ff.chip_photo(head_crops[chip])
        profile = dataclasses.replace(card_profile(by_key("valid")), face_jpeg=photo, face_width=360,
                                      face_height=480)
        files = build_files(profile, pki)
        folder = tmp_path / "camera"
        folder.mkdir(exist_ok=True)
        for i, frame in enumerate(frames or [ff.live_frame(head_crops[camera_photo], size=CAMERA)]):
            cv2.imwrite(str(folder / f"patient{i}.png"), cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
        watchers = []
        cfg = dataclasses.replace(config, reader=dataclasses.replace(config.reader, name=READER,
                                                                     csca_dir=str(pki.csca_path)),
                                  face=dataclasses.replace(config.face, mode=mode))
        if voice is not None:
            cfg = dataclasses.replace(cfg, voice=voice)

        def chip_factory(services):
            return ChipCheckIn.from_config(
                services.config, connect=lambda reader, timeout: closing(AppletTransport(
                    make_applet(profile, files, None))),
                watcher=lambda on_event: watchers.append(ThreadWatcher(on_event)) or watchers[-1])
        services = KioskServices.open(cfg, chip_factory=chip_factory)

        def camera(callbacks):
            return QrCamera(ImageFolderSource(folder, CAMERA[1], CAMERA[0], 15, hold_s=0.1 if frames else 0.3),
                            **callbacks)
        kiosk = build_kiosk(services, camera_factory=camera, chip=services.chip,
                            face_verifier=services.face_verifier, voice_sink=voice_sink)
        kiosk.window.show()
        kiosk.services, kiosk.watcher = services, watchers[0]
        opened.append(kiosk)
        qtbot.waitUntil(lambda: kiosk.camera is not None, timeout=5000)
        return kiosk
    yield build
    for kiosk in opened:
        kiosk.close()
        kiosk.services.close()


def _to_confirm(qtbot, kiosk):
    citizen = by_key("valid")
    kiosk.watcher.fire(CARD_INSERTED)
    qtbot.waitUntil(lambda: kiosk.chip.card_present, timeout=5000)
    kiosk.qr_text(citizen.qr_text())
    confirm = on_screen(qtbot, kiosk, "confirm", timeout=20000)
    assert confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực."
    return confirm


def _sent_registration(kiosk):
    return kiosk.flow.registration


def test_same_person_matches_and_goes_on_without_a_touch(qtbot, face_kiosk):
    kiosk = face_kiosk("obama2.jpg")
    tap(qtbot, _to_confirm(qtbot, kiosk).yes)
    face = on_screen(qtbot, kiosk, "face", timeout=5000)
    assert face.title.text() == ("Kiosk sẽ so khớp khuôn mặt của bạn với ảnh trong thẻ; "
                                 "ảnh không được lưu lại")
    tap(qtbot, face.yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department", timeout=15000).buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    on_screen(qtbot, kiosk, "ticket", timeout=10000)
    reg = _sent_registration(kiosk)
    assert reg.identity_check == {"verified_by": "chip+face", "face": "match"}
    assert reg.to_wire()["identity_check"] == {"verified_by": "chip+face", "face": "match"}


def test_an_impostor_is_sent_to_the_counter_as_face_mismatch(qtbot, face_kiosk):
    kiosk = face_kiosk("biden.jpg")
    tap(qtbot, _to_confirm(qtbot, kiosk).yes)
    tap(qtbot, on_screen(qtbot, kiosk, "face", timeout=5000).yes)
    counter = on_screen(qtbot, kiosk, "counter", timeout=20000)
    assert "Vui lòng đến quầy tiếp đón" in counter.sentence.text()
    assert kiosk.flow.counter.status.value == "face-mismatch"
    assert kiosk.flow.counter.reason == "face_no_match"
    recorder = kiosk.services.counter_recorder              # what the station lists
    qtbot.waitUntil(lambda: any(r.public["status"] == "face-mismatch" for r in recorder.table.items()), timeout=5000)


def test_each_frame_is_looked_at_while_the_try_still_gathers(qtbot, face_kiosk):
    """The pipeline: frames go to the worker as the camera gives them, not after the try's window.

    A still picture never settles a try early (no motion, no parallax): the try
    runs its whole window, and its frames must reach the worker before the window ends.
    """
    kiosk = face_kiosk("obama2.jpg")
    tap(qtbot, _to_confirm(qtbot, kiosk).yes)
    face_check = kiosk.face
    tap(qtbot, on_screen(qtbot, kiosk, "face", timeout=5000).yes)

    def frames_seen() -> int:
        attempt = face_check._attempt
        return 0 if attempt is None else attempt.frames
    # a frame is being looked at while the try still gathers (the feeding stops when its window ends)
    qtbot.waitUntil(lambda: frames_seen() >= 1 and face_check._feeding.isActive(), timeout=5000)
    assert face_check.tap._armed and not face_check.session.verdicts
    tap(qtbot, on_screen(qtbot, kiosk, "department", timeout=15000).buttons["KNOI"])


class _RecordingSink:
    """The audio port as a recorder (there is no sound card here)."""

    def __init__(self) -> None:
        self.played = []

    def play(self, utterance) -> None:
        self.played.append(utterance)

    def stop(self) -> None:
        pass


@pytest.fixture(scope="module")
def prompts(tmp_path_factory):
    """Every prompt recorded with espeak-ng, as ``make prompts`` does."""
    from ui.voice.build import build
    out = tmp_path_factory.mktemp("prompts")
    build(out)
    return out


def test_the_face_screen_speaks_its_sentence_and_asks_for_the_turn_aloud(qtbot, face_kiosk, config, prompts):
    from kiosk.voice.library import PromptLibrary
    sink = _RecordingSink()
    kiosk = face_kiosk("obama2.jpg", voice=dataclasses.replace(config.voice, enabled=True, prompts_dir=str(prompts)),
                       voice_sink=sink)
    tap(qtbot, _to_confirm(qtbot, kiosk).yes)
    face = on_screen(qtbot, kiosk, "face", timeout=5000)
    said = sink.played[-1]
    assert said.clips == ("p.face",) and said.language == "vi" and all(f.is_file() for f in said.files)
    library = PromptLibrary.open(prompts)
    assert library.text("vi", "p.face").startswith(face.title.text())     # the screen's own sentence
    assert library.text("en", "p.face").startswith("The kiosk will compare your face")
    tap(qtbot, face.yes)
    # a still picture: the first try proves nothing about a flat picture, the kiosk asks for a turn aloud
    qtbot.waitUntil(lambda: any(u.clips == ("p.face-turn",) for u in sink.played), timeout=10000)
    assert face.hint.text() == "Vui lòng quay đầu sang một bên một chút."
    on_screen(qtbot, kiosk, "department", timeout=15000)


def test_declining_in_advisory_mode_continues_on_the_chip_alone(qtbot, face_kiosk):
    kiosk = face_kiosk("biden.jpg")
    tap(qtbot, _to_confirm(qtbot, kiosk).yes)
    tap(qtbot, on_screen(qtbot, kiosk, "face", timeout=5000).no)
    tap(qtbot, on_screen(qtbot, kiosk, "department", timeout=15000).buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    on_screen(qtbot, kiosk, "ticket", timeout=10000)
    assert _sent_registration(kiosk).identity_check == {"verified_by": "chip", "face": "declined"}


def test_declining_in_required_mode_goes_to_the_counter(qtbot, face_kiosk):
    kiosk = face_kiosk("obama2.jpg", mode="required")
    tap(qtbot, _to_confirm(qtbot, kiosk).yes)
    tap(qtbot, on_screen(qtbot, kiosk, "face", timeout=5000).no)
    on_screen(qtbot, kiosk, "counter", timeout=20000)
    assert kiosk.flow.counter.status.value == "face-mismatch"


def test_nothing_of_the_face_survives_the_session(qtbot, face_kiosk, tmp_path, caplog):
    """As the idle reset wipes the chip photo: the frames, the descriptor and the verdicts go too."""
    import logging
    caplog.set_level(logging.DEBUG)
    kiosk = face_kiosk("obama2.jpg")
    tap(qtbot, _to_confirm(qtbot, kiosk).yes)
    face_check = kiosk.face
    qtbot.waitUntil(lambda: face_check.session.reference is not None, timeout=10000)
    reference = face_check.session.reference
    tap(qtbot, on_screen(qtbot, kiosk, "face", timeout=5000).yes)
    qtbot.waitUntil(lambda: face_check.tap.held > 0, timeout=5000)     # the camera feeds the try
    kiosk.controller.reset()                                          # the idle reset, mid-try
    # idle, or "take your card" (already wiped) since the card still lies on the reader
    qtbot.waitUntil(lambda: kiosk.window.current in ("idle", "take-card"), timeout=6000)
    assert face_check.session.reference is None and not face_check.session.verdicts
    assert not reference.any()                                        # zeroed in place, not just dropped
    assert face_check.tap.held == 0
    qtbot.wait(1500)                                                  # a try's timer or answer arriving late
    assert face_check.tap.held == 0 and face_check.session.reference is None
    assert kiosk.window.current in ("idle", "take-card")
    # nothing written: no image file beyond the camera folder's own, no descriptor in the logs or queue
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix.lower() in (".png", ".jpg", ".npy")
               and p.parent.name != "camera" and "pki" not in p.parts]
    assert written == []
    assert all("descriptor" not in r.getMessage() and "[" not in r.getMessage().split(":")[-1][:1]
               for r in caplog.records if r.name.startswith(("ui.face", "kiosk.face")))
    gc.collect()
    assert not any(isinstance(o, np.ndarray) and o.shape == (128,) and o.any() for o in gc.get_objects())


def test_face_check_ins_leave_no_personal_data_and_no_face_in_the_logs(qtbot, face_kiosk, config):
    """The log audit over face check-ins (a match, then an impostor), file logging at DEBUG."""
    import re

    from devkit.log_audit import audit_logs, log_files
    from devkit.simulator.citizens import CITIZENS
    from kiosk.logging_setup import configure_logging, log_dir, remove_handlers
    configure_logging(config, debug=True)
    try:
        for camera_photo, end in (("obama2.jpg", "ticket"), ("biden.jpg", "counter")):
            kiosk = face_kiosk(camera_photo)
            tap(qtbot, _to_confirm(qtbot, kiosk).yes)
            tap(qtbot, on_screen(qtbot, kiosk, "face", timeout=5000).yes)
            if end == "ticket":
                tap(qtbot, on_screen(qtbot, kiosk, "department", timeout=15000).buttons["KNOI"])
                tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
            on_screen(qtbot, kiosk, end, timeout=20000)
            kiosk.controller.reset()
        files = log_files(log_dir(config))
        assert files
        text = "\n".join(f.read_text(encoding="utf-8") for f in files)
        assert "face try 1: match" in text and "face no_match, sent to the counter" in text   # they were logged
        assert audit_logs(files, CITIZENS) == []
        # no descriptor, no distance: no run of several signed decimals, no "score"
        assert not re.search(r"(-?\d\.\d{3,}[ ,]+){4,}", text) and "score" not in text
    finally:
        remove_handlers()


@pytest.mark.hardware
@pytest.mark.parametrize(("button", "end"), [("same_person", "department"), ("impostor", "counter")])
def test_demo_panel_plays_the_holder_and_an_impostor(qtbot, simulator, tmp_path, pcsc_stack, face_model,
                                                     face_photos, button, end):
    """`make demo`: the virtual card on pcscd+vpcd carries a real DG2, the folder camera a person."""
    from contextlib import ExitStack

    from devkit.demo.window import build_demo
    from kiosk.config import load_config
    with ExitStack() as stack:
        kiosk, panel = build_demo(load_config(None, environ={}), simulator, tmp_path, stack)
        kiosk.window.show()
        panel.citizen.setCurrentIndex(panel.citizen.findData("valid"))
        panel.real_face.setChecked(True)
        qtbot.waitUntil(lambda: kiosk.face.verifier is not None, timeout=30000)   # loaded in the background
        panel.insert_card()
        qtbot.waitUntil(lambda: kiosk.chip.card_present, timeout=30000)
        panel.show_card()
        confirm = on_screen(qtbot, kiosk, "confirm", timeout=20000)
        assert confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực."
        getattr(panel, button).click()                      # the card is lowered, a person looks
        tap(qtbot, confirm.yes)
        tap(qtbot, on_screen(qtbot, kiosk, "face", timeout=5000).yes)
        on_screen(qtbot, kiosk, end, timeout=20000)
