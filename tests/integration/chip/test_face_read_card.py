"""``kiosk read-card --verify-face`` on the real PC/SC stack: a virtual card whose DG2 is a real photo,
the camera a folder of pictures (the configured ``[camera] source``)."""

from __future__ import annotations

import dataclasses
import json

import cv2
import pytest

from devkit import face_frames as ff

pytestmark = pytest.mark.hardware


@pytest.fixture
def face_card(plug_card, valid_card, test_pki, head_crops):
    from devkit.virtual_card.lds_files import build_files
    citizen, profile, _ = valid_card
    face_profile = dataclasses.replace(profile, face_jpeg=ff.chip_photo(head_crops["obama.jpg"]),
                                       face_width=360, face_height=480)
    plug_card(files=build_files(face_profile, test_pki))
    return citizen


@pytest.mark.parametrize(("who", "decision", "code"), [("obama2.jpg", "match", 0), ("biden.jpg", "no_match", 11)])
def test_read_card_then_the_face_at_the_camera(face_card, head_crops, test_pki, tmp_path, capsys,
                                               who, decision, code):
    from kiosk.cli import main
    camera = tmp_path / "camera"
    camera.mkdir()
    frame = ff.live_frame(head_crops[who], size=(720, 1280))
    cv2.imwrite(str(camera / "patient.png"), cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[camera]\nsource = "{camera}"\n')
    rc = main(["--config", str(cfg), "read-card", "--reader", "Virtual PCD 00 00", "--qr", face_card.qr_text(),
               "--csca", str(test_pki.csca_path), "--verify-face", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert out["face"]["decision"] == decision and rc == code
    assert out.get("photo", {}).get("file") is None                  # nothing saved without --photo
    pictures = [p.name for p in tmp_path.rglob("*") if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".npy")]
    assert pictures == ["patient.png"]                                 # no frame, crop or chip photo written
