"""The lobby endpoints of docs/hospital-api.yaml: the simulator keeps to them, request and answer.

Every request these tests send and every answer the simulator gives goes
through openapi-core against the spec (paths, parameters, headers, status
codes, bodies), so a field the simulator adds, drops or mistypes fails here.
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime

import pytest
import requests

from devkit.simulator.app import hospital_url
from tests.integration.lobby_support import KEY, SPEC, referral_body, spec_session


@pytest.fixture(scope="module")
def server(module_simulator):
    """This module's simulator (the shared module-scoped one)."""
    return module_simulator


@pytest.fixture
def api(server):
    base = hospital_url(server)
    session = spec_session(base)

    class Api:
        url = base

        def expect_bad(self, n: int = 1) -> None:
            """The next ``n`` requests break the spec on purpose (request validation must fail)."""
            session.bad_requests = n

        def get(self, path, **kw):
            return session.get(base + path, headers={**KEY, **kw.pop("headers", {})}, timeout=30, **kw)

        def post(self, path, body, **kw):
            return session.post(base + path, json=body, headers={**KEY, **kw.pop("headers", {})}, timeout=10, **kw)

    yield Api()
    session.close()


def send(api, body: dict, key: str | None = None) -> requests.Response:
    return api.post("/referrals", body, headers={"Idempotency-Key": key or body["client_id"]})


# -- step 1: POST /referrals and GET /lobby ---------------------------------------------------------------

def test_a_referral_is_stored_once_and_a_replay_gets_the_original_answer(api, server):
    body = referral_body()
    first = send(api, body)
    assert first.status_code == 201
    row = first.json()
    assert row["id"] == body["client_id"] and row["state"] == "open" and row["kind"] == "referral"
    assert row["ticket"] == "K07-Q003" and row["reason"] == "expired" and row["claim"] is None
    # the row shows only the masked patient: family name, initials, masked card
    assert row["patient"] == "Trần T. T. H. · ***********5678"
    replay = send(api, body)
    assert replay.status_code == 200 and replay.json() == row
    other = send(api, dict(body, reason="not-found"))
    assert other.status_code == 422 and other.json()["reason"] == "idempotency_key_reused"
    rows = [r for r in api.get("/lobby").json()["rows"] if r["id"] == body["client_id"]]
    assert len(rows) == 1


@pytest.mark.parametrize(("change", "reason"), [
    ({"reason": "bogus"}, "invalid_field"),
    ({"identity": None}, "missing_field"),
    ({"reason": "help", "identity": None, "screen": None}, "missing_field"),
    ({"reason": "recheck-failed"}, "missing_field"),
    ({"masked_card": "GD4797912345678"}, "invalid_field"),
    ({"created_at": "yesterday"}, "invalid_field"),
])
def test_bad_referrals_are_refused_with_a_reason_and_no_personal_data(api, change, reason):
    body = referral_body(**change)
    api.expect_bad()
    answer = send(api, body)
    assert answer.status_code == 422 and answer.json()["reason"] == reason
    assert "Trần" not in answer.text and "079190001234" not in answer.text and "5678" not in answer.text


def test_key_and_client_id_must_agree(api):
    body = referral_body()
    answer = send(api, body, key=str(uuid.uuid4()))   # the spec cannot say "equals the header": no expect_bad
    assert answer.status_code == 422 and answer.json()["reason"] == "client_id_mismatch"


def test_a_help_request_needs_no_identity(api):
    answer = send(api, referral_body("help", identity=None, screen="identify", gateway_code=None,
                                     masked_card=None, eligibility=None))
    assert answer.status_code == 201 and answer.json()["patient"] == "" and answer.json()["screen"] == "identify"


def test_the_lobby_lists_registrations_and_referrals_and_answers_deltas(api, server):
    full = api.get("/lobby")
    assert full.status_code == 200 and full.json()["delta"] is False
    cursor = full.json()["cursor"]
    # nothing changed: an empty delta
    empty = api.get("/lobby", params={"since": cursor})
    assert empty.json()["rows"] == [] and empty.json()["cursor"] == cursor
    body = referral_body(kiosk="K09")
    send(api, body)
    delta = api.get("/lobby", params={"since": cursor}).json()
    assert delta["delta"] is True and [r["id"] for r in delta["rows"]] == [body["client_id"]]
    assert delta["cursor"] != cursor
    only_k09 = api.get("/lobby", params={"kiosk": "K09"}).json()["rows"]
    assert only_k09 and {r["kiosk_id"] for r in only_k09} == {"K09"}
    assert all(r["state"] == "open" for r in api.get("/lobby", params={"state": "open"}).json()["rows"])


