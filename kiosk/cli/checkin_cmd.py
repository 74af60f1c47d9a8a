"""``kiosk checkin``: one headless check-in, from QR text, a QR image, a typed ID or the chip.

Prints the eligibility decision and the ticket (or the counter outcome);
the exit code says which (docs/checkin.md). Problems are one sentence on
stderr via the CLI's error handling, never a traceback.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass
from datetime import date

from kiosk.checkin import (
    CheckIn,
    CounterOutcome,
    NextStep,
    State,
    identity_from_qr,
    identity_from_staff,
    identity_from_typed_id,
)
from kiosk.checkin.identify import identity_from_child_number
from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.personal_args import EPILOG, HELP, resolve
from kiosk.config import Config
from kiosk.domain import PRESENTED_AS, EligibilityResult, Identity, Ticket, mask_digits, mask_name
from kiosk.errors import InputError, KioskError
from kiosk.facility_time import facility_now, in_facility_time
from kiosk.rules import Benefit, parse_appointment_id, parse_referral
from kiosk.services import KioskServices


def register(sub) -> None:
    """Add the ``checkin`` command."""
    p = sub.add_parser("checkin", help="check one patient in and print the ticket or the counter outcome",
                       description="Check one patient in against the configured gateway and hospital system.",
                       epilog=EPILOG)
    src = p.add_mutually_exclusive_group()  # one is required: checked in identity_from_args
    src.add_argument("--qr-text", metavar="TEXT",
                     help="the text of an ID-card or insurance-card QR code (with --chip: the key to the chip)" + HELP)
    src.add_argument("--qr-image", metavar="FILE", help="a photo or scan of the card's QR code")
    src.add_argument("--card-number", metavar="N", help="a typed 12-digit ID number (with --name, --birth)" + HELP)
    src.add_argument("--id-number", metavar="ID12",
                     help="with --chip: the 12-digit ID number (CAN = its last 6 digits; "
                          "add --birth and --expiry for BAC too)" + HELP)
    src.add_argument("--can", metavar="DIGITS6", help="with --chip: the 6-digit card access number (PACE only)" + HELP)
    p.add_argument("--chip", action="store_true",
                   help="read the chip ID card on the reader (PACE-CAN first, BAC fallback) and check in with it")
    p.add_argument("--reader", metavar="NAME", help="with --chip: reader name (substring; default reader.name)")
    p.add_argument("--expiry", metavar="DATE", help="with --chip --id-number: card expiry date, for BAC" + HELP)
    p.add_argument("--name", help="full name, for a typed ID number" + HELP)
    p.add_argument("--birth", help="birth date dd/mm/yyyy (or the year), for a typed ID number" + HELP)
    p.add_argument("--sex", help="M or F (optional), for a typed ID number")
    p.add_argument("--staff", action="store_true",
                   help="staff entry: also accepts a 10-digit BHXH number or a 15-character card code")
    p.add_argument("--department", metavar="CODE", help="department code (default: the hospital's first)")
    p.add_argument("--priority", action="store_true", help="priority patient (elderly, pregnant, disabled…)")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", type=_as_of,
                   help="the date the insurance rules are evaluated at (default: today in facility.time_zone)")
    p.add_argument("--referral", metavar="NUMBER:FACILITY:DD/MM/YYYY",
                   help="a referral slip: number, referring facility code, signing date (optionally :ICD10)")
    p.add_argument("--appointment", metavar="ID", help="a re-visit appointment id (checked with the hospital)")
    p.add_argument("--presented-as", choices=PRESENTED_AS,
                   help="how the card was shown when the input alone does not say (vneid, vssid, "
                        "birth_certificate…)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=run)


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        import argparse
        raise argparse.ArgumentTypeError("must be a date written YYYY-MM-DD") from None


#: options that carry personal data, in the order '-' values are read from stdin
PERSONAL_OPTIONS = ["qr_text", "card_number", "id_number", "can", "name", "birth", "expiry"]


def identity_from_args(args, today: date | None = None) -> Identity:
    """The identity the command line describes (not ``--chip``); :class:`InputError` when it cannot be used.

    ``today`` (the facility's date) bounds birth dates; default ``--as-of``.
    """
    today = today or args.as_of
    if args.id_number is not None or args.can is not None or args.reader is not None or args.expiry is not None:
        raise InputError("--id-number, --can, --reader and --expiry go with --chip.", code="chip_option_alone")
    if args.qr_text is None and args.qr_image is None and args.card_number is None:
        raise InputError("Give one of --qr-text, --qr-image, --card-number or --chip.", code="no_identity")
    if args.qr_text is not None:
        return identity_from_qr(args.qr_text, today)
    if args.qr_image is not None:
        return identity_from_image(args.qr_image)
    if not args.name or not args.birth:
        raise InputError("A typed card number needs --name and --birth (the insurance gateway checks them).",
                         code="missing_name_or_birth")
    if args.staff:
        return identity_from_staff(args.card_number, args.name, args.birth, args.sex)
    number = args.card_number.strip().replace(" ", "")
    if len(number) in (10, 15):  # a young child's insurance number, shown alone or with a birth certificate
        return identity_from_child_number(number, args.name, args.birth,
                                          birth_certificate=args.presented_as == "birth_certificate",
                                          today=today)
    return identity_from_typed_id(args.card_number, args.name, args.birth, args.sex, today)


def identity_from_image(path: str) -> Identity:
    """The identity in the first card QR code found in an image file.

    A camera photo of a phone showing the code is recorded as VNeID / VssID
    (:mod:`readers.qr.medium`); a printed card, or anything unsure, as the card.
    """
    from readers.errors import QrError
    from readers.qr.decode import DEFAULT_BUDGET_S, decode_frame, load_gray_image  # loaded only for an image
    from readers.qr.medium import classify_medium

    try:
        gray = load_gray_image(path)
        texts = decode_frame(gray, budget_s=max(DEFAULT_BUDGET_S, 1.0))   # as decode_file does
    except QrError as e:
        raise InputError(str(e), code=e.code) from None
    if not texts:
        raise InputError("No QR code was found in the image.", code="qr_not_found")
    first_error: InputError | None = None
    medium = classify_medium(gray).value
    for text in texts:
        try:
            return identity_from_qr(text, medium=medium)
        except InputError as e:
            first_error = first_error or e
    assert first_error is not None  # texts is not empty
    raise first_error


@dataclass(frozen=True)
class CheckInReport:
    """What one finished check-in came to (no personal data beyond masked forms)."""

    identity: Identity
    client_id: str
    eligibility: EligibilityResult | None
    pending: bool
    ticket: Ticket | None
    counter: CounterOutcome | None
    chip: dict | None = None      # with --chip: reader, protocol, authentication level
    benefit: Benefit | None = None
    next_step: NextStep | None = None   # what the core decided after eligibility (the kiosk's next screen)

    @property
    def exit_code(self) -> ExitCode:
        """OK, PENDING, COUNTER, or CONFIG for a counter caused by the gateway account's setup.

        PENDING also covers a ticket from the kiosk's own block: the registration
        is safe in the offline queue but the hospital has not confirmed it yet.
        """
        if self.ticket is not None:
            return ExitCode.PENDING if (self.pending or self.ticket.pending) else ExitCode.OK
        return ExitCode.CONFIG if self.counter and self.counter.config_error else ExitCode.COUNTER

    def as_dict(self) -> dict:
        """The report as JSON-able data."""
        e, t, c = self.eligibility, self.ticket, self.counter
        return {
            "outcome": "ticket" if t else "counter",
            "next_step": None if self.next_step is None else self.next_step.value,
            "exit_code": int(self.exit_code),
            "client_id": self.client_id,
            "identity": {"card": mask_digits(self.identity.card_number), "source": self.identity.source.value},
            "chip": self.chip,
            "presented_as": self.identity.presented_as,
            "benefit": None if self.benefit is None else {
                k: v for k, v in self.benefit.as_dict().items()
                if k in ("percent", "card_level", "factor", "reason", "ma_doituong_kcb", "provisional", "rule",
                         "source", "verified", "staff_confirm", "muc_huong", "referral", "appointment")},
            "eligibility": None if e is None else {
                "status": e.status.value, "code": e.code or None, "decision": e.decision.value,
                "route": e.route.value, "pending": self.pending, "patient_vi": e.patient_vi,
                "patient_en": e.patient_en, "card": mask_digits(e.card_number),
                "new_card": mask_digits(e.new_card_number) or None,
                "valid_to": e.valid_to.isoformat() if e.valid_to else None},
            "ticket": None if t is None else {
                "number": t.number, "room": t.room, "department": t.department.code,
                "department_vi": t.department.name_vi, "department_en": t.department.name_en,
                "issued_at": t.issued_at.isoformat(timespec="seconds"), "priority": t.priority,
                "existing": t.existing, "pending": t.pending, "hospital_id": t.hospital_id,
                "registration_id": t.registration_id},
            "counter": None if c is None else {
                "reason": c.reason, "status": c.status.value, "config_error": c.config_error,
                "patient_vi": c.patient_vi, "patient_en": c.patient_en},
        }

    def as_text(self, language: str = "en") -> str:
        """A few plain lines for a terminal."""
        e, t, c = self.eligibility, self.ticket, self.counter
        lines = [(f"Patient      {mask_digits(self.identity.card_number)} ({mask_name(self.identity.full_name)}),"
                 f" via {self.identity.source.value}")]
        if self.chip is not None:
            lines.append(f"Chip         {self.chip['protocol']}, {self.chip['authentication']}"
                         f" ({self.chip['reader']})")
        if e is not None:
            said = e.patient_en if language == "en" else e.patient_vi
            code = f" (code {e.code})" if e.code else ""
            route = {"right": ", registered here", "wrong": ", registered elsewhere"}.get(e.route.value, "")
            lines.append(f"Eligibility  {e.status.value}{code}{route}: {said}")
        b = self.benefit
        if b is not None:
            share = f"{b.muc_huong} %" if b.percent is not None else "to be confirmed by staff"
            lines.append(f"Benefit      {share} ({b.reason}; rule {b.rule or '-'}: {b.source or 'no rule'}; "
                         f"MA_DOITUONG_KCB {b.ma_doituong_kcb or '-'}, provisional)")
        if t is not None:
            name = t.department.name_en if language == "en" else t.department.name_vi
            flags = "".join([", priority" if t.priority else "",
                             ", already issued earlier today" if t.existing else "",
                             ", kiosk number: waiting for the hospital system" if t.pending else ""])
            lines.append(f"Ticket       {t.number}  room {t.room}  {name}  {t.issued_at:%H:%M}{flags}")
        if c is not None:
            said = c.patient_en if language == "en" else c.patient_vi
            lines.append(f"Counter      {said} (reason {c.reason}, {c.status.value})")
        return "\n".join(lines)


def quiet_logs(args) -> None:
    """Keep the core's warnings off stderr (the outcome or one error sentence says it all) unless --debug.

    Only the stderr handler is quietened: the log file still records the check-in (redacted).
    """
    if not getattr(args, "debug", False):
        from kiosk.logging_setup import quiet_stderr
        quiet_stderr(logging.CRITICAL)


def perform_checkin(flow: CheckIn, identity: Identity, department: str | None = None,
                    priority: bool = False, referral=None, appointment: str | None = None) -> CheckInReport:
    """Drive ``flow`` from IDLE to TICKET or COUNTER; errors propagate (the flow is then in ERROR).

    A referral or appointment given on the command line is the answer to the
    kiosk's slip question; without one the patient simply has no slip.
    """
    flow.identify(identity)
    if flow.check_eligibility() is State.ELIGIBILITY_SHOWN and (
            flow.outcome.step is NextStep.SLIP_QUESTION or referral is not None or appointment is not None):
        flow.give_slips(referral, appointment)   # the CLI's answer to the slip question: what it was given
    step = flow.outcome.step
    if step is not NextStep.COUNTER:   # a CLI patient always takes the "go on" choice
        departments = flow.load_departments()
        flow.choose_department(department or departments[0].code, priority)
    return CheckInReport(identity=identity, client_id=flow.client_id, eligibility=flow.eligibility,
                         pending=flow.eligibility_pending, ticket=flow.ticket, counter=flow.counter,
                         benefit=flow.benefit, next_step=step)


def run(args, config: Config) -> int:
    """Check one patient in and print the outcome."""
    from readers.errors import ReaderError
    quiet_logs(args)
    chip = None
    # the facility's date bounds birth dates and referrals, whatever zone this PC's clock runs in
    today = args.as_of or facility_now(config.facility.time_zone)().date()
    try:
        keys = identity = None
        resolve(args, PERSONAL_OPTIONS)
        if args.chip:
            from kiosk.cli.checkin_chip import chip_keys
            if args.qr_image is not None or args.card_number is not None:
                raise InputError("--chip takes its key from --id-number, --can or --qr-text.",
                                 code="chip_key_missing")
            keys = chip_keys(args)          # bad input refused before anything opens
        else:
            identity = identity_from_args(args, today)
        referral = parse_referral(args.referral, today) if args.referral else None
        appointment = parse_appointment_id(args.appointment) if args.appointment is not None else None
        with KioskServices.open(config, redactor=getattr(args, "redactor", None), as_of=args.as_of,
                                record_metrics=False) as services:   # one process, one check-in: no scrape
            if keys is not None:            # the root's chip service, the one the kiosk reads through
                chip = services.chip.read(keys, reader=args.reader, photo=False)
                identity = chip.identity
            if identity is None:            # the chip answered without an identity
                raise InputError("The chip gave no identity; check the patient in by QR or ID number.",
                                 code="chip_no_identity")
            if args.presented_as:
                identity = dataclasses.replace(identity, shown_as=args.presented_as)
            report = perform_checkin(services.new_checkin(), identity, args.department, args.priority,
                                     referral, appointment)
    except KioskError as e:
        if args.json:  # stdout stays parseable; the sentence still goes to stderr
            print(json.dumps({"outcome": "error", "error": e.code, "message": e.detail,
                              "retryable": e.retryable, "exit_code": e.exit_code}, ensure_ascii=False))
        raise
    except ReaderError as e:
        if args.json:
            print(json.dumps({"outcome": "error", "error": e.code, "message": str(e), "retryable": True,
                              "exit_code": int(ExitCode.READER)}, ensure_ascii=False))
        raise
    if chip is not None:
        report = dataclasses.replace(report, chip=chip.as_dict())
    if report.ticket is not None:   # the time shown is the facility's wall clock
        report = dataclasses.replace(report, ticket=dataclasses.replace(
            report.ticket, issued_at=in_facility_time(report.ticket.issued_at, config.facility.time_zone)))
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.as_text(config.kiosk.language))
    return report.exit_code
