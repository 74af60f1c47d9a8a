"""The one place the dev kit builds kiosk configurations for its simulator.

The product's embedded defaults hold no secrets and no URLs (an installed
kiosk must be set up by IT). The demo, the screenshots, the benchmarks and the
tests get their configuration here instead:

* :func:`dev_kit_config` — an in-process :class:`Config` on a running simulator
  with the simulator's published demo account (fine in-process: nothing is
  installed, and the patient-screen gate is not in the way of these callers).
* :func:`dev_kit_environ` — the same secrets as ``KIOSK_*`` variables, for
  subprocesses and config files that give only URLs.
* :func:`write_ready_config` — ``kiosk simulator --write-config FILE``: a
  kiosk.toml plus a 0600 secrets.toml with FRESH random secrets that the
  simulator is told to accept, so ``kiosk run`` on it passes the set-up check
  without any published value.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from devkit.simulator.gateway_state import DEFAULT_ACCOUNT, DEFAULT_OFFICER
from kiosk.config import SECRETS_FILE, Config, load_config
from kiosk.staff_pin import hash_pin

DEV_KIT_PASSWORD = DEFAULT_ACCOUNT[1]
DEV_KIT_API_KEY = "demo-key"
DEV_KIT_OFFICER_CCCD, DEV_KIT_OFFICER_NAME = DEFAULT_OFFICER
DEV_KIT_STAFF_PIN = "2468"
DEV_KIT_FACILITY = "79014"


# The scrypt hash of DEV_KIT_STAFF_PIN, written out once: hashing is slow on purpose
# (~50-800 ms), and every test process and subprocess would otherwise pay it.
DEV_KIT_PIN_HASH = "scrypt$16384$8$1$4OtUdYouTSOl+x5OzMWPcw==$nDvYndidUtBU4B/5eErH4A9ldsbL+wRtpNyYx8qvCUY="


def dev_kit_pin_hash() -> str:
    """The stored hash of :data:`DEV_KIT_STAFF_PIN` (tests/unit/test_staff_pin_guard.py checks it matches)."""
    return DEV_KIT_PIN_HASH


def dev_kit_environ(server=None) -> dict[str, str]:
    """``KIOSK_*`` variables with the dev kit's secrets (and the simulator's URLs when ``server`` is given)."""
    env = {"KIOSK_GATEWAY_PASSWORD": DEV_KIT_PASSWORD, "KIOSK_HOSPITAL_API_KEY": DEV_KIT_API_KEY,
           "KIOSK_OFFICER_CCCD": DEV_KIT_OFFICER_CCCD, "KIOSK_OFFICER_NAME": DEV_KIT_OFFICER_NAME,
           "KIOSK_STAFF_PIN_HASH": dev_kit_pin_hash()}
    if server is not None:
        env["KIOSK_GATEWAY_URL"] = server.url
        env["KIOSK_HOSPITAL_URL"] = hospital_url(server)
    return env


def hospital_url(server) -> str:
    """The hospital API's base URL on ``server`` (kept here so this module needs no simulator import)."""
    from devkit.simulator.app import hospital_url as url
    return url(server)


def dev_kit_config(server=None, base: Config | None = None, *, source: str = "dev kit") -> Config:
    """``base`` (default: the embedded defaults) with the dev kit's secrets, on ``server`` when given."""
    cfg = base or load_config(None, environ={})
    gateway = dataclasses.replace(cfg.gateway, username=f"{DEV_KIT_FACILITY}_BV", password=DEV_KIT_PASSWORD,
                                  officer_name=DEV_KIT_OFFICER_NAME, officer_cccd=DEV_KIT_OFFICER_CCCD)
    hospital = dataclasses.replace(cfg.hospital, api_key=DEV_KIT_API_KEY)
    if server is not None:
        gateway = dataclasses.replace(gateway, url=server.url)
        hospital = dataclasses.replace(hospital, url=hospital_url(server))
    return dataclasses.replace(
        cfg, gateway=gateway, hospital=hospital,
        facility=dataclasses.replace(cfg.facility, code=DEV_KIT_FACILITY),
        kiosk=dataclasses.replace(cfg.kiosk, staff_pin_hash=dev_kit_pin_hash()), source=source)


@dataclass(frozen=True)
class ReadySecrets:
    """Fresh secrets for one simulator run: the simulator accepts them, the config holds them."""

    password: str
    api_key: str
    staff_pin: str
    kiosk_id: str
    officer_cccd: str

    @classmethod
    def fresh(cls) -> ReadySecrets:
        """Random secrets (never a published value)."""
        pin = "".join(secrets.choice("0123456789") for _ in range(8))
        return cls(password=secrets.token_urlsafe(18), api_key=secrets.token_urlsafe(24), staff_pin=pin,
                   kiosk_id="S" + secrets.token_hex(2).upper(),
                   officer_cccd="079" + "".join(secrets.choice("0123456789") for _ in range(9)))


def write_ready_config(path: str | os.PathLike, server, ready: ReadySecrets) -> tuple[Path, Path]:
    """Write ``path`` (URLs, officer, kiosk id) and a 0600 ``secrets.toml`` beside it for ``server``.

    Returns both paths. The staff PIN is stored only as its hash.
    """
    config_path = Path(path)
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(
        "# Written by `kiosk simulator --write-config`: this kiosk talks to the dev kit's simulator.\n"
        f'[facility]\ncode = "{DEV_KIT_FACILITY}"\n'
        f'[gateway]\nurl = "{server.url}"\nofficer_name = "{DEV_KIT_OFFICER_NAME}"\n'
        f'[hospital]\nurl = "{hospital_url(server)}"\n'
        f'[kiosk]\nid = "{ready.kiosk_id}"\n', encoding="utf-8")
    secrets_path = config_path.with_name(SECRETS_FILE)
    fd = os.open(secrets_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f'[gateway]\npassword = "{ready.password}"\nofficer_cccd = "{ready.officer_cccd}"\n'
                f'[hospital]\napi_key = "{ready.api_key}"\n'
                f'[kiosk]\nstaff_pin_hash = "{hash_pin(ready.staff_pin)}"\n')
    os.chmod(secrets_path, 0o600)
    return config_path, secrets_path


def ready_simulator(ready: ReadySecrets, host: str = "127.0.0.1", port: int = 0, **kwargs):
    """A simulator (not started) that accepts exactly ``ready``'s account, officer and API key."""
    from devkit.simulator.app import build_simulator
    return build_simulator(host, port, hospital_api_key=ready.api_key,
                           accounts={f"{DEV_KIT_FACILITY}_BV": ready.password},
                           officers={ready.officer_cccd: DEV_KIT_OFFICER_NAME}, **kwargs)


def ready_secrets_toml(ready: ReadySecrets) -> str:
    """``ready`` as the TOML ``kiosk setup --secrets-stdin`` reads (the PIN in clear, for setup to hash)."""
    return (f'[gateway]\npassword = "{ready.password}"\nofficer_cccd = "{ready.officer_cccd}"\n'
            f'[hospital]\napi_key = "{ready.api_key}"\n[kiosk]\nstaff_pin = "{ready.staff_pin}"\n')
