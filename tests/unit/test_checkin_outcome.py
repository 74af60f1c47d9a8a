"""The step after eligibility, decided in the core (no Qt): the kiosk, station and CLI read the same table."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.checkin import CounterOutcome, NextStep, State, next_step
from kiosk.domain import Decision, EligibilityResult, Route, StaffStatus


def result(decision: Decision, status: StaffStatus, route: Route = Route.RIGHT) -> EligibilityResult:
    return EligibilityResult(code="000", decision=decision, status=status, patient_vi="câu VI",
                             patient_en="sentence EN", staff_detail="", card_number="DN4797912345678",
                             route=route, valid_to=date(2027, 12, 31))


COUNTER = CounterOutcome(reason="010", status=StaffStatus.EXPIRED, config_error=False,
                         patient_vi="Mời đến quầy", patient_en="Please go to the counter", staff_detail="")


@pytest.mark.parametrize("state, eligibility, counter, expected", [
    (State.ELIGIBILITY_SHOWN, result(Decision.ACCEPT, StaffStatus.VERIFIED), None, NextStep.DEPARTMENTS),
    (State.ELIGIBILITY_SHOWN, result(Decision.ACCEPT_NEW_CARD, StaffStatus.VERIFIED_NEW_CARD), None,
     NextStep.NEW_CARD),
    # registered elsewhere with a benefit the rules confirm (status verified): straight on
    (State.ELIGIBILITY_SHOWN, result(Decision.ACCEPT, StaffStatus.VERIFIED, Route.WRONG), None,
     NextStep.DEPARTMENTS),
    (State.ELIGIBILITY_SHOWN, result(Decision.ACCEPT, StaffStatus.WRONG_ROUTE, Route.UNKNOWN), None,
     NextStep.WRONG_ROUTE),
    (State.ELIGIBILITY_SHOWN, result(Decision.RETRY_LATER, StaffStatus.PENDING, Route.UNKNOWN), None,
     NextStep.PENDING),
    # a new card wins over the route: the patient hears about the card first
    (State.ELIGIBILITY_SHOWN, result(Decision.ACCEPT_NEW_CARD, StaffStatus.VERIFIED_NEW_CARD, Route.WRONG),
     None, NextStep.NEW_CARD),
    (State.COUNTER, result(Decision.COUNTER, StaffStatus.EXPIRED), COUNTER, NextStep.COUNTER),
    (State.COUNTER, None, COUNTER, NextStep.COUNTER),
    (State.ELIGIBILITY_SHOWN, None, None, NextStep.COUNTER),
    # an answer read without a flow (the station's lookup): the decision alone sends to the counter
    (State.ELIGIBILITY_SHOWN, result(Decision.COUNTER, StaffStatus.EXPIRED), None, NextStep.COUNTER),
    (State.ELIGIBILITY_SHOWN, result(Decision.CONFIG_ERROR, StaffStatus.GATEWAY_ERROR), None, NextStep.COUNTER),
])
def test_next_step_table(state, eligibility, counter, expected):
    outcome = next_step(state, eligibility, counter)
    assert outcome.step is expected
    assert outcome.step.asks_patient is (expected in (NextStep.NEW_CARD, NextStep.WRONG_ROUTE, NextStep.PENDING))


def test_the_patient_hears_the_counter_sentence_or_the_gateway_sentence():
    assert next_step(State.COUNTER, None, COUNTER).patient_vi == "Mời đến quầy"
    assert next_step(State.COUNTER, None, None).patient_vi == ""   # the counter screen's own words
    shown = next_step(State.ELIGIBILITY_SHOWN, result(Decision.RETRY_LATER, StaffStatus.PENDING), None)
    assert (shown.patient_vi, shown.patient_en) == ("câu VI", "sentence EN")


def test_the_slip_question_comes_first_when_the_rules_say_it_matters():
    elsewhere = result(Decision.ACCEPT, StaffStatus.VERIFIED, Route.WRONG)
    assert next_step(State.ELIGIBILITY_SHOWN, elsewhere, None, slip_question=True).step is NextStep.SLIP_QUESTION
    assert not NextStep.SLIP_QUESTION.asks_patient   # its own two answers, not "go on or counter"
    pending = result(Decision.RETRY_LATER, StaffStatus.PENDING, Route.UNKNOWN)
    assert next_step(State.ELIGIBILITY_SHOWN, pending, None, slip_question=True).step is NextStep.PENDING
    assert next_step(State.COUNTER, None, COUNTER, slip_question=True).step is NextStep.COUNTER
