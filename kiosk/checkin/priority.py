"""Priority groups the kiosk can tell from the birth date alone (no Qt).

The kiosk brief's priority groups include people of 80 and over and children
under 6. Both follow from the birth date the card already gave us, so the
kiosk pre-selects them instead of asking the patient to declare them.
"""

from __future__ import annotations

from datetime import date

OVER_80, UNDER_6 = "over-80", "under-6"


def _age_range(birth: str, today: date) -> tuple[int, int] | None:
    """(youngest, oldest) possible age in whole years for ``dd/MM/yyyy`` or ``yyyy``; None if unreadable."""
    parts = birth.strip().split("/")
    try:
        if len(parts) == 3:
            day, month, year = (int(p) for p in parts)
            if 1 <= month <= 12 and 1 <= day <= 31:
                age = today.year - year - ((today.month, today.day) < (month, day))
                return age, age
            parts = [parts[2]]     # day/month unknown (00/00/yyyy): only the year counts
        if len(parts) == 1:
            year = int(parts[0])
            # born some time in ``year``: the birthday may or may not have passed yet
            return today.year - year - 1, today.year - year
    except ValueError:
        return None
    return None


def derived_priority(birth: str, today: date) -> str | None:
    """``"over-80"``, ``"under-6"`` or None; only when the birth date leaves no doubt."""
    ages = _age_range(birth or "", today)
    if ages is None:
        return None
    youngest, oldest = ages
    if youngest >= 80:
        return OVER_80
    if 0 <= oldest < 6:
        return UNDER_6
    return None
