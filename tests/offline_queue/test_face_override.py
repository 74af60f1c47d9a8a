"""A face-mismatch referral resolved by staff: the override a reception desk makes after comparing
the chip photo with the patient in person. Real simulator on loopback, real SQLite files; the calls are
the station's own (the kiosk's counter record, OverrideDesk: prepare, submit)."""

from __future__ import annotations

import time

import pytest

from devkit.simulator.citizens import by_key
from kiosk.checkin import State, identity_from_qr
from kiosk.checkin.override import OverrideClass, OverrideDesk, OverrideReason
from kiosk.offline import counter_subject
from kiosk.services import KioskServices
from tests.offline_queue.support import config_for

REASON = "Đã đối chiếu ảnh trong chip với người bệnh tại quầy: đúng chủ thẻ"


@pytest.fixture(autouse=True)
def sim(fresh_simulator):
    return fresh_simulator


@pytest.fixture
def services(sim, tmp_path):
    with KioskServices.open(config_for(sim, tmp_path / "data", max_backoff_seconds=0.2)) as s:
        yield s


@pytest.mark.parametrize("face", ["no_match", "attack_suspected"])
def test_staff_override_after_a_face_mismatch_registers_and_resolves_the_counter_record(services, sim, face):
    flow = services.new_checkin()
    flow.identify(identity_from_qr(by_key("valid").qr_text()))
    flow.check_eligibility()
    assert flow.face_mismatch(face) == State.COUNTER
    [listed] = services.queue.db.counters.items()                     # what the station lists
    assert listed.public["status"] == "face-mismatch" and listed.public["code"] == "face_" + face
    assert listed.resolved_by is None
    identity, eligibility = counter_subject(services.queue.db.counters.get(flow.client_id, with_personal=True))
    assert identity.card_number == by_key("valid").id_number          # the desk sees who, to compare in person
    desk = OverrideDesk(services.sink, kiosk_id=services.config.kiosk.id,
                        facility_code=services.config.facility.code,
                        resolve_counter=services.queue.db.counters.mark_resolved)
    reg = desk.prepare(identity=identity, eligibility=eligibility, department="KNOI", priority=False,
                       staff="Nguyễn Lễ Tân", reason=REASON, reason_code=OverrideReason.CARD_CHECKED_BY_STAFF,
                       result_class=OverrideClass.INSURED)
    ticket = desk.submit(reg, counter_id=flow.client_id)
    assert not ticket.pending and ticket.number.startswith("NOI-")
    stored = sim.hospital_state.override_for(reg.client_id)            # the hospital keeps who and why
    assert stored["reason"] == REASON and stored["reason_code"] == "card-checked-by-staff"
    assert stored["class"] == "insured-confirmed" and stored["staff"] == "Nguyễn Lễ Tân"
    assert services.queue.db.counters.get(flow.client_id).resolved_by == reg.client_id


def test_a_face_mismatch_referral_reaches_the_desks_and_the_station_resolves_it(sim, tmp_path):
    """Through the hospital's lobby, as a reception station sees it: claim, the referral's identity,
    the override registration, and the referral resolved into that registration."""
    from kiosk.lobby.model import RowState
    from ui.station.referral_subject import eligibility_of, identity_of
    with KioskServices.open(config_for(sim, tmp_path / "data", max_backoff_seconds=0.2), start=False) as services:
        services.start()                     # the outbox's referral lane delivers to POST /referrals
        flow = services.new_checkin()
        flow.identify(identity_from_qr(by_key("valid").qr_text()))
        flow.check_eligibility()
        flow.face_mismatch("no_match")
        lobby = services.lobby
        deadline, row = time.monotonic() + 15, None
        while row is None and time.monotonic() < deadline:
            row = next((r for r in lobby.view().rows if r.reason == "face-mismatch"), None)
            time.sleep(0.05)
        assert row is not None, "the face-mismatch referral never reached the lobby"
        assert row.state is RowState.OPEN and row.needs_staff and by_key("valid").full_name not in row.patient
        mine = lobby.claim(row, "Q1", "Lan")
        referral = lobby.referral(row.id)
        identity, eligibility = identity_of(referral.identity), eligibility_of(referral.eligibility)
        assert identity.card_number == by_key("valid").id_number     # the desk holding the claim: who, in full
        desk = OverrideDesk(services.sink, kiosk_id=services.config.kiosk.id,
                            facility_code=services.config.facility.code)
        reg = desk.prepare(identity=identity, eligibility=eligibility, department="KNOI", priority=False,
                           staff="Nguyễn Lễ Tân", reason=REASON, reason_code=OverrideReason.CARD_CHECKED_BY_STAFF,
                           result_class=OverrideClass.INSURED)
        ticket = desk.submit(reg)
        done = lobby.resolve(mine, "Q1", "registered", registration_id=ticket.registration_id)
        assert done.state is RowState.RESOLVED and done.resolution == "registered" and not done.needs_staff
        assert sim.hospital_state.override_for(reg.client_id)["reason_code"] == "card-checked-by-staff"
