"""Building the check-in's collaborators from the configuration, in one place.

The CLI, the demo and the Qt app all need the same wiring: a gateway client,
a hospital client, a registration sink and a department source.
:class:`CheckInServices` owns the clients (and closes them); each patient
session gets its own :class:`CheckIn` from :meth:`CheckInServices.new_checkin`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from kiosk.checkin.flow import CheckIn, StateListener
from kiosk.checkin.ports import (DepartmentSource, DirectRegistrationSink, EligibilityChecker,
                                 HospitalDepartments, RegistrationSink)
from kiosk.config import Config
from kiosk.gateway import GatewayClient
from kiosk.hospital.client import HospitalClient


class CheckInServices:
    """The long-lived clients behind every check-in of one kiosk.

    ``sink`` defaults to a :class:`DirectRegistrationSink` (no offline
    queue); the offline queue passes its own outbox-backed sink instead.
    """

    def __init__(self, config: Config, *, sink: RegistrationSink | None = None,
                 departments: DepartmentSource | None = None, gateway: EligibilityChecker | None = None,
                 clock: Callable[[], datetime] = datetime.now) -> None:
        self.config = config
        self.gateway = gateway or GatewayClient(config.gateway, config.facility)
        self.hospital = HospitalClient(config.hospital)
        self.sink = sink or DirectRegistrationSink(self.hospital)
        self.departments = departments or HospitalDepartments(self.hospital)
        self.clock = clock

    def new_checkin(self, listener: StateListener | None = None) -> CheckIn:
        """A fresh check-in flow wired to these services (IDLE)."""
        return CheckIn(self.gateway, self.sink, self.departments, kiosk_id=self.config.kiosk.id,
                       facility_code=self.config.facility.code,
                       allow_pending_eligibility=self.config.kiosk.allow_pending_eligibility,
                       clock=self.clock, listener=listener)

    def close(self) -> None:
        """Release the clients' connections."""
        close = getattr(self.gateway, "close", None)
        if close:
            close()
        self.hospital.close()

    def __enter__(self) -> "CheckInServices":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
