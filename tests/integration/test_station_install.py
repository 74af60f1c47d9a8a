"""The reception station as a desktop user gets it from the .deb: its own config
(packaging/debian/station.toml), set up with ``kiosk setup --station``, secrets readable by the
staff group only, data in the user's own XDG folder; not set up -> the station's notice, exit 3.

Real stacks: the CLI in a subprocess, the dev kit's simulator on loopback, real files.
(The package test repeats this inside a throwaway Debian root as a non-root desktop user.)
"""

from __future__ import annotations

import grp
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from devkit.kiosk_config import ReadySecrets, ready_simulator
from kiosk.cli.exit_codes import ExitCode

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "packaging" / "debian" / "station.toml"


def desk_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_") and k != "XDG_STATE_HOME"}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home))
    return env


def kiosk(env: dict, *args, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env=env, input=input)


def station(config: Path, env: dict) -> subprocess.CompletedProcess:
    return kiosk(env, "--config", str(config), "run", "--station", "--windowed", "--smoke-test")


def my_group() -> str:
    return grp.getgrgid(os.getgid()).gr_name


def test_the_shipped_station_config_shows_the_station_notice_and_names_the_hospital_keys(tmp_path):
    config = tmp_path / "etc" / "station.toml"
    config.parent.mkdir()
    shutil.copy(SHIPPED, config)
    r = station(config, desk_env(tmp_path / "home"))
    assert r.returncode == ExitCode.CONFIG, r.stderr
    assert "not-set-up screen shown" in r.stdout
    assert "station: not set up; missing: hospital.url, hospital.api_key" in r.stderr
    assert "kiosk setup --station" in r.stderr and "Traceback" not in r.stderr


def test_an_unreadable_station_config_still_shows_the_notice_in_a_window(tmp_path):
    # a desktop user outside kiosk-staff cannot read the config: a window says so (no terminal to read)
    r = station(tmp_path / "no-such" / "station.toml", desk_env(tmp_path / "home"))
    assert r.returncode == ExitCode.CONFIG and "not-set-up screen shown" in r.stdout, r.stderr
    assert "configuration file not found" in r.stderr and "Traceback" not in r.stderr


def test_setup_station_then_the_station_reads_the_lobby_with_its_data_in_the_users_home(tmp_path):
    config = tmp_path / "etc" / "station.toml"
    config.parent.mkdir()
    shutil.copy(SHIPPED, config)
    home = tmp_path / "home"
    env = desk_env(home)
    ready = ReadySecrets.fresh()
    with ready_simulator(ready) as sim:
        r = kiosk(env, "--config", str(config), "setup", "--station", "--hospital-url", f"{sim.url}/his/v1",
                  "--desk-id", "Q7", "--group", my_group(), "--secrets-stdin",
                  input=f'[hospital]\napi_key = "{ready.api_key}"\n')
        assert r.returncode == ExitCode.OK, r.stderr
        assert "reception station is set up" in r.stdout
        secrets = config.with_name("secrets.toml")
        st = secrets.stat()
        assert stat.S_IMODE(st.st_mode) == 0o640 and st.st_gid == os.getgid()   # the staff group, never "other"
        assert ready.api_key not in config.read_text(encoding="utf-8") + r.stdout + r.stderr
        written = config.read_text(encoding="utf-8")
        assert 'desk_id = "Q7"' in written and 'id = "Q7"' in written.split("[kiosk]")[1].split("[")[0]
        # the loader accepts a group-readable secrets file only for the staff group (kiosk-staff, which
        # this machine need not have: the package test runs that case as a desktop user in the group)
        r = station(config, env)
        assert r.returncode == ExitCode.CONFIG and "other users can read this secrets file" in r.stderr
        os.chmod(secrets, 0o600)
        r = station(config, env)
        assert r.returncode == ExitCode.OK, r.stdout + r.stderr
        assert "station shown, lobby read" in r.stdout
    data = home / ".local" / "state" / "vn-checkin-station"
    assert data.is_dir() and stat.S_IMODE(data.stat().st_mode) == 0o700


def test_setup_station_refuses_a_staff_pin_and_kiosk_only_flags(tmp_path):
    config = tmp_path / "station.toml"
    shutil.copy(SHIPPED, config)
    env = desk_env(tmp_path / "home")
    r = kiosk(env, "--config", str(config), "setup", "--station", "--group", my_group(), "--secrets-stdin",
              input='[kiosk]\nstaff_pin = "80417293"\n')
    assert r.returncode == ExitCode.BAD_INPUT and "no staff PIN" in r.stderr
    assert not config.with_name("secrets.toml").exists()
    r = kiosk(env, "--config", str(config), "setup", "--desk-id", "Q2", "--no-input")
    assert r.returncode == ExitCode.BAD_INPUT and "--station" in r.stderr
    r = kiosk(env, "--config", str(config), "setup", "--station", "--group", "no-such-group-x", "--no-input")
    assert r.returncode == ExitCode.BAD_INPUT and "No group named 'no-such-group-x'" in r.stderr
    r = kiosk(env, "--config", str(config), "setup", "--station", "--group", my_group(), "--no-input")
    assert r.returncode == ExitCode.CONFIG and "hospital.url" in r.stderr and "kiosk.id" not in r.stderr
