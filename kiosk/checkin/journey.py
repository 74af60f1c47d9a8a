"""The patient's journey through the kiosk as one UI-agnostic state machine (no Qt).

:class:`~kiosk.checkin.flow.CheckIn` knows the check-in (gateway, hospital,
registration); :class:`Journey` knows what the patient is doing at the kiosk:
typing, waiting, reading the confirmation, answering a question, choosing.
A front end asks the journey whether a tap is still welcome
(:meth:`Journey.allows`), tells it what happened (one method per action, each
returning the new :class:`Stage`) and shows the screen its own table maps that
stage to. A tap the journey refuses (a double tap, a tap on a screen already
gone, an answer for an older session) changes nothing and returns ``None``.

::

    IDLE ─card─▶ READING_CARD ─identity─▶ IDENTIFYING ─identified─▶ CONFIRM
    IDLE ─card placed─▶ AWAITING_QR ─its QR (camera)─▶ READING_CARD      (one placement: chip + QR)
                        AWAITING_QR ─no QR in time─▶ TYPING_ID          AWAITING_QR ─card lifted─▶ IDLE
    IDLE / UNREADABLE ─type─▶ TYPING_ID ─▶ TYPING_BIRTH ─▶ TYPING_NAME ─identity─▶ IDENTIFYING
                    TYPING_ID ─(10-digit insurance number: a child under 6)─▶ TYPING_BIRTH_DATE ─▶ TYPING_NAME
                    TYPING_ID ─(card on the reader)─▶ READING_WITH_ID ─failed─▶ TYPING_BIRTH
    IDLE / UNREADABLE / TYPING_* ─code─▶ IDENTIFYING      (a QR beats typing the number)
    CONFIRM ─yes─▶ CHECKING (until eligibility is known) ─▶ RETURNING when today's ticket exists,
        otherwise the outcome's stage:
        [QUESTION ─answer─▶ CHECKING ─▶] LOADING_DEPARTMENTS | NEW_CARD | WRONG_ROUTE | PENDING | COUNTER
    NEW_CARD / WRONG_ROUTE / PENDING ─go on─▶ LOADING_DEPARTMENTS
    NEW_CARD / WRONG_ROUTE / PENDING ─counter─▶ LEAVING ─recorded─▶ COUNTER
    LOADING_DEPARTMENTS ─▶ DEPARTMENT ─▶ PRIORITY ─▶ REGISTERING ─▶ TICKET
    RETURNING ─reprint─▶ TICKET (today's number again)   RETURNING ─leave─▶ IDLE
    RETURNING ─another clinic─▶ the outcome's stage (the clinic already held left out)
    CONFIRM ─not me─▶ NOT_ME (a new, empty session)      IDLE ⇄ STAFF_PIN
    TICKET / COUNTER / NOT_ME ─finish─▶ IDLE (a new session)
    IDLE ─card still on the reader─▶ TAKE_CARD ─card taken (or the bound passed)─▶ IDLE
    CONFIRM or a waiting stage ─failed─▶ UNREADABLE (bad input) | COUNTER        any stage ─reset─▶ IDLE

Eligibility is asked while the patient reads the confirmation, so the
answer may arrive before or after the "yes"; the journey keeps whichever
comes first. A patient who already holds today's ticket (the
``earlier`` ticket that comes with the decision) hears about it first
(RETURNING) and is asked nothing for nothing. Each session has a number (:attr:`Journey.session`); an answer
carrying an older number is refused (:meth:`Journey.is_current`).
"""

from __future__ import annotations

import enum
import threading
from datetime import date

from kiosk.checkin.identify import identity_from_child_number, identity_from_typed_id
from kiosk.checkin.outcome import NextStep, Outcome
from kiosk.domain import Identity
from kiosk.errors import InputError


