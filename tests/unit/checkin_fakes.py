"""In-memory fakes of the check-in's ports, for the state machine's unit tests.

:class:`~kiosk.checkin.flow.CheckIn` is handed its collaborators through the
protocols of :mod:`kiosk.checkin.ports`; these fakes implement exactly those
protocols and the benefit step's ``AppointmentChecker`` (no socket, no thread of
their own, no clock but the one injected), so the flow's transitions can be
driven deterministically. Each fake keeps
what the real side would keep and promises what the protocol promises: the
sink is idempotent on ``registration.client_id`` like the hospital behind its
Idempotency-Key, and a failure can be scripted before the hospital stores a
registration (dropped) or after (stored, answer lost).

The wire formats, HTTP faults and parsers are the integration tests' business
(tests/integration/, against the dev kit's simulator); nothing of our own
concrete code is replaced here.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from kiosk.checkin.benefit_step import BenefitStep
from kiosk.checkin.flow import CheckIn, StateListener
from kiosk.checkin.state import CounterOutcome
from kiosk.domain import Department, EligibilityResult, Identity, Route, Ticket
from kiosk.gateway.codes import info_for
from kiosk.hospital.registration import Registration
from kiosk.rules import AppointmentStatus, BenefitRules

START = datetime(2026, 3, 2, 8, 30)   # a Monday morning at the kiosk

DEPARTMENTS = (
    Department("KNOI", "Khoa Nội", "Internal medicine", "P.101"),
    Department("NHI", "Khoa Nhi", "Paediatrics", "P.205"),
    Department("MAT", "Khoa Mắt", "Ophthalmology", "P.310"),
    Department("SAN", "Khoa Sản", "Obstetrics", "P.402"),
)


class FakeClock:
    """A clock that moves only when told (``CheckIn(clock=...)``)."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass."""
        self.now += timedelta(seconds=seconds)


class SequentialIds:
    """Deterministic UUIDs ``00000000-…-000000000001``, ``…02``, … (``CheckIn(new_client_id=...)``).

    The registration insists on a UUID (it is the Idempotency-Key and QĐ 130 ``MA_LK``)."""

    def __init__(self) -> None:
        self._n = 0

    def __call__(self) -> str:
        self._n += 1
        return str(uuid.UUID(int=self._n))


class Gate:
    """Holds a fake's call until the test lets it go, so a test can act while the call is in flight.

    ``entered`` is set when the call arrives; the call then waits for :meth:`release`.
    """

    def __init__(self) -> None:
        self.entered = threading.Event()
        self._go = threading.Event()

    def pass_through(self) -> None:
        """Called by the fake: announce the call and wait (bounded, so a broken test cannot hang)."""
        self.entered.set()
        if not self._go.wait(5):
            raise TimeoutError("the test never released the gate")

    def release(self) -> None:
        """Let the held call continue."""
        self._go.set()


def answer(code: str, identity: Identity, today: date, *, card_number: str | None = None,
           registered_facility: str = "79001", route: Route = Route.RIGHT) -> EligibilityResult:
    """The gateway's answer ``code`` (``maKetQua``) for ``identity``, as the gateway client builds it.

    The decision, status and patient sentences come from the real code table
    (:func:`kiosk.gateway.codes.info_for`); the card covers ``today``.
    ``card_number`` is the insurance card the gateway names (default: the one asked with).
    """
    info = info_for(code)
    return EligibilityResult(
        code=code, decision=info.decision, status=info.status, patient_vi=info.patient_vi,
        patient_en=info.patient_en, staff_detail=info.staff_detail(), card_number=card_number or identity.card_number,
        full_name=identity.full_name, birth=identity.birth, valid_from=date(today.year, 1, 1),
        valid_to=date(today.year, 12, 31), registered_facility=registered_facility, route=route)


@dataclass
class FakeGateway:
    """:class:`~kiosk.checkin.ports.EligibilityChecker`: answers by card number, ``000`` by default.

    ``codes`` maps a card number to the ``maKetQua`` to answer, ``answers`` to a
    whole answer (see :func:`answer`); ``failures``
    are raised, one per call, before any answer (a ``GatewayUnavailable`` is
    the port's "cannot be reached"); ``gate`` holds the next call in flight.
    """

    clock: FakeClock
    codes: dict[str, str] = field(default_factory=dict)
    answers: dict[str, EligibilityResult] = field(default_factory=dict)
    failures: list[BaseException] = field(default_factory=list)
    gate: Gate | None = None
    asked: list[str] = field(default_factory=list)

    def check_eligibility(self, identity: Identity) -> EligibilityResult:
        """Blocking like the real client; raises the next scripted failure, if any."""
        self.asked.append(identity.card_number)
        gate, self.gate = self.gate, None
        if gate is not None:
            gate.pass_through()
        if self.failures:
            raise self.failures.pop(0)
        now = self.clock()
        given = self.answers.get(identity.card_number)
        if given is None:
            given = answer(self.codes.get(identity.card_number, "000"), identity, now.date())
        return replace(given, checked_at=now)


