"""Config values that passed validation and then failed at run time are refused at load time,
secrets are never echoed, URLs are TLS-only off loopback and carry no credentials."""

import os

import pytest

from kiosk.config import load_config
from kiosk.errors import ConfigError


def load_text(tmp_path, text, environ=None):
    f = tmp_path / "k.toml"
    f.write_text(text, encoding="utf-8")
    return load_config(f, environ=environ or {})


@pytest.mark.parametrize("text, key", [
    ("[gateway]\nconnect_timeout = inf\n", "gateway.connect_timeout"),
    ("[hospital]\nread_timeout = nan\n", "hospital.read_timeout"),
    ("[gateway]\nread_timeout = 1e12\n", "gateway.read_timeout"),
    ("[printer]\njob_timeout = inf\n", "printer.job_timeout"),
    ("[kiosk]\nidle_reset_seconds = 2147484\n", "kiosk.idle_reset_seconds"),   # > 2^31-1 ms for Qt
    ("[kiosk]\nidle_reset_seconds = 60\nidle_warning_seconds = 60\n", "kiosk.idle_warning_seconds"),
    ("[kiosk]\nidle_reset_seconds = 40\nidle_warning_seconds = 120\n", "kiosk.idle_warning_seconds"),
    ("[queue]\nmax_backoff_seconds = inf\n", "queue.max_backoff_seconds"),
    ("[health]\nheartbeat_seconds = 1e10\n", "health.heartbeat_seconds"),
    ("[facility]\ntime_zone = \"Mars/Olympus\"\n", "facility.time_zone"),
])
def test_values_that_overflow_later_are_refused_at_load_naming_the_key(tmp_path, text, key):
    with pytest.raises(ConfigError) as info:
        load_text(tmp_path, text)
    assert key in info.value.detail and "\n" not in info.value.detail


def test_a_wrong_typed_secret_is_never_echoed(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_text(tmp_path, "[gateway]\npassword = 13579\n")
    assert "gateway.password" in info.value.detail and "13579" not in info.value.detail
    with pytest.raises(ConfigError) as info:
        load_text(tmp_path, "[kiosk]\nstaff_pin = 13579\n")
    assert "kiosk.staff_pin" in info.value.detail and "13579" not in info.value.detail


def test_a_pin_in_clear_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="kiosk.staff_pin: a PIN in clear is not accepted"):
        load_text(tmp_path, '[kiosk]\nstaff_pin = "2468"\n')


@pytest.mark.parametrize("url", ["http://his.hospital.example/api", "http://10.0.0.5:8080",
                                 "http://127.0.0.1.evil.example/"])
def test_plain_http_off_loopback_is_refused(tmp_path, url):
    with pytest.raises(ConfigError, match="hospital.url: must use https://"):
        load_text(tmp_path, f'[hospital]\nurl = "{url}"\n')


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/his/v1", "http://localhost:1", "http://[::1]:80",
                                 "https://his.hospital.example/api"])
def test_https_and_loopback_http_are_accepted(tmp_path, url):
    assert load_text(tmp_path, f'[hospital]\nurl = "{url}"\n').hospital.url == url


def test_credentials_in_a_url_are_refused_and_not_echoed(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_text(tmp_path, '[gateway]\nurl = "https://79014_BV:hunter2@egw.example"\n')
    assert "gateway.url" in info.value.detail and "user name or password" in info.value.detail
    assert "hunter2" not in info.value.detail


def test_secrets_file_beside_the_config_is_read_and_must_be_private(tmp_path):
    (tmp_path / "secrets.toml").write_text('[hospital]\napi_key = "k-123"\n', encoding="utf-8")
    os.chmod(tmp_path / "secrets.toml", 0o600)
    assert load_text(tmp_path, "").hospital.api_key == "k-123"
    os.chmod(tmp_path / "secrets.toml", 0o644)
    with pytest.raises(ConfigError, match="other users can read this secrets file"):
        load_text(tmp_path, "")
    os.chmod(tmp_path / "secrets.toml", 0o600)
    (tmp_path / "secrets.toml").write_text('[hospital]\nurl = "https://x.example"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="hospital.url: not a secret"):
        load_text(tmp_path, "")


def test_kiosk_config_says_not_set_up_and_names_each_key(tmp_path, capsys):
    from kiosk.cli import main
    f = tmp_path / "k.toml"
    f.write_text("", encoding="utf-8")
    for var in ("KIOSK_GATEWAY_PASSWORD", "KIOSK_HOSPITAL_API_KEY", "KIOSK_OFFICER_CCCD", "KIOSK_OFFICER_NAME",
                "KIOSK_STAFF_PIN_HASH"):
        os.environ.pop(var, None)      # the autouse fixture's monkeypatch restores them
    assert main(["--config", str(f), "config"]) == 0
    out = capsys.readouterr().out
    assert "NOT SET UP" in out and "configuration OK" not in out
    for key in ("gateway.url", "gateway.password", "hospital.api_key", "kiosk.id", "kiosk.staff_pin_hash"):
        assert f"#   {key}:" in out
