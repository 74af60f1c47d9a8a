"""Staff overrides and counter outcomes through the core: real simulator on loopback, real SQLite files."""

from __future__ import annotations

import dataclasses
import logging
import uuid

import pytest

from devkit.simulator.citizens import by_key
from kiosk.checkin import State, identity_from_qr
from kiosk.checkin.override import OverrideClass, OverrideDesk, OverrideReason
from kiosk.errors import HospitalError, InvalidOverride
from kiosk.hospital.client import HospitalClient
from kiosk.offline import counter_subject
from kiosk.services import KioskServices
from tests.offline_queue.support import config_for

REASON = "Bà Vũ Thị Mai tự trả tiền khám hôm nay"   # names the patient: must never reach a log or the file


@pytest.fixture(autouse=True)
def sim(fresh_simulator):
    """This module's simulator, reset around every test."""
    return fresh_simulator


@pytest.fixture
def services(sim, tmp_path):
    with KioskServices.open(config_for(sim, tmp_path / "data", max_backoff_seconds=0.2)) as s:
        yield s


def desk_for(services) -> OverrideDesk:
    return OverrideDesk(services.sink, kiosk_id=services.config.kiosk.id,
                        facility_code=services.config.facility.code,
                        resolve_counter=services.queue.db.counters.mark_resolved)


def sent_to_counter(services, key: str):
    flow = services.new_checkin()
    flow.identify(identity_from_qr(by_key(key).qr_text()))
    assert flow.check_eligibility() == State.COUNTER
    return flow


def test_a_counter_outcome_is_recorded_masked_with_the_identity_sealed(services):
    flow = sent_to_counter(services, "expired")
    [record] = services.queue.db.counters.items()
    assert record.id == flow.client_id
    assert record.public["status"] == "expired" and record.public["code"] == flow.counter.reason
    assert record.public["masked_card"] == "********5566"
    identity, eligibility = counter_subject(services.queue.db.counters.get(record.id, with_personal=True))
    assert identity.full_name == "Vũ Thị Mai" and identity.card_number == by_key("expired").id_number
    assert eligibility.status.value == "expired"
    # retention erases the sealed part: the station then asks for a new lookup
    assert services.queue.db.counters.purge(0) == 1
    with pytest.raises(LookupError):
        counter_subject(services.queue.db.counters.get(record.id, with_personal=True))


def test_override_of_a_counter_outcome_registers_once_and_the_hospital_keeps_it(services, sim):
    flow = sent_to_counter(services, "expired")
    record = services.queue.db.counters.get(flow.client_id, with_personal=True)
    identity, eligibility = counter_subject(record)
    desk = desk_for(services)
    reg = desk.prepare(identity=identity, eligibility=eligibility, department="KNOI", priority=False,
                       staff="Nguyễn Lễ Tân", reason=REASON, reason_code=OverrideReason.SELF_PAYING,
                       result_class=OverrideClass.SERVICE)
    ticket = desk.submit(reg, counter_id=record.id)
    assert not ticket.pending and ticket.number.startswith("NOI-")
    stored = sim.hospital_state.override_for(reg.client_id)
    assert stored["reason"] == REASON and stored["class"] == "service-patient"
    assert stored["original_status"] == "expired" and stored["staff"] == "Nguyễn Lễ Tân"
    assert sim.hospital_state.answer_for(reg.client_id)["override_class"] == "service-patient"
    assert services.queue.db.counters.get(record.id).resolved_by == reg.client_id
    item = services.queue.db.outbox.get(reg.client_id)
    assert item.state == "delivered" and item.public["override"] == "service-patient"
    # a replay (same key, same body) is idempotent, through the sink and straight to the hospital
    visits = sim.hospital_state.count()
    assert desk.submit(reg).number == ticket.number
    client = HospitalClient(services.config.hospital)
    try:
        assert client.register(reg, reg.client_id).queue_number == ticket.number
        # the very same registration without the override is still refused
        bare_id = str(uuid.uuid4())
        bare = dataclasses.replace(reg, client_id=bare_id, override=None, xml0={**reg.xml0, "MA_LK": bare_id})
        with pytest.raises(HospitalError) as refused:
            client.register(bare, bare_id)
        assert refused.value.code == "invalid_field" and "override" in str(refused.value)
    finally:
        client.close()
    assert sim.hospital_state.count() == visits


def test_staff_can_confirm_cover_for_a_card_the_gateway_refused(services, sim):
    flow = sent_to_counter(services, "wrong-name")
    reg = desk_for(services).prepare(
        identity=flow.identity, eligibility=flow.eligibility, department="KNGOAI", priority=True,
        staff="Trần Kiểm Tra", reason="Đã đối chiếu giấy tờ tại quầy", reason_code="card-checked-by-staff",
        result_class="insured-confirmed")
    # the gateway matched no card for this ID-card QR: the ID number identifies the patient
    assert reg.xml0["SO_CCCD"] == by_key("wrong-name").id_number and reg.xml0["MA_THE_BHYT"] is None
    assert reg.eligibility_status == "name-birth-mismatch" and reg.override["class"] == "insured-confirmed"
    ticket = desk_for(services).submit(reg)
    assert ticket.priority and not ticket.pending
    assert sim.hospital_state.override_for(reg.client_id)["original_code"] == flow.eligibility.code


