"""The kiosk's referrals: patients who need staff, queued in the outbox for ``POST /referrals``.

A referral (docs/lobby.md) is written to the kiosk's durable outbox as an item
of kind ``referral``: the wire body (with the identity: PERSONAL) sealed like a
registration's, a few non-personal labels in clear (reason word, gateway code,
masked card, screen), the same retention and exactly-once rules (the body's
``client_id`` is the Idempotency-Key). They travel in their own lane
(:class:`~offline_cache.lane_worker.LaneWorker`): a referral never holds up a
registration, and registrations keep their own strict order.

Four things make one:

- the kiosk sends a patient to the counter (:meth:`ReferralQueue.counter`,
  in the same transaction as the station's counter outcome);
- an offline ticket's insurance re-check fails (:meth:`ReferralQueue.recheck_failed`,
  in the transaction that records the failure);
- the hospital refuses a registration with a 4xx (:meth:`ReferralQueue.hospital_refused`,
  in the transaction that parks the item);
- the patient presses "Cần trợ giúp" (:meth:`ReferralQueue.help`: no identity).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from kiosk.domain import EligibilityResult, Identity, mask_digits
from offline_cache import Outbox, OutboxItem, Receipt, UnknownItem

log = logging.getLogger(__name__)

KIND = "referral"

#: a help request's screen name: a short word of the kiosk UI (never free text from a patient)
_SCREEN = re.compile(r"[a-z][a-z0-9_-]{0,39}")
#: a second press of "help" on the same screen within this many seconds is the same request
HELP_REPEAT_SECONDS = 120.0


class InvalidScreen(ValueError):
    """A help request named no valid screen (a programming error of the caller)."""


def check_screen(screen: object) -> str:
    """``screen`` when it is a valid screen name, else :class:`InvalidScreen` (one sentence)."""
    if not isinstance(screen, str) or not _SCREEN.fullmatch(screen):
        raise InvalidScreen("A help request needs the screen's name: 1-40 lower-case letters, digits, - or _.")
    return screen


def wire_birth(birth: str) -> str | None:
    """The kiosk's ``dd/MM/yyyy``, ``MM/yyyy`` or ``yyyy`` as the API's ``yyyy-mm-dd``, ``yyyy-mm`` or ``yyyy``."""
    parts = (birth or "").strip().split("/")
    if not all(p.isdigit() for p in parts) or len(parts) > 3 or len(parts[-1]) != 4:
        return None
    return "-".join(reversed(parts))


def identity_wire(identity: Identity) -> dict:
    """The referral body's ``identity`` (PERSONAL: sealed in the outbox, sent only to the HIS)."""
    return {"full_name": identity.full_name, "birth": wire_birth(identity.birth),
            "card_number": identity.card_number, "id_number": identity.id_number, "sex": identity.sex.value,
            "source": identity.source.value}


def gateway_code(code: str | None) -> str | None:
    """The gateway's ``maKetQua`` (three digits) or None (our own words are not the gateway's code)."""
    return code if code and re.fullmatch(r"[0-9]{3}", code) else None


def reason_word(status: str) -> str:
    """The referral reason for a counter outcome's status word (anything unknown: ``counter``)."""
    from kiosk.lobby.model import REFERRAL_REASONS  # here: a check-in that ends with a ticket never needs the model
    return status if status in REFERRAL_REASONS else "counter"


