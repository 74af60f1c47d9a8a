"""A patient's help request, as the hospital system's referral: accepted by the simulator and on the lobby.

The body is the one :meth:`kiosk.help_request.HelpRequest.referral` builds;
every request and answer is validated against docs/hospital-api.yaml.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from devkit.simulator.app import hospital_url
from kiosk.help_request import HelpDesk
from tests.integration.checkin_support import start_simulator
from tests.integration.lobby_support import KEY, spec_session


class Recorded:
    def __init__(self) -> None:
        self.requests = []

    def deliver(self, request) -> None:
        self.requests.append(request)


@pytest.fixture(scope="module")
def server():
    srv = start_simulator()
    yield srv
    srv.stop()


def test_a_help_request_becomes_an_open_help_referral_on_the_lobby(server):
    base = hospital_url(server)
    session = spec_session(base)
    request = HelpDesk("K07", Recorded(), clock=lambda: datetime.now().astimezone()).request_help("department")
    body = request.referral("K07-Q004")
    assert body["identity"] is None and body["masked_card"] is None     # where, never who
    resp = session.post(base + "/referrals", json=body, headers={**KEY, "Idempotency-Key": request.request_id},
                        timeout=10)
    assert resp.status_code == 201, resp.text
    lobby = session.get(base + "/lobby", headers=KEY, timeout=10).json()
    rows = [r for r in lobby["rows"] if r["id"] == resp.json()["id"]]
    assert len(rows) == 1
    row = rows[0]
    assert (row["kind"], row["state"], row["reason"], row["screen"], row["kiosk_id"]) == (
        "referral", "open", "help", "department", "K07")
