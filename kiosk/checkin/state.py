"""The check-in states, which step may start from which state, and the counter outcome.

::

    IDLE ──identify──▶ IDENTIFIED ──check_eligibility──▶ CHECKING ─┬─▶ ELIGIBILITY_SHOWN
                                                                   ├─▶ COUNTER (no ticket)
                                                                   └─▶ ERROR
    ELIGIBILITY_SHOWN ──load_departments──▶ CHOOSING_DEPARTMENT
    ELIGIBILITY_SHOWN / CHOOSING_DEPARTMENT ──choose_department──▶ REGISTERING ─┬─▶ TICKET
                                                                                └─▶ ERROR
    ERROR ──the step that failed──▶ (tried again)        any state ──reset──▶ IDLE

TICKET and COUNTER are final: only ``reset`` leaves them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.domain import Decision, EligibilityResult, StaffStatus


class State(str, enum.Enum):
    """Where one patient's check-in stands."""

    IDLE = "idle"
    IDENTIFIED = "identified"
    CHECKING = "checking"                        # gateway call in flight
    ELIGIBILITY_SHOWN = "eligibility-shown"      # covered, covered with new card, or pending
    COUNTER = "counter"                          # final: go to the reception counter
    CHOOSING_DEPARTMENT = "choosing-department"
    REGISTERING = "registering"                  # hospital call in flight
    TICKET = "ticket"                            # final: the patient has a queue number
    ERROR = "error"                              # a step failed; retry that step or reset


class Step(str, enum.Enum):
    """The flow's operations; each may start only from certain states."""

    IDENTIFY = "identify"
    CHECK = "check_eligibility"
    DEPARTMENTS = "load_departments"
    REGISTER = "choose_department"
    COUNTER = "choose_counter"      # the patient prefers the counter (wrong route, new card, pending)


ALLOWED_FROM: dict[Step, frozenset[State]] = {
    Step.IDENTIFY: frozenset({State.IDLE}),
    Step.CHECK: frozenset({State.IDENTIFIED}),
    Step.DEPARTMENTS: frozenset({State.ELIGIBILITY_SHOWN, State.CHOOSING_DEPARTMENT}),
    Step.REGISTER: frozenset({State.ELIGIBILITY_SHOWN, State.CHOOSING_DEPARTMENT}),
    Step.COUNTER: frozenset({State.ELIGIBILITY_SHOWN, State.CHOOSING_DEPARTMENT}),
}


def allowed(step: Step, state: State, failed_step: Step | None) -> bool:
    """True when ``step`` may start now (from ERROR: only the step that failed)."""
    if state == State.ERROR:
        return failed_step == step
    return state in ALLOWED_FROM[step]


@dataclass(frozen=True)
class CounterOutcome:
    """Why a patient was sent to the counter instead of getting a ticket.

    ``reason`` is a stable code (the gateway's ``maKetQua`` or
    ``gateway_unavailable``); the patient sentences are plain and carry no
    raw code; ``staff_detail`` is for the reception screen.
    """

    reason: str
    status: StaffStatus
    config_error: bool
    patient_vi: str
    patient_en: str
    staff_detail: str

    @classmethod
    def from_result(cls, result: EligibilityResult) -> CounterOutcome:
        """The counter outcome for a gateway answer whose decision is COUNTER or CONFIG_ERROR."""
        return cls(reason=result.code or result.status.value, status=result.status,
                   config_error=result.decision == Decision.CONFIG_ERROR, patient_vi=result.patient_vi,
                   patient_en=result.patient_en, staff_detail=result.staff_detail)

    @classmethod
    def patient_choice(cls, result: EligibilityResult) -> CounterOutcome:
        """The patient could have registered but chose the counter (e.g. to discuss a wrong route)."""
        return cls(reason=result.code or result.status.value, status=result.status, config_error=False,
                   patient_vi="Mời bạn đến quầy tiếp đón.", patient_en="Please go to the reception counter.",
                   staff_detail="The patient chose the counter. " + result.staff_detail)

    @classmethod
    def face_mismatch(cls, face_result: str) -> CounterOutcome:
        """The live face did not match the chip photo (or looked like a picture): staff compare in person."""
        return cls(reason="face_" + face_result, status=StaffStatus.FACE_MISMATCH, config_error=False,
                   patient_vi="Vui lòng đến quầy tiếp đón.", patient_en="Please go to the reception counter.",
                   staff_detail=("Khuôn mặt không khớp với ảnh trong chip" if face_result == "no_match"
                                 else "Nghi ngờ dùng ảnh thay khuôn mặt thật")
                   + ": xem ảnh chip và đối chiếu trực tiếp với người bệnh.")

    @classmethod
    def gateway_unavailable(cls, detail: str) -> CounterOutcome:
        """The gateway could not be asked and pending eligibility is switched off."""
        return cls(reason="gateway_unavailable", status=StaffStatus.GATEWAY_ERROR, config_error=False,
                   patient_vi="Hiện chưa kiểm tra được thẻ bảo hiểm y tế. Vui lòng đến quầy tiếp đón.",
                   patient_en="Your health insurance cannot be checked right now. Please go to the counter.",
                   staff_detail=detail)
