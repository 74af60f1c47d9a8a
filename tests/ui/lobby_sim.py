"""What kiosks deliver to the simulated hospital system, for station tests on the real stack.

Referrals and heartbeats are posted over loopback HTTP as a kiosk's outbox and
heartbeat do (docs/hospital-api.yaml); the station then reads them through the
real ``HospitalLobby`` client.
"""

from __future__ import annotations

import time
import uuid
from datetime import datetime

import requests

from devkit.simulator.citizens import by_key

KEY = {"X-Api-Key": "demo-key"}   # the simulator's hospital API key (dev kit default)


def _now() -> str:
    return datetime.now().astimezone().replace(microsecond=0).isoformat()


def kiosk_refers(config, key: str | None, kiosk: str, reason: str = "expired", code: str | None = "010", *,
                 number: str = "", registration_id: str | None = None) -> str:
    """A kiosk's referral for synthetic citizen ``key`` (None: a help request without identity); its id."""
    c = by_key(key) if key else None
    identity = None if c is None else {
        "full_name": c.full_name, "birth": c.birth.isoformat(), "card_number": c.id_number,
        "id_number": c.id_number, "sex": "male" if c.sex == "M" else "female", "source": "qr-id-card"}
    body = {"client_id": str(uuid.uuid4()), "kiosk_id": kiosk, "created_at": _now(),
            "counter_number": number or f"{kiosk}-Q001", "reason": reason, "gateway_code": code,
            "staff_detail": None, "masked_card": "********" + c.id_number[-4:] if c else None,
            "screen": "idle" if c is None else None, "registration_id": registration_id, "identity": identity,
            "eligibility": None if c is None else {"status": reason, "code": code, "checked_at": None}}
    answer = requests.post(config.hospital.url + "/referrals", json=body, timeout=5,
                           headers={**KEY, "Idempotency-Key": body["client_id"]})
    assert answer.status_code == 201, answer.text
    return body["client_id"]


def heartbeat(config, kiosk: str, paper: str = "ok", depth: int = 0, *, every: float = 30,
              failing: tuple[str, ...] = ()) -> None:
    """A kiosk's heartbeat: its paper, its outbox, its failing parts."""
    parts = [{"part": p, "status": "failing", "reason": "test"} for p in failing] or \
        [{"part": "printer", "status": "ok", "reason": "ok"}]
    body = {"kiosk_id": kiosk, "machine_id": f"machine-{kiosk}", "version": "1.2.3",
            "status": "failing" if failing else "ok", "checked_at": _now(), "heartbeat_seconds": every,
            "parts": parts, "queue": {"depth": depth, "oldest_age_seconds": 90.0 if depth else None, "attention": 0},
            "printer": {"paper": paper}, "last_checkin_at": _now()}
    answer = requests.post(config.hospital.url + "/heartbeat", json=body, timeout=5, headers=KEY)
    assert answer.status_code in (200, 204), answer.text


def deliver_counter_outcomes(kiosk_services, config, timeout: float = 10.0) -> list[str]:
    """The kiosk's counter referrals of today, once its own outbox delivered them to the hospital
    system (``POST /referrals``, the referral lane: docs/offline-queue.md); their ids, oldest first.

    Whichever process holds the queue's sender lock delivers them: this reads their state from the file.
    """
    queue = kiosk_services.queue
    queue.referral_worker.kick(urgent=True)
    deadline = time.monotonic() + timeout
    while True:
        items = [i for i in queue.db.outbox.items(limit=500) if i.kind == "referral"
                 and i.public.get("reason") not in ("help", "hospital-refused", "recheck-failed")]
        if items and all(i.state == "delivered" for i in items):
            return [i.id for i in reversed(items)]
        assert time.monotonic() < deadline, f"the kiosk did not deliver its referrals: {[i.state for i in items]}"
        time.sleep(0.05)
