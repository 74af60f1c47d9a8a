"""The heartbeat's fleet fields: machine id (made once, 0600), queue facts, paper, the kiosk-id part."""

from __future__ import annotations

import stat

from kiosk.config import HospitalSettings
from kiosk.health import ProbeRegistry, Status, failing, ok
from kiosk.health.heartbeat import Heartbeat, paper_state, queue_facts
from kiosk.health.machine import KioskIdConflict, machine_id
from offline_cache import KioskDatabase


def test_machine_id_is_made_once_private_and_replaced_when_damaged(tmp_path):
    first = machine_id(tmp_path)
    path = tmp_path / "machine-id"
    assert len(first) == 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert machine_id(tmp_path) == first
    path.chmod(0o644)
    assert machine_id(tmp_path) == first and stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("not an id\n")
    second = machine_id(tmp_path)
    assert second != first and len(second) == 32 and machine_id(tmp_path) == second


def test_kiosk_id_conflict_is_a_failing_part_until_a_heartbeat_is_accepted(tmp_path):
    conflict = KioskIdConflict(tmp_path, "K03")
    assert conflict.probe().status is Status.OK
    conflict.refused()
    part = conflict.probe()
    assert part.status is Status.FAILING and part.part == "kiosk-id"
    assert "used by another machine" in part.reason and part.detail["error"] == "kiosk_id_in_use"
    # another process (kiosk doctor) reads the same verdict from the data folder
    assert KioskIdConflict(tmp_path, "K03").probe().status is Status.FAILING
    # the verdict was about another id: a renamed kiosk is not blamed for it
    assert KioskIdConflict(tmp_path, "K04").probe().status is Status.OK
    conflict.accepted()
    assert KioskIdConflict(tmp_path, "K03").probe().status is Status.OK


def test_the_payload_carries_the_fleet_fields_and_no_personal_data(tmp_path):
    now = [10_000.0]
    kdb = KioskDatabase.open(tmp_path, "K03", prefer_keyring=False, clock=lambda: now[0])
    try:
        kdb.outbox.enqueue("reg-1", {"registration": {"xml0": {"HO_TEN": "Nguyễn Văn An"}}})
        now[0] += 42
        reg = ProbeRegistry(kiosk_id="K03")
        reg.register("printer", lambda: ok("printer", "The ticket printer's paper is running low.", paper="low"))
        beat = Heartbeat(reg, HospitalSettings(url="http://127.0.0.1:9/his/v1", api_key="k"), 30,
                         machine_id="ab" * 16, facts=lambda: queue_facts(kdb.outbox, clock=lambda: now[0]))
        body = beat.payload(reg.run())
        beat.stop()
    finally:
        kdb.close()
    assert body["machine_id"] == "ab" * 16 and body["heartbeat_seconds"] == 30 and body["kiosk_id"] == "K03"
    assert body["queue"] == {"depth": 1, "attention": 0, "oldest_age_seconds": 42.0}
    assert body["printer"] == {"paper": "low"}
    assert body["last_checkin_at"] == "1970-01-01T02:46:40+00:00" and body["version"]
    assert "Nguyễn" not in str(body)


def test_paper_state_reads_the_printer_part():
    reg = ProbeRegistry()
    reg.register("printer", lambda: failing("printer", "The ticket printer is out of paper.", paper="unknown"))
    assert paper_state(reg.run()) == "out"
    assert paper_state(ProbeRegistry().run()) == "unknown"


def test_a_failing_facts_source_still_sends_the_beat():
    reg = ProbeRegistry(kiosk_id="K03")

    def broken():
        raise OSError("queue busy")
    beat = Heartbeat(reg, HospitalSettings(url="http://127.0.0.1:9/his/v1", api_key="k"), 30, facts=broken)
    body = beat.payload(reg.run())
    beat.stop()
    assert "queue" not in body and body["printer"] == {"paper": "unknown"}
