"""Failures the gateway throws at the client: each one becomes its own typed error, nothing loops."""

import socket

import pytest

from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.domain import Decision, StaffStatus
from kiosk.errors import ConfigError, GatewayError, GatewayUnavailable
from kiosk.gateway import (
    GatewayAccountBlocked,
    GatewayGarbage,
    GatewayLoginRefused,
    GatewayServerError,
    GatewayTimeout,
    GatewayUnreachable,
)
from tests.integration.gateway_support import make_client, wait_for

VALID = by_key("valid")


def ask(client, citizen=VALID):
    return client.lookup(citizen.id_number, citizen.full_name, citizen.birth.strftime("%d/%m/%Y"),
                         use_cache=False)


def test_read_timeout_raises_at_once_without_a_retry(sim, clock, state):
    client = make_client(sim, clock, read_timeout=0.3)
    client.login()
    # The fault hits ONE request: a retry would get a fast good answer and no exception.
    sim.faults.set("gateway.lookup", Fault("slow", latency=1.0, count=1))
    with pytest.raises(GatewayTimeout) as e:
        ask(client)
    assert isinstance(e.value, GatewayUnavailable) and e.value.code == "gateway_timeout"
    assert "0.3 s" in e.value.detail
    assert ask(client).insured                     # the next patient's lookup works again
    assert client.logins == 1
    # the slow request is still being served; once it is, the gateway has seen exactly two lookups
    assert wait_for(lambda: state.lookups == 2) and state.lookups == 2


def test_dropped_connection_is_unreachable(sim, clock):
    client = make_client(sim, clock)
    client.login()
    sim.faults.set("gateway.lookup", Fault("drop", count=1))
    with pytest.raises(GatewayUnreachable) as e:
        ask(client)
    assert e.value.code == "gateway_unreachable" and isinstance(e.value, GatewayUnavailable)


def test_connection_refused_is_unreachable(clock):
    with socket.socket() as s:               # a port that was free a moment ago: nobody listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = make_client(type("S", (), {"url": f"http://127.0.0.1:{port}"}), clock)
    with pytest.raises(GatewayUnreachable) as e:
        ask(client)
    assert "refused" in e.value.detail


def test_http_500_is_a_server_error(sim, clock):
    client = make_client(sim, clock)
    sim.faults.set("gateway.lookup", Fault("http500", count=1))
    with pytest.raises(GatewayServerError) as e:
        ask(client)
    assert e.value.code == "gateway_server_error" and isinstance(e.value, GatewayUnavailable)


def test_malformed_json_is_garbage_not_offline(sim, clock):
    client = make_client(sim, clock)
    sim.faults.set("gateway.lookup", Fault("malformed", count=1))
    with pytest.raises(GatewayGarbage) as e:
        ask(client)
    assert e.value.code == "gateway_garbage" and not isinstance(e.value, GatewayUnavailable)


@pytest.mark.parametrize("key", ["GhiChu", "ghiChu"])
def test_blocked_account_has_its_own_code(sim, clock, state, key):
    client = make_client(sim, clock)
    state.blocked_note_key = key
    state.blocked.add("79014_BV")
    with pytest.raises(GatewayAccountBlocked) as e:
        ask(client)
    assert e.value.code == "gateway_blocked" and "79014_BV" in e.value.detail


def test_rate_limit_blocks_the_account(sim, clock, state):
    client = make_client(sim, clock)
    state.rate_limit = 3
    for _ in range(3):
        ask(client)
    with pytest.raises(GatewayAccountBlocked):
        ask(client)


def test_result_101_is_a_server_error(sim, clock):
    with pytest.raises(GatewayServerError) as e:
        ask(make_client(sim, clock), by_key("server-error"))
    assert "101" in e.value.detail


def test_result_100_is_retry_later(sim, clock, state):
    state.forced_codes[VALID.id_number] = "100"
    r = ask(make_client(sim, clock))
    assert r.decision is Decision.RETRY_LATER and r.status is StaffStatus.GATEWAY_ERROR


@pytest.mark.parametrize("code", ["401", "402", "403"])
def test_refused_login_is_a_config_error_for_it(sim, clock, state, code):
    if code == "401":
        client = make_client(sim, clock, password="not-the-password")
    else:
        state.refused_accounts["79014_BV"] = code
        client = make_client(sim, clock)
    with pytest.raises(GatewayLoginRefused) as e:
        ask(client)
    assert isinstance(e.value, ConfigError) and isinstance(e.value, GatewayError)
    assert e.value.code == "gateway_login_refused" and code in e.value.detail
    assert "not-the-password" not in e.value.detail and state.lookups == 0


def test_login_faults(sim, clock):
    client = make_client(sim, clock)
    sim.faults.set("gateway.login", Fault("http500", count=1))
    with pytest.raises(GatewayServerError):
        client.login()
    clock.advance(seconds=61)      # a login that failed on the server is not repeated at once
    sim.faults.set("gateway.login", Fault("malformed", count=1))
    with pytest.raises(GatewayGarbage):
        client.login()
    assert client.login().username == "79014_BV"


def test_officer_config_errors_come_back_as_config_decisions(sim, clock):
    r = ask(make_client(sim, clock, officer_cccd="079190000002"))
    assert (r.code, r.decision) == ("054", Decision.CONFIG_ERROR)
    r = ask(make_client(sim, clock, officer_name="Nguyễn Văn Khác"))
    assert (r.code, r.decision) == ("055", Decision.CONFIG_ERROR)


def test_failure_kinds_have_distinct_codes():
    kinds = [GatewayTimeout, GatewayUnreachable, GatewayServerError, GatewayGarbage, GatewayAccountBlocked,
             GatewayLoginRefused]
    assert len({k.code for k in kinds}) == len(kinds)


DEEP = b"[" * 200_000 + b"]" * 200_000        # valid JSON, deeper than the decoder recurses


@pytest.mark.parametrize("endpoint", ["gateway.lookup", "gateway.login"])
def test_deeply_nested_json_is_a_typed_unavailable_answer(sim, clock, endpoint):
    from kiosk.gateway import GatewayAnswerTooDeep
    client = make_client(sim, clock)
    sim.faults.set(endpoint, Fault("replace", body=DEEP, count=1))
    with pytest.raises(GatewayAnswerTooDeep) as e:
        ask(client)
    assert isinstance(e.value, GatewayUnavailable) and e.value.code == "gateway_too_deep"
