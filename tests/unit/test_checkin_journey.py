"""The patient's journey through the kiosk (kiosk.checkin.journey): stages and allowed moves, no Qt, no widgets."""

from __future__ import annotations

import pytest

from kiosk.checkin import Action, Journey, NextStep, Outcome, Stage
from kiosk.checkin.journey import ALLOWED_FROM, STEP_STAGE
from kiosk.errors import InputError

COVERED = Outcome(NextStep.DEPARTMENTS, "Thẻ còn hiệu lực.", "Your card is valid.")
# Synthetic typed answers: a 12-digit ID whose first three digits are a province code (digits 4-6: a man
# born in 1990), the birth year the keypad asks for.
TYPED_ID, TYPED_BIRTH, TYPED_NAME = "001090001234", "1990", "Nguyễn Văn An"


class Ticket:
    """Today's earlier ticket as the journey sees it: opaque, but for its department's code."""

    class Department:
        code = "KNOI"

    department = Department()
    number = "NOI-007"


def at_confirm() -> Journey:
    j = Journey()
    assert j.identity_offered() is Stage.IDENTIFYING
    assert j.identified() is Stage.CONFIRM
    return j


def test_a_qr_patient_walks_to_the_ticket_and_the_next_patient_starts_afresh():
    j = at_confirm()
    first = j.session
    assert j.in_session
    assert j.eligibility_known(COVERED) is Stage.CONFIRM       # the answer waits for the "yes"
    assert j.confirm() is Stage.LOADING_DEPARTMENTS
    assert j.departments_loaded() is Stage.DEPARTMENT
    assert j.choose_department("KNOI") is Stage.PRIORITY
    assert j.department == "KNOI"
    assert j.answer_priority() is Stage.REGISTERING
    assert j.ticket_issued() is Stage.TICKET
    assert j.finish() is Stage.IDLE
    assert not j.in_session and j.session == first + 1
    assert j.outcome is None and j.department == "" and j.typed == {}


def test_the_yes_before_the_core_decided_waits_in_checking():
    j = at_confirm()
    assert j.confirm() is Stage.CHECKING
    assert j.eligibility_known(COVERED) is Stage.LOADING_DEPARTMENTS


@pytest.mark.parametrize("step", list(NextStep))
def test_each_step_the_core_decides_has_its_stage(step):
    j = at_confirm()
    j.confirm()
    expected = STEP_STAGE[step]
    assert j.eligibility_known(Outcome(step, "vi", "en")) is expected
    assert j.outcome.step is step
    special = {NextStep.DEPARTMENTS: Stage.LOADING_DEPARTMENTS, NextStep.SLIP_QUESTION: Stage.QUESTION}
    assert expected is special.get(step) or expected is Stage(step.value)


def test_the_benefit_question_comes_first_then_the_core_decides_again():
    j = at_confirm()
    assert j.eligibility_known(Outcome(NextStep.SLIP_QUESTION)) is Stage.CONFIRM
    assert j.confirm() is Stage.QUESTION
    assert j.allows(Action.DEPARTMENT) is False and j.go_on() is None
    assert j.question_answered() is Stage.CHECKING
    assert j.question_answered() is None                          # a double tap on the answer
    assert j.outcome is None                                      # the core decides again
    assert j.eligibility_known(COVERED) is Stage.LOADING_DEPARTMENTS
    assert j.outcome == COVERED                                   # its sentence for the department screen


@pytest.mark.parametrize("notice", [Stage.NEW_CARD, Stage.WRONG_ROUTE, Stage.PENDING])
def test_after_a_notice_the_patient_goes_on_or_leaves_for_the_counter(notice):
    step = {Stage.NEW_CARD: NextStep.NEW_CARD, Stage.WRONG_ROUTE: NextStep.WRONG_ROUTE,
            Stage.PENDING: NextStep.PENDING}[notice]
    j = at_confirm()
    j.confirm()
    assert j.eligibility_known(Outcome(step)) is notice
    assert j.go_on() is Stage.LOADING_DEPARTMENTS
    assert j.choose_counter() is None                             # the second button, too late

    k = at_confirm()
    k.confirm()
    k.eligibility_known(Outcome(step))
    assert k.choose_counter() is Stage.LEAVING
    assert k.go_on() is None
    assert k.finish() is None                                     # not before the core recorded the choice
    assert k.counter_recorded() is Stage.COUNTER
    assert k.finish() is Stage.IDLE


def test_double_taps_are_refused_and_change_nothing():
    j = at_confirm()
    j.eligibility_known(COVERED)
    assert j.confirm() is Stage.LOADING_DEPARTMENTS
    assert j.confirm() is None
    j.departments_loaded()
    assert j.choose_department("KNOI") is Stage.PRIORITY
    assert j.choose_department("NGOAI") is None
    assert j.department == "KNOI"
    assert j.answer_priority() is Stage.REGISTERING
    assert j.answer_priority() is None
    assert j.stage is Stage.REGISTERING
    j.ticket_issued()
    assert j.ticket_issued() is None
    assert j.finish() is Stage.IDLE
    assert j.finish() is None