class Stage(str, enum.Enum):
    """Where the patient stands at the kiosk."""

    IDLE = "idle"
    STAFF_PIN = "staff-pin"
    TYPING_ID = "typing-id"
    TYPING_BIRTH = "typing-birth"
    TYPING_BIRTH_DATE = "typing-birth-date"    # a child's insurance number typed: the full birth date
    TYPING_NAME = "typing-name"
    READING_CARD = "reading-card"              # the chip is being read
    READING_WITH_ID = "reading-with-id"        # the chip is opened with the typed ID number
    IDENTIFYING = "identifying"                # the core takes the identity
    CONFIRM = "confirm"                        # "is this you?" (eligibility asked meanwhile)
    CHECKING = "checking"                      # confirmed; waiting for the core's decision
    RETURNING = "returning"                    # the patient already has today's ticket
    QUESTION = "question"                      # the benefit question (referral slip / appointment)
    LOADING_DEPARTMENTS = "loading-departments"
    DEPARTMENT = "department"
    PRIORITY = "priority"
    REGISTERING = "registering"
    TICKET = "ticket"
    NEW_CARD = "new-card"
    WRONG_ROUTE = "wrong-route"
    PENDING = "pending"
    LEAVING = "leaving"                        # the patient chose the counter; the core records it
    COUNTER = "counter"
    UNREADABLE = "unreadable"
    NOT_ME = "not-me"
    AWAITING_QR = "awaiting-qr"                # the card lies on the reader; the camera looks for its QR
    TAKE_CARD = "take-card"                    # the check-in ended with the card still on the reader

    @property
    def waiting(self) -> bool:
        """True while the core (or the chip) works and the patient waits."""
        return self in _WAITING


_TYPING = frozenset({Stage.TYPING_ID, Stage.TYPING_BIRTH, Stage.TYPING_BIRTH_DATE, Stage.TYPING_NAME})

#: a 10-digit social insurance (BHXH) number typed instead of the 12-digit ID: a child under 6
CHILD_NUMBER_LENGTH = 10

_WAITING = frozenset({Stage.READING_CARD, Stage.READING_WITH_ID, Stage.IDENTIFYING, Stage.CHECKING,
                      Stage.LOADING_DEPARTMENTS, Stage.REGISTERING, Stage.LEAVING})

# The notice for each step the core decides after eligibility (DEPARTMENTS loads the menu first).
STEP_STAGE: dict[NextStep, Stage] = {
    NextStep.DEPARTMENTS: Stage.LOADING_DEPARTMENTS, NextStep.NEW_CARD: Stage.NEW_CARD,
    NextStep.WRONG_ROUTE: Stage.WRONG_ROUTE, NextStep.PENDING: Stage.PENDING, NextStep.COUNTER: Stage.COUNTER,
    NextStep.SLIP_QUESTION: Stage.QUESTION,
}


class Action(str, enum.Enum):
    """What can happen at the kiosk; each is allowed only from certain stages (:data:`ALLOWED_FROM`)."""

    STAFF = "staff"                      # the staff button
    STAFF_BACK = "staff-back"
    TYPE = "type"                        # "type my ID number" (or try again after an unreadable code)
    TYPED_ID = "typed-id"
    TYPED_BIRTH = "typed-birth"
    TYPED_NAME = "typed-name"
    CHIP_WITH_ID_FAILED = "chip-with-id-failed"
    CARD = "card"                        # a card landed on the reader
    CARD_PHASE = "card-phase"
    CARD_FAILED = "card-failed"          # the card or code could not be read
    CODE = "code"                        # a new patient's QR (camera or scanner)
    IDENTITY = "identity"                # an identity for the core to take
    IDENTIFIED = "identified"            # the core took it
    CONFIRM = "confirm"                  # "yes, that is me"
    NOT_ME = "not-me"
    ELIGIBILITY = "eligibility"          # the core's decision arrived
    ANSWER = "answer"                    # the benefit question answered
    REPRINT = "reprint"                  # a returning patient: "print my number again"
    LEAVE = "leave"                      # a returning patient: "that's all, thanks"
    ANOTHER_CLINIC = "another-clinic"    # a returning patient: "register for another clinic too"
    GO_ON = "go-on"                      # after a notice: register anyway
    CHOOSE_COUNTER = "choose-counter"    # after a notice: the counter instead
    COUNTER_RECORDED = "counter-recorded"  # the core recorded that choice for the station
    DEPARTMENTS_LOADED = "departments-loaded"
    DEPARTMENT = "department"
    PRIORITY = "priority"
    TICKET = "ticket"
    FAILED = "failed"                    # a waiting step (or the eligibility asked during CONFIRM) failed
    FINISH = "finish"                    # "done" on the ticket, "OK" on a final notice
    CARD_PLACED = "card-placed"          # a card lies on the reader: look for its QR (one placement)
    QR_NOT_SEEN = "qr-not-seen"          # the camera saw no QR on the card in time: type the number
    CARD_LIFTED = "card-lifted"          # the card left the reader before its QR was read
    TAKE_CARD = "take-card"              # the session ended with the card still on the reader
    CARD_TAKEN = "card-taken"            # the reader reports the card gone (or the reminder's bound passed)


