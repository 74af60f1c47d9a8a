"""[face] settings are validated like every key; the composition root builds (or declines) the verifier."""

import dataclasses

import pytest

from kiosk.config import load_config
from kiosk.errors import ConfigError


def test_defaults_advisory_half_three_tries():
    face = load_config(None, environ={}).face
    assert (face.mode, face.threshold, face.tries) == ("advisory", 0.5, 3)


@pytest.mark.parametrize(("text", "words"), [('mode = "sometimes"', "must be one of"),
                                             ("threshold = 1.5", "must be 0.2 to 0.8"),
                                             ("tries = 0", "must be 1 to 5"),
                                             ('threshold = "low"', "face")])
def test_bad_values_name_the_key(tmp_path, text, words):
    p = tmp_path / "kiosk.toml"
    p.write_text(f"[face]\n{text}\n")
    with pytest.raises(ConfigError) as e:
        load_config(p, environ={})
    assert words in str(e.value) and "face" in str(e.value)


def _services(config, mode):
    from kiosk.services import KioskServices
    return KioskServices.open(dataclasses.replace(config, face=dataclasses.replace(config.face, mode=mode)),
                              start=False)


def test_mode_off_builds_no_verifier(config):
    with _services(config, "off") as services:
        assert services.face_verifier is None


def test_a_missing_model_turns_advisory_off_and_stops_required(config, monkeypatch, tmp_path):
    import kiosk.face.model as model
    from kiosk.face import FaceModelError
    monkeypatch.setattr(model, "model_dir", lambda: tmp_path)          # an install without the model files
    with _services(config, "advisory") as services:
        assert services.face_verifier is None
    with _services(config, "required") as services, pytest.raises(FaceModelError) as e:
        _ = services.face_verifier
    assert e.value.code == "face_model_missing"


def test_the_root_builds_the_pinned_verifier(config, face_model):
    with _services(config, "advisory") as services:
        verifier = services.face_verifier
        assert verifier is services.face_verifier                       # built once
        assert verifier.policy.threshold == config.face.threshold
        assert verifier.model.name == "dlib_face_recognition_resnet_model_v1"
