"""Staff overrides: reception registers a visit the kiosk would not register on its own.

A wrong-route patient confirmed by staff, a card the gateway could not confirm
that staff checked by hand, a not-covered patient registered as a service
(self-paying) patient. The override travels *on* the registration
(``Registration.override``) through the same :class:`RegistrationSink` — the
durable offline queue — so it is stored sealed and delivered exactly once
under its own client id. The hospital accepts a non-registrable eligibility
status only when an override comes with it (docs/hospital-api.yaml).

The reason is free text typed by staff and may name the patient: it is
personal data. Logs get its code and length only.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kiosk.checkin.ports import RegistrationSink
from kiosk.domain import Decision, EligibilityResult, Identity, Ticket, mask_digits
from kiosk.errors import InvalidOverride
from kiosk.hospital.registration import Registration, build_registration

log = logging.getLogger(__name__)

MIN_REASON_WORDS = 3      # "a few words at least": one word ("ok") explains nothing
MIN_REASON_CHARS = 10
MAX_REASON_CHARS = 500
_CARD_CODE = re.compile(r"[A-Z]{2}[1-5][0-9]{12}|[0-9]{10}")


class OverrideClass(str, enum.Enum):
    """How the visit is registered after the override."""

    INSURED = "insured-confirmed"   # staff confirm the insurance cover
    SERVICE = "service-patient"     # registered as a self-paying (dịch vụ) patient


class OverrideReason(str, enum.Enum):
    """The reason's category: the only part of the reason that may reach a log."""

    WRONG_ROUTE_CONFIRMED = "wrong-route-confirmed"
    CARD_CHECKED_BY_STAFF = "card-checked-by-staff"
    SELF_PAYING = "self-paying"
    EMERGENCY = "emergency"
    OTHER = "other"


def check_reason(text: str | None) -> str:
    """The reason, trimmed; :class:`InvalidOverride` when it is missing or too short to explain anything."""
    reason = " ".join((text or "").split())
    if not reason:
        raise InvalidOverride("An override needs a reason.", code="override_no_reason")
    if len(reason.split()) < MIN_REASON_WORDS or len(reason) < MIN_REASON_CHARS:
        raise InvalidOverride(f"The reason must be at least {MIN_REASON_WORDS} words "
                              f"({MIN_REASON_CHARS} characters).", code="override_reason_short")
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidOverride(f"The reason must be at most {MAX_REASON_CHARS} characters.",
                              code="override_reason_long")
    return reason


@dataclass(frozen=True)
class StaffOverride:
    """Who overrode what, when, why, and the class the visit is registered in."""

    staff: str
    at: datetime
    reason_code: OverrideReason
    reason: str
    original_status: str
    original_code: str | None
    result_class: OverrideClass

    def __repr__(self) -> str:  # the reason and the staff name stay out of logs
        return (f"StaffOverride(code={self.reason_code.value}, reason_len={len(self.reason)}, "
                f"original={self.original_status}/{self.original_code or '-'}, class={self.result_class.value})")

    def to_wire(self) -> dict:
        """The ``override`` object of ``POST /registrations``."""
        # with its offset (RFC 3339): a naive clock is taken as local time
        return {"staff": self.staff, "at": self.at.astimezone().isoformat(timespec="seconds"),
                "reason_code": self.reason_code.value, "reason": self.reason,
                "original_status": self.original_status, "original_code": self.original_code,
                "class": self.result_class.value}


def make_override(*, staff: str, reason: str, reason_code: OverrideReason | str,
                  result_class: OverrideClass | str, eligibility: EligibilityResult | None,
                  at: datetime) -> StaffOverride:
    """Validate what staff typed and chose; :class:`InvalidOverride` with one sentence otherwise."""
    staff = " ".join((staff or "").split())
    if not staff or len(staff) > 100:
        raise InvalidOverride("An override needs the staff member's name (up to 100 characters).",
                              code="override_no_staff")
    try:
        code, klass = OverrideReason(reason_code), OverrideClass(result_class)
    except ValueError:
        raise InvalidOverride("Unknown override reason or class.", code="override_unknown_choice") from None
    status = eligibility.status.value if eligibility is not None else "gateway-error"
    return StaffOverride(staff=staff, at=at, reason_code=code, reason=check_reason(reason),
                         original_status=status, original_code=(eligibility.code or None) if eligibility else None,
                         result_class=klass)