def test_an_answer_from_an_older_session_is_stale():
    j = at_confirm()
    session = j.session
    assert j.is_current(session)
    j.reset()
    assert not j.is_current(session)
    assert j.eligibility_known(COVERED) is None                    # and it could not land anyway
    assert j.stage is Stage.IDLE


def test_a_code_or_a_second_card_mid_session_is_not_a_new_patient():
    j = Journey()
    assert j.accepts_code()
    j.identity_offered()
    for move in (j.accepts_code, j.identity_offered, j.card_inserted, j.start_typing, j.staff):
        assert not move()
    j.identified()
    assert not j.accepts_code() and j.identity_offered() is None and j.card_failed() is None
    assert j.stage is Stage.CONFIRM


def test_the_typed_path_builds_the_identity_in_the_core():
    j = Journey()
    assert j.start_typing() is Stage.TYPING_ID
    assert j.typed_id(TYPED_ID) is Stage.TYPING_BIRTH
    assert j.typed_birth(TYPED_BIRTH) is Stage.TYPING_NAME
    assert j.typed == {"id": TYPED_ID, "birth": TYPED_BIRTH}
    identity = j.typed_name(TYPED_NAME)
    assert identity.id_number == TYPED_ID and identity.birth == "1990"  # the year is all the gateway needs
    assert j.stage is Stage.IDENTIFYING and j.typed == {}         # the digits are not kept once used
    assert j.typed_name(TYPED_NAME) is None


@pytest.mark.parametrize("birth", ["2990", "1985"])               # not plausible; not the ID's year
def test_a_wrong_typed_birth_year_sends_the_patient_back_to_the_id(birth):
    j = Journey()
    j.start_typing()
    j.typed_id(TYPED_ID)
    j.typed_birth(birth)
    with pytest.raises(InputError):
        j.typed_name(TYPED_NAME)
    assert j.stage is Stage.TYPING_ID and j.typed == {}


def test_the_typed_id_opens_a_card_on_the_reader_or_the_birth_date_comes_next():
    j = Journey()
    j.start_typing()
    assert j.typed_id(TYPED_ID, chip_opened=True) is Stage.READING_WITH_ID
    assert j.chip_with_id_failed() is Stage.TYPING_BIRTH
    assert j.chip_with_id_failed() is None

    k = Journey()
    k.start_typing()
    k.typed_id(TYPED_ID, chip_opened=True)
    assert k.identity_offered() is Stage.IDENTIFYING               # the chip's identity


def test_a_card_read_shows_progress_and_a_failure_offers_typing():
    j = Journey()
    assert j.card_phase() is None                                 # no read showing
    assert j.card_inserted() is Stage.READING_CARD
    assert j.card_phase() is Stage.READING_CARD
    assert j.card_failed() is Stage.UNREADABLE
    assert j.accepts_code()                                       # show the QR again
    assert j.start_typing() is Stage.TYPING_ID


@pytest.mark.parametrize("bad_input, expected", [(True, Stage.UNREADABLE), (False, Stage.COUNTER)])
def test_a_failed_step_ends_on_a_notice(bad_input, expected):
    j = at_confirm()                  # the eligibility fails while the patient still reads CONFIRM
    assert j.failed(bad_input) is expected
    k = at_confirm()
    k.eligibility_known(COVERED)
    k.confirm()
    k.departments_loaded()
    assert k.failed(bad_input) is None                            # nothing is in flight on DEPARTMENT


def test_not_me_wipes_the_session_and_says_so():
    j = at_confirm()
    j.eligibility_known(COVERED)
    session = j.session
    assert j.not_me() is Stage.NOT_ME
    assert not j.is_current(session) and j.outcome is None
    assert j.not_me() is None
    assert j.finish() is Stage.IDLE


def test_staff_only_from_idle():
    j = Journey()
    assert j.staff() is Stage.STAFF_PIN
    assert not j.in_session
    assert j.card_inserted() is None and not j.accepts_code()
    assert j.staff_back() is Stage.IDLE
    j.card_inserted()
    assert j.staff() is None


