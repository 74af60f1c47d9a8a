"""What the kiosk sends the hospital system, and what it answers.

A :class:`Registration` is the body of ``POST /registrations``
(docs/hospital-api.yaml). Besides the kiosk's own fields it carries the
QĐ 130 "XML0" check-in fields the hospital later reports to the insurer, so
it is built once, from the identity and the gateway's answer, and never
changes afterwards: a replay must send the very same body.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from kiosk.domain import Decision, Department, EligibilityResult, Identity, IdentitySource, Sex

if TYPE_CHECKING:
    from kiosk.rules import Benefit

# A number the hospital accepts in MA_THE_BHYT: the 15-character code or the 10-digit BHXH number.
_CARD_NUMBER = re.compile(r"[A-Z]{2}[1-5][0-9]{2}[0-9]{10}|[0-9]{10}")


def qd130_birth(birth: str) -> str:
    """``dd/MM/yyyy`` → ``yyyyMMdd0000``; ``yyyy`` → ``yyyy00000000`` (QĐ 130 NGAY_SINH, 12 chars)."""
    if len(birth) == 4:
        return birth + "00000000"
    if len(birth) == 7:  # MM/yyyy, as some gateway answers give it
        return birth[3:] + birth[:2] + "000000"
    return birth[6:10] + birth[3:5] + birth[0:2] + "0000"


def _ymd(d: date | None) -> str | None:
    return d.strftime("%Y%m%d") if d else None


@dataclass(frozen=True)
class Registration:
    """One check-in as the hospital system receives it.

    ``client_id`` (a UUID4 made once per check-in) is also the
    ``Idempotency-Key`` and the QĐ 130 ``MA_LK``. ``xml0`` holds the QĐ 130
    fields by their official names. ``offline_ticket`` is the number a kiosk
    printed while the hospital was unreachable (the hospital may keep it).
    """

    client_id: str
    kiosk_id: str
    department: str
    priority: bool
    identity_source: str
    eligibility_status: str
    eligibility_code: str | None
    eligibility_checked_at: str | None
    xml0: dict
    offline_ticket: str | None = None
    override: dict | None = None   # a staff override (kiosk/checkin/override.py), wire form
    # The patient already has today's number and asked for another clinic as well (a visit may
    # span several clinics); without it the hospital hands back the day's first ticket.
    additional_clinic: bool = False
    presented_as: str | None = None  # how the card was shown (chip, id_qr, vneid, vssid, insurance_card…)
    benefit: dict | None = None      # the provisional benefit (kiosk.rules.Benefit.as_dict)
    gateway_evidence: dict | None = None  # the failed lookup, masked (Decree 188/2025 Art. 38 §2)
    # how the identity was verified and the face result (docs/face.md): words only, never a face or score
    identity_check: dict | None = None

    def __repr__(self) -> str:  # the xml0 block is personal data: keep it out of logs
        return (f"Registration(client_id={self.client_id}, department={self.department}, "
                f"eligibility={self.eligibility_status}, kiosk={self.kiosk_id}, "
                f"override={(self.override or {}).get('class', '-')})")

    def with_offline_ticket(self, number: str | None) -> Registration:
        """The same registration carrying a kiosk-issued ticket number."""
        return replace(self, offline_ticket=number)

    def to_wire(self) -> dict:
        """The JSON body of ``POST /registrations``."""
        return {
            "client_id": self.client_id,
            "kiosk_id": self.kiosk_id,
            "department": self.department,
            "priority": self.priority,
            "identity_source": self.identity_source,
            "eligibility": {"status": self.eligibility_status, "code": self.eligibility_code,
                            "checked_at": self.eligibility_checked_at},
            "offline_ticket": self.offline_ticket,
            "xml0": dict(self.xml0),
            # only present on staff overrides, so ordinary bodies (and their replays) are unchanged
            **({"override": dict(self.override)} if self.override is not None else {}),
            # likewise only present when asked for, so earlier bodies replay byte for byte
            **({"additional_clinic": True} if self.additional_clinic else {}),
            **({"presented_as": self.presented_as} if self.presented_as is not None else {}),
            **({"benefit": dict(self.benefit)} if self.benefit is not None else {}),
            **({"gateway_evidence": dict(self.gateway_evidence)} if self.gateway_evidence is not None else {}),
            **({"identity_check": dict(self.identity_check)} if self.identity_check is not None else {}),
        }

    @classmethod
    def from_wire(cls, body: dict) -> Registration:
        """Inverse of :meth:`to_wire` (for a durable outbox); KeyError/TypeError on a bad dict."""
        elig = body["eligibility"]
        return cls(client_id=body["client_id"], kiosk_id=body["kiosk_id"], department=body["department"],
                   priority=bool(body["priority"]), identity_source=body["identity_source"],
                   eligibility_status=elig["status"], eligibility_code=elig.get("code"),
                   eligibility_checked_at=elig.get("checked_at"), xml0=dict(body["xml0"]),
                   offline_ticket=body.get("offline_ticket"),
                   override=dict(body["override"]) if body.get("override") is not None else None,
                   presented_as=body.get("presented_as"),
                   benefit=dict(body["benefit"]) if body.get("benefit") is not None else None,
                   gateway_evidence=(dict(body["gateway_evidence"]) if body.get("gateway_evidence") is not None
                                     else None),
                   additional_clinic=bool(body.get("additional_clinic", False)),
                   identity_check=dict(body["identity_check"]) if body.get("identity_check") is not None else None)


def eligibility_status(result: EligibilityResult | None, pending: bool) -> str:
    """The status word the hospital gets for a registrable gateway answer."""
    if pending or result is None:
        return "pending"
    if result.status.value == "wrong-route":  # registered elsewhere, benefit for staff to confirm
        return "wrong-route"
    if result.decision == Decision.ACCEPT_NEW_CARD:
        return "verified-new-card"
    return "verified"


def build_registration(*, client_id: str, identity: Identity, eligibility: EligibilityResult | None,
                       pending: bool, department: str, priority: bool, kiosk_id: str,
                       facility_code: str, arrived_at: datetime, benefit: Benefit | None = None,
                       gateway_evidence: dict | None = None) -> Registration:
    """Assemble the registration body from what the check-in learned.

    With a verified answer the gateway's name, sex, card and validity win over
    what the card QR said (they are what the insurer will compare against);
    while eligibility is pending only the identity is known. ``MA_DOITUONG_KCB``
    and ``MUC_HUONG`` come from the benefit rules and are provisional (the
    hospital system sets the final ones when the visit ends); a card number
    that is not a card code (e.g. an ID number a gateway echoed) is never sent
    as ``MA_THE_BHYT``.
    """
    uuid.UUID(client_id)  # a programming error if not: the hospital would refuse it anyway
    # the gateway's verified answer, when there is one
    gw = eligibility if eligibility is not None and not pending and eligibility.insured else None
    name = (gw.full_name if gw is not None and gw.full_name else identity.full_name)
    sex = gw.sex if gw is not None and gw.sex != Sex.UNKNOWN else identity.sex
    card = None
    if gw is not None:
        card = gw.new_card_number if (gw.decision == Decision.ACCEPT_NEW_CARD
                                       and gw.new_card_number) else gw.card_number
    elif identity.source == IdentitySource.QR_INSURANCE_CARD or len(identity.card_number) == 15:
        card = identity.card_number
    elif _CARD_NUMBER.fullmatch(identity.card_number) and identity.id_number is None:
        card = identity.card_number  # a child's 10-digit number typed alone
    if card is not None and not _CARD_NUMBER.fullmatch(card):
        card = None
    new_card = gw is not None and gw.decision == Decision.ACCEPT_NEW_CARD and gw.new_valid_from
    birth = identity.birth
    if gw is not None and gw.birth and len(gw.birth) > len(birth):
        birth = gw.birth     # typed: the year; the insurer's register knows the full date
    xml0 = {
        "MA_LK": client_id,
        "MA_BN": None,  # the hospital's own patient code: assigned by the hospital, returned as patient_id
        "HO_TEN": name,
        "SO_CCCD": identity.id_number,
        "NGAY_SINH": qd130_birth(birth),
        "GIOI_TINH": sex.qd130,
        "MA_THE_BHYT": card,
        "MA_DKBD": gw.registered_facility if gw is not None else None,
        "GT_THE_TU": _ymd(gw.new_valid_from if new_card else gw.valid_from) if gw is not None else None,
        "GT_THE_DEN": _ymd(gw.new_valid_to if new_card else gw.valid_to) if gw is not None else None,
        "MA_DOITUONG_KCB": benefit.ma_doituong_kcb if (gw is not None and benefit is not None) else None,
        "MUC_HUONG": benefit.muc_huong if (gw is not None and benefit is not None) else None,
        "NGAY_VAO": arrived_at.strftime("%Y%m%d%H%M"),
        "NGAY_VAO_NOI_TRU": None,   # QĐ 3176: the kiosk checks in outpatients only
        "LY_DO_VNT": None,
        "MA_LY_DO_VNT": None,
        "MA_CSKCB": facility_code,
    }
    status = eligibility_status(eligibility, pending)
    if gw is not None and card is None:  # the answer gave no usable card number: re-checked later, never refused
        status = "pending"
    checked = eligibility.checked_at.isoformat(timespec="seconds") if (
        eligibility is not None and eligibility.checked_at) else None
    return Registration(client_id=client_id, kiosk_id=kiosk_id, department=department, priority=priority,
                        identity_source=identity.source.value,
                        eligibility_status=status,
                        eligibility_code=(eligibility.code or None) if eligibility is not None else None,
                        eligibility_checked_at=checked, xml0=xml0, presented_as=identity.presented_as,
                        benefit=benefit.as_dict() if benefit is not None else None,
                        gateway_evidence=gateway_evidence)


@dataclass(frozen=True)
class Receipt:
    """The hospital's answer to a registration (new, replayed or the day's existing one)."""

    client_id: str
    hospital_id: str
    patient_id: str | None
    queue_number: str
    room: str
    department: Department
    issued_at: datetime
    priority: bool
    existing: bool

    def as_dict(self) -> dict:
        """Plain JSON-able form (for ``--json`` output and logs: no personal data in it)."""
        d = asdict(self)
        d["issued_at"] = self.issued_at.isoformat(timespec="seconds")
        return d