def test_a_registration_becomes_a_row_with_a_masked_patient(api, server):
    from devkit.simulator.citizens import by_key
    from kiosk.checkin import identity_from_qr
    from kiosk.hospital.registration import build_registration
    ident = identity_from_qr(by_key("valid").qr_text())
    reg = build_registration(client_id=str(uuid.uuid4()), identity=ident, eligibility=None, pending=True,
                             department="KNOI", priority=False, kiosk_id="K02", facility_code="79014",
                             arrived_at=datetime.now())
    cursor = api.get("/lobby").json()["cursor"]
    answer = api.post("/registrations", reg.to_wire(), headers={"Idempotency-Key": reg.client_id})
    assert answer.status_code == 201
    rows = api.get("/lobby", params={"since": cursor}).json()["rows"]
    assert len(rows) == 1
    row = rows[0]
    assert row["kind"] == "registration" and row["state"] == "registered"
    assert row["ticket"] == answer.json()["queue_number"]
    assert row["department"] == "KNOI" and row["kiosk_id"] == "K02"
    family = ident.full_name.split()[0]
    assert row["patient"].startswith(family + " ") and ident.full_name not in row["patient"]
    assert ident.id_number not in row["patient"] and (ident.card_number or "x") not in row["patient"]


def test_a_cursor_from_another_run_is_refused_and_bad_queries_are_422(api):
    assert api.get("/lobby", params={"since": "zzzzzz.3"}).status_code == 410
    cursor = api.get("/lobby").json()["cursor"]
    api.expect_bad()
    assert api.get("/lobby", params={"since": cursor, "wait": "26"}).status_code == 422
    api.expect_bad()
    assert api.get("/lobby", params={"state": "lost"}).status_code == 422


def test_the_api_key_is_required(server):
    assert requests.get(hospital_url(server) + "/lobby", timeout=5).status_code == 401
    assert requests.post(hospital_url(server) + "/referrals", json={}, timeout=5).status_code == 401


# -- step 2: claims, etags, the record, long-poll and 304 -----------------------------------------------

def test_claim_release_resolve_with_if_match(api):
    row = send(api, referral_body()).json()
    rid = row["id"]
    api.expect_bad()   # If-Match is required by the spec too
    assert api.post(f"/referrals/{rid}/claim", {"desk_id": "Q1", "staff_name": "Lan"}).status_code == 428
    claimed = api.post(f"/referrals/{rid}/claim", {"desk_id": "Q1", "staff_name": "Lan"},
                       headers={"If-Match": row["etag"]})
    assert claimed.status_code == 200 and claimed.json()["state"] == "claimed"
    assert claimed.json()["claim"]["desk_id"] == "Q1" and claimed.headers["ETag"] == claimed.json()["etag"]
    assert claimed.json()["etag"] != row["etag"]
    # a second desk, even with the etag it read before the claim, learns who has it
    second = api.post(f"/referrals/{rid}/claim", {"desk_id": "Q2", "staff_name": "Minh"},
                      headers={"If-Match": row["etag"]})
    assert second.status_code == 409 and second.json()["reason"] == "already_claimed"
    assert second.json()["claimed_by"]["desk_id"] == "Q1" and second.json()["claimed_by"]["staff_name"] == "Lan"
    # the holder with a stale etag must re-read
    stale = api.post(f"/referrals/{rid}/release", {"desk_id": "Q1"}, headers={"If-Match": row["etag"]})
    assert stale.status_code == 412 and stale.json()["reason"] == "stale_row"
    assert stale.json()["etag"] == claimed.json()["etag"]
    released = api.post(f"/referrals/{rid}/release", {"desk_id": "Q1"},
                        headers={"If-Match": claimed.json()["etag"]})
    assert released.status_code == 200 and released.json()["state"] == "open" and released.json()["claim"] is None
    # resolving needs the claim
    unclaimed = api.post(f"/referrals/{rid}/resolve", {"desk_id": "Q2", "resolution": "sent-home"},
                         headers={"If-Match": released.json()["etag"]})
    assert unclaimed.status_code == 409 and unclaimed.json()["reason"] == "not_claimed"
    mine = api.post(f"/referrals/{rid}/claim", {"desk_id": "Q2", "staff_name": "Minh"},
                    headers={"If-Match": released.json()["etag"]}).json()
    missing = api.post(f"/referrals/{rid}/resolve", {"desk_id": "Q2", "resolution": "registered"},  # spec-valid
                       headers={"If-Match": mine["etag"]})
    assert missing.status_code == 422 and missing.json()["reason"] == "missing_field"
    reg_id = str(uuid.uuid4())
    done = api.post(f"/referrals/{rid}/resolve", {"desk_id": "Q2", "resolution": "registered",
                                                  "registration_id": reg_id, "note": None},
                    headers={"If-Match": mine["etag"]})
    assert done.status_code == 200 and done.json()["state"] == "resolved"
    assert done.json()["resolution"] == "registered" and done.json()["registration_id"] == reg_id
    again = api.post(f"/referrals/{rid}/claim", {"desk_id": "Q1", "staff_name": "Lan"},
                     headers={"If-Match": done.json()["etag"]})
    assert again.status_code == 409 and again.json()["reason"] == "already_resolved"


