"""What comes after eligibility, decided once in the core: the kiosk, the station and the CLI read it.

:func:`next_step` turns the flow's state, its eligibility answer and its
counter outcome into a :class:`NextStep` and the sentence the patient sees
(Vietnamese and English). The kiosk maps each step to a screen; the CLI
reports it; new rules (benefit rules instead of the route alone) add a
member here rather than a branch in each front end.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.checkin.state import CounterOutcome, State
from kiosk.domain import Decision, EligibilityResult, StaffStatus


class NextStep(enum.Enum):
    """Where the patient goes once eligibility is known."""

    DEPARTMENTS = "departments"     # covered: choose a department
    SLIP_QUESTION = "slip-question"  # registered elsewhere: "referral slip or re-visit appointment?" first
    NEW_CARD = "new-card"           # covered on a newer card: say so, then departments (or the counter)
    WRONG_ROUTE = "wrong-route"     # registered elsewhere, benefit for staff to confirm: explain, then on
    PENDING = "pending"             # not checked now: register anyway, re-checked later (or the counter)
    COUNTER = "counter"             # no ticket from the kiosk: go to the counter

    @property
    def asks_patient(self) -> bool:
        """True when the patient must choose between going on and the counter."""
        return self in (NextStep.NEW_CARD, NextStep.WRONG_ROUTE, NextStep.PENDING)


@dataclass(frozen=True)
class Outcome:
    """The next step and what to tell the patient about it (empty: the screen's own words)."""

    step: NextStep
    patient_vi: str = ""
    patient_en: str = ""


def next_step(state: State, eligibility: EligibilityResult | None,
              counter: CounterOutcome | None = None, slip_question: bool = False) -> Outcome:
    """The step after :meth:`CheckIn.check_eligibility` (pass the flow's state, eligibility and counter).

    ``slip_question`` (the flow's :attr:`CheckIn.slip_question`): the benefit
    rules say a referral or appointment would change the benefit, so the
    patient is asked once before anything else; after the answer
    (:meth:`CheckIn.give_slips`) the step is decided again. Registered
    elsewhere leads to WRONG_ROUTE only when the benefit is for staff to
    confirm (status ``wrong-route``); a confirmed benefit goes on to the
    departments with its sentence.
    """
    if state is State.COUNTER or eligibility is None \
            or eligibility.decision in (Decision.COUNTER, Decision.CONFIG_ERROR):
        if counter is not None:
            return Outcome(NextStep.COUNTER, counter.patient_vi, counter.patient_en)
        return Outcome(NextStep.COUNTER)
    said = (eligibility.patient_vi, eligibility.patient_en)
    if slip_question and eligibility.insured:
        return Outcome(NextStep.SLIP_QUESTION)
    if eligibility.decision is Decision.RETRY_LATER:
        return Outcome(NextStep.PENDING, *said)
    if eligibility.decision is Decision.ACCEPT_NEW_CARD:
        return Outcome(NextStep.NEW_CARD, *said)
    if eligibility.status is StaffStatus.WRONG_ROUTE:
        return Outcome(NextStep.WRONG_ROUTE, *said)
    return Outcome(NextStep.DEPARTMENTS, *said)
