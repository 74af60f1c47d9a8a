"""docs/hospital-api.yaml is a valid OpenAPI 3.1 document, and client and simulator both keep to it."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

import jsonschema
import pytest
import requests
import yaml
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as validate_spec

from devkit.simulator.app import hospital_url
from devkit.simulator.citizens import by_key
from kiosk.checkin import identity_from_qr
from kiosk.hospital.registration import build_registration
from kiosk.services import KioskServices
from tests.integration.checkin_support import ROOT, config_for

SPEC = yaml.safe_load((ROOT / "docs" / "hospital-api.yaml").read_text(encoding="utf-8"))


def check(instance: object, schema_name: str) -> None:
    """Validate ``instance`` against a component schema of the spec (raises on mismatch)."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": SPEC["components"]}
    OAS31Validator(schema, format_checker=OAS31Validator.FORMAT_CHECKER).validate(instance)


@pytest.fixture(scope="module")
def server(module_simulator):
    """This module's simulator (the shared module-scoped one)."""
    return module_simulator


def test_spec_is_valid_openapi_31():
    validate_spec(SPEC)
    assert SPEC["openapi"].startswith("3.1")
    assert SPEC["servers"][0]["url"].endswith("/his/v1")


def test_simulator_serves_exactly_the_spec_paths(server):
    spec_paths = {(m.upper(), p) for p, ops in SPEC["paths"].items() for m in ops}
    # each spec path, with its parameter filled in, reaches a simulator route (not the 404 fallback)
    for method, path in spec_paths:
        concrete = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)
        found = server.router.match(method, "/his/v1" + concrete)
        assert found is not None and found[0].startswith("hospital."), (method, path)


def test_kiosk_body_and_simulator_answers_match_the_schemas(server):
    base = hospital_url(server)
    headers = {"X-Api-Key": "demo-key"}
    deps = requests.get(base + "/departments", headers=headers, timeout=5).json()
    for d in deps["departments"]:
        check(d, "Department")
    for key, pending in (("valid", True), ("elderly", True)):
        ident = identity_from_qr(by_key(key).qr_text())
        reg = build_registration(client_id=str(uuid.uuid4()), identity=ident, eligibility=None, pending=pending,
                                 department="KNOI", priority=False, kiosk_id="K01", facility_code="79014",
                                 arrived_at=datetime(2026, 11, 25, 8, 0))
        check(reg.to_wire(), "Registration")
        answer = requests.post(base + "/registrations", json=reg.to_wire(), timeout=5,
                               headers={**headers, "Idempotency-Key": reg.client_id})
        assert answer.status_code in (200, 201)
        check(answer.json(), "Receipt")
        check(requests.get(base + f"/registrations/{reg.client_id}", headers=headers, timeout=5).json(),
              "Receipt")
    problem = requests.get(base + f"/registrations/{uuid.uuid4()}", headers=headers, timeout=5)
    assert problem.status_code == 404
    check(problem.json(), "Problem")
    check(requests.get(base + "/departments", timeout=5).json(), "Problem")


def test_schema_catches_a_bad_body():
    ident = identity_from_qr(by_key("valid").qr_text())
    reg = build_registration(client_id=str(uuid.uuid4()), identity=ident, eligibility=None, pending=True,
                             department="KNOI", priority=False, kiosk_id="K01", facility_code="79014",
                             arrived_at=datetime(2026, 11, 25, 8, 0))
    body = reg.to_wire()
    body["xml0"]["GIOI_TINH"] = 7
    with pytest.raises(Exception, match="7"):
        check(body, "Registration")


@pytest.mark.parametrize("key", ["valid", "new-card-004", "wrong-route"])
def test_verified_bodies_from_a_real_check_in_match_the_schema(server, key):
    with KioskServices.open(config_for(server)) as services:
        flow = services.new_checkin()
        flow.identify(identity_from_qr(by_key(key).qr_text()))
        flow.check_eligibility()
        flow.choose_department("KNOI")
        check(flow.registration.to_wire(), "Registration")
        assert flow.registration.eligibility_status != "pending"


def test_the_spec_code_list_is_the_one_the_kiosk_ships():
    from kiosk.rules import load_code_list
    enum = SPEC["components"]["schemas"]["Xml0CheckIn"]["properties"]["MA_DOITUONG_KCB"]["enum"]
    assert set(enum) - {None} == set(load_code_list().codes) and "3" not in enum


@pytest.mark.parametrize("key", ["elsewhere-basic", "five-years", "echo-id"])
def test_2026_bodies_with_benefit_match_the_schema(server, key):
    with KioskServices.open(config_for(server)) as services:
        flow = services.new_checkin()
        flow.identify(identity_from_qr(by_key(key).qr_text()))
        flow.check_eligibility()
        flow.give_slips(appointment_id="HK-2026-0002")
        flow.choose_department("KNOI")
        wire = flow.registration.to_wire()
    check(wire, "Registration")
    assert wire["benefit"]["provisional"] is True and wire["presented_as"] == "id_qr"


def test_appointment_answers_match_the_schema_and_the_hospital_refuses_a_bare_3(server):
    base = hospital_url(server)
    headers = {"X-Api-Key": "demo-key"}
    check(requests.get(base + "/appointments/HK-2026-0001", headers=headers, timeout=5).json(), "Appointment")
    unknown = requests.get(base + "/appointments/NOPE-1", headers=headers, timeout=5)
    assert unknown.status_code == 404 and unknown.json()["reason"] == "unknown_appointment"
    check(unknown.json(), "Problem")
    ident = identity_from_qr(by_key("valid").qr_text())
    reg = build_registration(client_id=str(uuid.uuid4()), identity=ident, eligibility=None, pending=True,
                             department="KNOI", priority=False, kiosk_id="K01", facility_code="79014",
                             arrived_at=datetime(2026, 11, 25, 8, 0))
    body = reg.to_wire()
    body["xml0"]["MA_DOITUONG_KCB"] = "3"
    with pytest.raises(jsonschema.ValidationError, match="3"):
        check(body, "Registration")
    refused = requests.post(base + "/registrations", json=body, timeout=5,
                            headers={**headers, "Idempotency-Key": reg.client_id})
    assert refused.status_code == 422 and "MA_DOITUONG_KCB" in refused.json()["message"]