@pytest.mark.parametrize("reason", ["", "   ", "ok", "đồng ý", "a b"])
def test_the_reason_is_required_and_must_say_something(services, reason):
    flow = sent_to_counter(services, "not-found")
    with pytest.raises(InvalidOverride):
        desk_for(services).prepare(identity=flow.identity, eligibility=flow.eligibility, department="KNOI",
                                   priority=False, staff="Lễ Tân", reason=reason, reason_code="other",
                                   result_class="service-patient")
    # no registration was queued (the counter outcome's referral is another kind of item)
    assert [i for i in services.queue.db.outbox.items(states=("pending", "sending")) if i.kind == "registration"] == []


def test_the_hospital_refuses_an_override_without_a_real_reason(services):
    flow = sent_to_counter(services, "not-found")
    reg = desk_for(services).prepare(identity=flow.identity, eligibility=flow.eligibility, department="KNOI",
                                     priority=False, staff="Lễ Tân", reason="Bệnh nhân tự chi trả",
                                     reason_code="self-paying", result_class="service-patient")
    thin = dataclasses.replace(reg, override={**reg.override, "reason": "ok"})
    client = HospitalClient(services.config.hospital)
    try:
        with pytest.raises(HospitalError) as refused:
            client.register(thin, thin.client_id)
    finally:
        client.close()
    assert refused.value.code == "invalid_field"


def test_reason_and_identity_are_not_in_the_database_files_or_the_logs(services, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    flow = sent_to_counter(services, "expired")
    identity, eligibility = counter_subject(services.queue.db.counters.get(flow.client_id, with_personal=True))
    desk = desk_for(services)
    reg = desk.prepare(identity=identity, eligibility=eligibility, department="KNOI", priority=False,
                       staff="Nguyễn Lễ Tân", reason=REASON, reason_code="self-paying",
                       result_class="service-patient")
    desk.submit(reg, counter_id=flow.client_id)
    c = by_key("expired")
    needles = [REASON, "Vũ Thị Mai", "tự trả tiền", c.id_number, "Nguyễn Lễ Tân", c.birth.strftime("%d/%m/%Y")]
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("queue.db*"))
    for needle in needles:
        for enc in ("utf-8", "utf-16-le"):
            assert needle.encode(enc) not in raw, needle
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "override" in text and "self-paying" in text and f"({len(REASON)} chars)" in text
    for needle in needles:
        assert needle not in text, needle
    assert repr(reg.override) and REASON not in repr(reg)


def test_override_bodies_and_answers_keep_to_the_api_contract(services, sim):
    from pathlib import Path

    import yaml
    from openapi_schema_validator import OAS31Validator
    spec = yaml.safe_load((Path(__file__).parents[2] / "docs" / "hospital-api.yaml").read_text(encoding="utf-8"))

    def check(instance, name):
        schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
        OAS31Validator(schema, format_checker=OAS31Validator.FORMAT_CHECKER).validate(instance)
    for key, klass in (("expired", "insured-confirmed"), ("not-found", "service-patient")):
        flow = sent_to_counter(services, key)
        reg = desk_for(services).prepare(identity=flow.identity, eligibility=flow.eligibility, department="KNOI",
                                         priority=False, staff="Lễ Tân", reason="Nhân viên đã kiểm tra giấy tờ",
                                         reason_code="card-checked-by-staff", result_class=klass)
        check(reg.to_wire(), "Registration")
        desk_for(services).submit(reg)
        check(sim.hospital_state.answer_for(reg.client_id), "Receipt")
    # the expired insurance card: staff confirm cover with the gateway's card data
    assert reg.override["class"] == "service-patient" and reg.xml0["MA_THE_BHYT"] is None


def test_a_patient_who_chooses_the_counter_leaves_a_trace(services):
    flow = services.new_checkin()
    flow.identify(identity_from_qr(by_key("wrong-route").qr_text()))
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    flow.give_slips(slip_claimed=True)   # registered elsewhere with a slip to show: benefit for staff
    assert flow.choose_counter() == State.COUNTER and flow.counter.status.value == "wrong-route"
    [record] = services.queue.db.counters.items()
    assert record.id == flow.client_id and record.public["status"] == "wrong-route"
    # nothing registered (the counter outcome's referral is another kind of item)
    assert [i for i in services.queue.db.outbox.items(states=("delivered",)) if i.kind == "registration"] == []
