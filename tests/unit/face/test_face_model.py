"""The model files: SHA-256 pinned, a changed or missing file stops start-up with one sentence."""

import shutil

import pytest

from kiosk.face.model import PINNED_FILES, FaceModelError, verify_files


def test_the_installed_files_are_the_pinned_ones(face_model):
    assert set(face_model.files) == set(PINNED_FILES)
    assert face_model.name == "dlib_face_recognition_resnet_model_v1"


def test_a_changed_file_is_refused(face_model, tmp_path):
    for name, path in face_model.files.items():
        shutil.copyfile(path, tmp_path / name)
    target = tmp_path / "shape_predictor_5_face_landmarks.dat"
    data = bytearray(target.read_bytes())
    data[1000] ^= 0x01
    target.write_bytes(bytes(data))
    with pytest.raises(FaceModelError) as e:
        verify_files(tmp_path)
    assert e.value.code == "face_model_changed" and "not the pinned one" in e.value.detail


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(FaceModelError) as e:
        verify_files(tmp_path)
    assert e.value.code == "face_model_missing" and ".dat is missing" in e.value.detail
