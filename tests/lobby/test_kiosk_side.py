"""The kiosk's side of the lobby against the simulated hospital system (real HTTP on loopback).

Referrals go through the real outbox and its referral lane to ``POST /referrals``; the
heartbeat carries the fleet fields and a 409 ``kiosk_id_in_use`` becomes the failing
``kiosk-id`` part ``kiosk doctor`` shows. Every request the kiosk sends to the lobby
endpoints and every answer is validated against docs/hospital-api.yaml (openapi-core).
"""

from __future__ import annotations

import dataclasses
import json
import time
from urllib.parse import urlsplit

import pytest
import requests

from devkit.kiosk_config import DEV_KIT_API_KEY
from devkit.simulator.app import hospital_url
from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.checkin.identify import identity_from_qr
from kiosk.cli.checkin_cmd import perform_checkin
from kiosk.errors import HospitalError
from kiosk.health.monitoring import heartbeat_for
from kiosk.http import HttpClient
from kiosk.lobby.referrals import InvalidScreen
from kiosk.services import KioskServices
from tests.integration.checkin_support import config_for, start_simulator
from tests.integration.lobby_support import spec_observer

KEY = {"X-Api-Key": DEV_KIT_API_KEY}


@pytest.fixture
def sim():
    server = start_simulator()
    yield server
    server.stop()


def checked(http: HttpClient, base: str) -> list[str]:
    """Validate every request ``http`` sends and every answer against the spec; returns the paths seen."""
    seen: list[str] = []
    check = spec_observer(base)

    def observe(exchange) -> None:
        seen.append(f"{exchange.method} {urlsplit(exchange.url).path}")
        check.exchange(exchange)
    http.observers.append(observe)
    return seen