def _moves(j: Journey) -> dict[Action, object]:
    return {
        Action.STAFF: j.staff, Action.STAFF_BACK: j.staff_back, Action.TYPE: j.start_typing,
        Action.TYPED_ID: lambda: j.typed_id(TYPED_ID), Action.TYPED_BIRTH: lambda: j.typed_birth(TYPED_BIRTH),
        Action.TYPED_NAME: lambda: j.typed_name(TYPED_NAME), Action.CHIP_WITH_ID_FAILED: j.chip_with_id_failed,
        Action.CARD: j.card_inserted, Action.CARD_PHASE: j.card_phase, Action.CARD_FAILED: j.card_failed,
        Action.CODE: lambda: j.stage if j.accepts_code() else None,
        Action.IDENTITY: j.identity_offered, Action.IDENTIFIED: j.identified, Action.CONFIRM: j.confirm,
        Action.NOT_ME: j.not_me, Action.ELIGIBILITY: lambda: j.eligibility_known(COVERED),
        Action.ANSWER: j.question_answered, Action.REPRINT: j.reprint, Action.LEAVE: j.leave,
        Action.ANOTHER_CLINIC: j.another_clinic, Action.GO_ON: j.go_on, Action.CHOOSE_COUNTER: j.choose_counter,
        Action.COUNTER_RECORDED: j.counter_recorded, Action.DEPARTMENTS_LOADED: j.departments_loaded,
        Action.DEPARTMENT: lambda: j.choose_department("KNOI"), Action.PRIORITY: j.answer_priority,
        Action.TICKET: j.ticket_issued, Action.FAILED: lambda: j.failed(False), Action.FINISH: j.finish,
        Action.CARD_PLACED: j.card_placed, Action.QR_NOT_SEEN: j.qr_not_seen, Action.CARD_LIFTED: j.card_lifted,
        Action.TAKE_CARD: j.take_card, Action.CARD_TAKEN: j.card_taken,
    }


def test_every_action_has_a_move_and_a_table_row():
    assert set(ALLOWED_FROM) == set(Action) == set(_moves(Journey()))


@pytest.mark.parametrize("stage", list(Stage))
def test_from_every_stage_a_refused_action_changes_nothing(stage):
    for action in Action:
        if stage in ALLOWED_FROM[action]:
            continue
        j = Journey()
        j._stage = stage            # white-box: put the journey at ``stage`` without a path to it
        session = j.session
        assert j.allows(action) is False
        result = _moves(j)[action]()
        assert result in (None, False), (stage, action)
        assert j.stage is stage and j.session == session, (stage, action)


# --- a returning patient (today's ticket already held), priority from the birth date, QR while typing ---

def returning(confirm_first: bool, *, another_clinic: bool = True, step: NextStep = NextStep.DEPARTMENTS) -> Journey:
    j = Journey(another_clinic=another_clinic)
    j.identity_offered()
    j.identified()
    if confirm_first:
        assert j.confirm() is Stage.CHECKING
        assert j.eligibility_known(Outcome(step), Ticket) is Stage.RETURNING
    else:
        assert j.eligibility_known(Outcome(step), Ticket) is Stage.CONFIRM
        assert j.confirm() is Stage.RETURNING
    return j


@pytest.mark.parametrize("confirm_first", [True, False])
def test_a_returning_patient_hears_about_todays_number_first_and_gets_it_again(confirm_first):
    j = returning(confirm_first)
    assert j.earlier is Ticket and not j.additional
    for move in (j.go_on, j.departments_loaded, j.answer_priority, j.ticket_issued, j.finish):
        assert move() is None                                     # nothing asked for nothing
    assert j.reprint() is Stage.TICKET                            # no registration on the way
    assert j.reprint() is None and j.another_clinic() is None     # a double tap, a late tap
    assert j.department == ""
    assert j.finish() is Stage.IDLE
    assert j.earlier is None and not j.additional


def test_a_returning_patient_may_just_leave():
    j = returning(True)
    session = j.session
    assert j.leave() is Stage.IDLE
    assert not j.is_current(session) and j.earlier is None
    assert j.leave() is None


@pytest.mark.parametrize("step", list(NextStep))
def test_another_clinic_too_goes_the_usual_way_once(step):
    j = returning(True, step=step)
    assert j.another_clinic() is STEP_STAGE[step]
    assert j.additional and j.earlier is Ticket                   # the menu leaves out the clinic held
    assert j.reprint() is None and j.leave() is None


def test_another_clinic_then_the_benefit_question_does_not_return_to_todays_number():
    j = returning(False, step=NextStep.SLIP_QUESTION)
    assert j.another_clinic() is Stage.QUESTION
    assert j.question_answered() is Stage.CHECKING
    assert j.eligibility_known(COVERED) is Stage.LOADING_DEPARTMENTS
    j.departments_loaded()
    j.choose_department("MAT")
    j.answer_priority()
    assert j.ticket_issued() is Stage.TICKET and j.additional


def test_another_clinic_is_refused_when_the_kiosk_does_not_offer_it():
    j = returning(True, another_clinic=False)
    assert not j.another_clinic_offered
    assert j.another_clinic() is None and not j.additional
    assert j.stage is Stage.RETURNING
    assert j.reprint() is Stage.TICKET


