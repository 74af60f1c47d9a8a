"""The lobby: how soon a desk sees a kiosk's referral, and what a read of a busy day costs.

Change-to-desk latency: a kiosk POSTs a referral; a desk reading through
``HospitalLobby`` sees it. Ours: the long-poll (``view(since, wait=25)``).
Peer in the same process: plain polling of the delta once a second (the
fallback a desk would use without long-poll). Then the cost of reading a day
of 2,000 rows in full vs. an empty delta vs. a 304 of the full read.
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime

import requests

from benchmarks.stats import summary_ms
from devkit.simulator.app import build_simulator, hospital_url
from kiosk.config import HospitalSettings
from kiosk.lobby.client import HospitalLobby

RUNS = 20
POLL_EVERY = 1.0
DAY_ROWS = 2000
KEY = {"X-Api-Key": "demo-key"}


def referral_body(kiosk: str) -> dict:
    """A synthetic counter referral as a kiosk sends it."""
    return {"client_id": str(uuid.uuid4()), "kiosk_id": kiosk,
            "created_at": datetime.now().astimezone().replace(microsecond=0).isoformat(),
            "counter_number": f"{kiosk}-Q001", "reason": "expired", "gateway_code": "070",
            "staff_detail": "Thẻ BHYT đã hết hạn sử dụng.", "masked_card": "***********5678", "screen": None,
            "registration_id": None, "eligibility": None,
            "identity": {"full_name": "Lê Văn Bình", "birth": "1980", "card_number": None, "id_number": None,
                         "sex": None, "source": "typed"}}


def _send(base: str, session: requests.Session, kiosk: str = "K07", body: dict | None = None) -> str:
    body = body or referral_body(kiosk=kiosk)
    session.post(base + "/referrals", json=body, timeout=5,
                 headers={**KEY, "Idempotency-Key": body["client_id"]}).raise_for_status()
    return body["client_id"]


def _latency(lobby: HospitalLobby, base: str, *, long_poll: bool) -> list[float]:
    """Seconds from a kiosk's POST starting to the desk's read holding the row, RUNS times."""
    session = requests.Session()
    times = []
    cursor = lobby.view().cursor
    for i in range(RUNS):
        seen = threading.Event()
        wanted: dict[str, str] = {}
        state = {"cursor": cursor}

        def desk(seen: threading.Event, wanted: dict, state: dict) -> None:
            while True:
                if long_poll:
                    delta = lobby.view(since=state["cursor"], wait=25)
                else:
                    delta = lobby.view(since=state["cursor"])
                state["cursor"] = delta.cursor
                if any(r.id == wanted.get("id") for r in delta.rows):
                    state["seen_at"] = time.perf_counter()
                    seen.set()
                    return
                if not long_poll:
                    time.sleep(POLL_EVERY)

        reader = threading.Thread(target=desk, args=(seen, wanted, state), daemon=True)
        reader.start()
        time.sleep(0.05 + (i % 10) / 10 * POLL_EVERY)   # kiosks send at any moment of the poll cycle
        body = referral_body("K07")
        wanted["id"] = body["client_id"]     # before sending: the desk may see it before the POST returns
        sent = time.perf_counter()
        _send(base, session, body=body)
        seen.wait(30)
        times.append(state.get("seen_at", time.perf_counter()) - sent)
        reader.join(30)
        cursor = state["cursor"]
    session.close()
    return times


def _reads(lobby: HospitalLobby, base: str) -> tuple[list[float], list[float], list[float]]:
    session = requests.Session()
    for n in range(DAY_ROWS - len(lobby.view().rows)):
        _send(base, session, kiosk=f"K{n % 40:02d}")
    session.close()
    full, delta, not_modified = [], [], []
    for _ in range(RUNS):
        lobby._full.clear()          # a full read without If-None-Match
        t = time.perf_counter()
        view = lobby.view()
        full.append(time.perf_counter() - t)
        t = time.perf_counter()
        lobby.view()                 # same answer: 304, the cached view
        not_modified.append(time.perf_counter() - t)
        t = time.perf_counter()
        lobby.view(since=view.cursor)
        delta.append(time.perf_counter() - t)
    return full, delta, not_modified


def main() -> None:
    """Print change-to-desk latency (long-poll vs 1 s polling) and read costs of a 2,000-row day."""
    server = build_simulator("127.0.0.1", 0).start()
    base = hospital_url(server)
    lobby = HospitalLobby(HospitalSettings(url=base, api_key="demo-key"))
    try:
        ours = _latency(lobby, base, long_poll=True)
        peer = _latency(lobby, base, long_poll=False)
        print(f"kiosk referral -> desk, long-poll:   {summary_ms(ours)}")
        print(f"kiosk referral -> desk, 1 s polling: {summary_ms(peer)}")
        print(f"ratio (long-poll / polling median):  {sorted(ours)[RUNS // 2] / sorted(peer)[RUNS // 2]:.3f}")
        full, delta, not_modified = _reads(lobby, base)
        print(f"full read of {DAY_ROWS} rows:         {summary_ms(full)}")
        print(f"same full read answered 304:   {summary_ms(not_modified)}")
        print(f"empty delta (since=cursor):    {summary_ms(delta)}")
    finally:
        lobby.close()
        server.stop()


if __name__ == "__main__":
    main()
