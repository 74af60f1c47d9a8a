"""The long insurance QR of the VssID app and of recent paper cards, for synthetic citizens.

About 15 ``|``-separated fields ending in ``$`` (reference: benefit-rules-2026.md
§6): code, hex UTF-8 name, birth date, sex, hex UTF-8 address, registered
facility, validity from/to, issue date, BHXH number, ``-``, benefit level,
five-year date, a checksum-like token, ``$``. Every value here is invented;
the token is a hash of the other fields so the text is stable for a citizen.
"""

from __future__ import annotations

import hashlib
from datetime import date

from devkit.simulator.citizens import Citizen


def vssid_qr_text(citizen: Citizen, today: date = date(2026, 6, 1)) -> str | None:
    """The 15-field insurance QR text of ``citizen`` (None when they have no insurance card)."""
    if not citizen.bhyt_code:
        return None
    start, end = citizen.validity(today)
    facility = citizen.registered_facility
    fields = [
        citizen.bhyt_code,
        citizen.full_name.encode().hex(),
        citizen.birth.strftime("%d/%m/%Y"),
        "1" if citizen.sex == "M" else "2",
        citizen.address.encode().hex(),
        f"{facility[:2]} - {facility[2:]}",
        start.strftime("%d/%m/%Y"),
        end.strftime("%d/%m/%Y"),
        start.strftime("%d/%m/%Y"),
        citizen.bhxh_number,
        "-",
        citizen.bhyt_code[2],
        date(max(citizen.birth.year + 18, 2021), 1, 1).strftime("%d/%m/%Y"),
    ]
    digest = hashlib.sha256("|".join(fields).encode()).hexdigest()
    fields += [f"{digest[:16]}-{digest[16:20]}", "$"]
    return "|".join(fields)