ALLOWED_FROM: dict[Action, frozenset[Stage]] = {
    Action.STAFF: frozenset({Stage.IDLE}),
    Action.STAFF_BACK: frozenset({Stage.STAFF_PIN}),
    Action.TYPE: frozenset({Stage.IDLE, Stage.UNREADABLE, Stage.AWAITING_QR}),
    Action.TYPED_ID: frozenset({Stage.TYPING_ID}),
    Action.TYPED_BIRTH: frozenset({Stage.TYPING_BIRTH, Stage.TYPING_BIRTH_DATE}),
    Action.TYPED_NAME: frozenset({Stage.TYPING_NAME}),
    Action.CHIP_WITH_ID_FAILED: frozenset({Stage.READING_WITH_ID}),
    # a card's QR shown while typing, the card on the reader: the chip is read (the number is not needed)
    Action.CARD: frozenset({Stage.IDLE, Stage.UNREADABLE, Stage.AWAITING_QR}) | _TYPING,
    Action.CARD_PHASE: frozenset({Stage.READING_CARD}),
    # a code is welcome while typing (it beats typing the number), so is saying it was unreadable
    Action.CARD_FAILED: frozenset({Stage.IDLE, Stage.UNREADABLE, Stage.READING_CARD, Stage.READING_WITH_ID,
                                   Stage.AWAITING_QR}) | _TYPING,
    Action.CODE: frozenset({Stage.IDLE, Stage.UNREADABLE, Stage.AWAITING_QR}) | _TYPING,
    Action.IDENTITY: frozenset({Stage.IDLE, Stage.UNREADABLE, Stage.READING_CARD, Stage.READING_WITH_ID,
                                Stage.AWAITING_QR}) | _TYPING,
    Action.IDENTIFIED: frozenset({Stage.IDENTIFYING}),
    Action.CONFIRM: frozenset({Stage.CONFIRM}),
    Action.NOT_ME: frozenset({Stage.CONFIRM}),
    Action.ELIGIBILITY: frozenset({Stage.CONFIRM, Stage.CHECKING}),
    Action.ANSWER: frozenset({Stage.QUESTION}),
    Action.REPRINT: frozenset({Stage.RETURNING}),
    Action.LEAVE: frozenset({Stage.RETURNING}),
    Action.ANOTHER_CLINIC: frozenset({Stage.RETURNING}),
    Action.GO_ON: frozenset({Stage.NEW_CARD, Stage.WRONG_ROUTE, Stage.PENDING}),
    Action.CHOOSE_COUNTER: frozenset({Stage.NEW_CARD, Stage.WRONG_ROUTE, Stage.PENDING}),
    Action.COUNTER_RECORDED: frozenset({Stage.LEAVING}),
    Action.DEPARTMENTS_LOADED: frozenset({Stage.LOADING_DEPARTMENTS}),
    Action.DEPARTMENT: frozenset({Stage.DEPARTMENT}),
    Action.PRIORITY: frozenset({Stage.PRIORITY}),
    Action.TICKET: frozenset({Stage.REGISTERING}),
    # the eligibility is asked while the patient reads CONFIRM, so its failure may land there
    Action.FAILED: _WAITING | {Stage.CONFIRM},
    Action.FINISH: frozenset({Stage.TICKET, Stage.COUNTER, Stage.NOT_ME}),
    Action.CARD_PLACED: frozenset({Stage.IDLE, Stage.UNREADABLE}),
    Action.QR_NOT_SEEN: frozenset({Stage.AWAITING_QR}),
    Action.CARD_LIFTED: frozenset({Stage.AWAITING_QR}),
    Action.TAKE_CARD: frozenset({Stage.IDLE}),
    Action.CARD_TAKEN: frozenset({Stage.TAKE_CARD}),
}

# TAKE_CARD belongs to no patient: the session already ended (and was wiped) before the reminder.
_IN_SESSION_NOT = frozenset({Stage.IDLE, Stage.STAFF_PIN, Stage.TAKE_CARD})


