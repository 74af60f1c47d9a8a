"""HospitalLobby (the ``Lobby`` port) against the simulator over loopback HTTP.

Every request the client sends and every answer it reads is validated
against docs/hospital-api.yaml (openapi-core, via the session factory), so
the client cannot drift from the contract either.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import uuid

import pytest
import requests

from devkit.simulator.app import hospital_url
from devkit.simulator.server import Fault
from kiosk.config import HospitalSettings
from kiosk.http import UnsafeUrl
from kiosk.lobby.client import HospitalLobby
from kiosk.lobby.model import (
    ClaimConflict,
    LobbyRefused,
    LobbyUnavailable,
    LobbyView,
    RowKind,
    RowState,
    StaleRow,
)
from kiosk.services import KioskServices
from tests.integration.checkin_support import config_for
from tests.integration.lobby_support import KEY, referral_body, spec_observer


@pytest.fixture(scope="module")
def server(module_simulator):
    """This module's simulator (the shared module-scoped one)."""
    return module_simulator


@pytest.fixture
def statuses():
    return []


@pytest.fixture
def lobby(server, statuses):
    check = spec_observer(hospital_url(server))

    def observe(exchange) -> None:
        check.exchange(exchange)
        statuses.append(exchange.response.status_code)

    client = HospitalLobby(config_for(server).hospital, observer=observe)
    yield client
    client.close()


def kiosk_sends(server, **over) -> dict:
    """A kiosk delivers a referral (as its outbox does)."""
    body = referral_body(**over)
    answer = requests.post(hospital_url(server) + "/referrals", json=body, timeout=5,
                           headers={**KEY, "Idempotency-Key": body["client_id"]})
    assert answer.status_code == 201
    return body


def test_a_desk_sees_a_kiosks_referral_masked_and_its_delta(server, lobby):
    first = lobby.view()
    body = kiosk_sends(server, kiosk="K07")
    delta = lobby.view(since=first.cursor)
    assert [r.id for r in delta.rows] == [body["client_id"]]
    row = delta.rows[0]
    assert row.kind is RowKind.REFERRAL and row.state is RowState.OPEN and row.needs_staff
    assert row.ticket == "K07-Q003" and row.reason == "expired" and row.gateway_code == "070"
    assert row.patient == "Trần T. T. H. · ***********5678" and row.claim is None
    merged = first.merge(delta)
    assert merged.row(body["client_id"]) == row and merged.needs_staff() == first.needs_staff() + 1


def test_a_long_poll_returns_within_2_s_of_a_kiosks_delivery(server, lobby):
    cursor = lobby.view().cursor
    got: dict = {}

    def desk():
        started = time.monotonic()
        got["view"] = lobby.view(since=cursor, wait=20)
        got["took"] = time.monotonic() - started

    reader = threading.Thread(target=desk)
    reader.start()
    time.sleep(0.5)
    sent = time.monotonic()
    body = kiosk_sends(server, kiosk="K08")
    reader.join(timeout=25)
    assert [r.id for r in got["view"].rows] == [body["client_id"]]
    # woken by the delivery, not by the end of its 20 s wait (the latency itself: benchmarks/bench_lobby.py)
    assert time.monotonic() - sent < 10.0


def test_a_claim_on_one_desk_is_refused_on_the_other_with_the_holders_name(server, lobby):
    body = kiosk_sends(server)
    row = lobby.view().row(body["client_id"])
    mine = lobby.claim(row, "Q1", "Lan")
    assert mine.state is RowState.CLAIMED and mine.claim.desk_id == "Q1" and mine.etag != row.etag
    with pytest.raises(ClaimConflict) as conflict:
        lobby.claim(row, "Q2", "Minh")
    assert conflict.value.holder.desk_id == "Q1" and conflict.value.holder.staff_name == "Lan"
    with pytest.raises(StaleRow):
        lobby.release(row, "Q1")          # the holder with an old copy must re-read
    released = lobby.release(mine, "Q1")
    assert released.state is RowState.OPEN and released.claim is None
    theirs = lobby.claim(released, "Q2", "Minh")
    done = lobby.resolve(theirs, "Q2", "sent-home", note="Bệnh nhân về nhà, hẹn quay lại.")
    assert done.state is RowState.RESOLVED and done.resolution == "sent-home" and not done.needs_staff
    with pytest.raises(StaleRow) as resolved:
        lobby.claim(done, "Q1", "Lan")
    assert resolved.value.code == "already_resolved"


def test_resolving_into_a_registration_keeps_its_id(server, lobby):
    body = kiosk_sends(server)
    row = lobby.claim(lobby.view().row(body["client_id"]), "Q3", "Hoa")
    reg_id = str(uuid.uuid4())
    done = lobby.resolve(row, "Q3", "registered", registration_id=reg_id)
    assert done.registration_id == reg_id and done.resolution == "registered"
    other_id = kiosk_sends(server)["client_id"]
    other = lobby.claim(lobby.view().row(other_id), "Q3", "Hoa")
    with pytest.raises(LobbyRefused) as refused:      # a registration resolution without its id
        lobby.resolve(other, "Q3", "registered")
    assert refused.value.code == "missing_field"


def test_the_referral_record_gives_the_identity_for_the_override_form(server, lobby):
    body = kiosk_sends(server)
    record = lobby.referral(body["client_id"])
    assert record.identity == body["identity"] and record.eligibility == body["eligibility"]
    assert record.row.id == body["client_id"]
    with pytest.raises(LobbyRefused) as unknown:
        lobby.referral(str(uuid.uuid4()))
    assert unknown.value.code == "unknown_referral"


