"""The hospital registration API at the HTTP level: contract, idempotency, one ticket per day, faults."""

from __future__ import annotations

import dataclasses
import socket
import threading
import uuid
from datetime import date, datetime

import pytest
import requests

from devkit.simulator.app import hospital_url
from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.checkin import identity_from_qr
from kiosk.domain import Decision, EligibilityResult, Route, Sex, StaffStatus
from kiosk.errors import HospitalError, HospitalUnavailable, UnknownDepartment
from kiosk.hospital.client import HospitalClient
from kiosk.hospital.registration import build_registration
from tests.integration.checkin_support import config_for


@pytest.fixture(autouse=True)
def server(fresh_simulator):
    """This module's simulator, reset around every test."""
    return fresh_simulator


@pytest.fixture
def client(server):
    c = HospitalClient(config_for(server).hospital)
    yield c
    c.close()


def registration(key="valid", department="KNOI", pending=False, client_id=None, card="id"):
    c = by_key(key)
    ident = identity_from_qr(c.qr_text() if card == "id" else c.bhyt_qr_text(), date(2026, 11, 25))
    elig = None if pending else EligibilityResult(
        code="000", decision=Decision.ACCEPT, status=StaffStatus.VERIFIED, patient_vi="", patient_en="",
        staff_detail="", card_number=c.bhyt_code, full_name=c.full_name, birth=ident.birth,
        sex=Sex(c.sex), valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31), registered_facility="79014",
        route=Route.RIGHT, checked_at=datetime(2026, 11, 25, 8, 0))
    return build_registration(client_id=client_id or str(uuid.uuid4()), identity=ident, eligibility=elig,
                              pending=pending, department=department, priority=False, kiosk_id="K01",
                              facility_code="79014", arrived_at=datetime(2026, 11, 25, 8, 0))


def post(server, body, key, api_key="demo-key"):
    return requests.post(hospital_url(server) + "/registrations", json=body, timeout=5,
                         headers={"Idempotency-Key": key, "X-Api-Key": api_key})


def test_departments_have_vietnamese_names_and_rooms(client):
    deps = client.list_departments()
    names = {d.name_vi for d in deps}
    assert {"Khám Nội", "Khám Ngoại", "Nhi", "Sản", "Tai Mũi Họng", "Răng Hàm Mặt", "Mắt"} <= names
    assert all(d.room and d.code and d.name_en for d in deps)


def test_wrong_api_key_is_refused_not_retryable(server):
    cfg = config_for(server)
    bad = HospitalClient(dataclasses.replace(cfg.hospital, api_key="wrong"))
    with pytest.raises(HospitalError) as info:
        bad.list_departments()
    assert info.value.code == "unauthorized" and not info.value.retryable
    assert not isinstance(info.value, HospitalUnavailable)


def test_register_then_replay_returns_the_original_answer(server, client):
    reg = registration()
    first = post(server, reg.to_wire(), reg.client_id)
    assert first.status_code == 201
    again = post(server, reg.to_wire(), reg.client_id)
    assert again.status_code == 201 and again.json() == first.json()
    assert first.json()["queue_number"] == "NOI-001" and first.json()["existing"] is False
    assert server.hospital_state.count() == 1
    receipt = client.register(reg, reg.client_id)  # the client sees the same receipt too
    assert receipt.queue_number == "NOI-001" and receipt.hospital_id == first.json()["hospital_id"]
    assert client.get_registration(reg.client_id) == receipt


def test_same_key_with_another_body_is_refused(server, client):
    reg = registration()
    client.register(reg, reg.client_id)
    other = dataclasses.replace(reg, department="MAT")
    with pytest.raises(HospitalError) as info:
        client.register(other, other.client_id)
    assert info.value.code == "idempotency_key_reused" and info.value.http_status == 422
    assert not info.value.retryable and server.hospital_state.count() == 1