def override_registration(*, client_id: str, identity: Identity, eligibility: EligibilityResult | None,
                          override: StaffOverride, department: str, priority: bool, kiosk_id: str,
                          facility_code: str, arrived_at: datetime, benefit=None) -> Registration:
    """The registration body for an override: the gateway's data when staff confirm cover, else the identity's.

    The eligibility block keeps the gateway's original status and code; the
    hospital reads the override to know the visit's class.
    """
    insured = override.result_class == OverrideClass.INSURED
    usable = None
    if insured and eligibility is not None and _CARD_CODE.fullmatch(eligibility.card_number or ""):
        # staff vouch for the card: register it as the gateway described it (name, validity, route)
        usable = (eligibility if eligibility.insured
                  else dataclasses.replace(eligibility, decision=Decision.ACCEPT))
    base = build_registration(client_id=client_id, identity=identity, eligibility=usable, pending=usable is None,
                              department=department, priority=priority, kiosk_id=kiosk_id,
                              facility_code=facility_code, arrived_at=arrived_at,
                              benefit=benefit if usable is not None else None)
    xml0 = dict(base.xml0)
    if not insured:   # a service patient: no insurance fields, the card only as an identifier
        card = xml0.get("MA_THE_BHYT") or (identity.card_number if _CARD_CODE.fullmatch(identity.card_number) else None)
        xml0.update(MA_THE_BHYT=None if xml0.get("SO_CCCD") else card, MA_DKBD=None, GT_THE_TU=None,
                    GT_THE_DEN=None, MA_DOITUONG_KCB=None, MUC_HUONG=None)
    elif not xml0.get("MA_THE_BHYT") and _CARD_CODE.fullmatch(identity.card_number):
        xml0["MA_THE_BHYT"] = identity.card_number
    # insured without a card code (an ID-card QR the gateway did not match): SO_CCCD identifies the
    # patient and the hospital's own staff complete the card — the contract allows it only with an override
    return dataclasses.replace(base, xml0=xml0, eligibility_status=override.original_status,
                               eligibility_code=override.original_code,
                               override=override.to_wire(), benefit=base.benefit if insured else None)


class OverrideDesk:
    """The reception station's override action, Qt-free.

    :meth:`prepare` validates and builds the registration (keep it: sending it
    again after a failure reuses the same client id, so a lost answer never
    makes two visits); :meth:`submit` sends it through the sink and, when it
    came from a counter outcome, marks that outcome resolved.
    """

    def __init__(self, sink: RegistrationSink, *, kiosk_id: str, facility_code: str,
                 resolve_counter: Callable[[str, str], None] | None = None,
                 clock: Callable[[], datetime] = datetime.now,
                 new_client_id: Callable[[], str] = lambda: str(uuid.uuid4()), benefit=None) -> None:
        self._sink, self._kiosk_id, self._facility = sink, kiosk_id, facility_code
        self._benefit = benefit   # a BenefitStep: the rules' code for staff-confirmed cover (None: no code)
        self._resolve, self._clock, self._new_id = resolve_counter, clock, new_client_id

    def prepare(self, *, identity: Identity, eligibility: EligibilityResult | None, department: str,
                priority: bool, staff: str, reason: str, reason_code: OverrideReason | str,
                result_class: OverrideClass | str, referral=None, appointment=None) -> Registration:
        """Validate and build one override registration (no I/O).

        ``referral`` (a :class:`kiosk.rules.Referral` typed by staff from the slip) is
        checked by the rules and decides the provisional benefit of confirmed cover;
        so is ``appointment`` (a :class:`kiosk.rules.Appointment` from :meth:`appointment`).
        """
        if not department:
            raise InvalidOverride("Choose a department for the override.", code="override_no_department")
        now = self._clock()
        override = make_override(staff=staff, reason=reason, reason_code=reason_code,
                                 result_class=result_class, eligibility=eligibility, at=now)
        benefit = None
        if (self._benefit is not None and eligibility is not None and eligibility.registered_facility
                and override.result_class == OverrideClass.INSURED):
            card_ok = dataclasses.replace(eligibility, decision=Decision.ACCEPT) if not eligibility.insured \
                else eligibility
            benefit = self._benefit.decide(card_ok, referral, appointment,
                                           emergency=override.reason_code == OverrideReason.EMERGENCY)
        return override_registration(client_id=self._new_id(), identity=identity, eligibility=eligibility,
                                     override=override, department=department, priority=priority,
                                     kiosk_id=self._kiosk_id, facility_code=self._facility, arrived_at=now,
                                     benefit=benefit)

    def appointment(self, appointment_id: str):
        """A re-visit appointment id typed by staff, checked with the hospital (blocking I/O).

        :class:`~kiosk.errors.InputError` when the id is malformed; the
        hospital's word (fresh, used, unknown, or unchecked when it cannot be
        asked) otherwise — a :class:`kiosk.rules.Appointment` for :meth:`prepare`.
        """
        from kiosk.rules import Appointment, AppointmentStatus, parse_appointment_id
        checked = parse_appointment_id(appointment_id)
        if self._benefit is None:
            return Appointment(checked, AppointmentStatus.UNCHECKED)
        return self._benefit.appointment(checked)

    def submit(self, registration: Registration, *, counter_id: str | None = None) -> Ticket:
        """Send it (blocking, durable through the sink); the ticket the patient gets."""
        ov = registration.override or {}
        log.info("override %s: card %s, %s → %s, reason %s (%d chars)", registration.client_id,
                 mask_digits(registration.xml0.get("SO_CCCD") or registration.xml0.get("MA_THE_BHYT")),
                 ov.get("original_status"), ov.get("class"), ov.get("reason_code"), len(ov.get("reason") or ""))
        ticket = self._sink.submit(registration)
        if counter_id and self._resolve is not None:
            try:
                self._resolve(counter_id, registration.client_id)
            except Exception as e:  # the visit is registered; only the station's label is stale
                log.warning("override %s: counter outcome not marked resolved (%s)", registration.client_id,
                            e.__class__.__name__)
        log.info("override %s: ticket %s (pending=%s)", registration.client_id, ticket.number, ticket.pending)
        return ticket
