"""The installers' security settings, read from the files the packages are built from (fast, no root).

The .deb install/upgrade/purge itself is tests/packaging/test_deb.py (root, CI).
"""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "packaging" / "debian" / "vn-checkin-kiosk.service"
POSTINST = ROOT / "packaging" / "debian" / "postinst"
ISS = ROOT / "packaging" / "windows" / "kiosk.iss"


def service_section() -> dict[str, str]:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return dict(parser["Service"])


def test_the_unit_is_hardened_but_keeps_what_pcscd_camera_printer_and_cage_need():
    s = service_section()
    assert s["NoNewPrivileges"] == "yes" and s["CapabilityBoundingSet"] == ""
    assert s["ProtectSystem"] == "strict" and s["PrivateTmp"] == "yes" and s["UMask"] == "0077"
    assert s["ProtectHome"] in ("yes", "read-only", "tmpfs")
    writable = s["ReadWritePaths"].split()
    assert "/var/lib/vn-checkin-kiosk" in writable            # the data folder (queue, key, logs)
    assert "-/run/user" in writable                           # cage's Wayland socket
    families = set(s["RestrictAddressFamilies"].split())
    assert families == {"AF_UNIX", "AF_INET", "AF_INET6", "AF_NETLINK"}   # pcscd, HTTPS, udev
    assert "PrivateDevices" not in s                          # camera, GPU, USB and tty7 live in /dev
    for key in ("ProtectKernelTunables", "ProtectKernelModules", "ProtectControlGroups", "RestrictSUIDSGID",
                "LockPersonality", "RestrictNamespaces"):
        assert s[key] == "yes", key


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_rates_the_unit_exposure_ok():
    r = subprocess.run(["systemd-analyze", "security", "--offline=true", str(UNIT)], capture_output=True,
                       text=True, timeout=60)
    level = float(re.search(r"Overall exposure level for .*: (\d+\.\d+)", r.stdout).group(1))
    assert level <= 4.0, r.stdout[-400:]          # 9.2 "UNSAFE" before the hardening


def test_postinst_drops_group_input_and_restarts_after_an_upgrade():
    text = POSTINST.read_text(encoding="utf-8")
    loop = re.search(r"for g in ([^;]+);", text).group(1).split()
    assert "input" not in loop and {"video", "dialout"} <= set(loop)
    assert "deluser kiosk input" in text
    assert re.search(r'if \[ -n "\$2" \]; then systemctl try-restart \$NAME.service', text)
    assert "chmod 0750 /etc/$NAME" in text


def test_the_shipped_config_has_no_secret_and_no_service_address():
    from kiosk.config import load_config
    from kiosk.setup_state import missing_settings
    example = ROOT / "kiosk.example.toml"
    text = example.read_text(encoding="utf-8")
    for published in ("demo-password", "demo-key", "2468", "079190000001", "http://127.0.0.1:8765"):
        assert published not in text
    keys = {p.key for p in missing_settings(load_config(example, environ={}))}
    assert {"gateway.url", "gateway.password", "hospital.url", "hospital.api_key", "kiosk.id",
            "kiosk.staff_pin_hash"} <= keys


def test_windows_installer_locks_config_secrets_and_data_to_system_admins_and_the_kiosk_account():
    text = ISS.read_text(encoding="utf-8")
    dirs = text.split("[Dirs]")[1].split("[")[0]
    assert "users-" not in dirs                                   # no rights for every user
    assert "/inheritance:r" in text                               # drops Users inherited from ProgramData
    grant = re.search(r'DataRoot\}"" /inheritance:r /grant:r ([^"]+)""\{code:KioskUser\}:\(OI\)\(CI\)RX', text)
    assert grant and grant.group(1).split() == ["*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F"]
    assert re.search(r'DataRoot\}\\data"" /grant:r ""\{code:KioskUser\}:\(OI\)\(CI\)M""', text)
    assert "{param:KIOSKUSER|kiosk}" in text