def test_one_ticket_per_patient_per_day_across_cards_and_departments(server, client):
    first = client.register(r := registration("valid"), r.client_id)
    second = client.register(s := registration("valid", department="MAT", card="insurance"), s.client_id)
    assert second.existing and not first.existing
    assert (second.queue_number, second.hospital_id, second.department) == \
        (first.queue_number, first.hospital_id, first.department)
    assert second.client_id == s.client_id  # answered under its own key, so it can be fetched and replayed
    assert client.get_registration(s.client_id).existing
    assert server.hospital_state.count() == 1


def test_queue_numbers_count_per_department(client):
    numbers = [client.register(r, r.client_id).queue_number
               for r in (registration("valid"), registration("valid-female"), registration("elderly", "MAT"))]
    assert numbers == ["NOI-001", "NOI-002", "MAT-001"]


def test_concurrent_registrations_get_distinct_numbers(server, client):
    regs = [registration("valid", pending=True) for _ in range(12)]
    # distinct synthetic patients: vary the ID number's serial digits
    regs = [dataclasses.replace(r, xml0={**r.xml0, "SO_CCCD": f"0790880{i:05d}"}) for i, r in enumerate(regs)]
    out, errors = [], []

    def go(r):
        try:
            out.append(client.register(r, r.client_id).queue_number)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=go, args=(r,)) for r in regs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not errors and sorted(out) == [f"NOI-{n:03d}" for n in range(1, 13)]


def test_offline_ticket_is_kept_when_free_and_reassigned_when_taken(client):
    a = registration("valid").with_offline_ticket("K01-001")
    assert client.register(a, a.client_id).queue_number == "K01-001"
    b = registration("valid-female").with_offline_ticket("K01-001")
    assert client.register(b, b.client_id).queue_number == "NOI-001"


def test_unknown_registration_is_none_but_a_wrong_url_is_an_error(server, client):
    assert client.get_registration(str(uuid.uuid4())) is None
    cfg = config_for(server)
    lost = HospitalClient(dataclasses.replace(cfg.hospital, url=server.url + "/nowhere"))
    with pytest.raises(HospitalError) as info:
        lost.get_registration(str(uuid.uuid4()))
    assert info.value.code == "http_404"


def test_unknown_department_has_its_own_reason(client):
    reg = registration(department="NOPE")
    with pytest.raises(UnknownDepartment) as info:
        client.register(reg, reg.client_id)
    assert info.value.code == "unknown_department" and info.value.exit_code == 2


@pytest.mark.parametrize("mutate, reason", [
    (lambda b: b["xml0"].update(NGAY_VAO="202613250800"), "invalid_field"),
    (lambda b: b["xml0"].update(NGAY_SINH="19880314"), "invalid_field"),
    (lambda b: b["xml0"].update(GIOI_TINH=4), "invalid_field"),
    (lambda b: b["xml0"].update(SO_CCCD="12345"), "invalid_field"),
    (lambda b: b["xml0"].pop("MA_CSKCB"), "missing_field"),
    (lambda b: b["xml0"].update(SO_CCCD=None, MA_THE_BHYT=None), "no_patient_identifier"),
    (lambda b: b["eligibility"].update(status="expired"), "invalid_field"),
    (lambda b: b.update(identity_source="telepathy"), "invalid_field"),
    (lambda b: b.update(client_id=str(uuid.uuid4())), "client_id_mismatch"),
])
def test_validation_errors_are_422_with_a_reason(server, mutate, reason):
    reg = registration()
    body = reg.to_wire()
    mutate(body)
    resp = post(server, body, reg.client_id)
    assert resp.status_code == 422 and resp.json()["reason"] == reason and resp.json()["message"]
    assert server.hospital_state.count() == 0


def test_bad_idempotency_key_and_non_json(server):
    reg = registration()
    assert post(server, reg.to_wire(), "not-a-uuid").json()["reason"] == "bad_idempotency_key"
    resp = requests.post(hospital_url(server) + "/registrations", data=b"{oops", timeout=5,
                         headers={"Idempotency-Key": reg.client_id, "X-Api-Key": "demo-key"})
    assert resp.status_code == 422 and resp.json()["reason"] == "bad_json"


