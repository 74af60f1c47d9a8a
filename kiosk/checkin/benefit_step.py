"""The benefit step of a check-in: rules applied to a gateway answer, slips checked.

:class:`BenefitStep` is what :class:`~kiosk.checkin.flow.CheckIn` is handed
(built from the config by :class:`~kiosk.services.KioskServices`):
the rules, "today" in the facility's time zone (or the ``--as-of`` date), and
the hospital's appointment check. :func:`apply_benefit` folds the decision into
the eligibility the screens and the registration use: a patient the rules
give a confirmed benefit is simply verified; "registered elsewhere" only
reaches staff when the benefit is theirs to confirm.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import date
from typing import Protocol, runtime_checkable

from kiosk.domain import Decision, EligibilityResult, StaffStatus
from kiosk.errors import HospitalError
from kiosk.rules import Appointment, AppointmentStatus, Benefit, BenefitRules, Referral

log = logging.getLogger(__name__)


@runtime_checkable
class AppointmentChecker(Protocol):
    """Asks the hospital system whether a re-visit appointment is still unused (``HospitalClient`` is one)."""

    def appointment_status(self, appointment_id: str) -> AppointmentStatus:
        """Blocking; raises ``HospitalError`` when the hospital cannot answer."""


class BenefitStep:
    """Everything the check-in needs to decide the expected benefit."""

    def __init__(self, rules: BenefitRules, today: Callable[[], date],
                 appointments: AppointmentChecker | None = None, care: str = "outpatient") -> None:
        self.rules, self._today, self._appointments, self.care = rules, today, appointments, care

    def today(self) -> date:
        """The date the rules are evaluated at."""
        return self._today()

    def appointment(self, appointment_id: str) -> Appointment:
        """The appointment with the hospital's word on it; UNCHECKED (staff check it) when the hospital is down."""
        if self._appointments is None:
            return Appointment(appointment_id, AppointmentStatus.UNCHECKED)
        try:
            return Appointment(appointment_id, self._appointments.appointment_status(appointment_id))
        except HospitalError as e:
            log.warning("appointment check failed (%s): staff will check it", e.code)
            return Appointment(appointment_id, AppointmentStatus.UNCHECKED)

    def slip_matters(self, result: EligibilityResult | None) -> bool:
        """True when the kiosk should ask "referral slip or re-visit appointment?"."""
        return (result is not None and result.insured
                and self.rules.slip_matters(result.registered_facility, self.today(), self.care))

    def decide(self, result: EligibilityResult, referral: Referral | None = None,
               appointment: Appointment | None = None, emergency: bool = False, *,
               slip_claimed: bool = False) -> Benefit:
        """The benefit for an insured gateway answer (the new card's code when the gateway gave one).

        ``slip_claimed``: the patient says they carry a slip nobody has checked yet,
        so staff confirm the benefit (never less than the rules give without it).
        """
        card = (result.new_card_number if result.decision == Decision.ACCEPT_NEW_CARD and result.new_card_number
                else result.card_number)
        benefit = self.rules.decide(card_number=card, registered_facility=result.registered_facility,
                                    on=self.today(), five_years=result.five_years, care=self.care,
                                    referral=referral, appointment=appointment, emergency=emergency)
        if slip_claimed and benefit.reason == "not_registered":
            benefit = dataclasses.replace(
                benefit, verified=False,
                staff_detail=f"{benefit.staff_detail}; the patient says they have a referral or appointment "
                             "slip: check it at the counter")
        return benefit


def apply_benefit(result: EligibilityResult, benefit: Benefit) -> EligibilityResult:
    """The eligibility as the patient and staff see it once the rules have spoken.

    Staff confirm ("wrong-route" on the wire, kept for the hospital API)
    only when the patient is not registered here and the benefit is not a
    confirmed figure; otherwise the status stays verified and the patient
    reads the benefit sentence.
    """
    if not result.insured:
        return result
    to_confirm = benefit.staff_confirm and benefit.registered_here is not True and benefit.reason != "emergency"
    status = result.status
    if to_confirm:
        status = StaffStatus.WRONG_ROUTE
    elif status == StaffStatus.WRONG_ROUTE:
        status = (StaffStatus.VERIFIED_NEW_CARD if result.decision == Decision.ACCEPT_NEW_CARD
                  else StaffStatus.VERIFIED)
    if result.decision == Decision.ACCEPT_NEW_CARD:
        vi = f"{_new_card_sentence(result.patient_vi)} {benefit.patient_vi}"
        en = f"{_new_card_sentence(result.patient_en)} {benefit.patient_en}"
    else:
        vi, en = benefit.patient_vi, benefit.patient_en
    base = result.staff_detail.split(" | benefit: ")[0]
    return dataclasses.replace(result, status=status, patient_vi=vi, patient_en=en,
                               staff_detail=f"{base} | benefit: {benefit.staff_detail}")


def _new_card_sentence(text: str) -> str:
    """The first sentence of a new-card message (an earlier benefit sentence dropped)."""
    for marker in (" Bảo hiểm y tế chi trả", " Thẻ bảo hiểm y tế của bạn hợp lệ;", " Health insurance pays",
                   " Your health insurance card is valid;"):
        text = text.split(marker)[0]
    return text
