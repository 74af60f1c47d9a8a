"""The facility's gateway account is never blocked by the kiosk: counted and timed at the simulator.

The simulator's gateway counts and time-stamps every login and lookup that reaches it
(``state.requests``); these tests check how many requests the kiosk sent and how soon
after one another, when the account is blocked and when a login gets no answer.
"""

import pytest

from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.errors import GatewayUnavailable
from kiosk.gateway import GatewayAccountBlocked, GatewayTimeout, GatewayUnreachable
from kiosk.gateway.guard import GatewayLoginPaused
from tests.integration.gateway_support import make_client, wait_for

VALID = by_key("valid")


def ask(client):
    return client.lookup(VALID.id_number, VALID.full_name, VALID.birth.strftime("%d/%m/%Y"), use_cache=False)


def test_a_blocked_account_gets_no_request_until_the_pause_is_over(sim, clock, state):
    client = make_client(sim, clock, block_pause_seconds=900.0)
    client.login()
    state.blocked.add("79014_BV")
    for _ in range(3):      # the patient, the next patient, a re-check: one request in all
        with pytest.raises(GatewayAccountBlocked) as e:
            ask(client)
        assert isinstance(e.value, GatewayUnavailable) and e.value.retry_after > 0
    assert [k for k, _t in state.requests] == ["login", "lookup"]
    assert client.guard.status()["blocked"]
    clock.advance(seconds=901)
    state.blocked.discard("79014_BV")
    assert ask(client).insured                           # the pause is over: asked again
    assert [k for k, _t in state.requests].count("lookup") == 2   # (and a login: the token expired)


# "drop" closes the connection before the login handler runs, so the gateway counts none
@pytest.mark.parametrize("fault, error, served", [(Fault("slow", latency=0.8, count=1), GatewayTimeout, 1),
                                                  (Fault("drop", count=1), GatewayUnreachable, 0)])
def test_a_login_without_an_answer_is_not_sent_again_blindly(sim, clock, state, fault, error, served):
    client = make_client(sim, clock, read_timeout=0.3, login_retry_seconds=60.0)
    sim.faults.set("gateway.login", fault)
    with pytest.raises(error):
        ask(client)
    assert wait_for(lambda: state.login_attempts == served)     # the slow one is still served
    for _ in range(3):
        with pytest.raises(GatewayLoginPaused) as e:
            ask(client)
        assert isinstance(e.value, GatewayUnavailable) and 0 < e.value.retry_after <= 60
    assert state.login_attempts == served and state.lookups == 0 and "gateway.login" not in sim.faults.snapshot()
    clock.advance(seconds=61)
    assert ask(client).insured
    assert state.login_attempts == served + 1 and state.lookups == 1


def test_the_block_is_visible_in_health_without_a_login(sim, clock, state):
    from kiosk.checkin import identity_from_qr
    from kiosk.config import load_config
    from kiosk.health.links import LinkRecord, RecordedGateway
    from kiosk.health.probes_services import gateway_probe
    record = LinkRecord()
    gateway = RecordedGateway(make_client(sim, clock), record)
    state.blocked.add("79014_BV")
    with pytest.raises(GatewayAccountBlocked):
        gateway.check_eligibility(identity_from_qr(VALID.qr_text()))
    attempts = state.login_attempts
    part = gateway_probe(load_config(None, environ={"KIOSK_GATEWAY_URL": sim.url}), record)()
    assert part.status.value == "failing" and "blocked" in part.reason and part.detail["blocked"]
    assert state.login_attempts == attempts              # the probe did not log in


def test_doctor_in_another_process_honours_the_block_and_does_not_log_in(sim, clock, state, tmp_path):
    """The kiosk's block is kept in the data folder: ``kiosk doctor`` on its own reads it, sends nothing."""
    import dataclasses
    import json
    import os
    import stat
    import subprocess
    import sys
    from datetime import UTC, datetime
    from pathlib import Path

    from devkit.kiosk_config import DEV_KIT_PASSWORD, dev_kit_config
    from kiosk.config import FacilitySettings
    from kiosk.gateway import GatewayClient
    from kiosk.gateway.guard import STATE_FILE

    clock.set(datetime.now(UTC))     # the doctor's process runs on the real clock
    data = Path(os.environ["KIOSK_DATA_DIR"])
    settings = dataclasses.replace(dev_kit_config().gateway, url=sim.url, block_pause_seconds=900.0)
    kiosk = GatewayClient(settings, FacilitySettings(), clock=clock, data_dir=data)
    kiosk.login()
    state.blocked.add("79014_BV")
    with pytest.raises(GatewayAccountBlocked):
        ask(kiosk)
    assert stat.S_IMODE((data / STATE_FILE).stat().st_mode) == 0o600
    sent = list(state.requests)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[gateway]\nurl = "{sim.url}"\nusername = "79014_BV"\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "doctor", "--only", "gateway",
                          "--json"], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "KIOSK_GATEWAY_PASSWORD": DEV_KIT_PASSWORD})
    part = {p["part"]: p for p in json.loads(run.stdout)["parts"]}["gateway"]
    assert part["status"] == "failing" and "blocked" in part["reason"] and "until" in part["reason"], part
    assert list(state.requests) == sent                  # no login, no lookup from the doctor
    kiosk.close()