@dataclass
class FakeHospital:
    """:class:`~kiosk.checkin.ports.RegistrationSink` and :class:`~kiosk.checkin.ports.DepartmentSource`.

    Registrations are kept by client id; a replay under the same id gets the
    stored ticket back and stores nothing new (the Idempotency-Key promise).
    Numbers are ``<department>-<n>`` per department and day. Scripted
    failures: ``drop`` (raised before storing), ``lose_answer`` (raised after
    storing, as when the answer is lost on the way back), ``menu_failures``
    (raised by :meth:`departments`); ``gate`` holds the next submit in flight.
    Also the :class:`~kiosk.checkin.benefit_step.AppointmentChecker`: ``appointments``
    maps an id to "used"; a registration naming one uses it up (single use);
    ``appointment_failures`` are raised by :meth:`appointment_status`.
    """

    clock: FakeClock
    menu: tuple[Department, ...] = DEPARTMENTS
    drop: list[BaseException] = field(default_factory=list)
    lose_answer: list[BaseException] = field(default_factory=list)
    menu_failures: list[BaseException] = field(default_factory=list)
    gate: Gate | None = None
    appointments: dict[str, bool] = field(default_factory=dict)
    appointment_failures: list[BaseException] = field(default_factory=list)
    registrations: dict[str, Registration] = field(default_factory=dict)
    tickets: dict[str, Ticket] = field(default_factory=dict)
    submits: int = 0

    def departments(self) -> list[Department]:
        """The menu, or the next scripted failure."""
        if self.menu_failures:
            raise self.menu_failures.pop(0)
        return list(self.menu)

    def submit(self, registration: Registration) -> Ticket:
        """Register once per client id and hand back the ticket."""
        self.submits += 1
        gate, self.gate = self.gate, None
        if gate is not None:
            gate.pass_through()
        if self.drop:
            raise self.drop.pop(0)
        ticket = self.tickets.get(registration.client_id)
        if ticket is None:
            department = {d.code: d for d in self.menu}[registration.department]
            n = sum(1 for t in self.tickets.values() if t.department.code == department.code) + 1
            ticket = Ticket(number=f"{department.code}-{n:03d}", room=department.room, department=department,
                            issued_at=self.clock(), registration_id=registration.client_id,
                            hospital_id=f"H{len(self.tickets) + 1:06d}", priority=registration.priority)
            self.registrations[registration.client_id] = registration
            self.tickets[registration.client_id] = ticket
            appointment = ((registration.benefit or {}).get("appointment") or {}).get("id")
            if appointment in self.appointments:
                self.appointments[appointment] = True
        if self.lose_answer:
            raise self.lose_answer.pop(0)
        return ticket

    def appointment_status(self, appointment_id: str) -> AppointmentStatus:
        """FRESH or USED for a known appointment, UNKNOWN otherwise; or the next scripted failure."""
        if self.appointment_failures:
            raise self.appointment_failures.pop(0)
        used = self.appointments.get(appointment_id)
        if used is None:
            return AppointmentStatus.UNKNOWN
        return AppointmentStatus.USED if used else AppointmentStatus.FRESH

    def count(self) -> int:
        """How many registrations the hospital holds."""
        return len(self.registrations)


@dataclass
class FakeCounterRecorder:
    """:class:`~kiosk.checkin.ports.CounterRecorder`: keeps each outcome, numbers them ``Q-<n>``."""

    failures: list[BaseException] = field(default_factory=list)
    records: list[tuple[str, CounterOutcome]] = field(default_factory=list)

    def record(self, client_id: str, identity: Identity, eligibility: EligibilityResult | None,
               outcome: CounterOutcome) -> str | None:
        """Keep the outcome (no personal data kept: the client id and the outcome only)."""
        if self.failures:
            raise self.failures.pop(0)
        self.records.append((client_id, outcome))
        return f"Q-{len(self.records):03d}"



@dataclass
class Desk:
    """One kiosk's check-in wired to fakes: the flow under test and the ports it was handed."""

    clock: FakeClock = field(default_factory=FakeClock)
    gateway: FakeGateway = field(init=False)
    hospital: FakeHospital = field(init=False)
    recorder: FakeCounterRecorder = field(default_factory=FakeCounterRecorder)

    def __post_init__(self) -> None:
        self.gateway, self.hospital = FakeGateway(self.clock), FakeHospital(self.clock)

    def new_checkin(self, *, allow_pending_eligibility: bool = True,
                    listener: StateListener | None = None, rules: BenefitRules | None = None) -> CheckIn:
        """A fresh flow (IDLE) on these fakes; the constructor's types are the ports' protocols.

        With ``rules`` the flow decides the benefit (today from the fake clock; the
        fake hospital checks appointments)."""
        benefit = None if rules is None else BenefitStep(rules, lambda: self.clock().date(),
                                                         appointments=self.hospital)
        return CheckIn(self.gateway, self.hospital, self.hospital, kiosk_id="KIOSK-T1", facility_code="79001",
                       allow_pending_eligibility=allow_pending_eligibility, clock=self.clock,
                       new_client_id=SequentialIds(), listener=listener, counter_recorder=self.recorder,
                       benefit=benefit)