def test_an_unchanged_full_read_is_a_304_and_the_same_rows(server, lobby, statuses):
    first = lobby.view()
    again = lobby.view()
    assert statuses[-2:] == [200, 304]
    assert again.rows == first.rows and again.cursor == first.cursor and again.fetched_at >= first.fetched_at
    kiosk_sends(server)
    changed = lobby.view()
    assert statuses[-1] == 200 and len(changed.rows) == len(first.rows) + 1


def test_a_cursor_from_before_a_restart_gets_the_whole_lobby(lobby):
    view = lobby.view(since="feedfe.1")
    assert isinstance(view, LobbyView) and view.cursor != "feedfe.1"
    assert view.rows == lobby.view().rows


def test_the_fleet(server, lobby):
    beat = {"kiosk_id": "K21", "machine_id": "machine-k21-0001", "status": "ok", "version": "2.0.0",
            "heartbeat_seconds": 30, "parts": [{"part": "printer", "status": "degraded"}],
            "queue": {"depth": 3, "oldest_age_seconds": 700, "attention": 0}, "printer": {"paper": "out"},
            "last_checkin_at": "2026-12-01T08:00:00+07:00"}
    assert requests.post(hospital_url(server) + "/heartbeat", json=beat, headers=KEY, timeout=5).status_code == 204
    k21 = next(k for k in lobby.kiosks() if k.kiosk_id == "K21")
    assert k21.online and k21.paper == "out" and k21.queue_depth == 3 and k21.queue_oldest_age == 700
    assert k21.parts == {"printer": "degraded"} and k21.version == "2.0.0" and k21.offline_since is None
    assert k21.last_checkin_at is not None and k21.offline_periods == ()


def test_an_unreachable_hospital_is_lobby_unavailable_without_personal_data(server, caplog):
    closed = HospitalSettings(url="http://127.0.0.1:9/his/v1", api_key="demo-key", connect_timeout=0.5,
                              read_timeout=0.5)
    client = HospitalLobby(closed)
    with caplog.at_level(logging.DEBUG), pytest.raises(LobbyUnavailable) as down:
        client.view()
    assert down.value.retryable and "connection refused" in str(down.value)
    client.close()


@pytest.mark.parametrize(("kind", "code"), [("http500", "lobby_unavailable"), ("malformed", "lobby_garbage"),
                                            ("drop", "lobby_unavailable")])
def test_hospital_faults_become_lobby_unavailable(server, lobby, kind, code):
    server.faults.set("hospital.lobby", Fault(kind, count=1))
    try:
        with pytest.raises(LobbyUnavailable) as down:
            plain_lobby(server).view()
    finally:
        server.faults.clear()
    assert down.value.code == code


def plain_lobby(server) -> HospitalLobby:
    """A client without the spec check (a fault's answer is off-contract by design)."""
    return HospitalLobby(config_for(server).hospital)


def test_a_wrong_api_key_is_refused_not_unavailable(server):
    settings = dataclasses.replace(config_for(server).hospital, api_key="wrong-key")
    client = HospitalLobby(settings)
    with pytest.raises(LobbyRefused) as refused:
        client.kiosks()
    assert refused.value.code == "unauthorized"
    client.close()


def test_conflict_and_refusal_texts_carry_no_server_sentence(server, lobby):
    refusal = '{"reason": "invalid_field", "message": "Trần Thị Thu Hà 079190001234"}'.encode()
    server.faults.set("hospital.claim", Fault("replace", count=1, body=refusal, status=422))
    body = kiosk_sends(server)
    row = lobby.view().row(body["client_id"])
    try:
        with pytest.raises(LobbyRefused) as refused:
            plain_lobby(server).claim(row, "Q1", "Lan")
    finally:
        server.faults.clear()
    assert "079190001234" not in str(refused.value) and "Trần" not in str(refused.value)
    assert refused.value.code == "invalid_field"


def test_plain_http_off_loopback_is_refused_at_construction():
    with pytest.raises(UnsafeUrl):
        HospitalLobby(HospitalSettings(url="http://10.0.0.5/his/v1", api_key="k"))


def test_the_composition_root_builds_and_closes_the_lobby(server):
    with KioskServices.open(config_for(server), start=False, offline_queue=False) as services:
        assert isinstance(services.lobby, HospitalLobby) and services.lobby is services.lobby
        assert isinstance(services.lobby.view(), LobbyView)


@pytest.mark.parametrize("answer", [
    b'{"day": "2026-12-01", "cursor": "x.1", "delta": false, "rows": [{"id": 5}]}',
    b'{"day": "2026-12-01", "cursor": "", "delta": false, "rows": []}',
    b'{"rows": "all of them"}',
    b"[" * 100_000 + b"]" * 100_000,
    (b'{"day": "2026-12-01", "cursor": "x.1", "delta": false, "rows": [{"id": "a", "kind": "visit", "kiosk_id": "K1",'
     b' "created_at": "2026-12-01T08:00:00+07:00", "state": "open", "etag": "\\"r1\\""}]}'),
])
def test_a_wrong_answer_is_lobby_garbage_never_a_crash(server, answer):
    server.faults.set("hospital.lobby", Fault("replace", count=1, body=answer))
    try:
        with pytest.raises(LobbyUnavailable) as garbage:
            plain_lobby(server).view()
    finally:
        server.faults.clear()
    assert garbage.value.code == "lobby_garbage"
