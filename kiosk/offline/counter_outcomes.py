"""Recording the patients the kiosk sent to the counter, for the reception station.

:class:`QueueCounterRecorder` is the check-in flow's ``counter_recorder``: it
writes one row per counter outcome into the kiosk's database
(:class:`offline_cache.CounterLog`) with the masked card, the status word and
the gateway's code in clear, and the identity plus the gateway's answer
sealed — so staff can open the outcome and override it without re-typing the
card. :func:`counter_subject` rebuilds both for the override.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kiosk.checkin.state import CounterOutcome
from kiosk.domain import EligibilityResult, Identity, IdentitySource, Sex, mask_digits
from kiosk.gateway.cache import result_from_record, result_to_record
from offline_cache import CounterLog, CounterRecord, UnknownItem

if TYPE_CHECKING:
    from kiosk.lobby.referrals import ReferralQueue

log = logging.getLogger(__name__)


def identity_to_record(identity: Identity) -> dict:
    """A JSON-ready dict of an identity (personal: only ever stored sealed)."""
    return {"card_number": identity.card_number, "full_name": identity.full_name, "birth": identity.birth,
            "source": identity.source.value, "id_number": identity.id_number, "sex": identity.sex.value,
            "address": identity.address, "shown_as": identity.shown_as}


def identity_from_record(record: dict) -> Identity:
    """Inverse of :func:`identity_to_record`."""
    return Identity(card_number=record["card_number"], full_name=record["full_name"], birth=record["birth"],
                    source=IdentitySource(record["source"]), id_number=record.get("id_number"),
                    sex=Sex(record.get("sex") or "U"), address=record.get("address"),
                    shown_as=record.get("shown_as"))


class QueueCounterRecorder:
    """Writes counter outcomes to the kiosk's :class:`CounterLog` and, with ``referrals``, queues
    the referral that tells every reception desk (``POST /referrals``) in the same transaction."""

    def __init__(self, log_table: CounterLog, kiosk_id: str, referrals: ReferralQueue | None = None) -> None:
        self.table, self.kiosk_id, self.referrals = log_table, kiosk_id, referrals

    def record(self, client_id: str, identity: Identity, eligibility: EligibilityResult | None,
               outcome: CounterOutcome) -> str:
        """Store one outcome (blocking; StoreError on a storage failure); returns its counter number.

        The number is the outcome's place among today's on this kiosk
        (``K01-Q003``): what staff call and what the counter slip shows.
        """
        public = {"masked_card": mask_digits(identity.card_number), "status": outcome.status.value,
                  "code": outcome.reason, "config_error": outcome.config_error,
                  "source": identity.source.value, "kiosk_id": self.kiosk_id}
        elig_record = result_to_record(eligibility) if eligibility is not None else None
        personal = {"identity": identity_to_record(identity), "eligibility": elig_record,
                    "staff_detail": outcome.staff_detail}
        # one transaction: the station's row and the referral are kept (or lost) together, once
        with self.table.store.write():
            try:
                self.table.get(client_id)
                new = False
            except UnknownItem:
                new = True
            stored = self.table.record(client_id, public, personal)
            place = sum(1 for r in self.table.items(stored.day, limit=10000) if r.seq <= stored.seq)
            number = f"{self.kiosk_id}-Q{place:03d}"
            if new and self.referrals is not None:
                self.referrals.counter(identity, eligibility, outcome.status.value, outcome.staff_detail, number,
                                       elig_record)
        log.info("counter outcome %s recorded: card %s, %s (%s)", client_id, mask_digits(identity.card_number),
                 outcome.status.value, outcome.reason)
        return number


def counter_subject(record: CounterRecord) -> tuple[Identity, EligibilityResult | None]:
    """The identity and gateway answer of a counter outcome (``record`` loaded with its personal part).

    Raises ``LookupError`` when the personal part was purged (retention).
    """
    if record.personal is None:
        raise LookupError("The personal data of this counter outcome was erased (retention); look the card up again.")
    elig = record.personal.get("eligibility")
    return identity_from_record(record.personal["identity"]), (result_from_record(elig) if elig else None)