def test_two_desks_claiming_at_once_one_wins(api):
    row = send(api, referral_body()).json()
    answers = {}

    def claim(desk):
        answers[desk] = api.post(f"/referrals/{row['id']}/claim", {"desk_id": desk, "staff_name": desk},
                                 headers={"If-Match": row["etag"]}).status_code

    threads = [threading.Thread(target=claim, args=(d,)) for d in ("Q1", "Q2", "Q3")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers.values()) == [200, 409, 409]


def test_the_referral_record_carries_the_identity_the_row_does_not(api):
    body = referral_body()
    send(api, body)
    record = api.get(f"/referrals/{body['client_id']}")
    assert record.status_code == 200 and record.json()["identity"] == body["identity"]
    assert record.json()["eligibility"] == body["eligibility"]
    lobby = api.get("/lobby").text
    assert body["identity"]["full_name"] not in lobby and body["identity"]["id_number"] not in lobby
    assert body["identity"]["card_number"] not in lobby
    assert api.get(f"/referrals/{uuid.uuid4()}").status_code == 404


def test_a_waiting_desk_is_answered_as_soon_as_a_kiosk_sends(api):
    cursor = api.get("/lobby").json()["cursor"]
    body = referral_body(kiosk="K11")
    got = {}

    def wait():
        started = time.monotonic()
        got["answer"] = api.get("/lobby", params={"since": cursor, "wait": "20"})
        got["after"] = time.monotonic() - started

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.5)
    send(api, body)
    waiter.join(timeout=25)
    assert [r["id"] for r in got["answer"].json()["rows"]] == [body["client_id"]]
    # woken by the change, not by the end of its 20 s wait (the latency itself: benchmarks/bench_lobby.py)
    assert got["after"] < 10.0


def test_a_wait_with_nothing_new_ends_with_an_empty_delta(api):
    cursor = api.get("/lobby", params={"kiosk": "ZZ9"}).json()["cursor"]
    started = time.monotonic()
    answer = api.get("/lobby", params={"since": cursor, "wait": "1", "kiosk": "ZZ9"})
    assert answer.status_code == 200 and answer.json()["rows"] == []
    assert time.monotonic() - started >= 0.9