@pytest.mark.parametrize("kind, cls, code", [("http500", HospitalUnavailable, "hospital_unavailable"),
                                             ("drop", HospitalUnavailable, "hospital_unavailable"),
                                             ("malformed", HospitalError, "hospital_garbage")])
def test_faults_map_to_typed_retryable_errors(server, client, kind, cls, code):
    server.faults.set("hospital.*", Fault(kind))
    reg = registration()
    with pytest.raises(cls) as info:
        client.register(reg, reg.client_id)
    assert info.value.code == code and info.value.retryable
    with pytest.raises(cls):
        client.list_departments()


def test_timeout_and_refused_connection_are_unavailable(server):
    cfg = config_for(server)
    server.faults.set("hospital.departments", Fault("slow", latency=0.6, count=1))
    slow = HospitalClient(dataclasses.replace(cfg.hospital, read_timeout=0.2))
    with pytest.raises(HospitalUnavailable, match="in time"):
        slow.list_departments()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: connections are refused
        closed = HospitalClient(dataclasses.replace(cfg.hospital, url=f"http://127.0.0.1:{port}/his/v1"))
        with pytest.raises(HospitalUnavailable, match="cannot be reached"):
            closed.list_departments()


DEEP = b"[" * 200_000 + b"]" * 200_000        # valid JSON, deeper than the decoder recurses


def test_wrong_typed_names_and_deep_json_are_garbage_not_crashes(server, client):
    from kiosk.errors import HospitalGarbage
    wrong = b'{"departments": [{"code": "KNOI", "names": "Khoa Noi", "room": "P101"}]}'
    for body in (wrong, b'{"departments": [{"code": "KNOI", "names": ["vi"], "room": "P1"}]}', DEEP):
        server.faults.set("hospital.departments", Fault("replace", body=body, count=1))
        with pytest.raises(HospitalGarbage) as info:
            client.list_departments()
        assert info.value.code == "hospital_garbage" and info.value.retryable
    reg = registration()
    receipt = client.register(reg, reg.client_id).__dict__
    odd = {**receipt, "issued_at": receipt["issued_at"].isoformat(),
           "department": {"code": "KNOI", "names": "Khoa Noi", "room": "P1"}}
    import json
    server.faults.set("hospital.register", Fault("replace", body=json.dumps(odd).encode(), count=1))
    with pytest.raises(HospitalGarbage):
        client.register(reg, reg.client_id)
    server.faults.set("hospital.register", Fault("replace", body=DEEP, count=1))
    with pytest.raises(HospitalGarbage):
        client.register(reg, reg.client_id)


def test_a_garbage_department_list_falls_back_to_the_cached_menu(server, client, tmp_path):
    from kiosk.offline import CachedDepartments
    from offline_cache.database import KioskDatabase
    db = KioskDatabase.open(tmp_path, "K01", prefer_keyring=False)
    try:
        menu = CachedDepartments(client, db.departments)
        fresh = menu.departments()
        for body in (b'{"departments": [{"code": "KNOI", "names": "x", "room": "P1"}]}', b"{}", DEEP):
            server.faults.set("hospital.departments", Fault("replace", body=body, count=1))
            assert menu.departments() == fresh
    finally:
        db.close()


def test_another_clinic_too_gets_its_own_number_and_the_same_clinic_twice_does_not(client):
    first = client.register(r := registration(department="KNOI"), r.client_id)
    plain = client.register(r := registration(department="MAT"), r.client_id)
    assert plain.existing and plain.queue_number == first.queue_number        # one ticket a day …
    extra = dataclasses.replace(registration(department="MAT"), additional_clinic=True)
    assert extra.to_wire()["additional_clinic"] is True
    mat = client.register(extra, extra.client_id)
    assert not mat.existing and mat.queue_number.startswith("MAT")             # … unless asked for
    again = dataclasses.replace(registration(department="MAT"), additional_clinic=True)
    assert client.register(again, again.client_id).queue_number == mat.queue_number
    same = dataclasses.replace(registration(department="KNOI"), additional_clinic=True)
    assert client.register(same, same.client_id).queue_number == first.queue_number
    assert "additional_clinic" not in registration().to_wire()               # ordinary bodies unchanged
