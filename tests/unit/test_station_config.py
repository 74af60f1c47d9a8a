"""A reception desk: its id is validated, and it needs only the hospital system to start."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.config import load_config
from kiosk.errors import ConfigError
from kiosk.setup_state import missing_settings, station_missing_settings


def load_text(tmp_path, text):
    f = tmp_path / "k.toml"
    f.write_text(text, encoding="utf-8")
    return load_config(f, environ={})


def test_desk_id_is_read_and_validated(tmp_path):
    assert load_text(tmp_path, '[station]\ndesk_id = "Q-03"\n').station.desk_id == "Q-03"
    assert load_config(environ={}).station.desk_id == "Q1"
    for bad in ('""', '"quầy 1"', '"' + "Q" * 17 + '"'):
        with pytest.raises(ConfigError) as info:
            load_text(tmp_path, f"[station]\ndesk_id = {bad}\n")
        assert "station.desk_id" in info.value.detail


def test_a_desk_needs_only_the_hospital_system():
    cfg = load_config(environ={})
    assert {p.key for p in station_missing_settings(cfg)} == {"hospital.url", "hospital.api_key"}
    assert len(missing_settings(cfg)) > 2       # a kiosk needs far more (gateway account, id, PIN)
    ready = dataclasses.replace(cfg, hospital=dataclasses.replace(cfg.hospital, url="https://his.example.vn/api",
                                                                  api_key="a-hospital-key-of-this-site"))
    assert station_missing_settings(ready) == []
