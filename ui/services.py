"""The core services a kiosk window needs, built from the configuration (Qt-free wiring)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.checkin import CheckIn, DirectRegistrationSink, HospitalDepartments
from kiosk.config import Config
from kiosk.gateway import GatewayClient
from kiosk.hospital.client import HospitalClient


@dataclass
class Services:
    """The check-in flow and the clients behind it; ``close()`` releases connections."""

    flow: CheckIn
    gateway: GatewayClient
    hospital: HospitalClient
    closers: list = field(default_factory=list)

    def close(self) -> None:
        """Close the HTTP sessions."""
        for close in (self.gateway.close, self.hospital.close, *self.closers):
            close()


def build_services(config: Config) -> Services:
    """Gateway client, hospital client and a check-in flow that registers directly."""
    gateway = GatewayClient(config.gateway, config.facility)
    hospital = HospitalClient(config.hospital)
    flow = CheckIn(gateway, DirectRegistrationSink(hospital), HospitalDepartments(hospital),
                   kiosk_id=config.kiosk.id, facility_code=config.facility.code,
                   allow_pending_eligibility=config.kiosk.allow_pending_eligibility)
    return Services(flow, gateway, hospital)
