"""``kiosk verify-face``: decisions and exit codes on the real test photos."""

import json

import numpy as np
from PIL import Image


def test_same_person_matches_exit_0(cli, face_model, face_photos):
    r = cli("verify-face", "--chip-photo", str(face_photos["obama.jpg"]),
            "--live", str(face_photos["obama2.jpg"]), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["decision"] == "match" and out["score"] <= out["threshold"] == 0.5
    assert out["model"] == "dlib_face_recognition_resnet_model_v1" and out["ms"] > 0
    assert set(out) >= {"decision", "score", "threshold", "model", "ms"}


def test_another_person_is_no_match_exit_11(cli, face_model, face_photos):
    r = cli("verify-face", "--chip-photo", str(face_photos["obama.jpg"]),
            "--live", str(face_photos["biden.jpg"]), "--json")
    assert r.returncode == 11
    out = json.loads(r.stdout)
    assert out["decision"] == "no_match" and out["score"] > out["threshold"]


def test_no_face_in_the_live_pictures_exit_6(cli, face_model, face_photos, tmp_path):
    blank = tmp_path / "wall.png"
    Image.fromarray(np.full((480, 640, 3), 140, np.uint8)).save(blank)
    r = cli("verify-face", "--chip-photo", str(face_photos["obama.jpg"]), "--live", str(blank), "--json")
    assert r.returncode == 6 and json.loads(r.stdout)["decision"] == "no_face"


def test_bad_input_exit_2_one_sentence(cli, face_model, face_photos, tmp_path):
    text = tmp_path / "notes.jpg"
    text.write_text("not a picture")
    for args in (("--live", str(text)), ("--live", str(tmp_path / "missing.jpg"))):
        r = cli("verify-face", "--chip-photo", str(face_photos["obama.jpg"]), *args)
        assert r.returncode == 2
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    blank = tmp_path / "wall.png"
    Image.fromarray(np.full((300, 300, 3), 140, np.uint8)).save(blank)
    r = cli("verify-face", "--chip-photo", str(blank), "--live", str(face_photos["obama.jpg"]))
    assert r.returncode == 2 and "no face was found in the chip photo" in r.stderr


def test_a_stricter_threshold_from_the_config(cli, face_model, face_photos, tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text("[face]\nthreshold = 0.3\n")
    r = cli("--config", str(cfg), "verify-face", "--chip-photo", str(face_photos["obama.jpg"]),
            "--live", str(face_photos["obama2.jpg"]), "--json")
    assert r.returncode == 11 and json.loads(r.stdout)["threshold"] == 0.3
