"""The expected benefit of one visit: facility rule × the card's own level.

Replaces the pre-2025 "route": the patient registered here (``maDKBD`` is this
facility or one IT lists as equivalent) gets the full benefit; otherwise the
reason (emergency, referral slip, re-visit appointment) and the facility's
profile pick a rule of the dated table, whose factor multiplies the card's
level (the benefit digit of the 15-character code). Anything unknown or
unconfirmed becomes "staff will confirm", never a refusal. Everything
computed here is provisional: the hospital system sets the final codes when
the visit ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.rules.calendar import HolidayCalendar
from kiosk.rules.codes import CodeList
from kiosk.rules.slips import Appointment, AppointmentStatus, ChronicDiseases, Referral, SlipCheck, check_referral
from kiosk.rules.table import Case, FacilityProfile, Rule, RuleTable

REASONS = ("registered", "referral", "appointment", "emergency", "five_years", "not_registered", "unknown")
_CARD_CODE = re.compile(r"[A-Z]{2}[1-5][0-9]{2}[0-9]{10}")

CONFIRM_VI = "Thẻ bảo hiểm y tế của bạn hợp lệ; nhân viên sẽ xác nhận mức hưởng."
CONFIRM_EN = "Your health insurance card is valid; staff will confirm the level of cover."


def percent_text(value: float) -> str:
    """``80.0`` → ``80``, ``47.5`` → ``47.5``: the MUC_HUONG form (at most 4 characters)."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text[:4]


@dataclass(frozen=True)
class Benefit:
    """What the insurance is expected to pay for this visit, and the rule that says so."""

    percent: float | None          # card level × factor; None when staff must confirm
    card_level: int | None         # the benefit digit of the card code
    factor: float | None
    reason: str                    # one of REASONS
    ma_doituong_kcb: str | None    # provisional
    rule: str | None
    source: str
    verified: bool
    staff_detail: str
    referral: Referral | None = None
    appointment: Appointment | None = None
    registered_here: bool | None = None
    provisional: bool = True

    @property
    def staff_confirm(self) -> bool:
        """True when the patient is told that staff will confirm the benefit."""
        return self.percent is None or not self.verified or self.percent == 0

    @property
    def muc_huong(self) -> str | None:
        """``MUC_HUONG``: the expected percent as text of up to 4 characters (None when unknown)."""
        return None if self.percent is None else percent_text(self.percent)

    @property
    def patient_vi(self) -> str:
        """The one sentence a patient reads, in Vietnamese."""
        if self.staff_confirm or self.percent is None:  # None exactly when staff must confirm
            return CONFIRM_VI
        return f"Bảo hiểm y tế chi trả {percent_text(self.percent)} % chi phí trong phạm vi quyền lợi."

    @property
    def patient_en(self) -> str:
        """The one sentence a patient reads, in English."""
        if self.staff_confirm or self.percent is None:
            return CONFIRM_EN
        return f"Health insurance pays {percent_text(self.percent)} % of the costs within your benefits."

    def as_dict(self) -> dict:
        """The ``benefit`` block of ``kiosk checkin --json`` and of the registration."""
        return {"percent": self.percent, "card_level": self.card_level, "factor": self.factor,
                "reason": self.reason, "ma_doituong_kcb": self.ma_doituong_kcb,
                "provisional": self.provisional, "rule": self.rule, "source": self.source,
                "verified": self.verified, "staff_confirm": self.staff_confirm,
                "muc_huong": self.muc_huong,
                "referral": self.referral.as_dict() if self.referral else None,
                "appointment": self.appointment.as_dict() if self.appointment else None}


def card_level(card_number: str | None) -> int | None:
    """The benefit digit (1-5) of a 15-character card code; None for any other number."""
    number = (card_number or "").upper()
    return int(number[2]) if _CARD_CODE.fullmatch(number) else None


