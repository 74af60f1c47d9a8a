"""The hospital information system: registration API client and its wire types."""

from kiosk.hospital.client import HospitalClient
from kiosk.hospital.registration import Receipt, Registration, build_registration

__all__ = ["HospitalClient", "Receipt", "Registration", "build_registration"]
