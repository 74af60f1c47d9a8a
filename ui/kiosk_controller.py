"""Drives the kiosk window from the check-in flow: which screen, when, with what.

The flow (``kiosk.checkin``) is a plain, blocking state machine; every call
to it runs on one worker thread (:class:`ui.worker.TaskRunner`, in order) and
its answer comes back here on the UI thread. Each patient session has a
number: an answer that arrives after a reset (a patient walked away while
the gateway was slow) belongs to an older session and is dropped unseen.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Callable

from PySide6.QtCore import QObject, Signal

from kiosk.checkin import NextStep, Outcome, identity_from_typed_id
from kiosk.checkin.priority import derived_priority
from kiosk.domain import Identity
from kiosk.errors import InputError, KioskError
from ui.idle import IdleWatch
from ui.i18n import LanguageSwitch
from ui.kiosk_window import KioskWindow
from ui.worker import TaskRunner

log = logging.getLogger(__name__)

# The screen that shows each step the core decides (kiosk.checkin.outcome); departments load first.
_NOTICE_SCREEN = {NextStep.COUNTER: "counter", NextStep.PENDING: "pending",
                  NextStep.NEW_CARD: "new-card", NextStep.WRONG_ROUTE: "wrong-route"}


class KioskController(QObject):
    """Binds one :class:`KioskWindow` to one check-in flow for patient after patient.

    ``print_ticket(ticket) -> "printed"`` (optional) prints on ``print_runner``
    (a printer error shows "not printed"); ``ticket_qr(ticket) -> str`` is
    the text of the on-screen QR code.
    """

    session_reset = Signal()
    screen_changed = Signal(str)

    def __init__(self, window: KioskWindow, flow, runner: TaskRunner, idle: IdleWatch,
                 language: LanguageSwitch, *, ticket_qr: Callable[[object], str],
                 print_ticket: Callable[[object], str] | None = None,
                 print_runner: TaskRunner | None = None, another_clinic: bool = True,
                 print_slip: Callable[[str | None, str, str], str] | None = None,
                 today: Callable[[], date] = date.today, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window, self.flow, self.runner, self.idle, self.language = window, flow, runner, idle, language
        self._ticket_qr, self._print_ticket = ticket_qr, print_ticket
        self._print_runner = print_runner or runner
        self._another_clinic, self._today = another_clinic, today
        self._print_slip = print_slip   # (counter number, reason, language) -> "printed"
        self._earlier = None            # today's ticket this patient already has (returning patient)
        self._additional = False        # the patient asked for another clinic too
        self._derived_priority = None   # "over-80"/"under-6" from the birth date
        self.session = 0
        self._eligibility = None        # the answer waiting for the patient's "yes"
        self._confirmed = False
        self._department = ""
        self._typed: dict[str, str] = {}
        # Set by the app when a chip reader exists: (id_number) -> True when it started a chip read.
        self.read_chip_with_id = None
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
        s["ticket"].done.connect(self.reset)
        s["returning"].proceed.connect(self._reprint_earlier)
        s["returning"].leave.connect(self.reset)
        s["returning"].another.connect(self._another_clinic_chosen)
        s["slip"].answered.connect(self._slip_answered)
        s["reading"].cancel.clicked.connect(self.reset)
        for name in ("new-card", "wrong-route", "pending"):
            s[name].proceed.connect(self._load_departments)
            s[name].leave.connect(self._choose_counter)
        for name in ("counter", "not-me"):
            s[name].proceed.connect(self.reset)
        s["unreadable"].proceed.connect(self.start_typing)
        s["unreadable"].leave.connect(self.reset)
        window.restart.connect(self.reset)
        window.language_toggled.connect(language.toggle)
        window.staff.connect(lambda: self._show("staff-pin"))
        s["staff-pin"].back.connect(lambda: self._show("idle"))
        window.overlay.still_here.connect(idle.poke)
        language.changed.connect(self._language_changed)
        idle.warning.connect(window.overlay.show_countdown)
        idle.tick.connect(window.overlay.show_countdown)
        idle.resumed.connect(window.overlay.hide)
        idle.expired.connect(self.reset)

    # --- ways in -------------------------------------------------------------------------
    @property
    def in_session(self) -> bool:
        """True from the first sign of a patient until the reset."""
        return self.window.current not in ("idle", "staff-pin")

    def card_inserted(self) -> None:
        """A chip card landed on the reader: show progress at once."""
        if self.window.current in ("idle", "unreadable"):
            self._begin()
            self._reading("card")

    def card_phase(self, phase: str) -> None:
        """The chip reader moved on ("card", "authenticate")."""
        if self.window.current == "reading":
            self._reading(phase)

    def card_failed(self, sentence_vi: str = "", sentence_en: str = "") -> None:
        """The chip could not be read (card lifted, unknown card …)."""
        if self.in_session or self.window.current == "idle":
            self._begin()
            self._notice("unreadable", sentence_vi, sentence_en)

    def identity_read(self, identity: Identity) -> None:
        """An identity from the chip, a QR or the typed path: ask the flow to take it."""
        if self.window.current not in ("idle", "reading", "unreadable", "name", "keypad"):
            return   # one patient at a time: a second card mid-session is ignored
        self._begin()
        self._reading("eligibility" if identity.source.value.startswith("qr") else "card")
        self._call(lambda: self.flow.identify(identity), lambda _: self._identified(identity))

    def start_typing(self) -> None:
        """The typed path: ID number, birth date, name."""
        self._begin()
        self._typed = {}
        self.window.screens["keypad"].set_mode("id")
        self._show("keypad")

    # --- the flow, step by step -------------------------------------------------------------
    def _identified(self, identity: Identity) -> None:
        year = identity.birth[-4:]
        self._derived_priority = derived_priority(identity.birth, self._today())
        self.window.screens["confirm"].show_identity(
            identity.full_name, year, (identity.id_number or identity.card_number)[-4:], identity.source.value,
            identity.photo, number_kind="id" if identity.id_number else "card")
        self._show("confirm")
        # Ask the gateway while the patient reads the confirmation: most of the wait disappears.
        self._eligibility, self._confirmed, self._earlier = None, False, None
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
        if self.window.current != "confirm":
            return
        self._confirmed = True
        if self._eligibility is None:
            self._reading("eligibility")
        else:
            self._after_confirm()

    def _eligibility_known(self, answer) -> None:
        self._eligibility, self._earlier = answer
        if self._confirmed:
            self._after_confirm()

    def _after_confirm(self) -> None:
        """A returning patient hears about today's number first; everyone else goes on."""
        if self._earlier is not None:
            self.window.screens["returning"].show_ticket(self._earlier, self.language.language,
                                                         self._another_clinic)
            self._show("returning")
        else:
            self._route(self._eligibility)

    def _reprint_earlier(self) -> None:
        if self.window.current == "returning" and self._earlier is not None:
            self._ticket(self._earlier)

    def _another_clinic_chosen(self) -> None:
        """"Register for another clinic too": the usual path, minus the clinic they already have."""
        if self.window.current != "returning" or not self._another_clinic:
            return
        self._additional = True
        self._route(self._eligibility)

    def _route(self, outcome: Outcome) -> None:
        """Show the step the core decided: the departments, the slip question, or that step's notice."""
        if outcome.step is NextStep.DEPARTMENTS:
            self._load_departments()
        elif outcome.step is NextStep.SLIP_QUESTION:
            self.window.screens["slip"].ask()
            self._show("slip")
        elif outcome.step is NextStep.COUNTER:
            self._counter_notice(outcome.patient_vi, outcome.patient_en)
        else:
            self._notice(_NOTICE_SCREEN[outcome.step], outcome.patient_vi, outcome.patient_en)

    def _counter_notice(self, vi: str = "", en: str = "") -> None:
        """The counter screen with the patient's counter number, and a slip when there is a printer."""
        self._notice("counter", vi, en)
        screen = self.window.screens["counter"]
        number = getattr(self.flow, "counter_number", None)
        if self._print_slip is None:
            screen.show_slip(number, "")
            return
        language = self.language.language
        reason = (en if language == "en" else vi) or screen.default_sentence()
        screen.show_slip(number, "printing")
        session = self.session
        self._print_runner.submit(
            lambda: self._print_slip(number, reason, language),
            lambda state: session == self.session and screen.set_print_state(state),
            lambda exc: session == self.session and screen.set_print_state("failed"))

    def _slip_answered(self, which: str) -> None:
        """The patient's answer: the core decides the benefit again, then the step it gives."""
        if self.window.current != "slip":
            return
        self._reading("eligibility")
        self._call(lambda: self._give_slips(which == "slip"), self._outcome_after_slip)

    def _give_slips(self, claimed: bool) -> Outcome:
        """On the flow's thread: record the answer; the outcome now carries the benefit sentence."""
        self.flow.give_slips(slip_claimed=claimed)
        return self.flow.outcome

    def _outcome_after_slip(self, outcome: Outcome) -> None:
        # straight on: a returning patient already passed the "today's number" screen
        self._eligibility = outcome
        self._route(outcome)

    def _load_departments(self) -> None:
        self._reading("eligibility")
        self._call(self.flow.load_departments, self._show_departments)

    def _show_departments(self, departments) -> None:
        outcome = self._eligibility
        kind = "wait" if outcome.step is NextStep.PENDING else "good"
        if self._additional and self._earlier is not None:
            departments = [d for d in departments if d.code != self._earlier.department.code]
        self.window.screens["department"].show_choices(
            kind, outcome.patient_vi, outcome.patient_en, departments, self.language.language)
        self._show("department")

    def _department_chosen(self, code: str) -> None:
        if self.window.current != "department":
            return
        self._department = code
        self.window.screens["priority"].suggest(self._derived_priority)
        self._show("priority")

    def _register(self, priority_group: str) -> None:
        if self.window.current != "priority":
            return           # only one registration per answer, however many taps arrive
        self._reading("register")
        additional = self._additional
        self._call(lambda: self.flow.choose_department(self._department, priority=bool(priority_group),
                                                       additional_clinic=additional),
                   self._ticket)

    def _ticket(self, ticket) -> None:
        screen = self.window.screens["ticket"]
        screen.show_ticket(ticket, self.language.language, self._ticket_qr(ticket), chosen=self._department)
        benefit = getattr(self.flow, "benefit", None)
        if benefit is not None and not ticket.pending:
            screen.show_benefit(benefit.patient_vi, benefit.patient_en)
        self._show("ticket")
        if self._print_ticket is None:
            screen.set_print_state("no-printer")
            return
        screen.set_print_state("printing")
        session = self.session
        self._print_runner.submit(
            lambda: self._print_ticket(ticket),
            lambda state: session == self.session and screen.set_print_state(state),
            lambda exc: session == self.session and screen.set_print_state("failed"))

    # --- typed path ---------------------------------------------------------------------------
    def _typed_digits(self, digits: str) -> None:
        keypad = self.window.screens["keypad"]
        self._typed[keypad.mode] = digits
        if keypad.mode == "id":
            keypad.set_mode("birth")
            # A chip card on the reader opens with the ID number alone (PACE):
            # name and birth date then come from the chip, not the keypad.
            if self.read_chip_with_id is not None and self.read_chip_with_id(digits):
                self._reading("authenticate")
        else:
            self._show("name")

    def chip_with_id_failed(self) -> None:
        """The chip did not open with the typed ID: carry on with the typed path (birth date next)."""
        if self.window.current == "reading" and self._typed.get("id"):
            self._show("keypad")

    def _typed_name(self, name: str) -> None:
        t = self._typed
        try:
            birth = t["birth"]        # the year: all the gateway needs with the ID number and name
            identity = identity_from_typed_id(t["id"], name, birth)
        except InputError:
            keypad = self.window.screens["keypad"]
            keypad.set_mode("id")
            self._show("keypad")
            keypad.show_problem(self.tr("Số căn cước hoặc năm sinh chưa đúng. Vui lòng nhập lại."))
            return
        self._typed = {}
        self.identity_read(identity)

    # --- plumbing -------------------------------------------------------------------------------
    def _call(self, fn, on_done) -> None:
        """Run ``fn`` on the flow's thread; drop the answer if the session changed meanwhile."""
        session = self.session
        self.runner.submit(fn, lambda r: session == self.session and self._done(on_done, r),
                           lambda e: session == self.session and self._failed(e))

    def _done(self, on_done, result) -> None:
        self.idle.poke()     # the flow moving on counts as activity
        on_done(result)

    def _failed(self, exc: BaseException) -> None:
        code = getattr(exc, "code", "")
        if code in ("invalid_transition", "cancelled"):
            return           # a second tap, or an answer for a wiped session: nothing to show
        if isinstance(exc, InputError):
            self._notice("unreadable", exc.patient_vi, exc.patient_en)
        elif isinstance(exc, KioskError):
            log.warning("check-in step failed: %s", code)
            self._notice("counter", exc.patient_vi, exc.patient_en)
        else:
            log.error("check-in step crashed: %s", exc.__class__.__name__)
            self._notice("counter")

    def _begin(self) -> None:
        if not self.idle.armed:
            self.idle.arm()

    def _reading(self, phase: str) -> None:
        self.window.screens["reading"].set_phase(phase)
        self._show("reading")

    def _notice(self, name: str, vi: str = "", en: str = "") -> None:
        self.window.screens[name].show_reason(vi, en, self.language.language)
        self._show(name)

    def _choose_counter(self) -> None:
        """The patient prefers the counter: the flow records it for the station, then the notice."""
        self._call(self.flow.choose_counter, lambda _state: self._counter_notice())

    def _not_me(self) -> None:
        """Someone else's card: wipe at once, then say so (the notice itself holds no data)."""
        self.reset()
        self._begin()
        self._notice("not-me")

    def _show(self, name: str) -> None:
        self.window.show_screen(name)
        self.screen_changed.emit(name)

    def _language_changed(self, language: str) -> None:
        for name in ("department", "ticket", "counter", "new-card", "wrong-route", "pending",
                     "unreadable", "not-me", "returning"):
            self.window.screens[name].set_language(language)

    def reset(self) -> None:
        """Wipe the session: screens, this controller's references, then the flow itself."""
        self.session += 1                  # answers still in flight now belong to nobody
        self.idle.disarm()
        self.window.wipe()
        self._eligibility, self._confirmed, self._department, self._typed = None, False, "", {}
        self._earlier, self._additional, self._derived_priority = None, False, None
        self.flow.reset()   # thread-safe and immediate; a late answer is then Cancelled
        self._show("idle")
        if self.language.language != "vi":
            self.language.set("vi")        # the next patient starts in Vietnamese
        self.session_reset.emit()
        log.info("session wiped")
