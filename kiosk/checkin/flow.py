"""One patient's check-in as a plain, thread-safe state machine (no Qt).

The UI calls :meth:`CheckIn.identify`, :meth:`CheckIn.check_eligibility`,
:meth:`CheckIn.load_departments`, :meth:`CheckIn.choose_department` and
:meth:`CheckIn.reset`. The gateway and hospital calls block, so the UI runs
those methods on a worker thread; the state check and the move into the
in-flight state happen atomically under a lock, which is what makes a double
tap harmless: the second tap finds REGISTERING (or TICKET) and gets
:class:`InvalidTransition`. A :meth:`reset` while a call is in flight wipes
the session at once; the late answer is then discarded (:class:`Cancelled`).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime

from kiosk.checkin.benefit_step import BenefitStep, apply_benefit
from kiosk.checkin.outcome import Outcome, next_step
from kiosk.checkin.ports import CounterRecorder, DepartmentSource, EligibilityChecker, RegistrationSink
from kiosk.checkin.state import CounterOutcome, State, Step, allowed
from kiosk.domain import Decision, Department, EligibilityResult, Identity, StaffStatus, Ticket, mask_digits, mask_name
from kiosk.errors import Cancelled, GatewayUnavailable, InvalidTransition, UnknownDepartment
from kiosk.hospital.registration import Registration, build_registration
from kiosk.rules import Benefit, Referral

log = logging.getLogger(__name__)

StateListener = Callable[[State, State], None]


def pending_result(identity: Identity, detail: str, now: datetime) -> EligibilityResult:
    """The eligibility we proceed with when the gateway cannot be asked: pending, re-checked later.

    When the insurance card's QR printed a validity that covers today, the
    patient is told so ("appears valid until …"); it never replaces the
    gateway's answer, which the offline queue fetches later.
    """
    patient_vi = ("Chưa kiểm tra được thẻ bảo hiểm y tế lúc này; bạn vẫn được đăng ký khám, "
                  "thẻ sẽ được kiểm tra lại sau.")
    patient_en = ("Your health insurance could not be checked just now; you can still register "
                  "and it will be checked again later.")
    until = identity.card_valid_to
    if until is not None and until >= now.date():
        patient_vi = (f"Thẻ bảo hiểm y tế có vẻ còn hạn đến {until:%d/%m/%Y}; bạn vẫn được đăng ký khám, "
                      "thẻ sẽ được kiểm tra lại sau.")
        patient_en = (f"Your insurance card appears valid until {until:%d/%m/%Y}; you can still register "
                      "and it will be checked again.")
        detail = f"{detail}; card QR: valid to {until:%d/%m/%Y}, maDKBD {identity.card_registered_facility or '-'}"
    return EligibilityResult(
        code="", decision=Decision.RETRY_LATER, status=StaffStatus.PENDING, patient_vi=patient_vi,
        patient_en=patient_en, staff_detail=detail, card_number=identity.card_number, checked_at=None)


def gateway_evidence(identity: Identity, error: GatewayUnavailable, now: datetime) -> dict:
    """What the decree asks a facility to keep when the card lookup fails: when, what kind of
    failure, and the request that failed, masked (Decree 188/2025 Art. 38 §2)."""
    birth = identity.birth
    return {"at": now.isoformat(timespec="seconds"), "error": error.code, "detail": error.detail,
            "request": {"card": mask_digits(identity.card_number), "name": mask_name(identity.full_name),
                        "birth_year": birth[-4:] if birth else None, "presented_as": identity.presented_as}}


class CheckIn:
    """The check-in of one patient at a time; :meth:`reset` makes it ready for the next."""

    def __init__(self, gateway: EligibilityChecker, sink: RegistrationSink, departments: DepartmentSource, *,
                 kiosk_id: str, facility_code: str, allow_pending_eligibility: bool = True,
                 clock: Callable[[], datetime] = datetime.now,
                 new_client_id: Callable[[], str] = lambda: str(uuid.uuid4()),
                 listener: StateListener | None = None,
                 counter_recorder: CounterRecorder | None = None, benefit: BenefitStep | None = None) -> None:
        self._gateway, self._sink, self._department_source = gateway, sink, departments
        self._benefit_step = benefit
        self._counter_recorder = counter_recorder
        self._kiosk_id, self._facility_code = kiosk_id, facility_code
        self._allow_pending = allow_pending_eligibility
        self._clock, self._new_client_id, self._listener = clock, new_client_id, listener
        self._lock = threading.RLock()
        self._generation = 0  # bumped by reset(): answers for an older session are dropped
        self._departments: list[Department] | None = None  # not personal: survives reset()
        self._state = State.IDLE
        self._wipe()

    def _wipe(self) -> None:
        self._identity: Identity | None = None
        self._client_id: str | None = None
        self._arrived_at: datetime | None = None
        self._eligibility: EligibilityResult | None = None
        self._pending = False
        self._counter: CounterOutcome | None = None
        self._counter_number: str | None = None
        self._registration: Registration | None = None
        self._ticket: Ticket | None = None
        self._error: BaseException | None = None
        self._failed_step: Step | None = None
        self._answer: EligibilityResult | None = None   # the gateway's answer before the rules were applied
        self._benefit: Benefit | None = None
        self._slips_given = False
        self._evidence: dict | None = None
        self._identity_check: dict | None = None   # {"verified_by", "face"}: words only (docs/face.md)
        self._touched_at: float | None = None  # monotonic: the patient's first touch (metrics)

    def __repr__(self) -> str:
        return f"CheckIn(state={self._state.value}, client_id={self._client_id})"

    # -- read-only views (all under the lock: the UI thread reads while a worker writes) --
    def _get(self, name: str):
        with self._lock:
            return getattr(self, name)

    state = property(lambda self: self._get("_state"), doc="The current :class:`State`.")
    identity = property(lambda self: self._get("_identity"), doc="The identified patient, or None.")
    client_id = property(lambda self: self._get("_client_id"),
                         doc="This check-in's registration id (UUID4, the Idempotency-Key).")
    eligibility = property(lambda self: self._get("_eligibility"), doc="The gateway answer (or pending).")
    eligibility_pending = property(lambda self: self._get("_pending"),
                                   doc="True when registering without a gateway answer.")
    counter = property(lambda self: self._get("_counter"), doc="The :class:`CounterOutcome`, in COUNTER.")
    counter_number = property(lambda self: self._get("_counter_number"),
                              doc="The patient's number at the counter (for the counter slip), or None.")
    registration = property(lambda self: self._get("_registration"), doc="The registration sent, if any.")
    ticket = property(lambda self: self._get("_ticket"), doc="The ticket, in TICKET.")
    error = property(lambda self: self._get("_error"), doc="The error that put the flow in ERROR.")
    benefit = property(lambda self: self._get("_benefit"),
                       doc="The expected benefit (:class:`~kiosk.rules.Benefit`), once eligibility is known.")
    touched_at = property(lambda self: self._get("_touched_at"),
                          doc="``time.monotonic()`` of the patient's first touch (at the latest, the identification).")

    def touch(self) -> None:
        """The patient's first sign at the kiosk (a card, a tap, a code): the start of the check-in's time.

        Only the first call of a session counts; :meth:`reset` forgets it.
        """
        with self._lock:
            if self._touched_at is None:
                self._touched_at = time.monotonic()

    @property
    def slip_question(self) -> bool:
        """True while the kiosk should ask "referral slip or re-visit appointment?" (asked once)."""
        with self._lock:
            return (self._state == State.ELIGIBILITY_SHOWN and not self._pending and not self._slips_given
                    and self._benefit_step is not None and self._benefit_step.slip_matters(self._answer))

    @property
    def outcome(self) -> Outcome:
        """Where the patient goes after eligibility (see :mod:`kiosk.checkin.outcome`)."""
        with self._lock:   # re-entrant: slip_question takes the same lock
            return next_step(self._state, self._eligibility, self._counter, slip_question=self.slip_question)

    @property
    def departments(self) -> list[Department] | None:
        """The department menu last loaded (None before the first load)."""
        with self._lock:
            return None if self._departments is None else list(self._departments)

    # -- transitions --
    def _begin(self, step: Step, in_flight: State | None) -> int:
        """Check ``step`` may start and move to ``in_flight``; returns the session generation."""
        with self._lock:
            if not allowed(step, self._state, self._failed_step):
                raise InvalidTransition(f"{step.value} is not allowed in state {self._state.value}.")
            if in_flight is not None:
                self._move(in_flight)
            return self._generation

    def _move(self, new: State) -> None:
        old, self._state = self._state, new
        if new != State.ERROR:
            self._error, self._failed_step = None, None
        if self._listener and old != new:
            try:
                self._listener(old, new)
            except Exception:  # a broken observer must not leave the flow half-moved
                log.exception("check-in state listener failed on %s → %s", old.value, new.value)

    def _check_current(self, generation: int) -> None:
        if generation != self._generation:
            raise Cancelled("The check-in was reset while a call was in flight; its answer is discarded.")

    def _fail(self, generation: int, step: Step, err: BaseException) -> None:
        with self._lock:
            if generation == self._generation:
                self._move(State.ERROR)
                self._error, self._failed_step = err, step

    def _patient(self) -> tuple[str, Identity, datetime]:
        """The client id, identity and arrival time of the identified patient (call under the lock).

        ``identify()`` sets all three and the transition table admits no step that needs them
        before it; a missing one is a programming error, refused like any wrong step."""
        if self._client_id is None or self._identity is None or self._arrived_at is None:
            raise InvalidTransition("No patient is identified.")
        return self._client_id, self._identity, self._arrived_at

    def identify(self, identity: Identity) -> State:
        """Start a check-in for ``identity``: IDLE → IDENTIFIED, with a fresh client id."""
        with self._lock:
            self._begin(Step.IDENTIFY, None)
            self.touch()           # a front end that reports no earlier touch: the check-in starts here
            self._identity = identity
            self._client_id = self._new_client_id()
            self._arrived_at = self._clock()
            self._move(State.IDENTIFIED)
            log.info("check-in %s: identified card %s via %s", self._client_id,
                     mask_digits(identity.card_number), identity.source.value)
            return self._state

    def check_eligibility(self) -> State:
        """Ask the gateway (blocking): → ELIGIBILITY_SHOWN, COUNTER, or ERROR (and the error re-raised)."""
        with self._lock:
            generation = self._begin(Step.CHECK, State.CHECKING)
            client_id, identity, _ = self._patient()
        evidence = None   # kept only when the lookup fails (the decree's evidence for the insurer)
        try:
            result = self._gateway.check_eligibility(identity)
        except GatewayUnavailable as e:
            result = pending_result(identity, e.detail, self._clock())
            evidence = gateway_evidence(identity, e, self._clock())
        except BaseException as e:
            self._fail(generation, Step.CHECK, e)
            raise
        if result.decision == Decision.RETRY_LATER and evidence is None:   # an answer saying "try later"
            evidence = gateway_evidence(identity, GatewayUnavailable(f"maKetQua {result.code or '-'}",
                                                                     code="gateway_retry_later"), self._clock())
        answer, benefit = result, None
        if self._benefit_step is not None and result.decision != Decision.RETRY_LATER:
            if result.insured:
                benefit = self._benefit_step.decide(result)
                result = apply_benefit(result, benefit)
        elif self._benefit_step is not None:  # pending: nothing known about the card's registration yet
            benefit = self._benefit_step.rules.decide(card_number=identity.card_number, registered_facility=None,
                                                      on=self._benefit_step.today())
        with self._lock:
            self._check_current(generation)
            self._answer, self._benefit, self._evidence = answer, benefit, evidence
            if result.decision == Decision.RETRY_LATER:
                if self._allow_pending:
                    self._eligibility, self._pending = result, True
                    self._move(State.ELIGIBILITY_SHOWN)
                else:
                    self._eligibility = result
                    self._counter = CounterOutcome.gateway_unavailable(result.staff_detail)
                    self._move(State.COUNTER)
            elif result.decision in (Decision.COUNTER, Decision.CONFIG_ERROR):
                self._eligibility, self._counter = result, CounterOutcome.from_result(result)
                self._move(State.COUNTER)
            else:
                self._eligibility = result
                self._move(State.ELIGIBILITY_SHOWN)
            log.info("check-in %s: eligibility %s (%s) → %s", self._client_id, result.status.value,
                     result.code or "-", self._state.value)
            state, counter, eligibility = self._state, self._counter, self._eligibility
        if state == State.COUNTER and counter is not None:
            self._record_counter(client_id, identity, eligibility, counter)
        return state

    def _record_counter(self, client_id: str, identity: Identity, eligibility: EligibilityResult | None,
                        counter: CounterOutcome) -> None:
        """Leave a trace staff can open at the station; a failure never keeps the patient waiting."""
        if self._counter_recorder is None:
            return
        try:
            number = self._counter_recorder.record(client_id, identity, eligibility, counter)
            with self._lock:
                if self._client_id == client_id:      # still this patient's session
                    self._counter_number = number if isinstance(number, str) else None
        except Exception as e:
            log.warning("check-in %s: counter outcome not recorded (%s)", client_id, e.__class__.__name__)

    def give_slips(self, referral: Referral | None = None, appointment_id: str | None = None,
                   emergency: bool = False, slip_claimed: bool = False) -> Benefit | None:
        """The patient's answer to the slip question (or what staff typed): the benefit decided again.

        Allowed after eligibility, before registering. An appointment is checked
        with the hospital (blocking; single use). Giving nothing records "no slip";
        ``slip_claimed`` records a patient who says "yes" at the kiosk: staff see the
        slip at the counter, so the benefit is theirs to confirm.
        """
        with self._lock:
            if self._state not in (State.ELIGIBILITY_SHOWN, State.CHOOSING_DEPARTMENT):
                raise InvalidTransition(f"give_slips is not allowed in state {self._state.value}.")
            generation, answer, step = self._generation, self._answer, self._benefit_step
            self._slips_given = True
        if step is None or answer is None or not answer.insured:
            return self.benefit
        appointment = step.appointment(appointment_id) if appointment_id else None
        benefit = step.decide(answer, referral, appointment, emergency, slip_claimed=slip_claimed)
        with self._lock:
            self._check_current(generation)
            self._benefit = benefit
            self._eligibility = apply_benefit(answer, benefit)
            self._registration = None  # a new answer is a new registration body
            log.info("check-in %s: benefit %s (%s)", self._client_id, benefit.reason, benefit.rule or "-")
            return benefit

    def choose_counter(self) -> State:
        """The patient prefers the counter to a ticket: → COUNTER, recorded for the station."""
        with self._lock:
            self._begin(Step.COUNTER, None)
            client_id, identity, _ = self._patient()
            eligibility = self._eligibility
            if eligibility is None:  # the table allows this step only once an answer is shown
                raise InvalidTransition("There is no eligibility answer to leave for the counter.")
            self._counter = counter = CounterOutcome.patient_choice(eligibility)
            self._move(State.COUNTER)
            log.info("check-in %s: the patient chose the counter (%s)", client_id, eligibility.status.value)
        self._record_counter(client_id, identity, eligibility, counter)
        return State.COUNTER

    def record_identity_check(self, verified_by: str, face: str) -> None:
        """How the identity was verified (``chip+face`` | ``chip`` | ``qr`` | ``typed``) and the face result,
        sent with the registration. Words only: never the image, descriptor or score."""
        with self._lock:
            self._patient()
            self._identity_check = {"verified_by": verified_by, "face": face}

    def face_mismatch(self, face: str) -> State:
        """The face did not match the chip photo (``no_match``) or looked like a picture (``attack_suspected``):
        → COUNTER, recorded for the station with the status ``face-mismatch``. An eligibility answer still
        in flight is discarded: the patient goes to the counter whatever it says."""
        with self._lock:
            client_id, identity, _ = self._patient()
            if self._state in (State.TICKET, State.REGISTERING):
                raise InvalidTransition("The patient is already registered.")
            self._generation += 1          # the in-flight eligibility answer no longer belongs here
            self._identity_check = {"verified_by": "chip", "face": face}
            self._counter = counter = CounterOutcome.face_mismatch(face)
            eligibility = self._eligibility
            self._move(State.COUNTER)
            log.info("check-in %s: face %s, sent to the counter", client_id, face)
        self._record_counter(client_id, identity, eligibility, counter)
        return State.COUNTER

    def ticket_today(self) -> Ticket | None:
        """The number this patient already got today, asked before the department (blocking), or None.

        Only sinks that keep the day's registrations can tell (the offline
        outbox); without one the hospital's answer to the registration says
        so instead (``Ticket.existing``).
        """
        lookup = getattr(self._sink, "ticket_today", None)
        with self._lock:
            if lookup is None or self._identity is None or self._client_id is None:
                return None
            probe = build_registration(
                client_id=self._client_id, identity=self._identity, eligibility=self._eligibility,
                pending=self._pending, department="", priority=False, kiosk_id=self._kiosk_id,
                facility_code=self._facility_code, arrived_at=self._arrived_at or self._clock())
        return lookup(probe)

    def load_departments(self) -> list[Department]:
        """Fetch the department menu (blocking): → CHOOSING_DEPARTMENT, or ERROR."""
        generation = self._begin(Step.DEPARTMENTS, None)
        try:
            departments = list(self._department_source.departments())
        except BaseException as e:
            self._fail(generation, Step.DEPARTMENTS, e)
            raise
        with self._lock:
            self._check_current(generation)
            self._departments = departments
            self._move(State.CHOOSING_DEPARTMENT)
            return list(departments)

    def choose_department(self, code: str, priority: bool = False, additional_clinic: bool = False) -> Ticket:
        """Register for department ``code`` (blocking): → REGISTERING → TICKET, or ERROR.

        An unknown code raises :class:`UnknownDepartment` and leaves the patient
        choosing. A retry after a failed registration resends the very same
        registration (same client id and body) unless the choice changed.
        ``additional_clinic``: the patient, who already has today's number,
        asked for this clinic as well.
        """
        generation = self._begin(Step.REGISTER, State.REGISTERING)
        with self._lock:
            departments = self._departments
        try:
            if departments is None:
                departments = list(self._department_source.departments())
            known = code in {d.code for d in departments}
            if known:
                ticket = self._sink.submit(self._registration_for(generation, code, priority,
                                                                  additional_clinic))
        except BaseException as e:  # incl. the hospital refusing the code: retry by choosing again
            self._fail(generation, Step.REGISTER, e)
            raise
        with self._lock:
            self._check_current(generation)
            self._departments = departments
            if not known:  # the patient simply picks again
                self._move(State.CHOOSING_DEPARTMENT)
                raise UnknownDepartment(f"There is no department with the code {code!r}.")
            self._ticket = ticket
            self._move(State.TICKET)
            log.info("check-in %s: ticket %s (existing=%s)", self._client_id, ticket.number, ticket.existing)
            return ticket

    def _registration_for(self, generation: int, code: str, priority: bool,
                          additional_clinic: bool = False) -> Registration:
        with self._lock:
            self._check_current(generation)  # a reset meanwhile: nothing left to build from
            earlier = self._registration
            if earlier is not None and earlier.department == code and earlier.priority == priority \
                    and earlier.additional_clinic == additional_clinic:
                return earlier  # a retry: byte-for-byte the same body under the same key
            if earlier is not None:
                self._client_id = self._new_client_id()  # a new choice is a new request
            client_id, identity, arrived_at = self._patient()
            self._registration = build_registration(
                client_id=client_id, identity=identity, eligibility=self._eligibility,
                pending=self._pending, department=code, priority=priority, kiosk_id=self._kiosk_id,
                facility_code=self._facility_code, arrived_at=arrived_at, benefit=self._benefit,
                gateway_evidence=self._evidence if self._pending else None)
            if additional_clinic:
                self._registration = dataclasses.replace(self._registration, additional_clinic=True)
            if self._identity_check is not None:
                self._registration = dataclasses.replace(self._registration, identity_check=self._identity_check)
            return self._registration

    def reset(self) -> None:
        """Wipe every trace of the patient and return to IDLE (allowed from any state)."""
        with self._lock:
            self._generation += 1
            self._wipe()
            self._move(State.IDLE)
