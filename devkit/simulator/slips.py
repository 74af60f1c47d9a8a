"""Synthetic referral slips and re-visit appointments for the simulated citizens.

Referral dates are relative to the day asked about, so the data never goes
stale; which ones are valid is for the kiosk's rules to decide (working days
with the holiday file, one year for Appendix III diseases), not for the
simulator. Appointments live in the simulated hospital (single use).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class SimReferral:
    """A referral slip one citizen carries (its text is the ``--referral`` form)."""

    key: str
    number: str
    facility: str
    days_before: int            # signed this many calendar days before the visit
    diagnosis: str | None = None
    note: str = ""

    def signed(self, today: date) -> date:
        """The signing date for a visit on ``today``."""
        return today - timedelta(days=self.days_before)

    def text(self, today: date) -> str:
        """``NUMBER:FACILITY:DD/MM/YYYY[:ICD]`` for a visit on ``today``."""
        base = f"{self.number}:{self.facility}:{self.signed(today):%d/%m/%Y}"
        return f"{base}:{self.diagnosis}" if self.diagnosis else base


REFERRALS: tuple[SimReferral, ...] = (
    SimReferral("fresh", "CV-0101/2026", "92001", 1, note="signed yesterday: valid"),
    SimReferral("expired", "CV-0102/2026", "92001", 30, note="signed 30 days ago: past 10 working days"),
    SimReferral("chronic", "CV-0103/2026", "92001", 200, "E11.9", note="diabetes: valid for a year"),
    SimReferral("chronic-expired", "CV-0104/2025", "92001", 400, "E11.9", note="diabetes, over a year old"),
)

# appointment id → used already? (the hospital's own record; single use)
APPOINTMENTS: dict[str, bool] = {
    "HK-2026-0001": False,   # fresh
    "HK-2026-0002": True,    # used at an earlier visit
    "HK-2026-0003": False,   # fresh (a second one, for tests that use one up)
}


def referral(key: str) -> SimReferral:
    """The synthetic referral with this handle; KeyError if none."""
    for r in REFERRALS:
        if r.key == key:
            return r
    raise KeyError(key)
