"""Turn one gateway answer into an :class:`EligibilityResult` (pure, no I/O).

Rules (reference sections 2 and 4): the result code decides first (see
:mod:`kiosk.gateway.codes`); a 000/004 card must also be valid today
(``gtTheTu..gtTheDen``), and its registered facility ``maDKBD`` decides the
route: right when it is this facility or one configured as right route,
otherwise wrong (still accepted, staff confirm). Error answers often omit
``maThe``/``hoTen``/``ngaySinh``: what was sent is kept.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.config import FacilitySettings
from kiosk.domain import Decision, EligibilityResult, Route, Sex, StaffStatus
from kiosk.gateway.codes import (
    EXPIRED_BY_DATE,
    NEW_CARD_UNCONFIRMED,
    NO_DATES,
    NOT_YET_VALID,
    WRONG_ROUTE,
    CodeInfo,
    info_for,
)
from kiosk.gateway.formats import parse_birth_answer, parse_gateway_date, result_code

_SEX = {"nam": Sex.MALE, "nữ": Sex.FEMALE, "nu": Sex.FEMALE, "1": Sex.MALE, "2": Sex.FEMALE}


@dataclass(frozen=True)
class Asked:
    """What the kiosk sent (normalized): kept when the answer leaves fields out."""

    card_number: str
    full_name: str
    birth: str


def route_for(registered: str | None, facility: FacilitySettings) -> Route:
    """RIGHT ("registered here") when ``maDKBD`` is this facility or one IT lists as equivalent; UNKNOWN when absent."""
    if not registered:
        return Route.UNKNOWN
    if (registered == facility.code or registered in facility.right_route_facilities
            or registered in facility.equivalent_facilities):
        return Route.RIGHT
    return Route.WRONG


def _text(body: dict, key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


_CARD_NUMBER = re.compile(r"[A-Z]{2}[1-5][0-9]{2}[0-9]{10}|[0-9]{10}")


def card_number_of(body: dict, asked: Asked) -> tuple[str, str | None]:
    """The card number to register, and a staff note when the gateway's ``maThe`` could not be used.

    The gateway echoes ``maThe``; looked up by a 12-digit ID number some
    gateways echo the ID number itself, which the hospital refuses as a card.
    Only a 15-character code or a 10-digit BHXH number is taken; otherwise
    the answer's ``maSoBHXH``, then what the patient presented.
    """
    echoed = (_text(body, "maThe") or "").upper()
    if not echoed or _CARD_NUMBER.fullmatch(echoed):
        return echoed or asked.card_number.upper(), None
    bhxh = _text(body, "maSoBHXH") or ""
    if re.fullmatch(r"[0-9]{10}", bhxh):
        return bhxh, "gateway maThe is not a card code: the 10-digit BHXH number (maSoBHXH) is used"
    return asked.card_number.upper(), "gateway maThe is not a card code: the number presented is used"


def note_of(body: dict) -> str:
    """The gateway's human sentence; it spells the key ``ghiChu`` or ``GhiChu``."""
    return _text(body, "ghiChu") or _text(body, "GhiChu") or ""


def _with_info(result: EligibilityResult, info: CodeInfo, note: str, *,
               decision: Decision | None = None, code: str | None = None) -> EligibilityResult:
    return dataclasses.replace(result, code=code or result.code, decision=decision or info.decision,
                               status=info.status, patient_vi=info.patient_vi,
                               patient_en=info.patient_en, staff_detail=info.staff_detail(note))


def _check_card(result: EligibilityResult, info: CodeInfo, note: str,
                today: date) -> EligibilityResult:
    """Dates then route, for an answer whose code accepts the (old) card."""
    if result.valid_from is None or result.valid_to is None:
        return _with_info(result, NO_DATES, note, code=result.code)
    if today < result.valid_from:
        return _with_info(result, NOT_YET_VALID, note, code=result.code)
    if today > result.valid_to:
        return _with_info(result, EXPIRED_BY_DATE, note, code=result.code)
    if result.route is Route.RIGHT:
        return _with_info(result, info, note)
    return _with_info(result, WRONG_ROUTE, note, decision=info.decision)


def evaluate(body: dict, asked: Asked, facility: FacilitySettings, today: date,
             checked_at: datetime | None = None) -> EligibilityResult:
    """The result for one lookup answer ``body`` (a dict holding ``maKetQua``).

    A 003 comes back as "new card unconfirmed" (counter) with ``new_card_number``
    set: the client re-checks the new card and calls :func:`confirm_new_card`.
    """
    code = result_code(body)
    info = info_for(code)
    note = note_of(body)
    registered = _text(body, "maDKBD")
    card_number, card_note = card_number_of(body, asked)
    if card_note:
        note = f"{note}; {card_note}" if note else card_note
    result = EligibilityResult(
        code=code, decision=info.decision, status=info.status, patient_vi=info.patient_vi,
        patient_en=info.patient_en, staff_detail=info.staff_detail(note),
        card_number=card_number,
        full_name=_text(body, "hoTen") or asked.full_name,
        birth=parse_birth_answer(body.get("ngaySinh")) or asked.birth,
        sex=_SEX.get((_text(body, "gioiTinh") or "").lower(), Sex.UNKNOWN),
        valid_from=parse_gateway_date(body.get("gtTheTu")),
        valid_to=parse_gateway_date(body.get("gtTheDen")),
        registered_facility=registered, route=route_for(registered, facility),
        new_card_number=(_text(body, "maTheMoi") or "").upper() or None,
        new_valid_from=parse_gateway_date(body.get("gtTheTuMoi")),
        new_valid_to=parse_gateway_date(body.get("gtTheDenMoi")),
        five_years=parse_gateway_date(body.get("ngayDu5Nam")),
        checked_at=checked_at, raw=dict(body))
    if code in ("000", "004"):
        return _check_card(result, info, note, today)
    if code == "003":
        return _with_info(result, NEW_CARD_UNCONFIRMED, note, code="003")
    return result


def confirm_new_card(first: EligibilityResult, recheck: EligibilityResult | None) -> EligibilityResult:
    """Combine a 003 answer with the re-check of its new card (``maTheMoi``).

    Accepted with the NEW card only when the re-check answered 000 and the
    new card is valid today; otherwise the patient goes to the counter.
    """
    info = info_for("003")
    first_note = first.staff_detail
    if recheck is None or recheck.code != "000" or not recheck.insured:
        why = "no new card number in the answer" if recheck is None else \
            f"re-check of the new card: {recheck.staff_detail}"
        return dataclasses.replace(first, decision=Decision.COUNTER, status=StaffStatus.COUNTER,
                                   staff_detail=f"{first_note}; {why}")
    status = StaffStatus.WRONG_ROUTE if recheck.route is not Route.RIGHT else info.status
    patient_vi, patient_en = ((WRONG_ROUTE.patient_vi, WRONG_ROUTE.patient_en)
                              if status is StaffStatus.WRONG_ROUTE else (info.patient_vi, info.patient_en))
    return dataclasses.replace(
        recheck, code="003", decision=Decision.ACCEPT_NEW_CARD, status=status,
        patient_vi=patient_vi, patient_en=patient_en,
        staff_detail=f"{info.staff_detail()} (old card {first.card_number}); re-check: {recheck.staff_detail}",
        new_card_number=recheck.card_number, new_valid_from=recheck.valid_from,
        new_valid_to=recheck.valid_to, raw={"first": first.raw, "recheck": recheck.raw})
