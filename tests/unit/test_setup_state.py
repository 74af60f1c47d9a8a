"""An installed kiosk with missing or published settings is not set up, and says which."""

import dataclasses

from devkit.kiosk_config import dev_kit_config
from kiosk.config import load_config
from kiosk.setup_state import missing_settings
from kiosk.staff_pin import hash_pin


def keys(cfg):
    return [p.key for p in missing_settings(cfg)]


def test_the_embedded_default_names_every_missing_setting():
    assert keys(load_config(None, environ={})) == [
        "gateway.url", "gateway.password", "gateway.officer_name", "gateway.officer_cccd",
        "hospital.url", "hospital.api_key", "kiosk.id", "kiosk.staff_pin_hash"]


def test_published_demo_values_count_as_missing_and_are_never_quoted():
    cfg = dev_kit_config()   # the dev kit's published secrets, the example id K01, PIN 2468
    cfg = dataclasses.replace(cfg, gateway=dataclasses.replace(cfg.gateway, url="https://egw.example"),
                              hospital=dataclasses.replace(cfg.hospital, url="https://his.example"))
    problems = missing_settings(cfg)
    assert [p.key for p in problems] == ["gateway.password", "gateway.officer_cccd", "hospital.api_key",
                                         "kiosk.id", "kiosk.staff_pin_hash"]
    text = " ".join(map(str, problems))
    for value in ("demo-password", "demo-key", "079190000001", "2468"):
        assert value not in text


def test_a_kiosk_with_its_own_settings_is_ready():
    cfg = load_config(None, environ={
        "KIOSK_GATEWAY_URL": "https://egw.example", "KIOSK_HOSPITAL_URL": "https://his.example/v1",
        "KIOSK_GATEWAY_PASSWORD": "own-password", "KIOSK_HOSPITAL_API_KEY": "own-key",
        "KIOSK_OFFICER_NAME": "Nguyễn Văn Cán Bộ", "KIOSK_OFFICER_CCCD": "079190012345", "KIOSK_ID": "B2K07",
        "KIOSK_STAFF_PIN_HASH": hash_pin("80417293")})
    assert missing_settings(cfg) == []
