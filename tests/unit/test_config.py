"""Configuration: embedded default, the example file, and every kind of bad file."""

from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_embedded_default_has_no_service_and_no_secret():
    cfg = load_config(environ={})
    assert cfg.gateway.url == "" and cfg.hospital.url == ""
    assert cfg.gateway.password == "" and cfg.hospital.api_key == "" and cfg.kiosk.staff_pin_hash == ""
    assert cfg.gateway.username == "79014_BV"
    assert cfg.source == "embedded default"


def test_example_file_loads_and_matches_defaults():
    cfg = load_config(ROOT / "kiosk.example.toml", environ={})
    default = load_config(environ={})
    assert cfg.gateway == default.gateway
    assert cfg.kiosk == default.kiosk


def test_env_overrides_secret_and_secret_not_in_repr():
    cfg = load_config(environ={"KIOSK_GATEWAY_PASSWORD": "s3cret-value"})
    assert cfg.gateway.password == "s3cret-value"
    assert "s3cret-value" not in repr(cfg)


def test_username_follows_facility_code(tmp_path):
    f = tmp_path / "k.toml"
    f.write_text('[facility]\ncode = "01832"\n', encoding="utf-8")
    assert load_config(f, environ={}).gateway.username == "01832_BV"
    f.write_text('[facility]\ncode = "01832"\n[gateway]\nusername = "79014_BV"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="gateway.username"):
        load_config(f, environ={})


@pytest.mark.parametrize("text, key", [
    ('[gateway]\nread_timeout = "abc"\n', "gateway.read_timeout"),
    ('[gateway]\nread_timeout = -1\n', "gateway.read_timeout"),
    ('[gateway]\npasword = "x"\n', "gateway.pasword"),
    ('[facility]\ncode = "7901"\n', "facility.code"),
    ('[gateway]\nofficer_cccd = "12345"\n', "gateway.officer_cccd"),
    ('[kiosk]\nlanguage = "fr"\n', "kiosk.language"),
    ('[kiosk]\nidle_warning_seconds = 5\n', "kiosk.idle_warning_seconds"),
    ('[gateway]\nurl = "ftp://x"\n', "gateway.url"),
    ('[printer]\nkind = "laser"\n', "printer.kind"),
    ('[nonsense]\na = 1\n', "nonsense"),
    ('[gateway\n', "not valid TOML"),
])
def test_bad_file_names_the_key(tmp_path, text, key):
    f = tmp_path / "k.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(f, environ={})
    assert key in info.value.detail


def test_bad_env_value_names_the_variable():
    with pytest.raises(ConfigError, match="KIOSK_ID"):
        load_config(environ={"KIOSK_ID": "not a valid id!"})


def test_cli_reports_bad_file_in_one_line_without_traceback(cli, tmp_path):
    f = tmp_path / "k.toml"
    f.write_text('[gateway]\nread_timeout = "abc"\n', encoding="utf-8")
    r = cli("--config", str(f), "config")
    assert r.returncode == 3
    assert "gateway.read_timeout" in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_cli_missing_file(cli, tmp_path):
    r = cli("--config", str(tmp_path / "nope.toml"), "config")
    assert r.returncode == 3 and "not found" in r.stderr


@pytest.mark.parametrize("text, key", [
    ("[queue]\nretention_hours = inf\n", "queue.retention_hours"),
    ("[queue]\nretention_hours = nan\n", "queue.retention_hours"),
    ("[queue]\nretention_hours = 721\n", "queue.retention_hours"),
    ("[queue]\nattention_retention_hours = inf\n", "queue.attention_retention_hours"),
    ("[queue]\ndamaged_copy_retention_hours = 0\n", "queue.damaged_copy_retention_hours"),
])
def test_every_retention_is_bounded(tmp_path, text, key):
    f = tmp_path / "k.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(f, environ={})
    assert key in info.value.detail and "720" in info.value.detail


def test_retention_bounds_have_finite_defaults():
    q = load_config(environ={}).queue
    assert (q.retention_hours, q.attention_retention_hours, q.damaged_copy_retention_hours) == (24, 168, 168)
