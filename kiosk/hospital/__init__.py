"""The hospital information system: registration API client and its wire types."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.hospital.registration import Receipt, Registration, build_registration

if TYPE_CHECKING:
    from kiosk.hospital.client import HospitalClient

__all__ = ["HospitalClient", "Receipt", "Registration", "build_registration"]


def __getattr__(name: str) -> Any:
    # The client loads http.client: importing the wire types (the check-in flow does, and the kiosk
    # before its idle screen shows) must not wait for it.
    if name == "HospitalClient":
        from kiosk.hospital.client import HospitalClient
        return HospitalClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