class ReferralQueue:
    """Writes referral items into the outbox (``kick`` wakes their delivery lane)."""

    def __init__(self, outbox: Outbox, kiosk_id: str, *, kick: Callable[[], None] = lambda: None,
                 clock: Callable[[], float] = time.time) -> None:
        self.outbox, self.kiosk_id, self.kick, self.clock = outbox, kiosk_id, kick, clock

    # -- the four sources ------------------------------------------------------------------
    def counter(self, identity: Identity, eligibility: EligibilityResult | None, status: str,
                staff_detail: str, counter_number: str, eligibility_record: dict | None) -> OutboxItem:
        """A patient the kiosk sent to the counter (``status``: the staff status word)."""
        return self._enqueue(reason=reason_word(status), counter_number=counter_number,
                             gateway_code=gateway_code(eligibility.code) if eligibility is not None else None,
                             staff_detail=staff_detail or None, identity=identity_wire(identity),
                             masked_card=mask_digits(identity.card_number), eligibility=eligibility_record)

    def recheck_failed(self, registration_item: OutboxItem, identity: Identity, reason: str) -> OutboxItem:
        """An offline ticket's re-check said "not covered": the patient is already in the clinic."""
        # the number the patient holds: the one shown (the kiosk's, offline), else the hospital's
        ticket = (registration_item.ticket_shown or registration_item.hospital_ticket
                  or registration_item.kiosk_ticket)
        code = re.search(r"maKetQua ([\w-]+)", reason)
        return self._enqueue(
            reason="recheck-failed", registration_id=registration_item.id,
            gateway_code=gateway_code(code.group(1)) if code else None,
            staff_detail=f"Kiểm tra lại thẻ BHYT không đạt sau khi bệnh nhân đã nhận số {ticket} "
                         f"(lúc cổng giám định chưa trả lời): {reason}",
            identity=identity_wire(identity), masked_card=mask_digits(identity.card_number))

    def hospital_refused(self, item: OutboxItem, identity: Identity | None, reason: str) -> OutboxItem:
        """The hospital refused a registration (4xx): staff must register the patient by hand.

        ``reason`` is the outbox's stored reason (free of personal data by contract).
        """
        ticket = item.ticket_shown or item.kiosk_ticket
        return self._enqueue(
            reason="hospital-refused", registration_id=item.id,
            staff_detail=f"Hệ thống bệnh viện từ chối đăng ký của kiosk (số kiosk {ticket}): {reason}",
            identity=identity_wire(identity) if identity is not None else None,
            masked_card=mask_digits(identity.card_number) if identity is not None else "")

    def help(self, screen: str, client_id: str | None = None) -> OutboxItem:
        """The patient asked for help on ``screen`` (no identity). A second press on the same
        screen within :data:`HELP_REPEAT_SECONDS` returns the first request. ``client_id``:
        the request's own id when the caller made one (a UUID; idempotent on it)."""
        check_screen(screen)
        if client_id is not None:
            try:
                client_id = str(uuid.UUID(client_id))
            except ValueError:
                raise InvalidScreen("A help request's id must be a UUID.") from None
            try:
                return self.outbox.get(client_id)
            except UnknownItem:
                pass
        earlier = self.outbox.latest(KIND, since=self.clock() - HELP_REPEAT_SECONDS,
                                     public={"reason": "help", "screen": screen})
        if earlier is not None:
            return earlier
        return self._enqueue(reason="help", screen=screen, staff_detail=None, identity=None, masked_card="",
                             client_id=client_id)

    # -- writing ---------------------------------------------------------------------------
    def _enqueue(self, *, reason: str, identity: dict | None, masked_card: str,
                 counter_number: str | None = None, gateway_code: str | None = None,
                 staff_detail: str | None = None, screen: str | None = None,
                 registration_id: str | None = None, eligibility: dict | None = None,
                 client_id: str | None = None) -> OutboxItem:
        client_id = client_id or str(uuid.uuid4())
        now = self.clock()
        # every referral has a number staff can say: the counter slip's, else a short label of its own
        counter_number = counter_number or f"{self.kiosk_id}-R{client_id[:6].upper()}"
        if staff_detail:
            staff_detail = staff_detail[:500]
        body = {"client_id": client_id, "kiosk_id": self.kiosk_id,
                "created_at": datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds"),
                "counter_number": counter_number, "reason": reason, "gateway_code": gateway_code,
                "staff_detail": staff_detail, "masked_card": masked_card or None, "screen": screen,
                "registration_id": registration_id, "identity": identity, "eligibility": eligibility}
        # in clear: labels only (the masked card, like the counter outcome's); never a name or full number
        public = {"reason": reason, "gateway_code": gateway_code, "masked_card": masked_card,
                  "screen": screen, "registration_id": registration_id, "counter_number": counter_number}
        item = self.outbox.enqueue(client_id, {"referral": body}, public=public, kind=KIND, ticket=counter_number)
        log.info("referral %s queued: %s", client_id, reason)
        self.kick()
        return item


def referral_body(item: OutboxItem) -> dict:
    """The wire body stored in a referral item (a non-retryable error when unreadable)."""
    from kiosk.errors import HospitalError
    body = (item.payload or {}).get("referral")
    if not isinstance(body, dict) or body.get("client_id") != item.id:
        raise HospitalError("The stored referral cannot be read back (or its personal data was erased); "
                            "it was not sent.", code="queue_payload", retryable=False)
    return body


class ReferralLink:
    """``deliver``/``reconcile`` of the referral lane, over the hospital client."""

    def __init__(self, client) -> None:
        self.client = client

    def deliver(self, item: OutboxItem) -> Receipt:
        """POST the referral with its client id as Idempotency-Key."""
        return _receipt(self.client.create_referral(referral_body(item), item.id))

    def reconcile(self, item: OutboxItem) -> Receipt | None:
        """Ask the hospital whether it already has this referral."""
        row = self.client.get_referral(item.id)
        return None if row is None else _receipt(row)


def _receipt(row: dict) -> Receipt:
    # the row may carry the masked patient: keep only its id, state and counter number
    state = row.get("state") if isinstance(row.get("state"), str) else ""
    number = row.get("ticket") or row.get("counter_number")
    return Receipt(reference=row["id"], ticket=number if isinstance(number, str) else None,
                   public={"state": state})