def lobby(sim) -> list[dict]:
    r = requests.get(hospital_url(sim) + "/lobby", headers=KEY, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["rows"]


def referral_record(sim, row_id: str) -> dict:
    r = requests.get(f"{hospital_url(sim)}/referrals/{row_id}", headers=KEY, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def services_for(sim, tmp_path, **kiosk) -> tuple[KioskServices, list[str]]:
    cfg = config_for(sim, data_dir=str(tmp_path / "data"), **kiosk)
    services = KioskServices.open(cfg, start=False)
    seen = checked(services.hospital._http, hospital_url(sim))
    services.start()
    return services, seen


def test_a_counter_outcome_and_a_help_request_reach_every_desk(sim, tmp_path):
    services, seen = services_for(sim, tmp_path, id="K07")
    expired = by_key("expired")
    with services:
        report = perform_checkin(services.new_checkin(), identity_from_qr(expired.qr_text()))
        assert report.counter is not None and report.counter.status.value == "expired"
        help_id = services.request_help("department-menu")
        assert services.request_help("department-menu") == help_id        # a second press: the same request
        with pytest.raises(InvalidScreen):
            services.request_help("Màn hình")
    # closing gave the referral lane its short bound to deliver (a CLI check-in exits right after)
    rows = {r["id"]: r for r in lobby(sim)}
    referrals = [r for r in rows.values() if r["kind"] == "referral"]
    assert sorted(r["reason"] for r in referrals) == ["expired", "help"]
    counter = next(r for r in referrals if r["reason"] == "expired")
    assert counter["ticket"] == "K07-Q001" and counter["kiosk_id"] == "K07" and counter["state"] == "open"
    assert counter["gateway_code"] and counter["detail"]
    assert expired.full_name not in json.dumps(rows, ensure_ascii=False)   # rows carry the masked patient
    record = referral_record(sim, counter["id"])
    assert record["identity"]["full_name"] == expired.full_name and record["eligibility"] is not None
    help_row = rows[help_id]
    assert help_row["screen"] == "department-menu" and referral_record(sim, help_id)["identity"] is None
    assert seen.count("POST /his/v1/referrals") == 2


def test_a_referral_is_delivered_exactly_once_after_an_outage(sim, tmp_path):
    sim.faults.set("hospital.referral", Fault("http500"))
    services, seen = services_for(sim, tmp_path, id="K07")
    with services:
        perform_checkin(services.new_checkin(), identity_from_qr(by_key("not-found").qr_text()))
        # the hospital takes registrations meanwhile: a registration is not held behind the referral
        ticket = perform_checkin(services.new_checkin(), identity_from_qr(by_key("valid").qr_text())).ticket
        assert ticket is not None and ticket.pending is False
        assert [r["kind"] for r in lobby(sim)] == ["registration"]
        sim.faults.set("hospital.referral", Fault("none"))
        services.queue.referral_worker.kick(urgent=True)
        assert services.queue.referral_worker.drain(10) is True
        # a replay of the same client id changes nothing
        services.queue.referral_worker.kick(urgent=True)
    rows = lobby(sim)
    assert sorted(r["kind"] for r in rows) == ["referral", "registration"]
    assert seen.count("POST /his/v1/referrals") >= 2


def test_a_registration_the_hospital_refuses_becomes_a_hospital_refused_referral(sim, tmp_path):
    valid = by_key("valid")
    body = json.dumps({"reason": "bad_xml", "message": f"Hồ sơ của {valid.full_name} sai định dạng."}).encode()
    sim.faults.set("hospital.register", Fault("replace", body=body, status=422))
    services, _ = services_for(sim, tmp_path, id="K07")
    with services:
        flow = services.new_checkin()
        with pytest.raises(HospitalError):
            perform_checkin(flow, identity_from_qr(valid.qr_text()))
        client_id = flow.client_id
        sim.faults.set("hospital.register", Fault("none"))
    # (the simulator's "replace" fault only rewrites the answer: it may have stored the registration)
    rows = [r for r in lobby(sim) if r["kind"] == "referral"]
    assert [(r["reason"], r["registration_id"]) for r in rows] == [("hospital-refused", client_id)]
    assert "bad_xml" in rows[0]["detail"] and valid.full_name not in rows[0]["detail"]
    assert referral_record(sim, rows[0]["id"])["identity"]["full_name"] == valid.full_name


def test_the_heartbeat_carries_the_fleet_fields_and_a_second_machine_is_refused(sim, tmp_path, cli):
    first = config_for(sim, data_dir=str(tmp_path / "a"), id="K05")
    second = config_for(sim, data_dir=str(tmp_path / "b"), id="K05")
    with KioskServices.open(first) as services:
        perform_checkin(services.new_checkin(), identity_from_qr(by_key("valid").qr_text()))
        beat = heartbeat_for(first, services.health_registry(), facts=services.heartbeat_facts)
        seen = checked(beat._http, hospital_url(sim))
        assert beat.beat() is True and seen == ["POST /his/v1/heartbeat"]
        beat.stop()
    kiosk = {k["kiosk_id"]: k for k in requests.get(hospital_url(sim) + "/kiosks", headers=KEY,
                                                      timeout=10).json()["kiosks"]}["K05"]
    assert kiosk["online"] and kiosk["queue"] == {"depth": 0, "oldest_age_seconds": None, "attention": 0}
    assert kiosk["last_checkin_at"] is not None and kiosk["heartbeat_seconds"] == 60 and kiosk["version"]

    with KioskServices.open(second, start=False) as services:
        other = heartbeat_for(second, services.health_registry(), facts=services.heartbeat_facts)
        assert other.beat() is False and other.id_in_use
        other.stop()
    r = cli("doctor", "--only", "kiosk-id", "--json", env={"KIOSK_DATA_DIR": str(tmp_path / "b"),
                                                          "KIOSK_ID": "K05"})
    part = json.loads(r.stdout)["parts"][0]
    assert r.returncode == 8 and part["status"] == "failing" and "used by another machine" in part["reason"]
    ok = cli("doctor", "--only", "kiosk-id", env={"KIOSK_DATA_DIR": str(tmp_path / "a"), "KIOSK_ID": "K05"})
    assert ok.returncode == 0


def test_a_running_kiosk_beats_by_default_and_a_station_does_not(sim, tmp_path):
    cfg = config_for(sim, data_dir=str(tmp_path / "data"), id="K06")
    cfg = dataclasses.replace(cfg, health=dataclasses.replace(cfg.health, endpoint_port=0))
    assert cfg.health.heartbeat_seconds == 60     # the default: on whenever hospital.url is set
    with KioskServices.open(cfg) as station:
        assert station.start_monitoring(heartbeat=False).heartbeat is None
    with KioskServices.open(cfg) as services:
        monitoring = services.start_monitoring()
        assert monitoring.heartbeat is not None
        deadline = time.monotonic() + 10
        while sim.heartbeats.last("K06") is None and time.monotonic() < deadline:
            time.sleep(0.05)
        report = sim.heartbeats.last("K06")
    assert report is not None and len(report["machine_id"]) == 32 and report["queue"]["depth"] == 0
    assert report["printer"]["paper"] in ("ok", "low", "out", "unknown")
    off = dataclasses.replace(cfg, hospital=dataclasses.replace(cfg.hospital, url=""))
    assert heartbeat_for(off, None) is None


def test_an_offline_ticket_whose_recheck_fails_becomes_a_recheck_failed_referral(sim, tmp_path):
    from kiosk.checkin.state import State
    from tests.offline_queue.support import config_for as queue_config
    cfg = queue_config(sim, tmp_path / "data", max_backoff_seconds=0.2)
    cfg = dataclasses.replace(cfg, gateway=dataclasses.replace(cfg.gateway, recheck_min_delay_seconds=1.0))
    sim.faults.set("gateway.lookup", Fault("http500"))
    with KioskServices.open(cfg) as services:
        flow = services.new_checkin()
        flow.identify(identity_from_qr(by_key("expired").qr_text()))
        assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN and flow.eligibility_pending
        flow.load_departments()
        ticket = flow.choose_department("KNOI")
        sim.faults.set("gateway.lookup", Fault("none"))
        outbox = services.queue.db.outbox
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not [r for r in lobby(sim) if r["kind"] == "referral"]:
            time.sleep(0.1)
        assert outbox.get(flow.client_id).eligibility == "failed"
    referrals = [r for r in lobby(sim) if r["kind"] == "referral"]
    assert [(r["reason"], r["registration_id"]) for r in referrals] == [("recheck-failed", flow.client_id)]
    assert ticket.number in referrals[0]["detail"] and referrals[0]["gateway_code"]
    assert referral_record(sim, referrals[0]["id"])["identity"]["full_name"] == by_key("expired").full_name