def test_a_first_visit_never_sees_the_returning_stage():
    j = at_confirm()
    assert j.eligibility_known(COVERED, None) is Stage.CONFIRM
    assert j.confirm() is Stage.LOADING_DEPARTMENTS and j.earlier is None


def test_the_priority_derived_from_the_birth_date_is_kept_until_the_reset():
    j = Journey()
    j.identity_offered()
    assert j.identified("over-80") is Stage.CONFIRM
    j.eligibility_known(COVERED)
    j.confirm()
    j.departments_loaded()
    j.choose_department("KNOI")
    assert j.stage is Stage.PRIORITY and j.derived_priority == "over-80"
    j.reset()
    assert j.derived_priority is None


@pytest.mark.parametrize("typed_until", [Stage.TYPING_ID, Stage.TYPING_BIRTH, Stage.TYPING_NAME])
def test_a_qr_shown_while_typing_is_a_new_patient_and_the_digits_are_dropped(typed_until):
    j = Journey()
    j.start_typing()
    if typed_until is not Stage.TYPING_ID:
        j.typed_id(TYPED_ID)
    if typed_until is Stage.TYPING_NAME:
        j.typed_birth(TYPED_BIRTH)
    assert j.stage is typed_until and j.accepts_code()
    assert j.identity_offered() is Stage.IDENTIFYING
    assert j.typed == {} and not j.accepts_code()


def test_an_unreadable_code_while_typing_says_so():
    j = Journey()
    j.start_typing()
    assert j.card_failed() is Stage.UNREADABLE


# A child under 6 has no ID card: the 10-digit insurance (BHXH) number instead, then the full birth date.
CHILD_NUMBER, CHILD_BIRTH, CHILD_NAME = "7900000022", "10052023", "Đinh Ngọc Hân"


def test_a_child_s_insurance_number_asks_the_full_birth_date_and_gives_the_child_s_identity():
    from datetime import date
    j = Journey()
    j.start_typing()
    assert j.typed_id(CHILD_NUMBER) is Stage.TYPING_BIRTH_DATE       # the age decides: the full date
    assert j.allows(Action.CODE)                                      # a QR still beats typing
    assert j.typed_birth(CHILD_BIRTH) is Stage.TYPING_NAME
    identity = j.typed_name(CHILD_NAME, today=date(2026, 7, 2))
    assert identity.card_number == CHILD_NUMBER and identity.id_number is None
    assert identity.birth == "10/05/2023" and identity.presented_as == "typed"   # as the CLI records it
    assert j.stage is Stage.IDENTIFYING and j.typed == {}


def test_an_insurance_number_for_someone_6_or_older_sends_the_patient_back_to_the_id():
    from datetime import date
    j = Journey()
    j.start_typing()
    j.typed_id(CHILD_NUMBER)
    j.typed_birth("10052019")
    with pytest.raises(InputError) as e:
        j.typed_name(CHILD_NAME, today=date(2026, 7, 2))
    assert e.value.code == "not_a_young_child"
    assert j.stage is Stage.TYPING_ID and j.typed == {}


# --- one placement: the card on the reader, its QR read by the camera looking down at it ---

def test_card_placed_waits_for_its_qr_then_reads_the_chip():
    j = Journey()
    assert j.card_placed() is Stage.AWAITING_QR
    assert j.in_session and j.stage.waiting is False
    assert j.accepts_code()                         # the camera's read of the card's QR is welcome
    assert j.card_inserted() is Stage.READING_CARD  # the QR opens the chip
    assert j.identity_offered() is Stage.IDENTIFYING


def test_no_qr_in_time_falls_back_to_typing_the_id_number():
    j = Journey()
    j.card_placed()
    assert j.qr_not_seen() is Stage.TYPING_ID
    assert j.qr_not_seen() is None                  # once
    assert j.typed_id(TYPED_ID, chip_opened=True) is Stage.READING_WITH_ID


def test_the_card_lifted_before_its_qr_starts_a_new_session():
    j = Journey()
    j.card_placed()
    session = j.session
    assert j.card_lifted() is Stage.IDLE and j.session == session + 1
    assert j.card_lifted() is None


def test_take_card_reminder_after_the_session_until_the_card_is_taken():
    j = Journey()
    j.card_placed()
    j.card_inserted()
    j.identity_offered()
    assert j.take_card() is None                    # not mid-session
    j.reset()
    session = j.session
    assert j.take_card() is Stage.TAKE_CARD
    assert not j.in_session and not j.accepts_code()   # the card still lying there is no new patient
    assert j.card_placed() is None and j.start_typing() is None and j.staff() is None
    assert j.card_taken() is Stage.IDLE and j.session == session
    assert j.card_taken() is None
