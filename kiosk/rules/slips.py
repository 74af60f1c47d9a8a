"""Referral slips (phiếu chuyển cơ sở KCB) and re-visit appointments (phiếu hẹn khám lại).

A referral is valid for a number of working days from signing, or one year
for the chronic diseases of Circular 01/2025 Appendix III; both numbers, the
holiday calendar and the disease list are data (see :mod:`kiosk.rules.table`,
:mod:`kiosk.rules.calendar`). An appointment is single use: the hospital
system says whether it is still unused (:class:`AppointmentStatus`).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.errors import ConfigError, InputError
from kiosk.rules.calendar import HolidayCalendar
from kiosk.rules.table import PACKAGED, ReferralPolicy, read_toml

_SLIP_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9/._-]{0,29}")
_ICD = re.compile(r"[A-Z][0-9]{2}(\.?[0-9A-Z]{1,2})?")


@dataclass(frozen=True)
class Referral:
    """A referral slip as recorded at the kiosk or the station."""

    number: str
    facility: str        # the referring facility's 5-digit code
    signed: date
    diagnosis: str | None = None   # ICD-10 of the slip, when known (decides the 1-year validity)

    def as_dict(self) -> dict:
        """Wire form (registration body, JSON output); a slip number is not personal data."""
        return {"number": self.number, "facility": self.facility, "signed": self.signed.isoformat(),
                "diagnosis": self.diagnosis}


def parse_referral(text: str, today: date | None = None) -> Referral:
    """``NUMBER:FACILITY:DD/MM/YYYY[:ICD10]`` → :class:`Referral`; :class:`InputError` when malformed."""
    parts = [p.strip() for p in (text or "").split(":")]
    if len(parts) not in (3, 4):
        raise InputError("A referral is written NUMBER:FACILITY:DD/MM/YYYY (optionally :ICD10).",
                         code="bad_referral")
    number, facility, signed_text = parts[:3]
    if not _SLIP_NUMBER.fullmatch(number):
        raise InputError("The referral slip number must be 1-30 letters, digits or / . _ -.", code="bad_referral")
    if not re.fullmatch(r"\d{5}", facility):
        raise InputError("The referring facility must be a 5-digit facility code.", code="bad_referral")
    try:
        signed = datetime.strptime(signed_text, "%d/%m/%Y").date()
    except ValueError:
        raise InputError("The referral's signing date must be a real date written DD/MM/YYYY.",
                         code="bad_referral") from None
    if today is not None and signed > today:
        raise InputError("The referral's signing date is in the future.", code="bad_referral")
    diagnosis = None
    if len(parts) == 4 and parts[3]:
        diagnosis = parts[3].upper()
        if not _ICD.fullmatch(diagnosis):
            raise InputError("The referral's diagnosis must be an ICD-10 code such as E11 or I10.9.",
                             code="bad_referral")
    return Referral(number, facility, signed, diagnosis)


@dataclass(frozen=True)
class ChronicDiseases:
    """ICD-10 codes (3-character prefixes or ``A00-B99`` ranges) whose referrals last a year."""

    prefixes: frozenset[str]
    ranges: tuple[tuple[str, str], ...] = ()
    source: str = ""

    def covers(self, icd: str | None) -> bool:
        """True when ``icd`` (e.g. ``E11.9``) belongs to a listed disease."""
        if not icd:
            return False
        head = icd.upper().replace(".", "")[:3]
        return head in self.prefixes or any(lo <= head <= hi for lo, hi in self.ranges)


def load_chronic_diseases(path: str | Path | None = None) -> ChronicDiseases:
    """Read the chronic-disease list (the packaged one when ``path`` is None or empty)."""
    p = Path(path).expanduser() if path else PACKAGED / "chronic-diseases.toml"
    data = read_toml(p, "chronic-disease list")
    codes = data.get("codes")
    if not isinstance(codes, list) or not codes:
        raise ConfigError(f"{p.name}: codes must be a non-empty list")
    prefixes, ranges = set(), []
    for code in codes:
        text = str(code).strip().upper()
        if re.fullmatch(r"[A-Z]\d{2}", text):
            prefixes.add(text)
        elif re.fullmatch(r"[A-Z]\d{2}-[A-Z]\d{2}", text) and text[:3] <= text[4:]:
            ranges.append((text[:3], text[4:]))
        else:
            raise ConfigError(f"{p.name}: {code!r} is neither an ICD-10 prefix (E11) nor a range (C00-C97)")
    return ChronicDiseases(frozenset(prefixes), tuple(ranges), str(data.get("source", "")))


@dataclass(frozen=True)
class SlipCheck:
    """Whether a slip gives the full benefit today, and why (staff read ``detail``)."""

    valid: bool
    until: date | None
    detail: str


def check_referral(referral: Referral, on: date, policy: ReferralPolicy, calendar: HolidayCalendar,
                   chronic: ChronicDiseases) -> SlipCheck:
    """A referral's validity on ``on``: through the N-th working day after signing, or a year when chronic."""
    if on < referral.signed:
        return SlipCheck(False, None, "referral signed after the visit date")
    if chronic.covers(referral.diagnosis):
        until = referral.signed + timedelta(days=policy.chronic_days - 1)
        kind = f"chronic disease {referral.diagnosis}: {policy.chronic_days} days"
    else:
        until = calendar.add_working_days(referral.signed, policy.working_days)
        kind = f"{policy.working_days} working days"
        if not (calendar.covers(referral.signed) and calendar.covers(until)):
            kind += " (holiday calendar does not cover these dates: weekends only)"
    valid = on <= until
    state = "valid" if valid else "expired"
    return SlipCheck(valid, until, f"referral {state}: {kind} from {referral.signed:%d/%m/%Y}, "
                                   f"until {until:%d/%m/%Y} ({policy.source})")


class AppointmentStatus(str, enum.Enum):
    """What the hospital system says about a re-visit appointment."""

    FRESH = "fresh"          # booked and not used: gives the full benefit once
    USED = "used"            # already used for a visit
    UNKNOWN = "unknown"      # the hospital has no such appointment
    UNCHECKED = "unchecked"  # the hospital could not be asked: staff check it


@dataclass(frozen=True)
class Appointment:
    """A re-visit appointment slip and what the hospital said about it."""

    id: str
    status: AppointmentStatus = AppointmentStatus.UNCHECKED

    def as_dict(self) -> dict:
        """Wire form."""
        return {"id": self.id, "status": self.status.value}


def parse_appointment_id(text: str) -> str:
    """A typed or scanned appointment id (1-40 letters, digits, / . _ -); :class:`InputError` otherwise."""
    value = (text or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9/._-]{0,39}", value):
        raise InputError("The appointment id must be 1-40 letters, digits or / . _ -.", code="bad_appointment")
    return value
