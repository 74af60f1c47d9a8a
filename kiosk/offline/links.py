"""The offline queue's links to the outside: plain callables over our clients.

``offline_cache`` imports nothing of ours, so the courier and the rechecker
are handed these functions. They translate between the outbox's plain data
(the registration's wire body, sealed in the outbox) and the hospital and
gateway clients, and keep every error's ``retryable`` verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from kiosk.checkin.ports import EligibilityChecker
from kiosk.domain import Decision, Identity, IdentitySource, Sex
from kiosk.errors import GatewayUnavailable, HospitalError
from kiosk.hospital.client import HospitalClient
from kiosk.hospital.registration import Receipt as HospitalReceipt
from kiosk.hospital.registration import Registration
from offline_cache import OutboxItem, Receipt, RecheckOutcome


def registration_of(item: OutboxItem) -> Registration:
    """The registration stored in an outbox item (non-retryable error if unreadable)."""
    try:
        return Registration.from_wire((item.payload or {})["registration"])
    except (KeyError, TypeError, ValueError):
        raise HospitalError("The stored registration cannot be read back; it was not sent.",
                            code="queue_payload", retryable=False) from None


def outbox_receipt(receipt: HospitalReceipt) -> Receipt:
    """The outbox's record of a hospital receipt (non-personal fields only)."""
    d = receipt.department
    return Receipt(reference=receipt.hospital_id, ticket=receipt.queue_number, public={
        "room": receipt.room, "issued_at": receipt.issued_at.isoformat(timespec="seconds"),
        "priority": receipt.priority, "existing": receipt.existing,
        "department": {"code": d.code, "name_vi": d.name_vi, "name_en": d.name_en, "room": d.room}})


class HospitalLink:
    """``deliver``/``reconcile`` for the courier, over a :class:`HospitalClient`."""

    def __init__(self, client: HospitalClient) -> None:
        self.client = client

    def deliver(self, item: OutboxItem) -> Receipt:
        """POST the registration with the item id as Idempotency-Key."""
        return outbox_receipt(self.client.register(registration_of(item), item.id))

    def reconcile(self, item: OutboxItem) -> Receipt | None:
        """Ask the hospital whether it already has this registration."""
        found = self.client.get_registration(item.id)
        return None if found is None else outbox_receipt(found)


_SEX = {1: Sex.MALE, 2: Sex.FEMALE}


def identity_of(registration: Registration) -> Identity:
    """The identity to look up again, rebuilt from the registration's QĐ 130 fields."""
    x = registration.xml0
    born = str(x.get("NGAY_SINH") or "")
    if born[4:] == "00000000":
        birth = born[:4]
    elif born[6:8] == "00":
        birth = f"{born[4:6]}/{born[:4]}"
    else:
        birth = f"{born[6:8]}/{born[4:6]}/{born[:4]}"
    card = x.get("MA_THE_BHYT") or x.get("SO_CCCD")
    if not card:
        raise HospitalError("The stored registration has no card number to check again.",
                            code="queue_payload", retryable=False)
    return Identity(card_number=card, full_name=x["HO_TEN"], birth=birth,
                    source=IdentitySource(registration.identity_source), id_number=x.get("SO_CCCD"),
                    sex=_SEX.get(x.get("GIOI_TINH") or 0, Sex.UNKNOWN))


class GatewayLink:
    """``recheck`` for the rechecker, over an :class:`EligibilityChecker` (the gateway client)."""

    def __init__(self, gateway: EligibilityChecker, now: Callable[[], datetime] | None = None) -> None:
        self.gateway = gateway
        self.now = now or (lambda: datetime.now(UTC))   # the facility's wall clock (runtime passes it)

    def recheck(self, item: OutboxItem) -> RecheckOutcome:
        """Look the patient up again; raises when the gateway still cannot answer."""
        result = self.gateway.check_eligibility(identity_of(registration_of(item)))
        if result.decision == Decision.RETRY_LATER:
            # a fixed sentence: this text is kept in clear, the gateway's own note may name the patient
            raise GatewayUnavailable(f"The gateway asked to try again later (maKetQua {result.code or '-'}).")
        # Only the status word and code are kept: the gateway's detail may name the patient.
        reason = f"{result.status.value} (maKetQua {result.code or '-'}) at {self.now():%H:%M}"
        return RecheckOutcome(covered=result.insured, reason=reason)
