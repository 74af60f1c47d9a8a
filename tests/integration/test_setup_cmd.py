"""``kiosk setup``: silent and interactive provisioning; secrets 0600 beside the config, PIN hashed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import load_config
from kiosk.setup_state import missing_settings
from kiosk.staff_pin import verify_pin

ROOT = Path(__file__).resolve().parents[2]
SECRETS = ('[gateway]\npassword = "Gw-Pass-7731"\nofficer_cccd = "079190045678"\n'
           '[hospital]\napi_key = "his-key-55aa"\n[kiosk]\nstaff_pin = "80417293"\n')
FLAGS = ["--gateway-url", "https://egw.example.vn", "--hospital-url", "https://his.example.vn/api/v1",
         "--officer-name", "Nguyễn Văn Cán Bộ", "--kiosk-id", "B2K07"]


def setup(config: Path, *args, stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    return subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "setup", *args],
                          input=stdin, capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)


def installed_config(tmp_path) -> Path:
    """What the .deb ships: the commented example."""
    path = tmp_path / "etc" / "kiosk.toml"
    path.parent.mkdir()
    path.write_text((ROOT / "kiosk.example.toml").read_text(encoding="utf-8"), encoding="utf-8")
    os.chmod(path, 0o644)
    return path


def test_silent_setup_writes_a_ready_kiosk_and_no_secret_reaches_the_config_or_the_output(tmp_path):
    config = installed_config(tmp_path)
    assert missing_settings(load_config(config, environ={}))       # the shipped file is not set up
    r = setup(config, *FLAGS, "--secrets-stdin", stdin=SECRETS)
    assert r.returncode == ExitCode.OK, r.stderr
    cfg = load_config(config, environ={})
    assert missing_settings(cfg) == []
    assert cfg.gateway.password == "Gw-Pass-7731" and cfg.kiosk.id == "B2K07"
    assert verify_pin("80417293", cfg.kiosk.staff_pin_hash)
    text = config.read_text(encoding="utf-8")
    assert "# kiosk.toml — configuration of one check-in kiosk." in text   # comments kept
    secrets = config.with_name("secrets.toml")
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.stat().st_mode) == 0o644
    for secret in ("Gw-Pass-7731", "079190045678", "his-key-55aa", "80417293"):
        assert secret not in text and secret not in r.stdout + r.stderr
    assert "80417293" not in secrets.read_text(encoding="utf-8")        # only its scrypt hash


def test_weak_pin_bad_url_and_missing_parts_are_refused_in_one_sentence_without_the_values(tmp_path):
    config = installed_config(tmp_path)
    r = setup(config, *FLAGS, "--secrets-stdin", stdin=SECRETS.replace("80417293", "123456"))
    assert r.returncode == ExitCode.BAD_INPUT and "too easy to guess" in r.stderr and "123456" not in r.stderr
    assert not config.with_name("secrets.toml").exists()
    r = setup(config, "--gateway-url", "http://egw.example.vn", "--secrets-stdin", stdin=SECRETS)
    assert r.returncode == ExitCode.CONFIG and "gateway.url: must use https://" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert missing_settings(load_config(config, environ={}))           # the old files were put back
    assert not config.with_name("secrets.toml").exists()
    r = setup(config, "--kiosk-id", "B2K07", "--no-input")
    assert r.returncode == ExitCode.CONFIG and "Still not set up" in r.stderr and "gateway.password" in r.stderr


def test_interactive_setup_asks_only_for_what_is_missing(tmp_path):
    config = installed_config(tmp_path)
    answers = "\n".join(["https://egw.example.vn", "https://his.example.vn/api/v1", "Nguyễn Văn Cán Bộ", "B2K07",
                         "Gw-Pass-7731", "079190045678", "his-key-55aa", "80417293", "80417293"]) + "\n"
    r = setup(config, stdin=answers)
    assert r.returncode == ExitCode.OK, r.stderr
    assert missing_settings(load_config(config, environ={})) == []
    for secret in ("Gw-Pass-7731", "his-key-55aa", "80417293"):
        assert secret not in r.stdout + r.stderr