class BenefitRules:
    """The rules table, calendar and lists of one kiosk, applied to its facility profile."""

    def __init__(self, table: RuleTable, facility: FacilityProfile, calendar: HolidayCalendar,
                 chronic: ChronicDiseases, codes: CodeList) -> None:
        self.table, self.facility, self.calendar = table, facility, calendar
        self.chronic, self.codes = chronic, codes

    def registered_here(self, registered_facility: str | None) -> bool | None:
        """True/False by ``maDKBD``; None when the gateway did not say."""
        if not registered_facility:
            return None
        return registered_facility == self.facility.code or registered_facility in self.facility.equivalent

    def rule(self, reason: str, registered: bool, on: date, care: str = "outpatient") -> Rule | None:
        """The rule in force for a reason (None when the table has none)."""
        return self.table.rule_for(self.facility, Case(care, registered, reason), on)

    def slip_matters(self, registered_facility: str | None, on: date, care: str = "outpatient") -> bool:
        """True when asking "referral or appointment?" can change the benefit (not registered here,
        and the rule without a slip is not a confirmed full benefit)."""
        if self.registered_here(registered_facility) is not False:
            return False
        rule = self.rule("not_registered", False, on, care)
        return rule is None or rule.factor is None or rule.factor < 1 or not rule.verified

    def check_referral(self, referral: Referral, on: date) -> SlipCheck:
        """The referral's validity on ``on`` under this table's policy."""
        return check_referral(referral, on, self.table.referral, self.calendar, self.chronic)

    def decide(self, *, card_number: str | None, registered_facility: str | None, on: date,
               five_years: date | None = None, care: str = "outpatient", referral: Referral | None = None,
               appointment: Appointment | None = None, emergency: bool = False) -> Benefit:
        """The expected benefit for an insured patient on ``on``."""
        notes: list[str] = []
        registered = self.registered_here(registered_facility)
        if emergency:
            reason = "emergency"
        elif registered is None:
            reason = "unknown"
            notes.append("the gateway did not give the registered facility (maDKBD)")
        elif registered:
            reason = "registered"
        else:
            reason = "not_registered"
            if referral is not None:
                check = self.check_referral(referral, on)
                notes.append(check.detail)
                if check.valid:
                    reason = "referral"
            if reason == "not_registered" and appointment is not None:
                notes.append(f"appointment {appointment.status.value}")
                if appointment.status is AppointmentStatus.FRESH:
                    reason = "appointment"
        level = card_level(card_number)
        card_pct = self.table.card_levels.get(str(level)) if level is not None else None
        if level is None:
            notes.append("no 15-character card code: the card's level is unknown")
        rule = None if reason == "unknown" else self.rule(reason, bool(registered), on, care)
        if rule is None:
            return Benefit(None, level, None, reason, None, None, "", False,
                           "; ".join(notes + [f"no rule in force for {reason} on {on:%d/%m/%Y}"]),
                           referral, appointment, registered)
        factor, code, verified, shown_rule, source = (rule.factor, rule.ma_doituong_kcb, rule.verified,
                                                      rule, rule.source)
        if (five_years is not None and five_years <= on and card_pct is not None and card_pct < 100
                and reason != "emergency"):
            five = self.rule("five_years", bool(registered), on, care)
            if five is not None:
                notes.append(f"5 continuous years since {five_years:%d/%m/%Y}: {five.note or five.source}")
                reason, shown_rule, source = "five_years", five, five.source
                verified = verified and five.verified
                if five.card_percent is not None:
                    card_pct = five.card_percent
        if code is not None and code not in self.codes:  # a hand-edited code list lost it
            notes.append(f"code {code} is not in the code list")
            code, verified = None, False
        percent = card_pct * factor if (card_pct is not None and factor is not None) else None
        if not verified:
            notes.append("rule not confirmed: staff confirm the benefit")
        detail = f"rule {shown_rule.id} ({source})" + (f"; {rule.note}" if rule.note and rule is shown_rule else "")
        return Benefit(percent, level, factor, reason, code, shown_rule.id, source, verified,
                       "; ".join([detail] + notes), referral, appointment, registered)
