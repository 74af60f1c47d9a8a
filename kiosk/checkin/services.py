"""Building the check-in's collaborators from the configuration, in one place.

The CLI, the demo and the Qt app all need the same wiring: a gateway client,
a hospital client, a registration sink and a department source.
:class:`CheckInServices` owns the clients (and closes them); each patient
session gets its own :class:`CheckIn` from :meth:`CheckInServices.new_checkin`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kiosk.checkin.flow import CheckIn, StateListener
from kiosk.checkin.ports import (
    DepartmentSource,
    DirectRegistrationSink,
    EligibilityChecker,
    HospitalDepartments,
    RegistrationSink,
)
from kiosk.config import Config
from kiosk.gateway import GatewayClient
from kiosk.hospital.client import HospitalClient


class CheckInServices:
    """The long-lived clients behind every check-in of one kiosk.

    By default every registration goes through the durable offline queue
    (:class:`~kiosk.offline.OfflineQueue`: written to disk before the ticket
    is shown, delivered by its sync worker, eligibility re-checked when the
    gateway was down), which also supplies the cached department menu and the
    gateway's persistent per-day cache. ``offline_queue=False`` (or an
    explicit ``sink``) registers directly with the hospital instead.
    """

    def __init__(self, config: Config, *, sink: RegistrationSink | None = None,
                 departments: DepartmentSource | None = None, gateway: EligibilityChecker | None = None,
                 clock: Callable[[], datetime] = datetime.now, offline_queue: bool = True) -> None:
        from kiosk.offline import OfflineQueue  # the queue builds on the check-in's ports

        self.config = config
        self.hospital = HospitalClient(config.hospital)
        self.queue: OfflineQueue | None = None
        if sink is None and offline_queue:
            try:
                self.queue = OfflineQueue.open(config, self.hospital)
            except BaseException:
                self.hospital.close()
                raise
        cache = self.queue.eligibility_cache if self.queue is not None else None
        self.gateway = gateway or GatewayClient(config.gateway, config.facility, cache=cache)
        if self.queue is not None:
            self.queue.attach_gateway(self.gateway)
        self.sink = sink or (self.queue.sink if self.queue is not None
                             else DirectRegistrationSink(self.hospital))
        self.departments = departments or (self.queue.departments if self.queue is not None
                                           else HospitalDepartments(self.hospital))
        self.clock = clock
        # where counter outcomes go (the station lists them); kiosk_services() may point it at its own queue
        self.counter_recorder = self.queue.counter_recorder if self.queue is not None else None

    def new_checkin(self, listener: StateListener | None = None) -> CheckIn:
        """A fresh check-in flow wired to these services (IDLE)."""
        return CheckIn(self.gateway, self.sink, self.departments, kiosk_id=self.config.kiosk.id,
                       facility_code=self.config.facility.code,
                       allow_pending_eligibility=self.config.kiosk.allow_pending_eligibility,
                       clock=self.clock, listener=listener, counter_recorder=self.counter_recorder)

    def close(self) -> None:
        """Release the clients' connections."""
        if self.queue is not None:
            self.queue.close()  # the worker may be mid-send: let it finish before the client goes
        close = getattr(self.gateway, "close", None)
        if close:
            close()
        self.hospital.close()

    def __enter__(self) -> CheckInServices:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
