"""Validation of ``POST /registrations`` bodies, as a strict hospital system would do it.

Returns ``(reason, message)`` for the first problem, or None. Messages name
the field, never its value (the value may be personal data).
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from kiosk.rules.codes import load_code_list

IDENTITY_SOURCES = ("chip-authenticated", "chip", "qr-id-card", "qr-insurance-card", "typed", "staff")
ELIGIBILITY_STATUSES = ("verified", "verified-new-card", "wrong-route", "pending")
# Statuses the kiosk may register only with a staff override (the gateway's other status words).
OVERRIDE_STATUSES = ELIGIBILITY_STATUSES + ("expired", "not-found", "name-birth-mismatch", "gateway-error",
                                            "counter")
OVERRIDE_CLASSES = ("insured-confirmed", "service-patient")
OVERRIDE_REASONS = ("wrong-route-confirmed", "card-checked-by-staff", "self-paying", "emergency", "other")
XML0_FIELDS = ("MA_LK", "MA_BN", "HO_TEN", "SO_CCCD", "NGAY_SINH", "GIOI_TINH", "MA_THE_BHYT", "MA_DKBD",
               "GT_THE_TU", "GT_THE_DEN", "MA_DOITUONG_KCB", "NGAY_VAO", "MA_CSKCB")
# the hospital validates against the same QĐ 3276 list the kiosk ships (no bare "3")
CODE_LIST = load_code_list()
PRESENTED_AS = ("chip", "id_qr", "vneid", "vssid", "insurance_card", "typed", "birth_certificate")
BENEFIT_REASONS = ("registered", "referral", "appointment", "emergency", "five_years", "not_registered", "unknown")
_CARD = re.compile(r"[A-Z]{2}[1-5][0-9]{2}[0-9]{10}|[0-9]{10}")

Problem = tuple[str, str]


def _bad(field: str, what: str) -> Problem:
    return "invalid_field", f"{field} {what}."


def _date(text: object, fmt: str) -> bool:
    try:
        datetime.strptime(str(text), fmt)
        return True
    except ValueError:
        return False


def _birth_ok(text: object) -> bool:
    """yyyyMMddHHmm, or yyyy + eight zeros when only the year is known (QĐ 130)."""
    s = str(text)
    if not re.fullmatch(r"\d{12}", s):
        return False
    if s[4:] == "00000000":
        return True
    if s[6:] == "000000":  # month and year known
        return 1 <= int(s[4:6]) <= 12
    return _date(s, "%Y%m%d%H%M")


def _check_xml0(xml0: object, client_id: str) -> Problem | None:
    if not isinstance(xml0, dict):
        return _bad("xml0", "must be an object")
    missing = [f for f in XML0_FIELDS if f not in xml0]
    if missing:
        return "missing_field", f"xml0.{missing[0]} is required (null when unknown)."
    checks = [
        ("MA_LK", xml0["MA_LK"] == client_id, "must equal client_id"),
        ("MA_BN", xml0["MA_BN"] is None or (isinstance(xml0["MA_BN"], str) and len(xml0["MA_BN"]) <= 100),
         "must be null or text"),
        ("HO_TEN", isinstance(xml0["HO_TEN"], str) and 0 < len(xml0["HO_TEN"].strip()) <= 255,
         "must be a name"),
        ("SO_CCCD", xml0["SO_CCCD"] is None or re.fullmatch(r"\d{12}", str(xml0["SO_CCCD"])),
         "must be null or 12 digits"),
        ("NGAY_SINH", _birth_ok(xml0["NGAY_SINH"]), "must be yyyyMMddHHmm (yyyy00000000 for a year only)"),
        ("GIOI_TINH", xml0["GIOI_TINH"] in (1, 2, 3), "must be 1, 2 or 3"),
        ("MA_THE_BHYT", xml0["MA_THE_BHYT"] is None or _CARD.fullmatch(str(xml0["MA_THE_BHYT"])),
         "must be null, a 15-character card code or a 10-digit number"),
        ("MA_DKBD", xml0["MA_DKBD"] is None or re.fullmatch(r"\d{5}", str(xml0["MA_DKBD"])),
         "must be null or 5 digits"),
        ("GT_THE_TU", xml0["GT_THE_TU"] is None or _date(xml0["GT_THE_TU"], "%Y%m%d"), "must be null or yyyyMMdd"),
        ("GT_THE_DEN", xml0["GT_THE_DEN"] is None or _date(xml0["GT_THE_DEN"], "%Y%m%d"),
         "must be null or yyyyMMdd"),
        ("MA_DOITUONG_KCB", xml0["MA_DOITUONG_KCB"] is None or xml0["MA_DOITUONG_KCB"] in CODE_LIST,
         "must be null or a code of the QĐ 3276 list"),
        ("MUC_HUONG", xml0.get("MUC_HUONG") is None
         or (isinstance(xml0["MUC_HUONG"], str) and re.fullmatch(r"\d{1,3}(\.\d)?", xml0["MUC_HUONG"])
             and len(xml0["MUC_HUONG"]) <= 4 and float(xml0["MUC_HUONG"]) <= 100),
         "must be null or a percentage of up to 4 characters"),
        ("NGAY_VAO", re.fullmatch(r"\d{12}", str(xml0["NGAY_VAO"])) and _date(xml0["NGAY_VAO"], "%Y%m%d%H%M"),
         "must be yyyyMMddHHmm"),
        ("MA_CSKCB", re.fullmatch(r"\d{5}", str(xml0["MA_CSKCB"])), "must be 5 digits"),
    ]
    for name, ok, what in checks:
        if not ok:
            return _bad(f"xml0.{name}", what)
    if not (xml0["SO_CCCD"] or xml0["MA_THE_BHYT"]):
        return "no_patient_identifier", "xml0 needs SO_CCCD or MA_THE_BHYT to identify the patient."
    return None


def _check_override(override: object, elig: dict) -> Problem | None:
    """A staff override: who, when, a reason of a few words, its code, the original status, the class."""
    if not isinstance(override, dict):
        return _bad("override", "must be an object")
    missing = [f for f in ("staff", "at", "reason_code", "reason", "original_status", "original_code", "class")
               if f not in override]
    if missing:
        return "missing_field", f"override.{missing[0]} is required."
    reason = override["reason"]
    checks = [
        ("staff", isinstance(override["staff"], str) and 0 < len(override["staff"].strip()) <= 100,
         "must be the staff member's name"),
        ("at", isinstance(override["at"], str) and _iso(override["at"]), "must be an ISO date-time"),
        ("reason_code", override["reason_code"] in OVERRIDE_REASONS, "must be one of " + ", ".join(OVERRIDE_REASONS)),
        ("reason", isinstance(reason, str) and len(reason.split()) >= 3 and 10 <= len(reason.strip()) <= 500,
         "must be at least 3 words (10-500 characters)"),
        ("original_status", override["original_status"] == elig.get("status"), "must equal eligibility.status"),
        ("original_code", override["original_code"] == elig.get("code"), "must equal eligibility.code"),
        ("class", override["class"] in OVERRIDE_CLASSES, "must be one of " + ", ".join(OVERRIDE_CLASSES)),
    ]
    for name, ok, what in checks:
        if not ok:
            return _bad(f"override.{name}", what)
    return None


def _check_benefit(body: dict) -> Problem | None:
    """The optional blocks of 2026 kiosks: how the card was shown, the provisional benefit, the evidence."""
    check = body.get("identity_check")
    if check is not None and (not isinstance(check, dict)
                              or check.get("verified_by") not in ("chip+face", "chip", "qr", "typed")
                              or check.get("face") not in ("match", "no_match", "declined", "attack_suspected",
                                                           "not_done")):
        return _bad("identity_check", "must be {verified_by: chip+face|chip|qr|typed, face: match|no_match|…}")
    if "presented_as" in body and body["presented_as"] not in PRESENTED_AS:
        return _bad("presented_as", "must be one of " + ", ".join(PRESENTED_AS))
    benefit = body.get("benefit")
    if benefit is not None:
        if not isinstance(benefit, dict):
            return _bad("benefit", "must be an object")
        if benefit.get("reason") not in BENEFIT_REASONS:
            return _bad("benefit.reason", "must be one of " + ", ".join(BENEFIT_REASONS))
        if benefit.get("provisional") is not True:
            return _bad("benefit.provisional", "must be true (the hospital sets the final code)")
        if benefit.get("ma_doituong_kcb") is not None and benefit["ma_doituong_kcb"] not in CODE_LIST:
            return _bad("benefit.ma_doituong_kcb", "must be null or a code of the QĐ 3276 list")
        appointment = benefit.get("appointment")
        if appointment is not None and not (isinstance(appointment, dict) and isinstance(appointment.get("id"), str)):
            return _bad("benefit.appointment", "must be null or an object with an id")
    evidence = body.get("gateway_evidence")
    if evidence is not None and not (isinstance(evidence, dict) and isinstance(evidence.get("at"), str)
                                     and _iso(evidence["at"]) and isinstance(evidence.get("error"), str)):
        return _bad("gateway_evidence", "must be null or an object with at (ISO time) and error")
    return None


def _iso(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
        return True
    except ValueError:
        return False


def validate_registration(key: str, body: object, departments: dict) -> Problem | None:
    """The first problem with a registration request, or None when it can be registered."""
    try:
        uuid.UUID(key)
    except ValueError:
        return "bad_idempotency_key", "The Idempotency-Key header must be the registration's UUID."
    if not isinstance(body, dict):
        return "bad_json", "The body must be a JSON object."
    if body.get("client_id") != key:
        return "client_id_mismatch", "client_id must equal the Idempotency-Key header."
    if not isinstance(body.get("kiosk_id"), str) or not re.fullmatch(r"[A-Za-z0-9]{1,8}", body["kiosk_id"]):
        return _bad("kiosk_id", "must be 1-8 letters or digits")
    if not isinstance(body.get("priority"), bool):
        return _bad("priority", "must be true or false")
    if body.get("identity_source") not in IDENTITY_SOURCES:
        return _bad("identity_source", "must be one of " + ", ".join(IDENTITY_SOURCES))
    elig = body.get("eligibility")
    override = body.get("override")
    allowed = OVERRIDE_STATUSES if override is not None else ELIGIBILITY_STATUSES
    if not isinstance(elig, dict) or elig.get("status") not in allowed:
        if isinstance(elig, dict) and elig.get("status") in OVERRIDE_STATUSES:
            return _bad("eligibility.status", "must be one of " + ", ".join(ELIGIBILITY_STATUSES)
                        + " (any other status needs a staff override)")
        return _bad("eligibility.status", "must be one of " + ", ".join(allowed))
    if elig.get("code") is not None and not re.fullmatch(r"\d{3}", str(elig["code"])):
        return _bad("eligibility.code", "must be null or a 3-digit gateway result code")
    offline = body.get("offline_ticket")
    if offline is not None and not (isinstance(offline, str) and 0 < len(offline) <= 20):
        return _bad("offline_ticket", "must be null or up to 20 characters")
    problem = _check_xml0(body.get("xml0"), key)
    if problem:
        return problem
    problem = _check_benefit(body)
    if problem:
        return problem
    if override is not None:
        problem = _check_override(override, elig)
        if problem:
            return problem
    # an override may register without a card code (a service patient; or cover confirmed by staff on
    # the ID card alone, which SO_CCCD then carries)
    if elig["status"] != "pending" and override is None and not body["xml0"]["MA_THE_BHYT"]:
        return "missing_field", "xml0.MA_THE_BHYT is required when eligibility was verified."
    if not isinstance(body.get("department"), str) or body["department"] not in departments:
        return "unknown_department", "The department code is not one of this hospital's departments."
    return None
