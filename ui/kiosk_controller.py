"""Drives the kiosk window from the core: the journey decides, this maps its stages to screens.

The patient's way through the screens is :class:`kiosk.checkin.Journey`, a
Qt-free state machine; this controller tells it what happened (a tap, a
card, an answer from the check-in flow), and when the journey moves, shows
the screen :data:`SCREEN_OF` maps the new stage to. A tap the journey refuses
(a double tap, a button on a screen already gone) is dropped here unseen.

The flow (``kiosk.checkin.CheckIn``) is blocking; every call to it runs on
one worker thread (:class:`ui.worker.TaskRunner`, in order) and its answer
comes back here on the UI thread. An answer that arrives after a reset (a
patient walked away while the gateway was slow) belongs to an older session
of the journey and is dropped unseen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal

from kiosk.checkin import Action, Journey, NextStep, Outcome, Stage
from kiosk.checkin.priority import derived_priority
from kiosk.domain import Identity
from kiosk.errors import InputError, KioskError
from ui.i18n import LanguageSwitch
from ui.idle import IdleWatch
from ui.kiosk_window import KioskWindow
from ui.screens.keypad import ID_LENGTH
from ui.worker import TaskRunner

log = logging.getLogger(__name__)

# The one table from the core's journey to the window: the screen that shows each stage, with the
# reading screen's phase or the keypad's mode. QUESTION is the benefit question (referral slip / appointment);
# LEAVING has none: the notice stays until the core recorded the choice, so the counter notice only
# shows once staff can see the patient at the station.
SCREEN_OF: dict[Stage, tuple[str, str]] = {
    Stage.IDLE: ("idle", ""), Stage.STAFF_PIN: ("staff-pin", ""),
    Stage.TYPING_ID: ("keypad", "id"), Stage.TYPING_BIRTH: ("keypad", "birth"),
    Stage.TYPING_BIRTH_DATE: ("keypad", "birth-date"), Stage.TYPING_NAME: ("name", ""),
    Stage.READING_CARD: ("reading", "card"), Stage.READING_WITH_ID: ("reading", "authenticate"),
    Stage.IDENTIFYING: ("reading", "card"), Stage.CONFIRM: ("confirm", ""),
    Stage.CHECKING: ("reading", "eligibility"), Stage.RETURNING: ("returning", ""), Stage.QUESTION: ("slip", ""),
    Stage.LOADING_DEPARTMENTS: ("reading", "eligibility"), Stage.DEPARTMENT: ("department", ""),
    Stage.PRIORITY: ("priority", ""), Stage.REGISTERING: ("reading", "register"), Stage.TICKET: ("ticket", ""),
    Stage.NEW_CARD: ("new-card", ""), Stage.WRONG_ROUTE: ("wrong-route", ""), Stage.PENDING: ("pending", ""),
    Stage.LEAVING: ("", ""), Stage.COUNTER: ("counter", ""), Stage.UNREADABLE: ("unreadable", ""),
    Stage.NOT_ME: ("not-me", ""), Stage.AWAITING_QR: ("reading", "qr"), Stage.TAKE_CARD: ("take-card", ""),
}

_NOTICES = ("counter", "new-card", "wrong-route", "pending", "unreadable", "not-me", "returning", "take-card")


class KioskController(QObject):
    """Binds one :class:`KioskWindow` to one check-in flow and one :class:`Journey`, patient after patient.

    ``print_ticket(ticket) -> "printed"`` (optional) prints on ``print_runner``
    (a printer error shows "not printed"); ``ticket_qr(ticket) -> str`` is
    the text of the on-screen QR code; ``print_slip(counter number, reason,
    language) -> "printed"`` (optional) prints the counter slip;
    ``another_clinic``: a returning patient may register for another clinic
    too; ``today`` is the facility's date (the priority derived from the
    birth date). ``stage_changed`` carries each new :class:`Stage` once its
    screen shows, ``screen_changed`` that screen's name.
    """

    session_reset = Signal()
    stage_changed = Signal(object)
    screen_changed = Signal(str)

    def __init__(self, window: KioskWindow, flow, runner: TaskRunner, idle: IdleWatch,
                 language: LanguageSwitch, *, ticket_qr: Callable[[object], str],
                 print_ticket: Callable[[object], str] | None = None,
                 print_runner: TaskRunner | None = None, another_clinic: bool = True,
                 print_slip: Callable[[str | None, str, str], str] | None = None,
                 today: Callable[[], date] = date.today, journey: Journey | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window, self.flow, self.runner, self.idle, self.language = window, flow, runner, idle, language
        self.journey = journey or Journey(another_clinic=another_clinic)
        self._ticket_qr, self._print_ticket = ticket_qr, print_ticket
        self._print_runner = print_runner or runner
        self._print_slip, self._today = print_slip, today
        # Set by the app when a chip reader exists: (id_number) -> True when it started a chip read.
        self.read_chip_with_id = None
        # Set by the app when faces are checked (a camera and [face] mode not off): ui.face_check.FaceCheck.
        self.face = None
        # Set by the app when a chip reader exists: () -> True while a card lies on the reader.
        self.card_on_reader: Callable[[], bool] | None = None
        s = window.screens
        s["idle"].type_id_requested.connect(self.start_typing)
        s["keypad"].submitted.connect(self._typed_digits)
        s["keypad"].back.connect(self.reset)
        s["name"].submitted.connect(self._typed_name)
        s["name"].back.connect(self.reset)
        s["confirm"].confirmed.connect(self._confirmed_identity)
        s["confirm"].rejected.connect(self._not_me)
        s["department"].chosen.connect(self._department_chosen)
        s["priority"].answered.connect(self._register)
        s["ticket"].done.connect(self._finish)
        s["returning"].proceed.connect(self._reprint_earlier)
        s["returning"].leave.connect(self._leave)
        s["returning"].another.connect(self._another_clinic_chosen)
        s["slip"].answered.connect(self._slip_answered)
        s["reading"].cancel.clicked.connect(self.reset)
        s["reading"].type_instead.clicked.connect(self.start_typing)
        for name in ("new-card", "wrong-route", "pending"):
            s[name].proceed.connect(self._go_on)
            s[name].leave.connect(self._choose_counter)
        for name in ("counter", "not-me"):
            s[name].proceed.connect(self._finish)
        s["unreadable"].proceed.connect(self.start_typing)
        s["unreadable"].leave.connect(self.reset)
        window.restart.connect(self.reset)
        window.language_toggled.connect(language.toggle)
        window.staff.connect(lambda: self._enter(self.journey.staff()))
        s["staff-pin"].back.connect(lambda: self._enter(self.journey.staff_back()))
        window.overlay.still_here.connect(idle.poke)
        language.changed.connect(self._language_changed)
        idle.warning.connect(window.overlay.show_countdown)
        idle.tick.connect(window.overlay.show_countdown)
        idle.resumed.connect(window.overlay.hide)
        idle.expired.connect(self.reset)

    # --- ways in -------------------------------------------------------------------------
    @property
    def session(self) -> int:
        """The journey's session number: an answer started in an older one is stale."""
        return self.journey.session

    @property
    def in_session(self) -> bool:
        """True from the first sign of a patient until the reset."""
        return self.journey.in_session

    def card_inserted(self) -> None:
        """A chip card landed on the reader: show progress at once."""
        self._begin_if(self._enter(self.journey.card_inserted()))

    def card_placed(self) -> None:
        """A card lies on the reader: the camera looks for its QR (one placement gives the chip its key)."""
        self._begin_if(self._enter(self.journey.card_placed()))

    def qr_not_seen(self, camera: bool = True) -> None:
        """No QR on the card in time (``camera`` False: no camera to read it): the keypad; the typed
        ID opens the chip (PACE) instead."""
        if self._enter(self.journey.qr_not_seen()) is None:
            return
        if camera:
            words = self.tr("Camera chưa đọc được mã QR trên thẻ. Hãy nhập 12 số căn cước, thẻ vẫn để trên đầu đọc.")
        else:
            words = self.tr("Đã nhận thẻ. Hãy nhập 12 số căn cước để đọc chip, thẻ vẫn để trên đầu đọc.")
        self.window.screens["keypad"].hint.show_status("info", words)

    def card_lifted(self) -> None:
        """The card left the reader before its QR was read: back to the idle screen."""
        if self.journey.allows(Action.CARD_LIFTED):
            self.reset()

    def card_taken(self) -> None:
        """The reader reports the card gone (or the reminder's bound passed): the idle screen, in Vietnamese."""
        if self._enter(self.journey.card_taken()) is not None and self.language.language != "vi":
            self.language.set("vi")

    def card_phase(self, phase: str) -> None:
        """The chip reader moved on ("card", "authenticate")."""
        if self.journey.card_phase() is not None:
            self._enter(Stage.READING_CARD, phase)

    def card_failed(self, sentence_vi: str = "", sentence_en: str = "") -> None:
        """The card or code could not be read (card lifted, unknown card, unreadable QR …)."""
        if self.journey.card_failed() is not None:
            self._begin()
            self._notice(Stage.UNREADABLE, sentence_vi, sentence_en)

    def accepts_code(self) -> bool:
        """True when a QR shown now is a new patient's, not a code waved mid-session."""
        return self.journey.accepts_code()

    def identity_read(self, identity: Identity) -> None:
        """An identity from the chip or a QR (also while typing): ask the flow to take it (one patient at a time)."""
        if self.journey.identity_offered() is None:
            return   # a second card mid-session is ignored
        self._take(identity)

    def start_typing(self) -> None:
        """The typed path: ID number, birth date, name."""
        self._begin_if(self._enter(self.journey.start_typing()))

    # --- the flow, step by step -------------------------------------------------------------
    def _take(self, identity: Identity) -> None:
        self._begin()
        self._enter(Stage.IDENTIFYING, "eligibility" if identity.source.value.startswith("qr") else "card")
        self._call(lambda: self.flow.identify(identity), lambda _: self._identified(identity))

    def _identified(self, identity: Identity) -> None:
        if self.journey.identified(derived_priority(identity.birth, self._today())) is None:
            return
        year = identity.birth[-4:]
        self.window.screens["confirm"].show_identity(
            identity.full_name, year, (identity.id_number or identity.card_number)[-4:], identity.source.value,
            identity.photo, number_kind="id" if identity.id_number else "card")
        self._enter(Stage.CONFIRM)
        if self.face is not None and identity.source.value.startswith("chip"):
            self.face.prepare(identity.photo)   # the chip photo's descriptor, while the patient reads
        # Ask the gateway while the patient reads the confirmation: most of the wait disappears.
        self._call(self._check_eligibility, self._eligibility_known)

    def _check_eligibility(self) -> tuple[Outcome, object]:
        """On the flow's thread: the core's decision of what comes next, and today's earlier ticket."""
        self.flow.check_eligibility()
        outcome = self.flow.outcome   # the core also decides whether to ask the slip question
        try:
            earlier = self.flow.ticket_today()
        except KioskError as e:   # the lookup is a courtesy: the registration still finds the ticket
            log.warning("today's earlier ticket not looked up: %s", e.code)
            earlier = None
        return outcome, earlier

    def _confirmed_identity(self) -> None:
        if self.face is None:
            self._route(self.journey.confirm())
            return
        session = self.journey.session
        self.face.decide(lambda: self.journey.is_current(session) and self._face_begin(),
                         lambda: self.journey.is_current(session) and self._face_finished("not_done"))

    def _face_begin(self) -> None:
        self.face.begin()
        self.screen_changed.emit("face")       # the voice guide says the face screen's sentence

    def _face_finished(self, word: str) -> None:
        """The face step's word (docs/face.md): continue, or the counter with the reason face-mismatch."""
        identity = self.flow.identity
        source = identity.source.value if identity is not None else ""
        chip = source.startswith("chip")
        if word in ("no_match", "attack_suspected") or (chip and word != "match" and self.face.mode == "required"):
            def counter(_state) -> None:
                stage = self.journey.failed(bad_input=False)
                if stage is not None:
                    self._counter_notice("Vui lòng đến quầy tiếp đón.", "Please go to the reception counter.")
            self._call(lambda: self.flow.face_mismatch(word), counter)
            return
        verified_by = ("chip+face" if word == "match" else "chip") if chip else (
            "typed" if source == "typed" else "qr")
        self._call(lambda: self.flow.record_identity_check(verified_by, word),
                   lambda _: self._route(self.journey.confirm()))

    def _eligibility_known(self, answer: tuple[Outcome, object]) -> None:
        outcome, earlier = answer
        stage = self.journey.eligibility_known(outcome, earlier)
        if stage is not Stage.CONFIRM:      # before the "yes", the decision waits for it
            self._route(stage)

    def _outcome_after_slip(self, outcome: Outcome) -> None:
        # no earlier ticket this time: a returning patient already passed the "today's number" screen
        self._route(self.journey.eligibility_known(outcome))

    def _route(self, stage: Stage | None) -> None:
        """Show the stage the journey moved to after the "yes" or the core's decision."""
        if stage is None:
            return
        if stage is Stage.LOADING_DEPARTMENTS:
            self._load_departments()
        elif stage is Stage.CHECKING:
            self._enter(stage)
        elif stage is Stage.QUESTION:
            self.window.screens["slip"].ask()
            self._enter(stage)
        elif stage is Stage.RETURNING:      # today's number first; nothing asked for nothing
            self.window.screens["returning"].show_ticket(self.journey.earlier, self.language.language,
                                                         self.journey.another_clinic_offered)
            self._enter(stage)
        elif stage is Stage.COUNTER:
            outcome = self.journey.outcome
            self._counter_notice(outcome.patient_vi, outcome.patient_en)
        else:
            outcome = self.journey.outcome
            self._notice(stage, outcome.patient_vi, outcome.patient_en)

    def _slip_answered(self, which: str) -> None:
        """The patient's answer: the core decides the benefit again, then the step it gives."""
        if self._enter(self.journey.question_answered()) is None:
            return
        self._call(lambda: self._give_slips(which == "slip"), self._outcome_after_slip)

    def _give_slips(self, claimed: bool) -> Outcome:
        """On the flow's thread: record the answer; the outcome now carries the benefit sentence."""
        self.flow.give_slips(slip_claimed=claimed)
        return self.flow.outcome

    def _reprint_earlier(self) -> None:
        """"Print my number again": today's ticket, shown and printed; nothing registered."""
        earlier = self.journey.earlier
        if self.journey.reprint() is not None:
            self._show_ticket(earlier)

    def _leave(self) -> None:
        """A returning patient needs nothing more: the next patient."""
        if self.journey.allows(Action.LEAVE):
            self.reset()

    def _another_clinic_chosen(self) -> None:
        """"Register for another clinic too": the usual path, minus the clinic they already have."""
        self._route(self.journey.another_clinic())

    def _go_on(self) -> None:
        if self.journey.go_on() is not None:
            self._load_departments()

    def _load_departments(self) -> None:
        self._enter(Stage.LOADING_DEPARTMENTS)
        self._call(self.flow.load_departments, self._show_departments)

    def _show_departments(self, departments) -> None:
        if self.journey.departments_loaded() is None:
            return
        outcome = self.journey.outcome
        kind = "wait" if outcome.step is NextStep.PENDING else "good"
        earlier = self.journey.earlier
        if self.journey.additional and earlier is not None:
            departments = [d for d in departments if d.code != earlier.department.code]
        self.window.screens["department"].show_choices(
            kind, outcome.patient_vi, outcome.patient_en, departments, self.language.language)
        self._enter(Stage.DEPARTMENT)

    def _department_chosen(self, code: str) -> None:
        if self.journey.choose_department(code) is None:
            return
        self.window.screens["priority"].suggest(self.journey.derived_priority)
        self._enter(Stage.PRIORITY)

    def _register(self, priority_group: str) -> None:
        if self._enter(self.journey.answer_priority()) is None:
            return           # only one registration per answer, however many taps arrive
        department, additional = self.journey.department, self.journey.additional
        self._call(lambda: self.flow.choose_department(department, priority=bool(priority_group),
                                                       additional_clinic=additional),
                   self._ticket)

    def _ticket(self, ticket) -> None:
        if self.journey.ticket_issued() is not None:
            self._show_ticket(ticket)

    def _show_ticket(self, ticket) -> None:
        """The TICKET stage's screen: the number, the benefit sentence, then the printer's answer."""
        screen = self.window.screens["ticket"]
        screen.show_ticket(ticket, self.language.language, self._ticket_qr(ticket), chosen=self.journey.department)
        benefit = getattr(self.flow, "benefit", None)
        if benefit is not None and not ticket.pending:
            screen.show_benefit(benefit.patient_vi, benefit.patient_en)
        self._enter(Stage.TICKET)
        if self._print_ticket is None:
            screen.set_print_state("no-printer")
            return
        screen.set_print_state("printing")
        session = self.journey.session
        self._print_runner.submit(
            lambda: self._print_ticket(ticket),
            lambda state: self.journey.is_current(session) and screen.set_print_state(state),
            lambda exc: self.journey.is_current(session) and screen.set_print_state("failed"))

    def _choose_counter(self) -> None:
        """The patient prefers the counter: the flow records it for the station, then the counter notice."""
        if self._enter(self.journey.choose_counter()) is None:
            return
        def recorded(_answer) -> None:   # recorded or not (the flow logs a failure): the counter
            if self.journey.counter_recorded() is not None:
                self._counter_notice()
        self._call(self.flow.choose_counter, recorded, recorded)

    def _counter_notice(self, vi: str = "", en: str = "") -> None:
        """The COUNTER stage the core decided or the patient chose: the counter number, and a slip
        when there is a printer (a failed step's counter notice prints none, as before)."""
        self._notice(Stage.COUNTER, vi, en)
        screen = self.window.screens["counter"]
        number = getattr(self.flow, "counter_number", None)
        if self._print_slip is None:
            screen.show_slip(number, "")
            return
        language = self.language.language
        reason = (en if language == "en" else vi) or screen.default_sentence()
        screen.show_slip(number, "printing")
        session = self.journey.session
        self._print_runner.submit(
            lambda: self._print_slip(number, reason, language),
            lambda state: self.journey.is_current(session) and screen.set_print_state(state),
            lambda exc: self.journey.is_current(session) and screen.set_print_state("failed"))

    def _finish(self) -> None:
        """"Done" on the ticket, "OK" on a final notice: the next patient."""
        if self.journey.allows(Action.FINISH):
            self.reset()

    # --- typed path ---------------------------------------------------------------------------
    def _typed_digits(self, digits: str) -> None:
        stage = self.journey.stage
        if stage is Stage.TYPING_ID:
            # A chip card on the reader opens with the ID number alone (PACE):
            # name and birth date then come from the chip, not the keypad.
            # (a 10-digit insurance number is a young child's: no chip to open)
            chip = (len(digits) == ID_LENGTH and self.read_chip_with_id is not None
                    and bool(self.read_chip_with_id(digits)))
            self._enter(self.journey.typed_id(digits, chip_opened=chip))
        elif stage in (Stage.TYPING_BIRTH, Stage.TYPING_BIRTH_DATE):
            self._enter(self.journey.typed_birth(digits))

    def chip_with_id_failed(self) -> None:
        """The chip did not open with the typed ID: carry on with the typed path (birth date next)."""
        self._enter(self.journey.chip_with_id_failed())

    def _typed_name(self, name: str) -> None:
        try:
            identity = self.journey.typed_name(name, self._today())
        except InputError as e:
            self._enter(Stage.TYPING_ID)
            if e.code == "not_a_young_child":
                words = self.tr("Chỉ trẻ dưới 6 tuổi được dùng số bảo hiểm. Vui lòng nhập số căn cước.")
            else:
                words = self.tr("Số căn cước hoặc năm sinh chưa đúng. Vui lòng nhập lại.")
            self.window.screens["keypad"].show_problem(words)
            return
        if identity is not None:
            self._take(identity)

    # --- plumbing -------------------------------------------------------------------------------
    def _call(self, fn, on_done, on_failed=None) -> None:
        """Run ``fn`` on the flow's thread; drop the answer if the session changed meanwhile."""
        session = self.journey.session
        on_failed = on_failed or self._failed
        self.runner.submit(fn, lambda r: self.journey.is_current(session) and self._done(on_done, r),
                           lambda e: self.journey.is_current(session) and on_failed(e))

    def _done(self, on_done, result) -> None:
        self.idle.poke()     # the flow moving on counts as activity
        on_done(result)

    def _failed(self, exc: BaseException) -> None:
        code = getattr(exc, "code", "")
        if code in ("invalid_transition", "cancelled"):
            return           # a second tap, or an answer for a wiped session: nothing to show
        if isinstance(exc, KioskError):
            log.warning("check-in step failed: %s", code)
        else:
            log.error("check-in step crashed: %s", exc.__class__.__name__)
        stage = self.journey.failed(bad_input=isinstance(exc, InputError))
        if stage is None:
            return           # the patient has moved on (e.g. the counter notice already shows)
        if isinstance(exc, KioskError):
            self._notice(stage, exc.patient_vi, exc.patient_en)
        else:
            self._notice(stage)

    def _begin(self) -> None:
        if not self.idle.armed:
            self.idle.arm()
            self.flow.touch()      # the check-in's time (metrics) starts at the patient's first sign

    def _begin_if(self, stage: Stage | None) -> None:
        if stage is not None:
            self._begin()

    def _notice(self, stage: Stage, vi: str = "", en: str = "") -> None:
        self.window.screens[SCREEN_OF[stage][0]].show_reason(vi, en, self.language.language)
        self._enter(stage)

    def _not_me(self) -> None:
        """Someone else's card: wipe at once, then say so (the notice itself holds no data)."""
        stage = self.journey.not_me()      # a new session: answers in flight now belong to nobody
        if stage is None:
            return
        self._wipe()
        self._begin()
        self._notice(stage)

    def _enter(self, stage: Stage | None, phase: str = "") -> Stage | None:
        """Show the screen :data:`SCREEN_OF` maps ``stage`` to (None: a refused move, nothing shows)."""
        if stage is None:
            return None
        name, default = SCREEN_OF[stage]
        if name == "reading":
            self.window.screens["reading"].set_phase(phase or default)
        elif name == "keypad":
            self.window.screens["keypad"].set_mode(default)
        if name:
            self.window.show_screen(name)
        self.stage_changed.emit(stage)
        if name:
            self.screen_changed.emit(name)
        return stage

    def _language_changed(self, language: str) -> None:
        for name in ("department", "ticket", *_NOTICES):
            self.window.screens[name].set_language(language)

    def reset(self) -> None:
        """Wipe the session: the journey, the screens, then the flow itself.

        A patient whose card still lies on the reader is then reminded to take it
        (TAKE_CARD, already wiped: the reminder holds no data).
        """
        ended, language = self.journey.in_session, self.language.language
        self.journey.reset()               # answers still in flight now belong to nobody
        self._wipe()
        self._enter(Stage.IDLE)
        log.info("session wiped")
        if ended and self.card_on_reader is not None and self.card_on_reader():
            if language != "vi":
                self.language.set(language)   # the reminder in the patient's language; Vietnamese after it
            self._enter(self.journey.take_card())

    def _wipe(self) -> None:
        self.idle.disarm()
        if self.face is not None:
            self.face.wipe()
        self.window.wipe()
        self.flow.reset()   # thread-safe and immediate; a late answer is then Cancelled
        if self.language.language != "vi":
            self.language.set("vi")        # the next patient starts in Vietnamese
        self.session_reset.emit()
