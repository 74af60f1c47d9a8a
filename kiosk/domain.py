"""The check-in domain: who the patient is, what the gateway said, the ticket.

Plain frozen dataclasses; no I/O. ``masked()`` helpers give the only forms of
personal data that may reach a log or a passer-by's eyes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime


def mask_digits(value: str | None, keep: int = 4) -> str:
    """``001093047064`` → ``********7064``: the only form of an ID in logs/screens."""
    if not value:
        return ""
    return "*" * max(len(value) - keep, 0) + value[-keep:]


def mask_name(name: str | None) -> str:
    """``Nguyễn Văn An`` → ``N. V. A.``: initials only, for logs."""
    if not name:
        return ""
    return " ".join(part[0] + "." for part in name.split())


class IdentitySource(str, enum.Enum):
    """How the identity was obtained (reported to the hospital system)."""

    CHIP_AUTHENTICATED = "chip-authenticated"  # passive authentication passed
    CHIP = "chip"                              # read from the chip, not authenticated
    QR_ID_CARD = "qr-id-card"
    QR_INSURANCE_CARD = "qr-insurance-card"
    TYPED = "typed"                            # 12-digit ID on the keypad
    STAFF = "staff"                            # entered at the reception station


PRESENTED_AS = ("chip", "id_qr", "vneid", "vssid", "insurance_card", "typed", "birth_certificate")
_PRESENTED_BY_SOURCE = {"chip-authenticated": "chip", "chip": "chip", "qr-id-card": "id_qr",
                        "qr-insurance-card": "insurance_card", "typed": "typed", "staff": "typed"}


class Sex(str, enum.Enum):
    """Sex as the gateway and QĐ 130 know it (GIOI_TINH 1/2/3)."""

    MALE = "M"
    FEMALE = "F"
    UNKNOWN = "U"

    @property
    def qd130(self) -> int:
        """GIOI_TINH code: 1 male, 2 female, 3 unknown."""
        return {"M": 1, "F": 2, "U": 3}[self.value]

    @property
    def vietnamese(self) -> str:
        """The gateway's word: Nam / Nữ."""
        return {"M": "Nam", "F": "Nữ", "U": ""}[self.value]


@dataclass(frozen=True)
class Identity:
    """The patient as identified at the kiosk.

    ``card_number`` is what the gateway is asked with: the 12-digit ID number,
    a 10-digit BHXH number or a 15-character BHYT code. ``birth`` keeps the
    precision we have (``dd/MM/yyyy`` or ``yyyy``) as the gateway expects it.
    """

    card_number: str
    full_name: str
    birth: str
    source: IdentitySource
    id_number: str | None = None
    sex: Sex = Sex.UNKNOWN
    address: str | None = None
    photo: bytes | None = field(default=None, compare=False)  # chip DG2 face (JPEG / JPEG 2000), for the confirm screen
    shown_as: str | None = None   # how the card was presented when the source alone does not say (vneid, vssid…)
    # what an insurance card's QR printed (unconfirmed positions): informs an offline check-in only
    card_valid_to: date | None = None
    card_registered_facility: str | None = None

    @property
    def presented_as(self) -> str:
        """How the insurance card was presented (recorded on every registration; the insurer may audit it)."""
        return self.shown_as or _PRESENTED_BY_SOURCE[self.source.value]

    def __repr__(self) -> str:  # never leak personal data through repr()
        return (f"Identity(card={mask_digits(self.card_number)}, name={mask_name(self.full_name)}, "
                f"source={self.source.value})")


class Decision(str, enum.Enum):
    """What the kiosk does with a gateway answer."""

    ACCEPT = "accept"
    ACCEPT_NEW_CARD = "accept-new-card"
    COUNTER = "counter"
    RETRY_LATER = "retry-later"       # gateway unreachable/server error: may proceed as pending
    CONFIG_ERROR = "config-error"     # alert IT (officer CCCD/name, credentials)


class Route(str, enum.Enum):
    """Right route (đúng tuyến) or not, decided from maDKBD."""

    RIGHT = "right"
    WRONG = "wrong"
    UNKNOWN = "unknown"


class StaffStatus(str, enum.Enum):
    """The status words staff see (kiosk-ux reference)."""

    VERIFIED = "verified"
    VERIFIED_NEW_CARD = "verified-new-card"
    WRONG_ROUTE = "wrong-route"
    EXPIRED = "expired"
    NOT_FOUND = "not-found"
    MISMATCH = "name-birth-mismatch"
    PENDING = "pending"
    GATEWAY_ERROR = "gateway-error"
    COUNTER = "counter"
    FACE_MISMATCH = "face-mismatch"   # the live face did not match the chip photo (docs/face.md)


@dataclass(frozen=True)
class EligibilityResult:
    """One gateway answer, turned into a decision and messages.

    ``code`` is ``maKetQua``; ``patient_vi``/``patient_en`` are the single
    sentence a patient sees; ``staff_detail`` is the gateway's detail.
    """

    code: str
    decision: Decision
    status: StaffStatus
    patient_vi: str
    patient_en: str
    staff_detail: str
    card_number: str
    full_name: str | None = None
    birth: str | None = None
    sex: Sex = Sex.UNKNOWN
    valid_from: date | None = None
    valid_to: date | None = None
    registered_facility: str | None = None
    route: Route = Route.UNKNOWN
    new_card_number: str | None = None
    new_valid_from: date | None = None
    new_valid_to: date | None = None
    checked_at: datetime | None = None
    five_years: date | None = None   # ngayDu5Nam: five continuous years of cover reached on this date
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def insured(self) -> bool:
        """True when the patient may be registered with insurance cover."""
        return self.decision in (Decision.ACCEPT, Decision.ACCEPT_NEW_CARD)


@dataclass(frozen=True)
class Department:
    """A clinic/department patients can queue for."""

    code: str
    name_vi: str
    name_en: str
    room: str


@dataclass(frozen=True)
class Ticket:
    """The queue ticket handed to the patient."""

    number: str
    room: str
    department: Department
    issued_at: datetime
    registration_id: str          # the client's id (Idempotency-Key)
    hospital_id: str | None       # the hospital system's id, None while pending
    pending: bool = False         # printed from the kiosk's own block, not yet confirmed
    priority: bool = False
    existing: bool = False        # the patient's earlier ticket of the day, handed out again