def test_polling_with_if_none_match_gets_304_until_something_changes(api):
    first = api.get("/lobby")
    etag = first.headers["ETag"]
    assert api.get("/lobby", headers={"If-None-Match": etag}).status_code == 304
    send(api, referral_body())
    changed = api.get("/lobby", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


# -- step 3: the fleet ----------------------------------------------------------------------------------

def beat(api, kiosk: str, machine: str, **over) -> requests.Response:
    body = {"kiosk_id": kiosk, "machine_id": machine, "version": "1.2.3", "status": "degraded",
            "checked_at": datetime.now().astimezone().replace(microsecond=0).isoformat(),
            "heartbeat_seconds": 0.2,
            "parts": [{"part": "printer", "status": "degraded", "reason": "paper low"},
                      {"part": "reader", "status": "ok", "reason": "ok"}],
            "queue": {"depth": 2, "oldest_age_seconds": 125.0, "attention": 1},
            "printer": {"paper": "low"},
            "last_checkin_at": datetime.now().astimezone().replace(microsecond=0).isoformat()}
    body.update(over)
    return api.post("/heartbeat", body)


def fleet_entry(api, kiosk: str) -> dict:
    return next(k for k in api.get("/kiosks").json()["kiosks"] if k["kiosk_id"] == kiosk)


def test_the_fleet_shows_paper_queue_and_version_from_the_last_heartbeat(api):
    assert beat(api, "F01", "machine-aaaa-0001", heartbeat_seconds=30).status_code == 204
    k = fleet_entry(api, "F01")
    assert k["online"] is True and k["offline_since"] is None and k["offline_periods"] == []
    assert k["printer"] == {"paper": "low"}
    assert k["queue"] == {"depth": 2, "oldest_age_seconds": 125.0, "attention": 1}
    assert k["parts"] == {"printer": "degraded", "reader": "ok"} and k["version"] == "1.2.3"
    assert k["status"] == "degraded" and k["heartbeat_seconds"] == 30


def test_a_second_machine_with_the_same_kiosk_id_is_refused(api, server):
    assert beat(api, "F02", "machine-aaaa-0002").status_code == 204
    other = beat(api, "F02", "machine-bbbb-0002", printer={"paper": "out"})
    assert other.status_code == 409 and other.json()["reason"] == "kiosk_id_in_use"
    # the refused report is not kept: the fleet still shows the first machine's
    assert fleet_entry(api, "F02")["printer"] == {"paper": "low"}
    assert beat(api, "F02", "machine-aaaa-0002").status_code == 204


def test_the_id_binding_ends_24_hours_after_the_first_machine_was_last_heard():
    from devkit.simulator.heartbeats import HeartbeatBoard
    now = [1_800_000_000.0]
    board = HeartbeatBoard(clock=lambda: now[0])
    report = {"kiosk_id": "F03", "status": "ok", "parts": [], "machine_id": "machine-old-0003"}
    assert board.record(report) is None
    now[0] += 23 * 3600
    assert board.record(dict(report, machine_id="machine-new-0003")) == "kiosk_id_in_use"
    now[0] += 3600 + 1
    assert board.record(dict(report, machine_id="machine-new-0003")) is None


def test_a_silent_kiosk_goes_offline_after_three_of_its_intervals_and_the_silence_is_kept(api):
    assert beat(api, "F04", "machine-aaaa-0004", heartbeat_seconds=1).status_code == 204
    assert fleet_entry(api, "F04")["online"] is True
    time.sleep(3.3)     # > 3 × 1 s
    away = fleet_entry(api, "F04")
    assert away["online"] is False and away["offline_since"] == away["last_seen"]
    assert away["offline_periods"] == [{"start": away["last_seen"], "end": None}]
    assert beat(api, "F04", "machine-aaaa-0004", heartbeat_seconds=1).status_code == 204
    back = fleet_entry(api, "F04")
    assert back["online"] is True and back["offline_since"] is None
    assert len(back["offline_periods"]) == 1 and back["offline_periods"][0]["start"] == away["last_seen"]
    assert back["offline_periods"][0]["end"] == back["last_seen"]


def test_a_bad_heartbeat_is_422(api):
    api.expect_bad()
    assert beat(api, "F05", "machine-aaaa-0005", printer={"paper": "plenty"}).status_code == 422
    api.expect_bad()
    assert beat(api, "F05", "short").status_code == 422


def test_the_kiosks_own_heartbeat_report_matches_the_schema():
    from openapi_schema_validator import OAS31Validator

    from kiosk.health import ProbeRegistry, failing, ok
    reg = ProbeRegistry(kiosk_id="K01")
    reg.register("printer", lambda: ok("printer", "The ticket printer is online and has paper."))
    reg.register("reader", lambda: failing("reader", "No card reader is connected."))
    schema = {"$ref": "#/components/schemas/HeartbeatReport", "components": SPEC["components"]}
    OAS31Validator(schema, format_checker=OAS31Validator.FORMAT_CHECKER).validate(reg.run().as_dict())
