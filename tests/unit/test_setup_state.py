"""An installed kiosk with missing or published settings is not set up, and says which."""

import dataclasses
from pathlib import Path

import pytest

from devkit.kiosk_config import (
    DEV_KIT_API_KEY,
    DEV_KIT_OFFICER_CCCD,
    DEV_KIT_PASSWORD,
    DEV_KIT_PIN_HASH,
    DEV_KIT_STAFF_PIN,
    dev_kit_config,
)
from kiosk.cli.setup_cmd import weak_pin
from kiosk.config import load_config
from kiosk.setup_state import is_published, missing_settings
from kiosk.staff_pin import hash_pin

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("kiosk", "readers", "ui", "offline_cache")
DEV_KIT_SECRETS = {"gateway.password": DEV_KIT_PASSWORD, "hospital.api_key": DEV_KIT_API_KEY,
                   "gateway.officer_cccd": DEV_KIT_OFFICER_CCCD, "kiosk.staff_pin_hash": DEV_KIT_PIN_HASH}


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


@pytest.mark.parametrize("key", sorted(DEV_KIT_SECRETS))
def test_the_dev_kits_published_values_are_the_ones_the_product_refuses(key):
    value = DEV_KIT_SECRETS[key]
    assert is_published(key, value)
    assert not is_published(key, value + "x") and not is_published("kiosk.id", value)


def test_the_product_source_holds_no_demo_secret_only_their_digests():
    found = []
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)}: {key}" for key, value in DEV_KIT_SECRETS.items() if value in text]
            if f'"{DEV_KIT_STAFF_PIN}"' in text or f"'{DEV_KIT_STAFF_PIN}'" in text:
                found.append(f"{path.relative_to(ROOT)}: the dev kit's staff PIN")
    assert found == []


@pytest.mark.parametrize("pin", [DEV_KIT_STAFF_PIN, "0000", "1234", "87654321", "1357", "9630", "13579"])
def test_setup_refuses_a_repeated_or_evenly_stepped_pin_by_rule(pin):
    assert "too easy to guess" in weak_pin(pin) and pin not in weak_pin(pin)


@pytest.mark.parametrize("pin", ["80417293", "2469", "1243", "9137"])
def test_setup_takes_a_pin_without_an_even_step(pin):
    assert weak_pin(pin) is None