class Journey:
    """One patient's way through the kiosk's screens, patient after patient.

    Thread-safe (a lock around every move), though front ends call it from
    their UI thread. Holds the typed digits, the priority group derived from
    the birth date, today's earlier ticket and the department chosen until
    :meth:`reset`; never an :class:`~kiosk.domain.Identity` (the check-in does).
    ``another_clinic``: whether a returning patient may register for another
    clinic too (the kiosk's setting).
    """

    def __init__(self, *, another_clinic: bool = True) -> None:
        self._lock = threading.RLock()
        self._another_clinic = another_clinic
        self._stage = Stage.IDLE
        self._session = 0
        self._wipe()

    def _wipe(self) -> None:
        self._typed: dict[str, str] = {}
        self._department = ""
        self._confirmed = False
        self._outcome: Outcome | None = None
        self._earlier: object | None = None      # today's ticket this patient already holds
        self._additional = False                 # registering for another clinic too
        self._derived_priority: str | None = None

    def __repr__(self) -> str:
        return f"Journey(stage={self._stage.value}, session={self._session})"

    # -- questions a front end asks --
    @property
    def stage(self) -> Stage:
        """The current :class:`Stage`."""
        with self._lock:
            return self._stage

    @property
    def session(self) -> int:
        """This patient's session number; :meth:`reset` moves it on."""
        with self._lock:
            return self._session

    @property
    def outcome(self) -> Outcome | None:
        """The core's decision after eligibility, once it arrived (None before)."""
        with self._lock:
            return self._outcome

    @property
    def department(self) -> str:
        """The department code chosen (empty before the choice)."""
        with self._lock:
            return self._department

    @property
    def earlier(self) -> object | None:
        """Today's ticket this patient already holds (from the core's decision), or None."""
        with self._lock:
            return self._earlier

    @property
    def additional(self) -> bool:
        """True when a returning patient chose to register for another clinic too."""
        with self._lock:
            return self._additional

    @property
    def another_clinic_offered(self) -> bool:
        """True when a returning patient may register for another clinic too (the kiosk's setting)."""
        return self._another_clinic

    @property
    def derived_priority(self) -> str | None:
        """The priority group the birth date leaves no doubt about ("over-80", "under-6"), or None."""
        with self._lock:
            return self._derived_priority

    @property
    def typed(self) -> dict[str, str]:
        """What the patient typed so far ("id", "birth"), a copy."""
        with self._lock:
            return dict(self._typed)

    @property
    def in_session(self) -> bool:
        """True from the first sign of a patient until the reset."""
        with self._lock:
            return self._stage not in _IN_SESSION_NOT

    def is_current(self, session: int) -> bool:
        """True when an answer started in ``session`` still belongs to the patient at the kiosk."""
        with self._lock:
            return session == self._session

    def allows(self, action: Action) -> bool:
        """True when ``action`` is welcome now (a refused tap is stale or doubled)."""
        with self._lock:
            return self._stage in ALLOWED_FROM[action]

    # -- moves; each returns the new stage, or None when the action is refused --
    def _go(self, action: Action, new: Stage) -> Stage | None:
        with self._lock:
            if self._stage not in ALLOWED_FROM[action]:
                return None
            self._stage = new
            return new

    def staff(self) -> Stage | None:
        """The staff button: the PIN screen."""
        return self._go(Action.STAFF, Stage.STAFF_PIN)

    def staff_back(self) -> Stage | None:
        """Back from the PIN screen."""
        return self._go(Action.STAFF_BACK, Stage.IDLE)

    def start_typing(self) -> Stage | None:
        """The typed path begins with the ID number."""
        with self._lock:
            stage = self._go(Action.TYPE, Stage.TYPING_ID)
            if stage is not None:
                self._typed = {}
            return stage

    def typed_id(self, digits: str, chip_opened: bool = False) -> Stage | None:
        """The ID number typed; ``chip_opened``: a card on the reader is being opened with it (PACE).

        A 10-digit insurance number instead of the ID is a child under 6
        (Decree 188/2025 Art. 37 §2): the full birth date comes next, since
        the age decides whether the number alone is enough.
        """
        with self._lock:
            if chip_opened:
                new = Stage.READING_WITH_ID
            elif len(digits) == CHILD_NUMBER_LENGTH:
                new = Stage.TYPING_BIRTH_DATE
            else:
                new = Stage.TYPING_BIRTH
            stage = self._go(Action.TYPED_ID, new)
            if stage is not None:
                self._typed["id"] = digits
            return stage

    def chip_with_id_failed(self) -> Stage | None:
        """The chip did not open with the typed ID: the birth date comes next, as without a card."""
        return self._go(Action.CHIP_WITH_ID_FAILED, Stage.TYPING_BIRTH)

    def typed_birth(self, digits: str) -> Stage | None:
        """The birth year (YYYY), or a child's full birth date (ddmmyyyy), typed: the name comes next."""
        with self._lock:
            stage = self._go(Action.TYPED_BIRTH, Stage.TYPING_NAME)
            if stage is not None:
                self._typed["birth"] = digits
            return stage

    def typed_name(self, name: str, today: date | None = None) -> Identity | None:
        """The name typed: the identity from all three answers, the journey then IDENTIFYING.

        A 10-digit insurance number gives a child's identity
        (:func:`~kiosk.checkin.identify.identity_from_child_number`, aged
        under 6 on ``today``). Raises :class:`~kiosk.errors.InputError` (the
        journey back at TYPING_ID, the digits forgotten) when the number or
        birth date is not valid; None when the tap is stale.
        """
        with self._lock:
            if not self.allows(Action.TYPED_NAME):
                return None
            typed, self._typed = self._typed, {}
            try:
                # the birth year is all the gateway needs with the ID number and name
                number = typed.get("id", "")
                if len(number) == CHILD_NUMBER_LENGTH:
                    identity = identity_from_child_number(number, name, typed.get("birth", ""), today=today)
                else:
                    identity = identity_from_typed_id(number, name, typed.get("birth", ""))
            except InputError:
                self._stage = Stage.TYPING_ID
                raise
            self._stage = Stage.IDENTIFYING
            return identity

    def card_inserted(self) -> Stage | None:
        """A card landed on the reader."""
        return self._go(Action.CARD, Stage.READING_CARD)

    def card_placed(self) -> Stage | None:
        """A card lies on the reader: the camera looks for its QR (the ID number the chip needs).

        Kiosks are built with the camera looking down at the reader pad, so a
        card lying QR-side up gives both at once (one placement).
        """
        return self._go(Action.CARD_PLACED, Stage.AWAITING_QR)

    def qr_not_seen(self) -> Stage | None:
        """No QR on the card within the bounded wait: the patient types the ID number (the chip opens with it)."""
        with self._lock:
            stage = self._go(Action.QR_NOT_SEEN, Stage.TYPING_ID)
            if stage is not None:
                self._typed = {}
            return stage

    def card_lifted(self) -> Stage | None:
        """The card left the reader before its QR was read: a new session at IDLE."""
        with self._lock:
            return self.reset() if self.allows(Action.CARD_LIFTED) else None

    def take_card(self) -> Stage | None:
        """The session ended (and was wiped) with the card still on the reader: remind the patient."""
        return self._go(Action.TAKE_CARD, Stage.TAKE_CARD)

    def card_taken(self) -> Stage | None:
        """The reader reports the card gone, or the reminder's bound passed (a dead reader): IDLE.

        The session is not renewed: it already was when the check-in ended.
        """
        return self._go(Action.CARD_TAKEN, Stage.IDLE)

    def card_phase(self) -> Stage | None:
        """The chip read moved on (the stage stays READING_CARD); None when no read is showing."""
        with self._lock:
            return self._stage if self.allows(Action.CARD_PHASE) else None

    def card_failed(self) -> Stage | None:
        """The card or code could not be read."""
        return self._go(Action.CARD_FAILED, Stage.UNREADABLE)

    def accepts_code(self) -> bool:
        """True when a QR shown now is a new patient's (not a code waved mid-session).

        Also while the patient types: showing the card's QR beats typing the number.
        """
        return self.allows(Action.CODE)

    def identity_offered(self) -> Stage | None:
        """An identity (chip, QR) for the core to take; digits typed so far are forgotten."""
        with self._lock:
            stage = self._go(Action.IDENTITY, Stage.IDENTIFYING)
            if stage is not None:
                self._typed = {}
            return stage

    def identified(self, derived_priority: str | None = None) -> Stage | None:
        """The core took the identity: the patient confirms it while eligibility is asked.

        ``derived_priority``: the group the birth date leaves no doubt about
        (:func:`~kiosk.checkin.priority.derived_priority`), suggested on the priority question.
        """
        with self._lock:
            stage = self._go(Action.IDENTIFIED, Stage.CONFIRM)
            if stage is not None:
                self._confirmed, self._outcome, self._earlier = False, None, None
                self._derived_priority = derived_priority
            return stage

    def _decided_stage(self, outcome: Outcome) -> Stage:
        """After the "yes" and the decision: today's ticket first (once), else the outcome's stage."""
        if self._earlier is not None and not self._additional:
            return Stage.RETURNING
        return STEP_STAGE[outcome.step]

    def confirm(self) -> Stage | None:
        """"Yes, that is me": the outcome's stage if the core already decided, else CHECKING."""
        with self._lock:
            if not self.allows(Action.CONFIRM):
                return None
            self._confirmed = True
            if self._outcome is None:
                self._stage = Stage.CHECKING
            else:
                self._stage = self._decided_stage(self._outcome)
            return self._stage

    def eligibility_known(self, outcome: Outcome, earlier: object | None = None) -> Stage | None:
        """The core's decision (:func:`~kiosk.checkin.outcome.next_step`): its stage once confirmed.

        ``earlier``: today's ticket the patient already holds (None for a first
        visit); then the stage is RETURNING before anything is asked. Before
        the "yes" the stage stays CONFIRM (the decision waits for it).
        ``NextStep.SLIP_QUESTION`` is the benefit question: after the answer
        the core decides again and this is called once more (without
        ``earlier``: a returning patient has already passed RETURNING).
        """
        with self._lock:
            if not self.allows(Action.ELIGIBILITY):
                return None
            self._outcome = outcome
            if earlier is not None:
                self._earlier = earlier
            if self._confirmed:
                self._stage = self._decided_stage(outcome)
            return self._stage

    def reprint(self) -> Stage | None:
        """A returning patient: today's number shown (and printed) again; nothing is registered."""
        return self._go(Action.REPRINT, Stage.TICKET)

    def leave(self) -> Stage | None:
        """A returning patient needs nothing more: a new session at IDLE."""
        with self._lock:
            return self.reset() if self.allows(Action.LEAVE) else None

    def another_clinic(self) -> Stage | None:
        """A returning patient registers for another clinic too: the outcome's stage, as for anyone.

        Refused when the kiosk does not offer it. The department menu then
        leaves out the clinic already held (:attr:`earlier`), and the
        registration says it is an additional one (:attr:`additional`).
        """
        with self._lock:
            outcome = self._outcome
            if not self._another_clinic or outcome is None or not self.allows(Action.ANOTHER_CLINIC):
                return None
            self._additional = True
            self._stage = self._decided_stage(outcome)
            return self._stage

    def question_answered(self) -> Stage | None:
        """The benefit question answered: the core decides again (CHECKING until it has)."""
        with self._lock:
            stage = self._go(Action.ANSWER, Stage.CHECKING)
            if stage is not None:
                self._outcome = None
            return stage

    def go_on(self) -> Stage | None:
        """After a notice (new card, wrong route, pending): register anyway."""
        return self._go(Action.GO_ON, Stage.LOADING_DEPARTMENTS)

    def choose_counter(self) -> Stage | None:
        """After a notice: the patient prefers the counter (LEAVING until the core recorded it)."""
        return self._go(Action.CHOOSE_COUNTER, Stage.LEAVING)

    def counter_recorded(self) -> Stage | None:
        """The core recorded the patient's choice of the counter: the counter notice."""
        return self._go(Action.COUNTER_RECORDED, Stage.COUNTER)

    def departments_loaded(self) -> Stage | None:
        """The department menu arrived."""
        return self._go(Action.DEPARTMENTS_LOADED, Stage.DEPARTMENT)

    def choose_department(self, code: str) -> Stage | None:
        """A department chosen: the priority question comes next."""
        with self._lock:
            stage = self._go(Action.DEPARTMENT, Stage.PRIORITY)
            if stage is not None:
                self._department = code
            return stage

    def answer_priority(self) -> Stage | None:
        """The priority question answered: register (once, however many taps arrive)."""
        return self._go(Action.PRIORITY, Stage.REGISTERING)

    def ticket_issued(self) -> Stage | None:
        """The hospital gave a number."""
        return self._go(Action.TICKET, Stage.TICKET)

    def failed(self, bad_input: bool) -> Stage | None:
        """A waiting step failed: bad input → UNREADABLE (try again), otherwise → COUNTER."""
        return self._go(Action.FAILED, Stage.UNREADABLE if bad_input else Stage.COUNTER)

    def finish(self) -> Stage | None:
        """"Done" on the ticket or "OK" on a final notice: a new session at IDLE."""
        with self._lock:
            return self.reset() if self.allows(Action.FINISH) else None

    def not_me(self) -> Stage | None:
        """Someone else's card: a new, empty session that says so (the notice holds no data)."""
        with self._lock:
            if not self.allows(Action.NOT_ME):
                return None
            self.reset()
            self._stage = Stage.NOT_ME
            return self._stage

    def reset(self) -> Stage:
        """Forget the patient (allowed from any stage): a new session at IDLE."""
        with self._lock:
            self._session += 1
            self._wipe()
            self._stage = Stage.IDLE
            return self._stage
