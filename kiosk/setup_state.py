"""Is this kiosk set up? The check that keeps an installed kiosk from failing open.

The embedded defaults carry no secret and no service URL. Until IT has run
``kiosk setup`` (or written the settings by hand), :func:`missing_settings`
names every setting that is missing or still holds a value published in this
repository (the dev kit's demo secrets, the example kiosk id). The patient
screen refuses to start while the list is not empty, and ``kiosk doctor``
prints it; nothing talks to a service that was not configured.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kiosk.config import Config

# Values published in this repository (the dev kit's simulator account, API key,
# officer and staff-PIN hash): anyone can read them, so a kiosk holding one is
# not set up. The product keeps only their SHA-256 digests, never the values;
# tests/unit/test_setup_state.py checks these digests against the dev kit's
# values, so a changed demo value cannot slip past this check.
PUBLISHED_DIGESTS = {
    "gateway.password": frozenset({"41bd876b085d6031cb0e04de35b88d77f83a4ba39f879fee40805ac19e356023"}),
    "hospital.api_key": frozenset({"c48a01f49fd0f2cc404bc3cbbc80e91457a3d41bb429a695243de4c61794155c"}),
    "gateway.officer_cccd": frozenset({"1a214236a5ff524fce083403c143c99e4c0d3e77f40f627750d97a821ebeeadb"}),
    "kiosk.staff_pin_hash": frozenset({"df331863f80af7197881c8ab06f2af33e38886c65f2b5949f412a601589c7a8a"}),
}
DEFAULT_KIOSK_ID = "K01"


@dataclass(frozen=True)
class Problem:
    """One setting that stops the kiosk from starting: the key, and why (never its value)."""

    key: str
    reason: str

    def __str__(self) -> str:
        return f"{self.key}: {self.reason}"


def is_published(key: str, value: str) -> bool:
    """Whether ``value`` of setting ``key`` is one published in this repository."""
    return hashlib.sha256(str(value).encode("utf-8")).hexdigest() in PUBLISHED_DIGESTS.get(key, ())


def missing_settings(config: Config) -> list[Problem]:
    """Every setting an installed kiosk still needs, in config-file order (empty = ready)."""
    problems: list[Problem] = []

    def need(key: str, value: str, what: str) -> None:
        if not str(value).strip():
            problems.append(Problem(key, f"not set ({what})"))
        elif is_published(key, value):
            problems.append(Problem(key, "still the published demo value; set this hospital's own"))

    need("gateway.url", config.gateway.url, "the insurance gateway's https:// address")
    need("gateway.password", config.gateway.password, "the facility account's password")
    need("gateway.officer_name", config.gateway.officer_name, "staff member the lookups are made under")
    need("gateway.officer_cccd", config.gateway.officer_cccd, "that staff member's CCCD number")
    need("hospital.url", config.hospital.url, "the hospital system's https:// address")
    need("hospital.api_key", config.hospital.api_key, "the hospital system's API key")
    if config.kiosk.id == DEFAULT_KIOSK_ID:
        problems.append(Problem("kiosk.id", f"still the example id {DEFAULT_KIOSK_ID}; give this kiosk its own"))
    pin_hash = config.kiosk.staff_pin_hash
    if not pin_hash:
        problems.append(Problem("kiosk.staff_pin_hash", "not set (the staff PIN; `kiosk setup` stores its hash)"))
    elif is_published("kiosk.staff_pin_hash", pin_hash):
        problems.append(Problem("kiosk.staff_pin_hash", "the staff PIN is the published demo one; choose another"))
    return problems


def station_missing_settings(config: Config) -> list[Problem]:
    """What a reception desk still needs: only the hospital system (it reads the lobby there).

    The gateway (lookup, re-check) and a printer are optional at a desk; the
    kiosk's own id, PIN and gateway account are not its business.
    """
    return [p for p in missing_settings(config) if p.key in ("hospital.url", "hospital.api_key")]
